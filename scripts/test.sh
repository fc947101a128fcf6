#!/usr/bin/env bash
# `pnpm test`: makes ready what the tests talk to (a throwaway Redis, headless Chromium, nginx, Caddy, HAProxy, logrotate;
# each script installs its Debian package when it is missing and this is root with apt-get), runs the suite
# (arguments go to vitest), then stops the Redis it started. The gateways and Chromium are started and stopped
# by the tests that use them.
set -u
cd "$(dirname "$0")/.."
bash scripts/redis.sh
bash scripts/chromium.sh
bash scripts/nginx.sh
bash scripts/caddy.sh
bash scripts/haproxy.sh
bash scripts/logrotate.sh
node_modules/.bin/vitest run "$@"
status=$?
bash scripts/redis.sh --stop
exit "$status"
