// The test kit's saved keys (issue 23 part 6): exportTestKeys / importTestKeys round-trip, refuse production
// shapes, and let one process mint tokens for a `dsop-guard serve` in another, through mock issuers started by
// the runnable example in docs/testing.md (run as it is written there).
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ConfigError, localKeySet, verifyToken } from '@dsop-guard/core';
import {
  createTestKeys,
  createTokenFactory,
  exportTestKeys,
  importTestKeys,
  signToken,
  TEST_KEYS_FORMAT,
} from '@dsop-guard/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/runCli.js';
import { type ServeProcess, startServe } from '../fixtures/serveProcess.js';

const mp = createTestKeys({ kid: 'mp-1', modulusLength: 2048 });
const altinn = createTestKeys({ x5t: true });

describe('exportTestKeys / importTestKeys', () => {
  it('round-trips: the imported keys are the exported ones (kid, x5t, JWK), and sign what the originals verify', async () => {
    const [a, b] = importTestKeys(exportTestKeys([mp, altinn]));
    if (a === undefined || b === undefined) throw new Error('two keys');
    expect(a.kid).toBe('mp-1');
    expect(a.x5t).toBeUndefined();
    expect(a.jwks).toEqual(mp.jwks);
    expect(b.x5t).toBe(altinn.x5t);
    expect(b.jwks).toEqual(altinn.jwks);
    expect(importTestKeys(exportTestKeys(mp))).toHaveLength(1);
    const now = 1_764_000_000;
    const token = signToken({
      keys: a,
      payload: { iss: 'https://test.maskinporten.no/', exp: now + 60, iat: now },
    });
    const keys = localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mp.jwks });
    expect((await verifyToken(token, { keys, now })).isOk()).toBe(true);
  });

  it('writes a format no one takes for a real key store: markers and a warning, no PEM armour, no JWK set', () => {
    const text = exportTestKeys([mp, altinn]);
    const file = JSON.parse(text);
    expect(file).toMatchObject({ format: TEST_KEYS_FORMAT, version: 1, testOnly: true });
    expect(file.warning).toMatch(/^TEST KEYS ONLY/);
    expect(text).not.toContain('BEGIN');
    expect(text).not.toContain('"kty"');
    expect(Object.keys(file.keys[0]).sort()).toEqual(['kid', 'testOnlyPkcs8', 'x5t']);
  });

  it('reads nothing else: a PEM key, a JWK set, unmarked JSON, a key that is not RSA are ConfigErrors', () => {
    const pem = mp.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const exported = JSON.parse(exportTestKeys(mp));
    const ed = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'der' })
      .toString('base64');
    const cases: [string, string][] = [
      [pem, 'testKeys'],
      [JSON.stringify(mp.jwks), 'testKeys'],
      [JSON.stringify({ ...exported, testOnly: false }), 'testKeys'],
      [JSON.stringify({ ...exported, format: 'jwks' }), 'testKeys'],
      [JSON.stringify({ ...exported, version: 2 }), 'testKeys.version'],
      [JSON.stringify({ ...exported, keys: [] }), 'testKeys.keys'],
      [
        JSON.stringify({ ...exported, keys: [{ ...exported.keys[0], testOnlyPkcs8: 'AAAA' }] }),
        'keys[0].testOnlyPkcs8',
      ],
      [
        JSON.stringify({ ...exported, keys: [{ ...exported.keys[0], testOnlyPkcs8: ed }] }),
        'keys[0].testOnlyPkcs8',
      ],
      [JSON.stringify({ ...exported, keys: [{ ...exported.keys[0], kid: '' }] }), 'keys[0].kid'],
    ];
    for (const [text, field] of cases) {
      let thrown: unknown;
      try {
        importTestKeys(text);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).field).toBe(field);
    }
  });
});

/** The ```ts block of docs/testing.md that starts with `// <name>`, as written there. */
function docBlock(name: string): string {
  const doc = readFileSync(join(repoRoot, 'docs/testing.md'), 'utf8');
  const start = doc.indexOf(`\`\`\`ts\n// ${name}`);
  if (start === -1) throw new Error(`docs/testing.md has no block ${name}`);
  const from = start + '```ts\n'.length;
  return doc.slice(from, doc.indexOf('\n```', from));
}

describe('one process mints tokens for a serve in another (docs/testing.md, run as written)', () => {
  let dir: string;
  let issuers: ChildProcess;
  let serve: ServeProcess;

  beforeAll(async () => {
    // Under the repository, so that the example resolves @dsop-guard/* as a user's project does.
    dir = mkdtempSync(join(repoRoot, 'test/.tmp-testkeys-'));
    writeFileSync(join(dir, 'test-keys.json'), exportTestKeys([mp, altinn]));
    writeFileSync(join(dir, 'mock-issuers.ts'), docBlock('mock-issuers.ts'));
    issuers = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(dir, 'mock-issuers.ts'), join(dir, 'test-keys.json')],
      { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [first] = await createInterface({ input: issuers.stdout as NodeJS.ReadableStream })
      [Symbol.asyncIterator]()
      .next()
      .then((r) => [r.value as string]);
    const urls = JSON.parse(first as string) as { maskinporten: string; altinn: string };
    expect(urls.maskinporten).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/jwk$/);
    serve = await startServe([
      ...['--preset', 'lanekassen-saldo', '--env', 'test', '--gateway', 'envoy', '--workers', '1'],
      ...['--maskinporten-jwks', urls.maskinporten, '--altinn-jwks', urls.altinn],
    ]);
  }, 120_000);
  afterAll(async () => {
    await serve?.stop();
    issuers?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('allows a token pair minted here from the saved keys, and denies one signed by another key', async () => {
    const [maskinportenKeys, altinnKeys] = importTestKeys(readFileSync(join(dir, 'test-keys.json'), 'utf8'));
    if (maskinportenKeys === undefined || altinnKeys === undefined) throw new Error('two keys');
    const tokens = createTokenFactory({ maskinportenKeys, altinnKeys, now: Math.floor(Date.now() / 1000) });
    const ask = (authorization: string) =>
      fetch(`${serve.url}/saldo/v1/Accounts`, {
        headers: {
          Authorization: authorization,
          'Consent-ID': tokens.altinn2Consent(),
          'PSU-ID': tokens.person,
        },
      });
    const allowed = await ask(tokens.direct());
    expect(allowed.status).toBe(200);
    const stranger = createTokenFactory({
      maskinportenKeys: createTestKeys({ kid: 'mp-1' }),
      altinnKeys,
      now: Math.floor(Date.now() / 1000),
    });
    const denied = await ask(stranger.direct());
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { reasons: string[] }).reasons).toEqual(['signature_invalid']);
  }, 60_000);
});
