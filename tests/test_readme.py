"""The README is a candidate's one screen: its figures come from the code, its two commands are the
Makefile's, and every page it links to exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def bank_counts(bank) -> str:
    qs = list(bank.questions.values())
    technical = [q for q in qs if q.kind == "technical"]
    return (f"{len(qs)} questions over {len(bank.topics)} topics ({len(technical)} technical, "
            f"{len(qs) - len(technical)} about your experience)")


def test_the_bank_figures_are_the_banks(bank):
    shown = re.search(r"<!-- counts -->(.*?)<!-- /counts -->", README, re.S)
    assert shown, "README.md lost its <!-- counts --> markers"
    assert shown.group(1) == bank_counts(bank), (
        f"README.md says '{shown.group(1)}'; the bank has '{bank_counts(bank)}': update that line")


def test_the_two_commands_and_the_links():
    assert "make app     # creates .venv, installs, serves the app offline on http://127.0.0.1:7860" in README
    assert re.search(r"^make test    # ", README, re.M)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^app: ", makefile, re.M) and re.search(r"^test: ", makefile, re.M)
    for target in re.findall(r"\]\(((?:docs/)[^)#\s]+)", README):
        assert (ROOT / target).exists(), f"README.md links to {target}, which does not exist"
    for doc in (ROOT / "docs").glob("*.md"):
        for target in re.findall(r"\]\(([^)#\s:]+)", doc.read_text(encoding="utf-8")):
            assert (doc.parent / target).exists(), f"{doc.name} links to {target}, which does not exist"


def test_it_fits_one_screen_of_instructions():
    body = README.split("## More")[0]
    assert len(body.splitlines()) <= 80  # 70 + the providers table (one row each)
    for section in ("## Install and run", "## Play", "## Use an LLM (optional)", "## Add a question", "## Run the tests"):
        assert section in README
