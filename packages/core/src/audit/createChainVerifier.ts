import { buildChainReport } from './buildChainReport.js';
import type { ChainRules, ChainState } from './chainState.js';
import { chainVerifierSettings } from './chainVerifierSettings.js';
import type { ChainVerifier, ChainVerifierOptions, LogPosition } from './chainVerifierTypes.js';
import { type CheckedLink, checkLine, type LineCheck } from './checkLine.js';
import { checkpointSigned } from './checkpointSigned.js';
import { createProblemLog } from './problemLog.js';
import { problemsAtTheEnd } from './problemsAtTheEnd.js';
import { stepChain } from './stepChain.js';
import { createWitnessList } from './witnessList.js';

/**
 * Builds a verifier of decision-log hash chains. Each record must hash to its `hash` (over the line's exact
 * bytes), link to the previous record of its chain by `prev`, and follow it by exactly one `seq`; many chains
 * (one per writer) may share files. With a `publicKey` every chain must also be signed by its checkpoints;
 * `expectedChains` shows a chain deleted whole, `witness` a tail cut or a chain rewritten from its start.
 * Streams: it keeps one small state per chain, never the records. Throws {@link ConfigError} for bad options.
 *
 * @example
 * ```ts
 * const verifier = createChainVerifier({ publicKey: readFileSync('checkpoint-public.pem', 'utf8') });
 * lines.forEach((text, i) => verifier.push(text, { file: 'decisions.jsonl', line: i + 1 }));
 * verifier.report().whole; // true when nothing was edited, deleted, reordered, inserted or left unsigned
 * ```
 */
export function createChainVerifier(options: ChainVerifierOptions = {}): ChainVerifier {
  const { key, keyId, maxChains, maxProblems, expectedChains, ...settings } = chainVerifierSettings(options);
  const rules: ChainRules = { partial: settings.partial, keyed: key !== undefined, maxGap: settings.maxGap };
  const signed =
    key === undefined || keyId === null
      ? undefined
      : (link: CheckedLink) => checkpointSigned(link, key, keyId);
  const chains = new Map<string, ChainState>();
  const log = createProblemLog(maxProblems);
  const witnesses = createWitnessList(settings.witness, signed);
  for (const problem of witnesses.invalid) log.note(problem);

  function link(record: CheckedLink, at: LogPosition): void {
    const known = chains.get(record.id);
    if (known === undefined && chains.size >= maxChains) {
      log.note({ ...at, kind: 'too_many_chains', chain: record.id, seq: record.seq });
      return;
    }
    const checkpoint = record.kind === 'checkpoint';
    const facts = {
      signed: checkpoint && signed !== undefined && signed(record),
      witnessed: checkpoint ? witnesses.see(record) : undefined,
    };
    const { state, problems } = stepChain(known, record, at, facts, rules);
    chains.set(record.id, state);
    for (const problem of problems) log.note(problem);
  }

  function pushChecked(check: LineCheck, at: LogPosition): void {
    if ('link' in check) link(check.link, at);
    // The log lists a problem of no chain in `unreadable`.
    else log.note({ ...at, kind: check.problem, chain: null, seq: null });
  }

  return {
    push: (text, at, last = false) => {
      const checked = checkLine(text, last);
      pushChecked(checked, at);
      return 'record' in checked ? checked.record : undefined;
    },
    pushChecked,
    report: () => {
      const late = problemsAtTheEnd(chains, rules, expectedChains, witnesses.unseen());
      return buildChainReport(chains, log.noted(), late, keyId, maxProblems);
    },
  };
}
