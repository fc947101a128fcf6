import { createTestKeys, createTokenFactory } from '@dsop-guard/core/testing';
import { describe, expect, it } from 'vitest';
// Pins the inspector page's private read/ helpers on purpose: the page has no public API.
import { crossChecks } from '../../packages/cli/src/inspect/page/read/crossChecks.js';
import { decode, rawHeadersOf } from '../../packages/cli/src/inspect/page/read/decode.js';
import { identifiers } from '../../packages/cli/src/inspect/page/read/identifiers.js';
import { trapsOf } from '../../packages/cli/src/inspect/page/read/traps.js';
import { windowsOf } from '../../packages/cli/src/inspect/page/read/windows.js';

// What the inspector page reads from a pair besides the verdict (packages/cli/src/inspect/page/read/):
// the traps it names, the cross-checks, the identifiers (kinds and the 2032 rule), the time windows.

const NOW = 1_764_000_000;
const keys = createTestKeys();
const tokens = createTokenFactory({ maskinportenKeys: keys, altinnKeys: keys, now: NOW });
const payload = (token: string) => decode(token).payload;

describe('the inspector reads a pair', () => {
  it('names the traps by id, and none for a clean Lånekassen pair in TEST before June 2026', () => {
    const mp = tokens.direct();
    const consent = tokens.altinn2Consent();
    const ids = (m: string, c: string, env: 'test' | 'prod', now = NOW) =>
      trapsOf(m, c, env, payload(m.replace(/^Bearer /, '')), payload(c.replace(/"/g, '')), now, true).map(
        (t) => t.id,
      );
    expect(ids(mp, consent, 'test')).toEqual([]);
    expect(ids(`Bearer ${mp}`, `"${consent}"`, 'prod')).toEqual(['bearer', 'quotes', 'environment']);
    expect(ids(mp, consent, 'test', Date.UTC(2026, 5, 19) / 1000)).toEqual(['altinn2-retired']);
    const ver2 = createTokenFactory({
      maskinportenKeys: keys,
      altinnKeys: keys,
      now: NOW,
      issuer: 'https://ver2.maskinporten.no/',
    });
    expect(ids(ver2.direct(), consent, 'test')).toEqual(['ver2']);
  });

  it('cross-checks consumer ↔ CoveredBy, OfferedBy ↔ person and the delegation path', () => {
    const supplier = payload(tokens.supplier());
    const handled = payload(tokens.altinn2Consent({ handledBy: tokens.supplierOrgno }));
    const checks = crossChecks(supplier, handled, tokens.person);
    expect(checks.map((c) => [c.what, c.status])).toEqual([
      ['consumer ↔ CoveredBy', 'match'],
      ['OfferedBy ↔ person', 'match'],
      ['delegation: supplier, delegation_source', 'info'],
      ['supplier ↔ HandledBy', 'match'],
    ]);
    const other = crossChecks(payload(tokens.direct()), payload(tokens.altinn2Consent()), '30108299939');
    expect(other[1]?.status).toBe('mismatch');
    const a3 = crossChecks(payload(tokens.altinn3()), undefined, tokens.person);
    expect(a3.slice(0, 2).map((c) => [c.what, c.status])).toEqual([
      ['consumer ↔ to', 'match'],
      ['from ↔ person', 'match'],
    ]);
  });

  it('tells the kinds of person numbers, the 2032 rule, and a bad orgno', () => {
    const mp = payload(
      tokens.direct({ claims: { consumer: { authority: 'iso6523-actorid-upis', ID: '0192:999888777' } } }),
    );
    const rows = (person: string) => identifiers(mp, undefined, person);
    expect(rows('01085301957').find((r) => r.claim === 'Person')?.result).toBe(
      'ordinary fødselsnummer; classic check digits',
    );
    expect(rows('30108299939').find((r) => r.claim === 'Person')?.result).toContain(
      'valid only under the 2032 rule',
    );
    expect(rows('25922947409').find((r) => r.claim === 'Person')?.result).toContain('synthetic (Tenor');
    expect(rows('01085301958').find((r) => r.claim === 'Person')?.ok).toBe(false);
    expect(rows('01085301957').find((r) => r.claim === 'consumer.ID')).toMatchObject({
      ok: false,
      value: '999888777',
    });
  });

  it('draws the windows with the maximum period from DelegatedDate', () => {
    const windows = windowsOf(payload(tokens.direct()), payload(tokens.altinn2Consent()), 'P1Y');
    expect(windows.map((w) => [w.scale, w.label])).toEqual([
      ['token', 'Maskinporten token (iat/nbf → exp)'],
      ['token', 'consent token (nbf → exp)'],
      ['consent', 'consent (DelegatedDate → ValidToDate)'],
      ['consent', 'maximum period (P1Y)'],
    ]);
    const max = windows[3];
    expect((max?.to ?? 0) - (max?.from ?? 0)).toBeGreaterThanOrEqual(365 * 86_400);
  });

  it('reads a header block as rawHeaders, skipping the request line and lines without a name', () => {
    expect(
      rawHeadersOf('GET /saldo/v1/Accounts HTTP/1.1\r\nPSU-ID: 1\n\nnoise\nConsent-ID: "a:b"\n'),
    ).toEqual(['PSU-ID', '1', 'Consent-ID', '"a:b"']);
  });
});
