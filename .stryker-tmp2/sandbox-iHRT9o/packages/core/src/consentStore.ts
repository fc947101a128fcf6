/**
 * What a consent store keeps: the consent minus the person, who is only in the (pseudonymised) key.
 */
// @ts-nocheck

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
 * Why a store will not serve an entry it holds: `malformed` (not an entry the store wrote: unparseable, the wrong
 * shape or type), `seal` (its seal does not match: changed, written with another key, or copied from another
 * key), `oversized` (larger than the store's cap), `expired` (still there after its expiry).
 */
export type TamperReason = 'malformed' | 'seal' | 'oversized' | 'expired';

/**
 * What {@link ConsentStore.get} answers for an entry it holds but cannot trust. The engine denies the request
 * with `consent_store_tampered`; unlike a rejection, it is not a failure of the store and does not count toward
 * the circuit breaker.
 *
 * @example
 * ```ts
 * const answer: TamperedConsent = { tampered: 'seal' };
 * ```
 */
export interface TamperedConsent {
  readonly tampered: TamperReason;
}

/**
 * Where consents are kept between calls (DSOP-LK "Cache av samtykker": after a 200, later calls for the same
 * person from the same consumer may omit the consent). Keys are opaque HMACs made by the engine; a store
 * never sees an fnr or an orgno in clear. `get` answers an entry it cannot trust with a {@link TamperedConsent}
 * (a deny with `consent_store_tampered` for that request), never by rejecting. Methods reject only when the
 * store itself fails: the engine turns that into `consent_store_unavailable`, never into an allow.
 */
export interface ConsentStore {
  get(key: string): Promise<StoredConsent | TamperedConsent | undefined>;
  /** Keeps `value` under `key` until `expiresAt` (epoch seconds). */
  set(key: string, value: StoredConsent, expiresAt: number): Promise<void>;
}
