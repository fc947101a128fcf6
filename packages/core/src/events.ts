import type { TamperReason } from './consentStore.js';

/**
 * What dsop-guard tells operators as it happens, through `onEvent` and the logger. Plain data; never a token,
 * never a clear person number. `level` is how loud a logger should be about it.
 *
 * - `keys.refreshed` / `keys.refresh_failed`: a remote key set fetched its issuer's keys, or could not (`reason`);
 * - `keys.stale`: a token was verified with keys past their refresh window, `ageSeconds` old;
 * - `keys.unavailable`: a request was denied because its issuer's keys could not be had;
 * - `consent_store.unavailable`: a request was denied because the consent store failed;
 * - `consent_store.tampered`: a request was denied because its stored consent failed the store's integrity check
 *   (`reason`: `malformed`, `seal`, `oversized` or `expired`);
 * - `rule.error`: a rule threw, rejected, timed out or returned something malformed (the verdict says only `rule_error`);
 * - `audit.sink_failed`: a record could not be written (`seq` names it in its chain; it is counted, never dropped
 *   silently); `audit.sink_recovered`: the sink wrote again after `failures` failed records;
 * - `audit.epoch_started`: a restarted writer could not trust where its chain stood (`reason`: the last line of
 *   the chain is not sealed, `unsealed_head`; not verifiable back to a signed checkpoint, `unverified_head`; or,
 *   for a writer that checkpoints when it closes, records after its last checkpoint, `unsigned_tail`) and
 *   starts the chain's epoch `epoch` at seq 1; the verifier reports it.
 *
 * @example
 * ```ts
 * const onEvent = (event: GuardEvent) => {
 *   if (event.type === 'rule.error') console.warn(event.ruleId, event.errorClass, event.message);
 * };
 * ```
 */
export type GuardEvent =
  | {
      readonly type: 'keys.refreshed';
      readonly level: 'info';
      readonly issuer: string;
      readonly keys: number;
    }
  | {
      readonly type: 'keys.refresh_failed';
      readonly level: 'warn';
      readonly issuer: string;
      /** One line for a person: `jwks https://host/path: ECONNREFUSED`. */
      readonly reason: string;
      /** The URL that failed: origin and path, never the query or user info. */
      readonly url: string;
      /** The metadata document or the JWKS. */
      readonly stage: 'metadata' | 'jwks';
      /**
       * Why: the code of the system or TLS error (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`, `CERT_HAS_EXPIRED`,
       * `ERR_TLS_CERT_ALTNAME_INVALID`, …) or one of `timeout`, `http_status`, `body_too_large`, `body_not_utf8`,
       * `body_not_json`, `redirect_refused`, `metadata_invalid`, `metadata_issuer_mismatch`, `jwks_uri_unsafe`,
       * `no_usable_keys`, `proxy_status` (the egress proxy answered CONNECT with `status`), `fetch_failed`.
       */
      readonly cause: string;
      /** The HTTP status, when the cause is `http_status`; the egress proxy's answer, for `proxy_status`. */
      readonly status?: number;
      /**
       * The egress proxy the fetch went through, without user info, when whoever made the fetch says (the CLI and
       * `serve` do); absent for a direct fetch.
       */
      readonly proxy?: string;
    }
  | {
      readonly type: 'keys.stale';
      readonly level: 'warn';
      readonly issuer: string;
      readonly ageSeconds: number;
    }
  | {
      readonly type: 'keys.unavailable';
      readonly level: 'error';
      readonly issuer: string | null;
      readonly requestId: string | null;
    }
  | { readonly type: 'consent_store.unavailable'; readonly level: 'error'; readonly requestId: string | null }
  | {
      readonly type: 'consent_store.tampered';
      readonly level: 'error';
      readonly reason: TamperReason;
      readonly requestId: string | null;
    }
  | {
      readonly type: 'rule.error';
      readonly level: 'error';
      readonly ruleId: string;
      readonly errorClass: string;
      readonly message: string;
      readonly policy: string;
      readonly requestId: string | null;
    }
  | {
      readonly type: 'audit.sink_failed';
      readonly level: 'error';
      readonly sink: string;
      readonly reason: string;
      readonly chain: string;
      readonly seq: number;
      readonly failures: number;
    }
  | {
      readonly type: 'audit.epoch_started';
      readonly level: 'warn';
      readonly chain: string;
      readonly epoch: number;
      readonly reason: 'unsealed_head' | 'unverified_head' | 'unsigned_tail';
    }
  | {
      readonly type: 'audit.sink_recovered';
      readonly level: 'info';
      readonly sink: string;
      readonly failures: number;
    };

/** The `type` of a {@link GuardEvent}. */
export type GuardEventType = GuardEvent['type'];

/**
 * Calls an event listener so that it can never disturb a decision: a listener that throws is ignored.
 * Private to the packages; not in the barrel.
 */
export function emitTo(listener: ((event: GuardEvent) => void) | undefined, event: GuardEvent): void {
  if (listener === undefined) return;
  try {
    listener(event);
  } catch {
    // An observer's failure is not the request's.
  }
}
