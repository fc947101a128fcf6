import type { RuleMode } from '@dsop-guard/core';
import type { Environment, PresetName, PresetOptions, Transport } from './presetTypes.js';

/** What every node of a policy file may set besides its kind. */
interface NodeCommon {
  readonly id?: string;
  readonly mode?: RuleMode;
}

/**
 * One node of a policy file's rule tree: a rule by name with its options, or a combinator.
 *
 * @example
 * ```ts
 * const node: PolicyNode = {
 *   all: [
 *     { rule: 'scope', options: { scopes: ['skatteetaten:inntekt'] } },
 *     { rule: 'audience', options: { audiences: ['https://api.example.no/'] }, mode: 'shadow' },
 *     { when: { if: { rule: 'consent-required' }, then: { rule: 'consent-validity' } } },
 *   ],
 * };
 * ```
 */
export type PolicyNode =
  | (NodeCommon & { readonly rule: string; readonly options?: Readonly<Record<string, unknown>> })
  | (NodeCommon & { readonly all: readonly PolicyNode[] })
  | (NodeCommon & { readonly any: readonly PolicyNode[] })
  | (NodeCommon & { readonly not: PolicyNode })
  | (NodeCommon & { readonly when: { readonly if: PolicyNode; readonly then: PolicyNode } });

/**
 * The content of a policy file (JSON or YAML), as data. See `policy.schema.json`.
 *
 * @example
 * ```ts
 * const file: PolicyFile = {
 *   id: 'acme/test', version: '1', environment: 'test',
 *   rule: { all: [{ rule: 'issuer' }, { rule: 'scope', options: { scopes: ['acme:read'] } }] },
 * };
 * ```
 */
export interface PolicyFile {
  readonly $schema?: string;
  readonly id: string;
  readonly version: string;
  /** Fills in the environment defaults of `issuer` and `delegation-source`. */
  readonly environment: Environment;
  readonly description?: string;
  readonly rule: PolicyNode;
  /** How requests carry the tokens; see {@link Transport}. Default none (the CLI's check and serve need one). */
  readonly transport?: Transport;
}

/**
 * A policy file that extends a preset (`extends: <preset>/<environment>`): it inherits the preset's rules, its
 * transport and its issuers, and adds rules (appended to the preset's `all`), replaces rules by id, or puts rules
 * in shadow mode by id. It has no `rule` of its own; `environment`, when given, must be the preset's.
 *
 * @example
 * ```ts
 * const file: ExtendingPolicyFile = {
 *   id: 'acme/lanekassen-saldo/prod', version: '1', extends: 'lanekassen-saldo/prod',
 *   add: [{ rule: 'audience', options: { audiences: ['https://api.acme.no/'] } }],
 *   shadow: ['pid'],
 * };
 * ```
 */
export interface ExtendingPolicyFile {
  readonly $schema?: string;
  readonly id: string;
  readonly version: string;
  readonly extends: `${PresetName}/${Environment}`;
  readonly environment?: Environment;
  /** Default the preset's. */
  readonly description?: string;
  /** The preset's options (its Altinn 3 resource ids). Default none. */
  readonly presetOptions?: PresetOptions;
  /** Rules appended to the preset's `all`, after its own. Their ids must differ from the preset's. */
  readonly add?: readonly PolicyNode[];
  /** The preset's rules by id, each replaced by a node (usually the same rule with other options). */
  readonly replace?: Readonly<Record<string, PolicyNode>>;
  /** The preset's rules (or their replacements) by id, put in shadow mode: evaluated and reported, never decisive. */
  readonly shadow?: readonly string[];
  /** The transport, in place of the preset's. Default the preset's. */
  readonly transport?: Transport;
}
