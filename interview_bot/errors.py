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


SHOWN_MAX = 40


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """What an error message may echo of something the user sent: printable, at most ``limit`` characters."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value)[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"
