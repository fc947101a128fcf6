import { ConfigError, type Policy } from '@dsop-guard/core';
import {
  loadPolicyFile,
  type Preset,
  type PresetName,
  preset,
  presetNames,
  type Transport,
} from '@dsop-guard/rules';
import { loadRules, type RuleFactories } from './loadRules.js';
import { quote } from './quote.js';
import { UsageError } from './usageError.js';

// Private to the CLI: the policy the flags name, for every command that takes one (check, serve, replay, report,
// test).

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

/** The policy the flags name, and what came with it. */
export interface ChosenPolicy {
  /** The preset (`--preset`), or the one the policy file extends, with the file's policy and transport. */
  readonly preset: Preset | undefined;
  readonly policy: Policy;
  /** The preset's, or the one the policy file states or inherits; `undefined` when the file gives none. */
  readonly transport: Transport | undefined;
  /** The factories `--rules` loaded; none without it. */
  readonly customRules: RuleFactories;
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

/**
 * A preset's (`--preset`, `--env`) or a policy file's (`--policy`, with the custom rules of `--rules`), with its
 * transport. `as` names the source in messages (default the flag: `--preset`, `--policy`).
 */
export async function policyFromFlags(
  flags: PolicyFlags,
  as: { readonly preset?: string; readonly policy?: string } = {},
): Promise<ChosenPolicy> {
  checkPolicyFlags(flags);
  if (flags.preset !== undefined) {
    try {
      const chosen = preset(flags.preset as PresetName, flags.env as 'test' | 'prod');
      return { preset: chosen, policy: chosen.policy, transport: chosen.transport, customRules: {} };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      throw new UsageError(
        `${as.preset ?? '--preset'}: ${e.message.replace(/^name: /, '')}; presets: ${presetNames.join(', ')}`,
      );
    }
  }
  const customRules = flags.rules === undefined ? {} : await loadRules(flags.rules);
  try {
    const loaded = loadPolicyFile({ path: flags.policy as string }, { customRules });
    return { ...loaded, customRules };
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`${as.policy ?? '--policy'}: ${e.message}`);
    throw e;
  }
}

/**
 * The transport of the chosen policy, for the commands that read requests (`check`, `serve`): a policy file that
 * neither states one nor extends a preset is a ConfigError, rather than the loosest transport without a word.
 */
export function requireTransport(flags: PolicyFlags, chosen: ChosenPolicy): Transport {
  if (chosen.transport !== undefined) return chosen.transport;
  throw new ConfigError(
    'transport',
    'missing: the file says neither how requests carry the tokens nor which preset it extends; add "transport:" (authorization, consentHeader, personHeaders, requestIdHeader) or "extends: <preset>/<test|prod>" to it',
    `--policy ${quote(flags.policy ?? '')}`,
  );
}
