/**
 * The `telemetry` option of `createGuard` and every adapter. `false` turns OpenTelemetry off; an object (or
 * nothing, the default) uses `@opentelemetry/api` when it is installed, and does nothing when it is not.
 *
 * @example
 * ```ts
 * const guard = createGuard({ preset: preset('lanekassen-saldo', 'prod'), telemetry: { tracerName: 'saldo-api' } });
 * const quiet = createGuard({ preset: preset('lanekassen-saldo', 'prod'), telemetry: false });
 * ```
 */
// @ts-nocheck

export type TelemetryOptions =
  | false
  | {
      /** The tracer the `dsop-guard.check` spans come from. Default `@dsop-guard/adapters`. */
      readonly tracerName?: string;
      /** The meter the `dsop_guard.*` metrics come from. Default `@dsop-guard/adapters`. */
      readonly meterName?: string;
    };
