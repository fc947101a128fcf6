import { all, definePolicy, defineRule, fail, type Policy, pass } from '@dsop-guard/core';
import { parseOrgno, parsePersonId } from '@dsop-guard/rules';

// A policy written the way a security team writes custom rules: core's public API only. The core-level laws
// judge the engine (verification, normalisation, combinators, verdicts) with it; the rules-level laws use the
// built-in preset instead. Each rule is one DSOP invariant, with the code the built-in rules use for it.

/** Options of {@link referencePolicy}. */
export interface ReferencePolicyOptions {
  readonly issuer?: string;
  readonly scope?: string;
}

/** The DSOP invariants as six custom rules under one `all`. */
export function referencePolicy(options: ReferencePolicyOptions = {}): Policy {
  const issuer = options.issuer ?? 'https://test.maskinporten.no/';
  const scope = options.scope ?? 'lanekassen:lan/v1/saldoopplysninger';
  const rules = [
    defineRule({
      id: 'ref.issuer',
      check: (c) =>
        c.maskinporten.iss === issuer
          ? pass()
          : fail({
              code: 'issuer_mismatch',
              path: 'maskinporten.iss',
              expected: issuer,
              actual: c.maskinporten.iss ?? null,
            }),
    }),
    defineRule({
      id: 'ref.scope',
      check: (c) =>
        c.maskinporten.scopes.includes(scope)
          ? pass()
          : fail({ code: 'scope_missing', path: 'maskinporten.scope' }),
    }),
    defineRule({
      id: 'ref.consumer',
      check: (c) => {
        const ref = c.maskinporten.consumer;
        const ok =
          ref?.authority === 'iso6523-actorid-upis' && ref.icd === '0192' && parseOrgno(ref.value).valid;
        return ok
          ? pass()
          : fail({ code: 'consumer_invalid', path: 'maskinporten.consumer', actual: ref?.id ?? null });
      },
    }),
    defineRule({
      id: 'ref.consent',
      check: (c) => {
        const consent = c.consent;
        if (consent === undefined) return fail({ code: 'consent_missing', path: 'consent' });
        const expectedIss = consent.source === 'altinn2' ? 'altinn.no' : c.maskinporten.iss;
        if (consent.source !== 'stored' && consent.iss !== expectedIss)
          return fail({ code: 'consent_issuer_mismatch', path: 'consent.iss' });
        if (consent.coveredBy === undefined || consent.coveredBy !== c.maskinporten.consumer?.value)
          return fail({ code: 'consumer_mismatch', path: 'consent.coveredBy' });
        return pass();
      },
    }),
    defineRule({
      id: 'ref.consent-validity',
      check: (c, ctx) => {
        if (c.consent === undefined) return fail({ code: 'consent_missing', path: 'consent' });
        const validTo = c.consent.validTo;
        if (validTo === undefined) return fail({ code: 'consent_invalid', path: 'consent.validTo' });
        return validTo + ctx.clockTolerance > ctx.now
          ? pass()
          : fail({ code: 'consent_expired', path: 'consent.validTo', actual: validTo });
      },
    }),
    defineRule({
      id: 'ref.person',
      check: (c) => {
        const person = c.request.person;
        if (person === undefined) return fail({ code: 'person_missing', path: 'request.person' });
        if (!parsePersonId(person, { allow: ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'] }).valid)
          return fail({ code: 'person_invalid', path: 'request.person', actual: person });
        if (c.consent === undefined) return fail({ code: 'consent_missing', path: 'consent' });
        return c.consent.offeredBy === person
          ? pass()
          : fail({
              code: 'person_mismatch',
              path: 'consent.offeredBy',
              expected: person,
              actual: c.consent.offeredBy ?? null,
            });
      },
    }),
  ];
  return definePolicy({ id: 'reference/test', version: '1', rule: all(rules, { id: 'reference' }) });
}
