// @ts-nocheck
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expected, hostileConsumer, writeGuardDecisionLog } from '../fixtures/guardDecisionLog.js';
import { repoRoot, runCli } from '../fixtures/runCli.js';
import { chromiumAvailable, launchChromium, requireChromium, watchPage } from './chromium.js';

// A replay report (dsop-guard replay) as a person sees it, in a real headless Chromium: the headline verdict
// (deny→allow flagged), the flips per rule with their records named by chain and seq, the flip chart, the
// integrity verdict of the logs, a hostile consumer id as text, and no request beyond the file itself.
// Screenshots go to test-artifacts/screenshots/replay-*.png.

const screenshots = join(repoRoot, 'test-artifacts', 'screenshots');

requireChromium();

describe.skipIf(!chromiumAvailable)('the HTML replay report in Chromium', () => {
  let dir: string;
  let browser: Browser;
  const exits: Record<string, number | null> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-browser-replay-'));
    mkdirSync(screenshots, { recursive: true });
    const log = join(dir, 'decisions.jsonl');
    await writeGuardDecisionLog(log);
    const base = readFileSync(join(repoRoot, 'packages/rules/examples/lanekassen-test.policy.yaml'), 'utf8');
    const looser = join(dir, 'looser.yaml');
    writeFileSync(
      looser,
      base.replace(/ {4}- rule: consent-validity\n {6}options:\n {8}maxPeriod: P1Y\n/, ''),
    );
    // Without the consumer and person rules, the hostile consumer's deny flips too: its orgno reaches the tables.
    const loosest = join(dir, 'loosest.yaml');
    writeFileSync(
      loosest,
      base
        .replace(/ {4}- rule: (consumer|consumer-matches-consent)\n/g, '')
        .replace(/ {4}- rule: person\n(?: {6,}.*\n)*/, ''),
    );
    const [same, loose, loosestRun] = await Promise.all([
      runCli(['replay', '--preset', 'lanekassen-saldo', '--env', 'test', log, '--out', join(dir, 'same')]),
      runCli(['replay', '--policy', looser, log, '--out', join(dir, 'looser')]),
      runCli(['replay', '--policy', loosest, log, '--out', join(dir, 'loosest')]),
    ]);
    exits['same'] = same.code;
    exits['looser'] = loose.code;
    exits['loosest'] = loosestRun.code;
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function visit(
    name: 'same' | 'looser' | 'loosest',
  ): Promise<{ page: Page; requests: string[]; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const { requests, problems } = watchPage(page);
    await page.goto(pathToFileURL(join(dir, name, 'index.html')).href);
    await page.screenshot({ path: join(screenshots, `replay-${name}.png`), fullPage: true });
    return { page, requests, problems };
  }

  it('the CLI exits 0 when nothing flips to allow and 1 when denies would be allowed', () => {
    expect(exits).toEqual({ same: 0, looser: 1, loosest: 1 });
  });

  it('the same policy: a green verdict, every replayed decision unchanged', async () => {
    const { page } = await visit('same');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
      'dsop-guard policy replay',
    );
    const verdict = page.getByTestId('replay-verdict');
    await expect(verdict.innerText()).resolves.toMatch(
      /^no deny would become an allow; 0 allow→deny of 10 replayed/,
    );
    await expect(verdict.getAttribute('class')).resolves.toContain('ok');
    const row = async (what: string) =>
      (await page.getByTestId('replay').locator('tr', { hasText: what }).first().innerText()).split('\t');
    expect((await row('decision records'))[1]).toBe(String(expected.records));
    expect((await row('unchanged'))[1]).toBe('10');
    expect((await row('decided before the policy'))[1]).toBe('2');
    await expect(page.getByTestId('replay-deny-to-allow').innerText()).resolves.toContain(
      'No decision would flip from deny to allow.',
    );
    await page.close();
  });

  it('a looser policy: the dangerous direction flagged, per rule and reason, its records named by chain and seq', async () => {
    const { page } = await visit('looser');
    const verdict = page.getByTestId('replay-verdict');
    await expect(verdict.innerText()).resolves.toMatch(
      /^2 denies would become allows \(the dangerous direction\)/,
    );
    await expect(verdict.getAttribute('class')).resolves.toContain('broken');
    const flips = page.getByTestId('replay-deny-to-allow');
    await expect(flips.getByRole('heading').innerText()).resolves.toBe(
      'Deny → allow (the dangerous direction)',
    );
    const perRule = flips.locator('table', { has: page.locator('caption', { hasText: 'Per rule' }) });
    const cells = (await perRule.locator('tbody tr').first().innerText()).split('\t');
    expect(cells[0]).toBe('consent-validity');
    expect(cells[1]).toBe('2');
    expect(cells[2]).toMatch(/^test-gw-1 seq \d+, test-gw-1 seq \d+$/);
    const perReason = flips.locator('table', { has: page.locator('caption', { hasText: 'Per reason' }) });
    await expect(perReason.locator('tbody tr').first().innerText()).resolves.toMatch(/^consent_expired\t2\t/);
    await page.close();
  });

  it('draws the flips per rule as a labelled SVG chart', async () => {
    const { page } = await visit('looser');
    const chart = page.getByTestId('chart-replay');
    await expect(chart.getAttribute('role')).resolves.toBe('img');
    await expect(chart.getAttribute('aria-label')).resolves.toBe('Decisions that would flip, per rule');
    const bars = chart.locator('rect.bar');
    expect(await bars.count()).toBe(1);
    expect(await bars.first().locator('title').textContent()).toBe(
      'consent-validity: 2 decisions deny → allow',
    );
    const box = await bars.first().boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(100);
    await page.close();
  });

  it('shows the hostile consumer id of a flipped decision as text: no element, no script, no dialog', async () => {
    const { page, problems } = await visit('loosest');
    const cell = page
      .getByTestId('replay-deny-to-allow')
      .getByRole('cell', { name: hostileConsumer.slice(5), exact: true });
    await expect(cell.isVisible()).resolves.toBe(true);
    expect(await page.locator('img, script, iframe, object, embed, a[href]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows the integrity of the logs, and makes no request beyond the file itself', async () => {
    for (const name of ['same', 'looser', 'loosest'] as const) {
      const { page, requests } = await visit(name);
      await expect(page.getByTestId('integrity-verdict').innerText()).resolves.toMatch(/^whole: 1 chain,/);
      expect(requests).toEqual([pathToFileURL(join(dir, name, 'index.html')).href]);
      await page.close();
    }
  });
});
