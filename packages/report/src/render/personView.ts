import type { PersonReport } from '../person/personReportTypes.js';
import { at, counted, int, utc } from './format.js';
import type { ViewSection } from './viewTypes.js';

// Private: the person report as neutral sections, for both renderers.

const DELEGATION: Readonly<Record<string, string>> = {
  direct: 'directly',
  supplier: 'through a supplier (delegated in Altinn)',
  system_user: 'through a system user',
};

const time = (t: number | null): string | null => (t === null ? null : utc(t));

/** What could be searched, said plainly: the first thing the requester reads. */
function searchLines(r: PersonReport): string[] {
  const s = r.search;
  const pseudonymised = s.pseudonymised.reduce((n, p) => n + p.records, 0);
  const lines = [
    `${counted(s.records, 'decision record')} read from ${counted(r.inputs.length, 'file')}: ${int(s.clear)} with persons in clear, ${int(pseudonymised)} pseudonymised${s.pseudonymised.length === 0 ? '' : ` (key ids ${s.pseudonymised.map((p) => p.keyId ?? '–').join(', ')})`}, ${int(s.masked)} masked, ${int(s.noPerson)} naming no person.`,
  ];
  if (!s.answerable)
    lines.push(
      s.masked > 0 && pseudonymised === 0 && s.clear === 0
        ? 'NOT ANSWERABLE: the logs were written with persons masked (no pseudonymisation key), so nobody can tell which decisions were about this person. This is not an answer that there were none.'
        : 'NOT ANSWERABLE: the records are pseudonymised and no key was given (DSOP_GUARD_AUDIT_KEY), so no record could be attributed. This is not an answer that there were none.',
    );
  else {
    if (pseudonymised > 0 && !s.keyGiven)
      lines.push(
        `${counted(pseudonymised, 'pseudonymised record')} could not be searched: no key was given.`,
      );
    if (s.masked > 0)
      lines.push(
        `${counted(s.masked, 'masked record')} could not be searched; ${int(s.maskedSameEnding)} of them end in the same two digits as this person's number and may or may not be about them. This answer does not cover them.`,
      );
    if (pseudonymised > 0 && s.keyGiven && s.pseudonymised.length > 1)
      lines.push(
        'Records under several key ids: only those written with the key given can match; the others are about nobody this key can tell.',
      );
  }
  lines.push(
    r.integrity.whole
      ? `Every chain in the files is whole (${r.integrity.keyId === null ? 'hash chain: shows accidents, not an attacker' : `checkpoints signed by ${r.integrity.keyId}`}).`
      : `The log is NOT whole: ${counted(r.integrity.problemCount, 'integrity problem')} (see dsop-guard audit verify); records may be missing or edited.`,
  );
  return lines;
}

/** The person report's sections, in reading order. */
export function personView(r: PersonReport): readonly ViewSection[] {
  return [
    {
      id: 'answer',
      title: 'Who asked about this person',
      testid: 'person-answer',
      verdict: {
        ok: r.search.answerable && r.integrity.whole,
        text: r.search.answerable
          ? `${counted(r.count, 'decision')} about this person: ${int(r.allow)} allowed, ${int(r.deny)} denied.`
          : 'Cannot be answered from these logs.',
        testid: 'person-verdict',
      },
      lines: searchLines(r),
      tables: [
        {
          caption: 'Input files',
          headers: ['file', 'bytes', 'lines', 'sha256'],
          rows: r.inputs.map((i) => [i.file, i.bytes, i.lines, i.sha256]),
        },
      ],
    },
    {
      id: 'decisions',
      title: 'Every decision about this person',
      testid: 'person-decisions',
      lines: [
        'When (ISO 8601 with offset), which organisation asked (consumer) and which vendor called for it (supplier), through which delegation, on which consent, and whether it was allowed or denied and why.',
        ...(r.decisions.length < r.count
          ? [`The first ${int(r.decisions.length)} of ${int(r.count)} are listed.`]
          : []),
      ],
      tables: [
        {
          caption: 'Decisions in log order',
          headers: [
            'when',
            'consumer',
            'supplier',
            'delegation',
            'consent',
            'consent valid',
            'decision',
            'why',
            'api',
            'record',
          ],
          rows: r.decisions.map((d) => [
            time(d.evaluatedAt),
            d.consumerOrgno ?? d.consumer,
            d.supplierOrgno ?? d.supplier,
            d.delegation === null
              ? null
              : `${DELEGATION[d.delegation] ?? d.delegation}${d.delegationSource === null ? '' : ` (${d.delegationSource})`}${d.handledBy === null ? '' : `, handled by ${d.handledBy}`}`,
            d.consent === null ? null : `${d.consent.source ?? '–'} ${d.consent.id ?? ''}`.trim(),
            d.consent === null
              ? null
              : `${time(d.consent.validFrom) ?? '–'} to ${time(d.consent.validTo) ?? '–'}`,
            d.decision,
            d.reasons.length === 0
              ? null
              : d.reasons.map((x) => (x.en === null ? x.code : `${x.code}: ${x.en}`)).join('; '),
            d.route === null ? null : `${d.method ?? ''} ${d.route}`.trim(),
            `${at(d)}${d.chain === null ? '' : ` (${d.chain} seq ${d.seq ?? '–'})`}`,
          ]),
        },
      ],
    },
  ];
}
