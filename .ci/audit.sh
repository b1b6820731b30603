#!/usr/bin/env bash
# Known-vulnerability audit of every pinned dependency installed in .venv (pip-audit, in its own venv so
# its dependencies never mix with the app's). Fails on a known vulnerability; prints NOT AUDITED (and
# passes) when no vulnerability service is reachable, instead of a silent "no known vulnerabilities".
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
AUDIT=${AUDIT_VENV:-.venv-audit}
if ! [ -x "$AUDIT/bin/pip-audit" ]; then
  python3 -m venv "$AUDIT"
  "$AUDIT/bin/pip" install --quiet pip-audit==2.10.1 2> >(grep -v "is ignored: it is neither" >&2)
fi
out=$(mktemp -d)
"$VENV/bin/pip" freeze --exclude-editable | grep -E '^[A-Za-z0-9_.-]+==' > "$out/pinned.txt"

for service in pypi osv; do
  "$AUDIT/bin/pip-audit" -r "$out/pinned.txt" --no-deps --disable-pip --progress-spinner off \
    -s "$service" -f json -o "$out/$service.json" >"$out/$service.log" 2>&1 || true
  if [ -s "$out/$service.json" ]; then
    echo "pip-audit (service: $service), $(wc -l < "$out/pinned.txt") pinned dependencies:"
    rc=0
    python3 .ci/audit.py "$out/$service.json" > "$out/$service.result" || rc=$?
    cat "$out/$service.result"
    if grep -q "NOT AUDITED" "$out/$service.result"; then
      continue  # try the next service
    fi
    exit "$rc"
  else
    echo "pip-audit (service: $service) could not run: $(tail -n 1 "$out/$service.log")"
  fi
done
echo "pip-audit: NOT AUDITED — no vulnerability service reachable from this machine (tried pypi, osv)."
exit 0
