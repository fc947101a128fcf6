// @ts-nocheck
export { fastifyGuard } from './fastifyGuard.js';
export type { FastifyGuardOptions } from './fastifyGuard.js';
export { DsopDenyError } from '../http/dsopDenyError.js';
