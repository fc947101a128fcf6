// @ts-nocheck
import {
  type AuditTrail,
  type ConfigError,
  type Decision,
  type DecisionRecord,
  type Engine,
  type EngineOptions,
  type GuardEvent,
  type KeySet,
  type Policy,
  type RefusalReason,
  type RequestInput,
  type Verdict,
  callbackSink,
  createAuditTrail,
  createEngine,
} from '@dsop-guard/core';
import type { Preset, Transport } from '@dsop-guard/rules';
import { createTelemetry } from '../telemetry/createTelemetry.js';
import type { TelemetryOptions } from '../telemetry/telemetryTypes.js';
import { checkGuardOptions } from './checkGuardOptions.js';
import { concludeDecision } from './concludeDecision.js';
import type { GuardParts } from './guardParts.js';
import { keySetsOf } from './keySetsOf.js';
import { type Listener, listenerOf } from './listenerOf.js';
import type { EventLogger } from './logEvent.js';

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

/** The engine that judges every request, over the policy and the key sets, with the options it shares. */
function engineOf(
  options: GuardOptions,
  policy: Policy,
  maskinporten: KeySet,
  consent: KeySet | undefined,
): Engine {
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  return createEngine({
    policy,
    maskinporten: { keys: maskinporten },
    ...(consent === undefined ? {} : { consent: { keys: consent } }),
    ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
    ...(options.personData === undefined ? {} : { personData: options.personData }),
    ...(options.consentStore === undefined ? {} : { consentStore: options.consentStore }),
    clock,
  });
}

/** The trail verdicts are recorded in: `audit`, or one of the guard's own for `onDecision`, or none. */
function auditOf(options: GuardOptions, onEvent: Listener): Pick<GuardParts, 'trail' | 'afterRecord'> {
  const onDecision = options.onDecision;
  const trail =
    options.audit ??
    (onDecision === undefined
      ? undefined
      : createAuditTrail({
          sinks: [
            callbackSink((r) => (r.kind === 'decision' ? onDecision(r) : undefined), { name: 'onDecision' }),
          ],
          onEvent,
        }));
  const afterRecord = options.audit !== undefined ? onDecision : undefined;
  return { trail, afterRecord };
}

/** Whether a token's first or last character may be whitespace (as `trim` knows it) or a double quote. */
function mayNeedTrim(token: string): boolean {
  const first = token.charCodeAt(0);
  const last = token.charCodeAt(token.length - 1);
  // Everything `trim` removes is at most U+0020 or beyond ASCII; '"' is U+0022.
  return !(first > 0x22 && first < 0x7f && last > 0x22 && last < 0x7f);
}

/** Strips whitespace and the double quotes Altinn sometimes wraps a consent token in. */
function unquote(token: string): string {
  if (!mayNeedTrim(token)) return token;
  const trimmed = token.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
}

/**
 * The input with its consent token unquoted, or the input itself. The engine checks every input field itself
 * and never rejects; the guard only unquotes the consent token.
 */
function unquoteConsent(input: GuardInput): GuardInput {
  try {
    const consentToken = typeof input === 'object' && input !== null ? input.consentToken : undefined;
    if (typeof consentToken === 'string') {
      const unquoted = unquote(consentToken);
      if (unquoted !== consentToken) return { ...input, consentToken: unquoted };
    }
  } catch {
    // A throwing getter or Proxy: the engine reads the input under its own guard and denies it.
  }
  return input;
}

/** The decision of a request refused before its tokens were looked at: a verdict, and no evidence. */
function refusalOf(verdict: Verdict, clockTolerance: number): Decision {
  return {
    verdict,
    claims: {
      maskinporten: undefined,
      consent: undefined,
      request: { person: undefined, requestId: undefined },
    },
    keys: { maskinporten: undefined, consent: undefined },
    ruleErrors: [],
    clockTolerance,
  };
}

/**
 * Builds the plain-function guard every adapter is a thin layer over: it strips the quotes Altinn may put
 * around a consent token and hands the request to core's engine, which checks every field. Throws {@link ConfigError} naming the
 * bad field for bad options; `check` never rejects: every failure is a deny verdict with a reason code.
 *
 * @example
 * ```ts
 * import { createGuard } from '@dsop-guard/adapters';
 * import { preset } from '@dsop-guard/rules';
 *
 * const guard = createGuard({ preset: preset('lanekassen-saldo', 'test') });
 * const verdict = await guard.check({ maskinportenToken, consentToken, person: '01085301957', requestId: 'r-1' });
 * if (verdict.decision === 'deny') console.log(verdict.reasons); // e.g. ['consent_expired']
 * ```
 */
export function createGuard(options: GuardOptions): Guard {
  const { preset, policy, transport, keys } = checkGuardOptions(options, GUARD_OPTIONS);
  const telemetry = createTelemetry(options.telemetry);
  const emit = listenerOf(options.onEvent, options.logger, telemetry);
  const { maskinporten, consent } = keySetsOf(preset, keys, emit);
  const engine = engineOf(options, policy, maskinporten, consent);
  const { trail, afterRecord } = auditOf(options, emit);
  const parts: GuardParts = {
    options,
    policy,
    maskinporten,
    consent,
    engine,
    trail,
    afterRecord,
    telemetry,
    emit,
  };

  // engine.judge never throws and never rejects; unquoteConsent never throws. One promise per check while the
  // engine answers at once and there is no trail to write to.
  const check: Guard['check'] = (input, context) => {
    const startedAt = performance.now();
    const judged = engine.judge(unquoteConsent(input));
    if (judged instanceof Promise)
      return judged.then((decision) => concludeDecision(parts, decision, startedAt, context));
    try {
      return Promise.resolve(concludeDecision(parts, judged, startedAt, context));
    } catch (cause) {
      return Promise.reject(cause);
    }
  };
  const deny: Guard['deny'] = async (violation, input, context) => {
    const startedAt = performance.now();
    const verdict = engine.refuse(violation, input);
    return concludeDecision(parts, refusalOf(verdict, options.clockTolerance ?? 10), startedAt, context);
  };

  return { check, deny, policy, transport };
}
