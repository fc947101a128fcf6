export { createGuard } from './guard/createGuard.js';
export type {
  CheckContext,
  Guard,
  GuardInput,
  GuardOptions,
  GuardReadiness,
} from './guard/guardTypes.js';
export type { EventLogger } from './guard/logEvent.js';
export type { HttpGuard, HttpGuardOptions, HttpResult } from './http/createHttpGuard.js';
export { createHttpGuard } from './http/createHttpGuard.js';
export type { Denial, ProblemDetails } from './http/denial.js';
export { DsopDenyError } from './http/dsopDenyError.js';
export type { HeaderLookup } from './http/extractInput.js';
export type { StatusTable } from './http/verdictStatus.js';
export { defaultStatusCodes, verdictStatus } from './http/verdictStatus.js';
export type { TelemetryOptions } from './telemetry/telemetryTypes.js';
