import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecisionRecord } from '@dsop-guard/core';
import { createReplayAggregator, replayRecord } from '@dsop-guard/report/replay';
import { preset } from '@dsop-guard/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Pins core's private sealRecord on purpose: a forged record must carry a correctly recomputed hash.
import { sealRecord } from '../../packages/core/src/audit/chainHash.js';
import { writeGuardDecisionLog } from '../fixtures/guardDecisionLog.js';
import { runCli } from '../fixtures/runCli.js';

// Issue 21 finding 5: replay took a record's `decision` and `reasons` as "before" without checking them against
// the record's own outcomes. A log resealed after denies were relabelled as allows, a policy step marked
// `skipped` with no failing step before it, or a deny relabelled `kind: "checkpoint"` all replayed clean (exit 0).
// Fix: "before" is recomputed from the recorded outcomes; a record whose decision or reasons disagree with them,
// a skipped policy step without an earlier failure, and a checkpoint carrying decision members are
// `inconsistent`: counted, named, and the log is not certified (exit 1).

const policy = preset('lanekassen-saldo', 'test').policy;
let dir: string;
let lines: string[];
let records: DecisionRecord[];

/** The records re-chained and resealed, as someone who edits a log and recomputes every hash would. */
function resealed(edited: readonly Record<string, unknown>[]): string {
  let prev: string | null = null;
  const out: string[] = [];
  for (const record of edited) {
    const { hash: _old, ...body } = record;
    const chain = { ...(body['chain'] as object), prev };
    const sealed = sealRecord({ ...body, chain });
    prev = sealed.hash;
    out.push(sealed.line);
  }
  return `${out.join('\n')}\n`;
}

const index = (pred: (r: DecisionRecord) => boolean): number => records.findIndex(pred);
const policyDeny = (r: DecisionRecord) =>
  r.decision === 'deny' && r.outcomes.some((o) => o.ruleId === 'policy' && o.status === 'fail');

function edit(i: number, change: (r: Record<string, unknown>) => void): Record<string, unknown>[] {
  const copy = records.map((r) => structuredClone(r) as unknown as Record<string, unknown>);
  change(copy[i] as Record<string, unknown>);
  return copy;
}

const relabelled = (r: Record<string, unknown>) => {
  r['decision'] = 'allow';
  r['reasons'] = [];
};
const policySkipped = (r: Record<string, unknown>) => {
  r['outcomes'] = (r['outcomes'] as { ruleId: string }[]).map((o) =>
    o.ruleId === 'policy' ? { ruleId: 'policy', status: 'skipped' } : o,
  );
};
const asCheckpoint = (r: Record<string, unknown>) => {
  r['kind'] = 'checkpoint';
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-replay-inconsistent-'));
  await writeGuardDecisionLog(join(dir, 'decisions.jsonl'));
  lines = readFileSync(join(dir, 'decisions.jsonl'), 'utf8').trim().split('\n');
  records = lines.map((l) => JSON.parse(l) as DecisionRecord);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('regression: replay recomputes the recorded decision from the recorded outcomes', () => {
  it.each([
    ['a policy deny relabelled as an allow', relabelled],
    [
      'a policy deny with other reasons',
      (r: Record<string, unknown>) => {
        r['reasons'] = ['scope_missing'];
      },
    ],
    ['a policy deny with its policy step marked skipped', policySkipped],
    ['a policy deny relabelled as a checkpoint', asCheckpoint],
  ])('%s is inconsistent', async (_, change) => {
    const i = index(policyDeny);
    const record = edit(i, change)[i];
    await expect(Promise.resolve(replayRecord(record, policy))).resolves.toEqual({
      kind: 'unreplayable',
      reason: 'inconsistent',
    });
  });

  it('an allow whose policy step is marked skipped (nothing failed before it) is inconsistent', async () => {
    const i = index((r) => r.decision === 'allow');
    await expect(Promise.resolve(replayRecord(edit(i, policySkipped)[i], policy))).resolves.toEqual({
      kind: 'unreplayable',
      reason: 'inconsistent',
    });
  });

  it('the aggregator counts a resealed relabelled record, and a decision relabelled as a checkpoint, as inconsistent', () => {
    const i = index(policyDeny);
    for (const change of [relabelled, asCheckpoint]) {
      const replay = createReplayAggregator({ policy });
      const text = resealed(edit(i, change)).trim().split('\n');
      text.forEach((t, n) => void replay.push(t, { file: 'f', line: n + 1 }));
      const { replay: found, integrity } = replay.result();
      expect(integrity.whole).toBe(true);
      expect(found.totals.records).toBe(records.length);
      expect(found.unreplayable).toEqual([
        {
          key: 'inconsistent',
          count: 1,
          samples: [{ chain: 'test-gw-1', seq: i + 1, file: 'f', line: i + 1 }],
        },
      ]);
    }
  });

  it(
    'the CLI: a resealed log with a relabelled deny exits 1 and says the log is not certified',
    { timeout: 60_000 },
    async () => {
      const file = join(dir, 'resealed.jsonl');
      writeFileSync(file, resealed(edit(index(policyDeny), relabelled)));
      const run = await runCli([
        'replay',
        '--preset',
        'lanekassen-saldo',
        '--env',
        'test',
        file,
        '--out',
        join(dir, 'out'),
      ]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('1 inconsistent');
      expect(run.stdout).toMatch(/not certified/);
      expect(run.stdout).toContain(`${file}:${index(policyDeny) + 1}`);
    },
  );
});
