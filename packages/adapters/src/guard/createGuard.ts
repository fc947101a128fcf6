import type { ConfigError } from '@dsop-guard/core';
import { createRecordingGuard } from './createRecordingGuard.js';
import type { Guard, GuardOptions } from './guardTypes.js';

/**
 * Builds the plain-function guard every adapter is a thin layer over: it strips the quotes Altinn may put
 * around a consent token and hands the request to core's engine, which checks every field. Throws {@link ConfigError} naming the
 * bad field for bad options; `check` never rejects: every failure is a deny verdict with a reason code.
 *
 * @example
 * ```ts
 * import { createGuard } from '@dsop-guard/adapters';
 * import { preset } from '@dsop-guard/rules';
 *
 * const guard = createGuard({ preset: preset('lanekassen-saldo', 'test') });
 * const verdict = await guard.check({ maskinportenToken, consentToken, person: '01085301957', requestId: 'r-1' });
 * if (verdict.decision === 'deny') console.log(verdict.reasons); // e.g. ['consent_expired']
 * ```
 */
export function createGuard(options: GuardOptions): Guard {
  return createRecordingGuard(options).guard;
}
