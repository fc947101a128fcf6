import {
  type Claims,
  type CodeDeclarations,
  ConfigError,
  type Context,
  type DefineRuleOptions,
  defineRule,
  fail,
  isVerifiedClaims,
  pass,
  type ReasonCode,
  type Rule,
  type RuleMode,
  type RuleResult,
  type ViolationInput,
} from '@dsop-guard/core';
import { Ajv } from 'ajv';
import { ajvProblems } from './ajvProblems.js';

// Private: what every built-in rule shares. Options are validated by the same JSON Schema that a policy file
// is validated by, so a rule built in code and a rule loaded from a file fail the same way.

/**
 * The options every built-in rule takes.
 *
 * @example
 * ```ts
 * const options: RuleBaseOptions = { id: 'scope-read', mode: 'shadow' };
 * ```
 */
export interface RuleBaseOptions {
  /**
   * Stable id of the rule in outcomes and violations. Letters, digits and `._:/-`.
   * @defaultValue the rule's name, e.g. `'scope'`
   */
  readonly id?: string;
  /**
   * `'enforce'` decides; `'shadow'` is evaluated and reported but never denies.
   * @defaultValue `'enforce'`
   */
  readonly mode?: RuleMode;
}

/**
 * JSON Schema of one option, with its description (and its default, when the default is a fixed value).
 *
 * @example
 * ```ts
 * const maxLifetime: OptionSchema = { description: 'Longest `exp - iat`, in seconds.', default: 120, type: 'integer' };
 * ```
 */
export type OptionSchema = { readonly description: string; readonly default?: unknown } & Readonly<
  Record<string, unknown>
>;

/**
 * What a built-in rule declares about itself: its name (also its kind and default id), a summary, the reason
 * codes it can produce and the JSON Schema of the options a policy file may set. `docs/rules.md` and
 * `policy.schema.json` are generated from these.
 *
 * @example
 * ```ts
 * scopeRule.meta.codes; // ['scope_missing', 'claim_invalid']
 * ```
 */
export interface RuleMeta {
  readonly name: string;
  readonly summary: string;
  /** The built-in codes the rule can produce. */
  readonly codes: readonly ReasonCode[];
  /** A custom rule's own codes, with their messages and statuses (see `customRule`). Default none. */
  readonly declares?: CodeDeclarations;
  /** Options a policy file may set (not `id`, `mode` or `environment`, which the file sets elsewhere). */
  readonly options: Readonly<Record<string, OptionSchema>>;
  readonly required: readonly string[];
  /** Whether the rule takes `environment`, which a policy file fills in from its own `environment`. */
  readonly usesEnvironment: boolean;
}

/**
 * A built-in rule factory: call it with options to get a {@link Rule}; read `meta` to learn about it.
 * The options argument is optional when every option is.
 *
 * @example
 * ```ts
 * const factory: RuleFactory<ScopeRuleOptions> = scopeRule;
 * const rule = factory({ scopes: ['skatteetaten:inntekt'] });
 * ```
 */
export type RuleFactory<O> = (Partial<O> extends O ? (options?: O) => Rule : (options: O) => Rule) & {
  readonly meta: RuleMeta;
};

/**
 * The type a claim a rule reads must have: `text` a string, `time` a finite number, `texts` a list of strings,
 * `audience` a string or a list of them, `org` an organisation reference (string `id`; `authority`, `icd`,
 * `value` strings when present), `rights` Altinn 3 rights (string lists `action`, `resources`; `metadata` an
 * object).
 */
export type ClaimType = 'text' | 'time' | 'texts' | 'audience' | 'org' | 'rights';

type Loose = Readonly<Record<string, unknown>>;
const record = (v: unknown): Loose | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
const isText = (v: unknown): boolean => typeof v === 'string';
function isTexts(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i += 1) if (typeof v[i] !== 'string') return false;
  return true;
}
const optionalText = (v: unknown): boolean => v === undefined || typeof v === 'string';

const IS: Readonly<Record<ClaimType, (value: unknown) => boolean>> = {
  text: isText,
  time: (v) => typeof v === 'number' && Number.isFinite(v),
  texts: isTexts,
  audience: (v) => isText(v) || isTexts(v),
  org: (v) => {
    const o = record(v);
    return (
      o !== undefined &&
      isText(o['id']) &&
      optionalText(o['authority']) &&
      optionalText(o['icd']) &&
      optionalText(o['value'])
    );
  },
  rights: (v) => {
    if (!Array.isArray(v)) return false;
    for (const r of v) {
      const o = record(r);
      if (!isTexts(o?.['action']) || !isTexts(o?.['resources']) || record(o?.['metadata']) === undefined)
        return false;
    }
    return true;
  },
};

/** A claim read by its path: every path a rule declares is a group and a claim (`maskinporten.iat`). */
interface Field {
  readonly path: string;
  readonly group: string;
  readonly claim: string;
  readonly is: (value: unknown) => boolean;
  readonly type: ClaimType;
}

function fieldOf(path: string, type: ClaimType): Field {
  const [group, claim, ...rest] = path.split('.');
  if (group === undefined || claim === undefined || rest.length > 0)
    throw new ConfigError('reads', `${path} is not a group and a claim`);
  return { path, group, claim, is: IS[type], type };
}

/**
 * The check, preceded by a type check of the claims it reads: a claim present with another type than the rule
 * reads fails with `claim_invalid` at its path, so a rule never passes on one. The engine's normalisation gives
 * every claim its type, so claims the engine made skip the check (a private-field brand); a claim snapshot in a
 * replayed record, or claims handed to `policy.evaluate` directly, may hold anything and are checked.
 */
function typed(
  reads: Readonly<Record<string, ClaimType>>,
  check: DefineRuleOptions['check'],
): DefineRuleOptions['check'] {
  const fields = Object.entries(reads).map(([path, type]) => fieldOf(path, type));
  if (fields.length === 0) return check;
  return (claims, context) => {
    if (isVerifiedClaims(claims)) return check(claims, context);
    for (const field of fields) {
      const value = record(record(claims)?.[field.group])?.[field.claim];
      if (value !== undefined && !field.is(value))
        return fail({ code: 'claim_invalid', path: field.path, expected: field.type });
    }
    return check(claims, context);
  };
}

export interface RuleSpec<O, R> {
  readonly name: string;
  readonly summary: string;
  readonly codes: readonly ReasonCode[];
  /** The claims the check reads and their types, by path (`maskinporten.iat`): see {@link ClaimType}. */
  readonly reads: Readonly<Record<string, ClaimType>>;
  /** Custom codes, declared to `defineRule`. */
  readonly declares?: CodeDeclarations;
  readonly options: Readonly<Record<string, OptionSchema>>;
  readonly required?: readonly string[];
  readonly usesEnvironment?: boolean;
  /** Fills in defaults (the result is recorded in the policy fingerprint); may throw ConfigError. */
  readonly resolve: (options: O) => R;
  /** The check for resolved options; may be async (built-in rules never are). */
  readonly check: (resolved: R) => DefineRuleOptions['check'];
}

export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}$';
const ID = new RegExp(ID_PATTERN);
const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
const BASE = {
  id: { type: 'string', pattern: ID_PATTERN },
  mode: { enum: ['enforce', 'shadow'] },
};
const ENVIRONMENT = { environment: { enum: ['test', 'prod'] } };

/** Builds a rule factory around {@link defineRule}: every built-in rule, and `customRule`'s. */
export function builtinRule<O extends RuleBaseOptions, R>(spec: RuleSpec<O, R>): RuleFactory<O> {
  const usesEnvironment = spec.usesEnvironment ?? false;
  const meta: RuleMeta = {
    name: spec.name,
    summary: spec.summary,
    codes:
      Object.keys(spec.reads).length === 0 || spec.codes.includes('claim_invalid')
        ? spec.codes
        : [...spec.codes, 'claim_invalid'],
    ...(spec.declares === undefined ? {} : { declares: spec.declares }),
    options: spec.options,
    required: spec.required ?? [],
    usesEnvironment,
  };
  const validate = ajv.compile({
    type: 'object',
    properties: { ...BASE, ...(usesEnvironment ? ENVIRONMENT : {}), ...spec.options },
    ...(meta.required.length === 0 ? {} : { required: meta.required }),
    additionalProperties: false,
  });
  const factory = (options?: O): Rule => {
    const given = (options ?? {}) as O;
    const id = typeof given.id === 'string' && ID.test(given.id) ? given.id : spec.name;
    if (!validate(given)) {
      const [first] = ajvProblems(validate.errors ?? [], '');
      const hint = first?.hint === undefined ? '' : ` (${first.hint})`;
      throw new ConfigError(first?.path ? `${id}.${first.path}` : id, `${first?.message}${hint}`);
    }
    const resolved = spec.resolve(given);
    return defineRule({
      id,
      kind: spec.name,
      ...(given.mode === undefined ? {} : { mode: given.mode }),
      options: resolved,
      ...(spec.declares === undefined ? {} : { codes: spec.declares }),
      check: typed(spec.reads, spec.check(resolved)),
    });
  };
  return Object.assign(factory, { meta }) as RuleFactory<O>;
}

/**
 * `pass()` for no violations, else `fail` with them all, in order. Private to the package.
 *
 * @example
 * ```ts
 * resultOf([]).isOk(); // true
 * ```
 */
export function resultOf(violations: readonly ViolationInput[]): RuleResult {
  const first = violations[0];
  return first === undefined ? pass() : fail(first, ...violations.slice(1));
}

/** The clock tolerance of the context, bounded to 0..300 seconds (the engine's own bound). */
export function tolerance(context: Context): number {
  const t = context.clockTolerance;
  return Number.isFinite(t) ? Math.min(Math.max(t, 0), 300) : 0;
}

/** The orgno of an ICD 0192 organisation reference (`0192:<orgno>`, exactly two parts), else `undefined`. */
export function orgnoOf(ref: Claims['maskinporten']['consumer']): string | undefined {
  return ref?.icd === '0192' ? ref.value : undefined;
}
