// Internal (not in the barrel): reading a policy document (a policy file, a policy test file) into data, with
// where each path sits, refusing before the data is used what cannot be trusted (see parse).
import { closeSync, constants as fsConstants, fstatSync, openSync, readSync } from 'node:fs';
import { extname } from 'node:path';
import { type Document, LineCounter, Parser, parseDocument } from 'yaml';
import type { Problem } from './ajvProblems.js';
import type { Locate } from './buildPolicy.js';
import { MAX_NESTING, MAX_POLICY_BYTES, nestingOf, repeatedMembers, tooDeepAt } from './documentChecks.js';
import type { PolicySource } from './loadPolicyTypes.js';
import { NOWHERE, type Position, positionLocator } from './positionLocator.js';

export type Placed = Problem & Position;
export interface Read {
  readonly file: string;
  readonly data: unknown;
  readonly problems: Placed[];
  readonly locate: Locate;
}
const nowhere: Locate = () => NOWHERE;
const unplaced = (message: string, hint?: string): Placed => ({
  path: '',
  message,
  ...NOWHERE,
  ...(hint === undefined ? {} : { hint }),
});

export function read(source: PolicySource): Read {
  if ('path' in source) {
    const file = source.path;
    const ext = extname(file).toLowerCase();
    const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
    if (format === undefined) {
      return {
        file,
        data: undefined,
        problems: [unplaced(`unknown file type '${ext}'`, 'use .json, .yaml or .yml')],
        locate: nowhere,
      };
    }
    const text = readRegularFile(file);
    if (typeof text !== 'string') return { file, data: undefined, problems: [text], locate: nowhere };
    return { file, ...parse(text, format) };
  }
  return { file: source.name ?? '<inline>', ...parse(source.text, source.format) };
}

const TOO_LARGE = unplaced(
  `larger than ${MAX_POLICY_BYTES} bytes (1 MiB)`,
  'a policy file is at most 1 MiB; split out what is not policy',
);

const TOO_DEEP = unplaced(
  `nested deeper than ${MAX_NESTING} levels`,
  'a policy needs far less: flatten the rule tree',
);

/**
 * The text of a regular file (a symlink is followed) of at most {@link MAX_POLICY_BYTES}, or the problem. Opened
 * without blocking and checked on the open descriptor, so a FIFO, a device or a directory is refused, never
 * waited on or read without end.
 */
function readRegularFile(file: string): string | Placed {
  let fd: number | undefined;
  try {
    fd = openSync(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return unplaced('not a regular file', 'a policy is read from a regular file only');
    const buffer = Buffer.alloc(MAX_POLICY_BYTES + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length <= MAX_POLICY_BYTES; length += n) {
      n = readSync(fd, buffer, length, buffer.length - length, null);
    }
    return length > MAX_POLICY_BYTES ? TOO_LARGE : buffer.toString('utf8', 0, length);
  } catch (e) {
    return unplaced(`cannot read the file: ${(e as Error).message}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const utf8Length = (text: string): number =>
  text.length * 3 <= MAX_POLICY_BYTES ? text.length : new TextEncoder().encode(text).byteLength;

/**
 * The syntax problems of YAML, each at its place; for JSON (valid, as JSON.parse read it first) what kept the
 * YAML parser from reading it for positions and repeated members: refused, since it cannot be checked.
 */
function syntaxProblems(doc: Document, format: 'json' | 'yaml'): Placed[] {
  const prefix = format === 'json' ? 'JSON that cannot be checked for repeated members' : 'invalid YAML';
  return doc.errors.map((e) => ({
    path: '',
    message: `${prefix}: ${e.message}`,
    line: e.linePos?.[0].line ?? null,
    column: e.linePos?.[0].col ?? null,
  }));
}

/**
 * The data, or the problems; and where each path sits (JSON is read for positions by the YAML parser). Refused
 * before the data is used: text over 1 MiB, nesting deeper than {@link MAX_NESTING} (checked on the parser's
 * tokens, before the recursive composer), syntax errors, and two members of one object that load under one name.
 */
function parse(text: string, format: 'json' | 'yaml'): Omit<Read, 'file'> {
  const failed = (problems: Placed[], locate: Locate = nowhere) => ({ data: undefined, problems, locate });
  if (utf8Length(text) > MAX_POLICY_BYTES) return failed([TOO_LARGE]);
  const tokenLines = new LineCounter();
  const deep = tooDeepAt([...new Parser(tokenLines.addNewLine).parse(text)]);
  if (deep !== undefined) {
    const { line, col } = tokenLines.linePos(deep);
    return failed([{ ...TOO_DEEP, line, column: col }]);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, lineCounter, uniqueKeys: false });
  const locate = positionLocator(doc, lineCounter);
  let data: unknown;
  try {
    data = format === 'json' ? JSON.parse(text) : undefined;
  } catch (e) {
    return failed([unplaced(`invalid JSON: ${(e as Error).message}`)], locate);
  }
  if (doc.errors.length > 0) return failed(syntaxProblems(doc, format), locate);
  const repeated = repeatedMembers(doc, lineCounter);
  if (repeated.length > 0) return failed(repeated, locate);
  if (format === 'yaml') {
    try {
      // toJS resolves aliases and can still throw (an unresolved alias such as `*x` is a ReferenceError).
      data = doc.toJS();
    } catch (e) {
      return failed([unplaced(`invalid YAML: ${(e as Error).message}`)], locate);
    }
  }
  // An alias nests its anchor again: the loaded data can be deeper than the text.
  if (nestingOf(data) > MAX_NESTING) return failed([TOO_DEEP], locate);
  return { data, problems: [], locate };
}
