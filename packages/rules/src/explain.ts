import {
  type CodeDeclarations,
  ConfigError,
  type Fact,
  type RuleOutcome,
  type Verdict,
  type Violation,
} from '@dsop-guard/core';
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
  /**
   * The custom codes a verdict may hold, with their messages: give the policy's (`policy.codes`). A custom code
   * not found here is shown with a generic message.
   * @defaultValue `{}`
   */
  readonly codes?: CodeDeclarations;
}

/** What explain needs while it writes: the language, and the custom codes' messages. */
interface Speech {
  readonly language: Language;
  readonly codes: CodeDeclarations;
}

const UNDECLARED: Readonly<Record<Language, string>> = {
  en: "a custom rule's code (its messages were not given)",
  nb: 'en kode fra en egendefinert regel (meldingene ble ikke oppgitt)',
};

function message(code: Violation['code'], { language, codes }: Speech): string {
  if (Object.hasOwn(messages, code)) return messages[code as keyof typeof messages][language];
  const declared = Object.hasOwn(codes, code) ? codes[code as keyof CodeDeclarations] : undefined;
  return declared?.[language] ?? UNDECLARED[language];
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

/** The codes whose `expected` and `actual` are instants (NumericDate, epoch seconds), shown to a reader as dates. */
const INSTANT_CODES: ReadonlySet<string> = new Set([
  'token_expired',
  'token_not_yet_valid',
  'token_issued_in_future',
  'consent_expired',
]);

/** Epoch seconds as ISO 8601 with its offset (`2026-12-07T22:41:22+00:00`); a number no date holds as it is. */
function instant(seconds: number): string {
  if (!Number.isFinite(seconds) || Math.abs(seconds) > 8.64e12) return String(seconds);
  return new Date(Math.trunc(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function fact(value: Fact, code: Violation['code']): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  if (!INSTANT_CODES.has(code)) return String(value);
  if (typeof value === 'number') return instant(value);
  // A bound as the verifier writes it: `> 1764000000`, `<= 1764000010`.
  const bound = typeof value === 'string' ? /^([<>]=?) (-?\d+)$/.exec(value) : null;
  return bound === null ? String(value) : `${bound[1]} ${instant(Number(bound[2]))}`;
}

function violation(v: Violation, speech: Speech): string {
  const words = WORDS[speech.language];
  const facts = [
    ...(v.expected === undefined ? [] : [`${words.expected} ${fact(v.expected, v.code)}`]),
    ...(v.actual === undefined ? [] : [`${words.actual} ${fact(v.actual, v.code)}`]),
  ];
  const where = [v.path, ...facts].filter((s) => s !== '').join('; ');
  return `${v.code}: ${message(v.code, speech)}${where === '' ? '' : ` (${where})`}`;
}

/** An outcome as a verdict holds it, or as a decision record does (`mode` and `violations` only when not default). */
type ExplainableOutcome = Pick<RuleOutcome, 'ruleId' | 'status'> & {
  readonly mode?: RuleOutcome['mode'];
  readonly violations?: RuleOutcome['violations'];
  readonly children?: readonly ExplainableOutcome[];
};

function lines(outcome: ExplainableOutcome, depth: number, speech: Speech): string[] {
  const words = WORDS[speech.language];
  const shadow = outcome.mode === 'shadow' ? ` [${words.shadow}]` : '';
  const found = (outcome.violations ?? []).map((v) => violation(v, speech)).join('; ');
  const line = `${'  '.repeat(depth)}${words[outcome.status]} ${outcome.ruleId}${shadow}${found === '' ? '' : ` — ${found}`}`;
  return [line, ...(outcome.children ?? []).flatMap((c) => lines(c, depth + 1, speech))];
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
 * come from a table keyed by reason code (English or Norwegian), and for a custom rule's codes from its own
 * declaration (pass `{ codes: policy.codes }`); the facts shown are the verdict's, already
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
  const codes = options.codes ?? {};
  if (typeof codes !== 'object' || codes === null) throw new ConfigError('codes', 'must be policy.codes');
  const { policy } = verdict;
  const reasons = verdict.reasons.length === 0 ? '' : `: ${verdict.reasons.join(', ')}`;
  const header = `${WORDS[language][verdict.decision]} ${policy.id}@${policy.version} (sha256 ${policy.sha256.slice(0, 12)})${reasons}`;
  return [header, ...verdict.outcomes.flatMap((o) => lines(o, 1, { language, codes }))].join('\n');
}
