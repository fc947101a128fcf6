import { ConfigError, type Policy } from '@dsop-guard/core';
import { type Preset, type PresetName, loadPolicy, preset, presetNames } from '@dsop-guard/rules';
import { loadRules } from './loadRules.js';
import { UsageError } from './usageError.js';

// Private to the CLI: the policy the flags name, for every command that takes one (check, serve, replay, report).

/** The flags that name a policy, for parseFlags. */
export const policyFlagOptions = {
  preset: { type: 'string' },
  env: { type: 'string' },
  policy: { type: 'string' },
  rules: { type: 'string' },
} as const;

/** The flags that name a policy. */
export interface PolicyFlags {
  readonly preset?: string | undefined;
  readonly env?: string | undefined;
  readonly policy?: string | undefined;
  readonly rules?: string | undefined;
}

/** Checked before anything is loaded: exactly one source, `--env` with a preset only, `--rules` with a file only. */
export function checkPolicyFlags(flags: PolicyFlags): void {
  if ((flags.preset === undefined) === (flags.policy === undefined))
    throw new UsageError('give --preset <name> --env <test|prod>, or --policy <file> (exactly one)');
  if (flags.rules !== undefined && flags.policy === undefined)
    throw new UsageError('--rules goes with --policy <file>: a preset has no custom rules');
  if (flags.preset !== undefined && flags.env !== 'test' && flags.env !== 'prod')
    throw new UsageError('--env: give test or prod with --preset');
  if (flags.preset === undefined && flags.env !== undefined)
    throw new UsageError('--env goes with --preset <name>');
}

/** A preset's (`--preset`, `--env`) or a policy file's (`--policy`, with the custom rules of `--rules`). */
export async function policyFromFlags(
  flags: PolicyFlags,
): Promise<{ readonly preset: Preset | undefined; readonly policy: Policy }> {
  checkPolicyFlags(flags);
  if (flags.preset !== undefined) {
    try {
      const chosen = preset(flags.preset as PresetName, flags.env as 'test' | 'prod');
      return { preset: chosen, policy: chosen.policy };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      throw new UsageError(
        `--preset: ${e.message.replace(/^name: /, '')}; presets: ${presetNames.join(', ')}`,
      );
    }
  }
  const customRules = flags.rules === undefined ? undefined : await loadRules(flags.rules);
  try {
    const policy = loadPolicy(
      { path: flags.policy as string },
      customRules === undefined ? {} : { customRules },
    );
    return { preset: undefined, policy };
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`--policy: ${e.message}`);
    throw e;
  }
}
