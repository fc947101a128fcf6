import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { inCi, redisAvailable, redisUrl } from '../adapters/redisUrl.js';

// Found with issue 26: `dsop-guard check --consent-store redis://… --batch` printed its verdicts and then never
// exited. Its first command timed out while node-redis was still being loaded and connected; close() found no
// client yet and returned, and the client made a moment later stayed connected and kept the process alive. Now
// close() ends the client the store is still making too. Shown in a child process that must exit by itself.

// The source of the public `@dsop-guard/adapters/redis` entry, by path: the child is an `-e` script run from the
// repository's root, where the workspace's package names do not resolve (the root depends on none of them).
const store = fileURLToPath(new URL('../../packages/adapters/src/redis/index.ts', import.meta.url));
const script = `
  const { redisConsentStore } = await import(${JSON.stringify(store)});
  const store = redisConsentStore({ url: process.env.URL, sealKey: 'x'.repeat(32), timeoutMs: 1 });
  const first = await store.get('k').then(() => 'answered', () => 'timed out');
  await store.close();
  console.log(first);
`;

describe.skipIf(!redisAvailable && !inCi)(
  'regression: close() ends a client that is still connecting',
  () => {
    let child: ReturnType<typeof spawn> | undefined;
    afterEach(() => {
      if (child?.exitCode === null) child.kill('SIGKILL'); // it hung: the test has failed already
    });

    it(
      'a process whose first command timed out exits once the store is closed',
      { timeout: 60_000 },
      async () => {
        child = spawn(
          process.execPath,
          ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script],
          { env: { ...process.env, URL: redisUrl ?? '' }, stdio: ['ignore', 'pipe', 'inherit'] },
        );
        let out = '';
        child.stdout?.on('data', (d) => {
          out += d;
        });
        const code = await new Promise((resolve) => child?.on('exit', resolve));
        expect([code, out.trim()]).toEqual([0, 'timed out']);
      },
    );
  },
);
