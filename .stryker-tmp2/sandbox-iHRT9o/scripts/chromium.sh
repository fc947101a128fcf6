#!/usr/bin/env bash
# Makes sure a headless Chromium is at /usr/bin/chromium for the browser tests (test/browser), installing the
# Debian package first if it is missing and this is root with apt-get. Idempotent.
# Never fails the test run by itself: without Chromium, the browser tests fail under CI=true and skip (loudly)
# elsewhere. CHROMIUM_PATH names another binary.
set -u

browser="${CHROMIUM_PATH:-/usr/bin/chromium}"

say() { printf 'scripts/chromium.sh: %s\n' "$*" >&2; }

if [ -x "$browser" ]; then
  say "chromium ready at $browser"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  say "installing chromium (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }; then
    say "apt-get install chromium failed; browser tests will fail under CI and skip elsewhere"
  fi
else
  say "$browser is not installed and this is not root with apt-get, so it cannot be installed here;"
  say "install it (apt-get install chromium) or set CHROMIUM_PATH. Browser tests fail under CI and skip elsewhere."
fi

if [ -x "$browser" ]; then
  say "chromium ready at $browser"
else
  say "no chromium at $browser"
fi
exit 0
