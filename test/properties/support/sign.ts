import type { RequestInput } from '@dsop-guard/core';
import { signToken, type TestKeys } from '@dsop-guard/core/testing';
import type { RequestPlan, SigningPlan } from '../../arbitraries/index.js';
import { type PropertyKeys, propertyKeys } from './keys.js';

const b64 = (bytes: Uint8Array | string): string => Buffer.from(bytes).toString('base64url');

function tamper(token: string, how: NonNullable<SigningPlan['tamper']>): string {
  const [h, p, s] = token.split('.') as [string, string, string];
  switch (how) {
    case 'payload': {
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
      return `${h}.${b64(JSON.stringify({ ...claims, jti: `${String(claims['jti'])}-tampered` }))}.${s}`;
    }
    case 'header': {
      const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
      return `${b64(JSON.stringify({ ...header, typ: 'at+jwt' }))}.${p}.${s}`;
    }
    case 'signature': {
      const sig = Buffer.from(s, 'base64url');
      sig[sig.length >> 1] = (sig[sig.length >> 1] as number) ^ 0x01;
      return `${h}.${p}.${b64(sig)}`;
    }
    case 'strip-signature':
      return `${h}.${p}.`;
  }
}

function signWith(
  claims: Readonly<Record<string, unknown>>,
  plan: SigningPlan,
  own: TestKeys,
  rogue: TestKeys,
  cross: TestKeys,
  defaultHeader: Readonly<Record<string, unknown>>,
): string {
  const keys = plan.key === 'own' ? own : plan.key === 'rogue' ? rogue : cross;
  const alg = plan.header?.['alg'];
  const token = signToken({
    keys,
    header: { ...defaultHeader, ...plan.header },
    ...(plan.rawPayload === undefined ? { payload: claims } : { rawPayload: plan.rawPayload }),
    ...(typeof alg === 'string' && alg.startsWith('HS')
      ? { hmacSecret: own.publicKey.export({ type: 'spki', format: 'pem' }) }
      : {}),
  });
  return plan.tamper === undefined ? token : tamper(token, plan.tamper);
}

/** The signed tokens of a plan. */
export interface SignedRequest {
  readonly input: RequestInput;
  readonly maskinportenToken: string;
  readonly consentToken: string | undefined;
}

/** Signs a {@link RequestPlan} with the shared property keys (node:crypto, not the code under test). */
export function signRequest(plan: RequestPlan, keys: PropertyKeys = propertyKeys()): SignedRequest {
  const maskinportenToken = signWith(
    plan.maskinporten.claims,
    plan.maskinporten.signing,
    keys.maskinporten,
    keys.rogueMaskinporten,
    keys.altinn,
    { kid: keys.maskinporten.kid },
  );
  const consentToken =
    plan.consent === undefined
      ? undefined
      : signWith(
          plan.consent.claims,
          plan.consent.signing,
          keys.altinn,
          keys.rogueAltinn,
          keys.maskinporten,
          {
            kid: keys.altinn.kid,
            x5t: keys.altinn.x5t ?? keys.altinn.kid,
          },
        );
  return {
    maskinportenToken,
    consentToken,
    input: {
      maskinportenToken,
      ...(consentToken === undefined ? {} : { consentToken }),
      person: plan.psuId,
      ...(plan.requestId === undefined ? {} : { requestId: plan.requestId }),
      now: plan.now,
    },
  };
}
