import { ConfigError, type ConsentStore, type StoredConsent } from '@dsop-guard/core';

/**
 * The two commands the store uses, as a node-redis v5 or v6 client has them (`createClient()` from `redis`).
 *
 * @example
 * ```ts
 * const client: RedisCommands = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * ```
 */
export interface RedisCommands {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, options: { expiration: { type: 'PXAT'; value: number } }): Promise<unknown>;
}

/**
 * Options of {@link redisConsentStore}. Give `client` or `url`.
 *
 * @example
 * ```ts
 * const options: RedisConsentStoreOptions = { url: 'redis://127.0.0.1:6379', prefix: 'saldo:consent:', timeoutMs: 500 };
 * ```
 */
export interface RedisConsentStoreOptions {
  /** A node-redis v5 or v6 client you created, connected and will close. */
  readonly client?: RedisCommands;
  /** A Redis URL (`redis://host:6379`, `rediss://…`); the store makes its own client, connects on first use, and `close()` ends it. */
  readonly url?: string;
  /** Prefix of every key. Default `dsop-guard:consent:`. */
  readonly prefix?: string;
  /** Time limit for each command (and for connecting), ms. Default 1000. */
  readonly timeoutMs?: number;
}

/**
 * A consent store in Redis.
 *
 * @example
 * ```ts
 * const store: RedisConsentStore = redisConsentStore({ url: 'redis://127.0.0.1:6379' });
 * await store.close();
 * ```
 */
export interface RedisConsentStore extends ConsentStore {
  /** Ends the client the store made from `url`; does nothing to a client you gave. */
  close(): Promise<void>;
}

interface OwnedClient extends RedisCommands {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  connect(): Promise<unknown>;
  close(): Promise<unknown>;
  destroy(): void;
  readonly isReady: boolean;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function parse(text: unknown): StoredConsent | undefined {
  if (text === null) return undefined;
  const value = JSON.parse(String(text)) as StoredConsent;
  const ok =
    typeof value?.coveredBy === 'string' &&
    typeof value.validTo === 'number' &&
    Array.isArray(value.services) &&
    Array.isArray(value.rights);
  if (!ok) throw new Error('redis: stored consent has the wrong shape');
  return value;
}

/**
 * A consent store in Redis, shared by every instance of a service. Each consent is kept as JSON under
 * `prefix + key` and expires in Redis at its `expiresAt` (`SET … PXAT`). Keys are the engine's HMAC pseudonyms
 * and a stored consent holds no person, so nothing personal is in Redis in clear. A command that fails or takes
 * longer than `timeoutMs` rejects, which the engine turns into `consent_store_unavailable` (a deny, never an allow).
 *
 * @example
 * ```ts
 * import { createGuard, redisConsentStore } from '@dsop-guard/adapters';
 *
 * const store = redisConsentStore({ url: process.env.REDIS_URL! });
 * const guard = createGuard({ preset, consentStore: { store, key: process.env.CONSENT_STORE_KEY! } });
 * // on shutdown
 * await store.close();
 * ```
 */
export function redisConsentStore(options: RedisConsentStoreOptions): RedisConsentStore {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  const { client, url, prefix = 'dsop-guard:consent:', timeoutMs = 1000 } = options;
  if ((client === undefined) === (url === undefined))
    throw new ConfigError('client', 'give exactly one of client and url');
  if (client !== undefined && (typeof client.get !== 'function' || typeof client.set !== 'function')) {
    throw new ConfigError('client', 'must be a node-redis v5 or v6 client');
  }
  if (url !== undefined && !/^rediss?:\/\//.test(String(url))) {
    throw new ConfigError('url', 'must be a redis:// or rediss:// URL');
  }
  if (typeof prefix !== 'string') throw new ConfigError('prefix', 'must be a string');
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    throw new ConfigError('timeoutMs', 'must be a positive number');

  let owned: Promise<OwnedClient> | undefined;
  let made: OwnedClient | undefined;
  const open = (): Promise<RedisCommands> => {
    if (client !== undefined) return Promise.resolve(client);
    owned ??= import('redis').then(async ({ createClient }) => {
      made = createClient({
        url: String(url),
        disableOfflineQueue: true,
        socket: {
          connectTimeout: timeoutMs,
          reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
        },
      }) as unknown as OwnedClient;
      made.on('error', () => {}); // every failure surfaces as a rejected command
      await made.connect();
      return made;
    });
    return withTimeout(owned, timeoutMs);
  };

  return {
    get: async (key) => parse(await withTimeout((await open()).get(prefix + key), timeoutMs)),
    set: async (key, value, expiresAt) => {
      const expiration = { type: 'PXAT', value: Math.round(expiresAt * 1000) } as const;
      await withTimeout((await open()).set(prefix + key, JSON.stringify(value), { expiration }), timeoutMs);
    },
    close: async () => {
      const current = made;
      owned = undefined;
      made = undefined;
      if (current === undefined) return;
      if (current.isReady) await current.close();
      else current.destroy();
    },
  };
}
