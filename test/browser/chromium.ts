// Where the Chromium that scripts/chromium.sh installed is, and the flags it runs with. Under CI=true a missing
// Chromium fails the browser tests; elsewhere they are skipped with a message saying how to run them.
import { accessSync, constants } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { it } from 'vitest';

export const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const chromiumAvailable = executable(chromiumPath);
export const inCi = process.env['CI'] === 'true';
export const chromiumMissing = `Chromium is not available at ${chromiumPath}: run \`bash scripts/chromium.sh\` (it installs the Debian package when root) or set CHROMIUM_PATH.`;

/** Headless, sandbox off (containers), and nothing of its own on the network. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * What a page does that a test must see: every request it makes, and its problems (console errors and warnings,
 * uncaught errors, dialogs, which are dismissed). Attach before the page loads anything.
 */
export function watchPage(page: Page): { readonly requests: string[]; readonly problems: string[] } {
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  return { requests, problems };
}

/** Without Chromium: under CI=true a failing test says so; elsewhere a loud warning (the suites skip). */
export function requireChromium(): void {
  if (chromiumAvailable) return;
  if (inCi) {
    it('Chromium is available (required when CI=true)', () => {
      throw new Error(chromiumMissing);
    });
  } else {
    console.warn(`\n  SKIPPING the browser tests. ${chromiumMissing}\n`);
  }
}

/** The headless Chromium the tests drive, with the flags above. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}
