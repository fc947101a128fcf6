import {
  all,
  type Claims,
  type ConsentStore,
  createEngine,
  definePolicy,
  defineRule,
  fail,
  localKeySet,
  memoryConsentStore,
  pass,
  type Rule,
  type RuleOutcome,
  type StoredConsent,
  type TamperedConsent,
} from '@dsop-guard/core';
import { createTokenFactory } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
import { sharedKeys } from '../fixtures/sharedKeys.js';

// The verdict is the audit record: its whole shape, not just the decision, is the contract. These tests pin
// complete verdicts for each path through the engine (input, Maskinporten, consent, consent store, policy,
// refusal, engine failure), so that a changed field, code, path or fact is a failing test, not a silent drift.

const now = 1_764_000_000;
const mpKeys = sharedKeys('verdictShape#1', { kid: 'mp' });
const altinnKeys = sharedKeys('verdictShape#2', { kid: 'altinn', x5t: true });
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now });

const coveredByConsumer = defineRule({
  id: 'covered-by-consumer',
  check: (c: Claims) =>
    c.consent === undefined
      ? fail({ code: 'consent_missing', path: 'consent' })
      : c.maskinporten.consumer?.value === c.consent.coveredBy
        ? pass()
        : fail({
            code: 'consumer_mismatch',
            path: 'consent.CoveredBy',
            expected: c.maskinporten.consumer?.value ?? null,
            actual: c.consent.coveredBy ?? null,
          }),
});
const anything = defineRule({ id: 'anything', check: () => pass() });

function engineWith(rule: Rule = all([coveredByConsumer]), extra: Record<string, unknown> = {}) {
  return createEngine({
    policy: definePolicy({ id: 'shape', version: '1', rule }),
    maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
    consent: { keys: localKeySet({ issuer: 'altinn.no', jwks: altinnKeys.jwks, matchX5t: true }) },
    clock: () => now,
    ...extra,
  });
}
const SHA = /^[0-9a-f]{64}$/;
const policyFacts = { id: 'shape', version: '1', sha256: expect.stringMatching(SHA) };
const skipped = (ruleId: string) => ({ ruleId, status: 'skipped', mode: 'enforce', violations: [] });
const passed = (ruleId: string) => ({ ruleId, status: 'pass', mode: 'enforce', violations: [] });
const noSubject = { consumer: null, supplier: null, delegation: 'unknown', person: null };

describe('complete verdicts, path by path', () => {
  it('allow: every step recorded, the subject masked, token facts kept', async () => {
    const mpToken = tokens.direct();
    const v = await engineWith().evaluate({
      maskinportenToken: mpToken,
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
      requestId: 'r-1',
      now,
    });
    expect(v).toEqual({
      decision: 'allow',
      reasons: [],
      violations: [],
      outcomes: [
        passed('input'),
        passed('verify.maskinporten'),
        passed('verify.consent'),
        {
          ...passed('policy'),
          children: [{ ...passed('all(covered-by-consumer)'), children: [passed('covered-by-consumer')] }],
        },
      ],
      subject: { consumer: '0192:910753614', supplier: null, delegation: 'direct', person: '*********57' },
      tokens: {
        maskinporten: {
          iss: 'https://test.maskinporten.no/',
          kid: 'mp',
          jti: expect.any(String),
          exp: now + 115,
          keys: { state: 'local', ageSeconds: null },
        },
        consent: {
          iss: 'altinn.no',
          kid: altinnKeys.kid,
          jti: null,
          exp: expect.any(Number),
          keys: { state: 'local', ageSeconds: null },
        },
      },
      consentSource: 'altinn2',
      policy: policyFacts,
      evaluatedAt: now,
      requestId: 'r-1',
    });
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it('a policy violation: the decisive violation carries its rule, path and facts', async () => {
    const v = await engineWith().evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
      person: tokens.person,
      now,
    });
    const violation = {
      code: 'consumer_mismatch',
      ruleId: 'covered-by-consumer',
      path: 'consent.CoveredBy',
      expected: '910753614',
      actual: '974760673',
    };
    expect([v.decision, v.reasons, v.violations]).toEqual(['deny', ['consumer_mismatch'], [violation]]);
    expect(v.outcomes[3]).toEqual({
      ruleId: 'policy',
      status: 'fail',
      mode: 'enforce',
      violations: [],
      children: [
        {
          ruleId: 'all(covered-by-consumer)',
          status: 'fail',
          mode: 'enforce',
          violations: [],
          children: [
            { ruleId: 'covered-by-consumer', status: 'fail', mode: 'enforce', violations: [violation] },
          ],
        },
      ],
    });
  });

  it('input that is not an object: input_malformed, every later step skipped', async () => {
    const v = await engineWith().evaluate(42 as never);
    expect(v).toEqual({
      decision: 'deny',
      reasons: ['input_malformed'],
      violations: [{ code: 'input_malformed', ruleId: 'input', path: '', expected: 'an object' }],
      outcomes: [
        {
          ruleId: 'input',
          status: 'fail',
          mode: 'enforce',
          violations: [{ code: 'input_malformed', ruleId: 'input', path: '', expected: 'an object' }],
        },
        skipped('verify.maskinporten'),
        skipped('verify.consent'),
        skipped('policy'),
      ],
      subject: noSubject,
      tokens: { maskinporten: null, consent: null },
      consentSource: null,
      policy: policyFacts,
      evaluatedAt: now,
      requestId: null,
    });
  });

  it.each([
    ['null', null],
    ['a string', 'eyJ'],
  ])('input that is %s is input_malformed at the root', async (_name, input) => {
    const v = await engineWith().evaluate(input as never);
    expect(v.violations).toEqual([
      { code: 'input_malformed', ruleId: 'input', path: '', expected: 'an object' },
    ]);
  });

  it('every wrongly typed field is named, in order, with what was expected', async () => {
    const v = await engineWith().evaluate({
      maskinportenToken: 7,
      consentToken: ['t'],
      now: Number.NaN,
      person: 1085301957,
      requestId: { id: 1 },
    });
    expect(v.violations).toEqual([
      { code: 'input_malformed', ruleId: 'input', path: 'maskinportenToken', expected: 'a string' },
      { code: 'input_malformed', ruleId: 'input', path: 'consentToken', expected: 'a string' },
      { code: 'input_malformed', ruleId: 'input', path: 'now', expected: 'epoch seconds from 2015 to 2100' },
      { code: 'input_malformed', ruleId: 'input', path: 'person', expected: 'a string' },
      { code: 'input_malformed', ruleId: 'input', path: 'requestId', expected: 'a string' },
    ]);
    expect(v.evaluatedAt).toBe(now);
    expect(v.outcomes.slice(1)).toEqual([
      skipped('verify.maskinporten'),
      skipped('verify.consent'),
      skipped('policy'),
    ]);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['empty', ''],
  ])('a Maskinporten token that is %s is token_missing, and only that', async (_name, token) => {
    const v = await engineWith().evaluate({
      maskinportenToken: token,
      consentToken: tokens.altinn2Consent(),
    });
    expect(v.violations).toEqual([{ code: 'token_missing', ruleId: 'input', path: 'maskinportenToken' }]);
  });

  it('a string now of "1" and an infinite now are not epoch seconds', async () => {
    for (const bad of ['1', Number.POSITIVE_INFINITY]) {
      const v = await engineWith().evaluate({ maskinportenToken: tokens.direct(), now: bad });
      expect(v.violations).toEqual([
        {
          code: 'input_malformed',
          ruleId: 'input',
          path: 'now',
          expected: 'epoch seconds from 2015 to 2100',
        },
      ]);
    }
  });

  it('an empty person, a null consent token and no requestId are simply absent', async () => {
    const v = await engineWith(all([anything])).evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: null,
      person: '',
      now,
    });
    expect([v.decision, v.subject.person, v.requestId, v.consentSource]).toEqual(['allow', null, null, null]);
    expect(v.outcomes[2]).toEqual(skipped('verify.consent'));
  });

  it('the time of a request is its own now when given, the clock otherwise', async () => {
    const engine = engineWith(all([anything]));
    const at = async (input: Record<string, unknown>) =>
      (await engine.evaluate({ maskinportenToken: tokens.direct(), ...input })).evaluatedAt;
    expect(await at({ now: now + 5 })).toBe(now + 5);
    expect(await at({})).toBe(now);
  });

  it('with no clock option the system clock dates the verdict', async () => {
    const engine = createEngine({
      policy: definePolicy({ id: 'shape', version: '1', rule: all([anything]) }),
      maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
    });
    const before = Math.floor(Date.now() / 1000);
    const v = await engine.evaluate({});
    expect(v.evaluatedAt).toBeGreaterThanOrEqual(before);
    expect(v.evaluatedAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('a long request id is cut at 128 characters', async () => {
    const v = await engineWith().evaluate({ requestId: 'x'.repeat(300) });
    expect(v.requestId).toBe('x'.repeat(128));
  });

  it('a forged Maskinporten token: the signature violation, consent and policy skipped, no subject', async () => {
    const forger = createTokenFactory({
      maskinportenKeys: sharedKeys('verdictShape#3', { kid: 'mp' }),
      altinnKeys,
      now,
    });
    const v = await engineWith().evaluate({
      maskinportenToken: forger.direct(),
      consentToken: tokens.altinn2Consent(),
    });
    expect(v.outcomes.map((o) => [o.ruleId, o.status])).toEqual([
      ['input', 'pass'],
      ['verify.maskinporten', 'fail'],
      ['verify.consent', 'skipped'],
      ['policy', 'skipped'],
    ]);
    expect(v.violations).toEqual([
      { code: 'signature_invalid', ruleId: 'verify.maskinporten', path: 'maskinporten.signature' },
    ]);
    expect([v.subject, v.tokens, v.consentSource]).toEqual([
      noSubject,
      { maskinporten: null, consent: null },
      null,
    ]);
  });

  it('a verified token whose claims fail the schema: the token facts are kept, the subject is not', async () => {
    const v = await engineWith().evaluate({
      maskinportenToken: tokens.direct({ claims: { consumer: 'not-an-object' } }),
      now,
    });
    expect(v.decision).toBe('deny');
    expect(v.outcomes[1]?.status).toBe('fail');
    expect(v.outcomes.slice(2)).toEqual([skipped('verify.consent'), skipped('policy')]);
    expect(v.tokens.maskinporten?.kid).toBe('mp');
    expect(v.subject).toEqual(noSubject);
  });

  it.each([
    [
      'supplier',
      () => tokens.supplier(),
      { consumer: '0192:910753614', supplier: '0192:991825827', delegation: 'supplier' },
    ],
    ['system user', () => tokens.systemUser(), { delegation: 'system_user' }],
  ])('the subject names the delegation of a %s token', async (_name, token, expected) => {
    const v = await engineWith(all([anything])).evaluate({ maskinportenToken: token(), now });
    expect(v.subject).toMatchObject(expected);
  });

  it('an Altinn 3 consent in the Maskinporten token is the consent; a second one in a token is consent_invalid', async () => {
    const a3 = tokens.altinn3();
    const one = await engineWith().evaluate({ maskinportenToken: a3, person: tokens.person, now });
    expect([one.decision, one.consentSource, one.tokens.consent]).toEqual(['allow', 'altinn3', null]);
    const two = await engineWith().evaluate({
      maskinportenToken: a3,
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
      now,
    });
    expect(two.violations).toEqual([
      {
        code: 'consent_invalid',
        ruleId: 'verify.consent',
        path: 'consent',
        expected: 'one consent: a token or authorization_details',
      },
    ]);
    expect(two.outcomes[3]).toEqual(skipped('policy'));
  });

  it('a consent token with no consent keys configured: keys_unavailable at the consent step', async () => {
    const engine = createEngine({
      policy: definePolicy({ id: 'shape', version: '1', rule: all([anything]) }),
      maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
      clock: () => now,
    });
    const v = await engine.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
    });
    expect(v.violations).toEqual([{ code: 'keys_unavailable', ruleId: 'verify.consent', path: 'consent' }]);
    expect(v.tokens.consent).toBeNull();
  });

  it('a consent token that verifies but fails its schema keeps its token facts', async () => {
    const v = await engineWith().evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent({ claims: { CoveredBy: 910753614 } }),
      now,
    });
    expect(v.outcomes[2]?.status).toBe('fail');
    expect(v.tokens.consent?.kid).toBe(altinnKeys.kid);
    expect(v.outcomes[3]).toEqual(skipped('policy'));
  });

  it('a policy whose rule throws outside defineRule: one engine rule_error, never a rejection', async () => {
    const good = definePolicy({ id: 'shape', version: '1', rule: all([anything]) });
    const broken = {
      ...good,
      rule: {
        ...good.rule,
        evaluate: () => {
          throw new Error('boom 01085301957');
        },
      },
    };
    const engine = createEngine({
      policy: broken,
      maskinporten: { keys: localKeySet({ issuer: 'https://test.maskinporten.no/', jwks: mpKeys.jwks }) },
      clock: () => now,
    });
    const v = await engine.evaluate({ maskinportenToken: tokens.direct(), person: tokens.person, now });
    expect(v).toEqual({
      decision: 'deny',
      reasons: ['rule_error'],
      violations: [{ code: 'rule_error', ruleId: 'engine', path: '' }],
      outcomes: [
        {
          ruleId: 'engine',
          status: 'error',
          mode: 'enforce',
          violations: [{ code: 'rule_error', ruleId: 'engine', path: '' }],
        },
      ],
      subject: noSubject,
      tokens: { maskinporten: null, consent: null },
      consentSource: null,
      policy: policyFacts,
      evaluatedAt: now,
      requestId: null,
    });
  });
});

describe('refuse: a transport-level deny in the same shape', () => {
  const engine = engineWith();

  it('records the reason as the one decisive violation, with the request id and time', () => {
    const v = engine.refuse(
      { code: 'input_malformed', ruleId: 'http.authorization', path: 'headers.authorization' },
      { requestId: 'r-9', now: now + 1 },
    );
    const violation = {
      code: 'input_malformed',
      ruleId: 'http.authorization',
      path: 'headers.authorization',
    };
    expect(v).toEqual({
      decision: 'deny',
      reasons: ['input_malformed'],
      violations: [violation],
      outcomes: [
        { ruleId: 'http.authorization', status: 'fail', mode: 'enforce', violations: [violation] },
        skipped('verify.maskinporten'),
        skipped('verify.consent'),
        skipped('policy'),
      ],
      subject: noSubject,
      tokens: { maskinporten: null, consent: null },
      consentSource: null,
      policy: policyFacts,
      evaluatedAt: now + 1,
      requestId: 'r-9',
    });
  });

  it('an invalid rule id becomes "transport"; an unknown code becomes rule_error', () => {
    expect(engine.refuse({ code: 'token_missing', ruleId: 'a b', path: 'x' }).violations).toEqual([
      { code: 'token_missing', ruleId: 'transport', path: 'x' },
    ]);
    expect(engine.refuse({ code: 'nope' as never, ruleId: 'http.x', path: 'x' }).violations).toEqual([
      { code: 'rule_error', ruleId: 'http.x', path: '' },
    ]);
    expect(engine.refuse(undefined as never).violations).toEqual([
      { code: 'rule_error', ruleId: 'transport', path: '' },
    ]);
    expect(engine.refuse(undefined as never).evaluatedAt).toBe(now);
  });
});

describe('the consent store path', () => {
  const key = 'a-secret-of-16-chars';
  const storeEngine = (store: ConsentStore, rule: Rule = all([coveredByConsumer])) =>
    engineWith(rule, { consentStore: { store, key } });

  it('an allowed consent token is kept for the same consumer and person, and later stands in for the token', async () => {
    const store = memoryConsentStore({ clock: () => now });
    const engine = storeEngine(store);
    const first = await engine.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
      now,
    });
    expect([first.decision, first.consentSource]).toEqual(['allow', 'altinn2']);
    const second = await engine.evaluate({
      maskinportenToken: tokens.direct(),
      person: tokens.person,
      now: now + 60,
    });
    expect([second.decision, second.consentSource, second.tokens.consent]).toEqual(['allow', 'stored', null]);
    expect(second.outcomes[2]).toEqual(passed('verify.consent'));
    const stranger = await engine.evaluate({
      maskinportenToken: tokens.direct(),
      person: '13097248022',
      now,
    });
    expect([stranger.decision, stranger.reasons, stranger.consentSource]).toEqual([
      'deny',
      ['consent_missing'],
      null,
    ]);
    const anonymous = await engine.evaluate({ maskinportenToken: tokens.direct(), now });
    expect(anonymous.reasons).toEqual(['consent_missing']);
    const otherBank = createTokenFactory({
      maskinportenKeys: mpKeys,
      altinnKeys,
      now,
      consumer: '974760673',
    });
    const bank = await engine.evaluate({ maskinportenToken: otherBank.direct(), person: tokens.person, now });
    expect(bank.reasons).toEqual(['consent_missing']);
  });

  it('the stored consent keeps the token consent’s facts', async () => {
    const seen: Claims[] = [];
    const spy = defineRule({
      id: 'spy',
      check: (c: Claims) => {
        seen.push(c);
        return pass();
      },
    });
    const engine = storeEngine(memoryConsentStore({ clock: () => now }), all([spy]));
    await engine.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
      now,
    });
    await engine.evaluate({ maskinportenToken: tokens.direct(), person: tokens.person, now });
    const [fromToken, fromStore] = seen.map((c) => c.consent);
    expect(fromStore).toEqual({
      source: 'stored',
      iss: undefined,
      offeredBy: tokens.person,
      coveredBy: fromToken?.coveredBy,
      handledBy: fromToken?.handledBy,
      validTo: fromToken?.validTo,
      validToClaim: 'stored',
      validToFormat: 'epoch',
      consentedAt: fromToken?.consentedAt,
      services: fromToken?.services,
      rights: fromToken?.rights,
      consentId: undefined,
    });
  });

  it('a stored consent past its end (beyond the tolerance) is not used; within the tolerance it is', async () => {
    const entries = new Map<string, StoredConsent>();
    const store: ConsentStore = {
      get: async (k) => entries.get(k),
      set: async (k, v) => {
        entries.set(k, v);
      },
    };
    const engine = storeEngine(store);
    const first = await engine.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
      now,
    });
    expect(first.decision).toBe('allow');
    const [stored] = [...entries.values()];
    const validTo = stored?.validTo ?? 0;
    const at = (t: number) =>
      engine
        .evaluate({
          maskinportenToken: createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now: t }).direct(),
          person: tokens.person,
          now: t,
        })
        .then((v) => v.consentSource);
    expect(await at(validTo + 9)).toBe('stored');
    expect(await at(validTo + 10)).toBeNull();
  });

  it('a stored consent for another consumer under the same key is not used', async () => {
    const store: ConsentStore = {
      get: async () => ({
        coveredBy: '974760673',
        handledBy: undefined,
        validTo: now + 3600,
        consentedAt: undefined,
        services: [],
        rights: [],
        origin: 'altinn2',
      }),
      set: async () => undefined,
    };
    const v = await storeEngine(store).evaluate({
      maskinportenToken: tokens.direct(),
      person: tokens.person,
      now,
    });
    expect([v.reasons, v.consentSource]).toEqual([['consent_missing'], null]);
  });

  it('a store that throws on get denies with consent_store_unavailable; one that throws on set still allows', async () => {
    // One throws where it should reject: a store written without async must not slip past the engine either.
    const down = {
      get: () => {
        throw new Error('ECONNREFUSED');
      },
      set: async () => {
        throw new Error('ECONNREFUSED');
      },
    } as unknown as ConsentStore;
    const engine = storeEngine(down);
    const withoutToken = await engine.evaluate({
      maskinportenToken: tokens.direct(),
      person: tokens.person,
      now,
    });
    expect(withoutToken.violations).toEqual([
      { code: 'consent_store_unavailable', ruleId: 'verify.consent', path: 'consent' },
    ]);
    const withToken = await engine.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
      now,
    });
    expect(withToken.decision).toBe('allow');
  });

  it('an entry the store answers as tampered denies with consent_store_tampered, and counts no store failure', async () => {
    const good: StoredConsent = {
      coveredBy: tokens.consumer,
      handledBy: undefined,
      validTo: now + 600,
      consentedAt: now - 60,
      services: [],
      rights: [],
      origin: 'altinn2',
    };
    let answer: StoredConsent | TamperedConsent = { tampered: 'seal' };
    const engine = storeEngine({ get: async () => answer, set: async () => undefined });
    const request = { maskinportenToken: tokens.direct(), person: tokens.person, now };
    for (let i = 0; i < 10; i += 1) {
      const v = await engine.evaluate(request);
      expect([v.decision, v.consentSource, v.outcomes[2]]).toEqual([
        'deny',
        null,
        {
          ruleId: 'verify.consent',
          status: 'fail',
          mode: 'enforce',
          violations: [
            { code: 'consent_store_tampered', ruleId: 'verify.consent', path: 'consent', actual: 'seal' },
          ],
        },
      ]);
    }
    // Ten in a row, and the breaker (five failures) is still closed: the next good answer serves.
    answer = good;
    expect((await engine.evaluate(request)).consentSource).toBe('stored');
  });

  it('keeps nothing from a deny, from a consent for another person or organisation, or without a person', async () => {
    const sets: string[] = [];
    const store: ConsentStore = { get: async () => undefined, set: async (k) => void sets.push(k) };
    const lenient = storeEngine(store, all([anything]));
    await storeEngine(store).evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
      person: tokens.person,
      now,
    });
    await lenient.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
      person: tokens.person,
      now,
    });
    await lenient.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: '13097248022',
      now,
    });
    await lenient.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      now,
    });
    expect(sets).toEqual([]);
    await lenient.evaluate({
      maskinportenToken: tokens.direct(),
      consentToken: tokens.altinn2Consent(),
      person: tokens.person,
      now,
    });
    expect(sets).toHaveLength(1);
  });

  it('the store key is an HMAC of consumer and person under the configured secret, never the fødselsnummer', async () => {
    const keysSeen: string[] = [];
    const store: ConsentStore = { get: async () => undefined, set: async (k) => void keysSeen.push(k) };
    const run = (secret: string) =>
      engineWith(all([anything]), { consentStore: { store, key: secret } }).evaluate({
        maskinportenToken: tokens.direct(),
        consentToken: tokens.altinn2Consent(),
        person: tokens.person,
        now,
      });
    await run(key);
    await run(key);
    await run(`${key}-other`);
    const [a, b, c] = keysSeen;
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(keysSeen.join()).not.toContain(tokens.person);
  });
});

describe('a rule outcome in a verdict: shared only when nothing in it can leak or change', () => {
  const request = () => ({
    maskinportenToken: tokens.direct(),
    consentToken: tokens.altinn2Consent(),
    person: tokens.person,
    now,
  });
  const leafOf = (v: { outcomes: readonly { children?: readonly unknown[] }[] }) =>
    (v.outcomes[3]?.children?.[0] as { children: readonly Record<string, unknown>[] }).children[0];

  it("defineRule's pass outcome is carried as it is: frozen, so no verdict can change another's", async () => {
    const engine = engineWith();
    const [a, b] = [await engine.evaluate(request()), await engine.evaluate(request())];
    expect(leafOf(a)).toBe(leafOf(b));
    expect(Object.isFrozen(leafOf(a))).toBe(true);
    expect(() => {
      (leafOf(a) as Record<string, unknown>)['status'] = 'fail';
    }).toThrow(TypeError);
    expect(leafOf(b)).toEqual(passed('covered-by-consumer'));
    // So are the engine's passed steps, and an allow's empty reasons and violations.
    for (const i of [0, 1, 2]) {
      expect(a.outcomes[i]).toBe(b.outcomes[i]);
      expect(Object.isFrozen(a.outcomes[i])).toBe(true);
    }
    expect(Object.isFrozen(a.reasons) && Object.isFrozen(a.violations)).toBe(true);
  });

  it('an all whose every rule passed, and the policy over it: one frozen outcome for every verdict, as built', async () => {
    const engine = engineWith();
    const [a, b] = [await engine.evaluate(request()), await engine.evaluate(request())];
    const policyOf = (v: typeof a) => v.outcomes[3] as RuleOutcome;
    expect(policyOf(a)).toBe(policyOf(b));
    expect(policyOf(a).children?.[0]).toBe(policyOf(b).children?.[0]);
    for (const node of [policyOf(a), policyOf(a).children?.[0]]) {
      expect(Object.isFrozen(node) && Object.isFrozen(node?.children)).toBe(true);
    }
    // The same members, in the same order, as an outcome made fresh.
    const leaf = leafOf(a) as unknown as RuleOutcome;
    const fresh = { ruleId: 'policy', status: 'pass', mode: 'enforce', violations: [] };
    expect(JSON.stringify(policyOf(a))).toBe(
      JSON.stringify({
        ...fresh,
        children: [{ ...fresh, ruleId: policyOf(a).children?.[0]?.ruleId, children: [leaf] }],
      }),
    );
    // A failing rule makes both fresh again, and the next allow shares the first allow's.
    const denied = await engine.evaluate({
      ...request(),
      consentToken: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
    });
    expect(denied.decision).toBe('deny');
    expect(policyOf(denied)).not.toBe(policyOf(a));
    expect(Object.isFrozen(policyOf(denied))).toBe(false);
    expect(policyOf(await engine.evaluate(request()))).toBe(policyOf(a));
  });

  it('an all over a rule whose outcome is not a shared one is not shared either', async () => {
    const own = {
      id: 'own-pass',
      mode: 'enforce',
      evaluate: async () => ({ ruleId: 'own-pass', status: 'pass', mode: 'enforce', violations: [] }),
      describe: () => ({ kind: 'rule', id: 'own-pass', mode: 'enforce' }),
    } as unknown as Rule;
    const engine = engineWith(all([own]));
    const [a, b] = [await engine.evaluate(request()), await engine.evaluate(request())];
    expect(a.decision).toBe('allow');
    expect(a.outcomes[3]).not.toBe(b.outcomes[3]);
    expect(a.outcomes[3]).toEqual(b.outcomes[3]);
  });

  it('a hand-made rule whose frozen outcome holds more is copied member by member', async () => {
    const shared = Object.freeze({
      ruleId: 'hand-made',
      status: 'pass',
      mode: 'enforce',
      violations: Object.freeze([]),
      debug: { person: tokens.person },
    });
    const handMade = {
      id: 'hand-made',
      mode: 'enforce',
      evaluate: async () => shared,
      describe: () => ({ kind: 'rule', id: 'hand-made', mode: 'enforce' }),
    } as unknown as Rule;
    const v = await engineWith(all([handMade])).evaluate(request());
    expect(v.decision).toBe('allow');
    expect(leafOf(v)).toEqual(passed('hand-made'));
    expect(leafOf(v)).not.toBe(shared);
    expect(JSON.stringify(v)).not.toContain(tokens.person);
  });
});
