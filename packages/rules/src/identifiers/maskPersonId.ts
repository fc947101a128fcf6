/** Exactly eleven ASCII digits that are neither preceded nor followed by another ASCII digit. */
const ELEVEN_DIGITS = /(?<![0-9])[0-9]{11}(?![0-9])/g;

/**
 * Masks every personal identification number in a string: each run of exactly eleven ASCII digits (not part of a
 * longer digit run) becomes nine asterisks followed by its last two digits. Everything else, including shorter or
 * longer digit runs, is left unchanged, and the length of the string is preserved.
 *
 * The function does not check that a run is a valid fødselsnummer: any eleven-digit run is treated as personal.
 *
 * @param value - text that may contain personal identification numbers (log lines, messages, claim values).
 * @returns the text with every eleven-digit run masked.
 *
 * @example
 * ```ts
 * maskPersonId('pid=01085301957');          // 'pid=*********57'
 * maskPersonId('01085301957,02075700329');  // '*********57,*********29'
 * maskPersonId('orgno 991825827');          // 'orgno 991825827' (nine digits, unchanged)
 * maskPersonId('010853019570');             // '010853019570' (twelve digits, unchanged)
 * ```
 */
export function maskPersonId(value: string): string {
  return value.replace(ELEVEN_DIGITS, (run) => '*********' + run.slice(9));
}
