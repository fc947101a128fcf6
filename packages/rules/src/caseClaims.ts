// Internal (not in the barrel): a policy test case's inputs turned into the claims the rules read, as the engine
// makes them: the test kit's token claims normalised by core's own normalisers (an Altinn 3 consent inside the
// Maskinporten token, an Altinn 2 consent token beside it, never both), or normalised claims given as they are,
// each member type-checked. A claim of the wrong type is a `claim_invalid` of the step, as in the engine: the
// case denies, never allows. Nothing is signed or verified: signature, issuer binding and token times are token
// verification's, before the policy, and outside what a policy test judges.
import {
  type Claims,
  type Consent,
  type MaskinportenClaims,
  normalizeAltinn2Consent,
  normalizeAltinn3Consent,
  normalizeMaskinporten,
  type ViolationInput,
} from '@dsop-guard/core';
import { createClaimFactory } from '@dsop-guard/core/testing/claims';
import type {
  CaseConsentToken,
  CaseMaskinportenToken,
  PolicyTestCase,
  PolicyTests,
} from './policyTestTypes.js';

type Loose = Readonly<Record<string, unknown>>;

/** The claims of a case, or the step that refused them and why. */
export type CaseClaims =
  | { readonly ok: true; readonly claims: Claims }
  | {
      readonly ok: false;
      readonly step: 'verify.maskinporten' | 'verify.consent';
      readonly violations: readonly ViolationInput[];
      /** The Maskinporten claims, when the consent step refused. */
      readonly maskinporten?: MaskinportenClaims;
    };

const record = (v: unknown): Loose | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;

function freezeDeep<T>(value: T): T {
  const stack: unknown[] = [value];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (typeof v !== 'object' || v === null || Object.isFrozen(v)) continue;
    Object.freeze(v);
    for (const child of Object.values(v)) stack.push(child);
  }
  return value;
}

function without(payload: Loose, remove: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = structuredClone({ ...payload });
  for (const name of remove ?? []) delete out[name];
  return out;
}

const SHAPES = {
  direct: 'direct',
  supplier: 'supplier',
  'system-user': 'systemUser',
  altinn3: 'altinn3',
} as const;

function factoryFor(tests: PolicyTests, now: number) {
  const t = tests.defaults.tokens ?? {};
  return createClaimFactory({
    now,
    ...(t.issuer === undefined ? {} : { issuer: t.issuer }),
    ...(t.consumer === undefined ? {} : { consumer: t.consumer }),
    ...(t.supplier === undefined ? {} : { supplier: t.supplier }),
    ...(t.person === undefined ? {} : { person: t.person }),
    ...(t.scope === undefined ? {} : { scope: t.scope }),
    ...(t.services === undefined ? {} : { services: t.services }),
  });
}

function maskinportenPayload(token: CaseMaskinportenToken, tests: PolicyTests, now: number): Loose {
  const at = token.mintedAt ?? now;
  if (token.shape === undefined) return without(token.claims ?? {}, token.remove);
  const made = factoryFor(tests, at)[SHAPES[token.shape]]({ claims: token.claims ?? {}, now: at });
  return without(made, token.remove);
}

function consentPayload(token: CaseConsentToken, tests: PolicyTests, now: number): Loose {
  const at = token.mintedAt ?? now;
  if (token.shape === undefined) return without(token.claims ?? {}, token.remove);
  const made = factoryFor(tests, at).altinn2Consent({
    claims: token.claims ?? {},
    now: at,
    ...(token.handledBy === undefined ? {} : { handledBy: token.handledBy }),
  });
  return without(made, token.remove);
}

function fromTokens(tokens: NonNullable<PolicyTestCase['tokens']>, tests: PolicyTests, now: number) {
  const mp = normalizeMaskinporten(freezeDeep(maskinportenPayload(tokens.maskinporten, tests, now)));
  if (mp.isErr()) return { ok: false, step: 'verify.maskinporten', violations: mp.error } as const;
  const maskinporten = mp.value;
  const refused = (violations: readonly ViolationInput[]) =>
    ({ ok: false, step: 'verify.consent', violations, maskinporten }) as const;
  const inToken = normalizeAltinn3Consent(maskinporten.raw);
  if (inToken.isErr()) return refused(inToken.error);
  let consent: Consent | undefined = inToken.value;
  if (tokens.consent !== undefined && tokens.consent !== null) {
    if (consent !== undefined) {
      return refused([
        {
          code: 'consent_invalid',
          path: 'consent',
          expected: 'one consent: a token or authorization_details',
        },
      ]);
    }
    const normal = normalizeAltinn2Consent(freezeDeep(consentPayload(tokens.consent, tests, now)));
    if (normal.isErr()) return refused(normal.error);
    consent = normal.value;
  }
  return { ok: true, maskinporten, consent } as const;
}

// The normalised claims' types, member by member (types.ts of @dsop-guard/core).
type Check = (v: unknown) => boolean;
const opt =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const text: Check = (v) => typeof v === 'string';
const time: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const texts: Check = (v) => Array.isArray(v) && v.every(text);
const oneOf =
  (...values: readonly string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const org: Check = (v) => {
  const o = record(v);
  return o !== undefined && text(o['id']) && ['authority', 'icd', 'value'].every((k) => opt(text)(o[k]));
};
const systemUser: Check = (v) => {
  const o = record(v);
  return (
    o !== undefined && texts(o['systemUserIds']) && opt(org)(o['systemUserOrg']) && opt(text)(o['systemId'])
  );
};
const rights: Check = (v) =>
  Array.isArray(v) &&
  v.every((r) => {
    const o = record(r);
    const metadata = record(o?.['metadata']);
    return (
      texts(o?.['action']) &&
      texts(o?.['resources']) &&
      metadata !== undefined &&
      Object.values(metadata).every(text)
    );
  });

const MASKINPORTEN: Readonly<Record<keyof MaskinportenClaims, Check>> = {
  iss: opt(text),
  scopes: texts,
  scopeClaimType: oneOf('string', 'absent', 'other'),
  consumer: opt(org),
  supplier: opt(org),
  delegationSource: opt(text),
  clientAmr: opt(text),
  clientId: opt(text),
  tokenType: opt(text),
  aud: opt((v) => text(v) || texts(v)),
  pid: opt(text),
  exp: opt(time),
  iat: opt(time),
  nbf: opt(time),
  jti: opt(text),
  systemUser: opt(systemUser),
  raw: (v) => record(v) !== undefined,
};

const CONSENT: Readonly<Record<keyof Consent, Check>> = {
  source: oneOf('altinn2', 'altinn3', 'stored'),
  iss: opt(text),
  offeredBy: opt(text),
  coveredBy: opt(text),
  handledBy: opt(text),
  validTo: opt(time),
  validToClaim: oneOf('ValidToDate', 'ValidTo', 'validTo', 'stored', 'absent'),
  validToFormat: oneOf('epoch', 'numeric-string', 'iso', 'legacy-datetime', 'invalid', 'absent'),
  consentedAt: opt(time),
  services: texts,
  rights,
  consentId: opt(text),
};

function typed<T>(
  given: Loose,
  checks: Readonly<Record<string, Check>>,
  defaults: Loose,
  prefix: string,
): { value: T } | { violations: ViolationInput[] } {
  const value: Record<string, unknown> = { ...defaults, ...structuredClone({ ...given }) };
  const violations: ViolationInput[] = [];
  for (const name of Object.keys(value)) {
    const check = Object.hasOwn(checks, name) ? checks[name] : undefined;
    if (check === undefined)
      violations.push({ code: 'claim_invalid', path: `${prefix}.${name}`, expected: 'a known claim' });
    else if (!check(value[name])) violations.push({ code: 'claim_invalid', path: `${prefix}.${name}` });
  }
  return violations.length > 0 ? { violations } : { value: freezeDeep(value) as T };
}

function fromClaims(claims: NonNullable<PolicyTestCase['claims']>) {
  const given = claims.maskinporten;
  const mp = typed<MaskinportenClaims>(
    given,
    MASKINPORTEN,
    { scopes: [], scopeClaimType: given['scopes'] === undefined ? 'absent' : 'string', raw: {} },
    'maskinporten',
  );
  if ('violations' in mp)
    return { ok: false, step: 'verify.maskinporten', violations: mp.violations } as const;
  if (claims.consent === undefined || claims.consent === null)
    return { ok: true, maskinporten: mp.value, consent: undefined } as const;
  const c = claims.consent;
  const consent = typed<Consent>(
    c,
    CONSENT,
    {
      source: 'altinn2',
      validToClaim: c['validTo'] === undefined ? 'absent' : 'ValidToDate',
      validToFormat: c['validTo'] === undefined ? 'absent' : 'epoch',
      services: [],
      rights: [],
    },
    'consent',
  );
  if ('violations' in consent)
    return {
      ok: false,
      step: 'verify.consent',
      violations: consent.violations,
      maskinporten: mp.value,
    } as const;
  return { ok: true, maskinporten: mp.value, consent: consent.value } as const;
}

/** The claims the rules read for one case, or the step that refused its inputs. */
export function caseClaims(
  c: PolicyTestCase,
  tests: PolicyTests,
  now: number,
  person: string | undefined,
): CaseClaims {
  const made =
    c.tokens !== undefined ? fromTokens(c.tokens, tests, now) : fromClaims(c.claims ?? { maskinporten: {} });
  if (!made.ok) return made;
  const request = Object.freeze({ person, requestId: c.requestId });
  return {
    ok: true,
    claims: Object.freeze({ maskinporten: made.maskinporten, consent: made.consent, request }),
  };
}
