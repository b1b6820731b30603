"""Secrets and private tokens.

* The app secret (``INTERVIEW_BOT_SESSION_SECRET``, else one generated once in the data dir, created
  atomically 0600) encrypts what the browser keeps and signs candidate tokens.
* A candidate token links a person's sessions (progress in the report). It is issued by the app:
  random bytes plus an HMAC of them under the app secret, so nobody can pick one that matches someone
  else's, and the database keeps only a hash of it, never the token itself.
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
        raise ConfigError(
            "INTERVIEW_BOT_SESSION_SECRET is not set, and the database is shared (INTERVIEW_BOT_DATABASE_URL): "
            "every replica would make its own secret and browsers would lose their sessions when served by "
            "another one. Set the same INTERVIEW_BOT_SESSION_SECRET on every replica, e.g. the output of: "
            "python -c \"import secrets; print(secrets.token_urlsafe(32))\""
        )


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
        raise InputError(
            "This candidate token was not issued by this app (it is the value returned as 'candidate_token' by "
            "an earlier interview). Leave it empty to get a new one."
        )
    return hashlib.sha256(token.strip().encode()).hexdigest()
