// Private: the verdict on the pasted pair, from the library itself: the plain-function guard (createGuard) with
// the chosen policy and the pasted key sets, asked about the request as the HTTP adapters read it.

import { createGuard } from '@dsop-guard/adapters';
import type { Verdict } from '@dsop-guard/core';
import type { describeReason } from '@dsop-guard/rules';
import { policyIssuer } from '../../../flags/policyIssuer.js';
import { preverify } from '../../browser/nodeCrypto.js';
import { parseJson, unquote } from '../read/decode.js';
import { createPastedKeySet } from './createPastedKeySet.js';
import type { JudgeInputs, PolicyFileText } from './judgeInputs.js';
import { maxPeriodOf } from './maxPeriodOf.js';
import { type ChosenPolicy, policyOf } from './policyOf.js';
import { requestOf, type ShownRequest } from './requestOf.js';

/** The policy's own reason codes, for describeReason. */
export type Codes = Parameters<typeof describeReason>[1];

/** A verdict, or why there is none, with what the page shows of the policy either way. */
export interface Judgement {
  readonly verdict: Verdict | undefined;
  /** Why there is no verdict, when there is none. */
  readonly failure: string | undefined;
  readonly codes: Codes;
  readonly maxPeriod: string | undefined;
  /** The preset wants the raw token in Authorization (Lånekassen): a `Bearer ` is a trap of its own. */
  readonly bearerForbidden: boolean;
  /** Why a token's signature goes unverified: a JWKS missing or unusable. */
  readonly notes: readonly string[];
}

/** The issuer the pasted Maskinporten keys bind: the preset's, else the one the policy's issuer rule names. */
function issuerOf(chosen: ChosenPolicy, notes: string[]): string {
  const issuer = chosen.preset?.issuer ?? policyIssuer(chosen.policy);
  if (issuer !== undefined) return issuer;
  notes.push(
    'The policy names no single Maskinporten issuer (an issuer rule with one issuer): the keys bind none, so every token is denied with issuer_mismatch.',
  );
  return 'no issuer named by the policy';
}

async function judgeWithGuard(
  inputs: JudgeInputs,
  chosen: ChosenPolicy,
  notes: string[],
  show: (shown: ShownRequest) => void,
): Promise<Verdict> {
  const jwks = parseJson(inputs.jwks);
  const consentJwks = inputs.consentJwks.trim() === '' ? jwks : parseJson(inputs.consentJwks);
  const keys = {
    maskinporten: createPastedKeySet(issuerOf(chosen, notes), jwks, false, notes, 'Maskinporten'),
    consent: createPastedKeySet('altinn.no', consentJwks, true, notes, 'consent'),
  };
  const guard = createGuard({
    ...(chosen.preset === undefined ? { policy: chosen.policy } : { preset: chosen.preset }),
    keys,
    clock: () => inputs.now,
  });
  const { extracted, shown } = requestOf(inputs, guard.transport);
  if (shown !== undefined) show(shown);
  if (extracted.violation !== undefined) {
    await preverify([], []);
    return guard.deny(extracted.violation, { requestId: extracted.requestId, now: inputs.now });
  }
  const candidates = [extracted.input.maskinportenToken, extracted.input.consentToken]
    .filter((t): t is string => typeof t === 'string')
    .flatMap((t) => [t, unquote(t)]);
  await preverify(candidates, [jwks, consentJwks]);
  return guard.check({ ...extracted.input, now: inputs.now });
}

/**
 * Judges the inputs; never rejects: a policy or key set that cannot be built is a failure with its message.
 * `show` is called, before any waiting, with what the form is to show of a request read from a header block.
 */
export async function judgePair(
  inputs: JudgeInputs,
  policyFile: PolicyFileText | undefined,
  show: (shown: ShownRequest) => void,
): Promise<Judgement> {
  const notes: string[] = [];
  let chosen: ChosenPolicy | undefined;
  let verdict: Verdict | undefined;
  let failure: string | undefined;
  try {
    chosen = policyOf(inputs, policyFile);
    verdict = await judgeWithGuard(inputs, chosen, notes, show);
  } catch (e) {
    failure = e instanceof Error ? e.message : String(e);
  }
  return {
    verdict,
    failure,
    codes: chosen?.policy.codes,
    maxPeriod: chosen === undefined ? undefined : maxPeriodOf(chosen.policy),
    bearerForbidden: chosen?.preset?.transport.authorization === 'raw',
    notes,
  };
}
