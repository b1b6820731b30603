"""Secrets and private tokens.

* The app secret (``INTERVIEW_BOT_SESSION_SECRET``, else one generated once in the data dir, created
  atomically 0600) encrypts what the browser keeps and signs candidate tokens.
* A candidate token links a person's sessions (progress in the report). It is issued by the app:
  random bytes plus an HMAC of them under the app secret, so nobody can pick one that matches someone
  else's, and the database keeps only a hash of it, never the token itself.
* An owner token opens one session (answer, report, export, delete): ``ibo_<session id>.<43 random
  characters>``, issued by ``/start`` and shown on the page as the resume code. The database keeps only its
  SHA-256 (in the session's options), so neither the id, nor a report, nor the app secret grants anything.
* Keys derived from the app secret (``derived_key``) serve one purpose each; the one that encrypts what
  the browser keeps is sent to every browser by Gradio, so it must never be the app secret itself.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from .config import Settings
from .errors import ConfigError, InputError
from .files import create_exclusive

SECRET_FILE = ".browser_secret"  # noqa: S105 - a file name, not a secret
_TOKEN = re.compile(r"^ibt_([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{22})$")
_OWNER = re.compile(r"^ibo_([0-9a-f]{32})\.([A-Za-z0-9_-]{43})$")


def app_secret(settings: Settings) -> str:
    """The app secret: from the settings, else read (or created once, atomically, 0600) in the data dir."""
    if settings.session_secret:
        return settings.session_secret.get_secret_value()
    path = settings.data_dir / SECRET_FILE
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        create_exclusive(path, secrets.token_urlsafe(32))  # loses the race harmlessly to another process
        return path.read_text(encoding="utf-8").strip()


def require_shared_secret(settings: Settings) -> None:
    """Replicas on a shared database must share the secret: refuse to start without one."""
    if settings.database_url and not settings.database_url.startswith("sqlite") and not settings.session_secret:
        raise ConfigError("error.shared_secret",
                          command='python -c "import secrets; print(secrets.token_urlsafe(32))"')


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _sign(secret: str, body: str) -> str:
    return _b64(hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()[:16])


def new_candidate_token(secret: str) -> str:
    body = _b64(secrets.token_bytes(24))
    return f"ibt_{body}.{_sign(secret, body)}"


def candidate_key(token: str, secret: str) -> str:
    """The hash stored for ``token``; refuses a token this app did not issue."""
    m = _TOKEN.match(token.strip())
    if not m or not hmac.compare_digest(m.group(2), _sign(secret, m.group(1))):
        raise InputError("error.candidate_token")
    return hashlib.sha256(token.strip().encode()).hexdigest()


def derived_key(settings: Settings, purpose: str) -> str:
    """A key for one ``purpose`` only, derived from the app secret (one-way: publishing it reveals nothing else)."""
    return _b64(hmac.new(app_secret(settings).encode(), f"interview_bot:{purpose}".encode(), hashlib.sha256).digest())


def browser_state_key(settings: Settings) -> str:
    """Encrypts what the page keeps in the browser. Gradio sends it to the browser (it encrypts there)."""
    return derived_key(settings, "browser-state-v2")


def new_owner_secret() -> str:
    """The random part of an owner token (256 bits), made before the session so its hash is stored with it."""
    return secrets.token_urlsafe(32)


def owner_token(sid: str, secret: str) -> str:
    """The owner token (resume code) of session ``sid``: the id says which session, the secret opens it."""
    return f"ibo_{sid}.{secret}"


def owner_hash(secret: str) -> str:
    """What the database keeps of an owner token: the SHA-256 of its random part."""
    return hashlib.sha256(secret.encode()).hexdigest()


def owner_sid(token: object) -> str | None:
    """The session an owner token (a resume code) names, or None if it is not shaped like one."""
    m = _OWNER.match(token.strip()) if isinstance(token, str) else None
    return m.group(1) if m else None


def owns(stored_hash: str, token: object, sid: str) -> bool:
    """Whether ``token`` opens session ``sid`` whose stored owner hash is ``stored_hash`` (constant time)."""
    if not stored_hash or not isinstance(token, str) or owner_sid(token) != sid:
        return False
    return hmac.compare_digest(stored_hash, owner_hash(token.strip().split(".", 1)[1]))


def short_id(sid: str) -> str:
    """What logs say instead of a session id: 10 hex characters of its hash (same id, same value)."""
    return hashlib.sha256(str(sid).encode()).hexdigest()[:10]


def link_signature(key: str, owner: str, sid: str, fmt: str, expires: int) -> str:
    """Signs a report download link; ``owner`` (the stored hash) never leaves the server."""
    msg = f"{owner}|{sid}|{fmt}|{expires}".encode()
    return _b64(hmac.new(key.encode(), msg, hashlib.sha256).digest()[:18])
