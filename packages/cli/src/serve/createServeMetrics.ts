import type { GuardEvent, PolicyFacts, Verdict } from '@dsop-guard/core';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The Prometheus metrics of one `dsop-guard serve` worker, in a registry of its own. Labels are bounded: a
 * decision, a status, a reason code (the closed list and the policy's declared custom codes), an event type;
 * never a consumer, a person or a request id.
 *
 * @example
 * ```ts
 * const metrics = createServeMetrics();
 * metrics.checked(verdict, 200, 0.004);
 * const text = await metrics.registry.metrics();
 * ```
 */
export interface ServeMetrics {
  readonly registry: Registry;
  /** Counts one check: its decision and status, each deny reason, and its duration in seconds. */
  readonly checked: (verdict: Verdict, status: number, seconds: number) => void;
  /** Counts one operator event by type. */
  readonly event: (event: GuardEvent) => void;
  /** Says which policy worker `worker` now runs: `dsop_guard_policy_info` 1 for it, its previous one gone. */
  readonly policy: (worker: number, policy: PolicyFacts) => void;
}

/**
 * Makes the metrics of one worker: `dsop_guard_checks_total{decision,status}`,
 * `dsop_guard_deny_reasons_total{reason}`, `dsop_guard_check_duration_seconds{decision}`,
 * `dsop_guard_events_total{type}`, `dsop_guard_policy_info{worker,id,version,sha256}` (1 for the policy the
 * worker runs), and prom-client's default process metrics. With several workers the primary sums them over the
 * workers (prom-client's `AggregatorRegistry`; the `worker` label keeps each worker's policy apart).
 *
 * @example
 * ```ts
 * const metrics = createServeMetrics();
 * metrics.event({ type: 'keys.refreshed', level: 'info', issuer: 'https://test.maskinporten.no/', keys: 2 });
 * ```
 */
export function createServeMetrics(): ServeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const checks = new Counter({
    name: 'dsop_guard_checks_total',
    help: 'Checks answered, by decision and HTTP status',
    labelNames: ['decision', 'status'] as const,
    registers: [registry],
  });
  const reasons = new Counter({
    name: 'dsop_guard_deny_reasons_total',
    help: 'Reason codes of denied checks (a deny may have several)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'dsop_guard_check_duration_seconds',
    help: 'Time from a check request to its answer, by decision',
    labelNames: ['decision'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const events = new Counter({
    name: 'dsop_guard_events_total',
    help: 'Operator events (key refreshes and failures, unavailable keys or consent store, rule errors, audit sink failures)',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const policyInfo = new Gauge({
    name: 'dsop_guard_policy_info',
    help: 'The policy each worker judges new checks by (1), by worker number, policy id, version and sha256',
    labelNames: ['worker', 'id', 'version', 'sha256'] as const,
    registers: [registry],
  });
  return {
    registry,
    checked: (verdict, status, seconds) => {
      checks.inc({ decision: verdict.decision, status: String(status) });
      for (const reason of verdict.reasons) reasons.inc({ reason });
      duration.observe({ decision: verdict.decision }, seconds);
    },
    event: (event) => events.inc({ type: event.type }),
    policy: (worker, { id, version, sha256 }) => {
      policyInfo.reset();
      policyInfo.set({ worker: String(worker), id, version, sha256 }, 1);
    },
  };
}
