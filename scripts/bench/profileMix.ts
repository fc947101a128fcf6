// Ad-hoc: a CPU profile of the check loop only (token minting excluded). Not part of pnpm bench.
// On built code (after pnpm bench compiled it): node scripts/bench/.out/profileMix.js <mix|cold> [checks] [out.cpuprofile]
// or from source: tsx --conditions=source scripts/bench/profileMix.ts <mix|cold> [checks] [out.cpuprofile]
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createGuard } from '@dsop-guard/adapters';
import { keys, lanekassen, now, pool, tokens } from './fixtures.js';

const person = tokens.person;
const guard = createGuard({ preset: lanekassen, keys });
const mode = process.argv[2] ?? 'mix';
const mp = tokens.direct();
const pairs = pool(2000, () => [mode === 'cold' ? tokens.direct() : mp, tokens.altinn2Consent()] as const);
const n = Number(process.argv[3] ?? 30000);
const run = async (count: number) => {
  for (let i = 0; i < count; i += 1) {
    const [m, c] = pairs[i % pairs.length] as readonly [string, string];
    const v = await guard.check({ maskinportenToken: m, consentToken: c, person, now });
    if (v.decision !== 'allow') throw new Error(JSON.stringify(v));
  }
};
await run(3000);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const start = performance.now();
await run(n);
const elapsed = performance.now() - start;
const { profile } = await session.post('Profiler.stop');
writeFileSync(process.argv[4] ?? 'check.cpuprofile', JSON.stringify(profile));
console.log(mode, ((elapsed * 1000) / n).toFixed(1), 'µs/check');
