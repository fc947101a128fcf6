// Fixtures for the observability tests: a recording pino-like logger, a throwing one, a policy whose rule
// throws, and a preset whose Maskinporten keys come from a mock issuer (so that the guard's own remote key set
// raises keys.* events).
import type { EventLogger, GuardOptions } from '@dsop-guard/adapters';
import { all, definePolicy, defineRule, type Policy } from '@dsop-guard/core';
import type { MockIssuer } from '@dsop-guard/core/testing';
import { guardOptions, lanekassen } from './table.js';

export interface Line {
  readonly level: 'info' | 'warn' | 'error';
  readonly object: Record<string, unknown>;
  readonly message: string;
}

/** A logger that keeps what it is given, as pino would write it. */
export function recordingLogger(): EventLogger & { readonly lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: Line['level']) =>
    (object: object, message: string): void => {
      lines.push({ level, object: object as Record<string, unknown>, message });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export const throwingLogger: EventLogger = {
  info: () => {
    throw new Error('logger down');
  },
  warn: () => {
    throw new Error('logger down');
  },
  error: () => {
    throw new Error('logger down');
  },
};

/** A policy whose only rule throws: every check is a deny with rule_error, and a rule.error event. */
export const brokenPolicy: Policy = definePolicy({
  id: 'broken',
  version: '1',
  rule: all([
    defineRule({
      id: 'throws',
      check: () => {
        throw new Error('boom');
      },
    }),
  ]),
});

/** Guard options judged by {@link brokenPolicy}. */
export function brokenOptions(extra: Partial<GuardOptions> = {}): GuardOptions {
  const { preset: _, ...options } = guardOptions();
  return { ...options, policy: brokenPolicy, transport: lanekassen.transport, ...extra };
}

/** Guard options whose Maskinporten keys the guard fetches itself, from `issuer`'s metadata. */
export function remoteKeysOptions(issuer: MockIssuer, extra: Partial<GuardOptions> = {}): GuardOptions {
  const options = guardOptions();
  return {
    ...options,
    preset: { ...lanekassen, metadataUrl: issuer.metadataUrl },
    keys: { consent: options.keys?.consent as NonNullable<NonNullable<GuardOptions['keys']>['consent']> },
    ...extra,
  };
}
