import type {
  Claims,
  Consent,
  Context,
  MaskinportenClaims,
  RequestFacts,
  Rule,
  RuleOutcome,
} from '@dsop-guard/core';

/** Evaluation time of every test, epoch seconds (2025-10-09). */
export const NOW = 1_760_000_000;
export const DAY = 86_400;
export const context: Context = { now: NOW, clockTolerance: 10 };

export const PERSON = '01085301957';
export const CONSUMER = '910753614';
export const SUPPLIER = '991825827';

/** A MOD11-valid `0192:` organisation reference. */
export function org(orgno: string) {
  return { authority: 'iso6523-actorid-upis', id: `0192:${orgno}`, icd: '0192', value: orgno };
}

export interface ClaimOverrides {
  readonly maskinporten?: Partial<MaskinportenClaims>;
  /** `null` removes the consent. */
  readonly consent?: Partial<Consent> | null;
  readonly request?: Partial<RequestFacts>;
}

/** A valid direct-consumer Lånekassen claim set in TEST (Altinn 2 consent), with shallow overrides per part. */
export function claims(overrides: ClaimOverrides = {}): Claims {
  const maskinporten: MaskinportenClaims = {
    iss: 'https://test.maskinporten.no/',
    scopes: ['lanekassen:lan/v1/saldoopplysninger'],
    scopeClaimType: 'string',
    consumer: org(CONSUMER),
    supplier: undefined,
    delegationSource: undefined,
    clientAmr: 'virksomhetssertifikat',
    clientId: 'client',
    tokenType: 'Bearer',
    aud: undefined,
    pid: undefined,
    exp: NOW + 100,
    iat: NOW - 20,
    nbf: undefined,
    jti: 'jti-1',
    systemUser: undefined,
    raw: {},
    ...overrides.maskinporten,
  };
  const consent: Consent = {
    source: 'altinn2',
    iss: 'altinn.no',
    offeredBy: PERSON,
    coveredBy: CONSUMER,
    handledBy: undefined,
    validTo: NOW + 30 * DAY,
    validToClaim: 'ValidToDate',
    validToFormat: 'epoch',
    consentedAt: NOW - DAY,
    services: ['5498_1', '5498_1_Navn=Bankens Navn'],
    rights: [],
    consentId: 'd14ee887-3b2c-4d98-a699-bddfc0c77af8',
    ...overrides.consent,
  };
  return {
    maskinporten,
    consent: overrides.consent === null ? undefined : consent,
    request: { person: PERSON, requestId: 'req-1', ...overrides.request },
  };
}

/** An Altinn 3 consent (as normalised from `authorization_details`) for the default consumer and person. */
export function altinn3(overrides: Partial<Consent> = {}): Partial<Consent> {
  return {
    source: 'altinn3',
    iss: 'https://test.maskinporten.no/',
    validToClaim: 'validTo',
    validToFormat: 'iso',
    services: [],
    rights: [{ action: ['consent'], resources: ['lanekassen_5498_1'], metadata: { navn: 'Bankens Navn' } }],
    ...overrides,
  };
}

export async function outcome(rule: Rule, c: Claims, ctx: Context = context): Promise<RuleOutcome> {
  return rule.evaluate(c, ctx);
}

/** The codes of a rule's own violations. */
export async function codes(rule: Rule, c: Claims, ctx: Context = context): Promise<string[]> {
  return (await rule.evaluate(c, ctx)).violations.map((v) => v.code);
}

/** The decisive codes of a tree: violations of failed or errored enforced outcomes, shadow subtrees excluded. */
export function decisive(o: RuleOutcome): string[] {
  if (o.mode === 'shadow' || o.status === 'pass' || o.status === 'skipped') return [];
  return [...o.violations.map((v) => v.code), ...(o.children ?? []).flatMap(decisive)];
}
