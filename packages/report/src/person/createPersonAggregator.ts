import {
  type ChainVerifierOptions,
  ConfigError,
  checkOptionKeys,
  createChainVerifier,
  type LogPosition,
  protectPersonalData,
} from '@dsop-guard/core';
import { describeReason } from '@dsop-guard/rules';
import {
  PERSON_REPORT_VERSION,
  type PersonDecision,
  type PersonReport,
  type PersonSearch,
} from './personReportTypes.js';

/** Options of {@link createPersonAggregator}. */
export interface PersonAggregatorOptions
  extends Pick<
    ChainVerifierOptions,
    'partial' | 'publicKey' | 'maxGap' | 'expectedChains' | 'witness' | 'maxChains'
  > {
  /** The person number asked about, as the records would hold it in clear (11 digits). Required. */
  readonly person: string;
  /**
   * The pseudonymisation key the logs were written with (`pseudonymKey.key`, `DSOP_GUARD_AUDIT_KEY`): a
   * pseudonymised record is about the person when its pseudonym is the person's under this key. Default none:
   * only records in clear can be searched.
   */
  readonly key?: string | Uint8Array;
  /** Decisions listed (all are counted). Default 100 000. */
  readonly maxListed?: number;
  /** The report's time, ms since the epoch. Default `Date.now`. */
  readonly clock?: () => number;
}

/** A streaming search of decision logs for one person's decisions. */
export interface PersonAggregator {
  readonly startFile: (file: string, bytes: number) => void;
  /** The sha256 (hex) of a file's bytes, once read. */
  readonly fileDigest: (file: string, sha256: string) => void;
  /** One line, in file order; `last` marks a file's last line without a newline. */
  readonly push: (text: string, at: LogPosition, last?: boolean) => void;
  readonly result: () => PersonReport;
}

type Loose = Readonly<Record<string, unknown>>;
const object = (v: unknown): Loose =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Loose) : {};
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const number = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const OPTION_KEYS = [
  'person',
  'key',
  'maxListed',
  'clock',
  'partial',
  'publicKey',
  'maxGap',
  'expectedChains',
  'witness',
  'maxChains',
];

function decisionOf(r: Loose, at: LogPosition): PersonDecision {
  const s = object(r['subject']);
  const c = r['consent'] === null || r['consent'] === undefined ? null : object(r['consent']);
  const chain = object(r['chain']);
  const transport = object(r['transport']);
  const policy = object(r['policy']);
  const reasons = Array.isArray(r['reasons'])
    ? r['reasons'].filter((x): x is string => typeof x === 'string')
    : [];
  const decision = r['decision'] === 'allow' || r['decision'] === 'deny' ? r['decision'] : null;
  return {
    evaluatedAt: number(r['evaluatedAt']),
    decision,
    reasons: reasons.map((code) => {
      const words = describeReason(code);
      return { code, en: words?.en ?? null, nb: words?.nb ?? null };
    }),
    consumer: text(s['consumer']),
    consumerOrgno: text(s['consumerOrgno']),
    supplier: text(s['supplier']),
    supplierOrgno: text(s['supplierOrgno']),
    delegation: text(s['delegation']),
    delegationSource: text(s['delegationSource']),
    handledBy: text(s['handledBy']),
    consent:
      c === null
        ? null
        : {
            source: text(c['source']),
            id: text(c['id']),
            validFrom: number(c['validFrom']),
            validTo: number(c['validTo']),
          },
    policy: { id: text(policy['id']), version: text(policy['version']) },
    route: text(transport['route']),
    method: text(transport['method']),
    file: at.file,
    line: at.line,
    chain: text(chain['id']),
    seq: number(chain['seq']),
  };
}

/**
 * Builds a streaming search of decision logs for every decision about one person, for a person's access request
 * (GDPR article 15: who looked at my data). A record is about the person when its `subject.person` is the
 * person's number in clear, or, with `key`, the person's pseudonym under that key. A masked record
 * (`*********57`) names nobody: the report counts them (and those with the person's last two digits), and says
 * whether anything could be answered at all (`search.answerable`). Every line also goes through core's chain
 * verifier, so the answer says whether the log is whole. Throws {@link ConfigError} for bad options (a key of
 * fewer than 32 bytes among them).
 *
 * @example
 * ```ts
 * const search = createPersonAggregator({ person, key: process.env.DSOP_GUARD_AUDIT_KEY });
 * search.startFile('decisions.jsonl', size);
 * lines.forEach((text, i) => search.push(text, { file: 'decisions.jsonl', line: i + 1 }));
 * const answer = search.result(); // answer.count, answer.decisions[0].consumerOrgno, …
 * ```
 */
export function createPersonAggregator(options: PersonAggregatorOptions): PersonAggregator {
  if (typeof options !== 'object' || options === null) throw new ConfigError('options', 'must be an object');
  checkOptionKeys(options, OPTION_KEYS, 'createPersonAggregator');
  const { person, key, clock = Date.now, maxListed = 100_000 } = options;
  if (typeof person !== 'string' || !/^\d{11}$/.test(person))
    throw new ConfigError('person', 'must be a person number of 11 digits');
  if (!Number.isSafeInteger(maxListed) || maxListed < 1)
    throw new ConfigError('maxListed', 'must be a positive integer');
  const pseudonym =
    key === undefined ? undefined : protectPersonalData({ mode: 'pseudonymise', key })(person);
  const { partial, publicKey, maxGap, expectedChains, witness, maxChains } = options;
  const verifier = createChainVerifier({
    ...(partial === undefined ? {} : { partial }),
    ...(publicKey === undefined ? {} : { publicKey }),
    ...(maxGap === undefined ? {} : { maxGap }),
    ...(expectedChains === undefined ? {} : { expectedChains }),
    ...(witness === undefined ? {} : { witness }),
    ...(maxChains === undefined ? {} : { maxChains }),
  });
  const inputs = new Map<string, { bytes: number; lines: number; sha256: string | null }>();
  const pseudonymised = new Map<string | null, number>();
  const search = { records: 0, clear: 0, masked: 0, maskedSameEnding: 0, noPerson: 0 };
  const found: PersonDecision[] = [];
  const counts = { count: 0, allow: 0, deny: 0 };
  const ending = person.slice(-2);

  const input = (file: string) => {
    let i = inputs.get(file);
    if (i === undefined) {
      i = { bytes: 0, lines: 0, sha256: null };
      inputs.set(file, i);
    }
    return i;
  };

  const examine = (r: Loose, at: LogPosition): void => {
    search.records += 1;
    const privacy = object(r['privacy']);
    const mode = text(privacy['person']);
    const subject = text(object(r['subject'])['person']);
    let about = false;
    if (subject === null) search.noPerson += 1;
    else if (mode === 'clear') {
      search.clear += 1;
      about = subject === person;
    } else if (mode === 'pseudonymise') {
      const keyId = text(privacy['keyId']);
      pseudonymised.set(keyId, (pseudonymised.get(keyId) ?? 0) + 1);
      about = pseudonym !== undefined && subject === pseudonym;
    } else {
      search.masked += 1;
      if (subject.endsWith(ending) && subject.length === person.length) search.maskedSameEnding += 1;
    }
    if (!about) return;
    const d = decisionOf(r, at);
    counts.count += 1;
    if (d.decision !== null) counts[d.decision] += 1;
    if (found.length < maxListed) found.push(d);
  };

  return {
    startFile: (file, bytes) => {
      input(file).bytes += bytes;
    },
    fileDigest: (file, sha256) => {
      input(file).sha256 = sha256;
    },
    push: (line, at, last = false) => {
      input(at.file).lines += 1;
      const record = verifier.push(line, at, last);
      if (record !== undefined && record.kind === 'decision') examine(record as unknown as Loose, at);
    },
    result: () => {
      const chains = verifier.report();
      const keyGiven = pseudonym !== undefined;
      const pseudonymisedRecords = [...pseudonymised.values()].reduce((a, b) => a + b, 0);
      const answer: PersonSearch = {
        ...search,
        pseudonymised: [...pseudonymised].map(([keyId, records]) => ({ keyId, records })),
        keyGiven,
        answerable: search.clear > 0 || (keyGiven && pseudonymisedRecords > 0),
      };
      return {
        personReportVersion: PERSON_REPORT_VERSION,
        generatedAt: new Date(clock()).toISOString(),
        person,
        inputs: [...inputs].map(([file, i]) => ({ file, ...i })),
        search: answer,
        ...counts,
        decisions: found,
        integrity: { whole: chains.whole, problemCount: chains.problemCount, keyId: chains.keyId },
      };
    },
  };
}
