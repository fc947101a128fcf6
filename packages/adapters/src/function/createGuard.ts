import {
  ConfigError,
  type EngineOptions,
  type KeySet,
  type Policy,
  type RefusalReason,
  type RequestInput,
  type Verdict,
  createEngine,
  remoteKeySet,
} from '@dsop-guard/core';
import type { Preset, Transport } from '@dsop-guard/rules';

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
 * const refused = guard.deny({ code: 'input_malformed', ruleId: 'koa.path', path: 'person' }, { requestId });
 * ```
 */
export interface Guard {
  /** Judges one request. Resolves to a verdict; never rejects. */
  readonly check: (input: GuardInput) => Promise<Verdict>;
  /** The deny verdict for a request refused before its tokens were looked at, e.g. for a repeated header. */
  readonly deny: (violation: RefusalReason, input?: Pick<GuardInput, 'requestId' | 'now'>) => Verdict;
  readonly policy: Policy;
  readonly transport: Transport;
}

const defaultTransport: Transport = {
  authorization: 'either',
  consentHeader: 'consent-id',
  personHeaders: ['psu-id', 'psu_id'],
  requestIdHeader: 'x-request-id',
};

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

function checkTransport(t: Transport): Transport {
  if (!['raw', 'bearer', 'either'].includes(t?.authorization)) {
    throw new ConfigError('transport.authorization', "must be 'raw', 'bearer' or 'either'");
  }
  if (!Array.isArray(t.personHeaders)) throw new ConfigError('transport.personHeaders', 'must be an array');
  const names: [string, unknown][] = [
    ['transport.consentHeader', t.consentHeader],
    ['transport.requestIdHeader', t.requestIdHeader],
    ...t.personHeaders.map((h, i): [string, unknown] => [`transport.personHeaders[${i}]`, h]),
  ];
  for (const [field, name] of names) {
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) {
      throw new ConfigError(field, 'must be a lower-case HTTP header name');
    }
  }
  return t;
}

function isKeySet(value: unknown): value is KeySet {
  return typeof (value as KeySet | undefined)?.resolve === 'function';
}

/** Strips whitespace and the double quotes Altinn sometimes wraps a consent token in. */
function unquote(token: string): string {
  const trimmed = token.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1).trim()
    : trimmed;
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
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const { preset, keys = {} } = options;
  if (preset !== undefined && options.policy !== undefined) {
    throw new ConfigError('policy', 'give a preset or a policy, not both');
  }
  if (preset === undefined && options.policy === undefined) {
    throw new ConfigError('preset', 'give a preset, or a policy and keys.maskinporten');
  }
  if (
    preset !== undefined &&
    (typeof preset !== 'object' || preset === null || preset.policy === undefined)
  ) {
    throw new ConfigError('preset', 'must be a preset from preset(name, env)');
  }
  const policy = (preset?.policy ?? options.policy) as Policy;
  const transport = checkTransport(options.transport ?? preset?.transport ?? defaultTransport);
  for (const role of ['maskinporten', 'consent'] as const) {
    if (keys[role] !== undefined && !isKeySet(keys[role])) {
      throw new ConfigError(`keys.${role}`, 'must be a KeySet (localKeySet or remoteKeySet)');
    }
  }
  if (preset === undefined && keys.maskinporten === undefined) {
    throw new ConfigError('keys.maskinporten', 'is required without a preset');
  }
  if (options.clock !== undefined && typeof options.clock !== 'function') {
    throw new ConfigError('clock', 'must be a function returning epoch seconds');
  }
  const maskinporten =
    keys.maskinporten ??
    remoteKeySet({ issuer: (preset as Preset).issuer, metadataUrl: (preset as Preset).metadataUrl });
  const consent =
    keys.consent ??
    (preset === undefined
      ? undefined
      : remoteKeySet({ issuer: preset.consentIssuer, jwksUri: preset.consentJwksUri, matchX5t: true }));
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  const engine = createEngine({
    policy,
    maskinporten: { keys: maskinporten },
    ...(consent === undefined ? {} : { consent: { keys: consent } }),
    ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
    ...(options.personData === undefined ? {} : { personData: options.personData }),
    ...(options.consentStore === undefined ? {} : { consentStore: options.consentStore }),
    clock,
  });

  // The engine checks every input field itself and never rejects; the guard only unquotes the consent token.
  const check: Guard['check'] = (input) => {
    const consentToken = typeof input === 'object' && input !== null ? input.consentToken : undefined;
    return engine.evaluate(
      typeof consentToken === 'string' ? { ...input, consentToken: unquote(consentToken) } : input,
    );
  };
  const deny: Guard['deny'] = (violation, input) => engine.refuse(violation, input);

  return { check, deny, policy, transport };
}
