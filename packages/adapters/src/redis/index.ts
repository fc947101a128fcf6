export { redisConsentStore } from './redisConsentStore.js';
export type { RedisCommands, RedisConsentStore, RedisConsentStoreOptions } from './redisConsentStore.js';
