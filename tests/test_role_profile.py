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


def _profile_file(tmp_path: Path, example: object) -> Path:
    data = yaml.safe_load(default_profile_path().read_text(encoding="utf-8"))
    if example is None:
        del data["example"]
    else:
        data["example"] = example
    f = tmp_path / "profile.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return f


def test_the_page_says_the_shipped_role_is_an_example():
    from interview_bot.config import Settings
    from interview_bot.i18n import t
    from interview_bot.webui.page import heading

    for lang in ("en", "fr"):
        text = heading(Settings(), lang)
        assert text.startswith("# ") and t("ui.role_example", lang) in text
        assert "role/profile.yaml" in text
    assert "example role" in heading(Settings(), "en")
    assert french_problems(t("ui.role_example", "fr")) == []


def test_the_page_notice_disappears_once_the_profile_is_tailored(tmp_path: Path):
    from interview_bot.config import Settings
    from interview_bot.i18n import t
    from interview_bot.webui.page import heading

    for example, sub in ((False, "false"), (None, "deleted")):
        (tmp_path / sub).mkdir()
        f = _profile_file(tmp_path / sub, example)
        assert load_profile(f).example is None
        for lang in ("en", "fr"):
            text = heading(Settings(role_profile=f), lang)
            assert t("ui.role_example", lang) not in text, (example, lang)
            assert text == f"# {t('ui.title', lang, role=load_profile(f).role.get(lang))}"


def test_the_role_name_comes_from_the_configured_profile_everywhere(tmp_path: Path, shared_scorer):
    """One source: a tailored profile's job title is the one the recruiter, the page and the report say."""
    from interview_bot.config import Settings
    from interview_bot.interview.service import InterviewService
    from interview_bot.report import build_report, render_markdown
    from interview_bot.webui.page import heading

    data = yaml.safe_load(default_profile_path().read_text(encoding="utf-8"))
    data["role"] = {"en": "Staff Platform Engineer", "fr": "Ingénieure plateforme confirmée"}
    f = tmp_path / "profile.yaml"
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp_path / "data").mkdir()
    settings = Settings(data_dir=tmp_path / "data", role_profile=f, questions=1)
    svc = InterviewService(settings, scorer=shared_scorer, use_settings_model=False)
    for lang, name in data["role"].items():
        r = svc.start(language=lang, topics=["rag"])
        assert name in r.message  # the greeting
        assert name in heading(settings, lang).splitlines()[0]
        assert name in render_markdown(build_report(svc, r.session_id)).splitlines()[0]
