// @ts-nocheck
export { createGuard } from './function/createGuard.js';
export type { CheckContext, Guard, GuardInput, GuardOptions } from './function/createGuard.js';
export type { EventLogger } from './function/logEvent.js';
export type { TelemetryOptions } from './telemetry/telemetryTypes.js';
export { createHttpGuard } from './http/createHttpGuard.js';
export type { HttpGuard, HttpGuardOptions, HttpResult } from './http/createHttpGuard.js';
export { defaultStatusCodes, verdictStatus } from './http/verdictStatus.js';
export type { StatusTable } from './http/verdictStatus.js';
export type { Denial, ProblemDetails } from './http/denial.js';
export { DsopDenyError } from './http/dsopDenyError.js';
export type { HeaderLookup } from './http/extractInput.js';
export { redisConsentStore } from './consentStore/redisConsentStore.js';
export type {
  RedisCommands,
  RedisConsentStore,
  RedisConsentStoreOptions,
} from './consentStore/redisConsentStore.js';
