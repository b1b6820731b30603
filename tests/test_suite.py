"""The test suite itself: test modules never import each other (what several share lives in a helper
module: helpers.py, browser_helpers.py, old_schema.py, …), and the README's test count is the suite's."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def test_test_modules_never_import_each_other():
    test_modules = {p.stem for p in TESTS.glob("test_*.py")}
    bad = []
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            bad += [f"{path.name} imports {n}" for n in names if n.split(".")[0] in test_modules]
    assert not bad, "move what is shared into a helper module: " + "; ".join(bad)


def readme_count(total: int, fast: int) -> str:
    return f"{total} tests: {fast} fast, {total - fast} slow"


@pytest.mark.slow  # collects the whole suite in a subprocess (imports every test module)
def test_the_readme_test_count_is_the_suites():
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "not slow", "-p", "no:cacheprovider"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    ).stdout
    m = re.search(r"^(\d+)/(\d+) tests collected", out, re.M)
    assert m, out[-2000:]
    want = readme_count(total=int(m[2]), fast=int(m[1]))
    shown = re.search(r"<!-- tests -->(.*?)<!-- /tests -->", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert shown, "README.md lost its <!-- tests --> markers"
    assert shown[1] == want, f"README.md says '{shown[1]}'; the suite has '{want}': update that line"
