import { createGuard } from '@dsop-guard/adapters';
import { type AuditSink, createAuditTrail, type DecisionRecord } from '@dsop-guard/core';
import { replayRecord } from '@dsop-guard/report/replay';
import { builtinRules } from '@dsop-guard/rules';
import { beforeAll, describe, expect, it } from 'vitest';
import { guardOptions, lanekassen, tokens } from '../adapters/table.js';

// Issue 21 finding 5: built-in rules read claims without checking their type. Live, normalisation gives every
// claim its type; in a replay the claims come from a record's snapshot, which may hold anything (a pseudonym
// string where a number was, a resealed log). `exp - iat` over a string is NaN, which exceeds no limit; a
// `validTo` string compares as a number; a `services` string matches by substring. Fix: every built-in rule
// declares the claims it reads and their types (ruleKit `reads`), and a claim of another type fails with
// `claim_invalid` at its path before the check runs: a rule never passes on one.

let allowed: DecisionRecord;
beforeAll(async () => {
  const lines: string[] = [];
  const sink: AuditSink = { name: 'memory', write: (line) => void lines.push(line) };
  const { consentStore: _none, ...options } = guardOptions();
  const guard = createGuard({ ...options, audit: createAuditTrail({ sinks: [sink] }) });
  const verdict = await guard.check({
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent(),
    person: tokens.person,
  });
  expect(verdict.decision).toBe('allow');
  allowed = JSON.parse(lines[0] as string) as DecisionRecord;
});

describe('regression: a built-in rule given a claim of the wrong type fails with claim_invalid', () => {
  it.each([
    ['maskinporten.iat', 'p:0123456789abcdef'],
    ['maskinporten.exp', '9999999999'],
    ['maskinporten.iss', 42],
    ['maskinporten.tokenType', ['Bearer']],
    ['maskinporten.clientAmr', { amr: 'private_key_jwt' }],
    ['maskinporten.scopes', [42]],
    ['maskinporten.consumer', { id: 42 }],
    ['maskinporten.pid', 1],
    ['consent.validTo', '99999999999'],
    ['consent.consentedAt', '1764000000'],
    ['consent.services', '5498_1 5498_1_Navn=Bank'],
    ['consent.coveredBy', 974760673],
    ['consent.offeredBy', 1],
    ['consent.iss', ['altinn.no']],
  ])('%s as %j: the replay denies with claim_invalid', async (path, value) => {
    const record = structuredClone(allowed) as unknown as {
      snapshot: Record<string, Record<string, unknown>>;
    };
    const [top, key] = path.split('.') as [string, string];
    (record.snapshot[top] as Record<string, unknown>)[key] = value;
    const result = await replayRecord(record, lanekassen.policy);
    expect(result.kind).toBe('replayed');
    if (result.kind !== 'replayed') return;
    expect(result.after.decision).toBe('deny');
    expect(result.after.reasons).toContain('claim_invalid');
  });

  it('every built-in rule that reads claims lists claim_invalid among its codes', () => {
    for (const [name, factory] of Object.entries(builtinRules)) {
      if (name === 'consent-required') continue; // reads only whether there is a consent
      expect(factory.meta.codes, name).toContain('claim_invalid');
    }
  });
});
