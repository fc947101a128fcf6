export type { FetchGuardOptions } from './fetchGuard.js';
export { fetchGuard } from './fetchGuard.js';
