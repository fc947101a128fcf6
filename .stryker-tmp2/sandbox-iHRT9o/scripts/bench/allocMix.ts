// @ts-nocheck
// Ad-hoc: bytes allocated per check by allocating function (and the floor's total), from V8's sampling heap
// profiler with collected objects included: at the realistic mix (one Maskinporten token reused) or cold (a new
// pair every check). Not part of pnpm bench; run after one (which compiles it):
//   node scripts/bench/.out/allocMix.js [checks] [mix|cold]
import { Session } from 'node:inspector/promises';
import { createGuard } from '@dsop-guard/adapters';
import { decodeMaskinporten, floor, keys, lanekassen, now, pool, tokens } from './fixtures.js';

interface ProfileNode {
  readonly selfSize: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children: readonly ProfileNode[];
}

const person = tokens.person;
const guard = createGuard({ preset: lanekassen, keys });
const cold = process.argv[3] === 'cold';
const mp = tokens.direct();
// Cold: more pairs than the verified-token cache holds, so no check finds its Maskinporten token there.
const consents = pool(4000, () => tokens.altinn2Consent());
const mps = cold ? pool(4000, () => tokens.direct()) : [mp];
const run = async (count: number) => {
  for (let i = 0; i < count; i += 1) {
    const consentToken = consents[i % consents.length];
    const maskinportenToken = mps[i % mps.length];
    const v = await guard.check({ maskinportenToken, consentToken, person, now });
    if (v.decision !== 'allow') throw new Error(JSON.stringify(v.reasons));
  }
};
const mpClaims = decodeMaskinporten(mp);
const runFloor = async (count: number) => {
  for (let i = 0; i < count; i += 1) {
    const consentToken = consents[i % consents.length] as string;
    if (cold) floor(mps[i % mps.length] as string, consentToken, person);
    else floor(mp, consentToken, person, mpClaims);
  }
};
const checks = Number(process.argv[2] ?? 30000);
const session = new Session();
session.connect();

/** Allocation sites while `work` runs `checks` times, after as many to warm up. */
async function sampled(work: (count: number) => Promise<void>) {
  await work(checks);
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 128,
    includeObjectsCollectedByMinorGC: true,
    includeObjectsCollectedByMajorGC: true,
  });
  await work(checks);
  const stopped = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
  const bySite = new Map<string, number>();
  let total = 0;
  const walk = (node: ProfileNode): void => {
    total += node.selfSize;
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(stopped.profile.head);
  return { total, bySite };
}

const floorSample = await sampled(runFloor);
const { total, bySite } = await sampled(run);
console.log(
  `the floor: about ${(floorSample.total / checks).toFixed(0)} bytes allocated per check (sampled)`,
);
console.log(`guard.check: about ${(total / checks).toFixed(0)} bytes allocated per check (sampled)`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`${(bytes / checks).toFixed(0).padStart(6)} B  ${site}`);
}
