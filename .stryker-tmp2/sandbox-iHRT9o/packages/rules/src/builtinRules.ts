// @ts-nocheck
import { audienceRule } from './audienceRule.js';
import { clientAmrRule } from './clientAmrRule.js';
import { consentIssuerRule } from './consentIssuerRule.js';
import { consentRequiredRule } from './consentRequiredRule.js';
import { consentServiceRule } from './consentServiceRule.js';
import { consentValidityRule } from './consentValidityRule.js';
import { consumerMatchesConsentRule } from './consumerMatchesConsentRule.js';
import { consumerRule } from './consumerRule.js';
import { delegationSourceRule } from './delegationSourceRule.js';
import { issuerRule } from './issuerRule.js';
import { personRule } from './personRule.js';
import { pidRule } from './pidRule.js';
import type { RuleFactory } from './ruleKit.js';
import { scopeRule } from './scopeRule.js';
import { tokenLifetimeRule } from './tokenLifetimeRule.js';
import { tokenTypeRule } from './tokenTypeRule.js';

/**
 * Every built-in rule factory, keyed by its name in policy files (which is also its kind and default id).
 * Each factory's `meta` lists its summary, reason codes and options; `docs/rules.md` is generated from it.
 *
 * @example
 * ```ts
 * import { builtinRules } from '@dsop-guard/rules';
 *
 * builtinRules['scope'].meta.codes; // ['scope_missing', 'claim_invalid']
 * Object.keys(builtinRules);        // ['issuer', 'consent-issuer', 'scope', …]
 * ```
 */
export const builtinRules: Readonly<Record<string, RuleFactory<never>>> = Object.fromEntries(
  [
    issuerRule,
    tokenTypeRule,
    clientAmrRule,
    tokenLifetimeRule,
    scopeRule,
    audienceRule,
    consumerRule,
    delegationSourceRule,
    pidRule,
    consentRequiredRule,
    consentIssuerRule,
    consumerMatchesConsentRule,
    consentValidityRule,
    consentServiceRule,
    personRule,
  ].map((factory) => [factory.meta.name, factory as unknown as RuleFactory<never>]),
);
