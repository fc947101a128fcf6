// Private: what each claim means, and where the domain reference (docs/inspector.md#claims, from the public
// sources named there) says so.

/** One claim's explanation and its source. */
export interface ClaimNote {
  readonly en: string;
  /** The public source the domain reference cites. */
  readonly source: string;
  readonly href: string;
  /** Where core's violations about this claim point (verdict paths), by prefix. */
  readonly paths: readonly string[];
}

const MP_TOKEN = 'https://docs.digdir.no/docs/Maskinporten/maskinporten_protocol_token';
const MP_DELEG = 'https://docs.digdir.no/docs/Maskinporten/maskinporten_func_delegering';
const MP_AUD = 'https://docs.digdir.no/docs/Maskinporten/maskinporten_func_audience_restricted_tokens';
const MP_PID = 'https://docs.digdir.no/docs/Maskinporten/maskinporten_func_pid_restricted_tokens';
const A2_TOKEN = 'https://altinn.github.io/docs/utviklingsguider/samtykke/datakilde/bruk-av-token/';
const A3_VAL = 'https://docs.altinn.studio/authorization/guides/validate-consent';
const DSOP_SAM = 'https://dokumentasjon.dsop.no/dsop_saldostudielan_integrasjonSamtykke.html';

const mp = (en: string, paths: readonly string[], source = 'reference §2.3, MP-TOKEN', href = MP_TOKEN) => ({
  en,
  source,
  href,
  paths,
});
const a2 = (en: string, paths: readonly string[], source = 'reference §3.1, A2-TOKEN', href = A2_TOKEN) => ({
  en,
  source,
  href,
  paths,
});

/** The Maskinporten token's claims. */
export const maskinportenNotes: Readonly<Record<string, ClaimNote>> = {
  iss: mp('The issuer: https://maskinporten.no/ in PROD, https://test.maskinporten.no/ in TEST.', [
    'maskinporten.iss',
  ]),
  client_id: mp('The client that got the token. Must not be used for access control.', []),
  client_amr: mp('How the client authenticated: private_key_jwt, virksomhetssertifikat, …', [
    'maskinporten.client_amr',
  ]),
  consumer: mp('The legal consumer (the bank): {authority, ID: "0192:<orgno>"}.', ['maskinporten.consumer']),
  scope: mp("Space-separated scopes; must hold the service's scope.", ['maskinporten.scope']),
  token_type: mp('Always "Bearer".', ['maskinporten.token_type']),
  exp: mp('Expiry, epoch seconds. DSOP tokens live 120 s.', ['maskinporten.exp', 'maskinporten.lifetime']),
  iat: mp('Issued at, epoch seconds.', ['maskinporten.iat', 'maskinporten.lifetime']),
  nbf: mp('Not before, epoch seconds.', ['maskinporten.nbf']),
  jti: mp("The token's unique id.", ['maskinporten.jti']),
  supplier: mp(
    'The vendor acting for the consumer through Altinn delegation (a data processor).',
    ['maskinporten.supplier'],
    'reference §2.3, §2.8, MP-DELEG',
    MP_DELEG,
  ),
  delegation_source: mp(
    'The OAuth2 issuer of the delegation: https://www.altinn.no (PROD), https://tt02.altinn.no/ (TEST).',
    ['maskinporten.delegation_source', 'maskinporten.delegationSource'],
    'reference §2.3, MP-DELEG',
    MP_DELEG,
  ),
  aud: mp(
    'The audience, when the client asked for one (resource).',
    ['maskinporten.aud'],
    'reference §2.3, MP-AUD',
    MP_AUD,
  ),
  pid: mp(
    'An end-user-restricted token: the person it is for. Must equal the person of the call.',
    ['maskinporten.pid'],
    'reference §2.3, MP-PID',
    MP_PID,
  ),
  authorization_details: mp(
    'Rich authorization (RFC 9396): an Altinn 3 consent (urn:altinn:consent) or a system user.',
    ['maskinporten.authorization_details', 'consent'],
    'reference §3.3, A3-VAL',
    A3_VAL,
  ),
  client_orgno: mp('Legacy: use consumer instead.', []),
};

/** The Altinn 2 consent token's claims. */
export const consentNotes: Readonly<Record<string, ClaimNote>> = {
  Services: a2(
    'The Altinn services consented to: "<code>_<edition>" and metadata "<code>_<edition>_<name>=<value>".',
    ['consent.services', 'consent.rights'],
  ),
  AuthorizationCode: a2('The authorisation code the token was fetched with.', []),
  OfferedBy: a2('Who gave the consent: the person (fødselsnummer) or an organisation.', [
    'consent.offeredBy',
    'person',
  ]),
  CoveredBy: a2("Who receives the data: the bank's orgno. Must equal the Maskinporten consumer.", [
    'consent.coveredBy',
  ]),
  HandledBy: a2('The supplier handling consents for CoveredBy; only when the supplier fetched the token.', [
    'consent.handledBy',
  ]),
  RequiredDelegator: a2(
    'The person who must give the consent (DSOP samples).',
    [],
    'reference §3.1, DSOP-SAM',
    DSOP_SAM,
  ),
  DelegatedDate: a2('When the consent was given, epoch seconds.', ['consent.consentedAt']),
  ValidToDate: a2('When the consent ends, epoch seconds.', ['consent.validTo']),
  ValidTo: a2(
    'An alias of ValidToDate seen in a DSOP checklist.',
    ['consent.validTo'],
    'reference §1.5, DSOP-SAM',
    DSOP_SAM,
  ),
  iss: a2('"altinn.no" in both environments.', ['consent.iss']),
  exp: a2('Token expiry: consent tokens live about 30 s.', ['consent.exp']),
  nbf: a2('Not before.', ['consent.nbf']),
  iat: a2('Issued at (DSOP samples only).', ['consent.iat']),
};
