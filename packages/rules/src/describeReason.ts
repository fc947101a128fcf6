import { reasonCodes } from '@dsop-guard/core';
import { type Language, messages } from './messages.js';

const known: ReadonlySet<string> = new Set(reasonCodes);

/**
 * The words for one reason code, in English and Norwegian bokmål, from the same table `explain` uses.
 * Takes any string, because decision logs may hold codes of a newer version: an unknown code gives `undefined`.
 *
 * @example
 * ```ts
 * import { describeReason } from '@dsop-guard/rules';
 *
 * describeReason('consent_expired'); // { en: 'the consent has expired', nb: 'samtykket er utløpt' }
 * describeReason('from_the_future'); // undefined
 * ```
 */
export function describeReason(code: string): Readonly<Record<Language, string>> | undefined {
  return known.has(code) ? messages[code as keyof typeof messages] : undefined;
}
