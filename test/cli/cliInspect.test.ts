import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/runCli.js';

// `dsop-guard inspect` as a command: its usage errors (exit 2, did-you-mean) and the file it writes. The page
// itself is tested in a real Chromium (test/browser/inspect.test.ts).

const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-cli-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dsop-guard inspect', () => {
  it('an unknown option is a usage error with the nearest name (exit 2)', async () => {
    const run = await runCli(['inspect', '--prot', '8080']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option --prot; did you mean --port?');
    expect(run.stderr).toContain("See 'dsop-guard inspect --help'.");
  });

  it('a port that is not one, or --out with --port, is a usage error (exit 2)', async () => {
    const [bad, both] = await Promise.all([
      runCli(['inspect', '--port', '70000']),
      runCli(['inspect', '--port', '0', '--out', join(dir, 'x.html')]),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--port: give 0–65535');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --out or --port, not both');
  });

  it('--help prints the usage and exits 0; the main help lists inspect', async () => {
    const [help, main] = await Promise.all([runCli(['inspect', '--help']), runCli(['--help'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('dsop-guard inspect --out <file.html>');
    expect(main.stdout).toContain('dsop-guard inspect [--port <n> | --out <file.html>]');
  });

  it('--out writes one self-contained page whose policy allows only its own inline script and style', async () => {
    const out = join(dir, 'inspector.html');
    const run = await runCli(['inspect', '--out', out]);
    expect(run.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(csp).toContain('default-src &#39;none&#39;');
    expect(csp).toContain('connect-src &#39;none&#39;');
    expect(csp).not.toMatch(/https?:|unsafe/);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
    expect(html).not.toContain('new Function');
  });

  it('cannot write the file: a usage error naming it (exit 2)', async () => {
    const run = await runCli(['inspect', '--out', join(dir, 'missing', 'dir', 'x.html')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot write');
  });
});
