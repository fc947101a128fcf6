import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditReport } from '@dsop-guard/report';
import { describe, expect, it } from 'vitest';
import { checkpointKeys, recordsOf, reseal, signedLog, tempDir, writeLog } from '../audit/support.js';
import { runCli } from '../fixtures/runCli.js';

// Issue 21, finding 4: `report` and `replay` checked no checkpoint at all, so they certified a log rebuilt
// without its checkpoints. Fix: both take --public-key, --chains and --witness, run the same verification as
// `audit verify`, and refuse to certify a log that does not verify: exit 1, stated in the integrity section.

async function run(command: 'report' | 'replay', log: string, publicFile: string) {
  const out = join(tempDir(), command);
  const policy = command === 'replay' ? ['--preset', 'lanekassen-saldo', '--env', 'test'] : [];
  const result = await runCli([command, ...policy, '--public-key', publicFile, '--out', out, log]);
  const report = existsSync(join(out, 'report.json'))
    ? (JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReport)
    : undefined;
  const html = existsSync(join(out, 'index.html')) ? readFileSync(join(out, 'index.html'), 'utf8') : '';
  return { ...result, report, html };
}

describe(
  'regression: report and replay refuse to certify a log that does not verify',
  { timeout: 60_000 },
  () => {
    it.each([
      'report',
      'replay',
    ] as const)('%s: a signed log is certified; the same rebuilt without checkpoints is not', async (command) => {
      const keys = checkpointKeys();
      const signed = await signedLog(keys.privateKey, 4, 2);
      const good = await run(command, signed, keys.publicFile);
      expect(good.stderr).toBe('');
      expect(good.report?.integrity).toMatchObject({ whole: true, problemCount: 0 });
      expect(good.html).toContain('Signed checkpoints verified with key ed25519:');
      if (command === 'report') expect(good.code).toBe(0);

      const decisions = recordsOf(signed).filter((r) => r.kind === 'decision');
      const rebuilt = writeLog(
        reseal(
          decisions.map((r, i) => ({ ...r, chain: { ...r.chain, seq: i + 1 } })),
          null,
        ),
      );
      const bad = await run(command, rebuilt, keys.publicFile);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain('integrity problems, not certified');
      expect(bad.report?.integrity.whole).toBe(false);
      expect(bad.report?.integrity.problems.map((p) => p.kind)).toEqual(['unsigned_chain']);
      expect(bad.html).toContain('broken, not certified');
    });
  },
);
