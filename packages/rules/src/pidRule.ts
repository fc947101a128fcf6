import { fail, pass } from '@dsop-guard/core';
import { builtinRule, type RuleBaseOptions } from './ruleKit.js';

/**
 * Options of {@link pidRule}.
 *
 * @example
 * ```ts
 * const options: PidRuleOptions = { required: true };
 * ```
 */
export interface PidRuleOptions extends RuleBaseOptions {
  /**
   * Whether every token must be person-restricted (carry `pid`). Without it, `pid` is checked only when present.
   * @defaultValue `false`
   */
  readonly required?: boolean;
}

/**
 * Person-restricted tokens: when `required`, or whenever the token carries `pid`, the `pid` must equal the
 * person the request is about (`pid_missing`, `pid_mismatch`). Facts never carry the number. Default id `pid`.
 *
 * @example
 * ```ts
 * import { pidRule } from '@dsop-guard/rules';
 *
 * const rule = pidRule({ required: true });
 * ```
 */
export const pidRule = builtinRule({
  name: 'pid',
  summary: 'A `pid` (required, or whenever present) equals the person the request is about.',
  codes: ['pid_missing', 'pid_mismatch'],
  reads: { 'maskinporten.pid': 'text', 'request.person': 'text' },
  options: {
    required: { description: 'Every token must carry `pid`.', default: false, type: 'boolean' },
  },
  resolve: (o: PidRuleOptions) => ({ required: o.required ?? false }),
  check:
    ({ required }) =>
    (claims) => {
      const pid = claims.maskinporten.pid;
      if (pid === undefined)
        return required ? fail({ code: 'pid_missing', path: 'maskinporten.pid' }) : pass();
      return pid === claims.request.person
        ? pass()
        : fail({ code: 'pid_mismatch', path: 'maskinporten.pid' });
    },
});
