import { createGuard } from '@dsop-guard/adapters';
import {
  type AuditTrailOptions,
  all,
  callbackSink,
  createAuditTrail,
  type DecisionRecord,
  definePolicy,
  defineRule,
  type GuardEvent,
} from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { guardOptions, now, tokens } from '../adapters/table.js';

const pseudonymKey = { id: 'k-test', key: 'a-test-pseudonym-key-of-32-chars!' };

function recorded(extra: Partial<AuditTrailOptions> = {}) {
  const records: DecisionRecord[] = [];
  const audit = createAuditTrail({
    chainId: 'test-1',
    sinks: [callbackSink((r) => void (r.kind === 'decision' && records.push(r)))],
    ...extra,
  });
  return { records, audit };
}

const valid = {
  maskinportenToken: tokens.direct(),
  consentToken: tokens.altinn2Consent(),
  person: tokens.person,
  requestId: 'req-1',
};

describe('decision records: what a record holds', () => {
  it('an allow: policy, parties, tokens with key state, consent window, transport, privacy, chain', async () => {
    const { records, audit } = recorded({ pseudonymKey });
    const guard = createGuard(guardOptions({ audit }));
    const verdict = await guard.check(valid, { adapter: 'test', route: '/saldo/v1/Accounts', method: 'GET' });
    expect(verdict.decision).toBe('allow');
    const [r] = records;
    expect(r).toMatchObject({
      recordVersion: 1,
      kind: 'decision',
      evaluatedAt: now,
      requestId: 'req-1',
      decision: 'allow',
      reasons: [],
      policy: verdict.policy,
      subject: {
        consumer: `0192:${tokens.consumer}`,
        consumerOrgno: tokens.consumer,
        supplier: null,
        delegation: 'direct',
      },
      tokens: {
        maskinporten: { iss: 'https://test.maskinporten.no/', keys: { state: 'local', ageSeconds: null } },
        consent: { iss: 'altinn.no', keys: { state: 'local', ageSeconds: null } },
      },
      consent: { source: 'altinn2' },
      transport: { adapter: 'test', route: '/saldo/v1/Accounts', method: 'GET' },
      privacy: { person: 'pseudonymise', keyId: 'k-test' },
      chain: { id: 'test-1', seq: 1, prev: null },
    });
    expect(r?.consent?.validTo).toEqual(expect.any(Number));
    expect(r?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r?.outcomes.map((o) => o.ruleId)).toEqual(verdict.outcomes.map((o) => o.ruleId));
  });

  it('the person is pseudonymised, and the snapshot keeps OfferedBy = person as equal pseudonyms, with person facts', async () => {
    const { records, audit } = recorded({ pseudonymKey });
    await createGuard(guardOptions({ audit })).check(valid);
    const r = records[0] as DecisionRecord;
    expect(r.subject.person).toMatch(/^p:[0-9a-f]{16}$/);
    const snapshot = r.snapshot;
    expect(snapshot?.request.person).toBe(r.subject.person);
    expect(snapshot?.consent?.offeredBy).toBe(r.subject.person);
    expect(snapshot?.people[r.subject.person as string]).toEqual({
      valid: true,
      kinds: ['fnr'],
      checksum: 'legacy',
      reason: null,
    });
    expect(JSON.stringify(r)).not.toContain(tokens.person);
  });

  it('the same key gives the same pseudonym in two trails; without a key the person is masked and the snapshot key is ephemeral', async () => {
    const a = recorded({ pseudonymKey });
    const b = recorded({ pseudonymKey });
    await createGuard(guardOptions({ audit: a.audit })).check(valid);
    await createGuard(guardOptions({ audit: b.audit })).check(valid);
    expect(a.records[0]?.subject.person).toBe(b.records[0]?.subject.person);

    const masked = recorded();
    await createGuard(guardOptions({ audit: masked.audit })).check(valid);
    const r = masked.records[0] as DecisionRecord;
    expect(r.subject.person).toBe('*********57');
    expect(r.privacy).toEqual({ person: 'mask', keyId: expect.stringMatching(/^ephemeral:[0-9a-f]{12}$/) });
    expect(r.snapshot?.consent?.offeredBy).toBe(r.snapshot?.request.person);
  });

  it('a deny before verification has no snapshot, and a transport refusal is recorded too', async () => {
    const { records, audit } = recorded();
    const guard = createGuard(guardOptions({ audit }));
    await guard.check({ ...valid, maskinportenToken: 'not-a-token' });
    await guard.deny(
      { code: 'input_malformed', ruleId: 'http.person', path: 'psu-id' },
      { requestId: 'r-2' },
    );
    expect(records.map((r) => [r.decision, r.reasons, r.snapshot, r.chain.seq])).toEqual([
      ['deny', ['token_malformed'], null, 1],
      ['deny', ['input_malformed'], null, 2],
    ]);
    expect(records[1]?.chain.prev).toBe(records[0]?.hash);
  });

  it('a rule that throws: the record says rule_error only; the event carries the class and a masked message', async () => {
    const events: GuardEvent[] = [];
    const { records, audit } = recorded();
    const failing = defineRule({
      id: 'acme.db',
      check: () => {
        throw new TypeError(`db down: ECONNREFUSED for ${tokens.person}`);
      },
    });
    const { preset: _preset, ...options } = guardOptions({ audit, onEvent: (e) => events.push(e) });
    const guard = createGuard({
      ...options,
      policy: definePolicy({ id: 'acme', version: '1', rule: all([failing]) }),
    });
    const verdict = await guard.check(valid);
    expect(verdict.reasons).toEqual(['rule_error']);
    expect(JSON.stringify(records)).not.toContain('ECONNREFUSED');
    expect(events).toEqual([
      {
        type: 'rule.error',
        level: 'error',
        ruleId: 'acme.db',
        errorClass: 'TypeError',
        message: 'db down: ECONNREFUSED for *********57',
        policy: 'acme',
        requestId: 'req-1',
      },
    ]);
  });

  it('onDecision alone gets every record; a hook that throws denies the request with audit_unavailable', async () => {
    const seen: DecisionRecord[] = [];
    const guard = createGuard(guardOptions({ onDecision: (r) => void seen.push(r) }));
    expect((await guard.check(valid)).decision).toBe('allow');
    expect(seen).toHaveLength(1);
    const events: GuardEvent[] = [];
    const failing = createGuard(
      guardOptions({
        onDecision: () => {
          throw new Error('queue full');
        },
        onEvent: (e) => events.push(e),
      }),
    );
    const verdict = await failing.check(valid);
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons).toEqual(['audit_unavailable']);
    expect(events).toMatchObject([{ type: 'audit.sink_failed', sink: 'onDecision', seq: 1, failures: 1 }]);
  });

  it("under onFailure 'allow-and-alert' a failed write leaves the verdict and raises the event", async () => {
    const events: GuardEvent[] = [];
    const audit = createAuditTrail({
      sinks: [callbackSink(() => Promise.reject(new Error('down')))],
      onFailure: 'allow-and-alert',
      onEvent: (e) => events.push(e),
    });
    const verdict = await createGuard(guardOptions({ audit })).check(valid);
    expect(verdict.decision).toBe('allow');
    expect(audit.stats()).toEqual({ written: 0, failed: 1, seq: 1 });
    expect(events.map((e) => e.type)).toEqual(['audit.sink_failed']);
  });
});
