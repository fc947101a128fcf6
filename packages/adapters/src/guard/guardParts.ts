import type { AuditTrail, Engine, KeySet, Policy, Verdict } from '@dsop-guard/core';
import type { Telemetry } from '../telemetry/createTelemetry.js';
import type { GuardOptions } from './guardTypes.js';
import type { Listener } from './listenerOf.js';

// Private to the package.

/** What createGuard builds once and every verdict of the guard passes through, in {@link concludeDecision}. */
export interface GuardParts {
  /** The options as given: a check with a logger of its own reads `onEvent` from them. */
  readonly options: GuardOptions;
  readonly policy: Policy;
  readonly maskinporten: KeySet;
  readonly consent: KeySet | undefined;
  readonly engine: Engine;
  /** None without `audit` and `onDecision`: then no verdict is recorded. */
  readonly trail: AuditTrail | undefined;
  /** `onDecision` when there is an `audit` trail: called after the trail has written the record. */
  readonly afterRecord: GuardOptions['onDecision'];
  readonly telemetry: Telemetry | undefined;
  /** The guard's listener: `onEvent`, the guard's logger and telemetry. */
  readonly emit: Listener;
}

/** A final verdict, and the id of the decision record written for it (none when the guard records nothing). */
export interface Recorded {
  readonly verdict: Verdict;
  readonly recordId: string | undefined;
}
