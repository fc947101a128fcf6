#!/usr/bin/env bash
# `pnpm pack:all`: builds the five packages and packs each with `pnpm pack` (which rewrites the workspace:* ranges
# to real versions) into packed/ at the repository root (PACK_DIR to choose another directory), replacing what was
# there. The packages are not on the npm registry yet: install these tarballs into an app with
#   npm install /path/to/dsop-guard/packed/*.tgz
# (all five; the CLI's bin is then `npx dsop-guard`), or only core, rules and adapters for the in-process guard.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${PACK_DIR:-$root/packed}"
mkdir -p "$out"
rm -f "$out"/dsop-guard-*.tgz
(cd "$root" && pnpm --silent build)
for pkg in core rules adapters report cli; do
  (cd "$root/packages/$pkg" && pnpm --silent pack --pack-destination "$out" >/dev/null)
done
ls "$out"/dsop-guard-*.tgz
