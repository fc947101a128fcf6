import { createGuard } from '@dsop-guard/adapters';
import {
  type AuditSink,
  all,
  createAuditTrail,
  type DecisionRecord,
  definePolicy,
  defineRule,
  pass,
  type Rule,
} from '@dsop-guard/core';
import { replayRecord } from '@dsop-guard/report/replay';
import { beforeAll, describe, expect, it } from 'vitest';
import { guardOptions, lanekassen, tokens } from '../adapters/table.js';

// replayRecord fails closed: whatever a record holds and whatever a rule does, it answers with a kind and a
// reason, never a throw or a rejection, and never an allow it cannot stand behind.

let allowed: DecisionRecord;

beforeAll(async () => {
  const lines: string[] = [];
  const sink: AuditSink = { name: 'memory', write: (line) => void lines.push(line) };
  const { consentStore: _none, ...options } = guardOptions();
  const guard = createGuard({ ...options, audit: createAuditTrail({ sinks: [sink], chainId: 'unit' }) });
  const verdict = await guard.check({
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent(),
    person: tokens.person,
  });
  expect(verdict.decision).toBe('allow');
  allowed = JSON.parse(lines[0] as string) as DecisionRecord;
});

const policy = lanekassen.policy;
const withRoot = (rule: Rule) => definePolicy({ id: 'x', version: '1', rule });
const edited = (edit: (r: Record<string, unknown>) => void) => (): unknown => {
  const copy = structuredClone(allowed) as unknown as Record<string, unknown>;
  edit(copy);
  return copy;
};

describe('replayRecord fails closed', () => {
  it('replays a genuine record to the same allow', async () => {
    const result = await replayRecord(allowed, policy);
    expect(result).toMatchObject({ kind: 'replayed', after: { decision: 'allow', reasons: [] } });
  });

  it('replays a person number written with a separator (recorded facts: not eleven digits) to the same deny', async () => {
    const lines: string[] = [];
    const sink: AuditSink = { name: 'memory', write: (line) => void lines.push(line) };
    const { consentStore: _none, ...options } = guardOptions();
    const key = { id: 'k1', key: 'a-pseudonymisation-key-of-32-bytes' };
    const guard = createGuard({ ...options, audit: createAuditTrail({ sinks: [sink], pseudonymKey: key }) });
    const written = `${tokens.person.slice(0, 6)} ${tokens.person.slice(6)}`;
    const verdict = await guard.check({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: written,
    });
    expect(verdict.reasons).toContain('person_invalid');
    expect(lines[0]).not.toContain(written);
    const result = await replayRecord(JSON.parse(lines[0] as string), policy);
    expect(result).toMatchObject({ kind: 'replayed', after: { decision: 'deny', reasons: verdict.reasons } });
  });

  it.each([
    ['null', () => null, 'not_a_record'],
    ['a string', () => 'decision', 'not_a_record'],
    ['a checkpoint', () => ({ kind: 'checkpoint', recordVersion: 1 }), 'not_a_record'],
    [
      'another version',
      edited((r) => {
        r['recordVersion'] = 2;
      }),
      'record_version',
    ],
    [
      'outcomes not a list',
      edited((r) => {
        r['outcomes'] = 'all passed';
      }),
      'malformed',
    ],
    [
      'an outcome without a status',
      edited((r) => {
        r['outcomes'] = [{ ruleId: 'policy' }];
      }),
      'malformed',
    ],
    [
      'a decision of neither kind',
      edited((r) => {
        r['decision'] = 'maybe';
      }),
      'malformed',
    ],
    [
      'evaluatedAt not a number',
      edited((r) => {
        r['evaluatedAt'] = '1764000000';
      }),
      'malformed',
    ],
    [
      'no policy step',
      edited((r) => {
        r['outcomes'] = [];
      }),
      'no_policy_step',
    ],
    [
      'no snapshot',
      edited((r) => {
        r['snapshot'] = null;
      }),
      'no_snapshot',
    ],
    [
      'a snapshot without claims',
      edited((r) => {
        r['snapshot'] = { people: {} };
      }),
      'malformed',
    ],
    [
      'a negative clock tolerance',
      edited((r) => {
        (r['snapshot'] as Record<string, unknown>)['clockTolerance'] = -5;
      }),
      'malformed',
    ],
  ])('%s is unreplayable, with its reason', async (_name, record, reason) => {
    await expect(Promise.resolve(replayRecord(record(), policy))).resolves.toEqual({
      kind: 'unreplayable',
      reason,
    });
  });

  it('an outcome tree nested past any real depth is malformed, not a stack overflow', async () => {
    let deep: Record<string, unknown> = { ruleId: 'leaf', status: 'pass' };
    for (let i = 0; i < 10_000; i += 1) deep = { ruleId: `n${i}`, status: 'pass', children: [deep] };
    const record = edited((r) => {
      r['outcomes'] = [deep];
    })();
    await expect(Promise.resolve(replayRecord(record, policy))).resolves.toEqual({
      kind: 'unreplayable',
      reason: 'malformed',
    });
  });

  it('a root rule that throws, rejects or answers junk denies with rule_error', async () => {
    const roots: Rule[] = [
      {
        ...all([defineRule({ id: 'anything', check: pass })]),
        evaluate: () => Promise.reject(new Error('boom')),
        evaluateSync: () => {
          throw new Error('boom');
        },
      },
      {
        ...all([defineRule({ id: 'anything', check: pass })]),
        evaluate: () => Promise.reject(new Error('boom')),
        evaluateSync: undefined as never,
      },
      { ...all([defineRule({ id: 'anything', check: pass })]), evaluateSync: () => undefined as never },
    ];
    for (const root of roots) {
      const result = await replayRecord(allowed, withRoot(root));
      expect(result.kind).toBe('replayed');
      if (result.kind === 'replayed') {
        expect(result.after.decision).toBe('deny');
        expect(result.after.reasons).toEqual(['rule_error']);
      }
    }
  });

  it('a claim snapshot of the wrong types inside reaches the rules as data: they deny, nothing throws', async () => {
    const record = edited((r) => {
      const s = r['snapshot'] as Record<string, Record<string, unknown>>;
      (s['maskinporten'] as Record<string, unknown>)['consumer'] = 42;
      (s['maskinporten'] as Record<string, unknown>)['scopes'] = [{ not: 'a scope' }];
    })();
    const result = await replayRecord(record, policy);
    expect(result.kind).toBe('replayed');
    if (result.kind === 'replayed') expect(result.after.decision).toBe('deny');
  });
});
