"""End-of-session feedback report: Markdown, self-contained HTML and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .build import build_report
from .markdown import render_markdown
from .model import Report

if TYPE_CHECKING:
    from ..interview.service import InterviewService

__all__ = ["Report", "build_report", "render_markdown", "render", "write_report"]


def render(report: Report, fmt: str) -> bytes:
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "html":
        from .html import render_html

        return render_html(report).encode("utf-8")
    if fmt == "pdf":
        from .pdf import render_pdf

        return render_pdf(report)
    from ..errors import InputError

    raise InputError(f"Unknown report format '{fmt}': use md, html or pdf.")


def write_report(svc: InterviewService, sid: str, fmt: str, out: Path | None = None) -> Path:
    report = build_report(svc, sid)
    data = render(report, fmt)
    path = out or (svc.settings.data_dir / "reports" / f"{sid}.{fmt}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
