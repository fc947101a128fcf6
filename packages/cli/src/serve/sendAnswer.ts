import type { ServerResponse } from 'node:http';

/**
 * One answer of the service, as plain data: what {@link sendAnswer} writes.
 *
 * @example
 * ```ts
 * const answer: Answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok"}' };
 * ```
 */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What a failure in the server itself answers: a 500 problem, never an allow. */
const FAILED: Answer = {
  status: 500,
  headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' },
  body: JSON.stringify({
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'The request could not be judged, so it was denied.',
    reasons: [],
    violations: [],
    requestId: null,
  }),
};

/** Every character but visible ASCII and space as a JSON and JavaScript escape, `\uXXXX`: a header value is ASCII. */
const ascii = (value: string): string =>
  value.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The request as {@link sendAnswer} reads it: whether it has a body. */
interface Request {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** A body announced: a `Content-Length` other than 0, or a `Transfer-Encoding` (RFC 9112 §6.3). */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

function write(res: ServerResponse, answer: Answer, close: boolean): void {
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(answer.body)) };
  for (const [name, value] of Object.entries(answer.headers)) headers[name] = ascii(value);
  // Node would read the rest of the body to keep the connection for the next request: close it instead.
  if (close) headers['connection'] = 'close';
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/**
 * Sends the answer once it is known, every header value ASCII without control characters (anything else written
 * `\uXXXX`, which keeps a JSON value the same JSON); when making it failed, a `500` problem (or, with the headers already sent,
 * a cut connection); when writing it failed, a cut connection. Never rejects. The request's body, if any, is
 * not read: the answer to a request with one says `Connection: close`, and the connection closes once it is sent.
 *
 * @example
 * ```ts
 * createServer((req, res) => sendAnswer(req, res, Promise.resolve({ status: 204, headers: {}, body: '' })));
 * ```
 */
export function sendAnswer(req: Request, res: ServerResponse, answer: Promise<Answer>): Promise<void> {
  const close = hasBody(req);
  return answer
    .then(
      (a) => write(res, a, close),
      () => {
        if (res.headersSent) res.destroy();
        else write(res, FAILED, close);
      },
    )
    .catch(() => {
      // Writing itself failed (a header Node refuses, a socket gone): cut the connection, never reject.
      res.destroy();
    });
}
