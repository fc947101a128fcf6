import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys, tokens } from '../adapters/table.js';
import { recordsOf, tempDir } from '../audit/support.js';
import { type ServeProcess, startServe } from '../fixtures/serveProcess.js';

// Issue 21, finding 7: docs/audit.md tells logrotate users to send SIGHUP after moving a decision log, but
// `dsop-guard serve` had no SIGHUP handler, so logrotate's postrotate killed the service without a word. Fix: the
// primary passes SIGHUP on to every worker, and each worker reopens its decision log at the configured path.

describe('regression: SIGHUP reopens the decision logs and keeps serve running', { timeout: 90_000 }, () => {
  let serve: ServeProcess;
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    writeFileSync(join(dir, 'mp.json'), JSON.stringify(mpKeys.jwks));
    writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));
    serve = await startServe([
      ...['--preset', 'lanekassen-saldo', '--env', 'test', '--gateway', 'envoy', '--workers', '2'],
      ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
      ...['--audit', join(dir, 'decisions.jsonl')],
    ]);
  }, 90_000);
  afterAll(async () => {
    await serve?.stop('SIGKILL');
  });

  /**
   * One check on a connection of its own, so that the cluster's round robin reaches both workers. Its tokens are
   * issued when it runs: serve reads the real clock, and a loaded machine may take minutes to get here.
   */
  const check = (id: string) =>
    new Promise<{ status: number }>((resolve, reject) => {
      const now = Math.floor(Date.now() / 1000);
      const headers = {
        Authorization: tokens.direct({ now }),
        'Consent-ID': tokens.altinn2Consent({ now }),
        'PSU-ID': tokens.person,
        'X-Request-Id': id,
      };
      get(`${serve.url}/saldo/v1/Accounts`, { agent: false, headers }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0 });
      }).on('error', reject);
    });
  const files = ['decisions-w1.jsonl', 'decisions-w2.jsonl'];
  const ids = (file: string) =>
    (recordsOf(join(dir, file)) as { requestId?: unknown }[]).map((r) => r.requestId);

  it('after logrotate moves the logs and sends SIGHUP, the next records land in new files at the configured paths', async () => {
    const workers = serve.workers();
    for (let i = 0; i < 4; i += 1) expect((await check(`before-${i}`)).status).toBe(200);
    await expect.poll(() => files.every((f) => ids(f).length > 0), { timeout: 10_000 }).toBe(true);
    for (const f of files) renameSync(join(dir, f), join(dir, `${f}.1`));
    serve.child.kill('SIGHUP');
    await serve.waitFor(/reopening the decision logs/);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => check(`after-${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    await expect
      .poll(() => files.every((f) => existsSync(join(dir, f)) && ids(f).length > 0), { timeout: 10_000 })
      .toBe(true);
    const after = files.flatMap(ids);
    expect(after.every((id) => String(id).startsWith('after-'))).toBe(true);
    expect(files.flatMap((f) => ids(`${f}.1`)).every((id) => String(id).startsWith('before-'))).toBe(true);
    expect(serve.child.exitCode).toBeNull();
    expect(serve.workers().sort()).toEqual(workers.sort());
    expect(serve.stderr()).not.toMatch(/exited/);
  });
});
