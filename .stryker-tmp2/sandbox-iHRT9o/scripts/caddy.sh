#!/usr/bin/env bash
# Makes sure Caddy 2 is installed for the gateway tests (test/gateway/attacks.test.ts), installing the Debian
# package first if it is missing and this is root with apt-get. Idempotent. It starts nothing: the tests write
# their own Caddyfile into a temp dir (admin API off, loopback only) and start and stop Caddy themselves.
# Never fails the test run by itself: without Caddy, its gateway tests fail under CI=true and skip (loudly)
# elsewhere. CADDY_PATH names another binary.
set -u

caddy="${CADDY_PATH:-/usr/bin/caddy}"

say() { printf 'scripts/caddy.sh: %s\n' "$*" >&2; }

usable() { [ -x "$caddy" ] && "$caddy" version 2>/dev/null | grep -Eq '^v?2\.'; }

if usable; then
  say "caddy ready at $caddy"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  say "installing caddy (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  # A system Caddy the package may start is left alone: the tests start their own, on free loopback ports.
  if ! { apt-get update -qq >/dev/null && apt-get install -y -qq caddy >/dev/null; }; then
    say "apt-get install caddy failed; its gateway tests will fail under CI and skip elsewhere"
  fi
else
  say "$caddy is not installed and this is not root with apt-get, so it cannot be installed here;"
  say "install it (apt-get install caddy) or set CADDY_PATH. Its gateway tests fail under CI and skip elsewhere."
fi

if usable; then
  say "caddy ready at $caddy"
else
  say "no Caddy 2 at $caddy"
fi
exit 0
