"""The shipped role profile says it is an example, names the role's stack, and a tailored profile
without the notice still loads."""

from __future__ import annotations

from pathlib import Path

import yaml

from interview_bot.interview.profile import Sections, default_profile_path, load_profile
from tests.test_i18n import french_problems


def test_shipped_profile_is_marked_as_an_example():
    p = load_profile()
    assert p.example is not None
    for lang in ("en", "fr"):
        assert p.example.get(lang) in p.as_context(lang)
    # every section that describes the job (not the app) says it is a scenario
    for name in ("missions", "stack", "team", "process", "remote"):
        assert "example scenario" in p.text(name, "en"), name
        assert "scénario d'exemple" in p.text(name, "fr"), name


def test_shipped_stack_names_the_frameworks_the_role_names():
    stack = load_profile().text("stack", "en")
    for name in ("LangChain", "LlamaIndex", "Semantic Kernel", "Microsoft Agent Framework"):
        assert name in stack, name


def test_shipped_french_follows_the_catalog_typography():
    p = load_profile()
    texts = [p.role.fr, p.example.fr if p.example else ""] + [p.text(n, "fr") for n in Sections.model_fields]
    assert {t: french_problems(t) for t in texts if french_problems(t)} == {}


def test_a_tailored_profile_without_the_notice_loads(tmp_path: Path):
    data = yaml.safe_load(default_profile_path().read_text(encoding="utf-8"))
    del data["example"]
    f = tmp_path / "profile.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    p = load_profile(f)
    assert p.example is None
    assert "note:" not in p.as_context("en")
