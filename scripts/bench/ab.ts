// A/B of a change: guard.check of a base checkout against this one at the realistic mix, interleaved in one
// process, as CPU time per check (user + system of the process: far steadier than wall time on a shared machine).
// Not part of pnpm bench. Make the base with `git worktree add ../base <commit> && (cd ../base && pnpm install)`:
//   AB_BASE=$PWD/../base npx tsx --conditions=source scripts/bench/ab.ts      (AB_STAGES=1 adds stage rows)
import type { Case } from './harness.js';
/** Interleaved rounds; per case the median CPU time (user + system of this process) per op, in ns. */
async function measure(cases: readonly Case[], rounds: number, n = 3000) {
  const cpu = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (const c of cases) for (let i = 0; i < 500; i++) await c.op();
  for (let r = 0; r < rounds; r++)
    for (const c of cases) {
      const before = process.cpuUsage();
      for (let i = 0; i < n; i++) {
        const x = c.op();
        if (x instanceof Promise) await x;
      }
      const used = process.cpuUsage(before);
      cpu.get(c.name)?.push(((used.user + used.system) * 1000) / n);
    }
  return cases.map((c) => {
    const s = [...(cpu.get(c.name) as number[])].sort((x, y) => x - y);
    return {
      name: c.name,
      ns: s[Math.floor(s.length / 2)] as number,
      lo: s[0] as number,
      hi: s[s.length - 1] as number,
    };
  });
}
function table(rows: { name: string; ns: number; lo: number; hi: number }[], base: string) {
  const b = rows.find((r) => r.name === base)?.ns ?? 1;
  return rows
    .map(
      (r) =>
        `${r.name.padEnd(24)} ${r.ns.toFixed(0).padStart(8)} ns CPU  [${r.lo.toFixed(0)}–${r.hi.toFixed(0)}]  ${(b / r.ns).toFixed(2)}× ${base}`,
    )
    .join('\n');
}
import {
  cycle,
  decodeConsent,
  decodeMaskinporten,
  floor,
  keys,
  lanekassen,
  now,
  pool,
  tokens,
} from './fixtures.js';
const base = process.env.AB_BASE;
if (base === undefined) throw new Error('AB_BASE must name the base checkout (see the comment at the top)');
const here = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
type Mod = typeof import('@dsop-guard/adapters');
const load = async (root: string) => {
  const adapters = (await import(`${root}/packages/adapters/src/index.ts`)) as Mod;
  const rules = await import(`${root}/packages/rules/src/index.ts`);
  const core = await import(`${root}/packages/core/src/index.ts`);
  const p = rules.preset('lanekassen-saldo', 'test');
  const k = {
    maskinporten: core.localKeySet({ issuer: p.issuer, jwks: (await import('./fixtures.js')).mpKeys.jwks }),
    consent: core.localKeySet({
      issuer: p.consentIssuer,
      jwks: (await import('./fixtures.js')).altinnKeys.jwks,
      matchX5t: true,
    }),
  };
  return { guard: adapters.createGuard({ preset: p, keys: k }), policy: p.policy, core };
};
const [oldG, newG] = [await load(base), await load(here)];
void keys;
void lanekassen;
const person = tokens.person;
const mp = tokens.direct();
const consents = pool(2000, () => tokens.altinn2Consent());
const mpClaims = decodeMaskinporten(mp);
const [a, b, c] = [cycle(consents), cycle(consents), cycle(consents)];
for (const g of [oldG, newG]) {
  const v = await g.guard.check({ maskinportenToken: mp, consentToken: consents[0] as string, person, now });
  if (v.decision !== 'allow') throw new Error('not allowed');
}
const [e1, e2, e3, e4] = [cycle(consents), cycle(consents), cycle(consents), cycle(consents)];
const engine = newG.core.createEngine({
  policy: newG.policy,
  maskinporten: { keys: keys.maskinporten },
  consent: { keys: keys.consent },
});
const { parseCompact } = await import('../../packages/core/src/jwt/parseCompact.js');
const consentKeys = keys.consent;
const extra = process.env.AB_STAGES
  ? [
      {
        name: 'new engine.decide',
        op: () => engine.decide({ maskinportenToken: mp, consentToken: e1(), person, now }),
      },
      { name: 'new engine mp only', op: () => engine.decide({ maskinportenToken: mp, person, now }) },
      {
        name: 'verifyToken consent',
        op: () => newG.core.verifyToken(e2(), { keys: consentKeys, now, algorithms: ['RS256'] }),
      },
      { name: 'parseCompact consent', op: () => parseCompact(e3(), 'consent') },
      { name: 'decodeConsent (floor)', op: () => decodeConsent(e4()) },
    ]
  : [];
const rows = await measure(
  [
    { name: 'floor', op: () => floor(mp, a(), person, mpClaims) },
    {
      name: 'base guard.check',
      op: () => oldG.guard.check({ maskinportenToken: mp, consentToken: b(), person, now }),
    },
    {
      name: 'new guard.check',
      op: () => newG.guard.check({ maskinportenToken: mp, consentToken: c(), person, now }),
    },
    ...extra,
  ],
  Number(process.env.ROUNDS ?? 9),
);
console.log(table(rows, 'floor'));
