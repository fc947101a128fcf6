import { AsyncLocalStorage } from 'node:async_hooks';
import cluster from 'node:cluster';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ConsentStore, type GuardEvent, type KeySet, remoteKeySet } from '@dsop-guard/core';
import { AggregatorRegistry } from 'prom-client';
import type { GuardOptions } from '../function/createGuard.js';
import { createHttpGuard } from '../http/createHttpGuard.js';
import { type Readiness, createCheckServer } from './createCheckServer.js';
import { createServeMetrics } from './createServeMetrics.js';

/**
 * Options of {@link startWorker}.
 *
 * @example
 * ```ts
 * const options: WorkerOptions = {
 *   guard: async () => ({ options: { preset: preset('lanekassen-saldo', 'test') } }),
 *   host: '127.0.0.1',
 *   port: 8080,
 * };
 * ```
 */
export interface WorkerOptions {
  /**
   * Makes the guard's options (the CLI: from its flags), given the worker's event listener for the key sets it
   * makes; `onEvent` and `onDecision` in them are replaced by the worker's own.
   */
  readonly guard: (onEvent: (event: GuardEvent) => void) => Promise<WorkerGuard>;
  readonly host: string;
  readonly port: number;
  /** See `CheckServerOptions.personSegment`. Default none. */
  readonly personSegment?: number;
  /** In-flight checks get this long after SIGTERM before their connections are cut. Default 10 000 ms. */
  readonly graceMs?: number;
}

/** The guard's options of a worker, and what goes with them. */
export interface WorkerGuard {
  readonly options: GuardOptions;
  /** The consent store in `options.consentStore`, for `/readyz`. Default none. */
  readonly consentStore?: ConsentStore | undefined;
  /** Closes what the options opened (the decision log, the Redis connection). Default nothing. */
  readonly close?: () => Promise<void>;
}

/** A running worker. */
export interface Worker {
  readonly server: Server;
  readonly address: AddressInfo;
  /** Stops accepting, lets in-flight checks finish (at most `graceMs`), flushes the decision log. */
  readonly stop: () => Promise<void>;
}

/** An operator event as a JSON line on standard error: events carry no token and no person. */
function logEvent(event: GuardEvent): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
}

/** Keys are ready when a probe resolves to anything but `keys_unavailable` (the probe names no kid). */
async function keysReady(keys: KeySet): Promise<'ok' | 'unavailable'> {
  const result = await keys.resolve({ kid: undefined, x5t: undefined, alg: 'RS256' });
  return result.isErr() && result.error === 'keys_unavailable' ? 'unavailable' : 'ok';
}

async function storeReady(store: ConsentStore): Promise<'ok' | 'unavailable'> {
  try {
    await store.get('readyz-probe');
    return 'ok';
  } catch {
    return 'unavailable';
  }
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
 * Starts one check server of `dsop-guard serve`: the HTTP guard with the worker's metrics and events, `/readyz`
 * over its key sets and consent store, and on SIGTERM a graceful stop (no new connections, in-flight checks
 * answered, the decision log flushed, exit 0). In a cluster worker `/metrics` answers the sum over all workers.
 *
 * @example
 * ```ts
 * const guard = async () => ({ options: { preset: preset('lanekassen-saldo', 'test') } });
 * const worker = await startWorker({ guard, host: '127.0.0.1', port: 8080 });
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
  const decisionIds = new AsyncLocalStorage<{ id?: string }>();
  const onDecision = (record: { id: string }): void => {
    const slot = decisionIds.getStore();
    if (slot !== undefined) slot.id = record.id;
  };
  const built = await options.guard(onEvent);
  const guardOptions = built.options;
  const preset = guardOptions.preset;
  // The preset's own remote key sets are made here rather than by the guard, so that /readyz can probe them.
  const maskinporten =
    guardOptions.keys?.maskinporten ??
    (preset === undefined
      ? undefined
      : remoteKeySet({ issuer: preset.issuer, metadataUrl: preset.metadataUrl, onEvent }));
  const consent =
    guardOptions.keys?.consent ??
    (preset === undefined
      ? undefined
      : remoteKeySet({
          issuer: preset.consentIssuer,
          jwksUri: preset.consentJwksUri,
          matchX5t: true,
          onEvent,
        }));
  const http = createHttpGuard({
    ...guardOptions,
    keys: {
      ...(maskinporten === undefined ? {} : { maskinporten }),
      ...(consent === undefined ? {} : { consent }),
    },
    onEvent,
    // The decision id is the id of a record in the decision log: without one there is no record to name.
    ...(guardOptions.audit === undefined ? {} : { onDecision }),
  });
  const readiness = async (): Promise<Readiness> => {
    const checks: Record<string, 'ok' | 'unavailable'> = {};
    const [mp, altinn, store] = await Promise.all([
      maskinporten === undefined ? undefined : keysReady(maskinporten),
      consent === undefined ? undefined : keysReady(consent),
      built.consentStore === undefined ? undefined : storeReady(built.consentStore),
    ]);
    if (mp !== undefined) checks['maskinportenKeys'] = mp;
    if (altinn !== undefined) checks['consentKeys'] = altinn;
    if (store !== undefined) checks['consentStore'] = store;
    return { ready: Object.values(checks).every((c) => c === 'ok'), checks };
  };
  const server = createCheckServer({
    http,
    metrics,
    readiness,
    decisionIds,
    ...(cluster.isWorker ? { metricsText: clusterMetrics } : {}),
    ...(options.personSegment === undefined ? {} : { personSegment: options.personSegment }),
  });
  // Gateways keep connections to the service open; a check should be quick, headers even more so.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A kept-alive connection closes as soon as its check is answered; what is still open at graceMs is cut.
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      const cut = setTimeout(() => server.closeAllConnections(), options.graceMs ?? 10_000);
      await closed;
      clearInterval(idle);
      clearTimeout(cut);
      await built.close?.();
    })();
    return stopping;
  };
  return { server, address: server.address() as AddressInfo, stop };
}
