import { createServer, type Server } from 'node:http';
import { type AdminOptions, adminAnswer } from './adminAnswer.js';
import { type Answer, sendAnswer } from './sendAnswer.js';

/** Anything but the three admin endpoints: never a check, never a 200. */
const NOT_FOUND: Answer = {
  status: 404,
  headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  body: JSON.stringify({
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail:
      'The admin port answers GET and HEAD of /healthz, /readyz and /metrics only; checks go to the check port.',
  }),
};

/**
 * The admin listener of `dsop-guard serve`: `GET`/`HEAD` of exactly `/healthz` (liveness), `/readyz`
 * (readiness) and `/metrics` (Prometheus text); every other request is a `404` problem.
 * It never judges a request, so a gateway that forwards a client's path to the check port can never reach it.
 *
 * @example
 * ```ts
 * const admin = createAdminServer({ metrics: createServeMetrics(), readiness });
 * admin.listen(8081, '127.0.0.1');
 * ```
 */
export function createAdminServer(options: AdminOptions): Server {
  // Header and request timeouts checked every second (Node's default: every 30 s).
  return createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    void sendAnswer(req, res, adminAnswer(req, options) ?? Promise.resolve(NOT_FOUND));
  });
}
