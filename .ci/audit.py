"""Read pip-audit's JSON report: fail on any known vulnerability; say plainly what was not audited.

pip-audit asks a vulnerability service about each pinned version (PyPI's per-version JSON API, or
OSV). Where neither is reachable (this project's CI reaches the package index only), every dependency
comes back "skipped" and pip-audit itself still exits 0 with "No known vulnerabilities found": this
script prints NOT AUDITED instead, so a skipped audit is never mistaken for a clean one.
"""

from __future__ import annotations

import json
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as fh:
        report = json.load(fh)
    deps = report.get("dependencies", [])
    skipped = [d for d in deps if d.get("skip_reason")]
    vulnerable = [d for d in deps if d.get("vulns")]
    audited = len(deps) - len(skipped)
    for d in vulnerable:
        for v in d["vulns"]:
            fixes = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
            print(f"VULNERABLE {d['name']}=={d.get('version')}: {v.get('id')} (fixed in: {fixes})")
    if vulnerable:
        print(f"pip-audit: {len(vulnerable)} of {len(deps)} pinned dependencies have known vulnerabilities")
        return 1
    if not deps or audited == 0:
        reason = skipped[0]["skip_reason"] if skipped else "no dependencies listed"
        print(f"pip-audit: NOT AUDITED — no vulnerability service answered for any of the {len(deps)} pinned "
              f"dependencies (e.g. {reason}). Run `make audit` where PyPI's JSON API or api.osv.dev is reachable.")
        return 0
    print(f"pip-audit: no known vulnerability in {audited} audited pinned dependencies"
          + (f"; {len(skipped)} could not be audited: {', '.join(d['name'] for d in skipped)}" if skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
