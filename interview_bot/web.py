"""HTTP layer around the Gradio app: security headers, reports rendered on demand, rate limits.

* Every response carries a Content-Security-Policy that lets the page load nothing from another
  origin (no image, font, style, script or connection) and may not be framed (``frame-ancestors
  'none'``, ``X-Frame-Options: DENY``): text a candidate typed can never make the page fetch a URL.
* ``GET /reports/<session id>.<md|html|pdf>`` renders the report from the database on each request:
  any replica serves any report, and nothing is left on disk to survive a delete.
* ``RateLimiter``: a sliding window per client and action, kept in memory per replica.
"""

from __future__ import annotations

import re
import threading
import time
from collections import defaultdict, deque
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from .interview.service import InterviewService

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",  # Gradio's page boots from inline scripts
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]
REPORT_PATH = re.compile(r"^/reports/([0-9a-f]{32})\.(md|html|pdf)$")
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


class ReportRoute:
    """Serves ``/reports/<sid>.<fmt>`` rendered from the database; everything else passes through."""

    def __init__(self, app: ASGIApp, service: InterviewService):
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        m = REPORT_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        if m is None or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        from starlette.concurrency import run_in_threadpool
        from starlette.responses import Response

        sid, fmt = m.groups()
        status, body, media = await run_in_threadpool(self._render, sid, fmt)
        headers = {"cache-control": "no-store"}
        if status == 200:
            headers["content-disposition"] = f'attachment; filename="interview-report-{sid}.{fmt}"'
        await Response(body, status_code=status, media_type=media, headers=headers)(scope, receive, send)

    def _render(self, sid: str, fmt: str) -> tuple[int, bytes, str]:
        from .errors import InterviewBotError
        from .report import build_report, render

        try:
            return 200, render(build_report(self.service, sid), fmt), MEDIA_TYPES[fmt]
        except InterviewBotError:
            return 404, b"No such report: the session does not exist (or was deleted).", "text/plain"


def middleware(service: InterviewService) -> list[Any]:
    from starlette.middleware import Middleware

    return [Middleware(SecurityHeaders), Middleware(ReportRoute, service=service)]


class RateLimiter:
    """At most ``limit`` calls per ``window`` seconds per (client, action). ``limit`` 0 disables it."""

    def __init__(self, limit: int, window: float = 60.0, clock: Any = time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._calls: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, client: str, action: str) -> float:
        """0 if the call may go ahead (and it is counted), else the seconds to wait."""
        if self.limit <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            calls = self._calls[(client, action)]
            while calls and calls[0] <= now - self.window:
                calls.popleft()
            if len(calls) >= self.limit:
                return max(0.1, calls[0] + self.window - now)
            calls.append(now)
            if len(self._calls) > 10_000:  # forget idle clients
                for key in [k for k, v in self._calls.items() if not v or v[-1] <= now - self.window]:
                    del self._calls[key]
            return 0.0


def client_id(request: Any, trust_proxy: bool) -> str:
    """The caller's address: the first X-Forwarded-For hop when behind a trusted reverse proxy."""
    if request is None:
        return "local"
    if trust_proxy:
        fwd = request.headers.get("x-forwarded-for", "")
        if fwd.strip():
            return fwd.split(",")[0].strip()
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "unknown"
