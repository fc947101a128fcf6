import { generateKeyPairSync } from 'node:crypto';
import { checkpointKeyId, createChainVerifier } from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { checkpointKeys, linesOf, signedLog, verify, writeLog } from '../audit/support.js';

// Found while testing the chain verifier's options for mutation testing (issue 24): `publicKey` and
// `checkpointKeyId` are documented to take a KeyObject or PEM text, but a public KeyObject (what
// `generateKeyPairSync('ed25519')` or `createPublicKey(pem)` gives) was a ConfigError ("must be an Ed25519
// public key"), because node's createPublicKey throws for a public KeyObject (it takes a private one and
// derives). Fail-closed (nothing verified as whole), but the documented form was unusable. Now a public
// KeyObject is taken as it is; a private one is still refused by the verifier.

describe('regression: a public KeyObject is a public key', () => {
  it('the verifier takes it and verifies the checkpoints as with the PEM text', async () => {
    const keys = checkpointKeys();
    const { createPublicKey } = await import('node:crypto');
    const object = createPublicKey(keys.publicKey);
    const path = writeLog(linesOf(await signedLog(keys.privateKey, 3, 2)));
    const report = verify([path], { publicKey: object });
    expect(report.whole).toBe(true);
    expect(report.keyId).toBe(verify([path], { publicKey: keys.publicKey }).keyId);
    expect(report.chains[0]?.checkpointsVerified).toBe(2);
  });

  it('checkpointKeyId gives the same id for the public KeyObject, its private key and their PEM texts', () => {
    const pair = generateKeyPairSync('ed25519');
    const id = checkpointKeyId(pair.publicKey);
    expect(id).toMatch(/^ed25519:[0-9a-f]{32}$/);
    expect(checkpointKeyId(pair.privateKey)).toBe(id);
    expect(checkpointKeyId(pair.publicKey.export({ type: 'spki', format: 'pem' }) as string)).toBe(id);
    expect(checkpointKeyId(pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)).toBe(id);
  });

  it('a public KeyObject of another type is still refused', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => createChainVerifier({ publicKey })).toThrow(/Ed25519/);
    expect(() => checkpointKeyId(publicKey)).toThrow(/Ed25519/);
  });
});
