import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { pageHtml } from './page/pageHtml.js';
import { pageStyle } from './page/pageStyle.js';

// Bundles the inspector page: the real @dsop-guard/core, @dsop-guard/rules and the adapters' HTTP header path,
// built for the browser with esbuild, inlined with its style into one HTML document whose Content-Security-Policy
// allows exactly that script and that style (by hash) and nothing from anywhere else. Three seams make Node code
// run in a page, none of them a re-implementation of a decision:
// - `node:crypto` → browser/nodeCrypto.ts: signatures are checked by WebCrypto (see there), SHA-256 in JS;
// - `node:buffer` → browser/nodeBuffer.ts, and `Buffer` injected as the global;
// - `ajv` → the validators ajv itself generates (its standalone code) for every schema core and rules compile,
//   recorded by running those packages once in Node, so that the page needs no `eval` ('unsafe-eval').
// Other node: modules (fs, path, os, stream, module) are empty: the page never reaches the code that uses them.

const here = dirname(fileURLToPath(import.meta.url));
/** `.ts` when run from source (tsx, vitest), `.js` from the built package. */
const ext = fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js';
const conditions = ext === '.ts' ? ['source'] : [];
const requireHere = createRequire(import.meta.url);
const coreDir = dirname(requireHere.resolve('@dsop-guard/core/package.json'));
const requireCore = createRequire(join(coreDir, 'package.json'));

/** Options of {@link buildInspectorPage}. */
export interface BuildInspectorPageOptions {
  /**
   * Where the page is served from: `server` (by `dsop-guard inspect`, which can fetch a JWKS for it, so the
   * policy allows `connect-src 'self'`) or `file` (a self-contained file: no connection at all).
   * @defaultValue `'server'`
   */
  readonly mode?: 'server' | 'file';
}

/** The inspector page and the Content-Security-Policy it is served with (also in its `<meta>`). */
export interface InspectorPage {
  readonly html: string;
  readonly csp: string;
}

const hashOf = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const nodeShims = (): Plugin => ({
  name: 'dsop-guard-node-shims',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => {
      if (args.path === 'node:crypto') return { path: join(here, 'browser', `nodeCrypto${ext}`) };
      if (args.path === 'node:buffer') return { path: join(here, 'browser', `nodeBuffer${ext}`) };
      return { path: args.path, namespace: 'node-stub' };
    });
    b.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({
      contents: 'module.exports = {};',
      loader: 'js',
    }));
  },
});

interface Compiled {
  readonly key: string;
  readonly code: string;
}

/** Runs core and rules once in Node with an ajv that records every compiled schema with its generated code. */
async function recordSchemas(): Promise<readonly Compiled[]> {
  const { build } = await import('esbuild');
  const ajvPath = requireCore.resolve('ajv');
  const standalonePath = requireCore.resolve('ajv/dist/standalone');
  const recorder = `
    import * as real from ${JSON.stringify(ajvPath)};
    import * as standalone from ${JSON.stringify(standalonePath)};
    const RealAjv = real.Ajv ?? real.default;
    const standaloneCode = standalone.default.default ?? standalone.default;
    export const recorded = [];
    export class Ajv extends RealAjv {
      constructor(opts) { super({ ...opts, code: { source: true, esm: true } }); this.inspectorKey = JSON.stringify(opts ?? {}); }
      compile(schema) {
        const validate = super.compile(schema);
        recorded.push({ key: this.inspectorKey + '\\n' + JSON.stringify(schema), code: standaloneCode(this, validate) });
        return validate;
      }
    }`;
  const entry = `
    import { recorded } from 'inspector-recorder';
    import * as core from '@dsop-guard/core';
    import * as rules from '@dsop-guard/rules';
    try { rules.loadPolicy({ text: '{}', format: 'json' }); } catch {}
    export { recorded, core };`;
  const result = await build({
    stdin: { contents: entry, resolveDir: here, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    conditions,
    ignoreAnnotations: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'recorder',
        setup(b) {
          b.onResolve({ filter: /^ajv$/ }, () => ({ path: 'ajv', namespace: 'recorder' }));
          b.onResolve({ filter: /^inspector-recorder$/ }, () => ({ path: 'ajv', namespace: 'recorder' }));
          b.onLoad({ filter: /.*/, namespace: 'recorder' }, () => ({
            contents: recorder,
            loader: 'js',
            resolveDir: coreDir,
          }));
        },
      },
    ],
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-inspector-'));
  try {
    const file = join(dir, 'record.mjs');
    writeFileSync(file, result.outputFiles[0]?.text ?? '');
    const mod = (await import(pathToFileURL(file).href)) as { recorded: Compiled[] };
    return mod.recorded;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In the page, `ajv` is a table of the recorded validators; a schema that is not in it cannot be compiled. */
function precompiledAjv(compiled: readonly Compiled[]): Plugin {
  const table = compiled.map((c, i) => `[${JSON.stringify(c.key)}, v${i}]`).join(',\n');
  const imports = compiled.map((_, i) => `import v${i} from 'inspector-validator:${i}';`).join('\n');
  const module = `${imports}
    const table = new Map([${table}]);
    export class Ajv {
      constructor(opts) { this.key = JSON.stringify(opts ?? {}); }
      compile(schema) {
        const validate = table.get(this.key + '\\n' + JSON.stringify(schema));
        if (validate === undefined) throw new Error('this schema is not compiled into the inspector page');
        return validate;
      }
    }
    export default Ajv;`;
  return {
    name: 'dsop-guard-precompiled-ajv',
    setup(b) {
      b.onResolve({ filter: /^ajv$/ }, () => ({ path: 'ajv', namespace: 'precompiled-ajv' }));
      b.onResolve({ filter: /^inspector-validator:\d+$/ }, (args) => ({
        path: args.path,
        namespace: 'precompiled-ajv',
      }));
      b.onLoad({ filter: /.*/, namespace: 'precompiled-ajv' }, (args) => {
        const n = /^inspector-validator:(\d+)$/.exec(args.path);
        const contents = n === null ? module : (compiled[Number(n[1])]?.code ?? '');
        return { contents, loader: 'js', resolveDir: coreDir };
      });
    },
  };
}

/**
 * Builds the inspector page (`dsop-guard inspect`): one HTML document with the bundled script and style inline
 * and a Content-Security-Policy that allows only those two, by hash, so nothing is loaded from or sent to
 * anywhere else (in `server` mode, the page may also ask the server it came from for a JWKS).
 *
 * @example
 * ```ts
 * // Internal to the package (the CLI's `inspect` command); needs esbuild, a build-time dependency.
 * const { html, csp } = await buildInspectorPage({ mode: 'file' });
 * await writeFile('inspector.html', html); // csp is also in the page's <meta>
 * ```
 */
export async function buildInspectorPage(options: BuildInspectorPageOptions = {}): Promise<InspectorPage> {
  const mode = options.mode ?? 'server';
  const { build } = await import('esbuild');
  const compiled = await recordSchemas();
  const result = await build({
    entryPoints: [join(here, 'page', `main${ext}`)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    conditions,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    inject: [join(here, 'browser', `bufferGlobal${ext}`)],
    define: { 'process.env.NODE_ENV': '"production"', __INSPECTOR_MODE__: JSON.stringify(mode) },
    plugins: [nodeShims(), precompiledAjv(compiled)],
  });
  // A script element ends at the first `</script`, whatever JavaScript thinks of it.
  const script = (result.outputFiles[0]?.text ?? '').replace(/<\/(script)/gi, '<\\/$1');
  const csp = [
    "default-src 'none'",
    `script-src ${hashOf(script)}`,
    `style-src ${hashOf(pageStyle)}`,
    "img-src 'none'",
    "font-src 'none'",
    mode === 'server' ? "connect-src 'self'" : "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return { html: pageHtml({ csp, script, style: pageStyle }), csp };
}
