// @ts-nocheck
import type { Rule, RuleMode } from '@dsop-guard/core';
import {
  clientAmrRule,
  consentIssuerRule,
  consentRequiredRule,
  consentServiceRule,
  consentValidityRule,
  consumerMatchesConsentRule,
  consumerRule,
  delegationSourceRule,
  issuerRule,
  personRule,
  pidRule,
  scopeRule,
  tokenLifetimeRule,
  tokenTypeRule,
} from '@dsop-guard/rules';
import fc from 'fast-check';
import type { PolicySpec } from './policySpec.js';
import { SALDO_SCOPE } from './scopeClaim.js';

type Factory = (id: string, mode: RuleMode) => Rule;

/** The built-in rules with the options of the Lånekassen TEST preset, by rule name. */
const BUILTINS: Readonly<Record<string, Factory>> = {
  issuer: (id, mode) => issuerRule({ id, mode, environment: 'test' }),
  'token-type': (id, mode) => tokenTypeRule({ id, mode }),
  'client-amr': (id, mode) => clientAmrRule({ id, mode }),
  'token-lifetime': (id, mode) => tokenLifetimeRule({ id, mode }),
  scope: (id, mode) => scopeRule({ id, mode, scopes: [SALDO_SCOPE] }),
  consumer: (id, mode) => consumerRule({ id, mode }),
  'delegation-source': (id, mode) => delegationSourceRule({ id, mode, environment: 'test' }),
  pid: (id, mode) => pidRule({ id, mode }),
  'consent-required': (id, mode) => consentRequiredRule({ id, mode }),
  'consent-issuer': (id, mode) => consentIssuerRule({ id, mode }),
  'consumer-matches-consent': (id, mode) => consumerMatchesConsentRule({ id, mode }),
  'consent-validity': (id, mode) => consentValidityRule({ id, mode, maxPeriod: 'P1Y' }),
  'consent-service': (id, mode) => consentServiceRule({ id, mode, service: '5498_1', metadata: ['Navn'] }),
  person: (id, mode) => personRule({ id, mode, allow: ['fnr', 'dnr', 'tenor', 'dolly'] }),
};

/** The names {@link builtinLeaf} picks from. */
export const BUILTIN_RULE_NAMES: readonly string[] = Object.keys(BUILTINS);

/** A built-in rule as a policy leaf (its mode is set by the tree it goes into). */
export function builtinLeaf(): fc.Arbitrary<PolicySpec> {
  return fc
    .constantFrom(...BUILTIN_RULE_NAMES)
    .map((name): PolicySpec => ({ kind: 'builtin', name, mode: 'enforce' }));
}

/** Builds a built-in leaf: pass as the third argument of `buildRule`. */
export function buildBuiltin(name: string, id: string, mode: RuleMode): Rule {
  const factory = BUILTINS[name];
  if (factory === undefined) throw new Error(`unknown built-in rule ${name}`);
  return factory(id, mode);
}
