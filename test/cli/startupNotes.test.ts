// Issue 25, start-up warnings: `dsop-guard serve` says once at start (the primary, not each worker) how persons
// appear in the decision log, whether its checkpoints are signed, which keys are loaded from where (a URL without
// its query, a file path) and the egress; never a key, a token or a proxy's user info. (`check --audit` says the
// same: test/cli/cliAudit.test.ts.)
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mpKeys } from '../adapters/table.js';
import { checkpointKeys, tempDir } from '../audit/support.js';
import { type ServeProcess, startServe } from '../fixtures/serveProcess.js';

const started: ServeProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop('SIGKILL')));
});

const notesOf = (serve: ServeProcess): string[] =>
  serve
    .stderr()
    .split('\n')
    .filter((l) => /^dsop-guard serve: (decision log|checkpoints|keys|egress)\b/.test(l));

describe('serve says at start, once, what its decision log and its keys are', { timeout: 90_000 }, () => {
  it('masked persons, signed checkpoints, a key file and the preset consent keys, a proxy without its user info', async () => {
    const dir = tempDir();
    const jwks = join(dir, 'mp.json');
    writeFileSync(jwks, JSON.stringify(mpKeys.jwks));
    const keys = checkpointKeys();
    const serve = await startServe(
      [
        ...['--preset', 'lanekassen-saldo', '--env', 'test', '--gateway', 'nginx', '--workers', '2'],
        ...['--maskinporten-jwks', jwks, '--audit', join(dir, 'decisions.jsonl'), '--checkpoint-every', '50'],
        ...['--proxy', 'http://egress:pr0xy-pw@127.0.0.1:3128'],
      ],
      { DSOP_GUARD_SIGNING_KEY: keys.privateKey, DSOP_GUARD_AUDIT_KEY: '', HTTPS_PROXY: '', HTTP_PROXY: '' },
    );
    started.push(serve);
    const notes = notesOf(serve);
    expect(notes.slice(0, 3)).toEqual([
      `dsop-guard serve: decision log ${join(dir, 'decisions-w<n>.jsonl')}: persons masked and not correlatable across records (no DSOP_GUARD_AUDIT_KEY)`,
      'dsop-guard serve: checkpoints: signed every 50 records (key from DSOP_GUARD_SIGNING_KEY)',
      `dsop-guard serve: keys maskinporten: ${jwks} (file; issuer https://test.maskinporten.no/)`,
    ]);
    expect(notes.slice(3)).toEqual([
      expect.stringMatching(
        /^dsop-guard serve: keys consent: https:\/\/[^\s?]+ \(jwks, via http:\/\/\*\*\*@127\.0\.0\.1:3128; issuer \S+\)$/,
      ),
      'dsop-guard serve: egress: https via http://***@127.0.0.1:3128 (--proxy), http via http://***@127.0.0.1:3128 (--proxy)',
    ]);
    expect(serve.stderr()).not.toMatch(/pr0xy-pw|egress:pr0xy|PRIVATE KEY/);
  });

  it('pseudonymised persons, unsigned checkpoints, no decision log at all', async () => {
    const dir = tempDir();
    const jwks = join(dir, 'mp.json');
    writeFileSync(jwks, JSON.stringify(mpKeys.jwks));
    const base = ['--preset', 'lanekassen-saldo', '--env', 'test', '--gateway', 'nginx', '--workers', '1'];
    const key = 'an-audit-key-for-the-startup-notes-test';
    const [logged, bare] = await Promise.all([
      startServe([...base, '--maskinporten-jwks', jwks, '--audit', join(dir, 'd.jsonl')], {
        DSOP_GUARD_AUDIT_KEY: key,
        DSOP_GUARD_AUDIT_KEY_ID: 'k-2026',
        DSOP_GUARD_SIGNING_KEY: '',
      }),
      startServe([...base, '--maskinporten-jwks', jwks]),
    ]);
    started.push(logged, bare);
    expect(notesOf(logged).slice(0, 2)).toEqual([
      `dsop-guard serve: decision log ${join(dir, 'd-w<n>.jsonl')}: persons pseudonymised with key id k-2026 (DSOP_GUARD_AUDIT_KEY): correlatable across records, and reversible by whoever holds the key`,
      'dsop-guard serve: checkpoints: not signed (no --signing-key-file or DSOP_GUARD_SIGNING_KEY): a rewrite of the whole log would not show',
    ]);
    expect(logged.stderr()).not.toContain(key);
    expect(notesOf(bare)[0]).toBe('dsop-guard serve: decision log: none (no --audit)');
    expect(notesOf(bare).some((l) => l.startsWith('dsop-guard serve: checkpoints'))).toBe(false);
  });
});
