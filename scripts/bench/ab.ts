// A/B of a change: guard.check of a base checkout against this one, at the realistic mix and cold, against the
// floor, in one process, as CPU time per check (user + system of the process: steadier than wall time on a
// shared machine), paired by round: each round runs floor, base and this checkout back to back, and the table
// gives the median over the rounds of the floor's time over each one's (and its quartiles). Not part of a plain
// `pnpm bench`. Make the base with `git worktree add ../base <commit> && (cd ../base && pnpm install && pnpm build)`:
//   AB_BASE=$PWD/../base pnpm bench ab          (AB_MODES=mix or cold, AB_ROUNDS, AB_BATCH to change)
import { fileURLToPath } from 'node:url';
import { altinnKeys, decodeMaskinporten, floor, mpKeys, now, pool, tokens } from './fixtures.js';
import type { Case } from './harness.js';

const base = process.env['AB_BASE'];
if (base === undefined) throw new Error('AB_BASE must name the base checkout, built (see the top of ab.ts)');
const here = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

/** A guard of one checkout's built packages, with the bench's keys and the Lånekassen TEST preset. */
async function guardOf(root: string) {
  const core = await import(`${root}/packages/core/dist/index.js`);
  const rules = await import(`${root}/packages/rules/dist/index.js`);
  const adapters = await import(`${root}/packages/adapters/dist/index.js`);
  const p = rules.preset('lanekassen-saldo', 'test');
  const keys = {
    maskinporten: core.localKeySet({ issuer: p.issuer, jwks: mpKeys.jwks }),
    consent: core.localKeySet({ issuer: p.consentIssuer, jwks: altinnKeys.jwks, matchX5t: true }),
  };
  return adapters.createGuard({ preset: p, keys }) as {
    check: (input: unknown) => Promise<{ decision: string }>;
  };
}

const guards = { base: await guardOf(base), new: await guardOf(here) };
const person = tokens.person;
const mp = tokens.direct();
const mpClaims = decodeMaskinporten(mp);
const consents = pool(4000, () => tokens.altinn2Consent());
const mps = pool(4000, () => tokens.direct());
/** Each case cycles through the pools on its own, as pnpm bench does. */
const counter = () => {
  let i = 0;
  return () => i++ % 4000;
};
const cases: Case[] = [];
const modes = (process.env['AB_MODES'] ?? 'mix,cold').split(',');
if (modes.includes('mix')) {
  const next = counter();
  cases.push({ name: 'mix floor', op: () => floor(mp, consents[next()] as string, person, mpClaims) });
  for (const [name, guard] of Object.entries(guards)) {
    const n = counter();
    const op = () => guard.check({ maskinportenToken: mp, consentToken: consents[n()], person, now });
    cases.push({ name: `mix ${name}`, op });
  }
}
if (modes.includes('cold')) {
  const next = counter();
  cases.push({
    name: 'cold floor',
    op: () => {
      const j = next();
      return floor(mps[j] as string, consents[j] as string, person);
    },
  });
  for (const [name, guard] of Object.entries(guards)) {
    const n = counter();
    const op = () => {
      const j = n();
      return guard.check({ maskinportenToken: mps[j], consentToken: consents[j], person, now });
    };
    cases.push({ name: `cold ${name}`, op });
  }
}
for (const guard of Object.values(guards)) {
  const v = await guard.check({ maskinportenToken: mp, consentToken: consents[0], person, now });
  if (v.decision !== 'allow') throw new Error('a guard does not allow the benchmark pair');
}

const rounds = Number(process.env['AB_ROUNDS'] ?? 61);
const batch = Number(process.env['AB_BATCH'] ?? 400);
const cpuOf = async (op: () => unknown, n: number): Promise<number> => {
  const before = process.cpuUsage();
  for (let i = 0; i < n; i += 1) {
    const r = op();
    if (r instanceof Promise) await r;
  }
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / n;
};
for (const c of cases) await cpuOf(c.op, 3000); // warm-up
const times = new Map<string, number[]>(cases.map((c) => [c.name, []]));
const ratios = new Map<string, number[]>(cases.map((c) => [c.name, []]));
for (let r = 0; r < rounds; r += 1) {
  const round = new Map<string, number>();
  for (const c of cases) round.set(c.name, await cpuOf(c.op, batch));
  for (const c of cases) {
    times.get(c.name)?.push(round.get(c.name) as number);
    const floorName = `${c.name.split(' ')[0]} floor`;
    ratios.get(c.name)?.push((round.get(floorName) as number) / (round.get(c.name) as number));
  }
}
const at = (values: readonly number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.round((values.length - 1) * q)] as number;
console.log('| case | CPU ns/check (p10 / median) | floor ÷ case, paired by round: median [quartiles] |');
console.log('|---|---:|---|');
for (const c of cases) {
  const t = times.get(c.name) as number[];
  const q = ratios.get(c.name) as number[];
  const ratio = `${at(q, 0.5).toFixed(3)} [${at(q, 0.25).toFixed(3)}–${at(q, 0.75).toFixed(3)}]`;
  console.log(`| ${c.name} | ${at(t, 0.1).toFixed(0)} / ${at(t, 0.5).toFixed(0)} | ${ratio} |`);
}
for (const mode of modes) {
  const base = times.get(`${mode} base`) as number[];
  const candidate = times.get(`${mode} new`) as number[];
  const speedup = base.map((t, i) => t / (candidate[i] as number));
  console.log(
    `\n${mode}: base ÷ new CPU time, paired by round: ${at(speedup, 0.5).toFixed(3)} [${at(speedup, 0.25).toFixed(3)}–${at(speedup, 0.75).toFixed(3)}] (above 1: new is faster)`,
  );
}
