// dsop-guard demo: two issuers on loopback (Maskinporten-like and Altinn-like, real HTTP servers serving
// RFC 8414 metadata and a JWKS), six token pairs, one verdict line each, judged by the Lånekassen saldo
// policy for TEST. Run it with `pnpm demo`.
import { createEngine, remoteKeySet } from '@dsop-guard/core';
import { createTestKeys, createTokenFactory, startMockIssuer } from '@dsop-guard/core/testing';
import { explain, preset } from '@dsop-guard/rules';

const now = Math.floor(Date.now() / 1000);
const mpKeys = createTestKeys({ kid: 'demo-maskinporten-1' });
const altinnKeys = createTestKeys({ x5t: true });
const forgerKeys = createTestKeys({ kid: 'demo-maskinporten-1' });

const lanekassen = preset('lanekassen-saldo', 'test');
const maskinporten = await startMockIssuer({ keys: [mpKeys], issuer: lanekassen.issuer });
const altinn = await startMockIssuer({
  keys: [altinnKeys],
  issuer: 'https://tt02.altinn.no/',
  jwksPath: '/api/metadata/jwk',
});

const engine = createEngine({
  policy: lanekassen.policy,
  maskinporten: { keys: remoteKeySet({ issuer: lanekassen.issuer, metadataUrl: maskinporten.metadataUrl }) },
  consent: {
    keys: remoteKeySet({
      issuer: lanekassen.consentIssuer,
      metadataUrl: altinn.metadataUrl,
      metadataIssuer: 'https://tt02.altinn.no/',
      matchX5t: true,
    }),
  },
});

const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });
const forger = createTokenFactory({ maskinportenKeys: forgerKeys, altinnKeys, now });
const supplier = tokens.supplierOrgno;

const cases: readonly [string, string, string][] = [
  ['valid direct pair', tokens.direct(), tokens.altinn2Consent()],
  [
    'valid supplier pair (Altinn delegation)',
    tokens.supplier(),
    tokens.altinn2Consent({ handledBy: supplier }),
  ],
  ['expired consent', tokens.direct(), tokens.altinn2Consent({ claims: { ValidToDate: now - 3600 } })],
  [
    'consent CoveredBy another organisation',
    tokens.direct(),
    tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
  ],
  ['forged Maskinporten signature', forger.direct(), tokens.altinn2Consent()],
  ['wrong scope', tokens.direct({ claims: { scope: 'skatteetaten:inntekt' } }), tokens.altinn2Consent()],
];

console.log(
  `dsop-guard demo: policy ${lanekassen.policy.id}@${lanekassen.policy.version} (sha256 ${lanekassen.policy.sha256.slice(0, 12)}…)`,
);
console.log(`Maskinporten-like issuer at ${maskinporten.url}, Altinn-like issuer at ${altinn.url}\n`);
try {
  for (const [name, maskinportenToken, consentToken] of cases) {
    const verdict = await engine.evaluate({
      maskinportenToken,
      consentToken,
      person: tokens.person,
      requestId: name,
      now,
    });
    const reasons = verdict.reasons.length === 0 ? '' : `  [${verdict.reasons.join(', ')}]`;
    console.log(`${verdict.decision.toUpperCase().padEnd(5)}  ${name}${reasons}`);
    if (process.argv.includes('--explain')) console.log(`${explain(verdict)}\n`);
  }
} finally {
  await Promise.all([maskinporten.close(), altinn.close()]);
}
