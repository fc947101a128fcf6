import { type Result, err, ok } from 'neverthrow';
import { validateClaims } from '../schema/validateClaims.js';
import type { MaskinportenClaims, SystemUser, ViolationInput } from '../types.js';
import { num, orgRef, record, str } from './values.js';

function systemUser(details: readonly unknown[]): SystemUser | undefined {
  const entry = details.map(record).find((d) => d?.['type'] === 'urn:altinn:systemuser');
  if (entry === undefined) return undefined;
  const ids = entry['systemuser_id'];
  return {
    systemUserIds: Array.isArray(ids) ? ids.filter((i): i is string => typeof i === 'string') : [],
    systemUserOrg: orgRef(entry['systemuser_org']),
    systemId: str(entry['system_id']),
  };
}

/**
 * Turns a verified Maskinporten payload into {@link MaskinportenClaims}. Claims of the wrong type give
 * `claim_invalid` violations (with their paths); absent claims stay `undefined` for the rules to judge.
 * `scope` must follow RFC 6749 §3.3's grammar (tokens of printable ASCII separated by single spaces) and is
 * split on its spaces. `delegation_source` without `supplier` is `claim_invalid`.
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
  return ok({
    iss: str(payload['iss']),
    // The schema held `scope` to RFC 6749's grammar: tokens separated by single spaces, none empty.
    scopes: typeof scope === 'string' ? scope.split(' ') : [],
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
  });
}
