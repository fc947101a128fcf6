import type { AuditReport } from '../reportTypes.js';
import { coverageView } from './coverageView.js';
import { at, counted, duration, int, ms, percent, utc } from './format.js';
import { replayView } from './replayView.js';
import type { ViewSection } from './viewTypes.js';

// Private: the report as neutral sections (headings, sentences, tables), so that the HTML and the Markdown
// reports say the same things in the same order. Cells are plain values; each renderer escapes every string.

function totals(r: AuditReport): ViewSection {
  const t = r.totals;
  const span =
    r.span.from === null || r.span.to === null ? 'no decisions' : `${utc(r.span.from)} to ${utc(r.span.to)}`;
  return {
    id: 'totals',
    title: 'Totals',
    testid: 'totals',
    lines: [
      `Decisions evaluated from ${span}.`,
      'Each input file is named with the sha256 of its bytes as read: the report is about that state of the log.',
    ],
    tables: [
      {
        caption: 'Decisions and lines read',
        headers: ['what', 'count', 'share'],
        rows: [
          ['records', t.records, null],
          ['allow', t.allow, percent(t.allow, t.records)],
          ['deny', t.deny, percent(t.deny, t.records)],
          ['checkpoints', t.checkpoints, null],
          ['unreadable lines', t.unreadable, null],
          ['lines', t.lines, null],
        ],
      },
      {
        caption: 'Input files',
        headers: ['file', 'bytes', 'lines', 'sha256'],
        rows: r.inputs.map((i) => [i.file, i.bytes, i.lines, i.sha256]),
      },
    ],
  };
}

function timeline(r: AuditReport): ViewSection {
  const { bucket, buckets } = r.timeline;
  return {
    id: 'timeline',
    title: 'Allows and denies over time',
    chart: 'timeline',
    lines: [
      `One bar per ${bucket} (UTC, times as ISO 8601 with their offset), by the time each decision was evaluated.`,
    ],
    tables: [
      {
        caption: `Decisions per ${bucket}`,
        headers: [bucket, 'allow', 'deny'],
        rows: buckets.filter((b) => b.allow + b.deny > 0).map((b) => [utc(b.start, bucket), b.allow, b.deny]),
        folded: true,
      },
    ],
  };
}

function reasons(r: AuditReport): ViewSection {
  return {
    id: 'reasons',
    title: 'Top deny reasons',
    chart: 'reasons',
    lines: [`${int(r.reasons.distinct)} distinct reason codes among ${int(r.totals.deny)} denies.`],
    tables: [
      {
        caption: 'Deny reasons, most frequent first',
        headers: ['code', 'denies', 'share of denies', 'meaning', 'betydning'],
        rows: r.reasons.top.map((x) => [x.code, x.count, percent(x.count, r.totals.deny), x.en, x.nb]),
        nbColumns: [4],
      },
    ],
  };
}

function parties(r: AuditReport, which: 'consumers' | 'suppliers'): ViewSection {
  const p = r[which];
  const field = which === 'consumers' ? 'subject.consumerOrgno' : 'subject.supplierOrgno';
  return {
    id: which,
    title: which === 'consumers' ? 'Consumer organisations' : 'Suppliers',
    lines: [`${int(p.distinct)} distinct values of ${field}; the busiest first. – means none recorded.`],
    tables: [
      {
        caption: which === 'consumers' ? 'Decisions per consumer orgno' : 'Decisions per supplier orgno',
        headers: ['orgno', 'allow', 'deny', 'most frequent deny reason'],
        rows: p.top.map((x) => [x.orgno, x.allow, x.deny, x.topReason]),
      },
    ],
  };
}

function delegation(r: AuditReport): ViewSection {
  return {
    id: 'delegation',
    title: 'Delegation paths',
    lines: ['How each call was delegated (subject.delegation) and, for a supplier, through which source.'],
    tables: [
      {
        caption: 'Decisions per delegation path',
        headers: ['delegation', 'delegation source', 'allow', 'deny'],
        rows: r.delegation.map((x) => [x.delegation, x.delegationSource, x.allow, x.deny]),
      },
    ],
  };
}

function shadow(r: AuditReport): ViewSection {
  return {
    id: 'shadow',
    title: 'Shadow rules',
    lines: [
      r.shadow.length === 0
        ? 'No shadow rule failed.'
        : 'Rules in shadow mode that failed: what they would deny if enforced. "of allowed" are the decisions enforcing them would change.',
    ],
    tables: [
      {
        caption: 'Would-deny counts of shadow rules',
        headers: ['rule', 'would deny', 'of allowed', 'codes'],
        rows: r.shadow.map((x) => [
          x.ruleId,
          x.wouldDeny,
          x.ofAllowed,
          x.codes.map((c) => `${c.code} (${int(c.count)})`).join(', '),
        ]),
      },
    ],
  };
}

function expiry(r: AuditReport): ViewSection {
  const e = r.consentsNearExpiry;
  return {
    id: 'consents',
    title: 'Consents close to expiry',
    lines: [
      `${counted(e.decisions, 'decision')} on ${counted(e.consents, 'consent')} with less than ${duration(e.thresholdSeconds)} left (consent.validTo − evaluatedAt).`,
    ],
    tables: [
      {
        caption: 'Consents with the least time left',
        headers: ['consent id', 'source', 'consumer orgno', 'valid to', 'least time left', 'decisions'],
        rows: e.soonest.map((c) => [
          c.id,
          c.source,
          c.consumerOrgno,
          utc(c.validTo),
          duration(c.leastSecondsLeft),
          c.decisions,
        ]),
      },
    ],
  };
}

function staleKeys(r: AuditReport): ViewSection {
  return {
    id: 'stale-keys',
    title: 'Decisions on stale keys',
    lines: [
      `${counted(r.staleKeys.decisions, 'decision')} taken with keys past their refresh window (tokens.*.keys.state = stale).`,
    ],
    tables: [
      {
        caption: 'Stale-key decisions per token and issuer',
        headers: ['token', 'issuer', 'decisions', 'oldest key age'],
        rows: r.staleKeys.byIssuer.map((k) => [
          k.token,
          k.iss,
          k.decisions,
          k.maxAgeSeconds === null ? null : duration(k.maxAgeSeconds),
        ]),
      },
    ],
  };
}

function latency(r: AuditReport): ViewSection {
  const l = r.latency;
  return {
    id: 'latency',
    title: 'Latency',
    lines: [
      `latencyMs of ${counted(l.count, 'decision')}; ${l.exact ? 'exact' : 'from a bounded histogram, within about 1 %'}.`,
    ],
    tables: [
      {
        caption: 'Latency percentiles',
        headers: ['p50', 'p90', 'p99', 'max'],
        rows: [[ms(l.p50), ms(l.p90), ms(l.p99), ms(l.max)]],
      },
    ],
  };
}

/** What the integrity verdict protects against, at the level the report was made with. */
function protection(i: AuditReport['integrity']): string[] {
  return [
    i.keyId === null
      ? 'No public key given: the hash chain shows accidents (a damaged, cut or reordered log), not an attacker, who can rebuild it.'
      : `Signed checkpoints verified with key ${i.keyId}: every record up to each chain's last checkpoint is vouched for; records after it are not, unless witnessed.`,
    i.expectedChains === 0
      ? 'No chains expected by name: a chain deleted whole does not show.'
      : `${counted(i.expectedChains, 'chain')} expected by name: a missing one is a problem.`,
    ...(i.witnessed === 0 ? [] : [`${counted(i.witnessed, 'witnessed checkpoint')} compared with the log.`]),
  ];
}

const SIGNATURE: Readonly<Record<AuditReport['chainEnds'][number]['signature'], string>> = {
  verified: 'signed: checkpoints verified',
  invalid: 'not signed: a checkpoint does not verify, or records are not vouched for',
  not_checked: 'checkpoints not checked (no public key given)',
  unsigned: 'unsigned: no checkpoint',
};

function policies(r: AuditReport): ViewSection {
  const n = r.namedPolicy;
  const named =
    n === null
      ? []
      : [
          `Policy given to the reader: ${n.id} ${n.version} (sha256 ${n.sha256}). ${int(n.matchingDecisions)} of ${counted(r.totals.records, 'decision')} name this sha256${n.matchingDecisions === r.totals.records ? ': its custom messages are theirs for certain.' : '; the others were taken under another policy, whose custom messages may differ.'}`,
        ];
  return {
    id: 'policies',
    title: 'Policies that decided',
    testid: 'policies',
    lines: [
      r.policies.length === 0
        ? 'No record names a policy.'
        : 'Each policy as the records name it (policy.id, policy.version, policy.sha256), with its first and last decision.',
      ...named,
    ],
    tables: [
      {
        caption: 'Policies by decisions taken',
        headers: ['policy', 'version', 'sha256', 'first seen', 'last seen', 'decisions'],
        rows: r.policies.map((p) => [
          p.id,
          p.version,
          p.sha256,
          p.firstSeen === null ? null : utc(p.firstSeen),
          p.lastSeen === null ? null : utc(p.lastSeen),
          p.decisions,
        ]),
      },
    ],
  };
}

const PERSON_MODE: Readonly<Record<string, string>> = {
  mask: 'masked (last two digits)',
  pseudonymise: 'pseudonymised (keyed HMAC)',
  clear: 'in clear',
};

function privacy(r: AuditReport): ViewSection {
  return {
    id: 'privacy',
    title: 'Privacy',
    testid: 'privacy',
    lines: [
      'How persons were treated in the records (privacy.person) and under which pseudonymisation key (privacy.keyId). "ephemeral": a random key per record, never kept, so no two records can be linked and no person looked up.',
    ],
    tables: [
      {
        caption: 'Privacy modes and key ids',
        headers: ['persons', 'key id', 'decisions'],
        rows: r.privacy.map((p) => [PERSON_MODE[p.person] ?? p.person, p.keyId, p.decisions]),
      },
    ],
  };
}

function integrity(r: AuditReport): ViewSection {
  const i = r.integrity;
  const first = i.problems[0];
  const text = i.whole
    ? `whole: ${counted(i.chains.length, 'chain')}, every link holds and every line is a record`
    : first === undefined
      ? `broken, not certified: ${counted(i.problemCount, 'problem')}`
      : `broken, not certified: first at ${at(first)} (${first.kind}${first.chain === null ? '' : `, chain ${first.chain}, seq ${first.seq}`}); ${counted(i.problemCount, 'problem')} in all`;
  return {
    id: 'integrity',
    title: 'Integrity',
    testid: 'integrity',
    verdict: { ok: i.whole, text, testid: 'integrity-verdict' },
    lines: ['Verified by the same chain verifier as dsop-guard audit verify.', ...protection(i)],
    tables: [
      {
        caption: 'Chains',
        headers: ['chain', 'records', 'checkpoints', 'seq', 'first break'],
        rows: i.chains.map((c) => [
          c.id,
          c.records,
          c.checkpoints,
          `${c.firstSeq}–${c.lastSeq}`,
          c.firstBreak === null
            ? 'whole'
            : `${at(c.firstBreak)} seq ${c.firstBreak.seq} ${c.firstBreak.kind}`,
        ]),
      },
      {
        caption: 'Where each chain starts and ends, and its signature',
        headers: [
          'chain',
          'epoch',
          'first seq',
          'first hash',
          'last seq',
          'last hash',
          'signature',
          'after last checkpoint',
        ],
        rows: r.chainEnds.map((c) => [
          c.id,
          c.epoch,
          c.firstSeq,
          c.firstHash,
          c.lastSeq,
          c.lastHash,
          SIGNATURE[c.signature],
          c.tail,
        ]),
      },
      {
        caption: `Problems (first ${int(i.problems.length)} of ${int(i.problemCount)})`,
        headers: ['where', 'kind', 'chain', 'seq'],
        rows: i.problems.map((p) => [at(p), p.kind, p.chain, p.seq]),
      },
    ],
  };
}

function unreadable(r: AuditReport): ViewSection {
  const u = r.unreadable;
  const kinds = Object.entries(u.byKind).map(([kind, n]) => `${kind} ${int(n ?? 0)}`);
  return {
    id: 'unreadable',
    title: 'Unreadable lines',
    lines: [
      u.count === 0
        ? 'Every line was a record.'
        : `${counted(u.count, 'line')} not readable as records: ${kinds.join(', ')}.`,
      ...(r.overflow > 0
        ? [
            `${counted(r.overflow, 'decision')} found no room in a table (group cap) and are counted only in the totals.`,
          ]
        : []),
    ],
    tables: [
      {
        caption: `Unreadable lines (first ${int(u.lines.length)} of ${int(u.count)})`,
        headers: ['where', 'kind'],
        rows: u.lines.map((l) => [at(l), l.kind]),
      },
    ],
  };
}

/** The report's sections, in reading order; a replay's first, then what the logs held and whether they are whole. */
export function reportView(r: AuditReport): readonly ViewSection[] {
  if (r.replay !== undefined) return [...replayView(r.replay), totals(r), integrity(r), unreadable(r)];
  return [
    totals(r),
    integrity(r),
    policies(r),
    privacy(r),
    ...(r.coverage === undefined ? [] : coverageView(r.coverage)),
    timeline(r),
    reasons(r),
    parties(r, 'consumers'),
    parties(r, 'suppliers'),
    delegation(r),
    shadow(r),
    expiry(r),
    staleKeys(r),
    latency(r),
    unreadable(r),
  ];
}

export type { Cell, ViewSection, ViewTable } from './viewTypes.js';
