"""Self-contained HTML rendering (also the input of the PDF).

One HTML5 document with inline CSS and inline SVG charts: no script, no external resource of any kind,
and a Content-Security-Policy that would block them anyway. Jinja2 autoescapes every value, so candidate
answers and LLM text (rationale, evidence) are shown as text, never interpreted as markup or template.
Study links are clickable only for plain https:// URLs.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..i18n import labels
from ..identity import short_id
from .bands import band
from .chart import progress_chart_svg, topic_chart_svg
from .evidence import covered_with_quotes
from .markdown import (
    backend_words,
    certainty,
    no_gaps,
    no_strengths,
    report_labels,
    scorer_words,
    wrong_lines,
)
from .model import QuestionReport, Report

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

# The stylesheet and the Jinja template are package files (report/templates/), read once.
_CSS = files(__package__).joinpath("templates", "report.css").read_text(encoding="utf-8")
_TEMPLATE = files(__package__).joinpath("templates", "report.html.j2").read_text(encoding="utf-8")


def _score(v: float | None) -> str:
    return "–" if v is None else f"{v:.0f}"


def _text_lines(text: str | None, per_line: int = 90) -> int:
    if not text:
        return 0
    return sum(1 + len(line) // per_line for line in text.splitlines() or [""])


def _is_long(q: QuestionReport) -> bool:
    """Roughly: would the question card take more than about two thirds of an A4 page?"""
    lines = 6 + _text_lines(q.question) + _text_lines(q.strong_answer) + 2 * _text_lines(q.rationale)
    lines += sum(3 + _text_lines(ex.prompt) + _text_lines(ex.answer, 80) for ex in q.exchanges)
    lines += sum(2 + _text_lines(c.descriptor, 50) + _text_lines(c.evidence, 55) for c in q.criteria)
    lines += sum(1 + _text_lines(k.text) + _text_lines(quote) for k, quote, _ in covered_with_quotes(q.key_points))
    lines += sum(1 + _text_lines(k.text) for k in q.key_points if not k.covered)
    lines += sum(1 + _text_lines(f) for f in q.flags)
    return lines > 38


def _pct(v: float | None) -> str:
    if v is None:
        return "0"
    return f"{max(0.0, min(100.0, float(v))):.0f}"


def safe_https(url: object) -> bool:
    """True only for a plain absolute https:// URL with a host and no whitespace, control or quote chars."""
    if not isinstance(url, str) or not url.startswith("https://") or len(url) > 2000:
        return False
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch in "\"'<>`\\" for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(score=_score, grade=band, pct=_pct, safe_https=safe_https, is_long=_is_long,
                       certainty=certainty, wrong=wrong_lines, covered=covered_with_quotes, backend=backend_words, scorer=scorer_words)
    return env.from_string(_TEMPLATE)


def render_html(report: Report) -> str:
    lg = report.language if report.language in ("en", "fr") else "en"
    ctx: dict[str, Any] = {
        "r": report,
        "ref": short_id(report.session_id),  # a reference, not the id (see markdown.py)
        "lang": lg,
        "t": report_labels(lg, report.role),
        "plan": labels("plan.", lg),
        "no_strengths": no_strengths(report, lg),
        "no_gaps": no_gaps(report, lg),
        "csp": CSP,
        "css": Markup(_CSS),  # noqa: S704 - our constant stylesheet
        # The charts are built by chart.py, which XML-escapes every piece of text it writes.
        "topic_svg": Markup(topic_chart_svg(report.topics, lg)) if report.topics else "",  # noqa: S704
        "progress_svg": Markup(progress_chart_svg(report.progress, lg)) if report.progress else "",  # noqa: S704
    }
    return _template().render(**ctx)
