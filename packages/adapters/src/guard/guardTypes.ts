import type {
  AuditTrail,
  DecisionRecord,
  EngineOptions,
  GuardEvent,
  KeySet,
  Policy,
  RefusalReason,
  RequestInput,
  Verdict,
} from '@dsop-guard/core';
import type { Preset, Transport } from '@dsop-guard/rules';
import type { TelemetryOptions } from '../telemetry/telemetryTypes.js';
import type { EventLogger } from './logEvent.js';

// The guard's public types, in a module of their own so that no part of the guard imports them back from
// createGuard.ts.

/**
 * Options of {@link createGuard}. Give a `preset`, or a `policy` and `keys.maskinporten`.
 *
 * @example
 * ```ts
 * const options: GuardOptions = { policy: loadPolicy({ path: 'acme.policy.yaml' }), keys: { maskinporten, consent } };
 * ```
 */
export interface GuardOptions
  extends Pick<EngineOptions, 'clockTolerance' | 'personData' | 'consentStore' | 'clock'> {
  /** A ready-made policy, transport and key locations for one DSOP service, from `preset(name, env)`. */
  readonly preset?: Preset;
  /** The policy, when there is no preset (from `loadPolicy` or `definePolicy`). */
  readonly policy?: Policy;
  /**
   * How the HTTP adapters find the tokens. Default the preset's; without a preset
   * `{ authorization: 'either', consentHeader: 'consent-id', personHeaders: ['psu-id', 'psu_id'], requestIdHeader: 'x-request-id' }`.
   */
  readonly transport?: Transport;
  /**
   * Where keys come from. Default with a preset: remote key sets from `preset.metadataUrl` (Maskinporten) and
   * `preset.consentJwksUri` (Altinn). Without a preset `maskinporten` is required; without `consent`, a request
   * that carries a consent token is denied with `keys_unavailable`.
   */
  readonly keys?: { readonly maskinporten?: KeySet; readonly consent?: KeySet };
  /**
   * The audit trail every verdict is recorded in (`createAuditTrail`), shared by as many guards as you like.
   * Default none. Under its `onFailure: 'deny'` (the default) a request whose record cannot be written is
   * denied with `audit_unavailable`.
   */
  readonly audit?: AuditTrail;
  /**
   * Called with every decision record. Without `audit` the guard makes a trail of its own for it (persons
   * masked, the default `onFailure: 'deny'`: a hook that throws or rejects denies the request); with `audit`
   * it is called after the trail has written the record, and its failures are ignored. Default none.
   */
  readonly onDecision?: (record: DecisionRecord) => void | Promise<void>;
  /**
   * Operator events as they happen: key-set refreshes and failures, keys unavailable, consent store
   * unavailable, rule errors (with the error's class and a masked message) and audit sink failures. A listener
   * that throws is ignored. Default none.
   */
  readonly onEvent?: (event: GuardEvent) => void;
  /**
   * A pino-compatible logger (`info`, `warn`, `error` taking `(object, message)`) that every operator event
   * is logged through, at the event's `level`, as `logger[level]({ event }, 'dsop-guard <type>')`, beside
   * `onEvent`. A logger that throws is ignored. Default none (the Fastify plugin: `request.log` and
   * `fastify.log`).
   */
  readonly logger?: EventLogger;
  /**
   * OpenTelemetry through `@opentelemetry/api`, an optional peer dependency: a `dsop-guard.check` span and
   * `dsop_guard.*` metrics per check, key-set refresh counts. Default: used when the API is installed (and a
   * no-op until the application registers an SDK); `false` turns it off.
   */
  readonly telemetry?: TelemetryOptions;
}

/**
 * Where a check comes from, for its audit record: the adapter, and the route and method when there are.
 *
 * @example
 * ```ts
 * const context: CheckContext = { adapter: 'koa', route: '/saldo/v1/Accounts', method: 'GET' };
 * ```
 */
export interface CheckContext {
  /** Default `function`. */
  readonly adapter?: string;
  /** The route template or path (person numbers in it are masked in the record). Default none. */
  readonly route?: string | null;
  readonly method?: string | null;
  /**
   * The logger for the events this check raises (rule errors, keys or consent store unavailable), in place
   * of the guard's `logger`, e.g. a request-scoped logger. Default the guard's `logger`.
   */
  readonly logger?: EventLogger;
}

/**
 * One request to judge: core's {@link RequestInput}. The guard also strips the whitespace and the one pair of
 * double quotes Altinn sometimes wraps a consent token in.
 *
 * @example
 * ```ts
 * const input: GuardInput = { maskinportenToken, consentToken: `"${consentToken}"`, person: '01085301957' };
 * ```
 */
export type GuardInput = RequestInput;

/**
 * A configured guard.
 *
 * @example
 * ```ts
 * const verdict = await guard.check({ maskinportenToken, person });
 * const refused = await guard.deny({ code: 'input_malformed', ruleId: 'koa.path', path: 'person' }, { requestId });
 * ```
 */
export interface Guard {
  /** Judges one request and records the verdict. Resolves to a verdict; never rejects. */
  readonly check: (input: GuardInput, context?: CheckContext) => Promise<Verdict>;
  /** Denies, and records, a request refused before its tokens were looked at, e.g. for a repeated header. */
  readonly deny: (
    violation: RefusalReason,
    input?: Pick<GuardInput, 'requestId' | 'now'>,
    context?: CheckContext,
  ) => Promise<Verdict>;
  readonly policy: Policy;
  readonly transport: Transport;
  /**
   * Probes what the guard depends on: its key sets (a key lookup that names no kid: `unavailable` only when the
   * keys cannot be had) and, when it has one, its consent store (a read). For a readiness endpoint (`/readyz`
   * of `dsop-guard serve`). Never rejects.
   */
  readonly readiness: () => Promise<GuardReadiness>;
}

/**
 * What {@link Guard.readiness} found: one check per dependency the guard has, and whether all are `ok`.
 *
 * @example
 * ```ts
 * const { ready, checks } = await guard.readiness(); // checks: { maskinportenKeys: 'ok', consentKeys: 'ok' }
 * ```
 */
export interface GuardReadiness {
  readonly ready: boolean;
  readonly checks: {
    readonly maskinportenKeys?: 'ok' | 'unavailable';
    readonly consentKeys?: 'ok' | 'unavailable';
    readonly consentStore?: 'ok' | 'unavailable';
  };
}

/** Every option of {@link createGuard}; the HTTP adapters take these and their own. */
export const GUARD_OPTIONS = [
  'preset',
  'policy',
  'transport',
  'keys',
  'audit',
  'onDecision',
  'onEvent',
  'logger',
  'telemetry',
  'clockTolerance',
  'personData',
  'consentStore',
  'clock',
] as const;
