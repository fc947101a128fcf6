// pnpm bench runs this once per comparison (a fresh process each), compiled: `node scripts/bench/.out/verdicts.js <cold|mix|rules|memory>`.
import { createGuard } from '@dsop-guard/adapters';
import type { Claims, Decision } from '@dsop-guard/core';
import { importJWK, jwtVerify } from 'jose';
import {
  altinnKeys,
  cycle,
  decodeConsent,
  decodeMaskinporten,
  floor,
  handCheck,
  keys,
  lanekassen,
  mpKeys,
  now,
  pool,
  tokens,
} from './fixtures.js';
import { type Case, measure, table } from './harness.js';

const person = tokens.person;
const guard = createGuard({ preset: lanekassen, keys });
const check = (maskinportenToken: string, consentToken: string) =>
  guard.check({ maskinportenToken, consentToken, person, now });

function expect(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark input is not what it claims: ${what}`);
}

async function cold(): Promise<string> {
  const pairs = pool(4000, () => [tokens.direct(), tokens.altinn2Consent()] as const);
  const [mp0, c0] = pairs[0] as readonly [string, string];
  expect((await check(mp0, c0)).decision === 'allow', 'guard allows a valid pair');
  expect(floor(mp0, c0, person), 'the floor allows a valid pair');
  const mpJose = await importJWK(mpKeys.publicJwk as never, 'RS256');
  const altinnJose = await importJWK(altinnKeys.publicJwk as never, 'RS256');
  const viaJose = async (mp: string, consent: string) => {
    const a = await jwtVerify(mp, mpJose, { algorithms: ['RS256'], currentDate: new Date(now * 1000) });
    const b = await jwtVerify(consent, altinnJose, {
      algorithms: ['RS256'],
      currentDate: new Date(now * 1000),
    });
    return handCheck(a.payload as never, b.payload as never, person, now);
  };
  expect(await viaJose(mp0, c0), 'jose + hand check allows a valid pair');
  const [floorPair, josePair, guardPair] = [cycle(pairs), cycle(pairs), cycle(pairs)];
  const cases: Case[] = [
    {
      name: 'a floor (2× node:crypto verify + decode + hand check)',
      op: () => floor(...floorPair(), person),
    },
    { name: 'b jose jwtVerify ×2 + hand check', op: () => viaJose(...josePair()) },
    { name: 'c dsop-guard cold (distinct pairs, no cache hit)', op: () => check(...guardPair()) },
  ];
  const rows = await measure(cases);
  return table(rows, {
    [cases[1]?.name as string]: cases[0]?.name as string,
    [cases[2]?.name as string]: cases[0]?.name as string,
  });
}

async function mix(): Promise<string> {
  const mpToken = tokens.direct();
  const consents = pool(4000, () => tokens.altinn2Consent());
  expect((await check(mpToken, consents[0] as string)).decision === 'allow', 'guard allows the mix');
  const mp = decodeMaskinporten(mpToken);
  expect(floor(mpToken, consents[0] as string, person, mp), 'the floor allows the mix');
  const [floorNext, guardNext] = [cycle(consents), cycle(consents)];
  const cases: Case[] = [
    {
      name: 'd-floor (1 verify + decode + hand check; MP claims decoded once)',
      op: () => floor(mpToken, floorNext(), person, mp),
    },
    {
      name: 'd dsop-guard realistic mix (MP token reused, fresh consent)',
      op: () => check(mpToken, guardNext()),
    },
  ];
  const rows = await measure(cases);
  return table(rows, { [cases[1]?.name as string]: cases[0]?.name as string });
}

async function rules(): Promise<string> {
  const mpToken = tokens.direct();
  const consentToken = tokens.altinn2Consent();
  const engineOf = (await import('@dsop-guard/core')).createEngine;
  const engine = engineOf({
    policy: lanekassen.policy,
    maskinporten: { keys: keys.maskinporten },
    consent: { keys: keys.consent },
  });
  const decision: Decision = await engine.decide({ maskinportenToken: mpToken, consentToken, person, now });
  expect(decision.verdict.decision === 'allow', 'the preset allows');
  const claims = decision.claims as Claims;
  const context = { now, clockTolerance: 10 };
  const rule = lanekassen.policy.rule;
  const rulesOnly = () => {
    const o =
      rule.evaluateSync === undefined ? rule.evaluate(claims, context) : rule.evaluateSync(claims, context);
    return o;
  };
  const first = await rulesOnly();
  expect(first.status === 'pass' && (first.children?.length ?? 0) >= 14, 'every rule recorded, all pass');
  const mp = decodeMaskinporten(mpToken) as Record<string, unknown>;
  const consent = decodeConsent(consentToken);
  expect(handCheck(mp, consent, person, now), 'the hand check passes');
  const cases: Case[] = [
    { name: 'e-hand (hand-written check on decoded claims)', op: () => handCheck(mp, consent, person, now) },
    { name: 'e dsop-guard rules only (every outcome recorded)', op: rulesOnly },
  ];
  const cedar = await cedarCase(mp, consent as Record<string, unknown>);
  if (typeof cedar !== 'string') cases.push(cedar);
  const rows = await measure(cases);
  const ratios: Record<string, string> = { [cases[1]?.name as string]: cases[0]?.name as string };
  if (typeof cedar !== 'string') ratios[cedar.name] = cases[1]?.name as string;
  return `${table(rows, ratios)}${typeof cedar === 'string' ? `\n\nCedar: ${cedar}` : ''}`;
}

const CEDAR_RULES: Readonly<Record<string, string>> = {
  issuer: 'context.mp.iss == "https://test.maskinporten.no/"',
  'token-type': 'context.mp.token_type == "Bearer"',
  'client-amr':
    '["private_key_jwt","virksomhetssertifikat","QCForESeal","CForESeal"].contains(context.mp.client_amr)',
  'token-lifetime': 'context.mp.exp - context.mp.iat <= 120 && context.now < context.mp.exp + 10',
  scope: 'context.mp.scopes.contains("lanekassen:lan/v1/saldoopplysninger")',
  consumer: 'context.mp.consumer like "0192:*"',
  'delegation-source': '!(context.mp has supplier)',
  pid: '!(context.mp has pid)',
  'consent-required': 'context has consent',
  'consent-issuer': 'context.consent.iss == "altinn.no"',
  'consumer-matches-consent': '"0192:" ++ context.consent.coveredBy == context.mp.consumer',
  'consent-validity':
    'context.consent.validTo > context.now && context.consent.validTo - context.consent.delegated <= 31622400',
  'consent-service': 'context.consent.services.contains("5498_1") && context.consent.hasNavn',
  person: 'context.consent.offeredBy == context.person',
};

/** The same conditions as Cedar policies parsed once: one forbid per rule (so every failing rule is reported) and one permit. */
async function cedarCase(
  mp: Record<string, unknown>,
  consent: Record<string, unknown>,
): Promise<Case | string> {
  try {
    const cedar = await import('@cedar-policy/cedar-wasm/nodejs');
    const forbids = Object.entries(CEDAR_RULES).map(
      ([id, when]) =>
        `@id("${id}") forbid(principal, action, resource) unless { ${when.replace(' ++ ', ' + ')} };`,
    );
    // Cedar has no string concatenation: compare the orgno part instead.
    const text = [
      'permit(principal, action, resource);',
      ...forbids.map((f) =>
        f.replace(
          '"0192:" + context.consent.coveredBy == context.mp.consumer',
          'context.consent.coveredById == context.mp.consumer',
        ),
      ),
    ].join('\n');
    const parsed = cedar.preparsePolicySet('bench', { staticPolicies: text });
    if (parsed.type !== 'success')
      return `the policy did not parse: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
    const op = () => {
      const services = consent['Services'] as string[];
      const scopes = typeof mp['scope'] === 'string' ? mp['scope'].split(' ') : [];
      const mpContext: Record<string, never> = {
        iss: mp['iss'],
        token_type: mp['token_type'],
        client_amr: mp['client_amr'],
        exp: mp['exp'],
        iat: mp['iat'],
        scopes,
        consumer: (mp['consumer'] as Record<string, unknown>)['ID'],
      } as never;
      const answer = cedar.statefulIsAuthorized({
        principal: { type: 'Client', id: 'c' },
        action: { type: 'Action', id: 'read' },
        resource: { type: 'Account', id: 'a' },
        preparsedPolicySetId: 'bench',
        entities: [],
        context: {
          now,
          person,
          mp: mpContext,
          consent: {
            iss: consent['iss'] as string,
            coveredById: `0192:${String(consent['CoveredBy'])}`,
            offeredBy: consent['OfferedBy'] as string,
            validTo: consent['ValidToDate'] as number,
            delegated: consent['DelegatedDate'] as number,
            services,
            hasNavn: services.some((s) => s.startsWith('5498_1_Navn=')),
          },
        },
      });
      return answer.type === 'success' && answer.response.decision === 'allow';
    };
    if (!op()) return 'the equivalent policy does not allow the valid request; not measured';
    return { name: 'e-cedar (cedar-wasm, policies parsed once, every forbid reported)', op };
  } catch (cause) {
    return `@cedar-policy/cedar-wasm did not load or run here: ${String(cause).slice(0, 200)}`;
  }
}

async function memory(): Promise<string> {
  const total = Number(process.argv[3] ?? 1_000_000);
  const mps = pool(2000, () => tokens.direct());
  const consents = pool(2000, () => tokens.altinn2Consent());
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return 'run with node --expose-gc';
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  let denied = 0;
  let heapAfterFirst = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < total; i += 1) {
    // Each bank's token serves 1000 requests; 2000 tokens pass through the 1000-entry cache, so it fills and evicts.
    const v = await check(
      mps[Math.floor(i / 1000) % mps.length] as string,
      consents[i % consents.length] as string,
    );
    if (v.decision !== 'allow') denied += 1;
    if (i + 1 === 10_000) heapAfterFirst = heap();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const after = heap();
  return [
    '| checks | heap after 10 000 | heap after all | ratio | denied | seconds |',
    '|---:|---:|---:|---:|---:|---:|',
    `| ${total.toLocaleString('en-US')} | ${(heapAfterFirst / 2 ** 20).toFixed(1)} MiB | ${(after / 2 ** 20).toFixed(1)} MiB | ${(after / heapAfterFirst).toFixed(3)} | ${denied} | ${seconds.toFixed(0)} |`,
  ].join('\n');
}

const which = process.argv[2] ?? 'cold';
const run = { cold, mix, rules, memory }[which];
if (run === undefined) throw new Error(`unknown comparison ${which}`);
console.log(await run());
