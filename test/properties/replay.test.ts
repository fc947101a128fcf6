import {
  type AuditSink,
  type AuditTrailOptions,
  all,
  createAuditTrail,
  type DecisionRecord,
  definePolicy,
  defineRule,
  fail,
  type Policy,
  pass,
  type Rule,
  type RuleOutcome,
} from '@dsop-guard/core';
import { type ReplayResult, replayRecord } from '@dsop-guard/report/replay';
import {
  type PersonIdKind,
  parsePersonId,
  personFacts,
  personIdFromFacts,
  personRule,
  preset,
} from '@dsop-guard/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fcOptions,
  invalidPersonId,
  type LeafBehaviour,
  leafBehaviour,
  leafRule,
  personId,
  presetFault,
  propertyTimeout,
  type RequestPlan,
  validRequest,
} from '../arbitraries/index.js';
import { engineFor } from './support/engines.js';
import { signRequest } from './support/sign.js';

// Laws of policy replay (dsop-guard replay, replayRecord): records are made the way production makes them (a
// real engine over signed generated requests, core's audit trail with the adapters' person facts), then
// replayed from their JSON lines alone.

const lanekassen = preset('lanekassen-saldo', 'test').policy;
const timeout = propertyTimeout(60);
const context = { transport: { adapter: 'property', route: null, method: null }, latencyMs: 1, timeMs: 0 };
const KINDS: readonly PersonIdKind[] = ['fnr', 'dnr', 'hnr', 'tenor', 'dolly'];

const withRule = (policy: Policy, id: string, rule: Rule): Policy =>
  definePolicy({ id, version: '1.0.0', rule: all([policy.rule, rule]) });

/** Policies whose person rule reads the person number under other options: the seam's facts must do the same. */
const personPolicies: readonly Policy[] = [
  lanekassen,
  withRule(lanekassen, 'strict', personRule({ id: 'person-strict', checksum: 'legacy', allow: ['fnr'] })),
  withRule(lanekassen, 'synthetic', personRule({ id: 'person-synthetic', allow: ['tenor', 'dolly', 'hnr'] })),
];

type Privacy = 'mask' | 'pseudonymise' | 'clear';
const trailOptions: Record<Privacy, Omit<AuditTrailOptions, 'sinks'>> = {
  mask: {},
  pseudonymise: { pseudonymKey: { id: 'replay-key', key: 'a-replay-pseudonymisation-key-32' } },
  clear: { person: 'clear' },
};

/** A trail that keeps every line it writes, with the facts the guards record. */
function recorder(privacy: Privacy) {
  const lines: string[] = [];
  const sink: AuditSink = { name: 'memory', write: (line) => void lines.push(line) };
  const trail = createAuditTrail({ sinks: [sink], personFacts, chainId: 'prop', ...trailOptions[privacy] });
  return async (plan: RequestPlan, policy: Policy): Promise<DecisionRecord> => {
    const decision = await engineFor(policy, plan.clockTolerance).decide(signRequest(plan).input);
    await trail.record(decision, context);
    return JSON.parse(lines.at(-1) as string) as DecisionRecord;
  };
}
const recorders = {
  mask: recorder('mask'),
  pseudonymise: recorder('pseudonymise'),
  clear: recorder('clear'),
};
const privacy = fc.constantFrom<Privacy>('mask', 'pseudonymise', 'clear');

/** Valid requests of every person kind, requests with a preset fault, and requests about an invalid person id. */
const anyRequest: fc.Arbitrary<RequestPlan> = fc.oneof(
  validRequest({ consentKinds: ['altinn2'] }),
  validRequest({ consentKinds: ['altinn2'] })
    .chain(presetFault)
    .map((f) => f.plan),
  fc
    .tuple(validRequest({ consentKinds: ['altinn2'] }), invalidPersonId())
    .map(([plan, invalid]) => ({ ...plan, psuId: invalid.value })),
);

/**
 * Numbers of every magnitude: integers of 1 to 16 digits (the 11 of a person number, the 16 of the `exp` that
 * once flipped a deny), negative ones, and doubles of any size.
 */
const anyNumber: fc.Arbitrary<number> = fc.oneof(
  fc
    .integer({ min: 0, max: 15 })
    .chain((k) => fc.integer({ min: 10 ** k, max: Math.min(10 ** (k + 1) - 1, Number.MAX_SAFE_INTEGER) })),
  fc.integer({ min: 1e15, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ max: 0 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A claim value of any JSON type, numbers of every magnitude among them. */
const anyClaim: fc.Arbitrary<unknown> = fc.oneof(anyNumber, fc.jsonValue({ maxDepth: 2 }));

/**
 * A request whose tokens carry numbers of every magnitude: in `exp`, `iat` and `nbf` (the schema's numbers),
 * in the Altinn 2 consent's dates (numbers or strings), and in extra claims of any JSON type.
 */
const numericRequest: fc.Arbitrary<RequestPlan> = fc
  .tuple(
    anyRequest,
    fc.record({ exp: anyNumber, iat: anyNumber, nbf: anyNumber }, { requiredKeys: [] }),
    fc.dictionary(fc.constantFrom('extra', 'ssn', 'count', 'n', 'nested'), anyClaim, { maxKeys: 3 }),
    fc.record(
      { ValidToDate: fc.oneof(anyNumber, fc.string()), DelegatedDate: anyNumber },
      { requiredKeys: [] },
    ),
  )
  .map(([plan, times, extra, dates]) => ({
    ...plan,
    maskinporten: { ...plan.maskinporten, claims: { ...plan.maskinporten.claims, ...times, ...extra } },
    consent:
      plan.consent === undefined
        ? undefined
        : { ...plan.consent, claims: { ...plan.consent.claims, ...dates } },
  }));

/** The recorded shadow rules that failed, at any depth. */
function shadowFailed(
  outcomes: readonly DecisionRecord['outcomes'][number][],
  into: string[] = [],
): string[] {
  for (const o of outcomes) {
    if (o.mode === 'shadow' && o.status === 'fail') into.push(o.ruleId);
    shadowFailed(o.children ?? [], into);
  }
  return into;
}

/** An outcome tree as replay can compare it: rule, status, mode and codes (facts are protected differently). */
type Shape = { ruleId: string; status: string; mode: string; codes: string[]; children?: Shape[] };
function shape(o: RuleOutcome | DecisionRecord['outcomes'][number]): Shape {
  return {
    ruleId: o.ruleId,
    status: o.status,
    mode: o.mode ?? 'enforce',
    codes: (o.violations ?? []).map((v) => v.code),
    ...(o.children === undefined ? {} : { children: o.children.map(shape) }),
  };
}

const replay = async (record: DecisionRecord, policy: Policy): Promise<ReplayResult> =>
  await replayRecord(record, policy);

describe('laws of policy replay', () => {
  it(
    'replaying the policy that made the records reproduces every decision, its reasons and every rule outcome (mask, pseudonymise, clear)',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          anyRequest,
          fc.constantFrom(...personPolicies),
          privacy,
          async (plan, policy, mode) => {
            const record = await recorders[mode](plan, policy);
            const result = await replay(record, policy);
            expect(result.kind).not.toBe('unreplayable');
            if (result.kind === 'before_policy') {
              expect(record.decision).toBe('deny');
              expect(result.reasons).toEqual(record.reasons);
              return;
            }
            if (result.kind !== 'replayed') return;
            expect(result.after.decision).toBe(record.decision);
            expect(result.after.reasons).toEqual(record.reasons);
            expect(result.after).toEqual(result.before);
            const step = record.outcomes.find(
              (o) => o.ruleId === 'policy',
            ) as DecisionRecord['outcomes'][number];
            expect(shape(result.outcome)).toEqual(shape(step));
          },
        ),
        fcOptions(),
      );
    },
  );

  it(
    'replaying the same policy reproduces every decision, reason and rule outcome when the claims hold numbers of every magnitude and every claim type',
    { timeout },
    async () => {
      await fc.assert(
        fc.asyncProperty(numericRequest, privacy, async (plan, mode) => {
          const record = await recorders[mode](plan, lanekassen);
          const result = await replay(record, lanekassen);
          expect(result.kind).not.toBe('unreplayable');
          if (result.kind === 'before_policy') {
            expect(result.reasons).toEqual(record.reasons);
            return;
          }
          if (result.kind !== 'replayed') return;
          expect(result.after).toEqual(result.before);
          expect(result.after.reasons).toEqual(record.reasons);
          const step = record.outcomes.find(
            (o) => o.ruleId === 'policy',
          ) as DecisionRecord['outcomes'][number];
          expect(shape(result.outcome)).toEqual(shape(step));
        }),
        fcOptions(),
      );
    },
  );

  it('adding an enforced rule never flips a deny to an allow', { timeout }, async () => {
    const extra = leafBehaviour().filter((b) => b !== 'timeout');
    await fc.assert(
      fc.asyncProperty(anyRequest, privacy, extra, async (plan, mode, behaviour: LeafBehaviour) => {
        const record = await recorders[mode](plan, lanekassen);
        const tighter = withRule(lanekassen, 'tighter', leafRule('extra', behaviour));
        const result = await replay(record, tighter);
        expect(result.kind).not.toBe('unreplayable');
        const after = result.kind === 'replayed' ? result.after.decision : 'deny';
        if (record.decision === 'deny') expect(after).toBe('deny');
        if (after === 'allow') expect(record.decision).toBe('allow');
      }),
      fcOptions(),
    );
  });

  it(
    "a shadow rule's recorded would-deny is exactly what replay denies with it enforced",
    { timeout },
    async () => {
      const shadowRules: readonly ((mode: 'shadow' | 'enforce') => Rule)[] = [
        (mode) =>
          defineRule({
            id: 'acme.no-suppliers',
            mode,
            check: (c) =>
              c.maskinporten.supplier === undefined
                ? pass()
                : fail({ code: 'custom_denied', path: 'supplier' }),
          }),
        (mode) =>
          defineRule({
            id: 'acme.consent-30-days',
            mode,
            check: (c, x) =>
              (c.consent?.validTo ?? 0) - x.now <= 30 * 86_400
                ? pass()
                : fail({ code: 'custom_denied', path: 'consent.validTo' }),
          }),
        (mode) =>
          defineRule({
            id: 'acme.person-is-fnr',
            mode,
            check: (c, x) => {
              const person = c.request.person ?? '';
              const facts = x.personFacts?.(person);
              const read =
                facts === undefined
                  ? parsePersonId(person, { allow: KINDS })
                  : personIdFromFacts(facts, { allow: KINDS });
              return read.valid && read.kind === 'fnr'
                ? pass()
                : fail({ code: 'custom_denied', path: 'request.person' });
            },
          }),
      ];
      await fc.assert(
        fc.asyncProperty(anyRequest, privacy, fc.nat(shadowRules.length - 1), async (plan, mode, which) => {
          const make = shadowRules[which] as (typeof shadowRules)[number];
          const id = make('shadow').id;
          const record = await recorders[mode](plan, withRule(lanekassen, 'with-shadow', make('shadow')));
          const result = await replay(record, withRule(lanekassen, 'enforced', make('enforce')));
          expect(result.kind).not.toBe('unreplayable');
          const wouldDeny = shadowFailed(record.outcomes).includes(id);
          if (result.kind !== 'replayed') {
            expect(wouldDeny).toBe(false); // decided before the policy: the shadow rule never ran
            return;
          }
          expect(result.after.denyingRules.includes(id)).toBe(wouldDeny);
          const flipped = record.decision === 'allow' && result.after.decision === 'deny';
          expect(flipped).toBe(record.decision === 'allow' && wouldDeny);
        }),
        fcOptions(),
      );
    },
  );

  it('recorded person facts read as the clear number does, under every person-rule option', async () => {
    const anyNumber = fc.oneof(
      personId().map((p) => p.value),
      invalidPersonId()
        .map((p) => p.value)
        .filter((v): v is string => typeof v === 'string'),
      fc.stringMatching(/^[0-9]{11}$/),
    );
    const options = fc.record({
      checksum: fc.constantFrom<'legacy' | 'legacy+2032'>('legacy', 'legacy+2032'),
      allow: fc.subarray([...KINDS], { minLength: 1 }),
    });
    fc.assert(
      fc.property(anyNumber, options, fc.boolean(), (value, o, defaults) => {
        const chosen = defaults ? {} : o;
        expect(personIdFromFacts(personFacts(value), chosen)).toEqual(parsePersonId(value, chosen));
      }),
      fcOptions(20),
    );
  });
});
