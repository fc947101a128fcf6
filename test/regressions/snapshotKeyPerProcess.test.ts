import { createGuard } from '@dsop-guard/adapters';
import { type AuditSink, createAuditTrail, type DecisionRecord } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { guardOptions, tokens } from '../adapters/table.js';

// Issue 21 finding 6: without a pseudonymKey, the claim snapshot was pseudonymised with one random key per
// process, so a "masked" log linked every decision about one person for the life of a worker (the same `p:…` in
// each of their records). Fix: without a key, every record's snapshot has a random key of its own.

/** Every pseudonym in a value. */
const pseudonyms = (value: unknown): Set<string> =>
  new Set(JSON.stringify(value).match(/p:[0-9a-f]{16}/g) ?? []);

async function twoRecords(options: { pseudonymKey?: { id: string; key: string } } = {}) {
  const lines: string[] = [];
  const sink: AuditSink = { name: 'memory', write: (line) => void lines.push(line) };
  const { consentStore: _none, ...guarded } = guardOptions();
  const guard = createGuard({ ...guarded, audit: createAuditTrail({ sinks: [sink], ...options }) });
  const input = {
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent(),
    person: tokens.person,
  };
  await guard.check(input);
  await guard.check(input);
  return lines.map((l) => JSON.parse(l) as DecisionRecord);
}

describe('regression: without a key, two records of the same person share no pseudonym', () => {
  it('each record has its own ephemeral key', async () => {
    const [a, b] = (await twoRecords()) as [DecisionRecord, DecisionRecord];
    const inA = pseudonyms(a.snapshot);
    expect(inA.size).toBeGreaterThan(0);
    expect([...pseudonyms(b.snapshot)].filter((p) => inA.has(p))).toEqual([]);
    expect(a.privacy.keyId).toMatch(/^ephemeral:[0-9a-f]{12}$/);
    expect(b.privacy.keyId).not.toBe(a.privacy.keyId);
    // Within one record equality survives: the consent's person is the request's.
    expect(a.snapshot?.consent?.offeredBy).toBe(a.snapshot?.request.person);
  });

  it('with a key, they do (so an auditor can correlate)', async () => {
    const [a, b] = (await twoRecords({
      pseudonymKey: { id: 'k', key: 'a-regression-test-key-of-32-bytes' },
    })) as [DecisionRecord, DecisionRecord];
    expect(a.snapshot?.request.person).toBe(b.snapshot?.request.person);
  });
});
