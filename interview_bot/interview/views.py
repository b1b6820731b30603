"""What the service shows of a stored session: read models, so the report, the page and the CLI never
touch the store's rows. Pure pydantic, in the words of the interview (a candidate and a recruiter), not
of any one front end: the page turns ``ChatLine`` into Gradio chat messages, the CLI prints it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from .state import InterviewState


class SessionSummary(BaseModel):
    """One session in a list: when, how it went, without its content."""

    session_id: str
    created_at: datetime
    updated_at: datetime
    status: str  # "active" | "finished"
    language: str
    backend: str
    overall: float | None
    candidate: str  # the candidate key (a hash; "" when none): sessions of one candidate share it


class SessionView(SessionSummary):
    """One session, with its state."""

    version: int
    state: InterviewState


class ChatLine(BaseModel):
    """One message of the transcript as the candidate saw it (notices left out)."""

    role: Literal["recruiter", "candidate"]
    kind: str  # the recruiter message's kind, or what the candidate's message was read as
    content: str
    question_id: str | None = None
