// Private: the help text of the command in this folder, beside its flags and its run.

export const auditHelp = `dsop-guard audit: check the hash chains of decision logs (written by --audit or fileSink).

Usage:
  dsop-guard audit verify <file…> [--public-key <file.pem>] [--max-gap <n>] [--chains <id,…>] [--chains-file <file>]
                                  [--witness <file>]… [--partial] [--format text|json]
                                  [--max-line-bytes <n>] [--max-chains <n>]
  dsop-guard audit keygen --out <dir>
  dsop-guard audit person <file…> --out <dir> [--person-file <file>] [--public-key <file.pem>] [--partial] …

A log and its rotations (decisions.jsonl decisions.jsonl.1 …, e.g. decisions.jsonl*) are read oldest first
whatever the order given; other files in the order given. Every record must match its hash (over the line's
exact bytes: CRLF, a BOM or trailing spaces are edits), link to the previous record of its chain and follow it
by one seq; many chains may share the files.
Prints, per chain, "chain <id>: <n> records, seq a–b, whole" or its first broken link
("file:line: chain <id> seq <n>: what is wrong"), every epoch a writer started, then every line that holds no
record. Without a public key the chain shows accidents, not an attacker (anyone can rebuild a hash chain).

Options:
  --public-key <file.pem>       the checkpoint signing key's public key (Ed25519): every chain must then be signed:
                                a checkpoint that verifies, no more records between two checkpoints than they
                                promise (their every), and no more after the last; the length of that tail is shown
  --max-gap <n>                 with --public-key: the most records allowed between checkpoints and after the last,
                                instead of the checkpoints' every
  --chains <id,…>               the chains that must be there (e.g. gw/w1,gw/w2 for serve --workers 2 --chain-id gw);
                                a missing one is a problem
  --chains-file <file>          the same, one id a line (# comments)
  --witness <file>              checkpoints as another sink wrote them (a pino log, a second file, JSON lines):
                                each must be in the files with the same hash; shows a cut tail or a rewritten chain
  --partial                     accept chains that start after seq 1 (older files rotated away)
  --format text|json            text (default) or the verifier's report as JSON
  --max-line-bytes <n>          the longest line read (default 1048576, 1 MiB): a longer one stops with
                                file:line, exit 2
  --max-chains <n>              the distinct chains kept (default 100000): a record of any further chain is
                                the problem too_many_chains

keygen writes checkpoint-signing.pem (mode 0600, for the writers: --signing-key-file or DSOP_GUARD_SIGNING_KEY)
and checkpoint-public.pem (for readers: --public-key) into <dir>, and prints the key id; it never overwrites.

person answers a person's access request (GDPR article 15): every decision about one person, when (ISO 8601),
which organisation asked (consumer, supplier), through which delegation, on which consent, allowed or denied
and why. The person number comes on stdin or in --person-file, never as an argument (one that looks like a
person number is refused, exit 2, and not echoed); it is checked like the rules check one (control digits,
date). The pseudonymisation key comes from DSOP_GUARD_AUDIT_KEY, as when the logs were written. Writes
index.html, person.md and person.json into --out (mode 0600: they hold the person number, which is written
nowhere else). Logs written with persons masked (no key) cannot answer: exit 1, and the report says so.

Exit status:
  0  every chain whole (and, with --public-key, signed), every line a record
  1  a broken link (person: also logs that cannot answer, masked without a key), a damaged or torn line, an unsigned chain or tail, a missing chain, a witness mismatch
  2  a usage or input error: no files, an unreadable or not regular file, a line over --max-line-bytes,
     an unknown option, a key that is not an Ed25519 public key

Examples:
  dsop-guard audit keygen --out /etc/dsop-guard/keys
  dsop-guard audit verify --public-key checkpoint-public.pem /var/log/dsop-guard/decisions.jsonl*
  dsop-guard audit verify --public-key checkpoint-public.pem --chains gw/w1,gw/w2 --witness pino.log decisions-w*.jsonl
  dsop-guard audit person --person-file request-4711.txt --out answer-4711 /var/log/dsop-guard/decisions.jsonl*
`;
