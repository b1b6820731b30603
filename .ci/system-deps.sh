#!/usr/bin/env bash
# Debian packages the slow test tiers need: headless Chromium (browser test) and the PostgreSQL
# server (the store on a PostgreSQL URL; tests/pg_server.py starts a throwaway cluster).
# Installs only what is missing.
set -euo pipefail
missing=()
if ! [ -x /usr/lib/chromium/chromium ] && ! [ -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else
    echo "Missing Debian packages: run 'apt-get install -y ${missing[*]}' as root for the slow tests." >&2
    exit 1
  fi
else SUDO=""; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
