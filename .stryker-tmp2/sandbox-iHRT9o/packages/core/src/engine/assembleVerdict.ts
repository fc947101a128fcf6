// @ts-nocheck
import { outcomeProtector } from '../audit/protectOutcome.js';
import { type PersonDataOptions, protectPersonalData } from '../audit/protectPersonalData.js';
import type { VerifiedToken } from '../jwt/verifyToken.js';
import type {
  MaskinportenClaims,
  PolicyFacts,
  RuleOutcome,
  Subject,
  TokenFacts,
  Verdict,
  VerdictToken,
  Violation,
} from '../types.js';
import { decisiveViolations } from '../verdict/decisiveViolations.js';
import type { ConsentStep } from './resolveConsent.js';

// Private: the last step of the pipeline, the one place a verdict is assembled: protected, decided only by
// enforced violations over verified claims.

export interface VerdictParts {
  readonly outcomes: readonly RuleOutcome[];
  readonly now: number;
  readonly mp?: MaskinportenClaims | undefined;
  readonly mpToken?: VerifiedToken | undefined;
  readonly step?: ConsentStep | undefined;
  readonly person?: string | undefined;
  readonly requestId?: string | undefined;
}

/** No reasons, no violations: one frozen empty list for every verdict that has none. */
const NONE: readonly never[] = Object.freeze([]);

/** Most violations a verdict lists (its `reasons` still name every code); see {@link capped}. */
export const MAX_VERDICT_VIOLATIONS = 100;

/**
 * A verdict's violations, at most {@link MAX_VERDICT_VIOLATIONS}: past them the list is cut, and its last entry
 * is the marker of the cut (the first cut violation's code, rule id `engine`, path `violations`, the count).
 */
function capped(violations: Violation[]): Violation[] {
  if (violations.length <= MAX_VERDICT_VIOLATIONS) return violations;
  const kept = violations.slice(0, MAX_VERDICT_VIOLATIONS);
  const { code } = violations[MAX_VERDICT_VIOLATIONS - 1] as Violation;
  const expected = `at most ${MAX_VERDICT_VIOLATIONS} violations`;
  kept[MAX_VERDICT_VIOLATIONS - 1] = {
    code,
    ruleId: 'engine',
    path: 'violations',
    expected,
    actual: violations.length,
  };
  return kept;
}

function delegation(mp: MaskinportenClaims | undefined): Subject['delegation'] {
  if (mp === undefined) return 'unknown';
  if (mp.systemUser !== undefined) return 'system_user';
  if (mp.supplier !== undefined) return 'supplier';
  return mp.consumer !== undefined ? 'direct' : 'unknown';
}

export function verdictAssembler(
  personData: PersonDataOptions | undefined,
  policy: PolicyFacts,
): (parts: VerdictParts) => Verdict {
  const protect = protectPersonalData(personData);
  const protectOutcome = outcomeProtector(protect);
  // Token facts and org ids come from the tokens, so they pass through the same protection as everything else.
  const protectText = (text: string | null | undefined): string | null =>
    typeof text === 'string' ? protect(text) : null;
  /** `protectText` that keeps its last answer: an issuer's tokens bring the same `iss` and `kid` again and again. */
  const lastProtected = (): ((text: string | null | undefined) => string | null) => {
    let last: string | undefined;
    let answer: string | null = null;
    return (text) => {
      if (typeof text !== 'string') return null;
      if (text !== last) {
        answer = protect(text);
        last = text;
      }
      return answer;
    };
  };
  /** The facts of one kind of token, protected. */
  const factsProtector = (): ((facts: TokenFacts) => TokenFacts) => {
    const iss = lastProtected();
    const kid = lastProtected();
    return (facts) => ({
      iss: iss(facts.iss),
      kid: kid(facts.kid),
      jti: protectText(facts.jti),
      exp: facts.exp === null ? null : facts.exp + 0,
    });
  };
  const protectedFacts = factsProtector();
  // A cached Maskinporten token brings the same facts object to every use: the last one's protection is kept.
  const mpFacts = factsProtector();
  let lastFacts: TokenFacts | undefined;
  let lastMpFacts: TokenFacts | undefined;
  const protectedMpFacts = (facts: TokenFacts): TokenFacts => {
    if (facts !== lastFacts || lastMpFacts === undefined) {
      lastMpFacts = mpFacts(facts);
      lastFacts = facts;
    }
    return lastMpFacts;
  };
  const verdictToken = (
    token: VerifiedToken | undefined,
    facts: (f: TokenFacts) => TokenFacts,
  ): VerdictToken | null => {
    if (token === undefined) return null;
    // Member by member: a spread of the facts was the slowest line of an allow.
    const { iss, kid, jti, exp } = facts(token.facts);
    return { iss, kid, jti, exp, keys: token.keys };
  };
  const policyFacts = { id: policy.id, version: policy.version, sha256: policy.sha256 };

  return ({ outcomes, now, mp, mpToken, step, person, requestId }) => {
    const protectedOutcomes = outcomes.map(protectOutcome);
    const violations: Violation[] = [];
    // Index loops: these run on every verdict, and for-of over the (mostly empty) lists cost more than the rest.
    for (let i = 0; i < protectedOutcomes.length; i += 1) {
      const decisive = decisiveViolations(protectedOutcomes[i] as RuleOutcome);
      for (let k = 0; k < decisive.length; k += 1) violations.push(decisive[k] as Violation);
    }
    return {
      decision: violations.length === 0 && mp !== undefined ? 'allow' : 'deny',
      reasons: violations.length === 0 ? NONE : [...new Set(violations.map((v) => v.code))],
      violations: violations.length === 0 ? NONE : capped(violations),
      outcomes: protectedOutcomes,
      subject: {
        consumer: protectText(mp?.consumer?.id),
        supplier: protectText(mp?.supplier?.id),
        delegation: delegation(mp),
        person: person === undefined ? null : protect(person),
      },
      tokens: {
        maskinporten: verdictToken(mpToken, protectedMpFacts),
        consent: verdictToken(step?.token, protectedFacts),
      },
      consentSource: step?.consent?.source ?? null,
      policy: policyFacts,
      evaluatedAt: now,
      requestId: requestId === undefined ? null : protect(requestId),
    };
  };
}
