#!/usr/bin/env bash
# Makes sure logrotate is installed for the test of docs/gateways.md's logrotate snippet
# (test/cli/serveLogrotate.test.ts), installing the Debian package first if it is missing and this is root with
# apt-get. Idempotent. It starts nothing and touches no system configuration: the test runs logrotate itself,
# with its own configuration and state file in a temp dir. Never fails the test run by itself: without
# logrotate the test does the rename and the SIGHUP by hand and says it skipped logrotate.
# LOGROTATE_PATH names another binary.
set -u

logrotate="${LOGROTATE_PATH:-/usr/sbin/logrotate}"

say() { printf 'scripts/logrotate.sh: %s\n' "$*" >&2; }

usable() { [ -x "$logrotate" ] && "$logrotate" --version >/dev/null 2>&1; }

if usable; then
  say "logrotate ready at $logrotate"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  say "installing logrotate (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  # The package's own cron job or timer rotates only what /etc/logrotate.d names; the test's files are not there.
  if ! { apt-get update -qq >/dev/null && apt-get install -y -qq logrotate >/dev/null; }; then
    say "apt-get install logrotate failed; the logrotate test will rotate by hand"
  fi
else
  say "$logrotate is not installed and this is not root with apt-get, so it cannot be installed here;"
  say "install it (apt-get install logrotate) or set LOGROTATE_PATH. The test then rotates by hand."
fi

if usable; then
  say "logrotate ready at $logrotate"
else
  say "no logrotate at $logrotate"
fi
exit 0
