"""Numbers, quotes and punctuation as each language writes them.

French: a no-break space before ``: ; ? !`` and inside « guillemets », a decimal comma, a narrow
no-break space between thousands (``9 000``). English: a decimal point and a comma between thousands.
"""

from __future__ import annotations

import re as _re

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: French thousands separator
LANGS: tuple[str, ...] = ("en", "fr")


def lang_of(lang: object) -> str:
    """"fr" or "en" (anything unknown falls back to English)."""
    return lang if isinstance(lang, str) and lang in LANGS else "en"


def browser_language(accept_language: str) -> str | None:
    """"fr" or "en", whichever the browser's Accept-Language header prefers first; None if neither."""
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag[:2] in LANGS:
            return tag[:2]
    return None


def num(value: float | int, lang: str, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals in the language's style: 3.5 → "3,5" (fr) / "3.5" (en)."""
    text = f"{value:,.{digits}f}"
    if lang_of(lang) == "fr":
        return text.replace(",", NNBSP).replace(".", ",")
    return text


def colon(lang: str) -> str:
    return NBSP + ":" if lang_of(lang) == "fr" else ":"


QUOTES = {"fr": (f"«{NBSP}", f"{NBSP}»"), "en": ("“", "”")}


def quote(text: str, lang: str) -> str:
    """« text » in French, “text” in English."""
    left, right = QUOTES[lang_of(lang)]
    return f"{left}{text}{right}"


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary with an ellipsis when it is longer."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: max(1, limit - 1)]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.") + "…"


# ---- checking and fixing French prose (the catalog's rule, applied to the question bank) ------------

_NB = NBSP + NNBSP
_CODE = _re.compile(r"```.*?(?:```|$)|`[^`\n]*`|https?://\S+", _re.S)
# A French : ; ? ! used as punctuation (followed by a space, a closing mark or the end), without a
# no-break space before it. "a:b", "10:30", "!=" and a URL's "://" are not punctuation.
_FR_PUNCT = _re.compile(rf"(?<![{_NB}])[:;?!](?=[\s»)\]]|$)")
_THOUSANDS = _re.compile(r"(?<![\d,.])\d{1,3}(?: \d{3})+(?![\d,])")


def _prose(text: str) -> str:
    """``text`` with code (fenced and inline) and URLs blanked out: the typography rule is for prose."""
    return _CODE.sub(lambda m: " " * len(m.group()), text)


def french_problems(text: str) -> list[str]:
    """What breaks French typography in ``text`` (prose only; code and URLs are skipped): the rule the
    catalog follows (``tests/test_i18n.py``) — a no-break space before ``: ; ? !`` and inside « »,
    French quotes rather than straight ones, and a narrow no-break space between thousands."""
    s = _prose(text)
    problems = []
    for m in _FR_PUNCT.finditer(s):
        problems.append(f"no no-break space before '{m.group()}' in …{s[max(0, m.start() - 20):m.start() + 1].strip()}")
    if '"' in s or "“" in s or "”" in s:
        problems.append("straight or English quotes: write « … »")
    for m in _re.finditer("«", s):
        if s[m.end():m.end() + 1] not in _NB:
            problems.append(f"« must be followed by a no-break space in …{s[m.start():m.start() + 20]}")
    for m in _re.finditer("»", s):
        if m.start() == 0 or s[m.start() - 1] not in _NB:
            problems.append(f"» must follow a no-break space in …{s[max(0, m.start() - 20):m.end()]}")
    for m in _re.finditer(rf"[ {_NB}]{{2,}}(?=[:;?!»])|(?<=«)[ {_NB}]{{2,}}", s):
        problems.append(f"several spaces in …{s[max(0, m.start() - 12):m.end() + 2]}")
    for m in _THOUSANDS.finditer(s):
        problems.append(f"thousands separator: write '{m.group().replace(' ', NNBSP)}' (narrow no-break space)")
    return problems


def french_typography(text: str) -> str:
    """``text`` with its French prose set by the rule of :func:`french_problems` (code and URLs kept as
    they are): the spaces before ``: ; ? !`` and inside « » become no-break spaces, thousands get a
    narrow no-break space. Straight quotes are left for a person to decide."""
    out: list[str] = []
    pos = 0
    for m in _CODE.finditer(text):
        out.append(_fix_prose(text[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_fix_prose(text[pos:]))
    return "".join(out)


def _fix_prose(s: str) -> str:
    s = _re.sub(r"[ \t]+(?=[:;?!](?:[\s»)\]]|$))", NBSP, s)
    s = _re.sub(rf"(?<=[^\s{_NB}])(?=[:;?!](?:[\s»)\]]|$))", NBSP, s)
    s = _re.sub(rf"«[ \t{_NB}]*", "«" + NBSP, s)
    s = _re.sub(rf"[ \t{_NB}]*»", NBSP + "»", s)
    s = _re.sub(rf"[{_NB}]+(?=[:;?!])", NBSP, s)
    return _THOUSANDS.sub(lambda m: m.group().replace(" ", NNBSP), s)
