// redisConsentStore from a url, with the node-redis this project installed: the store loads `redis` itself.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { redisConsentStore } from '@dsop-guard/adapters/redis';

const { version } = createRequire(import.meta.url)('redis/package.json');
const url = process.env.REDIS_URL;
if (url === undefined || url === '') {
  console.log(`skip redisConsentStore on node-redis ${version}: no REDIS_URL (scripts/redis.sh starts one)`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}
const consent = {
  coveredBy: '910753614',
  handledBy: undefined,
  validTo: 1_900_000_000,
  consentedAt: 1_700_000_000,
  services: ['5498_1'],
  rights: [],
  origin: 'altinn2',
};
const store = redisConsentStore({
  url,
  prefix: `dsop-guard-packaging:${process.pid}:`,
  sealKey: 'dsop-guard-packaging-seal-key-32b',
});
try {
  await store.set('k', consent, Math.floor(Date.now() / 1000) + 60);
  assert.deepEqual(await store.get('k'), consent);
  assert.equal(await store.get('never-set'), undefined);
} finally {
  await store.close();
}
console.log(`ok redisConsentStore from a url on node-redis ${version}: set, get, close`);
