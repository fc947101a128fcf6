import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { ConfigError } from '@dsop-guard/core';
import { loadPolicyFile } from '@dsop-guard/rules';
import { loadRules } from '../flags/loadRules.js';
import {
  type ChosenPolicy,
  checkPolicyFlags,
  type PolicyFlags,
  policyFromFlags,
} from '../flags/policyFlags.js';
import { UsageError } from '../flags/usageError.js';

// Private: the policy `serve` runs, as text the primary reads once and hands to every worker, so that each
// worker runs exactly the policy the primary checked (a file changed between two reads cannot split them).

/** The policy, and the text it was loaded from (`undefined` for a preset: code, not a file). */
export interface ServedPolicy {
  readonly chosen: ChosenPolicy;
  readonly text: string | undefined;
}

/** At most what a policy file may hold (rules' MAX_POLICY_BYTES): a larger file is refused by the loader. */
const MOST = 1024 * 1024;

/** The file's text, read once; `undefined` when it cannot be read cleanly (the path loader then says why). */
function readOnce(path: string): string | undefined {
  let fd: number | undefined;
  try {
    // Non-blocking: a FIFO named as the policy must not hold the primary.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.alloc(MOST + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length <= MOST; length += n) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
    }
    return length > MOST ? undefined : buffer.toString('utf8', 0, length);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const FORMATS: Readonly<Record<string, 'json' | 'yaml'>> = {
  '.json': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
};

/**
 * `--policy`'s file loaded from `text` as `policyFromFlags` loads it from the path (the same custom rules,
 * the same messages, named after the file), or, without `text`, the file read once here and loaded from what
 * was read; a preset as `policyFromFlags` gives it. A file that cannot be read cleanly is loaded by path, so
 * that its error is the one every command gives.
 *
 * @example
 * ```ts
 * const { chosen, text } = await loadServedPolicy(flags); // the primary
 * const same = await loadServedPolicy(flags, text); // a worker, from the primary's text
 * ```
 */
export async function loadServedPolicy(flags: PolicyFlags, text?: string): Promise<ServedPolicy> {
  checkPolicyFlags(flags);
  const path = flags.policy;
  if (path === undefined) return { chosen: await policyFromFlags(flags), text: undefined };
  const format = FORMATS[extname(path).toLowerCase()];
  const read = text ?? (format === undefined ? undefined : readOnce(path));
  if (read === undefined || format === undefined) {
    const chosen = await policyFromFlags(flags);
    // Unreadable a moment ago, loadable now: the file changed under us; the next reload reads it again.
    throw new UsageError(
      `--policy: the file changed while it was read (now ${chosen.policy.id} version ${chosen.policy.version}); load it again`,
    );
  }
  const customRules = flags.rules === undefined ? {} : await loadRules(flags.rules);
  try {
    const loaded = loadPolicyFile({ text: read, format, name: path }, { customRules });
    return { chosen: { ...loaded, customRules }, text: read };
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`--policy: ${e.message}`);
    throw e;
  }
}
