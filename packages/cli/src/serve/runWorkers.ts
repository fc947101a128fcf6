import cluster, { type Worker } from 'node:cluster';
import type { PolicyFacts } from '@dsop-guard/core';
import { AggregatorRegistry } from 'prom-client';
import {
  createPolicyReloader,
  type PolicyReloader,
  type PolicyReloaderOptions,
  type ReloadAnswer,
} from './createPolicyReloader.js';

/**
 * Options of {@link runWorkers}.
 *
 * @example
 * ```ts
 * const options: RunWorkersOptions = { workers: 2, log: (line) => process.stderr.write(`${line}\n`) };
 * ```
 */
export interface RunWorkersOptions {
  /** How many worker processes. */
  readonly workers: number;
  /** Where the primary says what it does (started, a worker replaced, stopping). */
  readonly log: (line: string) => void;
  /** Extra environment of every worker. Its index (1…workers) is in `DSOP_GUARD_SERVE_WORKER`. Default none. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Policy reloads on SIGUSR2 (and with `watch` on a change of the file): how the primary loads the policy,
   * the policy the workers start with, the file. Default none: SIGUSR2 is ignored.
   */
  readonly reload?: Pick<PolicyReloaderOptions, 'load' | 'current' | 'watch' | 'event' | 'debounceMs'>;
}

/** What a worker tells the primary before it listens, or when it cannot. */
interface WorkerMessage {
  readonly dsopGuard?: string;
  readonly id?: number;
  readonly address?: string;
  /** Where the admin endpoints answer, and whether that is the check port (`--admin-port same`). */
  readonly admin?: string;
  readonly adminSame?: boolean;
  readonly message?: string;
  /** The policy the worker runs (when it listens, and in its answer to a reload). */
  readonly policy?: PolicyFacts;
}

/**
 * The primary of `dsop-guard serve`: forks `workers` processes running the same command (`node:cluster`, one
 * shared listening socket per port: the check port and the admin port), replaces a worker that dies, answers the workers' requests for the metrics of
 * all workers (prom-client's `AggregatorRegistry`), passes SIGHUP on to every worker (each reopens its decision
 * log, after logrotate), reloads the policy on SIGUSR2 or a change of its file ({@link createPolicyReloader}:
 * loaded first in the primary, then every worker switches to what the primary loaded), tells a starting worker
 * (a replacement too) which policy to run (a `held-policy?` message: the one the primary holds), and on SIGTERM or SIGINT passes SIGTERM to every worker and
 * waits for them to finish their checks and flush their decision logs. Resolves to the exit status: 0 after a
 * graceful stop, 2 when a worker could not start (its message is logged), 1 when one did not stop cleanly.
 *
 * @example
 * ```ts
 * if (cluster.isPrimary) process.exitCode = await runWorkers({ workers: 2, log: console.error });
 * ```
 */
export function runWorkers(options: RunWorkersOptions): Promise<number> {
  const aggregator = new AggregatorRegistry();
  const indexOf = new Map<Worker, number>();
  let stopping = false;
  let listening = 0;
  let failed = false;
  let unclean = false;
  let announced = false;
  const broadcast = (message: object): void => {
    for (const worker of Object.values(cluster.workers ?? {}))
      if (worker?.isConnected()) worker.send(message, (e: Error | null) => void e);
  };
  const reloader: PolicyReloader | undefined =
    options.reload === undefined
      ? undefined
      : createPolicyReloader({ ...options.reload, broadcast, log: options.log });

  return new Promise((resolve) => {
    const finish = (): void => {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      if (!failed) options.log(unclean ? 'stopped; a worker did not stop cleanly' : 'stopped');
      resolve(failed ? 2 : unclean ? 1 : 0);
    };
    const stopAll = (): void => {
      if (stopping) return;
      stopping = true;
      reloader?.close();
      if (!failed) options.log('stopping: finishing the checks in flight');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
      // A worker gets 10 s for its checks and then closes its logs; one still there after 30 s is killed.
      setTimeout(() => {
        for (const worker of Object.values(cluster.workers ?? {})) {
          unclean = true;
          worker?.process.kill('SIGKILL');
        }
      }, 30_000).unref();
      finish();
    };
    const fork = (index: number): void => {
      const worker = cluster.fork({ ...options.env, DSOP_GUARD_SERVE_WORKER: String(index) });
      const startedAt = Date.now();
      indexOf.set(worker, index);
      let ready = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m?.dsopGuard === 'listening') {
          ready = true;
          listening += 1;
          reloader?.started(index, m.policy);
          if (!announced && listening === options.workers) {
            announced = true;
            options.log(
              `listening on ${m.address} (${options.workers} worker${options.workers === 1 ? '' : 's'})`,
            );
            const same = m.adminSame === true ? ' (the check port: --admin-port same)' : '';
            options.log(`admin (healthz, readyz, metrics) on ${m.admin}${same}`);
          }
        } else if (m?.dsopGuard === 'failed') {
          options.log(`worker ${index} could not start: ${m.message}`);
          failed = true;
        } else if (m?.dsopGuard === 'held-policy?') {
          // A worker starting (the first ones, or a replacement): the policy the primary holds, never the file.
          const held = reloader?.held();
          if (worker.isConnected())
            worker.send(
              { dsopGuard: 'held-policy', sha256: held?.facts.sha256, text: held?.text },
              (e: Error | null) => void e,
            );
        } else if (m?.dsopGuard === 'policy' || m?.dsopGuard === 'reload-failed') {
          reloader?.answered(index, m as ReloadAnswer);
        } else if (m?.dsopGuard === 'metrics') {
          // A worker gone before the answer cannot take it: nothing to send, and nothing may reject here.
          const answer = (reply: { dsopGuard: 'metrics'; id: unknown; text?: string }): void => {
            if (worker.isConnected()) worker.send(reply, (e: Error | null) => void e);
          };
          const own = reloader === undefined ? Promise.resolve('') : reloader.registry.metrics();
          Promise.all([aggregator.clusterMetrics(), own]).then(
            ([text, reloads]) => answer({ dsopGuard: 'metrics', id: m.id, text: `${text}\n${reloads}` }),
            () => answer({ dsopGuard: 'metrics', id: m.id }),
          );
        }
      });
      worker.on('exit', (code, signal) => {
        indexOf.delete(worker);
        reloader?.exited(index);
        if (stopping) {
          if (code !== 0) unclean = true;
          finish();
          return;
        }
        if (!ready || failed) {
          // A worker that dies before it listens would die again: stop instead of looping.
          failed = true;
          stopAll();
          return;
        }
        listening -= 1;
        options.log(`worker ${index} exited (${signal ?? `code ${code}`}); starting a new one`);
        // One that dies soon after it started waits a second before the next try: no tight crash loop.
        if (Date.now() - startedAt < 5000) setTimeout(() => stopping || fork(index), 1000);
        else fork(index);
      });
    };
    const reopenAll = (): void => {
      options.log('reopening the decision logs (SIGHUP)');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGHUP');
    };
    process.on('SIGTERM', stopAll);
    process.on('SIGINT', stopAll);
    process.on('SIGHUP', reopenAll);
    // Without reloads SIGUSR2 is ignored rather than left to its default, which ends the process.
    process.on('SIGUSR2', () => (stopping ? undefined : reloader?.reload('SIGUSR2')));
    for (let i = 1; i <= options.workers; i += 1) fork(i);
  });
}
