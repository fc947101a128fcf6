// @ts-nocheck
import { createRequire } from 'node:module';
import type * as OpenTelemetry from '@opentelemetry/api';

/** The OpenTelemetry API module, as far as the guard uses it. */
export type OpenTelemetryApi = Pick<
  typeof OpenTelemetry,
  'trace' | 'metrics' | 'SpanKind' | 'SpanStatusCode' | 'ProxyTracerProvider' | 'createNoopMeter'
>;

/** `null` once a load found nothing; `undefined` before the first load. */
let loaded: OpenTelemetryApi | null | undefined;

/**
 * `@opentelemetry/api` if the application has it installed, else `undefined`. Loaded synchronously with
 * `require`, without a top-level await (so that a CommonJS `require` of this package keeps working), and
 * once per process. Private to the package.
 */
export function loadOpenTelemetry(): OpenTelemetryApi | undefined {
  if (loaded === undefined) {
    try {
      loaded = createRequire(import.meta.url)('@opentelemetry/api') as OpenTelemetryApi;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}
