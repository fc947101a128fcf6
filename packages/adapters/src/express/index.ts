export { expressGuard } from './expressGuard.js';
export type { ExpressGuardOptions } from './expressGuard.js';
