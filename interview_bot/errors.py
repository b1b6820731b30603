"""The project's own errors. The UI and the CLI catch only these and show their message."""

from __future__ import annotations


class InterviewBotError(Exception):
    """Base class: the message is meant to be shown to a person and say what to fix."""


class ConfigError(InterviewBotError):
    """Settings are missing or inconsistent (e.g. a backend without its key)."""


class InputError(InterviewBotError):
    """Something the user typed cannot be used as is (empty answer, too long, unknown topic)."""


class SessionNotFound(InterviewBotError):
    """No session with that id in the store."""


class StaleWrite(InputError):
    """The session changed since it was read (another tab or request wrote first)."""

    def __init__(self, message: str | None = None):
        from .i18n import t

        super().__init__(message or t("error.moved_on", "en"))


def session_not_found(sid: str) -> SessionNotFound:
    """What an unknown session id gets (and, over HTTP, an id its caller does not own: ``ownership.py``)."""
    return SessionNotFound(
        f"No interview session '{shown(sid)}'. Start a new one or list them with: interview-bot sessions"
    )


SHOWN_MAX = 40


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """What an error message may echo of something the user sent: printable, at most ``limit`` characters."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value)[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"
