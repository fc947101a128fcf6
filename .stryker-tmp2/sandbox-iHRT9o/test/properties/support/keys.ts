// @ts-nocheck
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localKeySet } from '@dsop-guard/core';
import type { TestKeys } from '@dsop-guard/core/testing';

/** The keys every property file shares. */
export interface PropertyKeys {
  /** Signs Maskinporten tokens; published in {@link PropertyKeys.maskinportenSet}. */
  readonly maskinporten: TestKeys;
  /** Signs Altinn 2 consent tokens (`kid` = `x5t`, as Altinn does); published in {@link PropertyKeys.altinnSet}. */
  readonly altinn: TestKeys;
  /** An attacker's key that reuses the Maskinporten `kid`. */
  readonly rogueMaskinporten: TestKeys;
  /** An attacker's key that reuses the Altinn `kid`. */
  readonly rogueAltinn: TestKeys;
  readonly maskinportenSet: ReturnType<typeof localKeySet>;
  readonly altinnSet: ReturnType<typeof localKeySet>;
}

// RSA key generation (~0.25 s a key) dominated short runs, and mutation testing reloads every test file for
// every mutant: the four keys are made once per machine and kept as PEM in the temp directory. They are test
// keys with no meaning anywhere else; delete the file to get new ones.
const CACHE = join(tmpdir(), 'dsop-guard-property-keys-v1.json');
const NAMES = ['maskinporten', 'altinn', 'rogueMaskinporten', 'rogueAltinn'] as const;

function privatePems(): Record<(typeof NAMES)[number], string> {
  try {
    const cached = JSON.parse(readFileSync(CACHE, 'utf8')) as Record<string, unknown>;
    if (NAMES.every((n) => typeof cached[n] === 'string'))
      return cached as Record<(typeof NAMES)[number], string>;
  } catch {
    // not cached yet
  }
  const made = Object.fromEntries(
    NAMES.map((n) => [
      n,
      // PEM from the generator itself: exporting the generated KeyObject deadlocks Node 20 now and then.
      generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      }).privateKey,
    ]),
  ) as Record<(typeof NAMES)[number], string>;
  const temp = `${CACHE}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(made), { mode: 0o600 });
  renameSync(temp, CACHE);
  return made;
}

/** A {@link TestKeys} (the shape `createTestKeys` returns) around an existing private key. */
function testKeys(pem: string, kid: string, withX5t: boolean): TestKeys {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const x5t = withX5t ? createHash('sha1').update(kid).digest('base64url') : undefined;
  const id = x5t ?? kid;
  const publicJwk = {
    kty: 'RSA',
    use: 'sig',
    alg: 'RS256',
    kid: id,
    n,
    e,
    ...(x5t === undefined ? {} : { x5t }),
  };
  return { kid: id, x5t, privateKey, publicKey, publicJwk, jwks: { keys: [publicJwk] } };
}

let cached: PropertyKeys | undefined;

/** The shared keys, read from the per-machine cache (or made) on first use. */
export function propertyKeys(): PropertyKeys {
  if (cached !== undefined) return cached;
  const pems = privatePems();
  const maskinporten = testKeys(pems.maskinporten, 'mp-1', false);
  const altinn = testKeys(pems.altinn, 'altinn-1', true);
  const rogueMaskinporten = testKeys(pems.rogueMaskinporten, 'mp-1', false);
  const rogueAltinn = testKeys(pems.rogueAltinn, altinn.kid, false);
  cached = {
    maskinporten,
    altinn,
    rogueMaskinporten,
    rogueAltinn,
    maskinportenSet: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: maskinporten.jwks }),
    altinnSet: localKeySet({ issuer: 'altinn.no', jwks: altinn.jwks, matchX5t: true }),
  };
  return cached;
}
