export { DsopDenyError } from '../http/dsopDenyError.js';
export type { FastifyGuardOptions } from './fastifyGuard.js';
export { fastifyGuard } from './fastifyGuard.js';
