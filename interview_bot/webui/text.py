"""Pure helpers of the page (no Gradio): chat messages as shown, settings read back from the browser, the
browser's language, the past-sessions list in words. Easy to test on their own."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any

from ..i18n import browser_language as browser_language  # the page's helpers, in one place
from ..i18n import t, topic_name
from ..interview.views import ChatLine
from ..report.markdown import esc

DIFFICULTIES = ("auto", "1", "2", "3")
DATE_FORMAT = {"en": "%Y-%m-%d %H:%M", "fr": "%d/%m/%Y %H:%M"}
N_MIN, N_MAX = 1, 15


def user_text(text: str) -> str:
    """Candidate text as shown in the chat: literal, so no Markdown image or HTML tag it holds renders."""
    return esc(text)


def chat_history(lines: list[ChatLine]) -> list[dict[str, str]]:
    """The transcript as Gradio chat messages; the candidate's text literal (``user_text``)."""
    return [{"role": "user", "content": user_text(m.content)} if m.role == "candidate"
            else {"role": "assistant", "content": m.content} for m in lines]


def download_links(sid: str, lang: str) -> str:
    """Links to the reports, rendered on demand from the database by whichever replica answers."""
    md, html, pdf = (f"reports/{sid}.{fmt}" for fmt in ("md", "html", "pdf"))
    return t("ui.download_links", lang, md=md, html=html, pdf=pdf)


def content_text(content: Any) -> str:
    """A chat message's text: Gradio 6 hands messages back with content as a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text", ""))
    if isinstance(content, list):
        return "".join(content_text(part) for part in content)
    return ""


def with_closing(shown: list[dict[str, Any]], closing: str) -> list[dict[str, Any]]:
    """The chat as shown, with the closing message added unless it is already the last message."""
    history = [{"role": m.get("role", "assistant"), "content": content_text(m.get("content"))} for m in shown]
    last = history[-1]["content"] if history else ""
    if closing and not last.startswith(closing):
        history.append({"role": "assistant", "content": closing})
    return history


def clean_prefs(prefs: Any, known_topics: list[str]) -> dict[str, Any]:
    """Settings read back from the browser, keeping only valid values (the rest falls back to defaults)."""
    if not isinstance(prefs, dict):
        return {}
    out: dict[str, Any] = {}
    if prefs.get("lang") in ("fr", "en"):
        out["lang"] = prefs["lang"]
    try:
        n = int(prefs.get("n"))  # type: ignore[arg-type]
        if N_MIN <= n <= N_MAX:
            out["n"] = n
    except (TypeError, ValueError):
        pass
    if prefs.get("difficulty") in DIFFICULTIES:
        out["difficulty"] = prefs["difficulty"]
    if isinstance(prefs.get("hide"), bool):
        out["hide"] = prefs["hide"]
    if isinstance(prefs.get("topics"), list):
        out["topics"] = [tp for tp in prefs["topics"] if tp in known_topics]
    return out


def sort_key(name: str) -> str:
    """Alphabetical order as a reader expects it: accents and case ignored (« éthique » near « évaluation »)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c))


def topic_choices(topics: list[str], behavioral: set[str], lang: str) -> list[tuple[str, str]]:
    """Topics by their name in ``lang``, alphabetically; behavioural topics last (never drawn unless ticked)."""
    def label(tp: str) -> str:
        name = topic_name(tp, lang)
        return name[:1].upper() + name[1:]

    return sorted(((label(tp), tp) for tp in topics), key=lambda c: (c[1] in behavioral, sort_key(c[0])))


def session_label(created: datetime, topics: list[str], finished: bool, overall: float | None, lang: str) -> str:
    """One past session in words: date, topics asked, status, score."""
    names = [topic_name(tp, lang) for tp in dict.fromkeys(topics)]
    shown = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
    parts = [created.strftime(DATE_FORMAT["fr" if lang == "fr" else "en"]), shown or "–",
             t("ui.status_finished" if finished else "ui.status_active", lang)]
    if overall is not None:
        parts.append(f"{overall:.0f}/100")
    return " · ".join(parts)
