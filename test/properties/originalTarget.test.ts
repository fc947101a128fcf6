import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// Pins serve's private readOriginalTarget on purpose: its laws are stated over every target.
import { readOriginalTarget } from '../../packages/cli/src/serve/readOriginalTarget.js';
import { fcOptions, propertyTimeout } from '../arbitraries/fcOptions.js';

// `dsop-guard serve` judges the path of the original request as the gateway forwards it (X-Original-URI, …), and
// the upstream serves the path it receives, raw (Node, Express, Fastify) or normalised (WHATWG URL, Spring).
// readOriginalTarget accepts only targets that every one of those reads alike.

/** Pieces of a target that every reader reads alike. */
const plain = fc.constantFrom(
  ...['/', '/', '/', 'a', 'Inntekt', '0', '01085301957', '-', '_', '~', ';', '=', '&', ':', '@', "'", '+'],
  ...['.', '%41', '%30', '%20', '%c3%a9', '%C3%A9', '?', 'a.b', '%2e'],
);
/** Every spelling a parser rewrites or two readers read apart. */
const odd = fc.constantFrom(
  ...['.', '..', '%2e', '%2E', '.%2e', '%2e.', '%2f', '%2F', '%5c', '%5C', '\\', '%', '%z', '%4', '%252e'],
  ...[
    '%25',
    '%00',
    '%0a',
    '%0D',
    '%7f',
    '%1f',
    '\t',
    '\n',
    '\r',
    '\0',
    '\x7f',
    ' ',
    '#',
    '//',
    '/./',
    '/../',
  ],
  ...['é', '%ff', '%c3', '{', '}', '|', '^', '`', '"', '<', '>', '[', ']', '٣', '%d9%a3', '１', '%ef%bc%91'],
  ...['http://h', '*', '/%2e%2e/', '/.%2E/'],
);
const piece = fc.oneof({ arbitrary: plain, weight: 12 }, { arbitrary: odd, weight: 2 });
const target = fc
  .tuple(
    fc.constantFrom('/', '/', '/', '/', '/', '/', '', '//', 'http://gw/', '*', ' /', '\t/'),
    fc.array(piece, { maxLength: 10 }),
  )
  .map(([start, pieces]) => start + pieces.join(''));

/** Runs `law` over generated targets and checks that both outcomes were seen often enough to mean something. */
function overTargets(law: (raw: string) => void, scale = 10): void {
  let accepted = 0;
  let runs = 0;
  fc.assert(
    fc.property(target, (raw) => {
      runs += 1;
      if (readOriginalTarget(raw).isOk()) accepted += 1;
      law(raw);
    }),
    fcOptions(scale),
  );
  expect(accepted).toBeGreaterThan(runs / 10);
  expect(accepted).toBeLessThan(runs * 0.9);
}

const naiveSegments = (raw: string): string[] => (raw.split('?')[0] as string).split('/').slice(1);
const whatwgPath = (raw: string): string | undefined => {
  try {
    return new URL(raw, 'http://gateway.invalid').pathname;
  } catch {
    return undefined;
  }
};

/** Node's own reading of a request line: the request's url, as a node:http server sees it. */
let seen: (raw: string) => Promise<string | undefined>;
let close: () => Promise<void>;
beforeAll(async () => {
  let last: ((url: string | undefined) => void) | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    last?.(req.url);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  seen = (raw) =>
    new Promise((resolve) => {
      last = resolve;
      const socket = connect(port, '127.0.0.1', () =>
        socket.end(`GET ${raw} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      );
      socket.on('close', () => resolve(undefined));
      socket.on('error', () => resolve(undefined));
      socket.resume();
    });
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

describe('readOriginalTarget: the path judged is the path served', () => {
  it('whatever it accepts, the WHATWG URL parser, a naive split and a decoding reader read the same path and segments', () => {
    overTargets((raw) => {
      const read = readOriginalTarget(raw);
      if (read.isErr()) return;
      const { path, segments } = read.value;
      expect(segments).toEqual(naiveSegments(raw));
      expect(whatwgPath(raw)).toBe(path);
      expect((whatwgPath(raw) as string).split('/').slice(1)).toEqual(segments);
      // A reader that decodes before it splits (Spring; IIS, which takes `\` for `/`), even twice, finds the same.
      const decoded = segments.map(decodeURIComponent);
      expect(decodeURIComponent(path).replaceAll('\\', '/').split('/').slice(1)).toEqual(decoded);
      expect(decodeURIComponent(decodeURIComponent(path)).split('/').slice(1)).toEqual(decoded);
      expect(decoded.slice(0, -1).filter((s) => s === '' || s === '.' || s === '..')).toEqual([]);
    });
  });

  it('whatever a parser would rewrite (the WHATWG path differs from the raw one) is refused', () => {
    overTargets((raw) => {
      const rawPath = raw.split(/[?#]/)[0] as string;
      if (whatwgPath(raw) !== rawPath || !raw.startsWith('/') || raw.startsWith('//'))
        expect(readOriginalTarget(raw).isErr()).toBe(true);
    });
  });

  it(
    "whatever it accepts, Node's raw path (req.url) is the accepted path",
    async () => {
      await fc.assert(
        fc.asyncProperty(target, async (raw) => {
          const read = readOriginalTarget(raw);
          if (read.isErr()) return;
          expect((await seen(raw))?.split('?')[0]).toBe(read.value.path);
        }),
        fcOptions(0.5),
      );
    },
    propertyTimeout(50),
  );

  it('an accepted route is the path with every escape decoded, and holds no digit of another script', () => {
    overTargets((raw) => {
      const read = readOriginalTarget(raw);
      if (read.isErr()) return;
      expect(read.value.route).toBe(decodeURIComponent(read.value.path));
      expect(read.value.route).not.toMatch(/(?![0-9])\p{Nd}/u);
    });
  });

  it.each([
    ['/inntekt/B/../A/oppgave', 'dot_or_empty_segment'],
    ['/inntekt/B/%2e%2e/A/oppgave', 'dot_or_empty_segment'],
    ['/inntekt/B/.%2E/A', 'dot_or_empty_segment'],
    ['/inntekt/B/%2E./A', 'dot_or_empty_segment'],
    ['/inntekt/./A', 'dot_or_empty_segment'],
    ['/inntekt/A/..', 'dot_or_empty_segment'],
    ['/inntekt//A', 'dot_or_empty_segment'],
    ['/inntekt\\A', 'character'],
    ['/inntekt%5cA', 'encoded_separator'],
    ['/inntekt%2FA', 'encoded_separator'],
    ['/inntekt/%252e%252e/A', 'encoded_separator'],
    ['//evil/inntekt/A', 'not_origin_form'],
    ['http://gw/inntekt/A', 'not_origin_form'],
    ['*', 'not_origin_form'],
    ['', 'not_origin_form'],
    ['/inntekt/\tA', 'character'],
    ['/inntekt/A\n', 'character'],
    ['/inntekt/A\0', 'character'],
    ['/inntekt/A\x7f', 'character'],
    ['/inntekt/A%09', 'escape'],
    ['/inntekt/A%0d%0a', 'escape'],
    ['/inntekt/A%00', 'escape'],
    ['/inntekt/A%7F', 'escape'],
    ['/inntekt/A?x=%0d%0aSet-Cookie:1', 'escape'],
    ['/inntekt/A?x=%zz', 'escape'],
    ['/inntekt/A%', 'escape'],
    ['/inntekt/A%ff', 'escape'],
    ['/inntekt/A#/B', 'character'],
    ['/inntekt/A?x#/B', 'character'],
    ['/inntekt/A B', 'character'],
    ['/inntekt/é', 'character'],
    ['/inntekt/%ef%bc%90%ef%bc%91', 'foreign_digit'],
  ])('refuses %j (%s)', (raw, refusal) => {
    expect(readOriginalTarget(raw)._unsafeUnwrapErr()).toBe(refusal);
  });

  it.each([
    ['/', ['']],
    ['/saldo/v1/Accounts', ['saldo', 'v1', 'Accounts']],
    ['/inntekt/01085301957/oppgave?fraOgMed=2026-01&x=%2F', ['inntekt', '01085301957', 'oppgave']],
    ['/a/b/', ['a', 'b', '']],
    ['/a%20b/c%C3%A9', ['a%20b', 'c%C3%A9']],
  ])('accepts %j', (raw, segments) => {
    expect(readOriginalTarget(raw)._unsafeUnwrap().segments).toEqual(segments);
  });
});
