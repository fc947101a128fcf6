import {
  type ChainProblemKind,
  type ChainSummary,
  type ChainVerifierOptions,
  type CodeDeclarations,
  ConfigError,
  checkOptionKeys,
  createChainVerifier,
  type LogPosition,
  type Policy,
} from '@dsop-guard/core';
import { checkReportLine, type ReportLine } from '../read/checkReportLine.js';
import {
  type AuditReport,
  type ChainEnds,
  REPORT_VERSION,
  type ReportInput,
  type UnreadableLine,
} from '../reportTypes.js';
import { coverageSection } from './coverageSection.js';
import { lentMessages } from './lentMessages.js';
import { createQuantiles } from './quantiles.js';
import {
  delegationSection,
  expirySection,
  partySection,
  policySection,
  privacySection,
  reasonsSection,
  type Section,
  type SectionLimits,
  shadowSection,
  staleKeySection,
  timelineSection,
} from './sections.js';

/** Options of {@link createReportAggregator}. */
export interface ReportAggregatorOptions
  extends Pick<
    ChainVerifierOptions,
    'partial' | 'publicKey' | 'maxGap' | 'expectedChains' | 'witness' | 'maxChains'
  > {
  /** A consent is close to expiry when it has less than this left at a decision, seconds. Default 7 days. */
  readonly consentExpirySeconds?: number;
  /** Rows in each ranking (reasons, consumers, suppliers, expiring consents). Default 10. */
  readonly top?: number;
  /** Groups kept per table (consumers, suppliers, reasons, …); decisions beyond are counted in `overflow`. Default 10 000. */
  readonly maxGroups?: number;
  /** Problems and unreadable lines named in the report (all are counted). Default 100. */
  readonly maxListed?: number;
  /** The report's time, ms since the epoch. Default `Date.now`. */
  readonly clock?: () => number;
  /**
   * Custom reason codes with their messages (a policy's `codes`), so that the deny reasons table explains them
   * as it explains the built-in ones. Default none: custom codes are listed without a message.
   */
  readonly codes?: CodeDeclarations;
  /**
   * The policy the reader names (`--policy`, `--preset`): its custom codes explain the deny reasons (as `codes`
   * does, which it takes precedence over) where every decision that gave the code names its sha256 (a code given
   * under another policy is listed without a message), the report says how many decisions were taken under it
   * (by sha256), and the coverage lists its whole tree and the codes its rules can give. Default none.
   */
  readonly policy?: Policy;
  /** Adds the coverage section (`report.coverage`): what the decisions exercised of the policy. Default `false`. */
  readonly coverage?: boolean;
}

/** A streaming aggregator of decision-log lines into an {@link AuditReport}. */
export interface ReportAggregator {
  /** Names the next file and its size; its lines follow. */
  readonly startFile: (file: string, bytes: number) => void;
  /** One line, in file order. `last` marks a file's last line when the file does not end in a newline. */
  readonly push: (text: string, at: LogPosition, last?: boolean) => void;
  /** One line already checked by `checkReportLine` (perhaps in a worker thread), in file order: `push` is this after the check. */
  readonly pushChecked: (line: ReportLine, at: LogPosition) => void;
  /** The sha256 (hex) of a file's bytes, once read, for `inputs[].sha256`; default `null`. */
  readonly fileDigest: (file: string, sha256: string) => void;
  /** The report over every line pushed so far. */
  readonly result: () => AuditReport;
}

const OPTION_KEYS = [
  'consentExpirySeconds',
  'top',
  'maxGroups',
  'maxListed',
  'clock',
  'codes',
  'policy',
  'coverage',
  'partial',
  'maxChains',
  'publicKey',
  'maxGap',
  'expectedChains',
  'witness',
];

function positiveInt(field: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigError(field, 'must be a positive integer');
  return value;
}

function createSections(limits: SectionLimits, consentExpirySeconds: number, codes: () => CodeDeclarations) {
  return {
    timeline: timelineSection(limits),
    reasons: reasonsSection(limits, codes),
    consumers: partySection(limits, (f) => f.consumerOrgno),
    suppliers: partySection(limits, (f) => f.supplierOrgno),
    delegation: delegationSection(limits),
    shadow: shadowSection(limits),
    consentsNearExpiry: expirySection(limits, consentExpirySeconds),
    staleKeys: staleKeySection(limits),
    policies: policySection(limits),
    privacy: privacySection(limits),
  };
}

type Ends = { epoch: number; firstSeq: number; firstHash: string; lastSeq: number; lastHash: string };

/** A chain's signature state, from the verifier's summary and whether a public key was given. */
function signatureOf(c: ChainSummary, keyId: string | null): ChainEnds['signature'] {
  if (keyId === null) return c.checkpoints === 0 ? 'unsigned' : 'not_checked';
  const broken =
    c.firstBreak !== null &&
    ['checkpoint_invalid', 'unsigned_chain', 'unsigned_tail', 'checkpoint_gap'].includes(c.firstBreak.kind);
  if (broken || c.checkpointsVerified === 0) return c.checkpoints === 0 && !broken ? 'unsigned' : 'invalid';
  return 'verified';
}

/**
 * Builds a streaming aggregator of decision logs: every line goes through core's chain verifier (so the
 * integrity verdict is the one `dsop-guard audit verify` gives), and every decision record into bounded
 * counters (totals, timeline, deny reasons with their explanations, consumers, suppliers, delegation paths,
 * shadow rules' would-deny counts, consents close to expiry, stale keys, latency percentiles). Memory does not
 * grow with the number of records, only with the number of groups, capped at `maxGroups` per table. Lines that
 * are not records are counted and named; nothing a line holds makes it throw. Throws {@link ConfigError} for
 * bad options.
 *
 * @example
 * ```ts
 * const aggregator = createReportAggregator({ consentExpirySeconds: 3 * 86_400 });
 * aggregator.startFile('decisions.jsonl', size);
 * lines.forEach((text, i) => aggregator.push(text, { file: 'decisions.jsonl', line: i + 1 }));
 * const report = aggregator.result(); // report.totals.deny, report.integrity.whole, …
 * ```
 */
export function createReportAggregator(options: ReportAggregatorOptions = {}): ReportAggregator {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, OPTION_KEYS, 'createReportAggregator');
  const expiry = options.consentExpirySeconds ?? 7 * 86_400;
  if (!Number.isFinite(expiry) || expiry < 0)
    throw new ConfigError('consentExpirySeconds', 'must be a non-negative number');
  const maxListed = positiveInt('maxListed', options.maxListed, 100);
  const { clock = Date.now } = options;
  const { partial, publicKey, maxGap, expectedChains, witness } = options;
  const verifier = createChainVerifier({
    maxProblems: maxListed,
    ...(partial === undefined ? {} : { partial }),
    ...(publicKey === undefined ? {} : { publicKey }),
    ...(maxGap === undefined ? {} : { maxGap }),
    ...(expectedChains === undefined ? {} : { expectedChains }),
    ...(witness === undefined ? {} : { witness }),
    ...(options.maxChains === undefined ? {} : { maxChains: options.maxChains }),
  });
  let overflow = 0;
  const limits: SectionLimits = {
    top: positiveInt('top', options.top, 10),
    maxGroups: positiveInt('maxGroups', options.maxGroups, 10_000),
    maxListed,
    overflow: () => {
      overflow += 1;
    },
  };
  const named = options.policy;
  // A named policy's custom messages explain only the codes its own decisions gave (by sha256).
  const lent = lentMessages(named, options.codes ?? {});
  const sections = createSections(limits, expiry, lent.codes);
  const coverage =
    options.coverage === true
      ? coverageSection(limits.maxGroups, named?.rule.describe(), lent.codes)
      : undefined;
  const all: Section<unknown>[] = [...Object.values(sections), ...(coverage === undefined ? [] : [coverage])];
  const ends = new Map<string, Ends>();
  const digests = new Map<string, string>();
  let matching = 0;
  const latency = createQuantiles();
  const inputs = new Map<string, { bytes: number; lines: number }>();
  const totals = { lines: 0, records: 0, allow: 0, deny: 0, checkpoints: 0, unreadable: 0 };
  const byKind: Partial<Record<ChainProblemKind, number>> = {};
  const unreadable: UnreadableLine[] = [];

  const refused = (kind: ChainProblemKind, at: LogPosition): void => {
    totals.unreadable += 1;
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    if (unreadable.length < maxListed) unreadable.push({ file: at.file, line: at.line, kind });
  };

  const pushChecked = (line: ReportLine, at: LogPosition): void => {
    totals.lines += 1;
    const input = inputs.get(at.file) ?? { bytes: 0, lines: 0 };
    input.lines += 1;
    inputs.set(at.file, input);
    verifier.pushChecked(line, at);
    if ('problem' in line) {
      refused(line.problem, at);
      return;
    }
    const { link, facts } = line;
    const end = ends.get(link.id);
    if (end !== undefined) Object.assign(end, { epoch: link.epoch, lastSeq: link.seq, lastHash: link.hash });
    else if (ends.size < limits.maxGroups)
      ends.set(link.id, {
        epoch: link.epoch,
        firstSeq: link.seq,
        firstHash: link.hash,
        lastSeq: link.seq,
        lastHash: link.hash,
      });
    if (facts === null) {
      totals.checkpoints += 1;
      return;
    }
    totals.records += 1;
    if (facts.decision !== null) totals[facts.decision] += 1;
    if (facts.latencyMs !== null) latency.add(facts.latencyMs);
    if (named !== undefined && facts.policy?.sha256 === named.sha256) matching += 1;
    lent.see(facts);
    for (const section of all) section.add(facts);
  };

  return {
    startFile: (file, bytes) => {
      const input = inputs.get(file) ?? { bytes: 0, lines: 0 };
      input.bytes += bytes;
      inputs.set(file, input);
    },
    push: (text, at, last = false) => pushChecked(checkReportLine(text, last), at),
    pushChecked,
    fileDigest: (file, sha256) => {
      digests.set(file, sha256);
    },
    result: () => {
      const chains = verifier.report();
      const listed: ReportInput[] = [...inputs].map(([file, i]) => ({
        file,
        ...i,
        sha256: digests.get(file) ?? null,
      }));
      const chainEnds: ChainEnds[] = chains.chains.flatMap((c) => {
        const e = ends.get(c.id);
        if (e === undefined) return [];
        return [
          {
            id: c.id,
            ...e,
            signature: signatureOf(c, chains.keyId),
            checkpoints: c.checkpoints,
            checkpointsVerified: c.checkpointsVerified,
            tail: c.tail,
          },
        ];
      });
      return {
        reportVersion: REPORT_VERSION,
        generatedAt: new Date(clock()).toISOString(),
        inputs: listed,
        totals: { ...totals },
        ...sections.timeline.result(),
        reasons: sections.reasons.result(),
        consumers: sections.consumers.result(),
        suppliers: sections.suppliers.result(),
        delegation: sections.delegation.result(),
        shadow: sections.shadow.result(),
        consentsNearExpiry: sections.consentsNearExpiry.result(),
        staleKeys: sections.staleKeys.result(),
        latency: latency.summary(),
        integrity: {
          whole: chains.whole,
          chains: chains.chains,
          problemCount: chains.problemCount,
          problems: chains.problems,
          keyId: chains.keyId,
          expectedChains: expectedChains?.length ?? 0,
          witnessed: witness?.length ?? 0,
        },
        unreadable: { count: totals.unreadable, byKind: { ...byKind }, lines: unreadable },
        overflow,
        policies: sections.policies.result(),
        privacy: sections.privacy.result(),
        chainEnds,
        namedPolicy:
          named === undefined
            ? null
            : { id: named.id, version: named.version, sha256: named.sha256, matchingDecisions: matching },
        ...(coverage === undefined ? {} : { coverage: coverage.result() }),
      };
    },
  };
}
