import type { FlipCounts, RecordRef, ReplayGroup, ReplaySummary } from '../replaySummaryTypes.js';
import { at, counted, int, percent } from './format.js';
import type { ViewSection, ViewTable } from './viewTypes.js';

// Private: the replay's sections of a report, in the neutral form both renderers take.

/** A record reference as the report writes it: `chain seq 12` (what audit verify names), else `file:line`. */
function ref(r: RecordRef): string {
  return r.chain === null || r.seq === null ? at(r) : `${r.chain} seq ${r.seq}`;
}

const refs = (list: readonly RecordRef[]): string => list.map(ref).join(', ');

function groupTable(caption: string, header: string, groups: readonly ReplayGroup[]): ViewTable {
  return {
    caption,
    headers: [header, 'decisions', 'sample records'],
    rows: groups.map((g) => [g.key, g.count, refs(g.samples)]),
  };
}

function flipSection(
  id: string,
  title: string,
  flips: FlipCounts,
  replayed: number,
  what: string,
  whose: string,
): ViewSection {
  return {
    id,
    testid: id,
    title,
    lines: [
      flips.count === 0
        ? `No decision would flip ${what}.`
        : `${counted(flips.count, 'decision')} of ${int(replayed)} replayed (${percent(flips.count, replayed)}) would flip ${what}. Per rule and reason: ${whose}. First records: ${refs(flips.samples)}.`,
    ],
    tables:
      flips.count === 0
        ? []
        : [
            groupTable('Per rule', 'rule', flips.byRule),
            groupTable('Per reason', 'code', flips.byReason),
            groupTable('Per consumer orgno', 'orgno', flips.byConsumer),
            groupTable('Per supplier orgno', 'orgno', flips.bySupplier),
          ],
  };
}

function summary(x: ReplaySummary): ViewSection {
  const t = x.totals;
  const dangerous = x.denyToAllow.count;
  const ok = dangerous === 0 && t.unreplayable === 0;
  const text =
    dangerous > 0
      ? `${counted(dangerous, 'deny', 'denies')} would become allows (the dangerous direction); ${int(x.allowToDeny.count)} allow→deny`
      : t.unreplayable > 0
        ? `no replayed deny would become an allow, but ${counted(t.unreplayable, 'line or record', 'lines or records')} could not be replayed`
        : `no deny would become an allow; ${int(x.allowToDeny.count)} allow→deny of ${int(t.replayed)} replayed`;
  return {
    id: 'replay',
    testid: 'replay',
    title: 'Policy replay',
    verdict: { ok, text, testid: 'replay-verdict' },
    chart: 'replay',
    lines: [
      `Replayed policy ${x.policy.id} ${x.policy.version} (sha256 ${x.policy.sha256.slice(0, 12)}…) over every recorded claim snapshot, at the time each decision was taken. Pseudonymised fields are compared as pseudonyms; facts about person numbers come from the records; nothing is verified again.`,
    ],
    tables: [
      {
        caption: 'Replayed decisions',
        headers: ['what', 'count', 'share'],
        rows: [
          ['decision records', t.records, null],
          ['replayed', t.replayed, percent(t.replayed, t.records)],
          ['unchanged', t.unchanged, percent(t.unchanged, t.replayed)],
          ['deny → allow', dangerous, percent(dangerous, t.replayed)],
          ['allow → deny', x.allowToDeny.count, percent(x.allowToDeny.count, t.replayed)],
          ['deny, other reasons', x.reasonsChanged.count, percent(x.reasonsChanged.count, t.replayed)],
          ['decided before the policy', t.beforePolicy, percent(t.beforePolicy, t.records)],
          ['not replayable', t.unreplayable, null],
        ],
      },
      {
        caption: 'Policies that took the recorded decisions',
        headers: ['policy', 'version', 'sha256', 'records'],
        rows: x.recordedPolicies.map((p) => [p.id, p.version, `${p.sha256.slice(0, 12)}…`, p.records]),
      },
    ],
  };
}

function others(x: ReplaySummary): ViewSection[] {
  return [
    {
      id: 'replay-reasons-changed',
      testid: 'replay-reasons-changed',
      title: 'Denies for other reasons',
      lines: [
        x.reasonsChanged.count === 0
          ? 'No deny changes its reasons.'
          : `${counted(x.reasonsChanged.count, 'deny', 'denies')} stay denies with other reasons. First records: ${refs(x.reasonsChanged.samples)}.`,
      ],
      tables: [groupTable('New reasons', 'code', x.reasonsChanged.byReason)],
    },
    {
      id: 'replay-before-policy',
      title: 'Decided before the policy',
      lines: [
        'Decisions taken before any policy ran (the input, a token or the consent failed): no policy changes them, so they stay denies.',
      ],
      tables: [groupTable('Recorded reasons', 'code', x.beforePolicy)],
    },
    {
      id: 'replay-unreplayable',
      testid: 'replay-unreplayable',
      title: 'Not replayable',
      lines: [
        x.totals.unreplayable === 0
          ? 'Every line held a record, and every record could be replayed.'
          : `${counted(x.totals.unreplayable, 'line or record', 'lines or records')} could not be replayed; they are counted here, never guessed.`,
      ],
      tables: [groupTable('Why not', 'reason', x.unreplayable)],
    },
  ];
}

/** The replay's sections, in reading order. */
export function replayView(x: ReplaySummary): ViewSection[] {
  return [
    summary(x),
    flipSection(
      'replay-deny-to-allow',
      'Deny → allow (the dangerous direction)',
      x.denyToAllow,
      x.totals.replayed,
      'from deny to allow',
      'the rules that denied and no longer would',
    ),
    flipSection(
      'replay-allow-to-deny',
      'Allow → deny',
      x.allowToDeny,
      x.totals.replayed,
      'from allow to deny',
      'the rules that would now deny',
    ),
    ...others(x),
  ];
}
