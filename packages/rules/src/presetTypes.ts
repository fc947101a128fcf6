import type { Policy } from '@dsop-guard/core';

/**
 * The DSOP services with a preset.
 *
 * @example
 * ```ts
 * const name: PresetName = 'lanekassen-saldo';
 * ```
 */
export type PresetName = 'lanekassen-saldo' | 'skatteetaten-inntekt' | 'nav-sykeuforeopplysninger';

/** A DSOP environment. */
export type Environment = 'test' | 'prod';

/** How a DSOP service carries its tokens over HTTP. Header names are lower case. */
export interface Transport {
  /** How the Maskinporten token sits in `Authorization`: `raw` (no scheme, Lånekassen), `bearer`, or `either`. */
  readonly authorization: 'raw' | 'bearer' | 'either';
  /** The header that carries the Altinn 2 consent token, e.g. `consent-id` or `altinnsamtykke`. */
  readonly consentHeader: string;
  /** The headers that may carry the person, in order of preference, e.g. `['psu-id', 'psu_id']`. */
  readonly personHeaders: readonly string[];
  /** The header that carries the request id. */
  readonly requestIdHeader: string;
}

/** A ready-made policy and transport for one DSOP service in one environment. */
export interface Preset {
  readonly name: string;
  readonly environment: Environment;
  readonly policy: Policy;
  readonly transport: Transport;
  /** The Maskinporten issuer of this environment. */
  readonly issuer: string;
  /** The Maskinporten metadata URL of this environment. */
  readonly metadataUrl: string;
  /** The Altinn 2 consent token issuer (`altinn.no` in both environments). */
  readonly consentIssuer: string;
  /** Where the Altinn 2 consent keys are published (UNCONFIRMED for prod). */
  readonly consentJwksUri: string;
}

/**
 * Options of `preset`: the service's Altinn 3 resource ids, which Altinn does not publish per service.
 *
 * @example
 * ```ts
 * const options: PresetOptions = { altinn3Resource: 'lanekassen-saldo-samtykke' }; // your agreed id
 * ```
 */
export interface PresetOptions {
  /** The Altinn 3 resource id a consent right must cover. Default none: Altinn 3 consents are denied. */
  readonly altinn3Resource?: string;
  /** Also accepted: the migrated resource id `{org}_{code}_{edition}`. Default none. */
  readonly altinn3MigratedResource?: string;
}
