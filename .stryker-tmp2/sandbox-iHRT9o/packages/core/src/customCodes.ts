// @ts-nocheck
import { ConfigError } from './configError.js';
import type { CustomReasonCode } from './reasonCodes.js';
import type { CodeDeclaration, CodeDeclarations, RuleDescription } from './types.js';

// Private: custom reason codes, checked once when a rule declares them and gathered once when a policy is built.

/** `<namespace>.<code>`, lower case: one dot, each part a letter then letters, digits, `_` or `-`. */
const CUSTOM_CODE = /^[a-z][a-z0-9_-]{0,31}\.[a-z][a-z0-9_-]{0,63}$/;
/** Namespaces dsop-guard keeps for itself (its packages, engine steps and rule kinds). */
const RESERVED: ReadonlySet<string> = new Set([
  'dsop',
  'dsop-guard',
  'dsop_guard',
  'dsopguard',
  'guard',
  'builtin',
  'core',
  'rules',
  'adapters',
  'engine',
  'verify',
  'policy',
  'transport',
  'audit',
]);
/** Eleven digits in a row look like a national identity number: a message is static text, never a person. */
const PERSON_LIKE = /\d{11}/;

/** Whether `code` is a well-formed custom code outside dsop-guard's namespaces. */
export function isCustomCode(code: unknown): code is CustomReasonCode {
  return typeof code === 'string' && CUSTOM_CODE.test(code) && !RESERVED.has(code.split('.')[0] as string);
}

function checkMessage(field: string, text: unknown): string {
  if (typeof text !== 'string' || text.trim() === '')
    throw new ConfigError(field, 'must be a non-empty string');
  if (text.length > 200) throw new ConfigError(field, 'must be at most 200 characters');
  if (PERSON_LIKE.test(text))
    throw new ConfigError(field, 'must not hold a person number: messages are static');
  return text;
}

function checkDeclaration(field: string, value: unknown): CodeDeclaration {
  if (typeof value !== 'object' || value === null)
    throw new ConfigError(field, 'must be { en, nb, status? }');
  const { en, nb, status, ...extra } = value as Record<string, unknown>;
  const [unknown] = Object.keys(extra);
  if (unknown !== undefined) throw new ConfigError(`${field}.${unknown}`, 'unknown field (en, nb, status)');
  const messages = { en: checkMessage(`${field}.en`, en), nb: checkMessage(`${field}.nb`, nb) };
  if (status === undefined) return Object.freeze(messages);
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new ConfigError(`${field}.status`, 'must be an integer from 400 to 599: a deny is never 2xx');
  }
  return Object.freeze({ ...messages, status });
}

/** Checks a rule's `codes` option; throws {@link ConfigError} naming the bad code or field. */
export function checkCodeDeclarations(ruleId: string, codes: unknown): CodeDeclarations {
  if (codes === undefined) return {};
  if (typeof codes !== 'object' || codes === null || Array.isArray(codes)) {
    throw new ConfigError(`${ruleId}.codes`, 'must be an object from custom code to { en, nb, status? }');
  }
  const checked: Record<string, CodeDeclaration> = {};
  for (const [code, value] of Object.entries(codes)) {
    if (!isCustomCode(code)) {
      throw new ConfigError(
        `${ruleId}.codes.${code}`,
        "must be '<namespace>.<code>' in lower case (e.g. 'acme.consumer_blocked'), outside dsop-guard's namespaces",
      );
    }
    checked[code] = checkDeclaration(`${ruleId}.codes.${code}`, value);
  }
  return Object.freeze(checked);
}

const same = (a: CodeDeclaration, b: CodeDeclaration): boolean =>
  a.en === b.en && a.nb === b.nb && a.status === b.status;

/**
 * Every custom code declared in a rule tree. The same code may be declared by several rules (one factory used
 * twice) only alike; otherwise {@link ConfigError}.
 */
export function collectCodes(description: RuleDescription): CodeDeclarations {
  const found: Record<string, CodeDeclaration> = {};
  const visit = (d: RuleDescription): void => {
    for (const [code, declared] of Object.entries(d.codes ?? {})) {
      const before = found[code];
      if (before !== undefined && !same(before, declared)) {
        throw new ConfigError(`rule.codes.${code}`, `declared differently by two rules (one is '${d.id}')`);
      }
      found[code] = declared;
    }
    for (const child of d.children ?? []) visit(child);
  };
  visit(description);
  return Object.freeze(found);
}
