"""The named HTTP endpoints (``gradio_client`` / REST): a thin shell over ``InterviewService``.

``/start`` and ``/answer`` are rate-limited per client; every error is the project's own message,
bounded in what it echoes of the input.
"""

from __future__ import annotations

import json
from typing import Any

import gradio as gr

from .errors import InputError, InterviewBotError, shown
from .i18n import t
from .interview.service import InterviewService, clean_text
from .report import build_report, render_markdown
from .web import RateLimiter, client_id

MAX_TOPICS_CHARS = 2_000
MAX_TOPIC_ID = 80
REPLY_FIELDS = {"session_id", "message", "notices", "question_index", "total_questions", "candidate_token"}


def check_rate(limiter: RateLimiter, request: gr.Request | None, action: str, lang: str, trust_proxy: bool) -> None:
    wait = limiter.retry_after(client_id(request, trust_proxy), action)
    if wait:
        raise InputError(t("error.rate_limited", lang, seconds=max(1, round(wait))))


def register(svc: InterviewService, limiter: RateLimiter) -> None:
    """Declare /start, /answer, /report, /export, /delete and /ping (call inside ``gr.Blocks``)."""
    trust = svc.settings.trust_proxy_headers

    def api_start(language: str = "en", n_questions: int = 5, topics: str = "", difficulty: int = 0,
                  candidate_token: str = "", request: gr.Request = None) -> dict:  # type: ignore[assignment]
        """Start an interview. topics: comma-separated topic ids ('' = all technical topics);
        difficulty: 1-3, or 0 for the default; candidate_token: the token an earlier /start returned, to
        see your progress across sessions in the report ('' = a new one is issued). Returns the session
        id, the recruiter's first message and your candidate_token (keep it private)."""
        try:
            if language not in ("fr", "en"):
                raise InterviewBotError("language must be 'fr' or 'en'")
            check_rate(limiter, request, "start", language, trust)
            if len(topics) > MAX_TOPICS_CHARS:
                raise InputError(f"topics: at most {MAX_TOPICS_CHARS} characters")
            wanted = [x.strip() for x in clean_text(topics).split(",") if x.strip()]
            if any(len(x) > MAX_TOPIC_ID for x in wanted):
                raise InputError(f"topics: a topic id has at most {MAX_TOPIC_ID} characters "
                                 f"('{shown(max(wanted, key=len))}' is longer)")
            r = svc.start(language=language, n_questions=int(n_questions), topics=wanted or None,
                          difficulty=int(difficulty) or None, candidate=candidate_token or None)
        except InterviewBotError as exc:
            raise gr.Error(str(exc)) from None
        return r.model_dump(mode="json", include=REPLY_FIELDS)

    def api_answer(session_id: str, answer: str, request: gr.Request = None) -> dict:  # type: ignore[assignment]
        """Answer the current question. Returns the recruiter's next message and the answer's score."""
        try:
            check_rate(limiter, request, "answer", svc.settings.language, trust)
            r = svc.answer(session_id, answer)
        except InterviewBotError as exc:
            raise gr.Error(str(exc)) from None
        return r.model_dump(mode="json", exclude={"candidate_token"})

    def api_report(session_id: str) -> str:
        """The session's report in Markdown (also: GET /reports/<session_id>.md|html|pdf)."""
        try:
            return render_markdown(build_report(svc, session_id))
        except InterviewBotError as exc:
            raise gr.Error(str(exc)) from None

    def api_export(session_id: str) -> str:
        """Everything stored for the session, as JSON."""
        try:
            return json.dumps(svc.export(session_id), ensure_ascii=False)
        except InterviewBotError as exc:
            raise gr.Error(str(exc)) from None

    def api_delete(session_id: str) -> str:
        """Delete the session and everything stored for it. Returns 'deleted'."""
        try:
            svc.delete(session_id)
        except InterviewBotError as exc:
            raise gr.Error(str(exc)) from None
        return "deleted"

    def api_ping() -> str:
        """Health check (no work): used as the HTTP baseline in bench/."""
        return "ok"

    endpoints: list[tuple[Any, str]] = [(api_start, "start"), (api_answer, "answer"), (api_report, "report"),
                                        (api_export, "export"), (api_delete, "delete"), (api_ping, "ping")]
    for fn, name in endpoints:
        gr.api(fn, api_name=name)
