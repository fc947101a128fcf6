// Private: the policy the page judges with: the chosen preset's, or the loaded policy file's.

import type { Policy } from '@dsop-guard/core';
import { loadPolicy, type Preset, type PresetName, preset, presetNames } from '@dsop-guard/rules';
import type { JudgeInputs, PolicyFileText } from './judgeInputs.js';

/** The policy, and the preset it came from when it came from one. */
export interface ChosenPolicy {
  readonly preset: Preset | undefined;
  readonly policy: Policy;
}

function presetOf(inputs: JudgeInputs): Preset | undefined {
  if (!presetNames.includes(inputs.presetName as PresetName)) return undefined;
  const resource = inputs.altinn3Resource.trim();
  return preset(
    inputs.presetName as PresetName,
    inputs.environment,
    resource === '' ? {} : { altinn3Resource: resource, altinn3MigratedResource: resource },
  );
}

/** Throws when there is neither a preset nor a policy file, or when the one given is not valid. */
export function policyOf(inputs: JudgeInputs, policyFile: PolicyFileText | undefined): ChosenPolicy {
  const chosen = presetOf(inputs);
  if (chosen === undefined && policyFile === undefined)
    throw new Error('choose a preset or load a policy file');
  const policy =
    chosen?.policy ??
    loadPolicy({
      text: policyFile?.text ?? '',
      format: /\.json$/i.test(policyFile?.name ?? '') ? 'json' : 'yaml',
      name: policyFile?.name ?? 'policy',
    });
  return { preset: chosen, policy };
}
