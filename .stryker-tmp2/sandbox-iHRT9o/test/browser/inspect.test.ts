// @ts-nocheck
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTokenFactory } from '@dsop-guard/core/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliMain, repoRoot, runCli } from '../fixtures/runCli.js';
import { sharedKeys } from '../fixtures/sharedKeys.js';
import { chromiumAvailable, launchChromium, requireChromium, watchPage } from './chromium.js';

// The token inspector (`dsop-guard inspect`) as a person uses it, in a real headless Chromium: tokens from the
// test kit pasted with their JWKS, the verdict read from the region labelled "Verdict", inputs found by their
// labels. Every request the page makes is recorded and must go to the inspector's own 127.0.0.1 server (or, for
// the --out file, nowhere). Screenshots go to test-artifacts/screenshots/inspect-*.png.

const screenshots = join(repoRoot, 'test-artifacts', 'screenshots');
const NOW = 1_764_000_000; // 24 Nov 2025, before the Altinn 2 retirement
const mpKeys = sharedKeys('inspect maskinporten');
const altinnKeys = sharedKeys('inspect altinn', { x5t: true });
const forger = sharedKeys('inspect forger', { kid: mpKeys.kid });
const tokens = createTokenFactory({ maskinportenKeys: mpKeys, altinnKeys, now: NOW });
const forged = createTokenFactory({ maskinportenKeys: forger, altinnKeys, now: NOW });
const person = tokens.person;

requireChromium();

interface Visit {
  readonly page: Page;
  readonly requests: string[];
  readonly problems: string[];
}

interface Fields {
  readonly maskinporten?: string;
  readonly consent?: string;
  readonly person?: string;
  readonly headers?: string;
  readonly preset?: string;
  readonly environment?: 'test' | 'prod';
  readonly jwks?: string;
  readonly consentJwks?: string;
  readonly altinn3Resource?: string;
}

const jwks = JSON.stringify(mpKeys.jwks);
const consentJwks = JSON.stringify(altinnKeys.jwks);

describe.skipIf(!chromiumAvailable)('the token inspector in Chromium', () => {
  let server: ChildProcess;
  let origin: string;
  let browser: Browser;
  let dir: string;
  let fileExit: number | null;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-inspect-'));
    server = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', cliMain, 'inspect', '--port', '0'],
      {
        cwd: repoRoot,
      },
    );
    origin = await new Promise<string>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (d) => {
        out += d;
        const url = /http:\/\/127\.0\.0\.1:\d+/.exec(out)?.[0];
        if (url !== undefined) resolve(url);
      });
      server.on('exit', (code) => reject(new Error(`inspect exited ${code}`)));
    });
    fileExit = (await runCli(['inspect', '--out', join(dir, 'inspector.html')])).code;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (server?.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  async function visit(url = `${origin}/`, viewport = { width: 1280, height: 1000 }): Promise<Visit> {
    const page = await browser.newPage({ viewport });
    const { requests, problems } = watchPage(page);
    // Anything not for the inspector itself is refused (and still recorded above, so the test sees it).
    await page.route('**/*', (route) =>
      route.request().url().startsWith(`${origin}/`) || route.request().url().startsWith('file://')
        ? route.continue()
        : route.abort(),
    );
    await page.goto(url);
    return { page, requests, problems };
  }

  async function inspect(page: Page, fields: Fields): Promise<string> {
    await page.getByLabel('Preset').selectOption(fields.preset ?? 'lanekassen-saldo');
    await page.getByLabel('Environment').selectOption(fields.environment ?? 'test');
    await page.getByLabel('Now', { exact: true }).fill(String(NOW));
    await page.getByLabel('Request headers').fill(fields.headers ?? '');
    await page.getByLabel('Maskinporten token').fill(fields.maskinporten ?? '');
    await page.getByLabel('Consent token').fill(fields.consent ?? '');
    await page.getByLabel('Person').fill(fields.person ?? '');
    await page.getByLabel('JWKS', { exact: true }).fill(fields.jwks ?? '');
    await page.getByLabel('Consent JWKS').fill(fields.consentJwks ?? '');
    await page.getByLabel('Altinn 3 resource').fill(fields.altinn3Resource ?? '');
    await page.getByRole('button', { name: 'Inspect' }).click();
    const verdict = page.getByRole('region', { name: 'Verdict' });
    await expect.poll(() => verdict.getAttribute('aria-busy'), { timeout: 10_000 }).toBe('false');
    return verdict.innerText();
  }

  const onlyLocal = (requests: readonly string[]) => {
    expect(requests.length).toBeGreaterThan(0);
    for (const url of requests) expect(url.startsWith(`${origin}/`)).toBe(true);
  };

  it('serves the page with a Content-Security-Policy that allows nothing from anywhere else', async () => {
    const response = await fetch(`${origin}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).not.toMatch(/https?:|unsafe-inline|unsafe-eval|\*/);
    const html = await response.text();
    expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
    const wrongHost = await new Promise<number | undefined>((resolve, reject) =>
      httpGet(`${origin}/`, { headers: { host: 'rebound.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on('error', reject),
    );
    expect(wrongHost).toBe(421);
    expect((await fetch(`${origin}/jwks?issuer=elsewhere&env=test`)).status).toBe(400);
  });

  it('a valid pair: allow, every rule passing, signatures verified by WebCrypto, person masked until revealed', async () => {
    const { page, requests, problems } = await visit();
    const text = await inspect(page, {
      maskinporten: tokens.direct(),
      consent: tokens.altinn2Consent(),
      person,
      jwks,
      consentJwks,
    });
    expect(text).toContain('ALLOW');
    expect(text).toContain('RS256: verified by WebCrypto; RS256: verified by WebCrypto');
    const statuses = await page.getByTestId('outcomes').locator('tbody tr td:nth-child(2)').allInnerTexts();
    expect(statuses.length).toBeGreaterThan(5);
    expect(new Set(statuses)).toEqual(new Set(['pass']));
    const checks = page.getByTestId('cross-checks');
    await expect(
      checks.locator('tr', { hasText: 'consumer ↔ CoveredBy' }).getAttribute('data-status'),
    ).resolves.toBe('match');
    await expect(
      checks.locator('tr', { hasText: 'OfferedBy ↔ person' }).getAttribute('data-status'),
    ).resolves.toBe('match');
    await expect(page.getByLabel('Person').getAttribute('type')).resolves.toBe('password');
    const body = await page.locator('main').innerText();
    expect(body).not.toContain(person);
    expect(body).toContain(`*********${person.slice(9)}`);
    await expect(page.getByTestId('identifier-table').innerText()).resolves.toContain(
      'ordinary fødselsnummer',
    );
    await expect(page.getByTestId('identifier-table').innerText()).resolves.toContain('MOD11 valid');
    await expect(page.getByTestId('timeline').innerText()).resolves.toContain('maximum period (P1Y)');
    await expect(page.getByTestId('maskinporten-claims').innerText()).resolves.toContain(
      'The legal consumer',
    );
    await page.screenshot({ path: join(screenshots, 'inspect-valid.png'), fullPage: true });
    await page.getByLabel('Reveal identity numbers').check();
    await expect.poll(() => page.getByTestId('cross-checks').innerText()).toContain(person);
    await expect(page.getByLabel('Person').getAttribute('type')).resolves.toBe('text');
    onlyLocal(requests);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a forged Maskinporten token: deny with signature_invalid, and says it does not verify', async () => {
    const { page, requests } = await visit();
    const text = await inspect(page, {
      maskinporten: forged.direct(),
      consent: tokens.altinn2Consent(),
      person,
      jwks,
      consentJwks,
    });
    expect(text).toContain('DENY');
    expect(text).toContain('signature_invalid');
    expect(text).toContain('does not verify');
    await page.screenshot({ path: join(screenshots, 'inspect-forged.png'), fullPage: true });
    onlyLocal(requests);
    await page.close();
  });

  it('without a JWKS: never allow, and the signature is unverified', async () => {
    const { page } = await visit();
    const text = await inspect(page, {
      maskinporten: tokens.direct(),
      consent: tokens.altinn2Consent(),
      person,
    });
    expect(text).toContain('DENY');
    expect(text).toContain('keys_unavailable');
    expect(text).toContain('unverified');
    await page.close();
  });

  it('a mismatched pair: deny with consumer_mismatch, the cross-check marked', async () => {
    const { page, requests } = await visit();
    const text = await inspect(page, {
      maskinporten: tokens.direct(),
      consent: tokens.altinn2Consent({ claims: { CoveredBy: '974760673' } }),
      person,
      jwks,
      consentJwks,
    });
    expect(text).toContain('DENY');
    expect(text).toContain('consumer_mismatch');
    const row = page.getByTestId('cross-checks').locator('tr', { hasText: 'consumer ↔ CoveredBy' });
    await expect(row.getAttribute('data-status')).resolves.toBe('mismatch');
    await expect(
      page.getByTestId('consent-claims').locator('tr[data-claim="CoveredBy"]').innerText(),
    ).resolves.toContain('consumer_mismatch');
    await page.screenshot({ path: join(screenshots, 'inspect-mismatched.png'), fullPage: true });
    onlyLocal(requests);
    await page.close();
  });

  it('an Altinn 3 consent in authorization_details: allow with the resource, consumer ↔ to checked', async () => {
    const { page, requests } = await visit();
    const text = await inspect(page, {
      maskinporten: tokens.altinn3(),
      person,
      jwks,
      altinn3Resource: 'lanekassen_5498_1',
    });
    expect(text).toContain('ALLOW');
    const checks = page.getByTestId('cross-checks');
    await expect(
      checks.locator('tr', { hasText: 'consumer ↔ to' }).getAttribute('data-status'),
    ).resolves.toBe('match');
    await expect(
      checks.locator('tr', { hasText: 'from ↔ person' }).getAttribute('data-status'),
    ).resolves.toBe('match');
    await expect(page.getByTestId('timeline').innerText()).resolves.toContain('consented → validTo');
    await page.screenshot({ path: join(screenshots, 'inspect-altinn3.png'), fullPage: true });
    onlyLocal(requests);
    await page.close();
  });

  it("a whole header block: read as Lånekassen's transport reads it, the quotes named", async () => {
    const { page, requests } = await visit();
    const headers = [
      'GET /saldo/v1/Accounts HTTP/1.1',
      'Host: api.lanekassen.example',
      'ApiKey: not-a-real-key',
      `Authorization: ${tokens.direct()}`,
      `Consent-ID: "${tokens.altinn2Consent()}"`,
      `PSU-ID: ${person}`,
      'X-Request-Id: 7f3c2a',
    ].join('\n');
    const text = await inspect(page, { headers, jwks, consentJwks });
    expect(text).toContain('ALLOW');
    await expect(page.locator('[data-trap="quotes"]').count()).resolves.toBe(1);
    await expect(page.getByLabel('Person').inputValue()).resolves.toBe(person);
    await page.screenshot({ path: join(screenshots, 'inspect-headers.png'), fullPage: true });
    const bearer = await inspect(page, {
      headers: headers.replace('Authorization: ', 'Authorization: Bearer '),
      jwks,
      consentJwks,
    });
    expect(bearer).toContain('DENY');
    expect(bearer).toContain('input_malformed');
    await expect(page.locator('[data-trap="bearer"]').innerText()).resolves.toContain('raw token');
    onlyLocal(requests);
    await page.close();
  });

  it('names the traps: a TEST token sent to PROD, the retired ver2 issuer, an Altinn 2 consent after June 2026', async () => {
    const { page } = await visit();
    await inspect(page, {
      maskinporten: tokens.direct(),
      consent: tokens.altinn2Consent(),
      person,
      jwks,
      consentJwks,
      environment: 'prod',
    });
    await expect(page.locator('[data-trap="environment"]').innerText()).resolves.toContain(
      'A TEST token sent to PROD',
    );
    const ver2 = createTokenFactory({
      maskinportenKeys: mpKeys,
      altinnKeys,
      now: NOW,
      issuer: 'https://ver2.maskinporten.no/',
    });
    await inspect(page, { maskinporten: ver2.direct(), jwks });
    await expect(page.locator('[data-trap="ver2"]').count()).resolves.toBe(1);
    const late = tokens.altinn2Consent({ claims: { ValidToDate: NOW + 300 * 86_400 } });
    await inspect(page, { maskinporten: tokens.direct(), consent: late, person, jwks, consentJwks });
    await expect(page.locator('[data-trap="altinn2-retired"]').count()).resolves.toBe(1);
    await page.close();
  });

  it('a policy file loaded from disk judges the pair (the example Lånekassen TEST policy)', async () => {
    const { page, requests } = await visit();
    await page.getByLabel('Now', { exact: true }).fill(String(NOW));
    await page.getByLabel('Maskinporten token').fill(tokens.direct());
    await page.getByLabel('Consent token').fill(tokens.altinn2Consent());
    await page.getByLabel('Person').fill(person);
    await page.getByLabel('JWKS', { exact: true }).fill(jwks);
    await page.getByLabel('Consent JWKS').fill(consentJwks);
    await page
      .getByLabel('Policy file')
      .setInputFiles(join(repoRoot, 'packages/rules/examples/lanekassen-test.policy.yaml'));
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Inspect' }).click();
    const verdict = page.getByRole('region', { name: 'Verdict' });
    await expect.poll(() => verdict.getAttribute('aria-busy')).toBe('false');
    const text = await verdict.innerText();
    expect(text).toContain('ALLOW');
    expect(text).toContain('Policy lanekassen-saldo/test');
    onlyLocal(requests);
    await page.close();
  });

  it('fails closed on odd input: junk tokens, a JWKS that is not one, a broken policy file: deny, never a page error', async () => {
    const { page, problems } = await visit();
    const junk = await inspect(page, {
      maskinporten: 'eyJhbGciOi.not-a-token',
      consent: '"""',
      person: 'x',
      jwks: '{"keys": 5',
    });
    expect(junk).toContain('DENY');
    expect(junk).toContain('token_malformed');
    const notJwks = await inspect(page, {
      maskinporten: tokens.direct(),
      person,
      jwks: '{"keys": [{"kty": "RSA"}]}',
    });
    expect(notJwks).toContain('DENY');
    expect(notJwks).toContain('The Maskinporten JWKS is not usable');
    await page.getByLabel('Policy file').setInputFiles({
      name: 'broken.policy.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(
        'id: acme\nversion: 1.0.0\nrules:\n  - rule: scope\n    options: { scopes: [a], wrong: 1 }\n',
      ),
    });
    await expect.poll(() => page.getByLabel('Preset').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Inspect' }).click();
    const verdict = page.getByRole('region', { name: 'Verdict' });
    await expect.poll(() => verdict.getAttribute('aria-busy')).toBe('false');
    const broken = await verdict.innerText();
    expect(broken).toContain('DENY');
    expect(broken).toContain('No verdict, so no allow');
    expect(broken).toContain('broken.policy.yaml');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('works from the keyboard and reflows at 200 % zoom (a 640 px wide viewport) without sideways scrolling', async () => {
    const { page } = await visit(`${origin}/`, { width: 640, height: 900 });
    await page.getByLabel('Now', { exact: true }).fill(String(NOW));
    await page.getByLabel('Maskinporten token').fill(tokens.direct());
    await page.getByLabel('Person').fill(person);
    await page.getByLabel('JWKS', { exact: true }).fill(jwks);
    await page.getByLabel('Consent JWKS').focus();
    await page.keyboard.type(consentJwks);
    await page.getByLabel('Consent token').focus();
    await page.keyboard.insertText(tokens.altinn2Consent());
    await page.keyboard.press('Control+Enter');
    const verdict = page.getByRole('region', { name: 'Verdict' });
    await expect.poll(() => verdict.innerText(), { timeout: 10_000 }).toContain('ALLOW');
    await page.getByRole('button', { name: 'Inspect' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => verdict.getAttribute('aria-busy')).toBe('false');
    // Runs in the page; the tests are type-checked without the DOM's types, hence the cast.
    const [scroll, client] = await page.evaluate(() => {
      type Root = { scrollWidth: number; clientWidth: number };
      const root = (globalThis as unknown as { document: { documentElement: Root } }).document
        .documentElement;
      return [root.scrollWidth, root.clientWidth];
    });
    expect(scroll).toBeLessThanOrEqual(client);
    await page.screenshot({ path: join(screenshots, 'inspect-zoom200.png'), fullPage: true });
    await page.close();
  });

  it('--out writes one self-contained file that judges the same and makes no request at all', async () => {
    expect(fileExit).toBe(0);
    const url = pathToFileURL(join(dir, 'inspector.html')).href;
    const { page, requests, problems } = await visit(url);
    const text = await inspect(page, {
      maskinporten: tokens.direct(),
      consent: tokens.altinn2Consent(),
      person,
      jwks,
      consentJwks,
    });
    expect(text).toContain('ALLOW');
    expect(requests).toEqual([url]);
    await page.getByRole('button', { name: "Fetch the issuer's JWKS" }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('cannot fetch');
    expect(requests).toEqual([url]);
    expect(problems).toEqual([]);
    await page.screenshot({ path: join(screenshots, 'inspect-file.png'), fullPage: true });
    await page.close();
  });
});
