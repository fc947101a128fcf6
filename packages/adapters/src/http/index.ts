// `@dsop-guard/adapters/http`: the one path every HTTP face takes (the Express, Fastify and Fetch adapters, the
// `dsop-guard serve` check server, the inspector page, an adapter of your own): tokens, person and request id
// read from the headers as the transport says, the code → status table, and the problem body of a deny.

export type { HttpGuard, HttpGuardOptions, HttpResult } from './createHttpGuard.js';
export { createHttpGuard } from './createHttpGuard.js';
export type { Denial, ProblemDetails } from './denial.js';
export { denial } from './denial.js';
export { DsopDenyError } from './dsopDenyError.js';
export type { Extracted, HeaderLookup } from './extractInput.js';
export { extractInput } from './extractInput.js';
export { rawHeaderLookup } from './rawHeaderLookup.js';
export type { StatusTable } from './verdictStatus.js';
export { defaultStatusCodes, verdictStatus } from './verdictStatus.js';
