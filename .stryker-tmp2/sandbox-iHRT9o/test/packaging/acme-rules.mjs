// @ts-nocheck
// A security team's --rules module, as it sits in their project: factories by the name their policy file uses.
import { defineRule, fail, pass } from '@dsop-guard/core';

/** Denies consumers on a block list (options from the policy file). */
function blockedConsumers({ blocked, ...rest }) {
  if (!Array.isArray(blocked)) throw new Error('acme.blocked-consumers.blocked: must be an array');
  return defineRule({
    id: 'acme.blocked-consumers',
    kind: 'acme.blocked-consumers',
    options: { blocked },
    ...rest,
    check: (claims) =>
      blocked.includes(claims.maskinporten.consumer?.value ?? '')
        ? fail({ code: 'custom_denied', path: 'maskinporten.consumer.ID' })
        : pass(),
  });
}

export default { 'acme.blocked-consumers': blockedConsumers };
