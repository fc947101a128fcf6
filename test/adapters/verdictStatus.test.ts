import { defaultStatusCodes, verdictStatus } from '@dsop-guard/adapters';
import '@dsop-guard/adapters/express';
import '@dsop-guard/adapters/fastify';
import { type ReasonCode, reasonCodes, type Verdict, type Violation } from '@dsop-guard/core';
import type { Request as ExpressRequest } from 'express';
import type { FastifyRequest } from 'fastify';
import { describe, expect, expectTypeOf, it } from 'vitest';

function deny(...violations: [ReasonCode, string?][]): Verdict {
  const list: Violation[] = violations.map(([code, ruleId = 'r']) => ({ code, ruleId, path: '' }));
  return {
    decision: 'deny',
    reasons: [...new Set(list.map((v) => v.code))],
    violations: list,
    outcomes: [],
    subject: { consumer: null, supplier: null, delegation: 'unknown', person: null },
    tokens: { maskinporten: null, consent: null },
    consentSource: null,
    policy: { id: 'p', version: '1', sha256: '' },
    evaluatedAt: 0,
    requestId: null,
  };
}

describe('the status table', () => {
  it('is total over the reason codes, and every deny is a 4xx or 5xx', () => {
    expectTypeOf(defaultStatusCodes).toEqualTypeOf<Readonly<Record<ReasonCode, number>>>();
    expect(Object.keys(defaultStatusCodes).sort()).toEqual([...reasonCodes].sort());
    for (const code of reasonCodes) expect(verdictStatus(deny([code]))).toBeGreaterThanOrEqual(400);
  });

  it('follows the DSOP convention: 400 headers, 401 Maskinporten token, 403 consent, 503 unreachable, 500 broken', () => {
    expect(
      (
        ['token_missing', 'signature_invalid', 'consent_expired', 'keys_unavailable', 'rule_error'] as const
      ).map((c) => verdictStatus(deny([c]))),
    ).toEqual([400, 401, 403, 503, 500]);
  });

  it('a 401 code found while verifying the consent token is a 403', () => {
    expect(verdictStatus(deny(['signature_invalid', 'verify.consent']))).toBe(403);
    expect(verdictStatus(deny(['keys_unavailable', 'verify.consent']))).toBe(503);
  });

  it('several statuses: 400 before 500 before 503 before 401 before 403, whatever the order', () => {
    const order: [ReasonCode, number][] = [
      ['person_missing', 400],
      ['rule_error', 500],
      ['consent_store_unavailable', 503],
      ['issuer_mismatch', 401],
      ['consent_expired', 403],
    ];
    for (let i = 0; i < order.length; i += 1) {
      const rest = order.slice(i);
      const expected = rest[0]?.[1];
      expect(verdictStatus(deny(...rest.map(([c]): [ReasonCode] => [c])))).toBe(expected);
      expect(verdictStatus(deny(...[...rest].reverse().map(([c]): [ReasonCode] => [c])))).toBe(expected);
    }
  });

  it('an allow is 200; a deny with no violation is 500', () => {
    expect(verdictStatus({ ...deny(), decision: 'allow' })).toBe(200);
    expect(verdictStatus(deny())).toBe(500);
  });
});

describe('the types a route handler sees', () => {
  it('request.dsopVerdict on Express and Fastify', () => {
    expectTypeOf<ExpressRequest['dsopVerdict']>().toEqualTypeOf<Verdict | undefined>();
    expectTypeOf<FastifyRequest['dsopVerdict']>().toEqualTypeOf<Verdict | null | undefined>();
  });
});
