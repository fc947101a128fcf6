// @ts-nocheck
export { expressGuard } from './expressGuard.js';
export type { ExpressGuardOptions } from './expressGuard.js';
export { DsopDenyError } from '../http/dsopDenyError.js';
