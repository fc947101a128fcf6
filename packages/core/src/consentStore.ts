/**
 * What a consent store keeps: the consent minus the person, who is only in the (pseudonymised) key.
 */
export interface StoredConsent {
  readonly coveredBy: string;
  readonly handledBy: string | undefined;
  /** Epoch seconds; the entry expires then. */
  readonly validTo: number;
  readonly consentedAt: number | undefined;
  readonly services: readonly string[];
  readonly rights: readonly {
    readonly action: readonly string[];
    readonly resources: readonly string[];
    readonly metadata: Readonly<Record<string, string>>;
  }[];
  /** Where the stored consent first came from. */
  readonly origin: 'altinn2' | 'altinn3';
}

/**
 * Where consents are kept between calls (DSOP-LK "Cache av samtykker": after a 200, later calls for the same
 * person from the same consumer may omit the consent). Keys are opaque HMACs made by the engine; a store
 * never sees an fnr or an orgno in clear. Methods may reject: the engine turns that into
 * `consent_store_unavailable`, never into an allow.
 */
export interface ConsentStore {
  get(key: string): Promise<StoredConsent | undefined>;
  /** Keeps `value` under `key` until `expiresAt` (epoch seconds). */
  set(key: string, value: StoredConsent, expiresAt: number): Promise<void>;
}
