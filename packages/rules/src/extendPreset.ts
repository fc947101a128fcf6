// Internal (not in the barrel): a policy file that extends a preset, put together with the preset into the
// policy-file data buildPolicy builds (the preset's `all`, with `replace`, `shadow` and `add` applied), and a map
// from the built data's paths back to the file's, so that every problem points at the line that caused it.
import { ConfigError, nearest } from '@dsop-guard/core';
import type { Problem } from './ajvProblems.js';
import type { Rename } from './buildPolicy.js';
import type { ExtendingPolicyFile, PolicyFile, PolicyNode } from './policyFile.js';
import { preset, presetNames } from './preset.js';
import { presetPolicyFile } from './presetPolicyFile.js';
import type { Environment, Preset, PresetName } from './presetTypes.js';

/** The data to build, where each of its root `all`'s members came from, and the preset as extended. */
export interface Extended {
  readonly data: PolicyFile;
  readonly rename: Rename;
  readonly base: Preset;
}

type Raw = Readonly<Record<string, unknown>>;

/** A node's id as the combinators give it by default: its own `id`, else a leaf's rule name. */
const idOf = (node: PolicyNode): string | undefined => {
  if (typeof node !== 'object' || node === null) return undefined;
  if (typeof node.id === 'string') return node.id;
  return 'rule' in node && typeof node.rule === 'string' ? node.rule : undefined;
};

const plain = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether the members extendPreset reads have the shapes it reads them as (the schema may have refused more). */
function readable(data: Raw): boolean {
  const known = presetNames.flatMap((n) => [`${n}/test`, `${n}/prod`]);
  return (
    typeof data['extends'] === 'string' &&
    known.includes(data['extends']) &&
    (data['add'] === undefined || Array.isArray(data['add'])) &&
    (data['shadow'] === undefined || Array.isArray(data['shadow'])) &&
    (data['replace'] === undefined || plain(data['replace'])) &&
    (data['presetOptions'] === undefined || plain(data['presetOptions']))
  );
}

const suggest = (word: string, known: readonly string[], what: string): string => {
  const near = nearest(word, known);
  return near === undefined ? `${what}: ${known.join(', ')}` : `did you mean '${near}'?`;
};

/** The members only a file that extends a preset may have, present in one that does not: each a problem. */
export function extendOnlyProblems(data: Raw): Problem[] {
  return ['presetOptions', 'add', 'replace', 'shadow']
    .filter((k) => data[k] !== undefined)
    .map((k) => ({ path: k, message: 'only with extends', hint: 'extends: <preset>/<environment>' }));
}

/**
 * The preset and the file put together, adding to `found` what is wrong with the extension: a `rule` of its own,
 * another `environment` than the preset's, preset options the preset refuses, an id in `replace` or `shadow` the
 * preset has no rule for (with the nearest one), an added rule whose id is taken. `undefined` when there is
 * nothing to build (an unknown preset, members of the wrong shape: the schema has said so, options the preset
 * refuses).
 */
export function extendPreset(data: Raw, found: Problem[]): Extended | undefined {
  if (!readable(data)) return undefined;
  const file = data as unknown as ExtendingPolicyFile;
  const [name, environment] = file.extends.split('/') as [PresetName, Environment];
  if ((file as unknown as Raw)['rule'] !== undefined) {
    found.push({
      path: 'rule',
      message: 'a policy that extends a preset has no rule of its own',
      hint: 'use add, replace or shadow',
    });
  }
  if (file.environment !== undefined && file.environment !== environment) {
    found.push({
      path: 'environment',
      message: `must be '${environment}', the environment of ${file.extends}`,
      hint: 'or leave it out: it comes from extends',
    });
  }
  let base: Preset | undefined;
  try {
    base = preset(name, environment, file.presetOptions ?? {});
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    found.push({ path: `presetOptions.${e.field}`, message: e.message.slice(e.field.length + 2) });
  }
  const presetFile = presetPolicyFile(name, environment, {
    ...(file.presetOptions?.altinn3Resource === undefined
      ? {}
      : { resource: file.presetOptions.altinn3Resource }),
    ...(file.presetOptions?.altinn3MigratedResource === undefined
      ? {}
      : { migratedResource: file.presetOptions.altinn3MigratedResource }),
  });
  const own = (presetFile.rule as { all: readonly PolicyNode[] }).all;
  const ids = own.map((n) => idOf(n) as string);
  const replace = new Map(Object.entries(file.replace ?? {}));
  const shadow = new Set(file.shadow ?? []);
  for (const id of replace.keys()) {
    if (!ids.includes(id))
      found.push({
        path: `replace.${id}`,
        message: `no rule '${id}' in ${file.extends}`,
        hint: suggest(id, ids, 'its rules'),
      });
  }
  for (const [i, id] of (file.shadow ?? []).entries()) {
    if (!ids.includes(id))
      found.push({
        path: `shadow[${i}]`,
        message: `no rule '${id}' in ${file.extends}`,
        hint: suggest(id, ids, 'its rules'),
      });
  }
  const origins: string[] = [];
  const members: PolicyNode[] = own.map((node, i) => {
    const id = ids[i] as string;
    const replaced = replace.get(id);
    origins.push(replaced === undefined ? 'extends' : `replace.${id}`);
    const chosen = replaced ?? node;
    return shadow.has(id) ? ({ ...chosen, mode: 'shadow' } as PolicyNode) : chosen;
  });
  const taken = new Set(members.map(idOf));
  for (const [j, node] of (file.add ?? []).entries()) {
    const id = idOf(node);
    if (id !== undefined && taken.has(id)) {
      found.push({
        path: `add[${j}]`,
        message: `the id '${id}' is taken`,
        hint: `${ids.includes(id) ? `${file.extends} has it: use replace.${id}, or` : 'another added rule has it:'} give this one another id`,
      });
    }
    taken.add(id);
    members.push(node);
    origins.push(`add[${j}]`);
  }
  if (base === undefined) return undefined;
  const rename: Rename = (path) => {
    const m = /^rule\.all\[(\d+)\](.*)$/.exec(path);
    if (m === null) return path;
    const origin = origins[Number(m[1])] ?? 'extends';
    // A problem inside one of the preset's own rules (trusted data) is the extension's as a whole.
    return origin === 'extends' ? origin : `${origin}${m[2]}`;
  };
  const built: PolicyFile = {
    id: file.id,
    version: file.version,
    environment,
    description: file.description ?? presetFile.description ?? '',
    rule: { all: members },
  };
  return { data: built, rename, base };
}
