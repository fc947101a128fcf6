// @ts-nocheck
export { fetchGuard } from './fetchGuard.js';
export type { FetchGuardOptions } from './fetchGuard.js';
