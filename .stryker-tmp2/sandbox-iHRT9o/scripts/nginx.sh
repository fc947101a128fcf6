#!/usr/bin/env bash
# Makes sure nginx (with auth_request: the Debian package has it) is installed for the gateway tests
# (test/gateway), installing the Debian package first if it is missing and this is root with apt-get. Idempotent.
# It starts nothing: each test writes its own nginx.conf into a temp dir and starts and stops nginx itself.
# Never fails the test run by itself: without nginx, the gateway tests fail under CI=true and skip (loudly)
# elsewhere. NGINX_PATH names another binary.
set -u

nginx="${NGINX_PATH:-/usr/sbin/nginx}"

say() { printf 'scripts/nginx.sh: %s\n' "$*" >&2; }

has_auth_request() { "$nginx" -V 2>&1 | grep -q -- '--with-http_auth_request_module'; }

if [ -x "$nginx" ] && has_auth_request; then
  say "nginx ready at $nginx"
  exit 0
fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  say "installing nginx (Debian package)"
  export DEBIAN_FRONTEND=noninteractive
  # A system nginx the package may start is left alone: the tests start their own, on free loopback ports.
  if ! { apt-get update -qq >/dev/null && apt-get install -y -qq nginx >/dev/null; }; then
    say "apt-get install nginx failed; gateway tests will fail under CI and skip elsewhere"
  fi
else
  say "$nginx is not installed and this is not root with apt-get, so it cannot be installed here;"
  say "install it (apt-get install nginx) or set NGINX_PATH. Gateway tests fail under CI and skip elsewhere."
fi

if [ -x "$nginx" ] && has_auth_request; then
  say "nginx ready at $nginx"
else
  say "no nginx with auth_request at $nginx"
fi
exit 0
