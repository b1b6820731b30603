"""Numbers, quotes and punctuation as each language writes them.

French: a no-break space before ``: ; ? !`` and inside « guillemets », a decimal comma, a narrow
no-break space between thousands (``9 000``). English: a decimal point and a comma between thousands.
"""

from __future__ import annotations

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: French thousands separator
LANGS: tuple[str, ...] = ("en", "fr")


def lang_of(lang: object) -> str:
    """"fr" or "en" (anything unknown falls back to English)."""
    return lang if isinstance(lang, str) and lang in LANGS else "en"


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
