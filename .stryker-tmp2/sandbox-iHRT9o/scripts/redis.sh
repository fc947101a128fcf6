#!/usr/bin/env bash
# Starts a throwaway redis-server on 127.0.0.1 for the consent store tests, installing it first if it is missing.
# Idempotent: a second run finds the server already answering and only rewrites the URL file.
# Writes the URL (redis://127.0.0.1:PORT) to $REDIS_URL_FILE, default node_modules/.cache/dsop-guard/redis-url.
# Never fails the test run by itself: without Redis, the tests fail under CI=true and skip (loudly) elsewhere.
# `scripts/redis.sh --stop` stops the server again, if (and only if) an earlier run of this script started it.
set -u

port="${DSOP_GUARD_REDIS_PORT:-6390}"
root="$(cd "$(dirname "$0")/.." && pwd)"
url_file="${REDIS_URL_FILE:-$root/node_modules/.cache/dsop-guard/redis-url}"
url="redis://127.0.0.1:${port}"

say() { printf 'scripts/redis.sh: %s\n' "$*" >&2; }
started="$(dirname "$url_file")/redis.started"

if [ "${1:-}" = "--stop" ]; then
  if [ -f "$started" ]; then
    redis-cli -h 127.0.0.1 -p "$(cat "$started")" shutdown nosave >/dev/null 2>&1 || true
    rm -f "$started" "$url_file"
    say "stopped the redis-server this script started"
  fi
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing redis-server (Debian package)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get update -qq >/dev/null && apt-get install -y -qq redis-server >/dev/null; }; then
      say "apt-get install redis-server failed; Redis tests will fail under CI and skip elsewhere"
    fi
  else
    say "redis-server is not installed and this is not root with apt-get, so it cannot be installed here;"
    say "install it (apt-get install redis-server) or set REDIS_URL. Redis tests fail under CI and skip elsewhere."
  fi
fi

mkdir -p "$(dirname "$url_file")"
rm -f "$url_file"

if ! command -v redis-server >/dev/null 2>&1; then
  exit 0
fi

ping() { redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; }

if ! ping; then
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --daemonize yes \
    --logfile "$(dirname "$url_file")/redis.log" >/dev/null && printf '%s\n' "$port" >"$started"
  for _ in $(seq 1 50); do
    ping && break
    sleep 0.1
  done
fi

if ping; then
  printf '%s\n' "$url" >"$url_file"
  say "redis ready at $url (written to $url_file)"
else
  say "redis-server did not answer on port $port; see $(dirname "$url_file")/redis.log"
fi
exit 0
