"""The project's own errors. The UI and the CLI catch only these and show their message.

An error carries a message key of the catalog (``interview_bot/i18n``) and the values to put in it;
whoever shows it renders it in its reader's language::

    raise InputError("error.bad_sid", value=shown(sid))
    ...
    except InterviewBotError as exc:
        warn(exc.render(lang))              # the page's language; str(exc) is English

A message already rendered with ``t()`` may be passed instead of a key (it is shown as is); never an
English sentence: ``tests/test_error_messages.py`` fails on one.
"""

from __future__ import annotations


class InterviewBotError(Exception):
    """Base class: the message is meant to be shown to a person and say what to fix."""

    def __init__(self, key: str = "", /, **values: object):
        self.key = key
        self.values = values
        super().__init__(key)

    def render(self, lang: str) -> str:
        """The message in ``lang`` ("fr"/"en"; values that are errors are rendered in it too)."""
        from .i18n import has, t

        if not (self.key and has(self.key)):
            return self.key  # already a message (rendered where it was raised)
        values = {k: v.render(lang) if isinstance(v, InterviewBotError) else v for k, v in self.values.items()}
        return t(self.key, lang, 0, **values)

    def __str__(self) -> str:
        return self.render("en")


class ConfigError(InterviewBotError):
    """Settings are missing or inconsistent (e.g. a backend without its key)."""


class InputError(InterviewBotError):
    """Something the user typed cannot be used as is (empty answer, too long, unknown topic)."""


class SessionNotFound(InterviewBotError):
    """No session with that id in the store."""


class StaleWrite(InputError):
    """The session changed since it was read (another tab or request wrote first)."""

    def __init__(self, key: str = "error.moved_on", /, **values: object):
        super().__init__(key, **values)


def session_not_found(sid: str) -> SessionNotFound:
    """What an unknown session id gets (and, over HTTP, an id its caller does not own: ``ownership.py``)."""
    return SessionNotFound("error.no_session", sid=shown(sid))


SHOWN_MAX = 40


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """What an error message may echo of something the user sent: printable, at most ``limit`` characters."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value)[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"
