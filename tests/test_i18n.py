"""The message catalog: every key in both languages, the same placeholders, French typography."""

from __future__ import annotations

import re

import pytest

from interview_bot.i18n import CATALOG, labels, num, placeholders, quote, shorten, t, tn, topic_name

NB = "\u00a0\u202f"
# A French : ; ? ! must follow a no-break space (ordinary space, nothing, or a letter are all wrong).
FR_PUNCT = re.compile(rf"(?<![{NB}])[:;?!]")
DECIMAL_POINT = re.compile(r"\d\.\d")


def _variants(entry, lang):
    v = entry[lang]
    return [v] if isinstance(v, str) else list(v)


def _no_placeholders(text: str) -> str:
    return re.sub(r"\{[a-z_]+\}", "X", text)


def french_problems(text: str) -> list[str]:
    s = _no_placeholders(text)
    problems = []
    for m in FR_PUNCT.finditer(s):
        if s[m.start():m.start() + 3] != "://":  # a URL's "://" is not punctuation
            problems.append(f"no no-break space before '{m.group()}' at …{s[max(0, m.start() - 12):m.start() + 2]}")
    if '"' in s or "“" in s or "”" in s:
        problems.append("straight or English quotes: use « … »")
    for m in re.finditer("«", s):
        if s[m.end():m.end() + 1] not in NB:
            problems.append("« must be followed by a no-break space")
    for m in re.finditer("»", s):
        if m.start() == 0 or s[m.start() - 1] not in NB:
            problems.append("» must follow a no-break space")
    if DECIMAL_POINT.search(s):
        problems.append("decimal point: French writes a decimal comma")
    if re.search(r"\s(?<![\u00a0\u202f])[\u00a0\u202f]?[:;?!]", s) and not problems:
        problems.append("ordinary space before punctuation")
    return problems


def test_every_key_in_both_languages_with_the_same_placeholders():
    assert len(CATALOG) > 100
    for key, entry in CATALOG.items():
        assert set(entry) == {"en", "fr"}, key
        en, fr = _variants(entry, "en"), _variants(entry, "fr")
        assert all(s.strip() for s in en + fr), f"{key}: empty text"
        want = placeholders(en[0])
        for s in en + fr:
            assert placeholders(s) == want, f"{key}: placeholders differ between variants or languages"


def test_french_typography():
    bad = {}
    for key, entry in CATALOG.items():
        for s in _variants(entry, "fr"):
            if problems := french_problems(s):
                bad[key] = problems
    assert not bad, "\n".join(f"{k}: {p}" for k, p in bad.items())


def test_english_has_no_space_before_punctuation():
    for key, entry in CATALOG.items():
        for s in _variants(entry, "en"):
            assert not re.search(r"[ \u00a0\u202f][:;?!]", _no_placeholders(s)), key


@pytest.mark.parametrize(
    "text",
    ["Score global: 58/100", "Votre réponse :", "confiance 0,60 ou 0.60", 'le mot "RAG"', "« RAG »", "C'est parti ?"],
)
def test_the_typography_check_catches_mistakes(text):
    assert french_problems(text)


def test_the_typography_check_accepts_good_french():
    assert not french_problems("Score global\u00a0: 58/100 — «\u00a0RAG\u00a0», 3,5\u00a0? Voir https://example.org")


def test_t_inserts_values_once_and_formats_floats_by_language():
    assert t("ui.card_score", "fr", score="{x}") == "Score\u00a0: {x}"
    assert t("report.strong_crit", "fr", criterion="Exactitude", level=3.25) == "Exactitude\u00a0: niveau moyen 3,2/4."
    assert t("report.strong_crit", "en", criterion="Accuracy", level=3.25).startswith("Accuracy: consistently at level 3.2/4")
    assert t("ui.send", "de") == t("ui.send", "en")  # unknown language: English
    with pytest.raises(KeyError, match="not in the catalog"):
        t("ui.no_such_key", "en")


def test_variants_and_plurals():
    a, b = t("recruiter.next_question", "en", variant=0, i=2, n=5, topic="RAG"), t(
        "recruiter.next_question", "en", variant=1, i=2, n=5, topic="RAG")
    assert a != b and "2" in a
    assert tn("common.questions", "en", 1) == "1 question" and tn("common.questions", "en", 3) == "3 questions"
    assert tn("common.questions", "fr", 0) == "0 question"


def test_numbers_quotes_and_shortening():
    assert num(3.5, "fr", 1) == "3,5" and num(3.5, "en", 1) == "3.5"
    assert num(9000, "fr") == "9\u202f000" and num(9000, "en") == "9,000"
    assert quote("RAG", "fr") == "«\u00a0RAG\u00a0»" and quote("RAG", "en") == "“RAG”"
    long = "word " * 500
    s = shorten(long, 80)
    assert len(s) <= 80 and s.endswith("…") and not s.endswith(" …")
    assert shorten("short", 80) == "short"


def test_topic_names_and_labels():
    assert topic_name("rag", "fr") == "pipelines RAG"
    assert topic_name("brand_new_topic", "fr") == "brand new topic"
    rl = labels("report.", "fr")
    assert rl["overall"] == "Score global" and "strong_topic" in rl


def test_every_score_flag_is_explained_in_both_languages():
    from typing import get_args

    from interview_bot.scoring.models import Flag

    for flag in get_args(Flag):
        assert f"flag.{flag}" in CATALOG, flag


def test_every_recruiter_moment_has_words():
    from interview_bot.interview.recruiter import TurnContext, structured_words

    for lang in ("fr", "en"):
        for kind in ("greeting", "question", "probe", "closing", "empty"):
            text = structured_words(TurnContext(kind=kind, lang=lang, index=2, total=3, topic="rag", topics=["rag"],
                                                overall=61.0))
            assert text and "{" not in text
            if lang == "fr":
                assert not french_problems(text), (kind, text)
        unscored = structured_words(TurnContext(kind="closing", lang=lang, overall=None))
        assert "0/100" not in unscored


def test_the_greeting_asks_nothing_it_does_not_wait_for():
    """The first question follows the greeting at once: a greeting ending "Ready?" / « C'est parti ? »
    would ask something the recruiter never waits for."""
    from interview_bot.i18n.catalog.recruiter import MESSAGES

    for lang in ("en", "fr"):
        for text in MESSAGES["recruiter.greeting"][lang]:
            assert not text.rstrip().endswith("?"), (lang, text[-40:])


def test_the_report_says_you_and_the_recruiter_speaks_to_everyone():
    """The report said "the candidate" to the candidate (« le candidat ne savait pas »), and the recruiter
    « Quand vous êtes prêt » (masculine only) to everyone."""
    for lang in ("fr", "en"):
        for key in ("report.skipped", "report.not_answered"):
            assert "candida" not in t(key, lang), t(key, lang)
    for key in ("recruiter.other_greet", "recruiter.other_thanks", "recruiter.other"):
        assert not re.search(r"\bprêt\b", t(key, "fr")), t(key, "fr")
