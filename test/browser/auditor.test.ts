import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokens } from '../adapters/table.js';
import { checkpointKeys } from '../audit/support.js';
import { expected, writeGuardDecisionLog } from '../fixtures/guardDecisionLog.js';
import { runCli } from '../fixtures/runCli.js';
import { chromiumAvailable, launchChromium, requireChromium, watchPage } from './chromium.js';

// The report's auditor sections (policies, privacy, chain ends with their signature, the coverage) and the
// person report, as a person sees them in a real headless Chromium; each section and the person report are
// screenshotted into test-artifacts/screenshots/ (report-policies.png, report-coverage*.png, person-report.png …).

const root = new URL('../../', import.meta.url).pathname;
const screenshots = join(root, 'test-artifacts', 'screenshots');
const key = 'an-audit-browser-test-key-of-32-bytes-or-more';

requireChromium();

describe.skipIf(!chromiumAvailable)('the auditor sections and the person report in Chromium', () => {
  let dir: string;
  let browser: Browser;
  const exits: Record<string, number | null> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dsop-guard-auditor-browser-'));
    mkdirSync(screenshots, { recursive: true });
    const log = join(dir, 'decisions.jsonl');
    const keys = checkpointKeys();
    await writeGuardDecisionLog(log, 'gw-1', {
      pseudonymKey: { id: 'k2026', key },
      checkpoints: { every: 5, key: keys.privateKey },
    });
    const [report, person] = await Promise.all([
      runCli(['report', log, '--coverage', '--public-key', keys.publicFile, '--out', join(dir, 'report')]),
      runCli(['audit', 'person', log, '--out', join(dir, 'person')], {
        stdin: tokens.person,
        env: { DSOP_GUARD_AUDIT_KEY: key },
      }),
    ]);
    exits['report'] = report.code;
    exits['person'] = person.code;
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(
    name: 'report' | 'person',
  ): Promise<{ page: Page; requests: string[]; problems: string[] }> {
    const page = await browser.newPage({ viewport: { width: name === 'person' ? 1500 : 1200, height: 900 } });
    const watched = watchPage(page);
    await page.goto(pathToFileURL(join(dir, name, 'index.html')).href);
    return { page, ...watched };
  }

  it('both commands exit 0', () => {
    expect(exits).toEqual({ report: 0, person: 0 });
  });

  it('shows the policies that decided, the privacy mode and key id, and each chain signed', async () => {
    const { page, requests, problems } = await open('report');
    const policies = page.getByTestId('policies');
    await expect(policies.getByRole('heading', { name: 'Policies that decided' }).isVisible()).resolves.toBe(
      true,
    );
    const row = (await policies.locator('tbody tr').first().innerText()).split('\t');
    expect(row[0]).toBe('lanekassen-saldo/test');
    expect(row[3]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    expect(row[5]).toBe(String(expected.records));
    await policies.screenshot({ path: join(screenshots, 'report-policies.png') });
    const privacy = page.getByTestId('privacy');
    expect(await privacy.locator('tbody').innerText()).toContain('k2026');
    await privacy.screenshot({ path: join(screenshots, 'report-privacy.png') });
    const integrity = page.getByTestId('integrity');
    const ends = integrity.locator('table', { hasText: 'Where each chain starts and ends' });
    expect(await ends.innerText()).toContain('signed: checkpoints verified');
    await integrity.screenshot({ path: join(screenshots, 'report-chain-ends.png') });
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(join(dir, 'report', 'index.html')).href]);
  });

  it('shows the coverage: rules, codes, branches and shadow rules', async () => {
    const { page, problems } = await open('report');
    for (const [id, title] of [
      ['coverage', 'Coverage: rules'],
      ['coverage-codes', 'Coverage: reason codes'],
      ['coverage-branches', 'Coverage: any and when branches'],
      ['coverage-shadow', 'Coverage: shadow rules'],
    ] as const) {
      const section = page.getByTestId(id);
      await expect(section.getByRole('heading', { name: title }).isVisible()).resolves.toBe(true);
      await section.screenshot({ path: join(screenshots, `report-${id}.png`) });
    }
    const shadow = await page.getByTestId('coverage-shadow').locator('tbody tr').first().innerText();
    expect(shadow.split('\t')[2]).toBe(String(expected.shadowWouldDeny));
    expect(await page.getByTestId('coverage').innerText()).toContain('never failed');
    expect(problems).toEqual([]);
  });

  it('the person report lists who asked, when, through which delegation and consent, and why', async () => {
    const { page, requests, problems } = await open('person');
    await page.screenshot({ path: join(screenshots, 'person-report.png'), fullPage: true });
    const verdict = await page.getByTestId('person-verdict').innerText();
    expect(verdict).toBe('11 decisions about this person: 6 allowed, 5 denied.');
    const rows = page.getByTestId('person-decisions').locator('tbody tr');
    expect(await rows.count()).toBe(expected.records - 1);
    const supplier = (await rows.nth(3).innerText()).split('\t');
    expect(supplier[1]).toBe(tokens.consumer);
    expect(supplier[2]).toBe(tokens.supplierOrgno);
    expect(supplier[3]).toContain('through a supplier');
    expect(supplier[0]).toMatch(/\+00:00$/);
    expect(problems).toEqual([]);
    expect(requests).toEqual([pathToFileURL(join(dir, 'person', 'index.html')).href]);
  });
});
