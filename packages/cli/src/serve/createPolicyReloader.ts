import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { PolicyFacts } from '@dsop-guard/core';
import { Counter, Registry } from 'prom-client';

/** What starts a reload: the signal, or a change of the watched file. */
export type ReloadTrigger = 'SIGUSR2' | 'file changed';

/**
 * A policy the primary has loaded and checked: its facts, and the text it was loaded from, which the workers
 * load in turn (never the file: what they run is what was checked). No text for a preset.
 */
export interface CheckedPolicy {
  readonly facts: PolicyFacts;
  readonly text?: string;
}

/**
 * A policy the primary has loaded and checked: its facts, and the text it was loaded from, which the workers
 * load in turn (never the file: what they run is what was checked). No text for a preset.
 */
export interface CheckedPolicy {
  readonly facts: PolicyFacts;
  readonly text?: string;
}

/**
 * Options of {@link createPolicyReloader}.
 *
 * @example
 * ```ts
 * const options: PolicyReloaderOptions = {
 *   load: async () => ({ facts: facts(policy), text }),
 *   current: { facts: { id: 'acme/saldo', version: '3', sha256: 'c0ffee…' }, text },
 *   broadcast: (message) => { for (const w of Object.values(cluster.workers ?? {})) w?.send(message); },
 *   log: console.error,
 *   event: (event) => console.error(JSON.stringify(event)),
 * };
 * ```
 */
export interface PolicyReloaderOptions {
  /** Loads and checks the policy again (the same loading as at start); rejects with the error to log. */
  readonly load: () => Promise<CheckedPolicy>;
  /** The policy the workers were started with. */
  readonly current: CheckedPolicy;
  /** Sends a message to every worker. */
  readonly broadcast: (message: object) => void;
  /** The service's own lines (`dsop-guard serve: …`). */
  readonly log: (line: string) => void;
  /** An operator event (`policy.reloaded`, `policy.reload_failed`), logged as a JSON line. */
  readonly event: (event: Readonly<Record<string, unknown>>) => void;
  /** The policy file to watch (`--watch-policy`): a change of it reloads. Default none. */
  readonly watch?: string;
  /** Quiet time after the last change of the watched file before it is loaded. Default 300 ms. */
  readonly debounceMs?: number;
  /** How long the workers get to switch before the ones that have not answered are named. Default 15 000 ms. */
  readonly answerMs?: number;
}

/** What a worker answers to a reload: the policy it now runs, or why it kept its own. */
export interface ReloadAnswer {
  readonly dsopGuard: 'policy' | 'reload-failed';
  readonly policy?: PolicyFacts;
  readonly message?: string;
}

/** The primary's side of policy reloads. */
export interface PolicyReloader {
  /** Loads the policy again and, when it loads and differs from what a worker runs, switches every worker. */
  readonly reload: (trigger: ReloadTrigger) => void;
  /** Worker `index` listens, with `policy`. */
  readonly started: (index: number, policy: PolicyFacts | undefined) => void;
  /** Worker `index` answered a reload. */
  readonly answered: (index: number, answer: ReloadAnswer) => void;
  /** Worker `index` is gone. */
  readonly exited: (index: number) => void;
  /**
   * The policy a worker that starts now must run: the one the primary holds (the last that every worker
   * switched to, else the one of the start), whatever the file says meanwhile.
   */
  readonly held: () => CheckedPolicy;
  /** `dsop_guard_policy_reloads_total{trigger,result}`: the primary's own metric, beside the workers'. */
  readonly registry: Registry;
  /** Stops watching. */
  readonly close: () => void;
}

/** The first 12 hex digits: the service's lines mask longer runs of letters and digits as if they were tokens. */
const short = (sha256: string): string => `${sha256.slice(0, 12)}…`;
const named = (p: PolicyFacts): string => `${p.id} version ${p.version} sha256 ${short(p.sha256)}`;

interface Round {
  readonly trigger: ReloadTrigger;
  readonly checked: CheckedPolicy;
  readonly policy: PolicyFacts;
  readonly waiting: Set<number>;
  readonly failures: string[];
  readonly timer: NodeJS.Timeout;
}

/**
 * The primary of `dsop-guard serve` reloading the policy without a restart: on {@link PolicyReloader.reload}
 * (SIGUSR2, or with `watch` a change of the file, debounced and found again after an editor's rename) it loads
 * the policy first, in the primary; one that does not load leaves every worker as it is, and is logged and
 * raised as `policy.reload_failed`. One that loads is sent to every worker, as the text the primary loaded and
 * its sha256; each loads that text (never the file, so a file changed meanwhile cannot split them), checks it
 * is that sha256, builds its new guard and swaps it in, and answers. The round ends when every worker has
 * answered (`policy.reloaded`, or `policy.reload_failed` naming the workers that kept their policy). A worker
 * that starts later (a replacement) runs {@link PolicyReloader.held}.
 *
 * @example
 * ```ts
 * const reloader = createPolicyReloader(options);
 * process.on('SIGUSR2', () => reloader.reload('SIGUSR2'));
 * ```
 */
export function createPolicyReloader(options: PolicyReloaderOptions): PolicyReloader {
  const registry = new Registry();
  const reloads = new Counter({
    name: 'dsop_guard_policy_reloads_total',
    help: 'Policy reloads by trigger and result (ok, unchanged, failed: the running policy stayed)',
    labelNames: ['trigger', 'result'] as const,
    registers: [registry],
  });
  const running = new Map<number, PolicyFacts>();
  let held = options.current;
  let current = held.facts;
  let round: Round | undefined;
  let loading = false;
  let again: ReloadTrigger | undefined;

  const publish = (): void => {
    options.broadcast({ dsopGuard: 'policies', workers: Object.fromEntries(running) });
  };
  const failed = (trigger: ReloadTrigger, reason: string): void => {
    reloads.inc({ trigger, result: 'failed' });
    // What the workers run (one policy, unless an earlier round left them apart).
    const kept = [...new Set([...running.values()].map(named))];
    const keep = kept.length === 0 ? named(current) : kept.join(' and ');
    options.event({ type: 'policy.reload_failed', level: 'error', trigger, reason, policy: current });
    options.log(`policy reload (${trigger}) failed; the workers keep ${keep}: ${reason}`);
  };
  const next = (): void => {
    const pending = again;
    again = undefined;
    if (pending !== undefined) reload(pending);
  };
  const finish = (): void => {
    const done = round;
    if (done === undefined || done.waiting.size > 0) return;
    round = undefined;
    clearTimeout(done.timer);
    const { trigger, policy, failures } = done;
    publish();
    if (failures.length === 0) {
      current = policy;
      held = done.checked;
      reloads.inc({ trigger, result: 'ok' });
      options.event({ type: 'policy.reloaded', level: 'info', trigger, policy, workers: running.size });
      options.log(`policy reload (${trigger}): ${named(policy)} now in every worker (${running.size})`);
    } else {
      reloads.inc({ trigger, result: 'failed' });
      const reason = failures.join('; ');
      options.event({ type: 'policy.reload_failed', level: 'error', trigger, reason, policy });
      options.log(`policy reload (${trigger}) to ${named(policy)} incomplete: ${reason}`);
    }
    next();
  };
  const begin = (trigger: ReloadTrigger, checked: CheckedPolicy): void => {
    const policy = checked.facts;
    const waiting = new Set(running.keys());
    const failures: string[] = [];
    const timer = setTimeout(() => {
      for (const index of waiting) failures.push(`worker ${index} did not answer`);
      waiting.clear();
      finish();
    }, options.answerMs ?? 15_000);
    timer.unref();
    round = { trigger, checked, policy, waiting, failures, timer };
    options.log(`policy reload (${trigger}): loaded ${named(policy)}; switching ${waiting.size} workers`);
    options.broadcast({ dsopGuard: 'reload', sha256: policy.sha256, text: checked.text });
    finish();
  };
  function reload(trigger: ReloadTrigger): void {
    if (loading || round !== undefined) {
      again = trigger;
      return;
    }
    loading = true;
    options.load().then(
      (checked) => {
        loading = false;
        const policy = checked.facts;
        const everywhere = [...running.values()].every((p) => p.sha256 === policy.sha256);
        if (policy.sha256 === current.sha256 && everywhere) {
          reloads.inc({ trigger, result: 'unchanged' });
          options.log(`policy reload (${trigger}): unchanged, ${named(policy)}`);
          next();
          return;
        }
        begin(trigger, checked);
      },
      (e: unknown) => {
        loading = false;
        failed(trigger, e instanceof Error ? e.message : String(e));
        next();
      },
    );
  }

  let watcher: FSWatcher | undefined;
  if (options.watch !== undefined) {
    // The directory, not the file: an editor that saves by writing a new file and renaming it over the old one
    // (and Kubernetes, which swaps a ConfigMap's `..data` link) leaves a watch on the file itself watching nothing.
    const base = basename(options.watch);
    let quiet: NodeJS.Timeout | undefined;
    const changed = (_: string, name: string | Buffer | null): void => {
      const file = name?.toString();
      if (file !== undefined && file !== base && !file.startsWith('..')) return;
      clearTimeout(quiet);
      quiet = setTimeout(() => reload('file changed'), options.debounceMs ?? 300);
    };
    try {
      watcher = watch(dirname(options.watch), { persistent: false }, changed);
      watcher.on('error', (e) => options.log(`--watch-policy: stopped watching: ${e.message}`));
    } catch (e) {
      options.log(`--watch-policy: cannot watch ${dirname(options.watch)}: ${(e as Error).message}`);
    }
  }

  return {
    reload,
    started: (index, policy) => {
      if (policy === undefined) return;
      running.set(index, policy);
      if (policy.sha256 !== current.sha256)
        options.log(
          `worker ${index} started with ${named(policy)}, not ${named(current)}: send SIGUSR2 to switch every worker`,
        );
      publish();
    },
    answered: (index, answer) => {
      if (answer.dsopGuard === 'policy' && answer.policy !== undefined) running.set(index, answer.policy);
      if (round === undefined || !round.waiting.has(index)) return;
      round.waiting.delete(index);
      if (answer.dsopGuard === 'reload-failed')
        round.failures.push(
          `worker ${index} kept ${named(running.get(index) ?? current)}: ${answer.message}`,
        );
      finish();
    },
    exited: (index) => {
      running.delete(index);
      round?.waiting.delete(index);
      finish();
    },
    held: () => held,
    registry,
    close: () => watcher?.close(),
  };
}
