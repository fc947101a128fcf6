// @ts-nocheck
import type { RuleMode } from '@dsop-guard/core';
import type { Environment } from './presetTypes.js';

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
}
