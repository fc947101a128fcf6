import { rulesUsage } from '../flags/rulesFlag.js';

// Private: the help text of the command in this folder, beside its flags and its run.

export const reportHelp = `dsop-guard report: read decision logs and write an audit report (HTML, Markdown and JSON).

Usage:
  dsop-guard report <decisions.jsonl…> --out <dir> [options]

A log and its rotations (decisions.jsonl*) are read oldest first whatever the order given, other files in the
order given: every line goes through the same chain verifier as dsop-guard audit verify. Files are streamed,
never read whole.

Writes into <dir> (created if missing):
  index.html   one self-contained page: totals, charts, tables; no script, no network
  report.md    the same sections in Markdown
  report.json  the figures (the AuditReport type of @dsop-guard/report, described by
               @dsop-guard/report/report.schema.json)

Besides the counts, the report names the policies that decided (id, version, sha256, first and last seen),
the privacy modes and pseudonymisation key ids, each chain's first and last seq and hash and its signature
state, and the sha256 of each input file: it is tied to one state of the log. Times read as ISO 8601 with
their offset; report.json holds epoch seconds.

Options:
  --out <dir>                    where to write the report (required)
  --consent-expiry-days <days>   a consent is close to expiry with less than this left at a decision (default 7)
  --top <n>                      rows per ranking: reasons, consumers, suppliers, consents (default 10)
  --partial                      accept chains that start after seq 1 (older files rotated away)
  --coverage                     add the coverage sections: per rule how often it passed, failed, was skipped;
                                 the rules that never failed; the codes that occurred (and, with the policy
                                 named, those that never did); the any/when branches that never decided; each
                                 shadow rule's would-deny rate
  --public-key <file.pem>, --max-gap <n>, --chains <id,…>, --chains-file <file>, --witness <file>
                                 what dsop-guard audit verify checks with them; a log that does not verify is
                                 not certified: exit 1, and the integrity section says so
  --policy <file> [${rulesUsage}] | --preset <name> --env <test|prod>
                                 the policy whose custom reason codes (namespaced, e.g. acme.consumer_blocked)
                                 the deny reasons table explains with their messages, whose sha256 the report
                                 matches against the records', and whose whole tree the coverage lists; it
                                 judges nothing; ${rulesUsage} loads the custom rules the file names, as
                                 for dsop-guard check (JavaScript or TypeScript)
  --max-line-bytes <n>           the longest line read (default 1048576, 1 MiB): a longer one stops with
                                 file:line, exit 2
  --max-chains <n>               the distinct chains kept (default 100000): a record of any further chain is
                                 an integrity problem (too_many_chains)

Exit status:
  0  report written, every chain whole and every line a record
  1  report written, integrity problems found (a break, an edited, missing or unreadable line)
  2  nothing written: a usage or input error (no --out, no files, a file that cannot be read or is not
     regular, a line over --max-line-bytes)

Examples:
  dsop-guard report /var/log/dsop-guard/decisions.jsonl.1 /var/log/dsop-guard/decisions.jsonl --out audit-report
  dsop-guard report --coverage --preset lanekassen-saldo --env prod decisions.jsonl* --out audit-report
`;
