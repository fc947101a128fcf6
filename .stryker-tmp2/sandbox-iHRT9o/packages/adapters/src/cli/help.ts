// @ts-nocheck
import { availableParallelism } from 'node:os';
import { presetNames } from '@dsop-guard/rules';

// Private: the CLI's help texts.

export const mainHelp = `dsop-guard: decide whether a request to a DSOP-style API may pass, from a Maskinporten token and an
Altinn consent, and print the verdict as JSON.

Usage:
  dsop-guard check [options]     judge one request, or a batch of them (see dsop-guard check --help)
  dsop-guard audit verify <files…>
                                 check the hash chains of decision logs (see dsop-guard audit --help)
  dsop-guard report <logs…> --out <dir>
                                 an audit report of decision logs (see dsop-guard report --help)
  dsop-guard replay --policy <file> <logs…> --out <dir>
                                 what a new policy would have decided on the recorded decisions (see dsop-guard replay --help)
  dsop-guard inspect [--port <n> | --out <file.html>]
                                 a local token inspector page (see dsop-guard inspect --help)
  dsop-guard serve [options]     the guard as an HTTP authorization service for gateways (nginx auth_request,
                                 Envoy ext_authz, Traefik ForwardAuth, Kong; see dsop-guard serve --help)
  dsop-guard --version           the version of @dsop-guard/adapters
  dsop-guard --help              this text

Examples:
  dsop-guard check --preset lanekassen-saldo --env test \\
    --maskinporten-token-file mp.jwt --consent-token-file consent.jwt --person 01085301957
  dsop-guard check --preset lanekassen-saldo --env test --batch requests.jsonl > verdicts.jsonl
`;

export const checkHelp = `dsop-guard check: judge one request (or a batch) and print the verdict (JSON, or text).

Usage:
  dsop-guard check (--preset <name> --env <test|prod> | --policy <file>) [keys] [time] <request | --batch>

Policy (one of):
  --preset <name>               a built-in preset: ${presetNames.join(', ')}
  --env <test|prod>             the preset's environment (required with --preset)
  --policy <file>               a policy file (.json, .yaml, .yml); needs --maskinporten-jwks
  --rules <module.js>           with --policy: an ES module whose default export is an object of rule name →
                                factory (loadPolicy's customRules), for the custom rules the file names.
                                It is your code and runs with the CLI's rights

Keys (default with a preset: fetched from the environment's Maskinporten metadata and Altinn JWKS):
  --maskinporten-jwks <file|url>  JWKS of the Maskinporten token issuer (a JSON file, or an https URL)
  --maskinporten-issuer <iss>     the issuer those keys bind: a token whose iss is another is denied
                                (default: the preset's, else the one the policy's issuer rule accepts)
  --altinn-jwks <file|url>        JWKS of the Altinn consent token issuer (keys matched by kid or x5t)

Time:
  --now <epoch seconds>         judge as at this time (default: now); a batch line's "now" wins
  --clock-tolerance <seconds>   leeway for exp, nbf and iat (default 10, at most 300)

One request (prefer the -file flags: every user of the machine can read a command line):
  --maskinporten-token-file <file | ->
                                the raw Maskinporten access token (no "Bearer ") from a file, "-" for standard input
                                (at most 1 MiB, like --consent-token-file)
  --consent-token-file <file | ->
                                the Altinn 2 consent token from a file (surrounding quotes are stripped)
  --maskinporten-token <jwt>    the same on the command line
  --consent-token <jwt>         the same on the command line
  --person <fnr>                the person the request is about (PSU-ID)
  --request-id <id>             carried into the verdict

A batch:
  --batch <file.jsonl | ->      one request per line, "-" for standard input:
                                {"id": "a1", "maskinportenToken": "...", "consentToken": "...", "person": "...", "now": 1764000000}
                                (consentToken, person, requestId and now are optional). Each output line is that
                                line's verdict with the same "id", in input order. A malformed line gets a deny
                                verdict with code input_malformed ("id": null if it has none); blank lines are skipped.
                                A line holds at most 1 MiB: a longer one ends the run with a usage error (exit 2).

Stored consents:
  --consent-store <memory|redis://…>  keep consents between requests (useful in a batch: a later line for the same
                                person and consumer may leave out consentToken). For Redis, the secret comes from
                                DSOP_GUARD_CONSENT_STORE_KEY (at least 32 bytes): it names and seals the entries; a
                                changed, planted or copied entry is a deny with consent_store_tampered.

Decision log:
  --audit <file>                append a decision record per verdict to <file> (JSON lines, hash-chained, synced
                                per record; one writer per file). Persons are pseudonymised with the key in
                                DSOP_GUARD_AUDIT_KEY (at least 32 bytes, secret; its id from DSOP_GUARD_AUDIT_KEY_ID,
                                default "env"), and masked without it. Check it with dsop-guard audit verify.
  --chain-id <id>               this writer's chain id (letters, digits, ._:/-; default the host name)
  --checkpoint-every <n>        with --audit: a signed checkpoint record every n records of the chain, counted
                                across runs (default 1000 when a signing key is given); needs the signing key
  --signing-key-file <file>     the Ed25519 private key checkpoints are signed with (PEM; default the PEM text in
                                DSOP_GUARD_SIGNING_KEY); make a pair with dsop-guard audit keygen. Readers check
                                the checkpoints with the public key: dsop-guard audit verify --public-key

Output:
  --format <json|text>          json (default): the verdict; text: explain(verdict), one line per rule
                                (a batch: each explanation's first line starts with the line's id)
  --lang <en|nb>                with --format text: English (default) or Norwegian

A flag given twice is a usage error.

Exit status:
  0  allow (a batch: every line allowed, or no lines)
  1  deny  (a batch: at least one line denied)
  2  no verdict: a usage, configuration or input/output error (the message says what to fix)

Examples:
  dsop-guard check --preset lanekassen-saldo --env test --format text --lang nb \\
    --maskinporten-token-file mp.jwt --consent-token-file consent.jwt --person 01085301957
  dsop-guard check --policy acme.policy.yaml --rules ./acme-rules.js --maskinporten-jwks ./maskinporten-jwks.json \\
    --maskinporten-token-file - --person 01085301957 < mp.jwt
  dsop-guard check --policy policies/acme.policy.yaml --maskinporten-jwks ./maskinporten-jwks.json \\
    --altinn-jwks https://tt02.altinn.no/api/metadata/jwk --now 1764000000 \\
    --maskinporten-token-file mp.jwt --consent-token-file consent.jwt --person 01085301957
  cat requests.jsonl | dsop-guard check --preset lanekassen-saldo --env prod --batch - > verdicts.jsonl
`;

export const auditHelp = `dsop-guard audit: check the hash chains of decision logs (written by --audit or fileSink).

Usage:
  dsop-guard audit verify <file…> [--public-key <file.pem>] [--max-gap <n>] [--chains <id,…>] [--chains-file <file>]
                                  [--witness <file>]… [--partial] [--format text|json]
                                  [--max-line-bytes <n>] [--max-chains <n>]
  dsop-guard audit keygen --out <dir>

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

Exit status:
  0  every chain whole (and, with --public-key, signed), every line a record
  1  a broken link, a damaged or torn line, an unsigned chain or tail, a missing chain, a witness mismatch
  2  a usage or input error: no files, an unreadable or not regular file, a line over --max-line-bytes,
     an unknown option, a key that is not an Ed25519 public key

Examples:
  dsop-guard audit keygen --out /etc/dsop-guard/keys
  dsop-guard audit verify --public-key checkpoint-public.pem /var/log/dsop-guard/decisions.jsonl*
  dsop-guard audit verify --public-key checkpoint-public.pem --chains gw/w1,gw/w2 --witness pino.log decisions-w*.jsonl
`;

export const reportHelp = `dsop-guard report: read decision logs and write an audit report (HTML, Markdown and JSON).

Usage:
  dsop-guard report <decisions.jsonl…> --out <dir> [options]

A log and its rotations (decisions.jsonl*) are read oldest first whatever the order given, other files in the
order given: every line goes through the same chain verifier as dsop-guard audit verify. Files are streamed,
never read whole.

Writes into <dir> (created if missing):
  index.html   one self-contained page: totals, charts, tables; no script, no network
  report.md    the same sections in Markdown
  report.json  the figures (the AuditReport type of @dsop-guard/adapters/report)

Options:
  --out <dir>                    where to write the report (required)
  --consent-expiry-days <days>   a consent is close to expiry with less than this left at a decision (default 7)
  --top <n>                      rows per ranking: reasons, consumers, suppliers, consents (default 10)
  --partial                      accept chains that start after seq 1 (older files rotated away)
  --public-key <file.pem>, --max-gap <n>, --chains <id,…>, --chains-file <file>, --witness <file>
                                 what dsop-guard audit verify checks with them; a log that does not verify is
                                 not certified: exit 1, and the integrity section says so
  --policy <file> [--rules <module.js>] | --preset <name> --env <test|prod>
                                 the policy whose custom reason codes (namespaced, e.g. acme.consumer_blocked)
                                 the deny reasons table explains with their messages; it judges nothing
  --max-line-bytes <n>           the longest line read (default 1048576, 1 MiB): a longer one stops with
                                 file:line, exit 2
  --max-chains <n>               the distinct chains kept (default 100000): a record of any further chain is
                                 an integrity problem (too_many_chains)

Exit status:
  0  report written, every chain whole and every line a record
  1  report written, integrity problems found (a break, an edited, missing or unreadable line)
  2  nothing written: a usage or input error (no --out, no files, a file that cannot be read or is not
     regular, a line over --max-line-bytes)

Example:
  dsop-guard report /var/log/dsop-guard/decisions.jsonl.1 /var/log/dsop-guard/decisions.jsonl --out audit-report
`;

export const inspectHelp = `dsop-guard inspect: a token inspector in your browser that sends nothing anywhere.

Usage:
  dsop-guard inspect [--port <n>]      serve the page on http://127.0.0.1:<n>/ (default 8417; 0 picks a free port)
  dsop-guard inspect --out <file.html> write the page as one self-contained file instead

Paste a Maskinporten token and a consent token (or a request's headers), choose a preset and environment or load
a policy file, paste the issuers' JWKS (or let the served page fetch them), and see both tokens decoded and
explained, the verdict rule by rule (the dsop-guard library itself, bundled for the browser), the cross-checks,
the time windows, the identifiers and the common traps. Personal numbers are masked until you reveal them.

The page loads nothing and sends nothing: its Content-Security-Policy allows only its own inline script and style.
Served, it may ask this command for an issuer's JWKS (GET /jwks?issuer=maskinporten|altinn&env=test|prod), which
this command fetches from the published location: the only request that leaves the machine, and only when asked.
The server listens on 127.0.0.1 only and answers only requests addressed to 127.0.0.1 or localhost.

Options:
  --port <n>                    the port to listen on (default 8417)
  --out <file.html>             write the page to a file and exit (the file cannot fetch a JWKS: paste it)

Exit status:
  0  the file was written, or the server was stopped (Ctrl-C, SIGTERM)
  2  a usage error: an unknown option, a bad port, a port in use, a file that cannot be written

Examples:
  dsop-guard inspect
  dsop-guard inspect --out inspector.html
`;

export const replayHelp = `dsop-guard replay: re-decide the decisions in decision logs under another policy, and report the difference.

Usage:
  dsop-guard replay (--policy <file> [--rules <module.js>] | --preset <name> --env <test|prod>) <decisions.jsonl…> --out <dir> [options]

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
               @dsop-guard/adapters/replay)

Policy (one of):
  --policy <file>               the policy file to replay (.json, .yaml, .yml)
  --rules <module.js>           with --policy: an ES module whose default export is an object of rule name →
                                factory, for the custom rules the file names (your code, run with the CLI's rights)
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
  dsop-guard replay --policy new.policy.yaml --rules ./acme-rules.js decisions.jsonl.1 decisions.jsonl --out replay-report
  dsop-guard replay --preset lanekassen-saldo --env prod /var/log/dsop-guard/decisions.jsonl --out replay-report
`;

export const serveHelp = `dsop-guard serve: the guard as an external authorization service for gateways (nginx auth_request,
Envoy ext_authz in HTTP mode, Traefik ForwardAuth, Kong and HAProxy forward-auth). See docs/gateways.md.

Usage:
  dsop-guard serve --gateway <kind> (--preset <name> --env <test|prod> | --policy <file>) [keys] [options]

Every request on the check port, whatever its method and path, is a check of the original request whose headers
the gateway forwards (Authorization, the consent, person and request id headers of the transport; the original URI
and method from the headers of the gateway --gateway names, and only those). The admin endpoints are on a port of
their own (--admin-port), for GET and HEAD; anything else there is 404:
  /healthz   200 while the process runs
  /readyz    200 when the key sets have keys and the consent store answers; else 503 (JSON says which)
  /metrics   Prometheus metrics, summed over the workers
Allow: 200 with X-Dsop-Decision: allow, X-Dsop-Consumer, X-Dsop-Supplier, X-Dsop-Delegation, X-Dsop-Decision-Id
(the decision record's id, with --audit) and X-Request-Id; never the person or a token. Deny: the status,
WWW-Authenticate where due and the RFC 9457 problem body of the HTTP adapters (400, 401, 403; 503 when keys, the
consent store or the decision log cannot be reached; 500 for a rule that failed). A check sent with
X-Dsop-Problem-Headers: 1 also gets the status and body as X-Dsop-Status and X-Dsop-Problem (for nginx; every
header value is ASCII, anything else written \\uXXXX). A request with a body is answered with Connection: close.

The original request (required: --gateway, or both --uri-header and --method-header; there is no default):
  --gateway <kind>              nginx, haproxy: X-Original-URI and X-Original-Method; traefik, caddy:
                                X-Forwarded-Uri and X-Forwarded-Method; envoy: the check's own path and method
  --uri-header <name>           read the original URI from this header instead
  --method-header <name>        read the original method from this header instead
A check is refused, 400 input_malformed, when its URI or method header is missing or repeated, when another of
X-Original-URI, X-Forwarded-Uri, X-Original-URL, X-Rewrite-URL (or X-Original-Method, X-Forwarded-Method) has a
different value, and when the URI is one a URL parser would rewrite or two readers may read apart: not a path
starting with one /, a . or .. segment in any spelling (%2e), an empty segment (//), \\ or another character
outside RFC 3986's, a control character raw or %-escaped, %2F, %5C or %25 in the path, a malformed escape, a
digit of another script. The path is split as written, with no URL parser, so the path judged is the path served.

Policy, keys, clock tolerance and stored consents: as dsop-guard check (see dsop-guard check --help):
  --preset <name> --env <test|prod> | --policy <file> [--rules <module.js>]
  --maskinporten-jwks <file|url>  --maskinporten-issuer <iss>  --altinn-jwks <file|url>
  --clock-tolerance <seconds>  --consent-store <memory|redis://…>
                                with several workers or instances use Redis: a memory store is per worker

Service:
  --host <address>              where to listen (default 127.0.0.1)
  --port <port>                 the check port (default 8080; 0 picks a free one, printed at start)
  --admin-port <port|same>      the admin port (default the check port + 1; 0 picks a free one, printed at
                                start). same: the admin endpoints on the check port, where GET or HEAD of
                                /healthz, /readyz, /metrics answer them instead of a check. Safe only when
                                the gateway sends every check to one fixed path (nginx auth_request to an
                                internal location); NOT safe for Envoy ext_authz without path_prefix, which
                                sends the client's own path: a client's GET /healthz would be a 200, an
                                allow. With Envoy and Traefik ForwardAuth keep the admin port of its own
  --workers <n>                 worker processes sharing the ports (default: the number of cores, here
                                ${availableParallelism()}); a worker that dies is replaced
  --person-from-path <n>        read the person from segment n of the original path (1 the first, -1 the
                                last; write --person-from-path=-1), for services that carry it there
                                (skatteetaten-inntekt), as written: a segment with a %-escape, or none, is
                                400 input_malformed; anything but 11 ASCII digits is person_invalid
  --headers-timeout <seconds>   a connection whose headers are not all in by then gets 408 and is closed
                                (default 10, at most 300)
  --max-connections <n>         open connections per worker and port; one more is closed at once (default 1024)

Decision log:
  --audit <file>                each worker appends to its own file and chain: decisions.jsonl becomes
                                decisions-w1.jsonl, decisions-w2.jsonl, …; check them with dsop-guard audit verify
  --chain-id <id>               the chains' id, suffixed /w1, /w2, … (default the host name)
  --checkpoint-every <n>        a signed checkpoint every n records in each chain, and one at a graceful stop and
                                before each rotation; verify the workers' chains together with
  --signing-key-file <file>     --chains <id>/w1,<id>/w2,… (key from the file or DSOP_GUARD_SIGNING_KEY), as for check

Operator events go to standard error as JSON lines; the service's own messages start with "dsop-guard serve:".
SIGTERM or SIGINT: stop accepting, answer the checks in flight (at most 10 s), flush the decision logs, exit 0.
SIGHUP (logrotate's postrotate, after moving the logs; never copytruncate): every worker reopens its decision log.

Exit status:
  0  stopped by SIGTERM or SIGINT after a graceful stop
  1  a worker did not stop cleanly
  2  no service: a usage or configuration error (the message says what to fix), or a worker could not listen
     (the check port or the admin port is in use)

Examples:
  dsop-guard serve --gateway nginx --preset lanekassen-saldo --env prod --port 8080 \\
    --audit /var/log/dsop-guard/decisions.jsonl
                                checks on 8080, probes and scrapes on 8081
  DSOP_GUARD_CONSENT_STORE_KEY=… dsop-guard serve --gateway traefik --preset lanekassen-saldo --env prod \\
    --consent-store redis://redis:6379
`;
