import type { IncomingMessage } from 'node:http';
import type { PolicyFacts } from '@dsop-guard/core';
import type { KeySetReport } from '../flags/buildKeySet.js';
import type { ServeMetrics } from './createServeMetrics.js';
import type { Answer } from './sendAnswer.js';

/**
 * What `/readyz` reports: ready when every configured key set has usable keys and the consent store, when there
 * is one, answers.
 *
 * @example
 * ```ts
 * const readiness: Readiness = { ready: false, checks: { maskinportenKeys: 'ok', consentKeys: 'unavailable' } };
 * ```
 */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, 'ok' | 'unavailable'>>;
  /**
   * This worker's key sets by role: where from, through which proxy, the last refresh and the last failure
   * (stage, cause, status, URL without query, proxy without user info, when). Absent when not known.
   */
  readonly keys?: Readonly<Record<string, KeySetReport>>;
  /** The number of the worker that answered (`dsop-guard serve`). */
  readonly worker?: number;
  /** The policy that worker judges new checks by. */
  readonly policy?: PolicyFacts;
  /** The policy of every worker, by number, as the primary last heard from each. */
  readonly workers?: WorkerPolicies;
}

/**
 * The policy each worker of `dsop-guard serve` runs, by worker number, as the primary last heard.
 *
 * @example
 * ```ts
 * const policies: WorkerPolicies = { '1': { id: 'acme/saldo', version: '3', sha256: 'c0ffee…' } };
 * ```
 */
export type WorkerPolicies = Readonly<Record<string, PolicyFacts>>;

/**
 * Options of {@link adminAnswer}: what the admin endpoints answer.
 *
 * @example
 * ```ts
 * const options: AdminOptions = { metrics, readiness: async () => ({ ready: true, checks: {} }) };
 * ```
 */
export interface AdminOptions {
  /** This worker's metrics. */
  readonly metrics: ServeMetrics;
  /** What `/readyz` answers. */
  readonly readiness: () => Promise<Readiness>;
  /** The text `/metrics` answers. Default: this worker's own registry. */
  readonly metricsText?: () => Promise<string>;
}

/** The admin endpoints, answered on exact paths (no query) for GET and HEAD. */
const ADMIN = new Set(['/healthz', '/readyz', '/metrics']);
const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

async function answer(url: string, options: AdminOptions): Promise<Answer> {
  if (url === '/healthz') return { status: 200, headers: JSON_HEADERS, body: '{"status":"ok"}' };
  if (url === '/readyz') {
    const readiness = await options.readiness();
    return { status: readiness.ready ? 200 : 503, headers: JSON_HEADERS, body: JSON.stringify(readiness) };
  }
  const text = await (options.metricsText ?? (() => options.metrics.registry.metrics()))();
  return { status: 200, headers: { 'content-type': options.metrics.registry.contentType }, body: text };
}

/**
 * The answer of `/healthz`, `/readyz` or `/metrics` to a `GET` or `HEAD` of exactly that path (no query), or
 * `undefined` for any other request: it is not an admin request.
 *
 * @example
 * ```ts
 * const answer = adminAnswer(req, { metrics, readiness });
 * if (answer !== undefined) await sendAnswer(req, res, answer);
 * ```
 */
export function adminAnswer(req: IncomingMessage, options: AdminOptions): Promise<Answer> | undefined {
  const url = req.url ?? '';
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !ADMIN.has(url)) return undefined;
  return answer(url, options);
}
