import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { availableParallelism, hostname } from 'node:os';
import { extname } from 'node:path';
import { createHttpGuard } from '@dsop-guard/adapters/http';
import type { PolicyFacts } from '@dsop-guard/core';
import { buildGuardOptions, type GuardFlags, guardFlagOptions } from '../flags/guardFlags.js';
import { type ParsedFlags, parseFlags } from '../flags/parseFlags.js';
import type { ChosenPolicy } from '../flags/policyFlags.js';
import { quote } from '../flags/quote.js';
import { UsageError } from '../flags/usageError.js';
import { protectMessage } from '../io/protectMessage.js';
import type { CheckedPolicy } from './createPolicyReloader.js';
import { loadServedPolicy } from './loadServedPolicy.js';
import { GATEWAY_SOURCES, type GatewayKind, type OriginalSource } from './readOriginalRequest.js';
import { runWorkers } from './runWorkers.js';
import { serveHelp } from './serveHelp.js';
import { startWorker } from './startWorker.js';

// Private: the `serve` command.

const options = {
  ...guardFlagOptions,
  host: { type: 'string' },
  port: { type: 'string' },
  'admin-port': { type: 'string' },
  workers: { type: 'string' },
  'person-from-path': { type: 'string' },
  gateway: { type: 'string' },
  'headers-timeout': { type: 'string' },
  'max-connections': { type: 'string' },
  'uri-header': { type: 'string' },
  'method-header': { type: 'string' },
  'watch-policy': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ParsedFlags<typeof options>['values'];

interface Settings {
  readonly host: string;
  readonly port: number;
  readonly adminPort: number | 'same';
  readonly workers: number;
  readonly personSegment: number | undefined;
  readonly original: OriginalSource;
  readonly headersTimeoutMs: number;
  readonly maxConnections: number;
}

function whole(flag: string, text: string, min: number, max: number): number {
  if (!/^-?\d{1,6}$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`${flag}: give a whole number from ${min} to ${max} (got ${quote(text)})`);
  return Number(text);
}

/**
 * `--admin-port`: a port of its own (default the check port + 1; with `--port 0` a free one too), or `same`.
 * The admin port must differ from the check port, or the admin endpoints would answer a client's path.
 */
function adminPortOf(flags: Flags, port: number): number | 'same' {
  const given = flags['admin-port'];
  if (given === 'same') return 'same';
  if (given === undefined) {
    if (port === 65535)
      throw new UsageError(
        '--port 65535: give --admin-port too (its default, the port + 1, is out of range)',
      );
    return port === 0 ? 0 : port + 1;
  }
  if (!/^\d{1,6}$/.test(given) || Number(given) > 65535)
    throw new UsageError(`--admin-port: give a whole number from 0 to 65535, or same (got ${quote(given)})`);
  const adminPort = Number(given);
  if (adminPort !== 0 && adminPort === port)
    throw new UsageError(
      `--admin-port: ${adminPort} is the check port; give another port, or same for the admin endpoints on the check port`,
    );
  return adminPort;
}

const GATEWAYS = Object.keys(GATEWAY_SOURCES).join('|');

function headerName(flag: string, given: string | undefined): string | undefined {
  if (given === undefined) return undefined;
  if (!/^[A-Za-z0-9-]{1,64}$/.test(given))
    throw new UsageError(
      `${flag}: give a header name (letters, digits, dashes; got ${JSON.stringify(given)})`,
    );
  return given.toLowerCase();
}

/**
 * `--gateway <kind>`: the headers that gateway sets; `--uri-header`, `--method-header` instead of its. No default:
 * a client can send any header its gateway does not overwrite, so the service must be told which one is the
 * gateway's.
 */
function originalOf(flags: Flags): OriginalSource {
  const kind = flags.gateway;
  if (kind !== undefined && !Object.hasOwn(GATEWAY_SOURCES, kind))
    throw new UsageError(`--gateway: give one of ${GATEWAYS} (got ${JSON.stringify(kind)})`);
  const base = kind === undefined ? undefined : GATEWAY_SOURCES[kind as GatewayKind];
  const uri = headerName('--uri-header', flags['uri-header']) ?? base?.uri;
  const method = headerName('--method-header', flags['method-header']) ?? base?.method;
  if (uri === undefined || method === undefined)
    throw new UsageError(
      `give --gateway ${GATEWAYS} (the gateway that sends the checks), or --uri-header and --method-header`,
    );
  return { uri, method };
}

function settingsOf(flags: Flags): Settings {
  const host = flags.host ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host))
    throw new UsageError('--host: give a host name or an IP address');
  const port = flags.port === undefined ? 8080 : whole('--port', flags.port, 0, 65535);
  const workers =
    flags.workers === undefined ? availableParallelism() : whole('--workers', flags.workers, 1, 256);
  const from = flags['person-from-path'];
  const personSegment = from === undefined ? undefined : whole('--person-from-path', from, -32, 32);
  if (personSegment === 0)
    throw new UsageError('--person-from-path: 1 is the first segment, -1 the last; not 0');
  const original = originalOf(flags);
  const timeout = flags['headers-timeout'];
  const headersTimeoutMs =
    timeout === undefined ? 10_000 : whole('--headers-timeout', timeout, 1, 300) * 1000;
  const most = flags['max-connections'];
  const maxConnections = most === undefined ? 1024 : whole('--max-connections', most, 1, 100_000);
  const adminPort = adminPortOf(flags, port);
  if (flags['watch-policy'] === true && flags.policy === undefined)
    throw new UsageError(
      '--watch-policy goes with --policy <file>: a preset is no file (SIGUSR2 reloads it)',
    );
  return { host, port, adminPort, workers, personSegment, original, headersTimeoutMs, maxConnections };
}

/**
 * Each worker has its own decision log and chain: `decisions.jsonl` becomes `decisions-w1.jsonl`, … and the
 * chain id (`--chain-id`, default the host name) gets `/w1`, ….
 */
function workerFlags(flags: Flags, index: number): GuardFlags {
  if (flags.audit === undefined) return flags;
  const ext = extname(flags.audit);
  const base = flags.audit.slice(0, flags.audit.length - ext.length);
  const chain = flags['chain-id'] ?? hostname().replace(/[^A-Za-z0-9._:/-]/g, '-');
  return { ...flags, audit: `${base}-w${index}${ext}`, 'chain-id': `${chain}/w${index}` };
}

/** The decision logs as the start-up notes name them: `decisions-w<n>.jsonl`, one per worker. */
function auditShown(audit: string | undefined): { auditShown?: string } {
  if (audit === undefined) return {};
  const ext = extname(audit);
  return { auditShown: `${audit.slice(0, audit.length - ext.length)}-w<n>${ext}` };
}

const say = (line: string): void => {
  process.stderr.write(`dsop-guard serve: ${protectMessage(line)}\n`);
};

function urlOf({ address, port }: AddressInfo): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

const factsOf = ({ id, version, sha256 }: PolicyFacts): PolicyFacts => ({ id, version, sha256 });

/** What a policy reload must leave as it is: the transport, and the preset (its keys and issuers) it extends. */
function fixedAtStart(chosen: ChosenPolicy): string {
  const p = chosen.preset;
  const preset =
    p === undefined
      ? null
      : [p.name, p.environment, p.issuer, p.consentIssuer, p.metadataUrl, p.consentJwksUri];
  return JSON.stringify({ transport: chosen.transport ?? null, preset });
}

const short = (sha256: string): string => `${sha256.slice(0, 12)}…`;

/** What the primary sends a worker: the policy it checked, as text (none for a preset), and its sha256. */
interface SentPolicy {
  readonly sha256?: unknown;
  readonly text?: unknown;
}

/**
 * The policy the primary sent, loaded from its text with this worker's custom rules (a preset's from the
 * flags), and checked to be the one the primary loaded.
 */
async function loadSent(flags: Flags, sent: SentPolicy): Promise<ChosenPolicy> {
  const { chosen } = await loadServedPolicy(flags, typeof sent.text === 'string' ? sent.text : undefined);
  const { sha256 } = chosen.policy;
  if (typeof sent.sha256 === 'string' && sha256 !== sent.sha256) {
    // The same text, another policy: the custom rules this worker imported are not the primary's.
    const why = flags.rules === undefined ? '' : ` (its --rules ${flags.rules} is not the one of the start)`;
    throw new Error(
      `this worker loaded sha256 ${short(sha256)}, not the primary's ${short(sent.sha256)}${why}: restart serve`,
    );
  }
  return chosen;
}

/** Asks the primary which policy to start with: the one it holds (after a reload, that one), never the file. */
function heldPolicy(): Promise<SentPolicy> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', heard);
      reject(new Error('the primary did not say which policy to run'));
    }, 30_000);
    const heard = (message: unknown): void => {
      const m = message as ({ dsopGuard?: string } & SentPolicy) | null;
      if (m?.dsopGuard !== 'held-policy') return;
      clearTimeout(timer);
      process.off('message', heard);
      resolve(m);
    };
    process.on('message', heard);
    process.send?.({ dsopGuard: 'held-policy?' });
  });
}

/**
 * A worker's side of a reload: the primary has loaded and checked a policy and sends its text and sha256; the
 * worker loads that text (not the file), checks it is that one, switches its guard (unless it runs it already)
 * and answers with the policy it now runs, or with why it kept its own. One reload at a time.
 */
function answerReloads(flags: Flags, running: Awaited<ReturnType<typeof startWorker>>): void {
  let queue = Promise.resolve();
  const reload = async (sent: SentPolicy): Promise<void> => {
    try {
      const chosen = await loadSent(flags, sent);
      const { sha256 } = chosen.policy;
      const now =
        running.policy().sha256 === sha256
          ? running.policy()
          : running.switchPolicy(
              chosen.preset === undefined ? { policy: chosen.policy } : { preset: chosen.preset },
            );
      process.send?.({ dsopGuard: 'policy', policy: factsOf(now) });
    } catch (e) {
      process.send?.({ dsopGuard: 'reload-failed', message: protectMessage((e as Error).message) });
    }
  };
  process.on('message', (message: unknown) => {
    const m = message as ({ dsopGuard?: string; workers?: unknown } & SentPolicy) | null;
    if (m?.dsopGuard === 'reload') queue = queue.then(() => reload(m));
    else if (m?.dsopGuard === 'policies' && typeof m.workers === 'object' && m.workers !== null)
      running.setPolicies(m.workers as Record<string, PolicyFacts>);
  });
}

/** The sha256 of a file's bytes, or `undefined` when it cannot be read. */
function fileSha(path: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * What a reload says of `--rules`: its modules are imported once, at start, and never again (a fresh import
 * would reload the module but not what it imports, and code cannot be checked and sent to the workers as a
 * policy's text is), so changing a custom rule needs a restart. Said at every reload; when the module's file
 * changed since the start, said as a warning and raised as a `policy.rules_not_reloaded` event.
 */
function customRulesNote(
  rules: string | undefined,
  atStart: string | undefined,
  event: (e: Readonly<Record<string, unknown>>) => void,
): () => void {
  if (rules === undefined) return () => {};
  return () => {
    if (fileSha(rules) === atStart) {
      say(
        `policy reload: --rules ${rules} is not reloaded (rule modules are imported once, at start): restart serve to change custom rules`,
      );
      return;
    }
    say(
      `policy reload: --rules ${rules} changed since the start and is NOT reloaded: the workers keep the custom rules of the start; restart serve to run the new ones`,
    );
    event({ type: 'policy.rules_not_reloaded', level: 'warn', rules });
  };
}

/** A worker: builds its guard, listens, and stops gracefully on SIGTERM (exit 0). */
async function worker(flags: Flags, settings: Settings): Promise<number> {
  const index = Number(process.env['DSOP_GUARD_SERVE_WORKER'] ?? '1');
  let running: Awaited<ReturnType<typeof startWorker>>;
  // The primary passes logrotate's SIGHUP on: reopen the decision log (never the default, which ends the process).
  let reopen = (): void => {};
  process.on('SIGHUP', () => reopen());
  // Reloads are the primary's to start: SIGUSR2 sent to a worker (a signal to the process group) is ignored.
  process.on('SIGUSR2', () => {});
  try {
    running = await startWorker({
      // The policy the primary holds (sent as text), not the file as it is now: a replacement worker runs what
      // the others run, even when the file changed since the last reload.
      guard: async (onEvent) => {
        const started = process.env['DSOP_GUARD_SERVE_RULES_SHA256'];
        if (flags.rules !== undefined && started !== undefined && fileSha(flags.rules) !== started)
          say(
            `worker ${index}: --rules ${flags.rules} changed since the start; this worker imports it as it is now, so its custom rules may differ from the other workers': restart serve to run one version everywhere`,
          );
        const policy = await loadSent(flags, await heldPolicy());
        return buildGuardOptions(workerFlags(flags, index), { onEvent, policy });
      },
      host: settings.host,
      port: settings.port,
      adminPort: settings.adminPort,
      original: settings.original,
      headersTimeoutMs: settings.headersTimeoutMs,
      maxConnections: settings.maxConnections,
      workerId: index,
      ...(settings.personSegment === undefined ? {} : { personSegment: settings.personSegment }),
    });
  } catch (e) {
    process.send?.({ dsopGuard: 'failed', message: (e as Error).message });
    say(`worker ${index} could not start: ${(e as Error).message}`);
    return 2;
  }
  reopen = running.reopenLogs;
  answerReloads(flags, running);
  process.send?.({
    dsopGuard: 'listening',
    policy: running.policy(),
    address: urlOf(running.address),
    admin: urlOf(running.adminAddress),
    adminSame: running.adminServer === undefined,
  });
  return new Promise((resolve) => {
    const stop = (): void => {
      running.stop().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** Runs `dsop-guard serve`; resolves to the exit status once it has stopped. */
export async function serve(argv: readonly string[]): Promise<number> {
  const flags = parseFlags(argv, options).values;
  if (flags.help === true) {
    process.stdout.write(serveHelp);
    return 0;
  }
  const settings = settingsOf(flags);
  if (cluster.isWorker) {
    const code = await worker(flags, settings);
    process.exit(code); // timers of key sets and clients must not hold a stopped worker
  }
  // Configuration errors fail here, before any worker starts, with the messages of `check`. The file is read
  // once, here: every worker is sent this text and runs exactly this policy.
  const start = await loadServedPolicy(flags);
  const built = await buildGuardOptions(workerFlags(flags, 1), {
    ...auditShown(flags.audit),
    policy: start.chosen,
  });
  let current: PolicyFacts;
  try {
    current = factsOf(createHttpGuard(built.options).guard.policy);
  } finally {
    await built.close();
  }
  // Said once, by the primary: the workers build the same from the same flags.
  for (const note of built.notes) say(note);
  // A reload reads the file once, here, loads and checks it as the start did, and sends the text to every worker.
  // It switches the rules only: how requests carry the tokens and whose keys and issuers judge them were fixed at
  // start, so a file that changes them is refused, and the running policy stays (restart serve for that).
  const fixed = fixedAtStart(start.chosen);
  const event = (e: Readonly<Record<string, unknown>>): void => {
    process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...e })}\n`);
  };
  // The --rules module as the workers of the start import it; a replacement that finds another says so.
  const rulesSha = flags.rules === undefined ? undefined : fileSha(flags.rules);
  const rulesNote = customRulesNote(flags.rules, rulesSha, event);
  const load = async (): Promise<CheckedPolicy> => {
    rulesNote();
    try {
      const { chosen, text } = await loadServedPolicy(flags);
      if (fixedAtStart(chosen) !== fixed)
        throw new Error(
          'the file changes the transport or the preset it extends, which a reload does not switch: restart serve for that',
        );
      return { facts: factsOf(chosen.policy), ...(text === undefined ? {} : { text }) };
    } catch (e) {
      throw new Error(protectMessage((e as Error).message));
    }
  };
  const checked: CheckedPolicy = {
    facts: current,
    ...(start.text === undefined ? {} : { text: start.text }),
  };
  const watch = flags['watch-policy'] === true ? flags.policy : undefined;
  return runWorkers({
    workers: settings.workers,
    log: say,
    ...(rulesSha === undefined ? {} : { env: { DSOP_GUARD_SERVE_RULES_SHA256: rulesSha } }),
    reload: { load, current: checked, event, ...(watch === undefined ? {} : { watch }) },
  });
}
