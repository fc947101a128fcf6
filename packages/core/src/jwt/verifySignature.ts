import { flattenedVerify } from 'jose';
import type { VerificationKey } from './keySetTypes.js';
import type { ParsedCompact } from './parseCompact.js';

// Private: the one place where a signature is checked. jose's WebCrypto path is the production path;
// the differential tests compare it with node:crypto. Never throws: any failure is `false`.

export async function verifySignature(
  parsed: ParsedCompact,
  alg: string,
  key: VerificationKey,
): Promise<boolean> {
  try {
    await flattenedVerify(
      { protected: parsed.encodedHeader, payload: parsed.encodedPayload, signature: parsed.encodedSignature },
      key,
      { algorithms: [alg] },
    );
    return true;
  } catch {
    return false;
  }
}
