// @ts-nocheck
// Where the Redis that scripts/redis.sh started listens, and whether it answers. Under CI=true a missing Redis
// fails the consent store tests; elsewhere they are skipped with a message saying how to run them.
import { readFileSync } from 'node:fs';
import { createConnection } from 'node:net';

function configuredUrl(): string | undefined {
  if (process.env['REDIS_URL']) return process.env['REDIS_URL'];
  const file =
    process.env['REDIS_URL_FILE'] ??
    new URL('../../node_modules/.cache/dsop-guard/redis-url', import.meta.url).pathname;
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function answers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379), timeout: 1000 });
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
    for (const event of ['error', 'timeout']) socket.once(event, () => resolve(false) ?? socket.destroy());
  });
}

export const redisUrl = configuredUrl();
export const redisAvailable = redisUrl !== undefined && (await answers(redisUrl));
export const inCi = process.env['CI'] === 'true';
export const redisMissing =
  'Redis is not available: run `bash scripts/redis.sh` (it installs and starts redis-server) or set REDIS_URL.';
