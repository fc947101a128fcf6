export type { RedisCommands, RedisConsentStore, RedisConsentStoreOptions } from './redisConsentStore.js';
export { redisConsentStore } from './redisConsentStore.js';
