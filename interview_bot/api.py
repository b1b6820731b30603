"""The named HTTP endpoints (``gradio_client`` / REST): a thin shell over ``InterviewService``.

``/start`` returns the session id and its ``owner_token``; every call that reads or changes the session
(``/answer``, ``/report``, ``/report_url``, ``/export``, ``/delete``) needs that token and otherwise
answers as for an unknown session (``ownership.py``). Calls are rate-limited per client; every error is
the project's own message, bounded in what it echoes of the input, logged as one line without a
traceback and without the session id.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import gradio as gr

from . import ownership
from .errors import InputError, InterviewBotError, shown
from .i18n import t
from .interview.service import InterviewService, clean_text
from .report import build_report, render_markdown
from .web import RateLimiter, client_id

MAX_TOPICS_CHARS = 2_000
MAX_TOPIC_ID = 80
REPLY_FIELDS = {"session_id", "message", "notices", "question_index", "total_questions", "candidate_token"}
log = logging.getLogger("interview_bot.api")


def check_rate(limiter: RateLimiter, request: gr.Request | None, action: str, lang: str) -> None:
    wait = limiter.retry_after(client_id(request), action)
    if wait:
        raise InputError(t("error.rate_limited", lang, seconds=max(1, round(wait))))


def user_error(action: str, exc: InterviewBotError, lang: str) -> gr.Error:
    """A refused call: one log line (what and why, no id, no input), no traceback, the message to the caller
    in ``lang`` (the interview's language asked for, else the server's)."""
    log.info("refused %s: %s", action, type(exc).__name__)
    return gr.Error(exc.render(lang), print_exception=False)


def register(svc: InterviewService, limiter: RateLimiter) -> None:
    """Declare /start, /answer, /report, /report_url, /export, /delete and /ping (inside ``gr.Blocks``)."""

    def owned(action: str, session_id: str, owner_token: str, request: gr.Request | None,
              then: Callable[[str], Any], rate: str | None = None) -> Any:
        try:
            if rate:
                check_rate(limiter, request, rate, svc.settings.language)
            return then(ownership.require(svc, session_id, owner_token))
        except InterviewBotError as exc:
            raise user_error(action, exc, svc.settings.language) from None

    def api_start(language: str = "en", n_questions: int = 5, topics: str = "", difficulty: int = 0,
                  candidate_token: str = "", request: gr.Request = None) -> dict[str, Any]:  # type: ignore[assignment]
        """Start an interview. topics: comma-separated topic ids ('' = all technical topics);
        difficulty: 1-3, or 0 for the default; candidate_token: the token an earlier /start returned, to
        see your progress across sessions in the report ('' = a new one is issued). Returns the session
        id, the recruiter's first message, your owner_token (every later call on this session needs it;
        keep it private: whoever holds it can read, answer and delete the interview) and your
        candidate_token (keep it private too)."""
        try:
            if language not in ("fr", "en"):
                raise InputError("error.api_language")
            check_rate(limiter, request, "start", language)
            if len(topics) > MAX_TOPICS_CHARS:
                raise InputError("error.api_topics_chars", limit=MAX_TOPICS_CHARS)
            wanted = [x.strip() for x in clean_text(topics).split(",") if x.strip()]
            if any(len(x) > MAX_TOPIC_ID for x in wanted):
                raise InputError("error.api_topic_id", limit=MAX_TOPIC_ID, value=shown(max(wanted, key=len)))
            r, token = ownership.start(svc, language=language, n_questions=int(n_questions), topics=wanted or None,
                                       difficulty=int(difficulty) or None, candidate=candidate_token or None)
        except InterviewBotError as exc:
            raise user_error("start", exc, language if language in ("fr", "en") else svc.settings.language) from None
        return {**r.model_dump(mode="json", include=REPLY_FIELDS), "owner_token": token}

    def api_answer(session_id: str, answer: str, owner_token: str = "",
                   request: gr.Request = None) -> dict[str, Any]:  # type: ignore[assignment]
        """Answer the current question (owner_token: from /start). Returns the recruiter's next message and
        the answer's score."""
        return owned("answer", session_id, owner_token, request, rate="answer",
                     then=lambda sid: svc.answer(sid, answer).model_dump(mode="json", exclude={"candidate_token"}))

    def api_report(session_id: str, owner_token: str = "", request: gr.Request = None) -> str:  # type: ignore[assignment]
        """The session's report in Markdown (owner_token: from /start)."""
        return owned("report", session_id, owner_token, request, rate="report",
                     then=lambda sid: render_markdown(build_report(svc, sid)))

    def api_report_url(session_id: str, owner_token: str = "", fmt: str = "pdf",
                       request: gr.Request = None) -> str:  # type: ignore[assignment]
        """A download link for the report (fmt: md, html or pdf), relative to the app's URL, valid one hour."""
        if fmt not in ownership.FORMATS:
            raise user_error("report_url", InputError("error.api_fmt"), svc.settings.language)
        return owned("report_url", session_id, owner_token, request, rate="report",
                     then=lambda sid: ownership.report_link(svc, sid, fmt))

    def api_export(session_id: str, owner_token: str = "", request: gr.Request = None) -> str:  # type: ignore[assignment]
        """Everything stored for the session, as JSON (owner_token: from /start)."""
        return owned("export", session_id, owner_token, request, rate="report",
                     then=lambda sid: json.dumps(svc.export(sid), ensure_ascii=False))

    def api_delete(session_id: str, owner_token: str = "", request: gr.Request = None) -> str:  # type: ignore[assignment]
        """Delete the session and everything stored for it (owner_token: from /start). Returns 'deleted'."""

        def delete(sid: str) -> str:
            svc.delete(sid)
            return "deleted"

        return owned("delete", session_id, owner_token, request, rate="report", then=delete)

    def api_ping() -> str:
        """Health check (no work): used as the HTTP baseline in bench/."""
        return "ok"

    endpoints: list[tuple[Any, str]] = [(api_start, "start"), (api_answer, "answer"), (api_report, "report"),
                                        (api_report_url, "report_url"), (api_export, "export"),
                                        (api_delete, "delete"), (api_ping, "ping")]
    for fn, name in endpoints:
        gr.api(fn, api_name=name)
