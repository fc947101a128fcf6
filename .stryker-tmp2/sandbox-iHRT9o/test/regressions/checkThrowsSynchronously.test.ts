// @ts-nocheck
import { createGuard } from '@dsop-guard/adapters';
import { describe, expect, it } from 'vitest';
import { guardOptions, tokens } from '../adapters/table.js';

// Issue 11, defect 6: createGuard().check threw synchronously for an input with a throwing getter or a Proxy
// (the consent token was read before the engine's guards), while engine.evaluate denied the same input.

describe('regression: a hostile input object is denied by check, never thrown', () => {
  const guard = createGuard(guardOptions());
  const hostile = [
    [
      'a throwing consentToken getter',
      Object.defineProperty({ maskinportenToken: tokens.direct() }, 'consentToken', {
        enumerable: true,
        get() {
          throw new Error('boom');
        },
      }),
    ],
    [
      'a Proxy that throws on every read',
      new Proxy(
        {},
        {
          get() {
            throw new Error('boom');
          },
          ownKeys() {
            throw new Error('boom');
          },
        },
      ),
    ],
  ] as const;

  it.each(hostile)('%s → a deny verdict', async (_name, input) => {
    let pending: ReturnType<typeof guard.check> | undefined;
    expect(() => {
      pending = guard.check(input as never);
    }).not.toThrow();
    const verdict = await pending;
    expect(verdict?.decision).toBe('deny');
    expect(verdict?.reasons.length).toBeGreaterThan(0);
  });
});
