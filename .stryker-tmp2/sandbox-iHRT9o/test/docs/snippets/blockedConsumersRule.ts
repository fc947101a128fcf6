// @ts-nocheck
// docs/policy-files.md imports './blockedConsumersRule.js' beside the policy: the example in
// packages/rules/examples, which the page embeds verbatim.
export { blockedConsumersRule } from '../../../packages/rules/examples/blockedConsumersRule.js';
