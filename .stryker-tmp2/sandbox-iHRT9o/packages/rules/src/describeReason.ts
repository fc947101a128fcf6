// @ts-nocheck
import { type CodeDeclarations, reasonCodes } from '@dsop-guard/core';
import { type Language, messages } from './messages.js';

const known: ReadonlySet<string> = new Set(reasonCodes);

/**
 * The words for one reason code, in English and Norwegian bokmål, from the same table `explain` uses, or for a
 * custom code from its declaration in `codes` (give the policy's, `policy.codes`).
 * Takes any string, because decision logs may hold codes of a newer version: an unknown code gives `undefined`.
 *
 * @example
 * ```ts
 * import { describeReason } from '@dsop-guard/rules';
 *
 * describeReason('consent_expired'); // { en: 'the consent has expired', nb: 'samtykket er utløpt' }
 * describeReason('from_the_future'); // undefined
 * describeReason('acme.consumer_blocked', policy.codes); // { en: 'the consumer is on the block list', nb: … }
 * ```
 */
export function describeReason(
  code: string,
  codes: CodeDeclarations = {},
): Readonly<Record<Language, string>> | undefined {
  if (known.has(code)) return messages[code as keyof typeof messages];
  const declared = Object.hasOwn(codes, code) ? codes[code as keyof CodeDeclarations] : undefined;
  return declared === undefined ? undefined : { en: declared.en, nb: declared.nb };
}
