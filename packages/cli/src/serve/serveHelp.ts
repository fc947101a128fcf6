import { availableParallelism } from 'node:os';
import { rulesUsage } from '../flags/rulesFlag.js';

// Private: the help text of the command in this folder, beside its flags and its run.

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
  --preset <name> --env <test|prod> | --policy <file> [${rulesUsage}]
  --maskinporten-jwks <file|url>  --maskinporten-issuer <iss>  --altinn-jwks <file|url>  --proxy <url>
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
  --watch-policy                with --policy <file>: reload the policy when the file changes (as SIGUSR2 does;
                                the file's directory is watched, so a save by rename and a Kubernetes ConfigMap
                                update are seen)

Decision log:
  --audit <file>                each worker appends to its own file and chain: decisions.jsonl becomes
                                decisions-w1.jsonl, decisions-w2.jsonl, …; check them with dsop-guard audit verify
  --chain-id <id>               the chains' id, suffixed /w1, /w2, … (default the host name)
  --checkpoint-every <n>        a signed checkpoint every n records in each chain, and one at a graceful stop and
                                before each rotation; verify the workers' chains together with
  --signing-key-file <file>     --chains <id>/w1,<id>/w2,… (key from the file or DSOP_GUARD_SIGNING_KEY), as for check

Operator events go to standard error as JSON lines; the service's own messages start with "dsop-guard serve:",
first the start-up notes: the decision log's privacy mode, whether checkpoints are signed, where each key set is
loaded from, the egress proxy. /readyz on the admin port names each key set's source and its last failed fetch.
SIGTERM or SIGINT: stop accepting, answer the checks in flight (at most 10 s), flush the decision logs, exit 0.
SIGHUP (logrotate's postrotate, after moving the logs; never copytruncate): every worker reopens its decision log.
SIGUSR2 (to the primary, the process you started): load the policy again, as at start. One that does not load
changes nothing (the error is logged, with a policy.reload_failed event); one that does is sent (its text) to every
worker, and each builds its new guard and switches to it: checks in flight finish under the policy they started
with, each decision record names its policy (id, version, sha256), and /readyz and /metrics
(dsop_guard_policy_info) say which policy each worker runs. A --rules module is imported once (restart for it).

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
