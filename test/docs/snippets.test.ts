// Every ```ts block of the README and docs/*.md type-checks: each block becomes a module of its own in
// test/docs/snippets/ (in memory: nothing is written), under the repo's strict tsconfig and its workspace path
// mapping, beside that doc's prelude (test/docs/snippets/<doc>.prelude.d.ts), which declares the free
// variables the prose assumes. A block that is deliberately partial is fenced ```ts nocheck <reason>.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SNIPPETS = join(ROOT, 'test/docs/snippets');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((d) =>
  d.endsWith('.md'),
);
/** TODO: docs whose snippets are not checked yet. Empty: every doc is checked. */
const NOT_YET_CHECKED: readonly string[] = [];

interface Snippet {
  readonly doc: string;
  /** The line of the doc the block's first line of code is on. */
  readonly line: number;
  readonly code: string;
  /** Why the block is not checked, for ```ts nocheck <reason>. */
  readonly nocheck?: string;
}

function snippetsOf(doc: string): Snippet[] {
  const lines = readFileSync(join(ROOT, doc), 'utf8').split('\n');
  const found: Snippet[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const fence = /^```ts(?: (nocheck)(?: (.*))?)?$/.exec(lines[i] ?? '');
    if (fence === null) continue;
    const end = lines.indexOf('```', i + 1);
    const code = lines.slice(i + 1, end).join('\n');
    found.push({ doc, line: i + 2, code, ...(fence[1] === undefined ? {} : { nocheck: fence[2] ?? '' }) });
    i = end;
  }
  return found;
}

const slug = (doc: string) => basename(doc, '.md');
const fileOf = (s: Snippet) => join(SNIPPETS, `${slug(s.doc)}-${s.line}.ts`);
const preludeOf = (doc: string) => join(SNIPPETS, `${slug(doc)}.prelude.d.ts`);

function compilerOptions(): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('cannot read tsconfig.json');
  // A snippet shows one step and may leave what it made unused (the next paragraph uses it): the strict rules
  // hold, the unused-name rules of the source tree do not.
  return { ...config.options, noEmit: true, noUnusedLocals: false, noUnusedParameters: false };
}

/** A compiler host that also serves the snippets, as if they were files in test/docs/snippets/. */
function hostWith(options: ts.CompilerOptions, files: ReadonlyMap<string, string>): ts.CompilerHost {
  const host = ts.createCompilerHost(options, true);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists(f);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.getSourceFile = (f, language, ...rest) => {
    const text = files.get(f);
    return text === undefined
      ? getSourceFile(f, language, ...rest)
      : ts.createSourceFile(f, text, language, true);
  };
  return host;
}

/** `README.md:57: TS2304 Cannot find name 'x'.` for every error in the `snippets` of `doc` it checks. */
function check(
  doc: string,
  all: readonly Snippet[],
  options: ts.CompilerOptions,
  old?: ts.Program,
): { errors: string[]; program: ts.Program } {
  const snippets = all.filter((s) => s.nocheck === undefined);
  const files = new Map(snippets.map((s) => [fileOf(s), s] as const));
  const texts = new Map([...files].map(([f, s]) => [f, s.code] as const));
  const prelude = preludeOf(doc);
  const roots = [...files.keys(), ...(ts.sys.fileExists(prelude) ? [prelude] : [])];
  const program = ts.createProgram(roots, options, hostWith(options, texts), old);
  const errors: string[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const s = d.file === undefined ? undefined : files.get(d.file.fileName);
    const where =
      d.file === undefined || d.start === undefined
        ? 'tsconfig'
        : s === undefined
          ? `${d.file.fileName.replace(ROOT, '')}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}`
          : `${doc}:${s.line + d.file.getLineAndCharacterOfPosition(d.start).line}`;
    errors.push(`${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return { errors, program };
}

// A compile of a doc's snippets is synchronous and takes seconds alone; on a shared, loaded machine far more.
describe('TypeScript snippets in the docs', { timeout: 240_000 }, () => {
  const options = compilerOptions();
  let old: ts.Program | undefined;
  const checked = DOCS.filter((d) => !NOT_YET_CHECKED.includes(d) && snippetsOf(d).length > 0);

  it.each(checked)('every ```ts block of %s compiles', (doc) => {
    const { errors, program } = check(doc, snippetsOf(doc), options, old);
    old = program;
    expect(errors.join('\n')).toBe('');
  });

  it('lists a snippet that does not compile by its doc and line, and skips a nocheck one', () => {
    const snippets: Snippet[] = [
      {
        doc: 'docs/example.md',
        line: 10,
        code: "import { preset } from '@dsop-guard/rules';\n\npreset('nope', 'test');",
      },
      { doc: 'docs/example.md', line: 20, code: 'const n: number = "x";', nocheck: 'partial, for the test' },
    ];
    const { errors } = check('docs/example.md', snippets, options, old);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^docs\/example\.md:12: TS2345 Argument of type '"nope"'/);
  });

  it('gives a reason for every block it does not check', () => {
    const unchecked = DOCS.flatMap(snippetsOf).filter((s) => s.nocheck !== undefined);
    expect(unchecked.filter((s) => s.nocheck?.trim() === '').map((s) => `${s.doc}:${s.line}`)).toEqual([]);
  });

  it('has a prelude only for a doc it checks', () => {
    const preludes = readdirSync(SNIPPETS).filter((f) => f.endsWith('.prelude.d.ts'));
    const docs = new Set(checked.map(slug));
    expect(preludes.filter((f) => !docs.has(f.replace('.prelude.d.ts', '')))).toEqual([]);
  });
});
