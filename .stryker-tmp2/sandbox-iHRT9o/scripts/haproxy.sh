#!/usr/bin/env bash
# Makes sure HAProxy 2.6 or later with Lua is installed for the gateway tests (test/gateway/attacks.test.ts),
# installing the Debian package first if it is missing and this is root with apt-get. Idempotent. It starts
# nothing: the tests write their own haproxy.cfg and Lua action into a temp dir and start and stop HAProxy
# themselves. Never fails the test run by itself: without HAProxy, its gateway tests fail under CI=true and skip
# (loudly) elsewhere. HAPROXY_PATH names another binary.
set -u

haproxy="${HAPROXY_PATH:-/usr/sbin/haproxy}"

say() { printf 'scripts/haproxy.sh: %s\n' "$*" >&2; }

# 2.6 or later (core.httpclient() in actions), built with Lua.
usable() {
  [ -x "$haproxy" ] &&
    "$haproxy" -v 2>/dev/null | grep -Eq 'HAProxy version (2\.([6-9]|[1-9][0-9])|[3-9])\.' &&
    "$haproxy" -vv 2>/dev/null | grep -q 'Built with Lua'
}

if usable; then
  say "haproxy ready at $haproxy"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  say "installing haproxy (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  # A system HAProxy the package may start is left alone: the tests start their own, on free loopback ports.
  if ! { apt-get update -qq >/dev/null && apt-get install -y -qq haproxy >/dev/null; }; then
    say "apt-get install haproxy failed; its gateway tests will fail under CI and skip elsewhere"
  fi
else
  say "$haproxy is not installed and this is not root with apt-get, so it cannot be installed here;"
  say "install it (apt-get install haproxy) or set HAPROXY_PATH. Its gateway tests fail under CI and skip elsewhere."
fi

if usable; then
  say "haproxy ready at $haproxy"
else
  say "no HAProxy 2.6+ with Lua at $haproxy"
fi
exit 0
