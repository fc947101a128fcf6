// The law behind test/cli/serve.test.ts's shared table: serve judges at the wall clock, so the table's tokens
// (minted when its module loaded) are sent as `restampToken` makes them again for the moment of the check. Here
// the table is loaded two hours in the past (a fake Date while its module runs), as a file that ran long on a
// loaded machine would find it: sent as minted, its valid rows deny; restamped, every row is what the table says,
// at the wall clock.
import { createGuard, verdictStatus } from '@dsop-guard/adapters';
import { describe, expect, it, vi } from 'vitest';
import { restampToken } from '../fixtures/restampTokens.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';

const AGO = 2 * 3600;
vi.useFakeTimers({ toFake: ['Date'], now: Date.now() - AGO * 1000 });
const t = await import('../adapters/table.js');
vi.useRealTimers();

const wallClock = (): number => Math.floor(Date.now() / 1000);
const signers = [
  t.mpKeys,
  t.altinnKeys,
  sharedKeys('table#3', { kid: 'mp-1' }),
  sharedKeys('table#4', { x5t: true }),
];
type Input = (typeof t.table)[number]['input'];
const restamped = (input: Input, shift: number): Input => ({
  ...input,
  maskinportenToken: restampToken(input.maskinportenToken, shift, signers),
  consentToken: restampToken(input.consentToken, shift, signers),
});

describe('table tokens minted two hours ago, judged at the wall clock', () => {
  it('the table did load in the past', () => {
    expect(wallClock() - t.now).toBeGreaterThanOrEqual(AGO - 1);
  });

  it('sent as minted, the valid direct call is an expired token: what a long file ran into', async () => {
    const guard = createGuard(t.guardOptions({ clock: wallClock }));
    const row = t.table.find((r) => r.name === 'valid direct call');
    const verdict = await guard.check(row?.input ?? {});
    expect(verdict.reasons).toContain('token_expired');
  });

  it.each(
    t.table.map((row) => [row.name, row] as const),
  )('restamped, %s: as the table says', async (_, row) => {
    const guard = createGuard(t.guardOptions({ clock: wallClock }));
    const shift = wallClock() - t.now;
    for (const step of row.before ?? [])
      expect((await guard.check(restamped(step, shift))).decision).toBe('allow');
    const verdict = await guard.check(restamped(row.input, shift));
    expect({
      decision: verdict.decision,
      reasons: verdict.reasons,
      status: verdictStatus(verdict),
      ...(verdict.decision === 'allow' ? { consentSource: verdict.consentSource } : {}),
    }).toEqual(row.expected);
  });
});
