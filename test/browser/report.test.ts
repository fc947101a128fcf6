import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expected,
  hostileConsumer,
  tamperedCopy,
  writeGuardDecisionLog,
} from '../fixtures/guardDecisionLog.js';
import { runCli } from '../fixtures/runCli.js';
import { chromiumAvailable, launchChromium, requireChromium, watchPage } from './chromium.js';

// The HTML report as a person sees it, in a real headless Chromium: the totals, the charts and their bars,
// the integrity verdict (whole, and for an edited log the broken link's file:line), a hostile consumer id
// shown as text, and not one request beyond the file itself. Screenshots go to test-artifacts/screenshots/.

const root = new URL('../../', import.meta.url).pathname;
const screenshots = join(root, 'test-artifacts', 'screenshots');

requireChromium();

const report = async (log: string, out: string): Promise<number | null> =>
  (await runCli(['report', log, '--out', out])).code;

interface Visit {
  readonly page: Page;
  readonly requests: string[];
  readonly problems: string[];
}

describe.skipIf(!chromiumAvailable)('the HTML report in Chromium', () => {
  let dir: string;
  let tampered: string;
  let tamperedLine: number;
  let browser: Browser;
  const exits: Record<string, number | null> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-browser-'));
    mkdirSync(screenshots, { recursive: true });
    const log = join(dir, 'decisions.jsonl');
    tampered = join(dir, 'tampered.jsonl');
    await writeGuardDecisionLog(log);
    tamperedLine = tamperedCopy(log, tampered);
    [exits['whole'], exits['tampered']] = await Promise.all([
      report(log, join(dir, 'whole')),
      report(tampered, join(dir, 'tampered')),
    ]);
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function visit(name: 'whole' | 'tampered'): Promise<Visit> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const { requests, problems } = watchPage(page);
    await page.goto(pathToFileURL(join(dir, name, 'index.html')).href);
    await page.screenshot({ path: join(screenshots, `report-${name}.png`), fullPage: true });
    return { page, requests, problems };
  }

  it('the CLI exits 0 for the whole log and 1 for the edited one', () => {
    expect(exits).toEqual({ whole: 0, tampered: 1 });
  });

  it('shows the totals', async () => {
    const { page } = await visit('whole');
    const totals = page.getByTestId('totals');
    await expect(totals.getByRole('heading', { name: 'Totals' }).isVisible()).resolves.toBe(true);
    const row = async (what: string) =>
      (await totals.locator('tr', { hasText: what }).first().innerText()).split('\t');
    expect((await row('records'))[1]).toBe(String(expected.records));
    expect((await row('allow'))[1]).toBe(String(expected.allow));
    expect((await row('deny'))[1]).toBe(String(expected.deny));
    await page.close();
  });

  it('draws both charts as labelled SVG with bars', async () => {
    const { page } = await visit('whole');
    const timeline = page.getByTestId('chart-timeline');
    await expect(timeline.getAttribute('role')).resolves.toBe('img');
    await expect(timeline.getAttribute('aria-label')).resolves.toMatch(/Allows and denies per (hour|day)/);
    expect(await timeline.locator('title').first().textContent()).toMatch(/Allows and denies/);
    const heights = await timeline
      .locator('rect.bar')
      .evaluateAll((bars) =>
        bars.map((b) => (b as unknown as { getBBox(): { height: number } }).getBBox().height),
      );
    expect(heights.filter((h) => h > 0).length).toBeGreaterThanOrEqual(2);
    const reasons = page.getByTestId('chart-reasons');
    await expect(reasons.getAttribute('aria-label')).resolves.toBe('Top deny reasons');
    expect(await reasons.locator('rect.bar').count()).toBe(Object.keys(expected.reasons).length);
    expect(await reasons.locator('text').allTextContents()).toContain('consent_expired');
    const box = await reasons.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(300);
    await page.close();
  });

  it('says the chain is whole', async () => {
    const { page } = await visit('whole');
    const verdict = await page.getByTestId('integrity-verdict').innerText();
    expect(verdict).toMatch(/^whole: 1 chain,/);
    await page.close();
  });

  it('names the broken link of the edited log: file:line', async () => {
    const { page } = await visit('tampered');
    const verdict = await page.getByTestId('integrity-verdict').innerText();
    expect(verdict).toContain(
      `broken, not certified: first at ${tampered}:${tamperedLine} (hash_mismatch, chain test-gw-1, seq ${tamperedLine})`,
    );
    await expect(
      page
        .getByTestId('integrity')
        .locator('td', { hasText: `${tampered}:${tamperedLine}` })
        .count(),
    ).resolves.toBeGreaterThan(0);
    await page.close();
  });

  it('shows the hostile consumer id as text: no element, no script, no dialog', async () => {
    const { page, problems } = await visit('whole');
    const cell = page.getByRole('cell', { name: hostileConsumer.slice(5), exact: true });
    await expect(cell.isVisible()).resolves.toBe(true);
    expect(await page.locator('img, script, iframe, object, embed, a[href]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('makes no request beyond the file itself', async () => {
    for (const name of ['whole', 'tampered'] as const) {
      const { page, requests } = await visit(name);
      expect(requests).toEqual([pathToFileURL(join(dir, name, 'index.html')).href]);
      await page.close();
    }
  });
});
