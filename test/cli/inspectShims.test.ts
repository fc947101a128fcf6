import { createHash, createHmac, randomBytes } from 'node:crypto';
import { createTestKeys, createTokenFactory } from '@dsop-guard/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// Pins the inspector's private browser shims on purpose: they are what the page runs instead of node:crypto.
import { isUtf8, Buffer as ShimBuffer } from '../../packages/cli/src/inspect/browser/nodeBuffer.js';
import {
  createPublicKey,
  preverify,
  createHash as shimHash,
  createHmac as shimHmac,
  verify,
} from '../../packages/cli/src/inspect/browser/nodeCrypto.js';
import { fcOptions } from '../arbitraries/fcOptions.js';

// The inspector's browser stand-ins for node:crypto and node:buffer (packages/cli/src/inspect/browser/)
// agree with Node's own, and the signature seam says true only for what WebCrypto verified.

const bytes = fc.uint8Array({ maxLength: 300 });

describe('the inspector shims', () => {
  it('SHA-256 and HMAC-SHA-256 equal node:crypto for any input', () => {
    fc.assert(
      fc.property(bytes, bytes, (data, key) => {
        expect(shimHash('sha256').update(data).digest('hex')).toBe(
          createHash('sha256').update(data).digest('hex'),
        );
        expect(shimHmac('sha256', key).update(data).digest('base64url')).toBe(
          createHmac('sha256', key).update(data).digest('base64url'),
        );
      }),
      fcOptions(),
    );
  });

  it("Buffer's base64url, base64, latin1 and hex equal Node's both ways, and isUtf8 agrees with a fatal decoder", () => {
    fc.assert(
      fc.property(bytes, (data) => {
        const node = Buffer.from(data);
        for (const enc of ['base64url', 'base64', 'latin1', 'hex'] as const) {
          expect(ShimBuffer.from(data).toString(enc)).toBe(node.toString(enc));
          expect([...ShimBuffer.from(node.toString(enc), enc)]).toEqual([...data]);
        }
        let utf8 = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(data);
        } catch {
          utf8 = false;
        }
        expect(isUtf8(data)).toBe(utf8);
      }),
      fcOptions(),
    );
  });

  it('verify is true only for a signature WebCrypto verified under exactly that key; never for one not asked about', async () => {
    const keys = createTestKeys();
    const other = createTestKeys();
    const tokens = createTokenFactory({ maskinportenKeys: keys, altinnKeys: other, now: 1_764_000_000 });
    const token = tokens.direct();
    const [h, p, s] = token.split('.') as [string, string, string];
    const data = ShimBuffer.from(`${h}.${p}`, 'latin1');
    const signature = ShimBuffer.from(s, 'base64url');
    const key = createPublicKey({
      key: { kty: 'RSA', n: keys.publicJwk['n'] ?? '', e: 'AQAB' },
      format: 'jwk',
    });
    const wrong = createPublicKey({
      key: { kty: 'RSA', n: other.publicJwk['n'] ?? '', e: 'AQAB' },
      format: 'jwk',
    });
    expect(key.asymmetricKeyDetails.modulusLength).toBe(2048);
    expect(verify('sha256', data, key, signature)).toBe(false); // nothing asked yet
    await preverify([token], [keys.jwks, other.jwks]);
    expect(verify('sha256', data, key, signature)).toBe(true);
    expect(verify('sha256', data, wrong, signature)).toBe(false);
    expect(verify('sha384', data, key, signature)).toBe(false);
    const flipped = ShimBuffer.from(signature);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(verify('sha256', data, key, flipped)).toBe(false);
    expect(verify('sha256', ShimBuffer.from(`${h}.${p}x`, 'latin1'), key, signature)).toBe(false);
    await preverify([], []);
    expect(verify('sha256', data, key, signature)).toBe(false); // answers do not outlive the next run
    await expect(
      preverify(
        ['junk', `${randomBytes(8).toString('hex')}..`],
        [{ keys: [{ kty: 'RSA', n: 'AA', e: 'AQAB' }] }, null],
      ),
    ).resolves.toBeUndefined();
  });
});
