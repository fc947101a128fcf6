import { ConfigError, type Fact, type RuleOutcome, type Verdict, type Violation } from '@dsop-guard/core';
import { type Language, messages } from './messages.js';

/**
 * Options of {@link explain}.
 *
 * @example
 * ```ts
 * const options: ExplainOptions = { language: 'nb' };
 * ```
 */
export interface ExplainOptions {
  /**
   * `'en'` (English) or `'nb'` (Norwegian bokmål).
   * @defaultValue `'en'`
   */
  readonly language?: Language;
}

const WORDS: Readonly<
  Record<
    Language,
    Record<RuleOutcome['status'] | Verdict['decision'] | 'expected' | 'actual' | 'shadow', string>
  >
> = {
  en: {
    allow: 'ALLOW',
    deny: 'DENY',
    pass: 'pass',
    fail: 'FAIL',
    skipped: 'skip',
    error: 'ERROR',
    expected: 'expected',
    actual: 'actual',
    shadow: 'shadow',
  },
  nb: {
    allow: 'TILLATT',
    deny: 'AVVIST',
    pass: 'ok',
    fail: 'FEIL',
    skipped: 'hoppet over',
    error: 'KJØREFEIL',
    expected: 'forventet',
    actual: 'faktisk',
    shadow: 'skygge',
  },
};

function fact(value: Fact): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

function violation(v: Violation, language: Language): string {
  const words = WORDS[language];
  const facts = [
    ...(v.expected === undefined ? [] : [`${words.expected} ${fact(v.expected)}`]),
    ...(v.actual === undefined ? [] : [`${words.actual} ${fact(v.actual)}`]),
  ];
  const where = [v.path, ...facts].filter((s) => s !== '').join('; ');
  return `${v.code}: ${messages[v.code][language]}${where === '' ? '' : ` (${where})`}`;
}

/** An outcome as a verdict holds it, or as a decision record does (`mode` and `violations` only when not default). */
type ExplainableOutcome = Pick<RuleOutcome, 'ruleId' | 'status'> & {
  readonly mode?: RuleOutcome['mode'];
  readonly violations?: RuleOutcome['violations'];
  readonly children?: readonly ExplainableOutcome[];
};

function lines(outcome: ExplainableOutcome, depth: number, language: Language): string[] {
  const words = WORDS[language];
  const shadow = outcome.mode === 'shadow' ? ` [${words.shadow}]` : '';
  const found = (outcome.violations ?? []).map((v) => violation(v, language)).join('; ');
  const line = `${'  '.repeat(depth)}${words[outcome.status]} ${outcome.ruleId}${shadow}${found === '' ? '' : ` — ${found}`}`;
  return [line, ...(outcome.children ?? []).flatMap((c) => lines(c, depth + 1, language))];
}

/**
 * What {@link explain} reads: a verdict, or a decision record from the audit log.
 *
 * @example
 * ```ts
 * const record: Explainable = JSON.parse(line); // a line of decisions.jsonl
 * ```
 */
export type Explainable = Pick<Verdict, 'decision' | 'policy'> & {
  readonly outcomes: readonly ExplainableOutcome[];
  readonly reasons: readonly string[];
};

/**
 * A human-readable explanation of a verdict (or a decision record) for logs and terminals: a header with the decision, the policy
 * and the reason codes, then one line per rule outcome, children indented under their combinator. Messages
 * come from a table keyed by reason code (English or Norwegian); the facts shown are the verdict's, already
 * masked by the engine. Nothing ever parses this text: use `verdict.reasons` and `verdict.violations`.
 *
 * @example
 * ```ts
 * import { explain } from '@dsop-guard/rules';
 *
 * const verdict = await engine.evaluate({ maskinportenToken, consentToken, person });
 * console.log(explain(verdict));
 * // DENY lanekassen-saldo/test@1.0.0 (sha256 3f2a…): scope_missing
 * //   pass verify.maskinporten
 * //   …
 * //       FAIL scope — scope_missing: a required scope is missing (maskinporten.scope; expected […]; actual [])
 * ```
 */
export function explain(verdict: Explainable, options: ExplainOptions = {}): string {
  const language = options.language ?? 'en';
  if (language !== 'en' && language !== 'nb') throw new ConfigError('language', "must be 'en' or 'nb'");
  const { policy } = verdict;
  const reasons = verdict.reasons.length === 0 ? '' : `: ${verdict.reasons.join(', ')}`;
  const header = `${WORDS[language][verdict.decision]} ${policy.id}@${policy.version} (sha256 ${policy.sha256.slice(0, 12)})${reasons}`;
  return [header, ...verdict.outcomes.flatMap((o) => lines(o, 1, language))].join('\n');
}
