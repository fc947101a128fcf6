// `AB_BASE=<checkout> node --import tsx --conditions=source scripts/bench/audit.ts`: an A/B of the audit trail,
// the built core (dist/) of a base checkout against this one's, in one process, interleaved round by round (the
// order alternating), as CPU time (user + system, so the fs thread pool's writes count) per record:
// - append: createAuditTrail with a fileSink (fsync 'never': the disk's speed is not the code's), records
//   handed over 100 at a time as a gateway under load does, then close;
// - append signed: the same with an Ed25519 checkpoint every 100 records and rotation by size (256 KiB, up to 1000
//   files: none rotated away), records handed over one at a time (with 100 at once, a burst that crosses
//   maxBytes gives each of its later records a rotate checkpoint and a file of its own: see the report of issue 22);
// - verify: a signed log of the same records pushed through createChainVerifier with the public key, then report.
// Make the base with `git worktree add ../base <commit> && (cd ../base && pnpm install && pnpm build)` and
// `pnpm build` here. AUDIT_RECORDS (default 2000 per round), AUDIT_ROUNDS (default 21) and AUDIT_CASES to change.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Core from '@dsop-guard/core';
import { type SyntheticDecision, syntheticDecisions } from '../../test/fixtures/syntheticDecisions.js';

const base = process.env['AB_BASE'];
if (base === undefined)
  throw new Error('AB_BASE must name the base checkout, built (see the top of audit.ts)');
const here = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const records = Number(process.env['AUDIT_RECORDS'] ?? 2000);
const rounds = Number(process.env['AUDIT_ROUNDS'] ?? 21);
const CONCURRENT = 100;

const cores = {
  base: (await import(`${base}/packages/core/dist/index.js`)) as typeof Core,
  new: (await import(`${here}/packages/core/dist/index.js`)) as typeof Core,
};
const source = syntheticDecisions({ seed: 7 });
const decisions = Array.from({ length: records }, () => source.next().value as SyntheticDecision);
const { privateKey, publicKey } = generateKeyPairSync('ed25519');

/** Writes every decision through a trail over a fileSink in a fresh folder; returns the log's lines, oldest first. */
async function append(core: typeof Core, signed: boolean): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'dsop-guard-bench-audit-'));
  try {
    const path = join(dir, 'decisions.jsonl');
    const sink = core.fileSink({
      path,
      fsync: 'never',
      ...(signed ? { maxBytes: 256 * 1024, maxFiles: 1000 } : {}),
    });
    const trail = core.createAuditTrail({
      sinks: [sink],
      chainId: 'bench-gw-1',
      ...(signed ? { checkpoints: { every: 100, key: privateKey } } : {}),
    });
    const concurrent = signed ? 1 : CONCURRENT;
    for (let done = 0; done < records; done += concurrent) {
      const batch = decisions.slice(done, done + concurrent);
      const results = await Promise.all(batch.map((d) => trail.record(d.decision, d.context)));
      if (results.some((r) => !r.written)) throw new Error('a record was not written');
    }
    await trail.close();
    const rotation = (f: string) => Number(f.slice('decisions.jsonl.'.length) || 0);
    const files = readdirSync(dir).sort((a, b) => rotation(b) - rotation(a)); // oldest (highest number) first
    return files.flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function verify(core: typeof Core, lines: readonly string[]): void {
  const verifier = core.createChainVerifier({ publicKey });
  for (const [i, text] of lines.entries()) verifier.push(text, { file: 'decisions.jsonl', line: i + 1 });
  const report = verifier.report();
  if (!report.whole)
    throw new Error(`the log does not verify: ${JSON.stringify(report.problems.slice(0, 3))}`);
}

const signedLog = await append(cores.new, true);
const cases = {
  append: (core: typeof Core) => append(core, false),
  'append signed': (core: typeof Core) => append(core, true),
  verify: async (core: typeof Core) => verify(core, signedLog),
};
type CaseName = keyof typeof cases;
/** AUDIT_CASES=verify (or a comma-separated list) runs only those. */
const chosen = (process.env['AUDIT_CASES']?.split(',') ?? Object.keys(cases)) as CaseName[];
const cpuOf = async (run: () => Promise<unknown>): Promise<number> => {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / records; // µs per record
};

const times = new Map<string, number[]>();
for (let r = -2; r < rounds; r += 1) {
  // Two rounds of warm-up, then the rounds measured; base first in even rounds, new first in odd ones.
  const order = r % 2 === 0 ? (['base', 'new'] as const) : (['new', 'base'] as const);
  for (const name of chosen) {
    for (const which of order) {
      const t = await cpuOf(() => cases[name](cores[which]));
      if (r >= 0) times.set(`${name} ${which}`, [...(times.get(`${name} ${which}`) ?? []), t]);
    }
  }
}
const at = (values: readonly number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.round((values.length - 1) * q)] as number;
console.log(
  `machine: ${cpus().length} cores, node ${process.version}; ${records} records a round, ${rounds} rounds\n`,
);
console.log(
  '| case | base CPU µs/record (median) | new CPU µs/record (median) | base ÷ new, paired by round: median [quartiles] |',
);
console.log('|---|---:|---:|---|');
for (const name of chosen) {
  const b = times.get(`${name} base`) as number[];
  const n = times.get(`${name} new`) as number[];
  const ratio = b.map((t, i) => t / (n[i] as number));
  console.log(
    `| ${name} | ${at(b, 0.5).toFixed(2)} | ${at(n, 0.5).toFixed(2)} | ${at(ratio, 0.5).toFixed(3)} [${at(ratio, 0.25).toFixed(3)}–${at(ratio, 0.75).toFixed(3)}] |`,
  );
}
console.log('\nabove 1: new is faster');
