"""The interview's data, as pure pydantic models: what is stored, what one turn produced, what the service
streams. No behaviour beyond a few read-only properties; the engine (``engine.py``) and the replies to
non-answers (``listen.py``) both work on these, so neither needs the other's module to name them.

``InterviewState`` is stored as JSON in the session row (``Store``). Its shape is the stored format:
a field added here needs a default, so every stored session still validates (no data migration);
``tests/test_state_models.py`` loads states written by earlier code and round-trips them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from ..bank.schema import Lang
from ..scoring.models import AnswerScore
from .context import Kind, TurnContext
from .turns import Awaiting, TurnKind

Outcome = Literal["skipped", "not_answered"]
# What the candidate's message was read as: a turn kind (turns.py), or "empty" (nothing typed), "unsure"
# (answer or request? the recruiter asked) or "off_topic" (an answer about something else, named once).
StepTurn = TurnKind | Literal["empty", "unsure", "off_topic"]


class InterviewOptions(BaseModel):
    language: Lang = "en"
    n_questions: int = Field(default=5, ge=1, le=30)
    topics: list[str] = Field(default_factory=list)
    difficulty: int | None = Field(default=None, ge=1, le=3)
    max_probes: int = Field(default=2, ge=0, le=2)
    max_answer_chars: int = 8000
    candidate: str = Field(default="", max_length=120)
    owner: str = Field(default="", max_length=64)  # SHA-256 of the owner token's secret (identity.py); "" = none
    seed: int | None = Field(default=None, description="Fixes the draw of questions (same seed, same bank: same questions).")


class QuestionRecord(BaseModel):
    question_id: str
    topic: str
    difficulty: int
    answers: list[str] = Field(default_factory=list)
    probe_indices: list[int] = Field(default_factory=list)
    history: list[float | None] = Field(default_factory=list)  # cumulative overall after each answer
    score: AnswerScore | None = None  # latest score (cumulative over question + probes)
    outcome: Outcome | None = None  # moved on without an answer
    hints: list[str] = Field(default_factory=list)  # hint texts shown, in order (the scorer may discount their words)
    hint_offered: bool = False  # after "I don't know": a hint was offered once
    events: list[str] = Field(default_factory=list)  # candidate turns that were not answers, in order
    followups: dict[str, str] = Field(default_factory=dict)  # probe index → the follow-up an LLM wrote instead
    off_topic_noted: bool = False  # an off-topic answer was named once and the question asked again

    @property
    def overall(self) -> float | None:
        return self.history[-1] if self.history else None


class InterviewState(BaseModel):
    session_id: str
    options: InterviewOptions
    topics: list[str]
    n_questions: int
    difficulty: int
    seed: int
    records: list[QuestionRecord] = Field(default_factory=list)
    status: Literal["active", "finished"] = "active"
    turn: int = 0
    pending: TurnContext | None = None  # the recruiter message owed (re-rendered after a crash)
    pending_text: str = ""  # the last recruiter message, shown again on resume
    awaiting: Awaiting | None = None  # the recruiter asked a yes/no question (end? hint? your answer?)
    held: str = ""  # a message the recruiter asked about ("shall I take that as your answer?")

    @property
    def current(self) -> QuestionRecord | None:
        return self.records[-1] if self.records and self.status == "active" else None

    @property
    def overall(self) -> float | None:
        vals = [r.overall for r in self.records if r.overall is not None]
        return round(sum(vals) / len(vals), 1) if vals else None

    @property
    def progress(self) -> tuple[int, int]:
        return (len(self.records), self.n_questions)


class Step(BaseModel):
    """What one candidate turn produced. ``ctx`` is the recruiter message to render next."""

    state: InterviewState
    ctx: TurnContext | None = None
    score: AnswerScore | None = None
    accepted: bool = True  # False: the answer was empty and the question is asked again
    answered: str | None = None  # the text that was scored, when it is not this message (a confirmed one)
    notice: str | None = None
    probe: int = 0  # which probe this answer replied to (0 = the question itself)
    turn: StepTurn = "answer"  # what the candidate's message was read as


# ---- what a turn writes besides the state --------------------------------------------------------------
class TurnEvent(BaseModel):
    """One transcript event, as the store appends it (``turns`` table)."""

    role: Literal["recruiter", "candidate", "notice"]
    kind: Kind | StepTurn | Literal["resume", "notice"]  # the recruiter's message kind, or the candidate's turn
    content: str
    question_id: str | None = None


class AnswerRecord(BaseModel):
    """One scored answer, as the store appends it (``answers`` table)."""

    question_id: str
    probe: int  # 0 = the question, n = the n-th follow-up
    text: str
    overall: float | None
    score: AnswerScore


# ---- what the service answers ----------------------------------------------------------------------------
class Reply(BaseModel):
    session_id: str
    message: str
    notices: list[str] = Field(default_factory=list)
    score: AnswerScore | None = None
    accepted: bool = True
    finished: bool = False
    question_index: int = 0
    total_questions: int = 0
    recruiter: str = "structured"
    turn: StepTurn = "answer"  # what the message was read as ("empty" when nothing was typed)
    candidate_token: str = ""  # /start only: pass it to later interviews to see progress across them


class ScoreEvent(BaseModel):
    """First event of an answer: it and its score (None: not an answer, nothing scored) are committed."""

    kind: Literal["score"] = "score"
    score: AnswerScore | None


class ChunkEvent(BaseModel):
    """A piece of the recruiter's reply while it streams."""

    kind: Literal["chunk"] = "chunk"
    text: str


class ReplyEvent(BaseModel):
    """Last event: the whole reply, once the recruiter's message is stored."""

    kind: Literal["reply"] = "reply"
    reply: Reply


AnswerEvent = Annotated[ScoreEvent | ChunkEvent | ReplyEvent, Field(discriminator="kind")]
