import {
  type Claims,
  type Context,
  defineRule,
  fail,
  pass,
  type Rule,
  type RuleMode,
} from '@dsop-guard/core';
import fc from 'fast-check';
import { type LeafBehaviour, leafBehaviour, leafRule } from './leafRules.js';

/** What a hostile custom rule tries beyond the leaf behaviours: writes to what it is given, forged results. */
export const HOSTILE_BEHAVIOURS = [
  'write-strict',
  'write-sloppy',
  'look-alike-pass',
  'proxy-pass',
  'thenable-look-alike',
  'engine-code',
  'flood',
] as const;
export type HostileBehaviour = (typeof HOSTILE_BEHAVIOURS)[number];

/** One write a rule may try: to the consent, the claims, the Maskinporten claims, the request or the context. */
type Write = (claims: Claims, context: Context) => [target: object | undefined, name: string, value: unknown];
const WRITES: Readonly<Record<string, Write>> = {
  'consent.validTo': (c) => [c.consent, 'validTo', 4_000_000_000],
  'consent.offeredBy': (c) => [c.consent, 'offeredBy', c.request.person],
  'consent.coveredBy': (c) => [c.consent, 'coveredBy', c.maskinporten.consumer?.value],
  'consent.services': (c) => [c.consent?.services, 'length', 0],
  'consent.rights[0]': (c) => [c.consent?.rights, '0', { action: [], resources: [], metadata: {} }],
  'claims.consent': (c) => [c, 'consent', { ...c.consent, validTo: 4_000_000_000 }],
  'maskinporten.iss': (c) => [c.maskinporten, 'iss', 'https://test.maskinporten.no/'],
  'maskinporten.scopes': (c) => [c.maskinporten.scopes, '0', 'lanekassen:lan/v1/saldoopplysninger'],
  'request.person': (c) => [c.request, 'person', c.consent?.offeredBy],
  'context.now': (_c, ctx) => [ctx, 'now', 0],
  'context.clockTolerance': (_c, ctx) => [ctx, 'clockTolerance', 1e9],
};
export const WRITE_TARGETS = Object.keys(WRITES);

const lookAlikePass = { isOk: () => true, isErr: () => false, value: undefined };

function hostileCheck(b: HostileBehaviour, target: string): (claims: Claims, context: Context) => unknown {
  const write = WRITES[target] as Write;
  switch (b) {
    case 'write-strict':
      return (claims, context) => {
        const [object, name, value] = write(claims, context);
        if (object !== undefined) (object as Record<string, unknown>)[name] = value;
        return pass();
      };
    case 'write-sloppy':
      return (claims, context) => {
        const [object, name, value] = write(claims, context);
        if (object !== undefined) Reflect.set(object, name, value);
        return pass();
      };
    case 'look-alike-pass':
      return () => lookAlikePass;
    case 'proxy-pass':
      return () => new Proxy(pass(), {});
    case 'thenable-look-alike':
      // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable is the point of this behaviour
      return () => ({ then: (resolve: (v: unknown) => void) => resolve(lookAlikePass) });
    case 'engine-code':
      return () => fail({ code: 'keys_unavailable', path: 'maskinporten' });
    case 'flood':
      return () =>
        fail(...(Array.from({ length: 40 }, () => ({ code: 'custom_denied', path: '' })) as [never]));
  }
}

/** A custom rule, as the law about added rules sees it: what it does, its mode, and whether it runs first. */
export interface CustomRulePlan {
  readonly behaviour: LeafBehaviour | HostileBehaviour;
  readonly target: string;
  readonly mode: RuleMode;
  readonly first: boolean;
}

/**
 * Any custom rule: the leaf behaviours (pass, fail, async, throw, reject, time out, junk, malformed violations)
 * and hostile ones (writes to the claims, the consent and the context, strict or sloppy; a look-alike pass, a
 * Proxy of a pass, a thenable of a look-alike; an engine code; a flood of violations), in either mode, before
 * or after the rules it joins.
 *
 * @example
 * ```ts
 * fc.property(customRulePlan(), (plan) => customRule('acme.extra', plan).mode === plan.mode);
 * ```
 */
export function customRulePlan(): fc.Arbitrary<CustomRulePlan> {
  return fc.record({
    behaviour: fc.oneof(
      leafBehaviour(3),
      { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_BEHAVIOURS) },
      { weight: 3, arbitrary: fc.constantFrom<HostileBehaviour>('write-strict', 'write-sloppy') },
    ),
    target: fc.constantFrom(...WRITE_TARGETS),
    mode: fc.constantFrom<RuleMode>('enforce', 'shadow'),
    first: fc.boolean(),
  });
}

/** The rule a {@link CustomRulePlan} describes, built with defineRule. */
export function customRule(id: string, plan: CustomRulePlan): Rule {
  if (!(HOSTILE_BEHAVIOURS as readonly string[]).includes(plan.behaviour))
    return leafRule(id, plan.behaviour as LeafBehaviour, plan.mode);
  const check = hostileCheck(plan.behaviour as HostileBehaviour, plan.target);
  return defineRule({ id, mode: plan.mode, timeoutMs: 5, check: check as never });
}
