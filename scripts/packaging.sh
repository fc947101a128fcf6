#!/usr/bin/env bash
# The packaging test: builds and packs the five packages with `pnpm pack` (scripts/pack.sh, which rewrites
# workspace:* ranges) into packed/ (PACK_DIR; kept after the run, for `npm install packed/*.tgz` into an app),
# then installs tarballs with npm into fresh projects in a temp dir (no workspace) and runs there, against the
# installed packages only: first what an Express user gets (core, rules and adapters with express: no
# prom-client, no @opentelemetry/api, no inspector page, no bin; its size and dependency list printed); then, with
# all five, an Express app and a Fastify app (ESM), a CommonJS require(), the `dsop-guard` bin of @dsop-guard/cli
# through npx (with --rules), and redisConsentStore on node-redis 5; then an Express 4 app with node-redis 6
# (npm must resolve the peers), type-checked with @types/express@4. Each judges tokens minted with
# @dsop-guard/core/testing against local keys and asserts the decisions.
# Prints one "ok …" line per check and ends with "packaging: passed" or "packaging: FAILED"; exit 0 or 1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/dsop-guard-packaging.XXXXXX")"
say() { printf 'packaging: %s\n' "$*"; }
finish() {
  local status=$?
  rm -rf "$work"
  bash "$root/scripts/redis.sh" --stop 2>/dev/null || true # only if this run started it
  if [ "$status" -eq 0 ]; then say "passed"; else say "FAILED (exit $status; the lines above say where)"; fi
}
trap finish EXIT

# A throwaway redis-server for the consent store checks (idempotent; without one they are skipped, or fail under CI).
bash "$root/scripts/redis.sh" 2>/dev/null || true
REDIS_URL="${REDIS_URL:-$(cat "$root/node_modules/.cache/dsop-guard/redis-url" 2>/dev/null || true)}"
export REDIS_URL

packed="${PACK_DIR:-$root/packed}"
say "building and packing into $packed"
PACK_DIR="$packed" bash "$root/scripts/pack.sh"
mkdir -p "$work/tarballs" "$work/app"
cp "$packed"/dsop-guard-*.tgz "$work/tarballs/"
tarball() { ls "$work"/tarballs/dsop-guard-"$1"-[0-9]*.tgz; }
guardTarballs=("$(tarball core)" "$(tarball rules)" "$(tarball adapters)")
for tarball in "$work"/tarballs/*.tgz; do
  if grep -q '"workspace:' <<<"$(tar -xOzf "$tarball" package/package.json)"; then
    say "$(basename "$tarball") still has a workspace: range"
    exit 1
  fi
  listing="$(tar -tzf "$tarball")"
  for file in LICENSE README.md; do
    grep -qx "package/$file" <<<"$listing" || { say "$(basename "$tarball") lacks $file"; exit 1; }
  done
done

say "what an Express user installs: npm install of the core, rules and adapters tarballs and express"
mkdir "$work/express-user" && cd "$work/express-user"
printf '{ "name": "packaging-express-user", "private": true, "type": "module" }\n' >package.json
npm install --no-audit --no-fund --loglevel=error "${guardTarballs[@]}" express
node "$root/test/packaging/footprint.mjs"

say "npm install of all five tarballs, express, fastify and redis@5 into a fresh project"
cd "$work/app"
printf '{ "name": "packaging-check", "private": true, "type": "module" }\n' >package.json
npm install --no-audit --no-fund --loglevel=error "$work"/tarballs/*.tgz express fastify 'redis@^5.0.0'
cp "$root"/test/packaging/*.mjs "$root"/test/packaging/*.cjs .

for check in express.mjs fastify.mjs require.cjs cli.mjs redis.mjs; do
  node "$check"
done

say "npm install into an Express 4 app with node-redis 6 (the peer ranges must let npm resolve it)"
mkdir "$work/app4" && cd "$work/app4"
printf '{ "name": "packaging-check-express4", "private": true, "type": "module" }\n' >package.json
npm install --no-audit --no-fund --loglevel=error "${guardTarballs[@]}" 'express@^4.21.0' 'redis@^6.0.0'
cp "$root"/test/packaging/fixture.mjs "$root"/test/packaging/express.mjs "$root"/test/packaging/redis.mjs .
node -e 'console.log(`  express ${require("express/package.json").version}, redis ${require("redis/package.json").version}`)'
node express.mjs | sed 's/(ESM)/4 (ESM)/'
node redis.mjs

say "tsc over an Express 4 app with @types/express@4 (strict, NodeNext)"
npm install --no-audit --no-fund --loglevel=error 'typescript@~5.9.0' '@types/express@^4.17.21' '@types/node@^20'
cp "$root"/test/packaging/express4Types.ts .
printf '%s\n' '{ "compilerOptions": { "strict": true, "module": "NodeNext", "moduleResolution": "NodeNext",' \
  '"target": "ES2022", "noEmit": true, "skipLibCheck": true, "exactOptionalPropertyTypes": true },' \
  '"files": ["express4Types.ts"] }' >tsconfig.json
npx --no-install tsc -p tsconfig.json
echo "ok tsc: expressGuard and req.dsopVerdict type-check in an Express 4 app"
