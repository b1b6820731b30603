"""The report as data: built from the store, rendered to Markdown, HTML and PDF."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ..scoring.models import CriterionResult, KeyPointResult, MisconceptionHit


class Exchange(BaseModel):
    prompt: str  # the question or probe text (canonical)
    answer: str


class QuestionReport(BaseModel):
    status: Literal["answered", "skipped", "not_answered"] = "answered"
    notes: list[str] = Field(default_factory=list)  # human-readable: skipped / not answered / hints given
    question_id: str
    topic: str
    topic_name: str
    difficulty: int
    question: str
    exchanges: list[Exchange]
    overall: float | None
    confidence: float
    criteria: list[CriterionResult]
    key_points: list[KeyPointResult]
    misconceptions: list[MisconceptionHit] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)  # human-readable texts
    strong_answer: str
    study: list[tuple[str, str | None]] = Field(default_factory=list)  # (title, url)
    scorer: str
    offline_overall: float | None = None
    rationale: str | None = None


class TopicScore(BaseModel):
    topic: str
    name: str
    score: float
    n: int


class StudyStep(BaseModel):
    kind: Literal["read", "build", "retry", "practise"]
    text: str
    url: str | None = None  # for "read"


class StudyItem(BaseModel):
    topic: str
    topic_name: str
    score: float | None  # None: no question of this topic was scored (skipped, "I don't know")
    missed: list[str] = Field(default_factory=list)  # key points not covered (shown per question, not here)
    pointers: list[tuple[str, str | None]] = Field(default_factory=list)
    steps: list[StudyStep] = Field(default_factory=list)

    @property
    def shown_steps(self) -> list[StudyStep]:
        """The steps, or (for a plan built without them) the reading pointers."""
        return self.steps or [StudyStep(kind="read", text=title, url=url) for title, url in self.pointers[:3]]


class PastSession(BaseModel):
    session_id: str
    date: datetime
    overall: float | None
    current: bool = False


class Report(BaseModel):
    session_id: str
    language: str
    role: str  # the job title, from the role profile
    candidate: str
    created_at: datetime
    backend: str
    finished: bool
    overall: float | None
    answered: int
    planned: int
    topics: list[TopicScore]
    strengths: list[str]
    gaps: list[str]
    questions: list[QuestionReport]
    study_plan: list[StudyItem]
    progress: list[PastSession]
