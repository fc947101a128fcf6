export { DsopDenyError } from '../http/dsopDenyError.js';
export type { ExpressGuardOptions } from './expressGuard.js';
export { expressGuard } from './expressGuard.js';
