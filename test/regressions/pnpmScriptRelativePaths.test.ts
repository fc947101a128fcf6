import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altinnKeys, mpKeys, now, tokens } from '../adapters/table.js';
import { repoRoot, runCli } from '../fixtures/runCli.js';

// Issue 26 (CLI): `pnpm dsop-guard …` (the root script, tsx on the source) runs in the workspace root, as pnpm
// runs every script, so a relative path given from a subdirectory (`--rules ./acme-rules.js`, `--policy`, token
// files, `--audit`, `--out`, the logs) was read or written relative to the root: the wrong file, or none. Fix:
// the script starts in the caller's directory (pnpm's INIT_CWD) before the CLI reads any flag. Run from a
// subdirectory of the repository (docs/, in no workspace package), and from outside it with `pnpm -C <root>`,
// every path relative to where pnpm was started.

const here = join(repoRoot, 'docs');
const pnpm = ['pnpm', '--silent', 'dsop-guard'];
const pnpmFromOutside = ['pnpm', '--silent', '-C', repoRoot, 'dsop-guard'];
let dir: string;
/** `file` in the temporary directory, as a path relative to the subdirectory the CLI is run from. */
const rel = (file: string) => relative(here, join(dir, file));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-pnpm-cwd-'));
  writeFileSync(join(dir, 'mp-jwks.json'), JSON.stringify(mpKeys.jwks));
  writeFileSync(join(dir, 'altinn-jwks.json'), JSON.stringify(altinnKeys.jwks));
  writeFileSync(join(dir, 'mp.jwt'), tokens.direct());
  writeFileSync(join(dir, 'consent.jwt'), tokens.altinn2Consent());
  writeFileSync(
    join(dir, 'acme.policy.yaml'),
    `id: acme/test\nversion: "1"\nenvironment: test\ntransport:\n  authorization: raw\n  consentHeader: consent-id\n  personHeaders: [psu-id, psu_id]\n  requestIdHeader: x-request-id\nrule:\n  all:\n    - rule: issuer\n    - rule: acme.blocked-consumers\n      options:\n        blocked: ["${tokens.consumer}"]\n`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('regression: `pnpm dsop-guard` reads and writes relative paths from the caller’s directory (issue 26)', () => {
  it('check: --policy, --rules, --maskinporten-jwks, --altinn-jwks, token files, --audit, from a subdirectory', async () => {
    const run = await runCli(
      [
        'check',
        ...['--policy', rel('acme.policy.yaml'), '--rules', '../test/fixtures/cli/acme-rules.ts'],
        ...['--maskinporten-jwks', rel('mp-jwks.json'), '--altinn-jwks', rel('altinn-jwks.json')],
        ...['--maskinporten-token-file', rel('mp.jwt'), '--consent-token-file', rel('consent.jwt')],
        ...['--person', tokens.person, '--now', String(now), '--audit', rel('decisions.jsonl')],
      ],
      { command: pnpm, cwd: here },
    );
    expect(run.stderr).not.toContain('dsop-guard:'); // pnpm adds its own ELIFECYCLE line for the exit 1
    expect([run.code, JSON.parse(run.stdout).reasons]).toEqual([1, ['acme.consumer_blocked']]);
    expect(readFileSync(join(dir, 'decisions.jsonl'), 'utf8')).toContain('acme.consumer_blocked');
  });

  it('then report (that log, --out) and inspect --out, from outside the repository with pnpm -C', async () => {
    const outside = { command: pnpmFromOutside, cwd: dir };
    const [report, inspect] = await Promise.all([
      runCli(['report', 'decisions.jsonl', '--out', 'report'], outside),
      runCli(['inspect', '--out', 'inspector.html'], outside),
    ]);
    expect([report.code, report.stderr]).toEqual([0, '']);
    expect(existsSync(join(dir, 'report', 'report.md'))).toBe(true);
    expect([inspect.code, inspect.stderr]).toEqual([0, '']);
    expect(existsSync(join(dir, 'inspector.html'))).toBe(true);
  });
});
