// Internal (not in the barrel): a preset as policy-file data, used by preset and checked by the tests.
import type { PolicyFile, PolicyNode } from './policyFile.js';
import { SERVICES } from './presetServices.js';
import type { Environment, PresetName } from './presetTypes.js';

/** The version of the preset policies; bumped whenever a preset's rules or options change. */
const VERSION = '1.0.0';

/**
 * The preset as policy-file data, fresh on every call: what `packages/rules/examples/lanekassen-test.policy.yaml`
 * spells out.
 *
 * @example
 * ```ts
 * presetPolicyFile('lanekassen-saldo', 'test').id; // 'lanekassen-saldo/test'
 * ```
 */
export function presetPolicyFile(
  name: PresetName,
  environment: Environment,
  altinn3: { readonly resource?: string; readonly migratedResource?: string } = {},
): PolicyFile {
  const s = SERVICES[name];
  const rules: PolicyNode[] = [
    { rule: 'issuer' },
    { rule: 'token-type' },
    { rule: 'client-amr' },
    { rule: 'token-lifetime' },
    { rule: 'scope', options: { scopes: [s.scope] } },
    { rule: 'consumer' },
    { rule: 'delegation-source' },
    { rule: 'pid' },
    { rule: 'consent-required' },
    { rule: 'consent-issuer' },
    { rule: 'consumer-matches-consent' },
    { rule: 'consent-validity', options: { maxPeriod: s.maxPeriod } },
    {
      rule: 'consent-service',
      options: {
        service: s.service,
        ...(altinn3.resource === undefined ? {} : { resource: altinn3.resource }),
        ...(altinn3.migratedResource === undefined ? {} : { migratedResource: altinn3.migratedResource }),
        ...(s.metadata ? { metadata: [...s.metadata] } : {}),
      },
    },
    // Test environments use synthetic persons (Tenor +80, Dolly +40 on the month).
    environment === 'test'
      ? { rule: 'person', options: { allow: ['fnr', 'dnr', 'tenor', 'dolly'] } }
      : { rule: 'person' },
  ];
  return {
    id: `${name}/${environment}`,
    version: VERSION,
    environment,
    description: s.description,
    rule: { all: rules },
  };
}
