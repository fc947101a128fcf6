import cluster from 'node:cluster';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GuardOptions } from '@dsop-guard/adapters';
import { createHttpGuard, type HttpGuard } from '@dsop-guard/adapters/http';
import type { GuardEvent, PolicyFacts } from '@dsop-guard/core';
import { AggregatorRegistry } from 'prom-client';
import type { AdminOptions, Readiness, WorkerPolicies } from './adminAnswer.js';
import { createAdminServer } from './createAdminServer.js';
import { createCheckServer } from './createCheckServer.js';
import { createServeMetrics } from './createServeMetrics.js';
import type { OriginalSource } from './readOriginalRequest.js';

/**
 * Options of {@link startWorker}.
 *
 * @example
 * ```ts
 * const options: WorkerOptions = {
 *   guard: async () => ({ options: { preset: preset('lanekassen-saldo', 'test') } }),
 *   host: '127.0.0.1',
 *   port: 8080,
 *   adminPort: 8081,
 *   original: GATEWAY_SOURCES.nginx,
 * };
 * ```
 */
export interface WorkerOptions {
  /**
   * Makes the guard's options (the CLI: from its flags), given the worker's event listener for the key sets it
   * makes; `onEvent` in them is replaced by the worker's own. Each answer carries its record's id
   * (`HttpResult.decisionId`), and `/readyz` asks the guard (`Guard.readiness`).
   */
  readonly guard: (onEvent: (event: GuardEvent) => void) => Promise<WorkerGuard>;
  readonly host: string;
  /** The check port: every request on it is a check. 0 picks a free port. */
  readonly port: number;
  /**
   * The admin port (`/healthz`, `/readyz`, `/metrics`; 0 picks a free port), or `'same'` for the admin endpoints
   * on the check port, safe only behind a gateway that sends every check to one fixed path (see
   * `CheckServerOptions.admin`).
   */
  readonly adminPort: number | 'same';
  /** Where the original request's URI and method are read: see `CheckServerOptions.original`. */
  readonly original: OriginalSource;
  /** See `CheckServerOptions.personSegment`. Default none. */
  readonly personSegment?: number;
  /** In-flight checks get this long after SIGTERM before their connections are cut. Default 10 000 ms. */
  readonly graceMs?: number;
  /**
   * A connection whose request headers are not all in after this long is answered 408 and closed (checked every
   * second). Default 10 000 ms; the whole request gets at least 30 s.
   */
  readonly headersTimeoutMs?: number;
  /** Open connections per port of this worker; one more is closed at once, unanswered. Default 1024. */
  readonly maxConnections?: number;
  /** This worker's number (1…workers), in `/readyz` and the `worker` label of `dsop_guard_policy_info`. Default 1. */
  readonly workerId?: number;
}

/**
 * A policy to switch to: a policy, or a preset. A preset's guard makes remote key sets of its own (cold caches)
 * for the keys the worker's options do not give; `dsop-guard serve` never switches to one, since a preset's
 * policy cannot change while the process runs (a reload of it is `unchanged`).
 */
export type WorkerPolicy = Pick<GuardOptions, 'preset' | 'policy'>;

/** The guard's options of a worker, and what goes with them. */
export interface WorkerGuard {
  readonly options: GuardOptions;
  /** Closes what the options opened (the decision log, the Redis connection). Default nothing. */
  readonly close?: () => Promise<void>;
  /** Reopens the decision log's file at its path (after logrotate moved it). Default nothing. */
  readonly reopen?: () => void;
  /** What `/readyz` says of each key set, by role (where from, the proxy, the last refresh and failure). Default none. */
  readonly keyReports?: () => Readiness['keys'];
}

/** A running worker. */
export interface Worker {
  /** The check server. */
  readonly server: Server;
  readonly address: AddressInfo;
  /** The admin server, or `undefined` with `adminPort: 'same'`. */
  readonly adminServer: Server | undefined;
  /** Where the admin endpoints answer: the admin server's address, or the check server's with `'same'`. */
  readonly adminAddress: AddressInfo;
  /** Stops accepting on both ports, lets in-flight checks finish (at most `graceMs`), flushes the decision log. */
  readonly stop: () => Promise<void>;
  /** The next record goes to a new file at the decision log's path (`WorkerGuard.reopen`): for SIGHUP. */
  readonly reopenLogs: () => void;
  /** The policy this worker judges new checks by. */
  readonly policy: () => PolicyFacts;
  /**
   * Builds a guard for `next` with everything else as it was (the key sets, the consent store, the decision log
   * and its chain) and then swaps it in, in one assignment: a check that has started finishes under the guard it
   * started with, every later one gets the new. Throws (a `ConfigError`) when the guard cannot be built; the
   * running one then stays. Returns the new policy's facts.
   */
  readonly switchPolicy: (next: WorkerPolicy) => PolicyFacts;
  /** What every worker runs, as the primary last heard (shown by `/readyz`). */
  readonly setPolicies: (policies: WorkerPolicies) => void;
}

/** An operator event as a JSON line on standard error: events carry no token and no person. */
function logEvent(event: GuardEvent): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
}

/**
 * At most `most` open connections: one more is closed at once, unanswered. Not `server.maxConnections`: in a
 * cluster worker that makes Node's primary keep the connection and offer it to the worker again, so it is
 * neither answered nor closed.
 */
function capConnections(server: Server, most: number): void {
  let open = 0;
  server.on('connection', (socket) => {
    open += 1;
    socket.once('close', () => {
      open -= 1;
    });
    if (open > most) socket.destroy();
  });
}

/** Listens, or rejects with the error saying which listener could not (`what`: the check or the admin port). */
function listen(server: Server, options: WorkerOptions, port: number, what: string): Promise<void> {
  // Gateways keep connections to the service open; a check should be quick, headers even more so.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = options.headersTimeoutMs ?? 10_000;
  server.requestTimeout = Math.max(30_000, server.headersTimeout);
  capConnections(server, options.maxConnections ?? 1024);
  const host = options.host;
  return new Promise<void>((resolve, reject) => {
    const failed = (e: Error): void => reject(new Error(`${what}: ${e.message}`));
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** Stops accepting; a kept-alive connection closes as soon as its answer is sent; what is open at `graceMs` is cut. */
async function close(server: Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const idle = setInterval(() => server.closeIdleConnections(), 50);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearInterval(idle);
  clearTimeout(cut);
}

/**
 * Both servers listening (the admin one unless it is `undefined`), and a stop of both that then closes what the
 * guard opened; when one cannot listen, everything is closed again and the error, naming the port, thrown.
 */
async function listenBoth(
  check: Server,
  admin: Server | undefined,
  options: WorkerOptions,
  closeGuard: () => Promise<void>,
): Promise<() => Promise<void>> {
  const graceMs = options.graceMs ?? 10_000;
  const stop = async (): Promise<void> => {
    await Promise.all([close(check, graceMs), admin === undefined ? undefined : close(admin, graceMs)]);
    await closeGuard();
  };
  try {
    await listen(check, options, options.port, 'check port');
    if (admin !== undefined && options.adminPort !== 'same')
      await listen(admin, options, options.adminPort, 'admin port');
  } catch (e) {
    await stop();
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= stop();
    return stopping;
  };
}

let asked = 0;
/** The metrics of every worker, summed by the primary (prom-client's AggregatorRegistry). */
function clusterMetrics(): Promise<string> {
  asked += 1;
  const id = asked;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the primary did not answer'));
    }, 5000);
    const onMessage = (message: unknown): void => {
      const m = message as { dsopGuard?: string; id?: number; text?: string } | null;
      if (m?.dsopGuard !== 'metrics' || m.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (typeof m.text === 'string') resolve(m.text);
      else reject(new Error('no metrics'));
    };
    process.on('message', onMessage);
    process.send?.({ dsopGuard: 'metrics', id });
  });
}

/**
 * Starts one worker of `dsop-guard serve`: the check server (the HTTP guard with the worker's metrics and events)
 * on `port`, and the admin server (`/healthz`, `/readyz` over its key sets and consent store, `/metrics`) on
 * `adminPort`, or on the check port with `'same'`; `stop()` is a graceful stop of both (no new connections,
 * in-flight checks answered, the decision log flushed). In a cluster worker `/metrics` answers the sum over all
 * workers, and the cluster shares both ports among the workers.
 *
 * @example
 * ```ts
 * const guard = async () => ({ options: { preset: preset('lanekassen-saldo', 'test') } });
 * const worker = await startWorker({
 *   guard,
 *   host: '127.0.0.1',
 *   port: 8080,
 *   adminPort: 8081,
 *   original: GATEWAY_SOURCES.nginx,
 * });
 * ```
 */
export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const metrics = createServeMetrics();
  if (cluster.isWorker) {
    // Constructing one is what makes prom-client answer the primary's requests for this worker's metrics.
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([metrics.registry]);
  }
  const onEvent = (event: GuardEvent): void => {
    metrics.event(event);
    logEvent(event);
  };
  const built = await options.guard(onEvent);
  const workerId = options.workerId ?? 1;
  // The one reference a policy switch replaces: each check reads it once, when it starts.
  let http: HttpGuard = createHttpGuard({ ...built.options, onEvent });
  let policies: WorkerPolicies | undefined;
  const factsOf = (guard: HttpGuard): PolicyFacts => {
    const { id, version, sha256 } = guard.guard.policy;
    return { id, version, sha256 };
  };
  metrics.policy(workerId, factsOf(http));
  // /readyz asks the guard (its key sets and its consent store), says what this worker knows of its key sets, and
  // names the policy it judges new checks by.
  const readiness = async (): Promise<Readiness> => {
    const ready = await http.guard.readiness();
    const keys = built.keyReports?.();
    return {
      ...ready,
      ...(keys === undefined ? {} : { keys }),
      worker: workerId,
      policy: factsOf(http),
      ...(policies === undefined ? {} : { workers: policies }),
    };
  };
  const admin: AdminOptions = {
    metrics,
    readiness,
    ...(cluster.isWorker ? { metricsText: clusterMetrics } : {}),
  };
  const same = options.adminPort === 'same';
  const server = createCheckServer({
    http: () => http,
    metrics,
    original: options.original,
    ...(same ? { admin } : {}),
    ...(options.personSegment === undefined ? {} : { personSegment: options.personSegment }),
  });
  const adminServer = same ? undefined : createAdminServer(admin);
  const stop = await listenBoth(server, adminServer, options, async () => {
    await built.close?.();
  });
  const address = server.address() as AddressInfo;
  const adminAddress = adminServer === undefined ? address : (adminServer.address() as AddressInfo);
  const reopenLogs = (): void => built.reopen?.();
  const switchPolicy = (next: WorkerPolicy): PolicyFacts => {
    const { preset: _preset, policy: _policy, ...kept } = built.options;
    const chosen: GuardOptions =
      next.preset === undefined
        ? { ...kept, policy: next.policy as NonNullable<GuardOptions['policy']> }
        : { ...kept, preset: next.preset };
    const guard = createHttpGuard({ ...chosen, onEvent });
    http = guard;
    metrics.policy(workerId, factsOf(guard));
    return factsOf(guard);
  };
  return {
    server,
    address,
    adminServer,
    adminAddress,
    stop,
    reopenLogs,
    policy: () => factsOf(http),
    switchPolicy,
    setPolicies: (given) => {
      policies = given;
    },
  };
}
