export type { OrgnoInvalidReason, OrgnoResult } from './parseOrgno.js';
export { parseOrgno } from './parseOrgno.js';
export type {
  PersonIdInvalidReason,
  PersonIdKind,
  PersonIdOptions,
  PersonIdResult,
} from './parsePersonId.js';
export { parsePersonId } from './parsePersonId.js';
export { personFacts } from './personFacts.js';
export { personIdFromFacts } from './personIdFromFacts.js';
