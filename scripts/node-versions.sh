#!/usr/bin/env bash
# The supported Node range, tested: installs the npm registry's `node` packages (real Node binaries, e.g. node@22,
# node@24) into a temp dir, and runs with each the packaging test and the core and rules suites; the machine's own
# Node (20 here) runs them in `pnpm test` and `pnpm packaging`. Versions to try: arguments, default 22 24
# (NODE_VERSIONS also works). Ends with one line per version, "node <v>: passed" or "failed (…)", and exits 1 if
# any failed or could not be installed.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
versions=("$@")
[ "${#versions[@]}" -gt 0 ] || read -r -a versions <<<"${NODE_VERSIONS:-22 24}"
work="$(mktemp -d "${TMPDIR:-/tmp}/dsop-guard-node-versions.XXXXXX")"
trap 'rm -rf "$work"' EXIT
status=0
results=()

for v in "${versions[@]}"; do
  echo "--- node $v: npm install node@$v"
  dir="$work/node-$v"
  mkdir -p "$dir"
  if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node@$v" >/dev/null; then
    results+=("node $v: failed (npm install node@$v)")
    status=1
    continue
  fi
  bin="$(cd "$dir/node_modules/.bin" && pwd)"
  actual="$("$bin/node" --version)"
  echo "--- node $v is $actual ($bin/node)"
  failed=()
  echo "--- node $actual: core and rules suites"
  (cd "$root" && PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run test/core test/rules --maxWorkers=1) ||
    failed+=("core and rules suites")
  echo "--- node $actual: packaging test"
  (cd "$root" && PATH="$bin:$PATH" bash scripts/packaging.sh) || failed+=("packaging")
  if [ "${#failed[@]}" -eq 0 ]; then
    results+=("node $actual: passed (core and rules suites, packaging)")
  else
    results+=("node $actual: failed ($(IFS=,; echo "${failed[*]}"))")
    status=1
  fi
done

echo "--- node versions"
echo "node $(node --version) (the machine's): see pnpm test and pnpm packaging"
printf '%s\n' "${results[@]}"
exit $status
