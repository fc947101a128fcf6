import type { PersonDataOptions } from '@dsop-guard/core';
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
import { signRequest } from './support/sign.js';

const policy = referencePolicy();
const timeout = propertyTimeout(40);

/** Where a caller or a token may put the person's number besides PSU-ID. */
const requestIdAround = (fnr: string): fc.Arbitrary<string> =>
  fc.constantFrom(
    fnr,
    `req-${fnr}`,
    `${fnr}-1764000000123`,
    `${fnr}1764000000123`,
    `x${fnr}y`,
    `${fnr},${fnr}`,
  );

const protectedModes = fc.constantFrom<PersonDataOptions>(
  { mode: 'mask' },
  { mode: 'pseudonymise', key: 'a-pseudonymisation-key-of-32-bytes' },
);

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
      .record({ requestId: requestIdAround(plan.person.value), other: personId(), pid: fc.boolean() })
      .map(({ requestId, other, pid }) => ({
        ...plan,
        requestId,
        maskinporten: {
          ...plan.maskinporten,
          claims: {
            ...plan.maskinporten.claims,
            ...(pid ? { pid: plan.person.value, jti: `jti-${other.value}` } : {}),
          },
        },
      })),
  );

describe('verdicts keep personal data and tokens out', () => {
  it(
    'no fødselsnummer from the input appears unmasked in a serialised verdict (mask, pseudonymise)',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(requestWithPerson, protectedModes, async (plan, personData) => {
          const signed = signRequest(plan);
          const verdict = await engineFor(policy, plan.clockTolerance, personData).evaluate(signed.input);
          const text = JSON.stringify(verdict);
          const numbers = new Set([
            plan.person.value,
            ...(typeof plan.psuId === 'string' ? [plan.psuId] : []),
          ]);
          for (const n of numbers) if (/^[0-9]{11}$/.test(n)) expect(text).not.toContain(n);
        }),
        fcOptions(),
      );
    },
  );

  it('no raw token appears in a serialised verdict, in any personData mode', { timeout }, async () => {
    await fc.assert(
      fc.asyncProperty(
        requestWithPerson,
        fc.constantFrom<PersonDataOptions>(
          { mode: 'mask' },
          { mode: 'clear' },
          { mode: 'pseudonymise', key: 'a-pseudonymisation-key-of-32-bytes' },
        ),
        fc.boolean(),
        async (plan, personData, tokenInRequestId) => {
          const signed = signRequest(plan);
          const input = tokenInRequestId
            ? { ...signed.input, requestId: signed.maskinportenToken }
            : signed.input;
          const verdict = await engineFor(policy, plan.clockTolerance, personData).evaluate(input);
          const text = JSON.stringify(verdict);
          for (const token of [signed.maskinportenToken, signed.consentToken]) {
            if (token === undefined) continue;
            const [header, payload, signature] = token.split('.') as [string, string, string];
            expect(text).not.toContain(token);
            expect(text).not.toContain(`${header}.${payload}`);
            if (signature.length > 20) expect(text).not.toContain(signature);
          }
        },
      ),
      fcOptions(),
    );
  });
});
