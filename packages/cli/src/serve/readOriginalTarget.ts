import { err, ok, type Result } from '@dsop-guard/core';

/**
 * The original request's target as {@link readOriginalTarget} accepted it.
 *
 * @example
 * ```ts
 * const target: OriginalTarget = { path: '/inntekt/01085301957', segments: ['inntekt', '01085301957'], route: '/inntekt/01085301957' };
 * ```
 */
export interface OriginalTarget {
  /** The path as written (no query), exactly as the upstream receives it. */
  readonly path: string;
  /** `path` split at every `/` after the first, as written (not decoded): what every reader of the path sees. */
  readonly segments: readonly string[];
  /** `path` percent-decoded, for the decision record (which masks the person numbers in it). */
  readonly route: string;
}

/** Why a target was refused: each is something a parser would change, or that two readers may read apart. */
export type TargetRefusal =
  /** Not a path starting with one `/` (absolute-form, `*`, `//host/…`, empty). */
  | 'not_origin_form'
  /** A character outside RFC 3986's path and query characters: controls, space, `\`, `#`, non-ASCII, `"<>{}|^`… */
  | 'character'
  /** A `%` without two hex digits, an escape of a control character, or an escape that is not UTF-8. */
  | 'escape'
  /** An escape a reader may turn into a separator in the path: `%2F` (`/`), `%5C` (`\`), `%25` (`%`). */
  | 'encoded_separator'
  /** A `.` or `..` segment, in any spelling (`%2e`, `.%2E`, …), or an empty one (`//`) inside the path. */
  | 'dot_or_empty_segment'
  /** A digit of another script than ASCII in the decoded path (some readers fold it to an ASCII digit). */
  | 'foreign_digit';

// RFC 3986 pchar (unreserved, sub-delims, ':', '@') and '/', with '%' for escapes; the query may have '?' too.
const PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const QUERY = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%]*$/;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
const CONTROL_ESCAPE = /%(?:[01][0-9A-Fa-f]|7[Ff])/;
const SEPARATOR_ESCAPE = /%(?:2[Ff]|5[Cc]|25)/;
const FOREIGN_DIGIT = /(?![0-9])\p{Nd}/u;

function decoded(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined; // not UTF-8
  }
}

function checkPath(path: string): TargetRefusal | undefined {
  if (!PATH.test(path)) return 'character';
  if (BAD_ESCAPE.test(path) || CONTROL_ESCAPE.test(path)) return 'escape';
  if (SEPARATOR_ESCAPE.test(path)) return 'encoded_separator';
  return undefined;
}

function checkQuery(query: string): TargetRefusal | undefined {
  if (!QUERY.test(query)) return 'character';
  if (BAD_ESCAPE.test(query) || CONTROL_ESCAPE.test(query)) return 'escape';
  return undefined;
}

function checkSegments(segments: readonly string[]): TargetRefusal | undefined {
  for (let i = 0; i < segments.length; i += 1) {
    const s = decoded(segments[i] as string);
    // An empty last segment is a trailing slash; an empty one before it is `//`, which some readers merge.
    if (s === '.' || s === '..' || (s === '' && i < segments.length - 1)) return 'dot_or_empty_segment';
  }
  return undefined;
}

/**
 * Reads the original request's target (a gateway's `X-Original-URI`, `X-Forwarded-Uri`, or the request's own
 * target) exactly as the upstream receives it: the path as written, split at `/`, with no URL parser in between.
 * It refuses every target that a parser would change or that two readers (the WHATWG URL parser; Node, Express
 * and Fastify, which pass the raw path on; Spring or IIS, which decode and normalise) may read apart, so that
 * the path judged is the path served: anything but origin-form (one `/` first), characters outside RFC 3986's,
 * malformed escapes and escapes of control characters (in the query too), `%2F`, `%5C` and `%25` in the path,
 * `.` and `..` segments in any spelling, empty segments inside the path (`//`), and digits of other scripts.
 * An accepted target's `segments` are what the WHATWG parser, Node's raw path and a plain `split('/')` read.
 *
 * @example
 * ```ts
 * readOriginalTarget('/inntekt/01085301957/oppgave?x=1'); // ok({ path: '/inntekt/01085301957/oppgave', segments: ['inntekt', '01085301957', 'oppgave'], … })
 * readOriginalTarget('/inntekt/B/../A/oppgave'); // err('dot_or_empty_segment')
 * ```
 */
export function readOriginalTarget(raw: string): Result<OriginalTarget, TargetRefusal> {
  if (raw[0] !== '/' || raw[1] === '/') return err('not_origin_form');
  const q = raw.indexOf('?');
  const path = q === -1 ? raw : raw.slice(0, q);
  const refused = checkPath(path) ?? (q === -1 ? undefined : checkQuery(raw.slice(q + 1)));
  if (refused !== undefined) return err(refused);
  const segments = path.slice(1).split('/');
  const route = decoded(path);
  if (route === undefined) return err('escape');
  const segmentRefusal = checkSegments(segments);
  if (segmentRefusal !== undefined) return err(segmentRefusal);
  if (FOREIGN_DIGIT.test(route)) return err('foreign_digit');
  return ok({ path, segments, route });
}
