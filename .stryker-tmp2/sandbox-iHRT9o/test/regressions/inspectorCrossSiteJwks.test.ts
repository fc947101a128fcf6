// @ts-nocheck
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliMain, repoRoot } from '../fixtures/runCli.js';

// Issue 21, finding 6: the inspector's local server (`dsop-guard inspect`) refused a foreign Host (DNS rebinding)
// but answered /jwks to any page the user had open: another site's page could make the user's machine fetch a
// JWKS from the published locations (`fetch('http://127.0.0.1:8417/jwks?…', { mode: 'no-cors' })`, an <img>, a
// form). Fix: /jwks answers 403 to a request whose Sec-Fetch-Site is not same-origin or none, or whose Origin is
// not the server's own. Real HTTP requests against the real server.

let child: ChildProcess;
let port: number;

beforeAll(async () => {
  child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', cliMain, 'inspect', '--port', '0'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const found = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (found !== null) resolve(Number(found[1]));
    });
    child.once('exit', (code) => reject(new Error(`dsop-guard inspect exited with ${code}: ${out}`)));
  });
}, 60_000);

afterAll(() => {
  child.kill('SIGTERM');
});

/** The status of a GET of `path` with `headers` (Host is 127.0.0.1:<port> unless given). */
function get(path: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

// Valid parameters: a request let through would fetch from the internet, so only refused ones use them.
const FETCH = '/jwks?issuer=maskinporten&env=test';
// Parameters the server refuses with 400 after the cross-site check: a request let through stays on the machine.
const LOCAL = '/jwks?issuer=nobody&env=test';

describe('regression: the inspector answers /jwks only to its own page (issue 21, finding 6)', () => {
  it.each([
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site of an unknown value', { 'sec-fetch-site': 'whatever' }],
    ['an Origin of another site', { origin: 'https://evil.example' }],
    ['Origin null (a sandboxed frame, a file)', { origin: 'null' }],
    ['an Origin on another port of the machine', { origin: 'http://127.0.0.1:1' }],
    ['the other loopback name than the Host', { origin: 'http://localhost:PORT' }],
    [
      'same-origin by Sec-Fetch-Site but another Origin',
      { 'sec-fetch-site': 'same-origin', origin: 'https://evil.example' },
    ],
  ])('%s → 403', async (_, headers) => {
    const withPort = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace('PORT', String(port))]),
    );
    expect(await get(FETCH, withPort)).toBe(403);
  });

  it.each([
    ['no Sec-Fetch-Site nor Origin (curl)', {}],
    ['Sec-Fetch-Site same-origin (the page)', { 'sec-fetch-site': 'same-origin' }],
    ['Sec-Fetch-Site none (typed into the address bar)', { 'sec-fetch-site': 'none' }],
    ['its own Origin', { origin: 'http://127.0.0.1:PORT', 'sec-fetch-site': 'same-origin' }],
  ])('%s → through the check (400 for the bad issuer)', async (_, headers) => {
    const withPort = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.replace('PORT', String(port))]),
    );
    expect(await get(LOCAL, withPort)).toBe(400);
  });

  it('its own Origin under localhost, with Host localhost → through the check', async () => {
    const headers = { host: `localhost:${port}`, origin: `http://localhost:${port}` };
    expect(await get(LOCAL, headers)).toBe(400);
  });

  it('the page itself may still be opened from a link on another site', async () => {
    expect(await get('/', { 'sec-fetch-site': 'cross-site' })).toBe(200);
  });
});
