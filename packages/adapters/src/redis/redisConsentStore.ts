import { ConfigError, type ConsentStore, type TamperedConsent } from '@dsop-guard/core';
import { consentSeal } from './consentSeal.js';

/**
 * The two commands the store uses, as a node-redis v5 or v6 client has them (`createClient()` from `redis`).
 *
 * @example
 * ```ts
 * const client: RedisCommands = await createClient({ url: 'redis://127.0.0.1:6379' }).connect();
 * ```
 */
export interface RedisCommands {
  getRange(key: string, start: number, end: number): Promise<unknown>;
  set(key: string, value: string, options: { expiration: { type: 'PXAT'; value: number } }): Promise<unknown>;
}

/**
 * Options of {@link redisConsentStore}. Give `client` or `url`.
 *
 * @example
 * ```ts
 * const options: RedisConsentStoreOptions = {
 *   url: 'redis://127.0.0.1:6379',
 *   sealKey: process.env.CONSENT_SEAL_KEY!,
 *   prefix: 'saldo:consent:',
 *   timeoutMs: 500,
 * };
 * ```
 */
export interface RedisConsentStoreOptions {
  /**
   * The secret every entry is sealed with (HMAC-SHA256 over its key, its expiry and every field), at least 32
   * bytes. Required. Every instance sharing the store needs the same one; keep it apart from the engine's `key`.
   */
  readonly sealKey: string | Uint8Array;
  /** Largest value written or read, bytes; a larger entry read back is tampered. Default 65 536 (64 KiB). */
  readonly maxValueBytes?: number;
  /** The clock that decides whether an entry has outlived its expiry, epoch seconds. Default the system clock. */
  readonly clock?: () => number;
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

/** Redis refusing a command on a key that holds another type (a hash, a list): the entry's fault, not Redis's. */
const isWrongType = (e: unknown): boolean => e instanceof Error && e.message.startsWith('WRONGTYPE');

const byteLength = (key: string | Uint8Array): number =>
  typeof key === 'string' ? Buffer.byteLength(key) : key.byteLength;

function checkOptions(options: RedisConsentStoreOptions): void {
  const { client, url, prefix, timeoutMs, sealKey, maxValueBytes, clock } = options;
  if ((client === undefined) === (url === undefined))
    throw new ConfigError('client', 'give exactly one of client and url');
  if (client !== undefined && (typeof client.getRange !== 'function' || typeof client.set !== 'function')) {
    throw new ConfigError('client', 'must be a node-redis v5 or v6 client');
  }
  if (url !== undefined && !/^rediss?:\/\//.test(String(url))) {
    throw new ConfigError('url', 'must be a redis:// or rediss:// URL');
  }
  if (prefix !== undefined && typeof prefix !== 'string') throw new ConfigError('prefix', 'must be a string');
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new ConfigError('timeoutMs', 'must be a positive number');
  if ((typeof sealKey !== 'string' && !(sealKey instanceof Uint8Array)) || byteLength(sealKey) < 32)
    throw new ConfigError('sealKey', 'must be a secret of at least 32 bytes');
  if (maxValueBytes !== undefined && !(Number.isSafeInteger(maxValueBytes) && maxValueBytes > 0))
    throw new ConfigError('maxValueBytes', 'must be a positive whole number of bytes');
  if (clock !== undefined && typeof clock !== 'function')
    throw new ConfigError('clock', 'must be a function returning epoch seconds');
}

/**
 * A consent store in Redis, shared by every instance of a service. Each consent is kept under `prefix + key`
 * as JSON sealed with `sealKey` (an HMAC-SHA256 over the key, the expiry and every field) and expires in Redis at
 * its `expiresAt` (`SET … PXAT`). Keys are the engine's HMAC pseudonyms and a stored consent holds no person, so
 * nothing personal is in Redis in clear. An entry whose seal does not match (changed, planted, copied from
 * another key), that does not parse, is larger than `maxValueBytes` (read with GETRANGE, so never more than that
 * and a byte) or is still there after its expiry is answered as tampered: a deny with `consent_store_tampered`
 * for that request, which does not count toward the breaker. A value larger than `maxValueBytes` is not written.
 * A command that fails or takes longer than `timeoutMs` rejects, which the engine turns into
 * `consent_store_unavailable` (a deny, never an allow).
 *
 * @example
 * ```ts
 * import { createGuard, redisConsentStore } from '@dsop-guard/adapters';
 *
 * const store = redisConsentStore({ url: process.env.REDIS_URL!, sealKey: process.env.CONSENT_SEAL_KEY! });
 * const guard = createGuard({ preset, consentStore: { store, key: process.env.CONSENT_STORE_KEY! } });
 * // on shutdown
 * await store.close();
 * ```
 */
export function redisConsentStore(options: RedisConsentStoreOptions): RedisConsentStore {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptions(options);
  const { client, url, prefix = 'dsop-guard:consent:', timeoutMs = 1000 } = options;
  const { maxValueBytes = 65_536, clock = () => Math.floor(Date.now() / 1000) } = options;
  const { seal, open: unseal } = consentSeal(options.sealKey);

  // The client made from `url` (once node-redis is loaded), and the same client connected.
  let made: Promise<OwnedClient> | undefined;
  let connected: Promise<OwnedClient> | undefined;
  const open = async (): Promise<RedisCommands> => {
    if (client !== undefined) return client;
    made ??= import('redis').then(({ createClient }) => {
      const own = createClient({
        url: String(url),
        disableOfflineQueue: true,
        socket: {
          connectTimeout: timeoutMs,
          reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
        },
      }) as unknown as OwnedClient;
      own.on('error', () => {}); // every failure surfaces as a rejected command
      return own;
    });
    const making = made;
    // Loading node-redis is this process's time, not Redis's: the time limit starts after it.
    const own = await making;
    if (made !== making) throw new Error('redis: the store was closed');
    connected ??= own.connect().then(() => own);
    return withTimeout(connected, timeoutMs);
  };

  /** The entry's first `maxValueBytes` and one byte more ('' when there is none), or why it is not a string. */
  const read = async (key: string): Promise<string | TamperedConsent> => {
    try {
      const text = await withTimeout((await open()).getRange(key, 0, maxValueBytes), timeoutMs);
      return text === null ? '' : String(text);
    } catch (e) {
      if (isWrongType(e)) return { tampered: 'malformed' };
      throw e;
    }
  };

  return {
    get: async (key) => {
      const text = await read(prefix + key);
      if (typeof text !== 'string') return text;
      if (text === '') return undefined;
      if (Buffer.byteLength(text) > maxValueBytes) return { tampered: 'oversized' };
      return unseal(prefix + key, text, clock());
    },
    set: async (key, value, expiresAt) => {
      const text = seal(prefix + key, value, expiresAt);
      if (Buffer.byteLength(text) > maxValueBytes) return;
      const expiration = { type: 'PXAT', value: Math.round(expiresAt * 1000) } as const;
      await withTimeout((await open()).set(prefix + key, text, { expiration }), timeoutMs);
    },
    close: async () => {
      // A client still loading or connecting is ended too: left behind, it would keep the process alive.
      const [pending, connecting] = [made, connected];
      made = undefined;
      connected = undefined;
      const current = await pending?.catch(() => undefined);
      if (current === undefined) return;
      if (current.isReady) return void (await current.close());
      current.destroy();
      // destroy() does not stop a connection in its handshake: it is ended when it completes.
      connecting?.then(
        (own) => own.destroy(),
        () => {},
      );
    },
  };
}
