"""PDF rendering: the self-contained HTML report, laid out by WeasyPrint, fully offline.

The report HTML references no external resource. As a second line of defence WeasyPrint is given a URL
fetcher that refuses every URL (http, https, file, data, ...), so nothing is ever fetched from the
network or the disk, whatever ends up in the document. A refused resource is simply left out (WeasyPrint
logs a warning); rendering still succeeds.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .html import render_html
from .model import Report


class URLRefusedError(ValueError):
    """Raised by the report's URL fetcher for every URL."""


@cache
def _fetcher_class() -> type:
    # WeasyPrint 70: url_fetcher must be a weasyprint.urls.URLFetcher (its internals read attributes of
    # the fetcher, e.g. ``_fail_on_errors``); a subclass overriding ``fetch`` is the documented way.
    from weasyprint.urls import URLFetcher

    class RefusingURLFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            self.refused.append(url)
            raise URLRefusedError(f"report rendering fetches no URL (refused {url[:80]!r})")

        def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:
            return self.fetch(getattr(url, "full_url", str(url)))

    return RefusingURLFetcher


def refusing_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that refuses every URL and records what was asked (``.refused``)."""
    return _fetcher_class()()


def render_pdf(report: Report, *, url_fetcher: Any = None) -> bytes:
    from weasyprint import HTML  # slow to import: only when a PDF is asked for

    fetcher = url_fetcher if url_fetcher is not None else refusing_url_fetcher()
    pdf = HTML(string=render_html(report), url_fetcher=fetcher).write_pdf()
    assert pdf is not None  # write_pdf() without a target returns bytes
    return pdf
