// Private: the help text of the command in this folder, beside its flags and its run.

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
  --proxy <url>                 the egress proxy for that fetch (default HTTPS_PROXY, minus NO_PROXY's hosts)

Exit status:
  0  the file was written, or the server was stopped (Ctrl-C, SIGTERM)
  2  a usage error: an unknown option, a bad port, a port in use, a file that cannot be written

Examples:
  dsop-guard inspect
  dsop-guard inspect --out inspector.html
`;
