import { createEngine, type Decision, type KeySet } from '@dsop-guard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcOptions, propertyTimeout, singleFault, validRequest } from '../arbitraries/index.js';
import { FIXED_CLOCK } from './support/engines.js';
import { propertyKeys } from './support/keys.js';
import { referencePolicy } from './support/referencePolicy.js';
import { signRequest } from './support/sign.js';

// The request path answers at once while its key sets do (localKeySet always, remoteKeySet while its cached keys
// serve), and through promises when one does not (a custom set, a fetch). Law: the path taken is invisible.
// Engines over the same keys, answering at once, through a promise, through a promise for one issuer only, and
// through a custom set that throws, judge every request, valid or with any one fault, alike.

const keys = propertyKeys();
const policy = referencePolicy();
const later = (set: KeySet): KeySet => ({
  issuer: set.issuer,
  resolve: async (selector) => set.resolve(selector),
  state: () => set.state?.() ?? { state: 'unknown', ageSeconds: null },
});
const engine = (maskinporten: KeySet, consent: KeySet, clockTolerance = 10) =>
  createEngine({
    policy,
    maskinporten: { keys: maskinporten },
    consent: { keys: consent },
    clockTolerance,
    clock: () => FIXED_CLOCK,
  });
const [mpNow, altinnNow] = [keys.maskinportenSet, keys.altinnSet];
const engines = [
  engine(mpNow, altinnNow),
  engine(later(mpNow), later(altinnNow)),
  engine(later(mpNow), altinnNow),
  engine(mpNow, later(altinnNow)),
];
const comparable = (d: Decision) => ({ ...d, ruleErrors: d.ruleErrors.map((e) => e.errorClass) });

describe('the request path at once and through promises', () => {
  it(
    'key sets that answer at once or later give every request the same decision, evidence included',
    { timeout: propertyTimeout(40) },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            validRequest(),
            validRequest().chain((plan) => singleFault(plan).map((f) => f.plan)),
          ),
          async (plan) => {
            const { input } = signRequest(plan);
            const [first, ...rest] = await Promise.all(engines.map((e) => e.decide(input)));
            for (const other of rest)
              expect(comparable(other as Decision)).toEqual(comparable(first as Decision));
            // judge: the same decision, without a promise when the key sets answer at once.
            const judged = engines.map((e) => e.judge(input));
            expect(judged[0]).not.toBeInstanceOf(Promise);
            for (const other of await Promise.all(judged))
              expect(comparable(other)).toEqual(comparable(first as Decision));
          },
        ),
        fcOptions(),
      );
    },
  );

  it('a key set that throws instead of answering: a deny with a code, never a throw or a rejection', async () => {
    const throwing: KeySet = {
      issuer: mpNow.issuer,
      resolve: () => {
        throw new Error('a broken custom key set');
      },
    };
    const rejecting: KeySet = { issuer: mpNow.issuer, resolve: () => Promise.reject(new Error('gone')) };
    const plan = fc.sample(validRequest({ consentKinds: ['altinn2'] }), { numRuns: 1, seed: 7 })[0];
    if (plan === undefined) throw new Error('no request generated');
    const { input } = signRequest(plan);
    const t = plan.clockTolerance;
    expect((await engine(mpNow, altinnNow, t).evaluate(input)).decision).toBe('allow');
    for (const broken of [throwing, rejecting]) {
      const brokenConsent = { ...broken, issuer: altinnNow.issuer };
      for (const e of [engine(broken, altinnNow, t), engine(mpNow, brokenConsent, t)]) {
        const decided = e.decide(input);
        expect(decided).toBeInstanceOf(Promise);
        const { verdict } = await decided;
        expect(verdict.decision).toBe('deny');
        expect(verdict.reasons).toEqual(['rule_error']);
        const judged = await e.judge(input);
        expect([judged.verdict.decision, judged.verdict.reasons]).toEqual(['deny', ['rule_error']]);
      }
    }
  });
});
