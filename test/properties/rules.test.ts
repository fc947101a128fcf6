import {
  type Claims,
  type Consent,
  normalizeAltinn2Consent,
  normalizeMaskinporten,
  type Rule,
} from '@dsop-guard/core';
import {
  consentValidityRule,
  consumerMatchesConsentRule,
  consumerRule,
  parseOrgno,
  parsePersonId,
  personRule,
  scopeRule,
  tokenLifetimeRule,
} from '@dsop-guard/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clockTolerance,
  fcOptions,
  hasValidPersonChecksum,
  invalidOrgno,
  invalidPersonId,
  isValidOrgno,
  now,
  orgRefOf,
  personId,
  SALDO_SCOPE,
  scopeClaim,
  skew,
  validOrgno,
} from '../arbitraries/index.js';

// Rule-level laws: each built-in rule against the test's own reading of the invariant it enforces, over the
// claim space the arbitraries generate (no tokens, no signing: thousands of cases a second).

function claimsOf(
  mp: Record<string, unknown>,
  consent?: Record<string, unknown>,
  person?: string,
): Claims | undefined {
  const m = normalizeMaskinporten(mp);
  if (m.isErr()) return undefined;
  let c: Consent | undefined;
  if (consent !== undefined) {
    const n = normalizeAltinn2Consent(consent);
    if (n.isErr()) return undefined;
    c = n.value;
  }
  return { maskinporten: m.value, consent: c, request: { person, requestId: undefined } };
}

const passes = async (rule: Rule, claims: Claims, t = 1_764_000_000, tolerance = 10): Promise<boolean> =>
  (await rule.evaluate(claims, { now: t, clockTolerance: tolerance })).status === 'pass';

describe('built-in rules agree with the independent reading of their invariant', () => {
  it('scopeRule grants exactly when the scope claim is in the RFC 6749 grammar and holds the scope as a token', async () => {
    const rule = scopeRule({ scopes: [SALDO_SCOPE] });
    const grammar = /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/;
    await fc.assert(
      fc.asyncProperty(scopeClaim(SALDO_SCOPE), async (scope) => {
        const claims = claimsOf({ scope: scope.value });
        const grammatical = typeof scope.value === 'string' && grammar.test(scope.value);
        const granted = grammatical && (scope.value as string).split(' ').includes(SALDO_SCOPE);
        expect(grammatical).toBe(scope.grammatical);
        expect(granted).toBe(scope.grants);
        // Off the grammar (or not a string), the claims never reach the rule: normalisation refuses them.
        if (claims === undefined) expect(grammatical).toBe(false);
        else expect(await passes(rule, claims)).toBe(granted);
      }),
      fcOptions(),
    );
  });

  it('consumerRule accepts exactly an iso6523 0192:<MOD11-valid orgno> consumer', async () => {
    const rule = consumerRule();
    const id = fc.oneof(
      validOrgno().map((o) => `0192:${o}`),
      invalidOrgno().map((i) => (typeof i.value === 'string' ? `0192:${i.value}` : String(i.value))),
      validOrgno().map((o) => `9908:${o}`),
      validOrgno().map((o) => `0192:${o}:x`),
      validOrgno(),
    );
    await fc.assert(
      fc.asyncProperty(id, fc.constantFrom('iso6523-actorid-upis', 'iso6523', ''), async (ID, authority) => {
        const claims = claimsOf({ consumer: { authority, ID } });
        if (claims === undefined) return;
        const expected =
          authority === 'iso6523-actorid-upis' && ID.startsWith('0192:') && isValidOrgno(ID.slice(5));
        expect(await passes(rule, claims)).toBe(expected);
        expect(parseOrgno(ID.slice(5)).valid).toBe(isValidOrgno(ID.slice(5)));
      }),
      fcOptions(),
    );
  });

  it('consumerMatchesConsentRule passes exactly when consumer.ID is 0192: + CoveredBy', async () => {
    const rule = consumerMatchesConsentRule();
    await fc.assert(
      fc.asyncProperty(
        validOrgno(),
        fc.oneof(
          validOrgno(),
          invalidOrgno().map((i) => i.value),
        ),
        fc.boolean(),
        async (consumer, coveredBy, same) => {
          const covered = same ? consumer : coveredBy;
          const claims = claimsOf({ consumer: orgRefOf(consumer) }, { CoveredBy: covered });
          if (claims === undefined) return;
          expect(await passes(rule, claims)).toBe(covered === consumer);
        },
      ),
      fcOptions(),
    );
  });

  it('personRule accepts a generated person id exactly when its kinds are allowed, and rejects every invalid one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          personId().map((p) => ({ value: p.value as unknown, valid: p })),
          invalidPersonId().map((i) => ({ value: i.value, valid: undefined })),
        ),
        fc.subarray(['fnr', 'dnr', 'hnr', 'tenor', 'dolly'] as const, { minLength: 1 }),
        fc.constantFrom('legacy' as const, 'legacy+2032' as const),
        async ({ value, valid }, allow, checksum) => {
          const person = typeof value === 'string' ? value : undefined;
          const claims = claimsOf({}, { OfferedBy: person ?? 'x' }, person);
          if (claims === undefined) return;
          const ok = await passes(personRule({ allow, checksum }), claims);
          if (valid === undefined) expect(ok).toBe(false);
          else {
            const kindsOk =
              valid.kinds.some((k) => allow.includes(k)) &&
              (valid.kinds.length === 1 ||
                (valid.kinds.includes('dnr') ? valid.kinds.every((k) => allow.includes(k)) : true));
            const checksumOk = checksum === 'legacy+2032' || valid.checksum === 'legacy';
            expect(ok).toBe(kindsOk && checksumOk);
            if (ok) expect(hasValidPersonChecksum(valid.value, checksum === 'legacy+2032')).toBe(true);
            expect(parsePersonId(valid.value, { allow: ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'] }).valid).toBe(
              true,
            );
          }
        },
      ),
      fcOptions(),
    );
  });

  it('consentValidityRule: a consent passes exactly when validTo + tolerance > now, at every boundary', async () => {
    const rule = consentValidityRule();
    await fc.assert(
      fc.asyncProperty(
        now(),
        clockTolerance().chain((t) => fc.tuple(fc.constant(t), skew(t))),
        async (t, [tolerance, offset]) => {
          const claims = claimsOf({}, { ValidToDate: t + offset });
          if (claims === undefined) throw new Error('consent did not normalise');
          expect(await passes(rule, claims, t, tolerance)).toBe(t + offset + tolerance > t);
        },
      ),
      fcOptions(),
    );
  });

  it('tokenLifetimeRule: passes exactly when iat <= now + tolerance and exp - iat <= 120', async () => {
    const rule = tokenLifetimeRule();
    await fc.assert(
      fc.asyncProperty(
        now(),
        clockTolerance().chain((t) => fc.tuple(fc.constant(t), skew(t), fc.integer({ min: -5, max: 400 }))),
        async (t, [tolerance, iatOffset, lifetime]) => {
          const iat = t + iatOffset;
          const claims = claimsOf({ iat, exp: iat + lifetime });
          if (claims === undefined) throw new Error('claims did not normalise');
          expect(await passes(rule, claims, t, tolerance)).toBe(iat <= t + tolerance && lifetime <= 120);
        },
      ),
      fcOptions(),
    );
  });
});
