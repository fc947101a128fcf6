import { describe, expect, it } from 'vitest';
import { engineFor, FIXED_CLOCK } from '../properties/support/engines.js';
import { referencePolicy } from '../properties/support/referencePolicy.js';
import { sampleRequest, verdictOf } from './support.js';

// Found by "a verdict survives a JSON round trip unchanged" (engine.test.ts), seed 1221734360, shrunk to
// { maskinportenToken: 0n, now: -0 }: the verdict said evaluatedAt: -0, which JSON writes as 0.
// A claim written `-0` reached violation facts the same way. Fix: createEngine normalised `now`, and
// audit/protectOutcome.ts normalises numeric facts, with `+ 0`. Since then a `now` must be a plausible time
// (see implausibleTimeAllows.test.ts): -0 is refused as input and the verdict records the clock's time.

describe('regression: -0 never reaches a verdict (seed 1221734360)', () => {
  it('now: -0 is no time: refused, evaluatedAt is the clock’s, and the verdict survives JSON', async () => {
    const verdict = await engineFor(referencePolicy(), 10).evaluate({ maskinportenToken: 0n, now: -0 });
    expect(verdict.violations).toContainEqual(
      expect.objectContaining({ code: 'input_malformed', path: 'now' }),
    );
    expect(verdict.evaluatedAt).toBe(FIXED_CLOCK);
    expect(JSON.parse(JSON.stringify(verdict))).toStrictEqual(verdict);
  });

  it('a consent whose ValidToDate is written -0 is expired, and its fact survives JSON', async () => {
    const plan = sampleRequest({ consentKinds: ['altinn2'] });
    const consent = plan.consent?.claims ?? {};
    const raw = JSON.stringify({ ...consent, ValidToDate: 123_456_789 }).replace('123456789', '-0');
    const verdict = await verdictOf({
      ...plan,
      consent: { claims: consent, signing: { key: 'own', rawPayload: raw } },
    });
    expect(verdict.reasons).toEqual(['consent_expired']);
    expect(JSON.parse(JSON.stringify(verdict))).toStrictEqual(verdict);
  });
});
