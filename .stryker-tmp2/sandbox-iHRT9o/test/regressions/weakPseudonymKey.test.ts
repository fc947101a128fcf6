// @ts-nocheck
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, createAuditTrail, protectPersonalData } from '@dsop-guard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mpKeys, now, tokens } from '../adapters/table.js';
import { runCli } from '../fixtures/runCli.js';

// Issue 21 finding 6: pseudonymisation keys of 16 characters were accepted, and so was the example key the docs
// print. Whoever holds the key can compute the pseudonym of every valid fødselsnummer (about 23 million) and so
// reverse every pseudonym in about a minute on one core. Fix: at least 32 bytes of key material, the docs' and
// the demo's example keys refused (ConfigError; in the CLI a usage error naming DSOP_GUARD_AUDIT_KEY).

const sinks = [{ name: 'none', write: () => undefined }];
const field = (build: () => unknown): string | undefined => {
  try {
    build();
    return undefined;
  } catch (e) {
    return e instanceof ConfigError ? e.field : 'not a ConfigError';
  }
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-weak-key-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('regression: a pseudonymisation key is 32 bytes or more, and not the docs example', () => {
  const refused = [
    ['31 characters', 'k'.repeat(31)],
    ['15 two-byte characters and one byte (31 bytes)', `${'ø'.repeat(15)}k`],
    ['31 bytes', new Uint8Array(31)],
    ['the docs example', 'a-pseudonymisation-key-of-32-ch'],
    ['the demo key', 'demo-pseudonymisation-key-not-for-production'],
  ] as const;

  it.each(refused)('refuses %s, in the engine and in the audit trail', (_, key) => {
    expect(field(() => protectPersonalData({ mode: 'pseudonymise', key }))).toBe('personData.key');
    expect(field(() => createAuditTrail({ sinks, pseudonymKey: { id: 'k', key } }))).toBe('pseudonymKey.key');
  });

  it('takes 32 bytes, as text or bytes', () => {
    for (const key of ['k'.repeat(32), 'ø'.repeat(16), new Uint8Array(32)]) {
      expect(field(() => protectPersonalData({ mode: 'pseudonymise', key }))).toBeUndefined();
      expect(field(() => createAuditTrail({ sinks, pseudonymKey: { id: 'k', key } }))).toBeUndefined();
    }
  });

  it(
    'the CLI: a short DSOP_GUARD_AUDIT_KEY is a usage error naming it (exit 2)',
    { timeout: 60_000 },
    async () => {
      const jwks = join(dir, 'mp-jwks.json');
      writeFileSync(jwks, JSON.stringify(mpKeys.jwks));
      const run = await runCli(
        [
          'check',
          '--preset',
          'lanekassen-saldo',
          '--env',
          'test',
          '--maskinporten-jwks',
          jwks,
          '--now',
          String(now),
          '--audit',
          join(dir, 'decisions.jsonl'),
          '--maskinporten-token',
          tokens.direct(),
        ],
        { env: { DSOP_GUARD_AUDIT_KEY: 'an-audit-key-for-the-cli-test' } },
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('DSOP_GUARD_AUDIT_KEY: must be at least 32 bytes');
    },
  );
});
