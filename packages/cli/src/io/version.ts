import { readFileSync } from 'node:fs';

// Private: the CLI's --version.

/**
 * The version of `@dsop-guard/adapters`, read from its package.json (`../../package.json` from both `src/cli`
 * and `dist/cli`).
 *
 * @example
 * ```ts
 * process.stdout.write(`${packageVersion()}\n`); // 0.1.0
 * ```
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
