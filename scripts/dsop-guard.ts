// `pnpm dsop-guard …`: the CLI from source (tsx, the `source` condition), in the caller's directory. pnpm runs
// every script in the workspace root and names the directory it was started in INIT_CWD; the paths a user gives
// (--policy, --rules, --audit, --out, token files, JWKS files, logs) are relative to that directory, so the CLI
// starts there, before it reads a flag. The built bin (packages/cli/bin) runs where it is started.
process.chdir(process.env['INIT_CWD'] ?? process.cwd());
await import('../packages/cli/src/bin.ts');
