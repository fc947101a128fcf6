import {
  all,
  type Claims,
  type Context,
  createEngine,
  definePolicy,
  defineRule,
  memoryConsentStore,
  type Policy,
  pass,
  type RuleMode,
} from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import type { RequestPlan } from '../arbitraries/index.js';
import { engineFor, FIXED_CLOCK } from '../properties/support/engines.js';
import { propertyKeys } from '../properties/support/keys.js';
import { referencePolicy } from '../properties/support/referencePolicy.js';
import { signRequest } from '../properties/support/sign.js';
import { sampleRequest } from './support.js';

// Issue 26 (High): rules could rewrite the consent. The Maskinporten claims and the request were frozen, the
// consent was not (Altinn 2, Altinn 3 and stored consents alike), nor the claims object or the context. A custom
// rule, even in shadow mode, that set `claims.consent.validTo` or `offeredBy`, replaced `claims.consent` or moved
// `context.now` made an expired consent (or another person's) an allow for the rules after it; the rewritten consent was what
// the consent store kept (a 60 s consent served an hour later), and a change to a stored consent's `services`
// persisted in the store. Fix: consents are frozen as they are made (normalisation, the store's copy), the claims
// and the context are frozen, and the store keeps what verification produced. A write in strict mode throws
// (rule_error); a sloppy write (Reflect.set here) changes nothing.

type Mutation = (claims: Claims, context: Context) => void;
const FAR = 4_000_000_000;
const anyOf = (value: unknown) => value as Record<string, unknown>;

const STRICT: Record<string, Mutation> = {
  'sets consent.validTo': (c) => {
    anyOf(c.consent).validTo = FAR;
  },
  'replaces claims.consent': (c) => {
    const coveredBy = c.maskinporten.consumer?.value;
    anyOf(c).consent = { ...c.consent, validTo: FAR, offeredBy: c.request.person, coveredBy };
  },
  'sets consent.offeredBy': (c) => {
    anyOf(c.consent).offeredBy = c.request.person;
  },
  'sets consent.coveredBy': (c) => {
    anyOf(c.consent).coveredBy = c.maskinporten.consumer?.value;
  },
  'moves context.now': (_c, ctx) => {
    anyOf(ctx).now = 0;
  },
};
const SLOPPY: Record<string, Mutation> = {
  'sets consent.validTo': (c) => Reflect.set(c.consent ?? {}, 'validTo', FAR),
  'replaces claims.consent': (c) =>
    Reflect.set(c, 'consent', {
      ...c.consent,
      offeredBy: c.request.person,
      coveredBy: c.maskinporten.consumer?.value,
    }),
  'sets consent.offeredBy': (c) => Reflect.set(c.consent ?? {}, 'offeredBy', c.request.person),
  'sets consent.coveredBy': (c) => Reflect.set(c.consent ?? {}, 'coveredBy', c.maskinporten.consumer?.value),
  'moves context.now': (_c, ctx) => Reflect.set(ctx, 'now', 0),
};

const mutator = (mutate: Mutation, mode: RuleMode) =>
  defineRule({
    id: 'acme.mutator',
    mode,
    check: (claims, context) => {
      mutate(claims, context);
      return pass();
    },
  });
/** The reference policy with `first` before its rules. */
const withFirst = (first: ReturnType<typeof defineRule>): Policy =>
  definePolicy({ id: 'p', version: '1', rule: all([first, referencePolicy().rule]) });

/** The plan with its consent (in the token or beside it) ending at `validTo`. */
function ended(plan: RequestPlan, validTo: number): RequestPlan {
  if (plan.consentKind === 'altinn2') {
    const consent = plan.consent ?? { claims: {}, signing: { key: 'own' as const } };
    const { ValidTo: _alias, ...claims } = consent.claims;
    return { ...plan, consent: { ...consent, claims: { ...claims, ValidToDate: validTo } } };
  }
  const [entry] = plan.maskinporten.claims['authorization_details'] as Record<string, unknown>[];
  const at = new Date(validTo * 1000).toISOString();
  const claims = { ...plan.maskinporten.claims, authorization_details: [{ ...entry, validTo: at }] };
  return { ...plan, maskinporten: { ...plan.maskinporten, claims } };
}

/** A consent (in the token or beside it) that ended an hour ago, another person gave, or covers another consumer. */
function spoilt(plan: RequestPlan, how: 'expired' | 'another person' | 'another consumer'): RequestPlan {
  if (how === 'expired') return ended(plan, plan.now - 3600);
  const other = '01085301957' === plan.person.value ? '25922947409' : '01085301957';
  const bank = plan.consumer === '910753614' ? '910514458' : '910753614';
  if (plan.consentKind === 'altinn2') {
    const consent = plan.consent ?? { claims: {}, signing: { key: 'own' as const } };
    const edit = how === 'another person' ? { OfferedBy: other } : { CoveredBy: bank };
    return { ...plan, consent: { ...consent, claims: { ...consent.claims, ...edit } } };
  }
  const [entry] = plan.maskinporten.claims['authorization_details'] as Record<string, unknown>[];
  const edit =
    how === 'another person'
      ? { from: `urn:altinn:person:identifier-no:${other}` }
      : { to: `urn:altinn:organization:identifier-no:${bank}` };
  const claims = { ...plan.maskinporten.claims, authorization_details: [{ ...entry, ...edit }] };
  return { ...plan, maskinporten: { ...plan.maskinporten, claims } };
}

describe('regression: rules cannot rewrite the consent (issue 26)', () => {
  for (const kind of ['altinn2', 'altinn3'] as const) {
    for (const how of ['expired', 'another person', 'another consumer'] as const) {
      const plan = spoilt(sampleRequest({ consentKinds: [kind], validToStyles: ['epoch'] }), how);
      const input = signRequest(plan).input;
      const judge = (policy: Policy) => engineFor(policy, plan.clockTolerance).evaluate(input);

      it.each(
        Object.keys(STRICT),
      )(`${kind}, ${how}: a strict write (%s) is a rule_error, never an allow`, async (name) => {
        const base = await judge(referencePolicy());
        expect(base.decision).toBe('deny');
        const enforced = await judge(withFirst(mutator(STRICT[name] as Mutation, 'enforce')));
        expect(enforced.reasons).toEqual(['rule_error', ...base.reasons]);
        const shadow = await judge(withFirst(mutator(STRICT[name] as Mutation, 'shadow')));
        expect(shadow.reasons).toEqual(base.reasons);
      });

      it.each(Object.keys(SLOPPY))(`${kind}, ${how}: a sloppy write (%s) changes nothing`, async (name) => {
        const base = await judge(referencePolicy());
        for (const mode of ['enforce', 'shadow'] as const) {
          expect((await judge(withFirst(mutator(SLOPPY[name] as Mutation, mode)))).reasons).toEqual(
            base.reasons,
          );
        }
      });
    }
  }
});

/** Whether `value` and everything it holds is frozen. */
function frozenThrough(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(frozenThrough);
}

describe('regression: what a rule receives is frozen at every depth, for each consent source', () => {
  const keys = propertyKeys();
  const seen: { claims: Claims; context: Context }[] = [];
  const watcher = defineRule({
    id: 'acme.watch',
    mode: 'shadow',
    check: (claims, context) => {
      seen.push({ claims, context });
      return pass();
    },
  });
  const engine = createEngine({
    policy: withFirst(watcher),
    maskinporten: { keys: keys.maskinportenSet },
    consent: { keys: keys.altinnSet },
    consentStore: { store: memoryConsentStore(), key: 'a-consent-store-key-of-32-chars!' },
    clock: () => FIXED_CLOCK,
  });

  it.each(['altinn2', 'altinn3'] as const)('%s, then the same consent from the store', async (kind) => {
    const plan = sampleRequest({ consentKinds: [kind], clockTolerance: 0 });
    seen.length = 0;
    expect((await engine.evaluate(signRequest(plan).input)).decision).toBe('allow');
    const later = withoutConsent(afterwards(plan, 5));
    expect((await engine.evaluate(signRequest(later).input)).consentSource).toBe('stored');
    expect(seen.map((s) => s.claims.consent?.source)).toEqual([kind, 'stored']);
    for (const { claims, context } of seen) {
      expect(frozenThrough(claims)).toBe(true);
      expect(Object.isFrozen(context)).toBe(true);
    }
  });
});

/** The request without its consent (no consent token, no authorization_details): the store's is used. */
function withoutConsent(plan: RequestPlan): RequestPlan {
  const { authorization_details: _details, ...claims } = plan.maskinporten.claims;
  return { ...plan, consent: undefined, maskinporten: { ...plan.maskinporten, claims } };
}

/** The same request `seconds` later, with a Maskinporten token issued then. */
function afterwards(plan: RequestPlan, seconds: number): RequestPlan {
  const claims = plan.maskinporten.claims;
  const shift = (name: string) =>
    typeof claims[name] === 'number' ? { [name]: (claims[name] as number) + seconds } : {};
  return {
    ...plan,
    now: plan.now + seconds,
    maskinporten: { ...plan.maskinporten, claims: { ...claims, ...shift('iat'), ...shift('exp') } },
  };
}

describe('regression: the consent store keeps what verification produced, never what a rule was handed', () => {
  const keys = propertyKeys();
  const engineWith = (policy: Policy) =>
    createEngine({
      policy,
      maskinporten: { keys: keys.maskinportenSet },
      consent: { keys: keys.altinnSet },
      consentStore: { store: memoryConsentStore(), key: 'a-consent-store-key-of-32-chars!' },
      clockTolerance: 0,
      clock: () => FIXED_CLOCK,
    });

  it('a 60 s consent a shadow rule tried to extend is not served ten minutes later', async () => {
    const base = sampleRequest({ consentKinds: ['altinn2'], validToStyles: ['epoch'], clockTolerance: 0 });
    const consent = base.consent ?? { claims: {}, signing: { key: 'own' as const } };
    const { ValidTo: _alias, ...claims } = consent.claims;
    const plan = { ...base, consent: { ...consent, claims: { ...claims, ValidToDate: base.now + 60 } } };
    const engine = engineWith(withFirst(mutator(STRICT['sets consent.validTo'] as Mutation, 'shadow')));
    expect((await engine.evaluate(signRequest(plan).input)).decision).toBe('allow');
    const later = withoutConsent(afterwards(plan, 600));
    const verdict = await engine.evaluate(signRequest(later).input);
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons).toContain('consent_missing');
  });

  it.each([
    'altinn2',
    'altinn3',
  ] as const)('a stored %s consent’s services and rights cannot be changed by a rule', async (kind) => {
    const plan = sampleRequest({ consentKinds: [kind], clockTolerance: 0 });
    const lists: { services: readonly string[]; rights: unknown }[] = [];
    const meddler = defineRule({
      id: 'acme.meddler',
      mode: 'shadow',
      check: (c) => {
        const consent = c.consent;
        if (consent !== undefined)
          lists.push({ services: [...consent.services], rights: structuredClone(consent.rights) });
        if (consent?.source === 'stored') {
          Reflect.apply(Array.prototype.push, consent.services, ['9999_1']);
        }
        return pass();
      },
    });
    const engine = engineWith(withFirst(meddler));
    expect((await engine.evaluate(signRequest(plan).input)).decision).toBe('allow');
    const later = withoutConsent(afterwards(plan, 5));
    expect((await engine.evaluate(signRequest(later).input)).consentSource).toBe('stored');
    expect((await engine.evaluate(signRequest(afterwards(later, 5)).input)).consentSource).toBe('stored');
    expect(lists).toHaveLength(3);
    expect(lists[2]).toEqual(lists[1]);
    expect(lists[1]?.services).toEqual(lists[0]?.services);
  });
});
