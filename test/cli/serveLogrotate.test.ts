// docs/gateways.md's logrotate snippet (the block fenced `gateway=logrotate`), run by the real logrotate (scripts/logrotate.sh installs it when this is
// root with apt-get) against `dsop-guard serve` with two workers: the moved files keep what was written, the
// primary's SIGHUP makes every worker open a new file at its path, the new files receive the next records, and
// each worker's chain runs on across the two files, whole. Without logrotate the test does its rename and SIGHUP
// by hand, and says so.
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { DecisionRecord } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys } from '../adapters/table.js';
import { recordsOf, tempDir, verify } from '../audit/support.js';
import { startServe } from '../fixtures/serveProcess.js';
import { docConfig, fill } from '../gateway/docConfig.js';

const LOGROTATE = process.env['LOGROTATE_PATH'] ?? '/usr/sbin/logrotate';
/** A check on a connection of its own, so that the cluster hands each to the next worker. */
function check(url: string, requestId: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { 'X-Request-Id': requestId } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

const decisions = (file: string): DecisionRecord[] =>
  recordsOf(file).filter((r): r is DecisionRecord => r.kind === 'decision');

describe('dsop-guard serve: logrotate and SIGHUP', { timeout: 120_000 }, () => {
  it("docs/gateways.md's snippet: the moved files keep their records, the new files get the next ones, each chain whole", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mp.json'), JSON.stringify(mpKeys.jwks));
    writeFileSync(join(dir, 'altinn.json'), JSON.stringify(altinnKeys.jwks));
    const serve = await startServe([
      ...['--preset', 'lanekassen-saldo', '--env', 'test', '--gateway', 'envoy', '--workers', '2'],
      ...['--maskinporten-jwks', join(dir, 'mp.json'), '--altinn-jwks', join(dir, 'altinn.json')],
      ...['--audit', join(dir, 'decisions.jsonl'), '--chain-id', 'rot'],
    ]);
    try {
      for (let i = 0; i < 6; i += 1) expect(await check(`${serve.url}/`, `before-${i}`)).toBe(400); // no token: a deny, recorded
      const files = [1, 2].map((w) => join(dir, `decisions-w${w}.jsonl`));
      for (const file of files) expect(decisions(file).length).toBeGreaterThan(0);

      const pid = serve.child.pid as number;
      // The block fenced `gateway=logrotate`, with only its path and its signal's target replaced.
      const config = fill(docConfig('logrotate'), {
        '/var/log/dsop-guard/': `${dir}/`,
        'systemctl kill --signal=HUP --kill-who=main dsop-guard.service': `kill -HUP ${pid}`,
      });
      if (existsSync(LOGROTATE)) {
        writeFileSync(join(dir, 'logrotate.conf'), config);
        const run = spawnSync(LOGROTATE, ['-f', '-s', join(dir, 'state'), join(dir, 'logrotate.conf')], {
          encoding: 'utf8',
        });
        expect(run.status, run.stderr).toBe(0);
      } else {
        console.warn(`no logrotate at ${LOGROTATE} (scripts/logrotate.sh installs it): rotating by hand`);
        for (const file of files) renameSync(file, `${file}.1`);
        process.kill(pid, 'SIGHUP');
      }
      await serve.waitFor(/reopening the decision logs \(SIGHUP\)/);
      for (const file of files) expect(existsSync(`${file}.1`)).toBe(true);

      // The workers reopen once the primary's SIGHUP reaches them: until then a record may still go to `.1`.
      let i = 0;
      await expect
        .poll(
          async () => {
            await check(`${serve.url}/`, `after-${i++}`);
            return files.every((file) => existsSync(file) && decisions(file).length > 0);
          },
          { timeout: 20_000, interval: 100 },
        )
        .toBe(true);
      for (const file of files) {
        const moved = decisions(`${file}.1`);
        const next = decisions(file);
        expect(moved.some((r) => r.requestId?.startsWith('before-'))).toBe(true);
        expect(next.every((r) => r.requestId?.startsWith('after-'))).toBe(true);
        // The chain runs on: the new file's first record links to the moved file's last.
        const last = recordsOf(`${file}.1`).at(-1) as DecisionRecord;
        const first = recordsOf(file)[0] as DecisionRecord;
        expect(first.chain).toMatchObject({ id: last.chain.id, seq: last.chain.seq + 1, prev: last.hash });
      }
      const report = verify(files.flatMap((file) => [`${file}.1`, file]));
      expect(report.whole).toBe(true);
      expect(report.chains.map((c) => c.id).sort()).toEqual(['rot/w1', 'rot/w2']);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });
});
