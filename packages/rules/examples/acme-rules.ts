// The module `--rules` loads (dsop-guard test, check, serve, replay): custom-rule factories by the name a policy
// file uses. TypeScript as it is (the CLI loads it with tsx) or JavaScript (.js, .mjs).
import { blockedConsumersRule } from './blockedConsumersRule.js';

export default { 'acme.blocked-consumers': blockedConsumersRule };
