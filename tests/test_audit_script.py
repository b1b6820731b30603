"""The CI's reading of pip-audit's report (.ci/audit.py): a vulnerability fails, a skipped audit is
reported as NOT AUDITED (never as clean), a clean audit says how many dependencies it covered."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / ".ci" / "audit.py"


def run(tmp_path, report: dict) -> tuple[int, str]:
    f = tmp_path / "report.json"
    f.write_text(json.dumps(report), encoding="utf-8")
    p = subprocess.run([sys.executable, str(SCRIPT), str(f)], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout


def test_a_known_vulnerability_fails(tmp_path):
    rc, out = run(tmp_path, {"dependencies": [
        {"name": "pyyaml", "version": "5.3", "vulns": [{"id": "PYSEC-2020-96", "fix_versions": ["5.3.1"]}]},
        {"name": "numpy", "version": "2.4.6", "vulns": []}]})
    assert rc == 1 and "VULNERABLE pyyaml==5.3: PYSEC-2020-96 (fixed in: 5.3.1)" in out


def test_nothing_audited_is_said_plainly(tmp_path):
    rc, out = run(tmp_path, {"dependencies": [
        {"name": "pyyaml", "skip_reason": "Dependency not found on PyPI and could not be audited: pyyaml (6.0.4)"}]})
    assert rc == 0 and "NOT AUDITED" in out and "No known" not in out


def test_clean_audit_counts_what_it_covered(tmp_path):
    rc, out = run(tmp_path, {"dependencies": [{"name": "numpy", "version": "2.4.6", "vulns": []},
                                              {"name": "x", "skip_reason": "not on PyPI"}]})
    assert rc == 0 and "no known vulnerability in 1 audited" in out and "1 could not be audited: x" in out
