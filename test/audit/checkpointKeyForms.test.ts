import { generateKeyPairSync } from 'node:crypto';
import {
  ConfigError,
  callbackSink,
  checkpointKeyId,
  createAuditTrail,
  createChainVerifier,
} from '@dsop-guard/core';
import { describe, expect, it } from 'vitest';
import { recordsOf, signedLog, verify } from './support.js';

// The forms a checkpoint key may take (docs/audit.md): a writer's Ed25519 private key and a reader's public key,
// each as a KeyObject or PEM text. Every other value is a ConfigError naming the field and saying what is wrong,
// found when the trail or the verifier is built, never when a line is written or read.

const ed = generateKeyPairSync('ed25519');
const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
const pem = {
  private: ed.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  public: ed.publicKey.export({ type: 'spki', format: 'pem' }) as string,
  rsaPrivate: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  rsaPublic: rsa.publicKey.export({ type: 'spki', format: 'pem' }) as string,
};

function refusal(make: () => unknown): { field: string; message: string } {
  try {
    make();
  } catch (error) {
    if (error instanceof ConfigError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('no ConfigError');
}

const trail = (key: unknown) => () =>
  createAuditTrail({ sinks: [callbackSink(() => undefined)], checkpoints: { every: 1, key: key as string } });
const verifier = (publicKey: unknown) => () => createChainVerifier({ publicKey: publicKey as string });

describe('the signing key (createAuditTrail checkpoints.key)', () => {
  it.each([
    ['a private KeyObject', ed.privateKey],
    ['private PEM text', pem.private],
  ])('takes %s, and its checkpoints name the public key', async (_, key) => {
    const path = await signedLog(key as string, 2, 1);
    const checkpoints = recordsOf(path).filter((r) => r.kind === 'checkpoint');
    expect(checkpoints).toHaveLength(2);
    for (const c of checkpoints) expect(c).toMatchObject({ keyId: checkpointKeyId(ed.publicKey) });
    expect(verify([path], { publicKey: ed.publicKey })).toMatchObject({ whole: true });
  });

  it.each([
    ['null', null],
    ['a number', 7],
    ['a public KeyObject', ed.publicKey],
    ['public PEM text', pem.public],
    ['text that is no key', 'a-checkpoint-secret'],
  ])('%s is not a private key', (_, key) => {
    expect(refusal(trail(key))).toEqual({
      field: 'checkpoints.key',
      message: 'checkpoints.key: must be an Ed25519 private key, a KeyObject or PEM text',
    });
  });

  it.each([
    ['an RSA KeyObject', rsa.privateKey],
    ['RSA PEM text', pem.rsaPrivate],
    // Taken for a KeyObject by its `type`, it has no Ed25519 key type: refused all the same.
    ['an object that only says it is private', { type: 'private' }],
  ])('%s is a private key of another type', (_, key) => {
    expect(refusal(trail(key))).toEqual({
      field: 'checkpoints.key',
      message: 'checkpoints.key: must be an Ed25519 private key',
    });
  });
});

describe('the verifying key (createChainVerifier publicKey)', () => {
  it.each([
    ['a public KeyObject', ed.publicKey],
    ['public PEM text', pem.public],
  ])('takes %s and names it by its id', (_, publicKey) => {
    expect(createChainVerifier({ publicKey }).report().keyId).toBe(checkpointKeyId(ed.publicKey));
  });

  it.each([
    ['a private KeyObject', ed.privateKey],
    ['private PEM text', pem.private],
    ['RSA private PEM text', pem.rsaPrivate],
    ['an object that says it is private', { type: 'private' }],
  ])('%s is refused: a reader must not hold the signing key', (_, key) => {
    expect(refusal(verifier(key))).toEqual({
      field: 'publicKey',
      message: 'publicKey: give the public key: a reader must not hold the signing key',
    });
  });

  it.each([
    ['null', null],
    ['a number', 7],
    ['text that is no key', 'not a key'],
  ])('%s is not a public key', (_, key) => {
    const found = refusal(verifier(key));
    expect(found).toEqual({
      field: 'publicKey',
      message: 'publicKey: must be an Ed25519 public key, a KeyObject or PEM text',
    });
  });

  it.each([
    ['an RSA KeyObject', rsa.publicKey],
    ['RSA PEM text', pem.rsaPublic],
    ['an object that only says it is public', { type: 'public' }],
  ])('%s is a public key of another type', (_, key) => {
    expect(refusal(verifier(key))).toEqual({
      field: 'publicKey',
      message: 'publicKey: must be an Ed25519 public key',
    });
  });
});

describe('checkpointKeyId', () => {
  it.each([
    ['the public KeyObject', ed.publicKey],
    ['the private KeyObject', ed.privateKey],
    ['public PEM', pem.public],
    ['private PEM', pem.private],
  ])('names the key pair alike from %s', (_, key) => {
    expect(checkpointKeyId(key)).toBe(checkpointKeyId(ed.publicKey));
    expect(checkpointKeyId(key)).toMatch(/^ed25519:[0-9a-f]{32}$/);
  });

  it.each([
    ['null', null],
    ['text that is no key', 'not a key'],
  ])('%s is not a key', (_, key) => {
    expect(refusal(() => checkpointKeyId(key as string))).toEqual({
      field: 'key',
      message: 'key: must be an Ed25519 key, a KeyObject or PEM text',
    });
  });

  it.each([
    ['an RSA public KeyObject', rsa.publicKey],
    ['RSA private PEM', pem.rsaPrivate],
    ['an object that only says it is public', { type: 'public' }],
  ])('%s is a key of another type', (_, key) => {
    expect(refusal(() => checkpointKeyId(key as string))).toEqual({
      field: 'key',
      message: 'key: must be an Ed25519 key',
    });
  });
});
