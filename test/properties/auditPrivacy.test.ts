import {
  type AuditSink,
  type AuditTrailOptions,
  createAuditTrail,
  type Decision,
  type DecisionRecord,
} from '@dsop-guard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fcOptions,
  personId,
  propertyTimeout,
  type RequestPlan,
  singleFault,
  validRequest,
} from '../arbitraries/index.js';
import { engineFor } from './support/engines.js';
import { referencePolicy } from './support/referencePolicy.js';
import { type SignedRequest, signRequest } from './support/sign.js';

const policy = referencePolicy();
const timeout = propertyTimeout(40);
const pseudonymKey = { id: 'prop-key', key: 'a-pseudonymisation-key-of-32-bytes' };
const context = { transport: { adapter: 'property', route: null, method: null }, latencyMs: 1, timeMs: 0 };
const personFacts = () => ({ valid: true, kinds: ['fnr'], checksum: 'legacy' as const, reason: null });

/** A request (valid or with one fault) whose person number also sits in the request id and, sometimes, in claims. */
const requestWithPerson: fc.Arbitrary<RequestPlan> = fc
  .oneof(
    validRequest(),
    validRequest()
      .chain(singleFault)
      .map((f) => f.plan),
  )
  .chain((plan) =>
    fc
      .record({
        requestId: fc.constantFrom('', 'req-', 'x').map((p) => `${p}${plan.person.value}`),
        other: personId(),
        where: fc.constantFrom('none', 'pid', 'number', 'nested'),
      })
      .map(({ requestId, other, where }): RequestPlan => {
        const person = plan.person.value;
        const extra = {
          none: {},
          pid: { pid: person, jti: `jti-${other.value}` },
          number: { pnr: Number(person) },
          nested: { ext: { people: [person, { [person]: true }] } },
        }[where];
        return {
          ...plan,
          requestId,
          maskinporten: { ...plan.maskinporten, claims: { ...plan.maskinporten.claims, ...extra } },
        };
      }),
  );

/** A trail that keeps every line it writes. */
function recorder(options: Omit<AuditTrailOptions, 'sinks'>) {
  const lines: string[] = [];
  const sink: AuditSink = { name: 'memory', write: (line) => void lines.push(line) };
  const trail = createAuditTrail({ sinks: [sink], personFacts, ...options });
  return {
    record: async (decision: Decision): Promise<{ line: string; record: DecisionRecord }> => {
      const { record } = await trail.record(decision, context);
      return { line: lines.at(-1) as string, record: record as DecisionRecord };
    },
  };
}

async function decide(plan: RequestPlan): Promise<{ signed: SignedRequest; decision: Decision }> {
  const signed = signRequest(plan);
  const decision = await engineFor(policy, plan.clockTolerance).decide(signed.input);
  return { signed, decision };
}

function expectNoTokens(line: string, signed: SignedRequest): void {
  for (const token of [signed.maskinportenToken, signed.consentToken]) {
    if (token === undefined) continue;
    const [header, payload, signature] = token.split('.') as [string, string, string];
    expect(line).not.toContain(token);
    expect(line).not.toContain(`${header}.${payload}`);
    if (signature.length > 20) expect(line).not.toContain(signature);
  }
}

const protectedTrails = {
  mask: recorder({}),
  pseudonymise: recorder({ pseudonymKey }),
};

describe('decision records keep personal data and tokens out', () => {
  it(
    'no record holds a raw token, a signature or the clear person number (mask, pseudonymise)',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          requestWithPerson,
          fc.constantFrom('mask', 'pseudonymise') as fc.Arbitrary<keyof typeof protectedTrails>,
          fc.boolean(),
          async (plan, mode, tokenInRequestId) => {
            const { signed, decision } = await decide(
              tokenInRequestId ? { ...plan, requestId: signRequest(plan).maskinportenToken } : plan,
            );
            const { line, record } = await protectedTrails[mode].record(decision);
            expect(record.privacy.person).toBe(mode);
            expectNoTokens(line, signed);
            for (const n of [plan.person.value, plan.psuId])
              if (typeof n === 'string' && /^[0-9]{11}$/.test(n)) expect(line).not.toContain(n);
          },
        ),
        fcOptions(),
      );
    },
  );

  it("with person: 'clear' the record says so, and still holds no token", { timeout }, async () => {
    const clear = recorder({ person: 'clear' });
    await fc.assert(
      fc.asyncProperty(requestWithPerson, async (plan) => {
        const { signed, decision } = await decide(plan);
        const { line, record } = await clear.record(decision);
        expect(record.privacy).toEqual({ person: 'clear', keyId: null });
        expectNoTokens(line, signed);
      }),
      fcOptions(0.5),
    );
  });

  it(
    'with the same pseudonymKey, consent.offeredBy and request.person share a pseudonym exactly when their clear values are equal, across trails',
    { timeout },
    async () => {
      const [one, other] = [recorder({ pseudonymKey }), recorder({ pseudonymKey })];
      await fc.assert(
        fc.asyncProperty(requestWithPerson, fc.boolean(), async (plan, second) => {
          const { decision } = await decide(plan);
          const { record } = await (second ? other : one).record(decision);
          const offeredBy = decision.claims.consent?.offeredBy;
          const person = decision.claims.request.person;
          const snapshot = record.snapshot;
          if (snapshot === null || offeredBy === undefined || person === undefined) return;
          const same = snapshot.consent?.offeredBy === snapshot.request.person;
          expect(same).toBe(offeredBy === person);
        }),
        fcOptions(),
      );
    },
  );
});
