import { presetNames } from '@dsop-guard/rules';
import { rulesOption, rulesUsage } from '../flags/rulesFlag.js';

// Private: the help text of the command in this folder, beside its flags and its run.

export const replayHelp = `dsop-guard replay: re-decide the decisions in decision logs under another policy, and report the difference.

Usage:
  dsop-guard replay (--policy <file> [${rulesUsage}] | --preset <name> --env <test|prod>) <decisions.jsonl…> --out <dir> [options]

Every decision record's claim snapshot is judged by the policy's rules at the time the decision was taken (the
record's evaluatedAt, the snapshot's clock tolerance). Pseudonymised fields are compared as pseudonyms; the facts
about person numbers (kind, checksum) come from the record. Nothing is verified again: replay needs no token and
takes none. A log and its rotations are read oldest first, as by report; every line also goes through the chain
verifier.

Decisions taken before any policy ran (the input, a token or the consent failed) stay denies and are counted
apart. Records that cannot be replayed (another record version, no snapshot, edited after writing, a person
number without recorded facts, a torn or corrupt line) are counted and named by reason, never guessed.

Writes into <dir> (created if missing) the report family of dsop-guard report, replay sections first:
  index.html   deny→allow (the dangerous direction) and allow→deny flips per rule, reason, consumer and
               supplier, each with sample records (chain and seq); denies for other reasons; not replayable
  report.md    the same sections in Markdown
  report.json  the figures: the audit report of the logs with a "replay" member (ReplaySummary of
               @dsop-guard/report/replay)

Policy (one of):
  --policy <file>               the policy file to replay (.json, .yaml, .yml)
${rulesOption('with --policy')}
  --preset <name>               a built-in preset's policy: ${presetNames.join(', ')}
  --env <test|prod>             the preset's environment (required with --preset)

Options:
  --out <dir>                   where to write the report (required)
  --top <n>                     rows per ranking (default 10)
  --samples <n>                 record references kept per group (default 5)
  --partial                     accept chains that start after seq 1 (older files rotated away)
  --max-line-bytes <n>          the longest line read (default 1048576, 1 MiB): a longer one stops with
                                file:line, exit 2
  --max-chains <n>              the distinct chains kept (default 100000): a record of any further chain is
                                the problem too_many_chains
  --public-key <file.pem>, --max-gap <n>, --chains <id,…>, --chains-file <file>, --witness <file>
                                what dsop-guard audit verify checks with them; a log that does not verify is
                                not certified: exit 1, and the integrity section says so

A flag given twice is a usage error.

Exit status:
  0  report written: no deny would become an allow, every record replayed, every chain whole
  1  report written, and a deny would become an allow, or a line or record could not be replayed, or a chain
     is broken (the report says which)
  2  nothing written: a usage or input error (no --out, no files, an unreadable or not regular file, a line
     over --max-line-bytes, a bad policy, an unknown option)

Examples:
  dsop-guard replay --policy new.policy.yaml --rules ./acme-rules.ts decisions.jsonl.1 decisions.jsonl --out replay-report
  dsop-guard replay --preset lanekassen-saldo --env prod /var/log/dsop-guard/decisions.jsonl --out replay-report
`;
