"""The message catalog: every word a person reads (page, CLI, recruiter, report), in French and English.

Use it
------
    from interview_bot.i18n import t, num, topic_name

    t("ui.send", "fr")                          # "Envoyer la réponse"
    t("cli.score_line", lang, score=..., ...)   # values are inserted with str.format-style {names}
    t("recruiter.probe", lang, variant=turn)    # entries with several variants rotate by ``variant``
    tn("common.questions", lang, n)             # plural: picks ``<key>.one`` or ``<key>.other``
    num(3.5, "fr", 1)                           # "3,5"  (decimal comma, narrow no-break space for thousands)

A ``float`` value passed to ``t`` is written with :func:`num` (one decimal, in the language's style), so
a French message never shows "0.60". Format other numbers yourself with ``num`` before passing them.

Add a string
------------
1. Pick the module by area: ``catalog/ui.py`` (the web page), ``catalog/cli.py``, ``catalog/recruiter.py``
   (what the recruiter says, notices), ``catalog/report.py`` (report and charts), ``catalog/common.py``
   (role, topics, score flags, errors shared by several front ends).
2. Add ``"area.name": {"en": "...", "fr": "..."}``. The key must be new (a duplicate fails at import).
   A list of strings instead of one string means variants (rotated by ``variant=``).
3. French typography (checked by ``tests/test_i18n.py``, which says which key is wrong):
   a no-break space before ``: ; ? !`` (write ``\\u00a0:`` ; ``\\u202f`` is accepted too),
   « guillemets » with no-break spaces inside (``«\\u00a0…\\u00a0»``, or :func:`quote`), no straight
   double quotes, decimal commas. Both languages must use the same ``{placeholders}``.
4. Run ``pytest tests/test_i18n.py``.

Topic names are ``topic.<id>`` here; a topic the catalog does not name is shown as its id with spaces. The role's name is not here: it
comes from the role profile (``role/profile.yaml``, ``interview.profile.role_name``).
"""

from __future__ import annotations

import string
from typing import Literal

from .catalog import CATALOG, Entry
from .typography import LANGS, QUOTES, browser_language, colon, lang_of, num, quote, shorten

Lang = Literal["fr", "en"]

__all__ = [
    "CATALOG", "LANGS", "QUOTES", "Lang", "browser_language", "colon", "flag_text", "has", "lang_of", "labels", "num", "placeholders", "quote",
    "shorten", "t", "tn", "topic_name", "topic_title",
]

_FORMATTER = string.Formatter()


def _template(key: str, lang: str, variant: int) -> str:
    try:
        entry: Entry = CATALOG[key]
    except KeyError:
        raise KeyError(f"message '{key}' is not in the catalog (interview_bot/i18n/catalog/)") from None
    text = entry[lang_of(lang)]
    if isinstance(text, str):
        return text
    return text[variant % len(text)]


def t(key: str, lang: str, variant: int = 0, **values: object) -> str:
    """The message ``key`` in ``lang`` ("fr"/"en"; anything else means English), values inserted.

    Values are inserted once and never re-formatted, so braces in a value stay literal."""
    lg = lang_of(lang)
    text = _template(key, lg, variant)
    if not values:
        return text
    shown = {k: num(v, lg, 1) if isinstance(v, float) else v for k, v in values.items()}
    return text.format_map(shown)


def tn(key: str, lang: str, n: int, **values: object) -> str:
    """Plural form: ``<key>.one`` for n = 1 (and 0 in French), else ``<key>.other``; ``n`` is a value."""
    lg = lang_of(lang)
    one = n == 1 or (lg == "fr" and n == 0)
    return t(f"{key}.{'one' if one else 'other'}", lg, 0, n=n, **values)


def has(key: str) -> bool:
    return key in CATALOG


def labels(prefix: str, lang: str) -> dict[str, str]:
    """Every single-variant message under ``prefix`` ("report.") keyed by the rest of its key."""
    lg = lang_of(lang)
    out: dict[str, str] = {}
    for key, entry in CATALOG.items():
        text = entry[lg]
        if key.startswith(prefix) and isinstance(text, str):
            out[key[len(prefix):]] = text
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(text) if name}


def topic_name(topic: str, lang: str) -> str:
    """The topic's display name: from the catalog, else the id with spaces."""
    lg = lang_of(lang)
    key = f"topic.{topic}"
    return t(key, lg) if key in CATALOG else topic.replace("_", " ")


def topic_title(topic: str, lang: str) -> str:
    """The topic's display name heading a line, a cell or a title (« Pipelines RAG », "RAG pipelines"): the
    report names a topic this way everywhere, inside a sentence too."""
    name = topic_name(topic, lang)
    return name[:1].upper() + name[1:]


def flag_text(flag: str, lang: str) -> str:
    """What a score flag means, in words; an unknown flag is shown as its id."""
    key = f"flag.{flag}"
    return t(key, lang) if key in CATALOG else flag.replace("_", " ")


def engine_words(backend: str, model: str | None, lang: str) -> str:
    """The engine in words: offline, or the LLM backend and model (checked by the offline scorer)."""
    if backend == "offline" or not model:
        return t("ui.backend_offline", lang)
    return t("ui.backend_llm", lang, backend=backend, model=model)


