import { createGuard } from '@dsop-guard/adapters';
import { startMockIssuer } from '@dsop-guard/core/testing';
import { type Attributes, metrics, trace } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
// Pins the adapters' private createTelemetry on purpose: its faults are injected where no public API reaches.
import { createTelemetry } from '../../packages/adapters/src/telemetry/createTelemetry.js';
import { configErrorOf } from '../fixtures/configErrorOf.js';
import { brokenOptions, remoteKeysOptions } from './observers.js';
import { startExpress } from './servers.js';
import { guardOptions, mpKeys, now, otherPerson, policy, tokens } from './table.js';

const faults = { startSpan: false, exporter: false };
let spansStarted = 0;
const spans = new InMemorySpanExporter();
const failingExporter: SpanExporter = {
  export: (batch, done) => {
    if (faults.exporter) throw new Error('exporter down');
    spans.export(batch, done);
  },
  shutdown: () => spans.shutdown(),
};
const failingStart: SpanProcessor = {
  onStart: () => {
    spansStarted += 1;
    if (faults.startSpan) throw new Error('tracer down');
  },
  onEnd: () => {},
  forceFlush: async () => {},
  shutdown: async () => {},
};
const tracerProvider = new BasicTracerProvider({
  spanProcessors: [failingStart, new SimpleSpanProcessor(failingExporter)],
});
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.DELTA);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});
const meterProvider = new MeterProvider({ readers: [reader] });

interface Point {
  readonly attributes: Attributes;
  readonly value: unknown;
}

/** The metric points recorded since the last call, by metric name. */
async function collect(): Promise<Record<string, Point[]>> {
  await reader.forceFlush();
  const byName: Record<string, Point[]> = {};
  for (const m of metricExporter.getMetrics().flatMap((r) => r.scopeMetrics.flatMap((s) => s.metrics))) {
    const points = m.dataPoints as readonly Point[];
    byName[m.descriptor.name] = [
      ...(byName[m.descriptor.name] ?? []),
      ...points.map(({ attributes, value }) => ({ attributes, value })),
    ];
  }
  metricExporter.reset();
  return byName;
}

const checks = (): ReadableSpan[] => spans.getFinishedSpans().filter((s) => s.name === 'dsop-guard.check');

beforeAll(() => {
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
});
afterAll(async () => {
  await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
  trace.disable();
  metrics.disable();
});
beforeEach(async () => {
  faults.startSpan = false;
  faults.exporter = false;
  spans.reset();
  await collect();
});

const valid = {
  maskinportenToken: tokens.direct(),
  consentToken: tokens.altinn2Consent(),
  person: tokens.person,
};
const policyAttributes = { 'dsop_guard.policy.id': policy.id, 'dsop_guard.policy.version': policy.version };

describe('telemetry: spans', () => {
  it('an allow is one dsop-guard.check span: decision, no reasons, policy, adapter, consumer orgno', async () => {
    const guard = createGuard(guardOptions());
    expect((await guard.check(valid)).decision).toBe('allow');
    expect(checks().map((s) => s.attributes)).toEqual([
      {
        'dsop_guard.decision': 'allow',
        'dsop_guard.reasons': [],
        ...policyAttributes,
        'dsop_guard.adapter': 'function',
        'dsop_guard.consumer.orgno': '910753614',
      },
    ]);
    expect(checks()[0]?.status.code).toBe(0); // UNSET: a verdict is an outcome, not an error
  });

  it('a deny carries its reasons; a token that did not verify names no consumer', async () => {
    const guard = createGuard(guardOptions());
    const verdict = await guard.check({ ...valid, maskinportenToken: 'not-a-jwt' });
    expect(checks().map((s) => s.attributes)).toEqual([
      {
        'dsop_guard.decision': 'deny',
        'dsop_guard.reasons': ['token_malformed'],
        ...policyAttributes,
        'dsop_guard.adapter': 'function',
      },
    ]);
    expect(verdict.reasons).toEqual(['token_malformed']);
  });

  it('a request the guard could not judge (rule_error) has an error status', async () => {
    const guard = createGuard(brokenOptions());
    await guard.check(valid);
    expect(checks().map((s) => [s.attributes['dsop_guard.reasons'], s.status.code])).toEqual([
      [['rule_error'], 2],
    ]);
  });

  it('each HTTP adapter names itself, and a refused request (repeated header) is traced too', async () => {
    const server = await startExpress(guardOptions());
    try {
      const headers = {
        Authorization: valid.maskinportenToken,
        'Consent-ID': valid.consentToken,
        'PSU-ID': valid.person,
      };
      expect((await fetch(server.url, { headers })).status).toBe(200);
      const twice = new Headers(headers);
      twice.append('PSU-ID', otherPerson);
      expect((await fetch(server.url, { headers: twice })).status).toBe(400);
    } finally {
      await server.close();
    }
    expect(
      checks().map((s) => [s.attributes['dsop_guard.adapter'], s.attributes['dsop_guard.decision']]),
    ).toEqual([
      ['express', 'allow'],
      ['express', 'deny'],
    ]);
  });

  it('no tracer provider registered: no span is started; one registered after the guard was built gets them', async () => {
    const guard = createGuard(guardOptions());
    trace.disable();
    try {
      const before = spansStarted;
      expect((await guard.check(valid)).decision).toBe('allow');
      expect(spansStarted).toBe(before);
    } finally {
      trace.setGlobalTracerProvider(tracerProvider);
    }
    expect((await guard.check(valid)).decision).toBe('allow');
    expect(checks()).toHaveLength(1);
  });

  it('tracerName and meterName name the instrumentation scope', async () => {
    const guard = createGuard(
      guardOptions({ telemetry: { tracerName: 'saldo-api', meterName: 'saldo-metrics' } }),
    );
    await guard.check(valid);
    expect(checks().map((s) => s.instrumentationScope.name)).toEqual(['saldo-api']);
    await reader.forceFlush();
    expect(metricExporter.getMetrics().flatMap((r) => r.scopeMetrics.map((s) => s.scope.name))).toEqual([
      'saldo-metrics',
    ]);
  });
});

describe('telemetry: metrics', () => {
  it('no meter provider registered: nothing is recorded; one registered after the guard was built gets the points', async () => {
    const guard = createGuard(guardOptions());
    metrics.disable();
    try {
      expect((await guard.check(valid)).decision).toBe('allow');
    } finally {
      metrics.setGlobalMeterProvider(meterProvider);
    }
    expect(await collect()).toEqual({});
    expect((await guard.check(valid)).decision).toBe('allow');
    expect((await collect())['dsop_guard.decisions']).toEqual([
      { attributes: { decision: 'allow', reason: 'none', policy: policy.id }, value: 1 },
    ]);
  });

  it('dsop_guard.decisions: reason "none" for an allow, one point per reason for a deny', async () => {
    const guard = createGuard(guardOptions());
    await guard.check(valid);
    const twoReasons = tokens.altinn2Consent({ claims: { ValidToDate: now - 3600, CoveredBy: '974760673' } });
    const denied = await guard.check({ ...valid, consentToken: twoReasons });
    expect(denied.reasons.length).toBeGreaterThanOrEqual(2);
    const { 'dsop_guard.decisions': decisions } = await collect();
    expect(decisions).toEqual([
      { attributes: { decision: 'allow', reason: 'none', policy: policy.id }, value: 1 },
      ...denied.reasons.map((reason) => ({
        attributes: { decision: 'deny', reason, policy: policy.id },
        value: 1,
      })),
    ]);
  });

  it('dsop_guard.check.duration: one millisecond histogram point per check, by decision and policy', async () => {
    const guard = createGuard(guardOptions());
    await guard.check(valid);
    await guard.check(valid);
    await guard.check({ ...valid, person: undefined });
    const { 'dsop_guard.check.duration': duration } = await collect();
    expect(duration?.map((p) => [p.attributes, (p.value as { count: number }).count])).toEqual([
      [{ decision: 'allow', policy: policy.id }, 2],
      [{ decision: 'deny', policy: policy.id }, 1],
    ]);
  });

  it("dsop_guard.keys.refreshes counts the guard's own key fetches by issuer and outcome", async () => {
    const issuer = await startMockIssuer({ keys: [mpKeys], issuer: 'https://test.maskinporten.no/' });
    try {
      expect((await createGuard(remoteKeysOptions(issuer)).check(valid)).decision).toBe('allow');
      issuer.setMode('down');
      expect((await createGuard(remoteKeysOptions(issuer)).check(valid)).reasons).toEqual([
        'keys_unavailable',
      ]);
    } finally {
      await issuer.close();
    }
    const { 'dsop_guard.keys.refreshes': refreshes } = await collect();
    expect(refreshes).toEqual([
      { attributes: { issuer: 'https://test.maskinporten.no/', outcome: 'ok' }, value: 1 },
      { attributes: { issuer: 'https://test.maskinporten.no/', outcome: 'failed' }, value: 1 },
    ]);
  });

  it('dsop_guard.keys.stale_used counts keys.stale events by issuer', async () => {
    const telemetry = createTelemetry(undefined);
    telemetry?.observe({ type: 'keys.stale', level: 'warn', issuer: 'altinn.no', ageSeconds: 90_000 });
    expect((await collect())['dsop_guard.keys.stale_used']).toEqual([
      { attributes: { issuer: 'altinn.no' }, value: 1 },
    ]);
  });
});

describe('telemetry: privacy and failure', () => {
  it('no span attribute or metric attribute holds a person number, a token or a request id', async () => {
    const guard = createGuard(guardOptions());
    const requestId = `req-${tokens.person}`;
    await guard.check({ ...valid, requestId });
    await guard.check({ ...valid, person: otherPerson, requestId });
    await guard.check({ ...valid, maskinportenToken: tokens.direct({ now: now - 3600 }), requestId });
    const recorded = JSON.stringify([checks().map((s) => s.attributes), await collect()]);
    expect(checks()).toHaveLength(3);
    for (const secret of [
      tokens.person,
      otherPerson,
      'req-',
      ...valid.maskinportenToken.split('.'),
      ...valid.consentToken.split('.'),
    ]) {
      expect(recorded).not.toContain(secret);
    }
  });

  it('telemetry: false records nothing', async () => {
    const guard = createGuard(guardOptions({ telemetry: false }));
    await guard.check(valid);
    expect([checks(), await collect()]).toEqual([[], {}]);
  });

  it('a tracer, exporter or meter that throws changes no verdict and never makes check reject', async () => {
    const quiet = createGuard(guardOptions({ telemetry: false }));
    const guard = createGuard(guardOptions());
    const inputs = [valid, { ...valid, person: otherPerson }];
    const expected = await Promise.all(inputs.map((i) => quiet.check(i)));
    const same = async () =>
      expect(
        (await Promise.all(inputs.map((i) => guard.check(i)))).map((v) => [v.decision, v.reasons]),
      ).toEqual(expected.map((v) => [v.decision, v.reasons]));
    faults.startSpan = true;
    await same();
    faults.startSpan = false;
    faults.exporter = true;
    await same();
    metrics.disable();
    metrics.setGlobalMeterProvider({
      getMeter: () => {
        throw new Error('meter down');
      },
    });
    try {
      await same();
    } finally {
      metrics.disable();
      metrics.setGlobalMeterProvider(meterProvider);
    }
  });

  it('malformed telemetry options are refused when the guard is built, naming the field', () => {
    const cases: [unknown, string][] = [
      [true, 'telemetry'],
      ['on', 'telemetry'],
      [null, 'telemetry'],
      [{ tracerName: 42 }, 'telemetry.tracerName'],
      [{ meterName: '' }, 'telemetry.meterName'],
    ];
    for (const [telemetry, field] of cases) {
      expect(configErrorOf(() => createGuard(guardOptions({ telemetry: telemetry as never })))).toMatchObject(
        { field },
      );
    }
  });
});
