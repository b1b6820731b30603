"""End-of-session feedback report: Markdown, self-contained HTML and PDF."""

from __future__ import annotations

from collections.abc import Callable

from .build import build_report
from .markdown import render_markdown
from .model import Report

__all__ = ["RENDERERS", "Report", "build_report", "render", "render_markdown"]


def _md(report: Report) -> bytes:
    return render_markdown(report).encode("utf-8")


def _html(report: Report) -> bytes:
    from .html import render_html

    return render_html(report).encode("utf-8")


def _pdf(report: Report) -> bytes:
    from .pdf import render_pdf  # WeasyPrint is slow to import: only when a PDF is asked for

    return render_pdf(report)


# Every report format, by file extension. A new format is one function here: the CLI's --format, the
# page's download links and the /reports route follow this dict.
RENDERERS: dict[str, Callable[[Report], bytes]] = {"md": _md, "html": _html, "pdf": _pdf}


def render(report: Report, fmt: str) -> bytes:
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        from ..errors import InputError

        raise InputError("error.report_format", fmt=fmt, formats=", ".join(RENDERERS)) from None
    return renderer(report)
