import { ConfigError, type GuardEvent, type Verdict } from '@dsop-guard/core';
import type { Attributes, Counter, Histogram, MeterProvider, Tracer } from '@opentelemetry/api';
import { loadOpenTelemetry, type OpenTelemetryApi } from './loadOpenTelemetry.js';
import type { TelemetryOptions } from './telemetryTypes.js';

/**
 * What a guard tells OpenTelemetry: each verdict as a span and metric points, and the key-set events as
 * counts. Neither ever throws. Private to the package.
 */
export interface Telemetry {
  /** Counts key refreshes and stale keys from the guard's operator events. */
  readonly observe: (event: GuardEvent) => void;
  /** Records one concluded check, begun at `startedAt` (`performance.now()`). */
  readonly checked: (verdict: Verdict, adapter: string, startedAt: number) => void;
}

interface Instruments {
  readonly provider: MeterProvider;
  /** False under the API's no-op meter provider (none registered): a point would record nothing. */
  readonly recording: boolean;
  readonly decisions: Counter;
  readonly duration: Histogram;
  readonly refreshes: Counter;
  readonly staleUsed: Counter;
}

const NAME = '@dsop-guard/adapters';
/** Reasons that mean the guard could not judge: the span's status is an error. */
const FAULTS: ReadonlySet<string> = new Set([
  'rule_error',
  'keys_unavailable',
  'consent_store_unavailable',
  'audit_unavailable',
]);
/** A Norwegian organisation number as Maskinporten writes it; nothing else is put on a span. */
const ORGNO = /^0192:(\d{9})$/;
const DURATION_BUCKETS = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

function checkOptions(options: TelemetryOptions | undefined): void {
  if (options === undefined || options === false) return;
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('telemetry', 'must be false or { tracerName?, meterName? }');
  }
  for (const field of ['tracerName', 'meterName'] as const) {
    const name = options[field];
    if (name !== undefined && (typeof name !== 'string' || name === '')) {
      throw new ConfigError(`telemetry.${field}`, 'must be a non-empty string');
    }
  }
}

function createInstruments(api: OpenTelemetryApi, provider: MeterProvider, meterName: string): Instruments {
  const meter = provider.getMeter(meterName);
  const decisions = meter.createCounter('dsop_guard.decisions', {
    description: 'Verdicts, one point per reason of a deny (reason "none" for an allow)',
  });
  // The API's no-op meter hands out one shared no-op counter: a meter that gives it is recording nothing.
  const noop =
    typeof api.createNoopMeter === 'function' ? api.createNoopMeter().createCounter('noop') : undefined;
  return {
    provider,
    recording: decisions !== noop,
    decisions,
    duration: meter.createHistogram('dsop_guard.check.duration', {
      description: 'Time to judge one request, audit record included',
      unit: 'ms',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    refreshes: meter.createCounter('dsop_guard.keys.refreshes', {
      description: 'Key-set fetches by outcome',
    }),
    staleUsed: meter.createCounter('dsop_guard.keys.stale_used', {
      description: 'Tokens verified with keys past their refresh window',
    }),
  };
}

/** Span attributes: the decision and what decided it, never the person, a token or the request id. */
function spanAttributes(verdict: Verdict, adapter: string): Attributes {
  const orgno = ORGNO.exec(verdict.subject.consumer ?? '')?.[1];
  return {
    'dsop_guard.decision': verdict.decision,
    'dsop_guard.reasons': [...verdict.reasons],
    'dsop_guard.policy.id': verdict.policy.id,
    'dsop_guard.policy.version': verdict.policy.version,
    'dsop_guard.adapter': adapter,
    ...(orgno === undefined ? {} : { 'dsop_guard.consumer.orgno': orgno }),
  };
}

function traceCheck(
  api: OpenTelemetryApi,
  tracer: Tracer,
  verdict: Verdict,
  adapter: string,
  startedAt: number,
) {
  const span = tracer.startSpan('dsop-guard.check', {
    kind: api.SpanKind.INTERNAL,
    startTime: performance.timeOrigin + startedAt,
  });
  // Without an SDK (or when sampled out) the span records nothing: its attributes are not even built.
  if (!span.isRecording()) return;
  span.setAttributes(spanAttributes(verdict, adapter));
  if (verdict.reasons.some((r) => FAULTS.has(r))) {
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: 'the request could not be judged' });
  }
  span.end();
}

function measureCheck(instruments: Instruments, verdict: Verdict, startedAt: number): void {
  const { decision } = verdict;
  const policy = verdict.policy.id;
  const reasons = decision === 'allow' || verdict.reasons.length === 0 ? ['none'] : verdict.reasons;
  for (const reason of reasons) instruments.decisions.add(1, { decision, reason, policy });
  instruments.duration.record(performance.now() - startedAt, { decision, policy });
}

function countEvent(instruments: Instruments, event: GuardEvent): void {
  if (event.type === 'keys.refreshed') instruments.refreshes.add(1, { issuer: event.issuer, outcome: 'ok' });
  if (event.type === 'keys.refresh_failed') {
    instruments.refreshes.add(1, { issuer: event.issuer, outcome: 'failed' });
  }
  if (event.type === 'keys.stale') instruments.staleUsed.add(1, { issuer: event.issuer });
}

function safely(action: () => void): void {
  try {
    action();
  } catch {
    // A broken tracer, meter or exporter never changes a verdict.
  }
}

/**
 * Whether a tracer provider is registered. Without one the global provider is the API's proxy, delegating to its
 * no-op provider: a span would record nothing, so none is started (the check before is as cheap as a lookup).
 */
function tracingFor(api: OpenTelemetryApi): () => boolean {
  if (typeof api.ProxyTracerProvider !== 'function') return () => true;
  const noop = new api.ProxyTracerProvider().getDelegate();
  return () => {
    const provider = api.trace.getTracerProvider();
    return !(provider instanceof api.ProxyTracerProvider && provider.getDelegate() === noop);
  };
}

function telemetryFor(api: OpenTelemetryApi, tracerName: string, meterName: string): Telemetry {
  const tracer = api.trace.getTracer(tracerName);
  const tracing = tracingFor(api);
  let instruments: Instruments | undefined;
  // A meter taken before the application registers its MeterProvider would stay a no-op: follow the global.
  const current = (): Instruments => {
    const provider = api.metrics.getMeterProvider();
    if (instruments?.provider !== provider) instruments = createInstruments(api, provider, meterName);
    return instruments;
  };
  return {
    observe: (event) => safely(() => countEvent(current(), event)),
    checked: (verdict, adapter, startedAt) => {
      if (tracing()) safely(() => traceCheck(api, tracer, verdict, adapter, startedAt));
      try {
        const instruments = current();
        if (instruments.recording) measureCheck(instruments, verdict, startedAt);
      } catch {
        // A broken meter or exporter never changes a verdict.
      }
    },
  };
}

/**
 * The guard's OpenTelemetry, or `undefined` when `options` is `false` or `@opentelemetry/api` is not
 * installed. Throws `ConfigError` for a malformed `options`; a broken OpenTelemetry only turns it off.
 */
export function createTelemetry(options: TelemetryOptions | undefined): Telemetry | undefined {
  checkOptions(options);
  if (options === false) return undefined;
  const api = loadOpenTelemetry();
  if (api === undefined) return undefined;
  try {
    return telemetryFor(api, options?.tracerName ?? NAME, options?.meterName ?? NAME);
  } catch {
    return undefined;
  }
}
