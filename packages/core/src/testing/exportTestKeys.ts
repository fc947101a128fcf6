import type { TestKeys } from './createTestKeys.js';

/** The marker of a test-key file: what {@link importTestKeys} insists on finding. */
export const TEST_KEYS_FORMAT = 'dsop-guard-test-keys';

/** What a test-key file says about itself, in every file, so that nobody takes it for a real key store. */
export const TEST_KEYS_WARNING =
  'TEST KEYS ONLY, made by @dsop-guard/core/testing for tests: never trust them anywhere real. Not a PEM file, not a JWK set: read it with importTestKeys.';

/**
 * Writes test keys (from {@link createTestKeys}) as a JSON text that only {@link importTestKeys} reads, so a test
 * in one process can mint tokens for a `dsop-guard serve` (or a mock issuer) in another. The format is made to
 * look like nothing in production: no PEM armour, no JWK set, a `format` and a `testOnly` marker, a warning,
 * and each private key as base64 DER under `testOnlyPkcs8`.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { createTestKeys, exportTestKeys } from '@dsop-guard/core/testing';
 *
 * writeFileSync('test-keys.json', exportTestKeys([createTestKeys({ kid: 'mp-1' }), createTestKeys({ x5t: true })]));
 * ```
 */
export function exportTestKeys(keys: TestKeys | readonly TestKeys[]): string {
  const list: readonly TestKeys[] = Array.isArray(keys) ? keys : [keys as TestKeys];
  return `${JSON.stringify(
    {
      format: TEST_KEYS_FORMAT,
      version: 1,
      testOnly: true,
      warning: TEST_KEYS_WARNING,
      keys: list.map((k) => ({
        kid: k.kid,
        x5t: k.x5t ?? null,
        testOnlyPkcs8: k.privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
      })),
    },
    null,
    2,
  )}\n`;
}
