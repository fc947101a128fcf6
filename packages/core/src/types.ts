import type { Result } from 'neverthrow';
import type { KeyState } from './jwt/keySetTypes.js';
import type { CustomReasonCode, VerdictCode } from './reasonCodes.js';

/** A plain, serialisable fact in a violation (masked where personal). */
export type Fact = string | number | boolean | null | readonly string[];

/**
 * Why a rule failed: plain readonly data, never an `Error`.
 * `path` is a JSON-pointer-like claim path, such as `maskinporten.consumer.ID` or `consent.CoveredBy`.
 */
export interface Violation {
  readonly code: VerdictCode;
  readonly ruleId: string;
  readonly path: string;
  readonly expected?: Fact;
  readonly actual?: Fact;
}

/** A violation before the engine stamps the rule id on it. */
export type ViolationInput = Omit<Violation, 'ruleId'> & { readonly ruleId?: string };

/** Only `pass()` and `fail()` make a {@link RuleResult}: the brand keeps any other value from passing for one. */
declare const madeByPassOrFail: unique symbol;

/**
 * What a rule returns: `pass()` or `fail(...)`, nothing else. Any other value (neverthrow's own `ok`/`err`, a
 * look-alike `{ isOk, isErr, error }`, a Proxy of a result, a thenable of one) is a `rule_error`.
 */
export type RuleResult = Result<void, readonly ViolationInput[]> & { readonly [madeByPassOrFail]: true };

/** How an outcome counts: `enforce` decides, `shadow` is evaluated and reported but never denies. */
export type RuleMode = 'enforce' | 'shadow';

/** The outcome of one rule, recorded whatever it was. */
export interface RuleOutcome {
  readonly ruleId: string;
  readonly status: 'pass' | 'fail' | 'skipped' | 'error';
  readonly mode: RuleMode;
  readonly violations: readonly Violation[];
  readonly children?: readonly RuleOutcome[];
}

/** An organisation reference as Maskinporten writes it (`{authority, ID}`), parsed. */
export interface OrgRef {
  /** `authority` as written, e.g. `iso6523-actorid-upis`. */
  readonly authority: string | undefined;
  /** `ID` as written, e.g. `0192:910753614`. */
  readonly id: string;
  /** The ICD, e.g. `0192`, when `ID` has the form ICD:value. */
  readonly icd: string | undefined;
  /** The value after the ICD (the orgno for ICD 0192), when `ID` has exactly two parts. */
  readonly value: string | undefined;
}

/** The system-user facts of a Maskinporten token (`authorization_details` of type `urn:altinn:systemuser`). */
export interface SystemUser {
  readonly systemUserIds: readonly string[];
  readonly systemUserOrg: OrgRef | undefined;
  readonly systemId: string | undefined;
}

/** A Maskinporten access token's claims, normalised. `raw` is the verified payload. */
export interface MaskinportenClaims {
  readonly iss: string | undefined;
  readonly scopes: readonly string[];
  readonly scopeClaimType: 'string' | 'absent' | 'other';
  readonly consumer: OrgRef | undefined;
  readonly supplier: OrgRef | undefined;
  readonly delegationSource: string | undefined;
  readonly clientAmr: string | undefined;
  readonly clientId: string | undefined;
  readonly tokenType: string | undefined;
  readonly aud: string | readonly string[] | undefined;
  readonly pid: string | undefined;
  readonly exp: number | undefined;
  readonly iat: number | undefined;
  readonly nbf: number | undefined;
  readonly jti: string | undefined;
  readonly systemUser: SystemUser | undefined;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** One right in an Altinn 3 consent. */
export interface ConsentRight {
  readonly action: readonly string[];
  readonly resources: readonly string[];
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * A consent, whatever carried it: an Altinn 2 consent token, an Altinn 3 `authorization_details` entry,
 * or a consent store.
 */
export interface Consent {
  readonly source: 'altinn2' | 'altinn3' | 'stored';
  /** Issuer of the token that carried it (`altinn.no` for Altinn 2, the Maskinporten issuer for Altinn 3). */
  readonly iss: string | undefined;
  /** Who consented: an fnr or an orgno (Altinn 2 `OfferedBy`, Altinn 3 `from` without its URN prefix). */
  readonly offeredBy: string | undefined;
  /** Who may see the data: an orgno (Altinn 2 `CoveredBy`, Altinn 3 `to`). */
  readonly coveredBy: string | undefined;
  /** The supplier that fetched the consent (Altinn 2 `HandledBy`). */
  readonly handledBy: string | undefined;
  /** When the consent ends, epoch seconds. */
  readonly validTo: number | undefined;
  /** Which claim `validTo` came from, and in what format. */
  readonly validToClaim: 'ValidToDate' | 'ValidTo' | 'validTo' | 'stored' | 'absent';
  readonly validToFormat: 'epoch' | 'numeric-string' | 'iso' | 'legacy-datetime' | 'invalid' | 'absent';
  /** When the consent was given, epoch seconds (Altinn 2 `DelegatedDate`, Altinn 3 `consented`). */
  readonly consentedAt: number | undefined;
  /** Altinn 2 service entries, e.g. `5498_1` and `5498_1_Navn=Bank`. */
  readonly services: readonly string[];
  /** Altinn 3 rights. */
  readonly rights: readonly ConsentRight[];
  /** The authorisation code or the Altinn 3 consent id, for tracing. */
  readonly consentId: string | undefined;
}

/** Facts about the request that rules may read. */
export interface RequestFacts {
  /** The person the request is about (PSU-ID), as given. */
  readonly person: string | undefined;
  readonly requestId: string | undefined;
}

/** What every rule reads: the normalised claims of both tokens and the request facts, frozen at every depth. */
export interface Claims {
  readonly maskinporten: MaskinportenClaims;
  readonly consent: Consent | undefined;
  readonly request: RequestFacts;
}

/** The evaluation context: time is an input, never read inside a rule. The engine hands rules a frozen one. */
export interface Context {
  /** Evaluation time, epoch seconds. */
  readonly now: number;
  /** Clock tolerance in seconds for every time comparison. */
  readonly clockTolerance: number;
  /**
   * Told when a rule throws, rejects, times out or returns something malformed (the outcome is a `rule_error`).
   * The engine sets it to raise an operator event; rules never need to call it.
   */
  readonly onRuleError?: (ruleId: string, cause: unknown) => void;
  /**
   * Facts about a person number that need its clear value (kind, checksum), for rules that would otherwise
   * parse it. Absent when a request is judged: rules parse the clear number. A policy replay sets it, because
   * there the number is a pseudonym and the facts come from the decision record (`snapshot.people`);
   * `undefined` for a value it holds no facts about (then the value is not a pseudonymised number: parse it).
   */
  readonly personFacts?: (person: string) => PersonFacts | undefined;
}

/** Facts about a person number that need its clear value, recorded beside its pseudonym. */
export interface PersonFacts {
  /** Whether it is a well-formed person number of any known kind, with both MOD11 control digits right. */
  readonly valid: boolean;
  /** Every kind it reads as (`fnr`, `dnr`, `hnr`, `tenor`, `dolly`), first the likeliest. */
  readonly kinds: readonly string[];
  /** `legacy` when the classic first control digit holds, `2032` when only the 2032 rule does, else `null`. */
  readonly checksum: 'legacy' | '2032' | null;
  /** Why it is not valid (`checksum`, `date`, …), else `null`. */
  readonly reason: string | null;
}

/** The JSON description of a rule, hashed into the policy fingerprint. */
export interface RuleDescription {
  readonly id: string;
  readonly kind: string;
  readonly mode: RuleMode;
  readonly options?: unknown;
  /** The custom codes the rule declares, with their messages and statuses (only when it declares some). */
  readonly codes?: CodeDeclarations;
  readonly children?: readonly RuleDescription[];
}

/**
 * What a custom rule says about one of its codes: its message in English and Norwegian bokmål (static text,
 * never a claim value) and, optionally, the HTTP status it answers.
 *
 * @example
 * ```ts
 * const declared: CodeDeclaration = { en: 'the consumer is blocked', nb: 'konsumenten er sperret', status: 403 };
 * ```
 */
export interface CodeDeclaration {
  readonly en: string;
  readonly nb: string;
  /**
   * The HTTP status of a deny for this code, 400–599; the adapters' `statusCodes` option overrides it.
   * @defaultValue `403`
   */
  readonly status?: number;
}

/** Custom codes and what their rule says about them, keyed by code. */
export type CodeDeclarations = Readonly<Record<CustomReasonCode, CodeDeclaration>>;

/** A composable rule. Build leaf rules with `defineRule`, trees with `all`/`any`/`not`/`when`. */
export interface Rule {
  readonly id: string;
  readonly mode: RuleMode;
  /** Evaluates the rule. Never rejects: the engine turns throws and malformed returns into `error` outcomes. */
  readonly evaluate: (claims: Claims, context: Context) => Promise<RuleOutcome>;
  /**
   * Optional: the same evaluation without a promise where it can be had. Returns the outcome itself when every
   * check in the subtree answered synchronously, and a promise of the same outcome (same timeouts, same errors)
   * as soon as one returned a thenable. `defineRule` and the combinators provide it; the engine uses it when the
   * root rule has it, and `evaluate` otherwise.
   */
  readonly evaluateSync?: (claims: Claims, context: Context) => RuleOutcome | Promise<RuleOutcome>;
  readonly describe: () => RuleDescription;
}

/** Facts about one verified token, safe for an audit record. */
export interface TokenFacts {
  readonly iss: string | null;
  readonly kid: string | null;
  readonly jti: string | null;
  readonly exp: number | null;
}

/** A verified token's facts in a verdict, and the state of the keys that verified it (fresh, stale with its age, …). */
export interface VerdictToken extends TokenFacts {
  readonly keys: KeyState;
}

/** Who the request is from and about. The person is masked or pseudonymised unless configured otherwise. */
export interface Subject {
  /** Maskinporten `consumer.ID` as written, e.g. `0192:910753614`. */
  readonly consumer: string | null;
  readonly supplier: string | null;
  readonly delegation: 'direct' | 'supplier' | 'system_user' | 'unknown';
  /** The person the request is about, masked or pseudonymised by default. */
  readonly person: string | null;
}

/** A policy's identity, recorded in every verdict. */
export interface PolicyFacts {
  readonly id: string;
  readonly version: string;
  readonly sha256: string;
}

/** The structured decision, rule by rule, fit for an audit report. Plain JSON: absent values are `null`. */
export interface Verdict {
  readonly decision: 'allow' | 'deny';
  /** Every distinct code among the enforced failures, in order of first appearance. */
  readonly reasons: readonly VerdictCode[];
  /** The violations that decided a deny (enforced failures only), protected like the rest. */
  readonly violations: readonly Violation[];
  readonly outcomes: readonly RuleOutcome[];
  readonly subject: Subject;
  readonly tokens: { readonly maskinporten: VerdictToken | null; readonly consent: VerdictToken | null };
  readonly consentSource: Consent['source'] | null;
  readonly policy: PolicyFacts;
  /** Evaluation time, epoch seconds. */
  readonly evaluatedAt: number;
  readonly requestId: string | null;
}
