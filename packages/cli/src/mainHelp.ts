// Private: the help text of `dsop-guard` itself (each command's is in its folder).

export const mainHelp = `dsop-guard: decide whether a request to a DSOP-style API may pass, from a Maskinporten token and an
Altinn consent, and print the verdict as JSON.

Usage:
  dsop-guard check [options]     judge one request, or a batch of them (see dsop-guard check --help)
  dsop-guard test <policy> <cases…>
                                 run policy test cases against a policy (see dsop-guard test --help)
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
  dsop-guard --version           the version of @dsop-guard/cli
  dsop-guard --help              this text (dsop-guard help <command>: that command's help)

Examples:
  dsop-guard check --preset lanekassen-saldo --env test \\
    --maskinporten-token-file mp.jwt --consent-token-file consent.jwt --person 01085301957
  dsop-guard check --preset lanekassen-saldo --env test --batch requests.jsonl > verdicts.jsonl
`;
