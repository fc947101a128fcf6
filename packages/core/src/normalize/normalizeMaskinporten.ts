import { err, ok, type Result } from 'neverthrow';
import { validateClaims } from '../schema/validateClaims.js';
import type { MaskinportenClaims, SystemUser, ViolationInput } from '../types.js';
import { num, orgRef, record, str } from './values.js';

function systemUser(details: readonly unknown[]): SystemUser | undefined {
  const entry = details.map(record).find((d) => d?.['type'] === 'urn:altinn:systemuser');
  if (entry === undefined) return undefined;
  const ids = entry['systemuser_id'];
  return Object.freeze({
    systemUserIds: Object.freeze(
      Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string') : [],
    ),
    systemUserOrg: orgRef(entry['systemuser_org']),
    systemId: str(entry['system_id']),
  });
}

/**
 * Turns a verified Maskinporten payload into {@link MaskinportenClaims}. Claims of the wrong type give
 * `claim_invalid` violations (with their paths); absent claims stay `undefined` for the rules to judge.
 * `scope` must follow RFC 6749 §3.3's grammar (tokens of printable ASCII separated by single spaces) and is
 * split on its spaces. `delegation_source` without `supplier` is `claim_invalid`. The claims are frozen at every
 * depth they add; `raw` and `aud` are the payload's own, as frozen as the payload is.
 *
 * @example
 * ```ts
 * const claims = normalizeMaskinporten(verified.payload);
 * if (claims.isOk()) claims.value.scopes; // ['lanekassen:lan/v1/saldoopplysninger']
 * ```
 */
export function normalizeMaskinporten(
  payload: Readonly<Record<string, unknown>>,
): Result<MaskinportenClaims, readonly ViolationInput[]> {
  const valid = validateClaims('maskinporten', payload, 'maskinporten');
  if (valid.isErr()) return err(valid.error);
  // Delegation claims that contradict each other: a delegation source names who delegated to a supplier.
  if (payload['delegation_source'] !== undefined && payload['supplier'] === undefined) {
    return err([
      { code: 'claim_invalid', path: 'maskinporten.delegation_source', expected: 'only with supplier' },
    ]);
  }
  const scope = payload['scope'];
  const details = payload['authorization_details'];
  const aud = payload['aud'];
  // Frozen as made, at every depth the claims add (the payload's own values are as frozen as the payload): a
  // cached token's claims serve every request that brings it, and a walk to freeze them cost more than this.
  return ok(
    Object.freeze({
      iss: str(payload['iss']),
      // The schema held `scope` to RFC 6749's grammar: tokens separated by single spaces, none empty.
      scopes: Object.freeze(
        typeof scope !== 'string' ? [] : scope.includes(' ') ? scope.split(' ') : [scope],
      ),
      scopeClaimType: scope === undefined ? 'absent' : typeof scope === 'string' ? 'string' : 'other',
      consumer: orgRef(payload['consumer']),
      supplier: orgRef(payload['supplier']),
      delegationSource: str(payload['delegation_source']),
      clientAmr: str(payload['client_amr']),
      clientId: str(payload['client_id']),
      tokenType: str(payload['token_type']),
      aud: typeof aud === 'string' || Array.isArray(aud) ? (aud as string | string[]) : undefined,
      pid: str(payload['pid']),
      exp: num(payload['exp']),
      iat: num(payload['iat']),
      nbf: num(payload['nbf']),
      jti: str(payload['jti']),
      systemUser: Array.isArray(details) ? systemUser(details) : undefined,
      raw: payload,
    }),
  );
}
