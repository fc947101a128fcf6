import type { Policy, RuleDescription } from '@dsop-guard/core';

// Private: which issuer keys given without one should bind, for the CLI (`--maskinporten-jwks` with `--policy`)
// and the inspector page (pasted keys with a pasted policy).

/** The one Maskinporten issuer a policy's `issuer` rules accept, if they name exactly one. */
export function policyIssuer(policy: Policy): string | undefined {
  const found = new Set<string>();
  const visit = (d: RuleDescription): void => {
    const issuers: unknown = (d.options as { issuers?: unknown } | undefined)?.issuers;
    if (d.kind === 'issuer' && Array.isArray(issuers))
      for (const i of issuers) if (typeof i === 'string') found.add(i);
    for (const child of d.children ?? []) visit(child);
  };
  visit(policy.rule.describe());
  return found.size === 1 ? [...found][0] : undefined;
}
