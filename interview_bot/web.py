"""HTTP layer around the Gradio app: who may call, how much, and what every response carries.

* ``SecurityHeaders``: every response carries a Content-Security-Policy that lets the page load nothing
  from another origin and may not be framed: text a candidate typed can never make the page fetch a URL.
* ``ClientAddress``: the client address the rate limits count is the TCP peer, unless
  ``trust_proxy_headers`` is on *and* the peer is one of ``trusted_proxies`` (then X-Forwarded-For, read
  from the right, skipping trusted hops). uvicorn's own proxy-header rewriting is switched off
  (``disable_server_proxy_headers``): it trusts loopback by default, so any local proxy would let
  clients pick their address.
* ``Gate``: unknown ``Host`` headers (400), cross-origin writes (403), uploads (the app takes no files:
  403, nothing read) and request bodies over the limit (413, refused before the body is parsed).
* ``ReportRoute``: ``GET /reports/<session id>.<md|html|pdf>?expires=…&sig=…`` renders the report from
  the database on each request, only through a signed, short-lived link (``ownership.report_link``);
  rate-limited per client, PDF rendering at most ``pdf_concurrency`` at a time.
* ``RateLimiter``: a sliding window per client and action, kept in memory per replica.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import defaultdict, deque
from typing import TYPE_CHECKING, Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .i18n import browser_language, num, t

if TYPE_CHECKING:
    from .config import Settings
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
UPLOAD_PATH = re.compile(r"(^|/)upload/?$")
API_PATH = re.compile(r"^(/gradio_api)?/(call|run|api)/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _plain(status: int, text: str, headers: dict[str, str] | None = None) -> Any:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(text, status_code=status, headers={"cache-control": "no-store", **(headers or {})})


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
    """Serves ``/reports/<sid>.<fmt>`` through signed links, rendered from the database; all else passes."""

    def __init__(self, app: ASGIApp, service: InterviewService):
        self.app = app
        self.service = service
        s = service.settings
        self.limiter = RateLimiter(s.report_rate_limit)
        self.pdf_slots = threading.BoundedSemaphore(s.pdf_concurrency)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        m = REPORT_PATH.match(scope.get("path", "")) if scope["type"] == "http" else None
        if m is None or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        from urllib.parse import parse_qs

        from starlette.concurrency import run_in_threadpool

        sid, fmt = m.groups()
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        expires, sig = (query.get(k, [""])[0] for k in ("expires", "sig"))
        accept = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == b"accept-language"), "")
        lang = browser_language(accept) or self.service.settings.language  # what the refusals are written in
        wait = self.limiter.retry_after(client_host(scope), "download")
        if wait:
            response = _plain(429, t("error.rate_limited", lang, seconds=max(1, round(wait))),
                              {"retry-after": str(max(1, round(wait)))})
        else:
            response = await run_in_threadpool(self._respond, sid, fmt, expires, sig, lang)
        await response(scope, receive, send)

    def _respond(self, sid: str, fmt: str, expires: str, sig: str, lang: str = "en") -> Any:
        """The report, or why not in ``lang`` (the browser's language)."""
        from starlette.responses import Response

        from .errors import InterviewBotError
        from .identity import short_id
        from .ownership import link_state
        from .report import build_report, render

        state = link_state(self.service, sid, fmt, expires, sig)
        if state == "expired":
            return _plain(410, t("error.link_expired", lang))
        if state != "ok":
            return _plain(404, t("error.no_report", lang))
        if fmt == "pdf" and not self.pdf_slots.acquire(timeout=60):
            return _plain(503, t("error.reports_busy", lang), {"retry-after": "30"})
        try:
            report = build_report(self.service, sid)
            body = render(report, fmt)
        except InterviewBotError:
            return _plain(404, t("error.no_report", lang))
        finally:
            if fmt == "pdf":
                self.pdf_slots.release()

        name = t("report.filename", report.language, ref=short_id(sid), fmt=fmt)  # in the report's language
        disposition = f'attachment; filename="{name}"'
        return Response(body, media_type=MEDIA_TYPES[fmt],
                        headers={"cache-control": "no-store", "content-disposition": disposition})


class ClientAddress:
    """Puts the real client address in ``scope["client"]``: X-Forwarded-For is read only when the TCP
    peer is a trusted proxy, from the right, skipping trusted hops (uvicorn's algorithm)."""

    def __init__(self, app: ASGIApp, settings: Settings):
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        self.app: ASGIApp = app
        if settings.trust_proxy_headers and settings.trusted_proxies:
            self.app = ProxyHeadersMiddleware(app, trusted_hosts=list(settings.trusted_proxies))  # type: ignore[arg-type,assignment]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def hostname(value: str) -> str:
    """The host part of a Host header or an origin's netloc, lower case, without port or brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def same_origin(origin: str, host: str) -> bool:
    """Whether an Origin header names the host the request was sent to (with its port, when the Host
    header has one: another app on another local port is another origin)."""
    netloc = origin.split("://", 1)[1].rstrip("/").lower() if "://" in origin else ""
    host = host.strip().lower()
    if not netloc or not host:
        return False
    if netloc == host:
        return True
    return hostname(host) == host.strip("[]") and hostname(netloc) == hostname(host)


class Gate:
    """Refuses, before the app reads anything: unknown hosts, cross-origin writes, uploads, big bodies."""

    def __init__(self, app: ASGIApp, settings: Settings, bind_host: str = "127.0.0.1"):
        self.app = app
        hosts = {h.strip().lower() for h in settings.allowed_hosts if h.strip()}
        self.any_host = "*" in hosts
        self.hosts = hosts or {hostname(bind_host), "localhost", "127.0.0.1", "::1"}
        self.api_limit = max(settings.max_request_bytes, 6 * settings.max_answer_chars + 16_384)
        self.page_limit = max(settings.max_page_request_bytes, self.api_limit)
        self.language = settings.language  # refusals are in the browser's language, else this one

    def limit_for(self, path: str) -> int:
        return self.api_limit if API_PATH.match(path) else self.page_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self.refusal(scope, headers)
        lang = browser_language(headers.get("accept-language", "")) or self.language
        if refusal is not None:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await _plain(refusal[0], t(refusal[1], lang))(scope, receive, send)
            return
        if scope["type"] != "http" or scope.get("method") in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        await self.limited(scope, receive, send, self.limit_for(scope.get("path", "")), lang)

    def refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """The status and the catalog key of the refusal, or None."""
        host = headers.get("host", "")
        if not self.any_host and hostname(host) not in self.hosts:
            return 400, "error.unknown_host"
        method = scope.get("method", "GET")
        origin = headers.get("origin")
        if origin is not None and (scope["type"] == "websocket" or method not in SAFE_METHODS):
            if not same_origin(origin, host):
                return 403, "error.cross_origin"
        if scope["type"] == "http" and method not in SAFE_METHODS and UPLOAD_PATH.search(scope.get("path", "")):
            return 403, "error.no_uploads"
        return None

    async def limited(self, scope: Scope, receive: Receive, send: Send, limit: int, lang: str = "en") -> None:
        """Reads the body first, at most ``limit`` bytes (a Content-Length above it is refused unread), then
        hands it to the app: whatever parses the body never sees more than the limit."""
        too_large = _plain(413, t("error.body_too_large", lang, limit=num(limit, lang)))
        length = next((v for k, v in scope.get("headers", []) if k.lower() == b"content-length"), None)
        if length is not None and (not length.strip().isdigit() or int(length) > limit):
            await too_large(scope, receive, send)
            return
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > limit:
                await too_large(scope, receive, send)
                return
            more = message.get("more_body", False)
        body, replayed = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: wait for the disconnect, as the server would say it

        await self.app(scope, replay, send)


def middleware(service: InterviewService, bind_host: str = "127.0.0.1") -> list[Any]:
    """Outermost first: headers on every response (refusals too), the real client address, the gate,
    the reports route."""
    from starlette.middleware import Middleware

    s = service.settings
    return [Middleware(SecurityHeaders), Middleware(ClientAddress, settings=s),
            Middleware(Gate, settings=s, bind_host=bind_host), Middleware(ReportRoute, service=service)]


def disable_server_proxy_headers() -> None:
    """uvicorn (as Gradio starts it, with no proxy option) rewrites the client address from
    X-Forwarded-For for any peer in FORWARDED_ALLOW_IPS, loopback by default. ``ClientAddress`` does that
    job from our settings instead, so uvicorn must trust nobody. (An empty value matches no peer.)"""
    os.environ["FORWARDED_ALLOW_IPS"] = ""


class RateLimiter:
    """At most ``limit`` calls per ``window`` seconds per (client, action). ``limit`` 0 disables it."""

    def __init__(self, limit: int, window: float = 60.0, clock: Any = time.monotonic,
                 limits: dict[str, int] | None = None):
        self.limit, self.window, self.clock = limit, window, clock
        self.limits = dict(limits or {})  # per action, overriding ``limit``
        self._calls: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def retry_after(self, client: str, action: str) -> float:
        """0 if the call may go ahead (and it is counted), else the seconds to wait."""
        limit = self.limits.get(action, self.limit)
        if limit <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            calls = self._calls[(client, action)]
            while calls and calls[0] <= now - self.window:
                calls.popleft()
            if len(calls) >= limit:
                return max(0.1, calls[0] + self.window - now)
            calls.append(now)
            if len(self._calls) > 10_000:  # forget idle clients
                for key in [k for k, v in self._calls.items() if not v or v[-1] <= now - self.window]:
                    del self._calls[key]
            return 0.0


def client_host(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def client_id(request: Any) -> str:
    """The caller's address as ``ClientAddress`` left it (the TCP peer, or a trusted proxy's client)."""
    if request is None:
        return "local"
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "unknown"
