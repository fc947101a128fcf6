import { presetNames } from '@dsop-guard/rules';
import { rulesOption } from '../flags/rulesFlag.js';

// Private: the help text of the command in this folder, beside its flags and its run.

export const checkHelp = `dsop-guard check: judge one request (or a batch) and print the verdict (JSON, or text).

Usage:
  dsop-guard check (--preset <name> --env <test|prod> | --policy <file>) [keys] [time] <request | --batch>

Policy (one of):
  --preset <name>               a built-in preset: ${presetNames.join(', ')}
  --env <test|prod>             the preset's environment (required with --preset)
  --policy <file>               a policy file (.json, .yaml, .yml) that states its transport (transport:) or
                                extends a preset (extends: <preset>/<test|prod>, whose transport, issuers and key
                                locations it inherits); one that extends none needs --maskinporten-jwks
${rulesOption('with --policy')}

Keys (default with a preset: fetched from the environment's Maskinporten metadata and Altinn JWKS):
  --maskinporten-jwks <file|url>  JWKS of the Maskinporten token issuer (a JSON file, or an https URL)
  --maskinporten-issuer <iss>     the issuer those keys bind: a token whose iss is another is denied
                                (default: the preset's, else the one the policy's issuer rule accepts)
  --altinn-jwks <file|url>        JWKS of the Altinn consent token issuer (keys matched by kid or x5t)
  --proxy <url>                   the egress proxy for every key fetch, http and https alike (default
                                HTTPS_PROXY for https URLs, HTTP_PROXY for http ones, minus NO_PROXY's hosts;
                                the lower-case forms first). A failed fetch is told on standard error: its URL
                                (no query), the cause and the proxy (never its user info)

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
                                With --audit, check says on standard error first how persons appear in the log,
                                whether checkpoints are signed and where the keys come from
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
  dsop-guard check --policy acme.policy.yaml --rules ./acme-rules.ts --maskinporten-jwks ./maskinporten-jwks.json \\
    --maskinporten-token-file - --person 01085301957 < mp.jwt
  dsop-guard check --policy policies/acme.policy.yaml --maskinporten-jwks ./maskinporten-jwks.json \\
    --altinn-jwks https://tt02.altinn.no/api/metadata/jwk --now 1764000000 \\
    --maskinporten-token-file mp.jwt --consent-token-file consent.jwt --person 01085301957
  cat requests.jsonl | dsop-guard check --preset lanekassen-saldo --env prod --batch - > verdicts.jsonl
`;
