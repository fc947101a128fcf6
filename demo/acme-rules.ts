// The demo security team's --rules module: the rule they try out in shadow mode in the demo's gateways, as a
// factory by the name their policy files use. `dsop-guard replay --rules` loads it to ask what enforcing it would
// have changed.
import { defineRule, fail, pass, type RuleMode } from '@dsop-guard/core';

/** Refuses calls a supplier (a vendor) makes on a bank's behalf. */
export function noSupplierCalls({ mode = 'enforce' }: { mode?: RuleMode } = {}) {
  return defineRule({
    id: 'acme.no-supplier-calls',
    kind: 'acme.no-supplier-calls',
    mode,
    check: (claims) =>
      claims.maskinporten.supplier === undefined
        ? pass()
        : fail({
            code: 'custom_denied',
            path: 'maskinporten.supplier',
            actual: claims.maskinporten.supplier.id,
          }),
  });
}

export default { 'acme.no-supplier-calls': noSupplierCalls };
