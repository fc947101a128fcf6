import type { KeyObject } from 'node:crypto';
import { signatureHolds } from './chainHash.js';
import type { CheckedLink } from './checkLine.js';

// Private, and pure: the one test of a checkpoint's signature, shared by the verifier, its witnesses and a
// restarted writer.

/** Whether `link` is a checkpoint that names `keyId` and carries `key`'s signature of its text. Never throws. */
export function checkpointSigned(link: CheckedLink, key: KeyObject, keyId: string): boolean {
  const signature = link.checkpoint?.signed;
  return (
    signature != null &&
    link.checkpoint?.keyId === keyId &&
    signatureHolds(signature.text, signature.signature, key)
  );
}
