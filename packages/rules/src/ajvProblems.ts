import { nearest } from '@dsop-guard/core';
import type { ErrorObject } from 'ajv';

// Private: ajv's vocabulary (instancePath, keyword, params) stops here and becomes plain problems.

/** One problem found in a configuration, before the file name is known. */
export interface Problem {
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
}

const NODE_KINDS = ['rule', 'all', 'any', 'not', 'when'] as const;

/** `/rule/all/0/options` → `rule.all[0].options`, under `prefix`. */
export function joinPath(prefix: string, pointer: string): string {
  let path = prefix;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    path = /^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`;
  }
  return path;
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function keysOf(value: unknown): string[] {
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

function suggestion(word: unknown, candidates: readonly string[]): string | undefined {
  if (typeof word !== 'string') return undefined;
  const near = nearest(word, candidates);
  return near === undefined ? undefined : `did you mean '${near}'?`;
}

function translate(e: ErrorObject, prefix: string): Problem | undefined {
  const path = joinPath(prefix, e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'if':
      return undefined; // the failing branch reports the real error
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const allowed = keysOf((e.parentSchema as { properties?: unknown } | undefined)?.properties);
      const hint =
        suggestion(name, allowed) ??
        (allowed.length === 0 ? 'this takes no options' : `allowed: ${quoteList(allowed)}`);
      const what = path.endsWith('options') ? 'option' : 'property';
      return { path: path === '' ? name : `${path}.${name}`, message: `unknown ${what} '${name}'`, hint };
    }
    case 'required': {
      const name = String(params['missingProperty']);
      return { path: path === '' ? name : `${path}.${name}`, message: 'is required' };
    }
    case 'not': {
      const keys = keysOf(e.data);
      const near = keys.map((k) => suggestion(k, NODE_KINDS)).find((h) => h !== undefined);
      return {
        path,
        message: `must have one of ${quoteList(NODE_KINDS)}`,
        hint: near ?? `found ${keys.length === 0 ? 'no keys' : quoteList(keys)}`,
      };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      return {
        path,
        message: `must be one of ${quoteList(allowed)}`,
        ...(suggestion(e.data, allowed) === undefined ? {} : { hint: suggestion(e.data, allowed) as string }),
      };
    }
    case 'type': {
      const quote = params['type'] === 'string' && typeof e.data === 'number';
      return {
        path,
        message: `must be ${String(params['type'])}`,
        ...(quote ? { hint: `quote it: "${String(e.data)}"` } : {}),
      };
    }
    case 'pattern': {
      const description = (e.parentSchema as { description?: unknown } | undefined)?.description;
      return {
        path,
        message: `must match ${String(params['pattern'])}`,
        ...(typeof description === 'string' ? { hint: description } : {}),
      };
    }
    default:
      return { path, message: e.message ?? e.keyword };
  }
}

/** Problems in document order (`all[2]` before `all[10]`). */
export function byPath(a: Problem, b: Problem): number {
  return a.path.localeCompare(b.path, 'en', { numeric: true });
}

/** Every ajv error as a problem, without duplicates, with "did you mean" hints where a name is misspelt. */
export function ajvProblems(errors: readonly ErrorObject[], prefix: string): Problem[] {
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of errors) {
    const problem = translate(e, prefix);
    const key = `${problem?.path}\u0000${problem?.message}`;
    if (problem === undefined || seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}
