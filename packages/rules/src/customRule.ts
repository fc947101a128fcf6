import {
  type CodeDeclarations,
  ConfigError,
  type DefineRuleOptions,
  type ReasonCode,
} from '@dsop-guard/core';
import {
  builtinRule,
  ID_PATTERN,
  type OptionSchema,
  type RuleBaseOptions,
  type RuleFactory,
} from './ruleKit.js';

/**
 * What {@link customRule} builds a rule factory from.
 *
 * @example
 * ```ts
 * const spec: CustomRuleSpec<{ blocked: readonly string[] }> = {
 *   name: 'acme.blocked-consumers',
 *   summary: 'Denies consumers on a block list.',
 *   options: { blocked: { description: 'Orgnos to deny.', type: 'array', items: { type: 'string' } } },
 *   check: ({ blocked }) => (claims) => (blocked.includes(claims.maskinporten.consumer?.value ?? '') ? fail(…) : pass()),
 * };
 * ```
 */
export interface CustomRuleSpec<O extends object, R extends object = O> {
  /** The name a policy file uses (`rule: <name>`), the rule's kind, and its default id, e.g. `acme.blocked-consumers`. */
  readonly name: string;
  /** One sentence on what the rule checks. */
  readonly summary: string;
  /**
   * The rule's own codes (`<namespace>.<code>`), with their messages and statuses, as `defineRule` takes them.
   * @defaultValue none
   */
  readonly codes?: CodeDeclarations;
  /**
   * The built-in codes the rule may also fail with, e.g. `['custom_denied']`; recorded in `meta` only.
   * @defaultValue `[]`
   */
  readonly builtinCodes?: readonly ReasonCode[];
  /**
   * JSON Schema of each option; any other option is refused, as in a policy file.
   * @defaultValue `{}` (no options)
   */
  readonly options?: Readonly<Record<string, OptionSchema>>;
  /** @defaultValue `[]` */
  readonly required?: readonly string[];
  /**
   * Fills in defaults after the schema has passed; may throw `ConfigError`. Its result is recorded in the policy
   * fingerprint. Given the options without `id` and `mode`.
   * @defaultValue the options as given
   */
  readonly resolve?: (options: O) => R;
  /** The check for the resolved options: returns `pass()` or `fail(…)`, and may be async. */
  readonly check: (resolved: R) => DefineRuleOptions['check'];
}

/**
 * What {@link customRule} returns: a rule factory typed by its options for code, that takes anything (and checks
 * it) where `loadPolicy`'s `customRules` call it with a policy file's options.
 *
 * @example
 * ```ts
 * const factory: CustomRuleFactory<BlockedConsumersRuleOptions> = blockedConsumersRule;
 * factory.meta.declares; // { 'acme.consumer_blocked': { en: …, nb: … } }
 * ```
 */
export type CustomRuleFactory<O extends object> = RuleFactory<O & RuleBaseOptions>;

const NAME = new RegExp(ID_PATTERN);

/**
 * A custom rule factory for policy files and code alike, built as the built-in rules are: its options are
 * checked against their JSON Schema (unknown options refused, each error a `ConfigError` naming the field),
 * and the `id` and `mode` a policy file sets are passed to `defineRule` for you. Register it with
 * `loadPolicy(source, { customRules: { [name]: factory } })`, or call it in code.
 *
 * @example
 * ```ts
 * import { fail, pass } from '@dsop-guard/core';
 * import { customRule } from '@dsop-guard/rules';
 *
 * export const blockedConsumersRule = customRule({
 *   name: 'acme.blocked-consumers',
 *   summary: 'Denies consumers on a block list.',
 *   codes: { 'acme.consumer_blocked': { en: 'the consumer is blocked', nb: 'konsumenten er sperret' } },
 *   required: ['blocked'],
 *   options: { blocked: { description: 'Orgnos to deny.', type: 'array', items: { type: 'string' } } },
 *   check: ({ blocked }: { blocked: readonly string[] }) => (claims) =>
 *     blocked.includes(claims.maskinporten.consumer?.value ?? '')
 *       ? fail({ code: 'acme.consumer_blocked', path: 'maskinporten.consumer.ID' })
 *       : pass(),
 * });
 * blockedConsumersRule({ blocked: ['974760673'], mode: 'shadow' }).mode; // 'shadow'
 * ```
 */
export function customRule<R extends object, O extends object = R>(
  spec: CustomRuleSpec<O, R>,
): CustomRuleFactory<O> {
  if (typeof spec !== 'object' || spec === null) throw new ConfigError('customRule', 'must be an object');
  const { name } = spec;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ConfigError('customRule.name', `must match ${ID_PATTERN}, got ${JSON.stringify(name)}`);
  }
  if (typeof spec.check !== 'function') throw new ConfigError(`${name}.check`, 'must be a function');
  const resolve = spec.resolve ?? ((options: O) => options as unknown as R);
  try {
    const factory = builtinRule<O & RuleBaseOptions, R>({
      name,
      summary: spec.summary,
      codes: spec.builtinCodes ?? [],
      // A custom rule's check reads what it likes: its own code checks the types.
      reads: {},
      ...(spec.codes === undefined ? {} : { declares: spec.codes }),
      options: spec.options ?? {},
      required: spec.required ?? [],
      resolve: ({ id: _id, mode: _mode, ...options }) => resolve(options as unknown as O),
      check: spec.check,
    });
    return factory as CustomRuleFactory<O>;
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    // ajv refuses a schema it cannot compile (strict mode): a configuration error of the rule's author.
    throw new ConfigError(`${name}.options`, `is not a valid JSON Schema: ${(e as Error).message}`);
  }
}
