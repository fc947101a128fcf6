import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
// Pins the CLI's private dispatch, help texts and message protection on purpose: every message path is walked.
import { auditHelp } from '../../packages/cli/src/audit/auditHelp.js';
import { checkHelp } from '../../packages/cli/src/check/checkHelp.js';
import { quote } from '../../packages/cli/src/flags/quote.js';
import { inspectHelp } from '../../packages/cli/src/inspect/inspectHelp.js';
import { protectMessage } from '../../packages/cli/src/io/protectMessage.js';
import { dispatch } from '../../packages/cli/src/main.js';
import { replayHelp } from '../../packages/cli/src/replay/replayHelp.js';
import { reportHelp } from '../../packages/cli/src/report/reportHelp.js';
import { serveHelp } from '../../packages/cli/src/serve/serveHelp.js';
import { testHelp } from '../../packages/cli/src/test/testHelp.js';
import { altinnKeys, mpKeys, otherPerson, tokens } from '../adapters/table.js';
import { base64urlSegment, completePersonId, fcOptions, personId } from '../arbitraries/index.js';
import { runCli } from '../fixtures/runCli.js';

// Issue 26 (CLI), finding 1: CLI messages quoted what they were given whole. `--maskinporten-token-file "$TOKEN"`
// (the flag mistaken for its sibling) said "cannot read <the token>: ENOENT"; a token as the command name was
// "unknown command <token>"; a token or a fødselsnummer given to --now, --port, --audit, --out or as a file
// argument came back in full. Fix: every message is made through UsageError or printed by dispatch's error
// handler (and the commands' status lines), which protect it as verdicts are protected: person numbers masked,
// anything shaped like a JWT or a long base64url run (an opaque token) `[token]`; a quoted value is also cut to
// 40 characters. Laws: over the formatter, and over the real CLI in-process, for every command and every flag.

/** A valid fødselsnummer that starts with 1–3 (so that it is also a plausible number of epoch seconds). */
function personStartingWithOne(): string {
  for (let i = 0; i < 1000; i += 1) {
    const value = completePersonId(`150765${String(i).padStart(3, '0')}`, 0);
    if (value !== undefined) return value;
  }
  throw new Error('no person');
}

const SECRETS = {
  jwt: tokens.direct(),
  opaque: 'k7Qw2mXz9PvB4nLr8TyH3cJd6FgS1aUe0oIq5WxZbNm', // 43 base64url characters, no `_` (a valid --host)
  person: otherPerson,
  personFromOne: personStartingWithOne(),
};

/** The parts of `secret` that must never be printed: the whole, each JWT segment, a 16-character prefix. */
function partsOf(secret: string): string[] {
  if (secret === SECRETS.jwt) return [secret, ...secret.split('.').filter((p) => p.length >= 8)];
  return /^\d+$/.test(secret) ? [secret] : [secret, secret.slice(0, 16)];
}

function leaked(output: string, secret: string): string[] {
  return partsOf(secret).filter((p) => output.includes(p));
}

describe('regression: protectMessage and quote never give back a token or a person number (issue 26)', () => {
  const jwtLike = fc
    .tuple(base64urlSegment(40), base64urlSegment(200), base64urlSegment(90))
    .filter(([h, p, s]) => h.length >= 2 && p.length >= 8 && s.length >= 8)
    .map(([h, p, s]) => `eyJ${h}.${p}.${s}`);
  const opaque = fc
    .string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
      minLength: 32,
      maxLength: 90,
    })
    .filter((t) => /[0-9]/.test(t) && /[A-Za-z]/.test(t));
  const secret = fc.oneof(
    jwtLike,
    opaque,
    personId().map((p) => p.value),
    fc.constant(SECRETS.jwt),
  );

  it('law: a secret anywhere in a message is not in the protected message', () => {
    fc.assert(
      fc.property(fc.string(), secret, fc.string(), (before, s, after) => {
        const text = protectMessage(`${before}${s}${after}`);
        expect(text.includes(s)).toBe(false);
      }),
      fcOptions(),
    );
  });

  it('law: a quoted value is protected, at most 40 characters, and shows no control character', () => {
    fc.assert(
      fc.property(fc.string(), secret, fc.string({ maxLength: 60 }), (before, s, after) => {
        const quoted = quote(`${before}${s}${after}`);
        const shown = JSON.parse(quoted) as string;
        expect(shown.includes(s)).toBe(false);
        expect(shown.length).toBeLessThanOrEqual(40);
        expect(quoted).not.toMatch(/\p{Cc}/u);
      }),
      fcOptions(),
    );
  });

  it('law: protecting is idempotent, and leaves short plain values as they are', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(protectMessage(protectMessage(text))).toBe(protectMessage(text));
      }),
      fcOptions(),
    );
    expect(quote('yesterday')).toBe('"yesterday"');
    expect(protectMessage('--now: give epoch seconds (got "1764000000")')).toContain('1764000000');
  });
});

// The in-process CLI: every command, every flag its help names, each secret as the flag's value (`--flag s` and
// `--flag=s`), as a positional, and as a flag's name, in a directory of its own.

let dir: string;
let home: string;
let runs = 0;
const lanekassen = ['--preset', 'lanekassen-saldo', '--env', 'test'];
/** The Lånekassen preset's shipped policy tests, by absolute path (the law runs in a directory of its own). */
const LANEKASSEN_CASES = join(process.cwd(), 'packages/rules/presets/tests/lanekassen-saldo.tests.yaml');

/** Each command's words before its flags, a valid rest of its command line, and its help (for its flags). */
const COMMANDS: Record<string, { words: string[]; base: () => string[]; help: string }> = {
  check: {
    words: ['check'],
    base: () => [
      ...lanekassen,
      ...['--maskinporten-jwks', 'mp-jwks.json', '--altinn-jwks', 'altinn-jwks.json'],
      ...['--maskinporten-token-file', 'mp.jwt', '--person', tokens.person, '--audit', `audit-${runs}.jsonl`],
    ],
    help: checkHelp,
  },
  // No base: a valid serve would start its workers (its guard flags are check's, through the same code).
  serve: { words: ['serve'], base: () => [], help: serveHelp },
  audit: { words: ['audit', 'verify'], base: () => ['empty.jsonl'], help: auditHelp },
  report: { words: ['report'], base: () => ['empty.jsonl', '--out', 'report-out'], help: reportHelp },
  replay: {
    words: ['replay'],
    base: () => [...lanekassen, 'empty.jsonl', '--out', 'replay-out'],
    help: replayHelp,
  },
  // With --out: without it the inspector serves until stopped, and a secret may be a valid --proxy URL.
  inspect: { words: ['inspect'], base: () => ['--out', 'inspect-out'], help: inspectHelp },
  test: { words: ['test'], base: () => ['lanekassen-saldo/test', LANEKASSEN_CASES], help: testHelp },
};

/** `base` without `flag` and its value. */
function without(base: readonly string[], flag: string): string[] {
  const i = base.indexOf(flag);
  return i === -1 ? [...base] : [...base.slice(0, i), ...base.slice(i + 2)];
}

/** Every command line of the law for one secret. */
function commandLines(secret: string): string[][] {
  const lines: string[][] = [[secret], [`--${secret}`], ['help', secret]];
  for (const { words, base, help } of Object.values(COMMANDS)) {
    const flags = [...new Set(help.match(/--[a-z][a-z-]*[a-z]/g) ?? [])];
    lines.push([...words, ...base(), secret], [...words, `--${secret}`]);
    for (const flag of flags) {
      lines.push([...words, ...without(base(), flag), flag, secret]);
      lines.push([...words, ...without(base(), flag), `${flag}=${secret}`]);
    }
  }
  return lines;
}

async function inProcess(argv: readonly string[]): Promise<{ code: number; output: string }> {
  runs += 1;
  let output = '';
  const capture = (chunk: string | Uint8Array): boolean => {
    output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    return { code: await dispatch(argv), output };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

beforeAll(() => {
  home = process.cwd();
  dir = mkdtempSync(join(tmpdir(), 'dsop-guard-cli-secrets-'));
  writeFileSync(join(dir, 'mp-jwks.json'), JSON.stringify(mpKeys.jwks));
  writeFileSync(join(dir, 'altinn-jwks.json'), JSON.stringify(altinnKeys.jwks));
  writeFileSync(join(dir, 'mp.jwt'), tokens.direct());
  writeFileSync(join(dir, 'empty.jsonl'), '');
  process.chdir(dir);
});
afterAll(() => {
  process.chdir(home);
  rmSync(dir, { recursive: true, force: true });
});

describe('regression: no CLI output gives back a token or a person number given to it (issue 26)', () => {
  it('every command and flags its help names are in the law', () => {
    const lines = commandLines('x');
    for (const flag of ['--now', '--audit', '--maskinporten-token-file', '--request-id', '--chain-id'])
      expect(lines.some((l) => l[0] === 'check' && l.includes(flag))).toBe(true);
    for (const flag of ['--port', '--host', '--workers', '--person-from-path', '--admin-port'])
      expect(lines.some((l) => l[0] === 'serve' && l.includes(flag))).toBe(true);
    expect(lines.some((l) => l[0] === 'inspect' && l.includes('--out'))).toBe(true);
    expect(lines.some((l) => l[0] === 'report' && l.includes('--consent-expiry-days'))).toBe(true);
    expect(lines.some((l) => l[0] === 'replay' && l.includes('--samples'))).toBe(true);
    for (const flag of ['--format', '--lang', '--coverage', '--rules'])
      expect(lines.some((l) => l[0] === 'test' && l.includes(flag))).toBe(true);
    expect(lines.some((l) => l[0] === 'inspect' && l.includes('--proxy'))).toBe(true);
  });

  it.each(Object.entries(SECRETS))(
    'law: a %s given as any flag, positional or name never appears in stdout or stderr',
    { timeout: 300_000 },
    async (kind, secret) => {
      const found: { argv: string; leaked: string[] }[] = [];
      const codes = new Set<number>();
      for (const argv of commandLines(secret)) {
        // The verdict records a request id and a person as given (numbers masked, JWTs [token]): an opaque
        // value there cannot be told from an id or a malformed person. The verdict's protection is core's.
        if (kind === 'opaque' && argv.some((a) => /^--(request-id|person)(=|$)/.test(a))) continue;
        const { code, output } = await inProcess(argv);
        codes.add(code);
        const parts = leaked(output, secret);
        if (parts.length > 0) found.push({ argv: protectMessage(argv.join(' ')), leaked: parts.map(quote) });
      }
      expect(found).toEqual([]);
      expect(codes.has(2)).toBe(true); // most are usage errors; the law must not pass by printing nothing
    },
  );
});

describe('regression: as a real process (issue 26)', () => {
  it('--maskinporten-token-file given the token itself: the message says the file cannot be read, not which', async () => {
    const run = await runCli(['check', ...lanekassen, '--maskinporten-token-file', SECRETS.jwt]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--maskinporten-token-file: cannot read "\[token\]": E[A-Z]+\n/);
    expect(leaked(run.stdout + run.stderr, SECRETS.jwt)).toEqual([]);
  });

  it('serve --host <an opaque token>: the workers cannot listen, and what they say protects it', async () => {
    writeFileSync(join(dir, 'mp-jwks.json'), JSON.stringify(mpKeys.jwks));
    const keys = [
      '--maskinporten-jwks',
      join(dir, 'mp-jwks.json'),
      '--altinn-jwks',
      join(dir, 'mp-jwks.json'),
    ];
    const run = await runCli([
      'serve',
      '--gateway',
      'nginx',
      ...lanekassen,
      ...keys,
      '--workers',
      '1',
      '--port',
      '0',
      '--host',
      SECRETS.opaque,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('[token]');
    expect(leaked(run.stdout + run.stderr, SECRETS.opaque)).toEqual([]);
  });
});
