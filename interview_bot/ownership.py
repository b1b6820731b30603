"""Who reaches a session over HTTP: its owner, proven by the owner token (``identity.py``).

Every HTTP path that reads or changes a session (the API's /answer, /report, /export, /delete, the page's
resume, report downloads) goes through ``require`` or a signed link; a missing or wrong token gets the
same "not found" as an unknown id, so an id alone (printed in an old report, seen in a URL) tells nothing,
not even whether the session exists. The CLI works on the local database and needs no token.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from .errors import SessionNotFound, session_not_found
from .identity import derived_key, link_signature, new_owner_secret, owner_hash, owner_sid, owner_token, owns
from .interview.service import check_sid

if TYPE_CHECKING:
    from .interview.service import InterviewService
    from .interview.state import Reply

LINK_TTL = 3600  # seconds a report download link works (the page makes new ones on every view)
FORMATS = ("md", "html", "pdf")


def not_found(sid: str) -> SessionNotFound:
    """The very message an unknown id gets (store.py)."""
    return session_not_found(sid)


def start(svc: InterviewService, **kw: Any) -> tuple[Reply, str]:
    """Start an interview owned by the caller; returns the reply and the owner token (shown once)."""
    secret = new_owner_secret()
    reply = svc.start(owner=owner_hash(secret), **kw)
    return reply, owner_token(reply.session_id, secret)


def stored_owner(svc: InterviewService, sid: str) -> str:
    """The owner hash kept with session ``sid`` ("" for sessions started before owner tokens)."""
    return svc.owner(sid)


def require(svc: InterviewService, sid: Any, token: Any) -> str:
    """``sid`` if ``token`` opens it; else the unknown-session error (a malformed id keeps its own message)."""
    sid = check_sid(sid)
    if not owns(stored_owner(svc, sid), token, sid):
        raise not_found(sid)
    return sid


def from_code(svc: InterviewService, code: Any) -> str | None:
    """The session a resume code (owner token) opens, or None if it opens none."""
    sid = owner_sid(code)
    if sid is None:
        return None
    try:
        return require(svc, sid, code)
    except SessionNotFound:
        return None


def report_link(svc: InterviewService, sid: str, fmt: str, now: float | None = None) -> str:
    """A relative link that downloads the report of ``sid`` in ``fmt`` for ``LINK_TTL`` seconds."""
    expires = int(now if now is not None else time.time()) + LINK_TTL
    key = derived_key(svc.settings, "report-links-v1")
    sig = link_signature(key, stored_owner(svc, sid), sid, fmt, expires)
    return f"reports/{sid}.{fmt}?expires={expires}&sig={sig}"


def link_state(svc: InterviewService, sid: str, fmt: str, expires: str, sig: str, now: float | None = None) -> str:
    """"ok", "expired" or "invalid" for a download link's parameters."""
    import hmac

    if not expires.isdigit() or len(expires) > 12 or not sig or len(sig) > 64:
        return "invalid"
    if int(expires) < (now if now is not None else time.time()):
        return "expired"
    try:
        owner = stored_owner(svc, sid)
    except SessionNotFound:
        return "invalid"
    if not owner:
        return "invalid"
    want = link_signature(derived_key(svc.settings, "report-links-v1"), owner, sid, fmt, int(expires))
    return "ok" if hmac.compare_digest(want, sig) else "invalid"
