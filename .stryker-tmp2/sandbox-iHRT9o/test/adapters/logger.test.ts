// @ts-nocheck
import { createGuard } from '@dsop-guard/adapters';
import type { GuardEvent } from '@dsop-guard/core';
import { startMockIssuer } from '@dsop-guard/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { configErrorOf } from '../fixtures/configErrorOf.js';
import { brokenOptions, recordingLogger, remoteKeysOptions, throwingLogger } from './observers.js';
import { guardOptions, mpKeys, tokens } from './table.js';

const valid = {
  maskinportenToken: tokens.direct(),
  consentToken: tokens.altinn2Consent(),
  person: tokens.person,
};

describe('createGuard: logger', () => {
  const issuer = startMockIssuer({ keys: [mpKeys], issuer: 'https://test.maskinporten.no/' });
  afterAll(async () => (await issuer).close());

  it('logs each event at its level as ({ event }, "dsop-guard <type>"), beside onEvent', async () => {
    const logger = recordingLogger();
    const seen: GuardEvent[] = [];
    const guard = createGuard(brokenOptions({ logger, onEvent: (e) => seen.push(e) }));
    const verdict = await guard.check({ ...valid, requestId: 'r-1' });
    expect(verdict.reasons).toEqual(['rule_error']);
    expect(seen.map((e) => e.type)).toEqual(['rule.error']);
    expect(logger.lines).toEqual([
      { level: 'error', object: { event: seen[0] }, message: 'dsop-guard rule.error' },
    ]);
    expect(seen[0]).toMatchObject({ ruleId: 'throws', policy: 'broken', requestId: 'r-1' });
  });

  it("the guard's own key sets log their refreshes at info", async () => {
    const logger = recordingLogger();
    const guard = createGuard(remoteKeysOptions(await issuer, { logger }));
    expect((await guard.check(valid)).decision).toBe('allow');
    expect(logger.lines).toMatchObject([
      {
        level: 'info',
        message: 'dsop-guard keys.refreshed',
        object: { event: { type: 'keys.refreshed', issuer: 'https://test.maskinporten.no/', keys: 1 } },
      },
    ]);
  });

  it('a check-scoped logger takes the events that check raises in place of the guard logger', async () => {
    const guardLogger = recordingLogger();
    const requestLogger = recordingLogger();
    const guard = createGuard(brokenOptions({ logger: guardLogger }));
    await guard.check(valid, { adapter: 'koa', logger: requestLogger });
    expect(requestLogger.lines.map((l) => l.message)).toEqual(['dsop-guard rule.error']);
    expect(guardLogger.lines).toEqual([]);
  });

  it('a logger that throws changes no verdict and never makes check reject', async () => {
    const quiet = createGuard(brokenOptions());
    const loud = createGuard(
      brokenOptions({ logger: throwingLogger, onEvent: throwingLogger.error as never }),
    );
    const [a, b] = await Promise.all([quiet.check(valid), loud.check(valid)]);
    expect({ ...b, evaluatedAt: 0 }).toEqual({ ...a, evaluatedAt: 0 });
    const remote = createGuard(remoteKeysOptions(await issuer, { logger: throwingLogger }));
    expect((await remote.check(valid)).decision).toBe('allow');
    const scoped = createGuard(guardOptions());
    expect((await scoped.check(valid, { logger: throwingLogger })).decision).toBe('allow');
  });

  it('a logged event holds no person number and no token', async () => {
    const logger = recordingLogger();
    const guard = createGuard(brokenOptions({ logger }));
    await guard.check({ ...valid, requestId: tokens.person });
    const text = JSON.stringify(logger.lines);
    expect(logger.lines).toHaveLength(1);
    expect(text).not.toContain(tokens.person);
    expect(text).not.toContain(valid.maskinportenToken.split('.')[1]);
  });

  it('a logger without info, warn and error is refused when the guard is built', () => {
    for (const logger of [{}, { info: () => {} }, 'pino', console.log, null]) {
      expect(configErrorOf(() => createGuard(guardOptions({ logger: logger as never })))).toMatchObject({
        field: 'logger',
      });
    }
  });
});
