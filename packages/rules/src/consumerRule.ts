import type { OrgRef, ViolationInput } from '@dsop-guard/core';
import { parseOrgno } from './identifiers/index.js';
import { builtinRule, type RuleBaseOptions, resultOf } from './ruleKit.js';

const AUTHORITY = 'iso6523-actorid-upis';

/**
 * Options of {@link consumerRule}.
 *
 * @example
 * ```ts
 * const options: ConsumerRuleOptions = { allowedIcds: ['0192'] };
 * ```
 */
export interface ConsumerRuleOptions extends RuleBaseOptions {
  /**
   * The ISO 6523 ICDs accepted in `consumer.ID` and `supplier.ID`. For `0192` the ID must be exactly
   * `0192:<orgno>` with a MOD11-valid orgno; other listed ICDs need 2 to 4 non-empty colon-separated parts.
   * @defaultValue `['0192']`
   */
  readonly allowedIcds?: readonly string[];
}

/** 2 to 4 non-empty colon-separated parts, as `id.split(':')` would count them, without splitting. */
function wellFormed(id: string): boolean {
  let colons = 0;
  let last = -1; // the index of the last colon seen
  for (let i = id.indexOf(':'); i !== -1; i = id.indexOf(':', i + 1)) {
    if (i === last + 1) return false; // an empty part before this colon
    colons += 1;
    last = i;
  }
  return colons >= 1 && colons <= 3 && last !== id.length - 1;
}

function problem(
  ref: OrgRef | undefined,
  icds: readonly string[],
): { path: string; expected: string } | undefined {
  if (ref === undefined) return { path: '', expected: `{authority: ${AUTHORITY}, ID}` };
  if (ref.authority !== AUTHORITY) return { path: '.authority', expected: AUTHORITY };
  if (!wellFormed(ref.id) || ref.icd === undefined || !icds.includes(ref.icd)) {
    return { path: '.ID', expected: `ICD:value with ICD in ${icds.join(', ')}` };
  }
  if (ref.icd === '0192' && !(ref.value !== undefined && parseOrgno(ref.value).valid)) {
    return { path: '.ID', expected: '0192:<MOD11-valid orgno>' };
  }
  return undefined;
}

/**
 * The Maskinporten `consumer` must be `{authority: 'iso6523-actorid-upis', ID: '0192:<orgno>'}` with a
 * MOD11-valid orgno (`consumer_invalid`); a `supplier`, when present, the same (`supplier_invalid`). The ID
 * is parsed as ICD:value with 2 to 4 parts, never by a naive split. Default id `consumer`.
 *
 * @example
 * ```ts
 * import { consumerRule } from '@dsop-guard/rules';
 *
 * const rule = consumerRule(); // consumer.ID must look like 0192:910753614
 * ```
 */
export const consumerRule = builtinRule({
  name: 'consumer',
  summary:
    '`consumer` (and `supplier`, when present) is an `iso6523-actorid-upis` `0192:<orgno>` with a MOD11-valid orgno.',
  codes: ['consumer_invalid', 'supplier_invalid'],
  reads: { 'maskinporten.consumer': 'org', 'maskinporten.supplier': 'org' },
  options: {
    allowedIcds: {
      description: 'Accepted ISO 6523 ICDs; `0192` IDs must carry a MOD11-valid orgno.',
      default: ['0192'],
      type: 'array',
      items: { type: 'string', pattern: '^[0-9]{4}$' },
      minItems: 1,
      maxItems: 64,
    },
  },
  resolve: (o: ConsumerRuleOptions) => ({ allowedIcds: o.allowedIcds ?? ['0192'] }),
  check:
    ({ allowedIcds }) =>
    (claims) => {
      const { consumer, supplier } = claims.maskinporten;
      const violations: ViolationInput[] = [];
      const c = problem(consumer, allowedIcds);
      if (c !== undefined) {
        violations.push({
          code: 'consumer_invalid',
          path: `maskinporten.consumer${c.path}`,
          expected: c.expected,
          actual: c.path === '.authority' ? (consumer?.authority ?? null) : (consumer?.id ?? null),
        });
      }
      const s = supplier === undefined ? undefined : problem(supplier, allowedIcds);
      if (s !== undefined) {
        violations.push({
          code: 'supplier_invalid',
          path: `maskinporten.supplier${s.path}`,
          expected: s.expected,
          actual: s.path === '.authority' ? (supplier?.authority ?? null) : (supplier?.id ?? null),
        });
      }
      return resultOf(violations);
    },
});
