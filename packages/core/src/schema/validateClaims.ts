import { Ajv, type ValidateFunction } from 'ajv';
import { err, ok, type Result } from 'neverthrow';
import type { ViolationInput } from '../types.js';
import { altinn2ConsentSchema, altinn3ConsentSchema, maskinportenSchema } from './claimSchemas.js';

// Private: ajv's vocabulary (instancePath, keyword, params) stops here and becomes `claim_invalid`.

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validators: Record<ClaimShape, ValidateFunction> = {
  maskinporten: ajv.compile(maskinportenSchema),
  altinn2: ajv.compile(altinn2ConsentSchema),
  altinn3: ajv.compile(altinn3ConsentSchema),
};

export type ClaimShape = 'maskinporten' | 'altinn2' | 'altinn3';

function toPath(prefix: string, instancePath: string): string {
  return instancePath === '' ? prefix : `${prefix}${instancePath.replaceAll('/', '.')}`;
}

/** Validates claims against the shape's schema; every error becomes one `claim_invalid` violation. */
export function validateClaims(
  shape: ClaimShape,
  value: unknown,
  pathPrefix: string,
): Result<void, readonly ViolationInput[]> {
  const validate = validators[shape];
  if (validate(value)) return ok(undefined);
  const seen = new Set<string>();
  const violations: ViolationInput[] = [];
  for (const e of validate.errors ?? []) {
    const path = toPath(pathPrefix, e.instancePath);
    if (seen.has(path)) continue;
    seen.add(path);
    violations.push({
      code: 'claim_invalid',
      path,
      expected: e.keyword === 'type' ? String(e.params['type']) : e.keyword,
    });
  }
  return err(violations);
}
