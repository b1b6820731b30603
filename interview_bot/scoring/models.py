"""The scorer's output, and the protocol every scorer follows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

from pydantic import BaseModel, Field

from ..bank.schema import Lang, Question, Rubric

Flag = Literal[
    "empty",
    "too_short",
    "addresses_grader",
    "keyword_stuffing",
    "copies_question",
    "gibberish",
    "incoherent",
    "other_language",
    "off_topic",
    "llm_disagreement",
    "llm_unscored",
    "llm_invalid_quote",
]

# What each flag means to a person: ``flag.<id>`` in the message catalog (interview_bot/i18n).

# The flags that mean "this is not a genuine attempt at an answer": the LLM judge may not raise a score
# that carries one, and ``eval`` publishes how often they fire on genuine answers. One definition for both.
GAMING_FLAGS: frozenset[str] = frozenset(
    {"empty", "addresses_grader", "keyword_stuffing", "copies_question", "gibberish", "incoherent"}
)


class KeyPointResult(BaseModel):
    id: str
    criterion: str
    weight: float
    text: str
    covered: bool
    coverage: float = Field(ge=0, le=1, description="How much of the key point the answer covers.")
    evidence: str | None = Field(default=None, description="An exact substring of the answer.")
    contradicted: bool = Field(
        default=False,
        description="The answer states the opposite of this key point (or a misconception tied to it).",
    )
    contradiction: str | None = Field(
        default=None, description="The exact substring of the answer that contradicts the key point."
    )
    correction: str | None = Field(
        default=None, description="What is right instead (a misconception's correction, or the key point)."
    )


class MisconceptionHit(BaseModel):
    """A misconception from the bank that the answer states."""

    id: str
    text: str = Field(description="The misconception, as the bank words it.")
    correction: str
    evidence: str = Field(description="The exact substring of the answer that states it.")
    key_point: str | None = None


class CriterionResult(BaseModel):
    id: str
    name: str
    weight: float
    level: int = Field(ge=0, le=4)
    descriptor: str | None = Field(
        default=None, description="The rubric's descriptor for this level; None when nothing measured backs it."
    )
    evidence: str | None = None


class AnswerScore(BaseModel):
    question_id: str
    language: Lang
    overall: float | None = Field(ge=0, le=100, description="None means unscored.")
    confidence: float = Field(ge=0, le=1)
    criteria: list[CriterionResult]
    key_points: list[KeyPointResult]
    flags: list[Flag] = Field(default_factory=list)
    misconceptions: list[MisconceptionHit] = Field(default_factory=list)
    scorer: str
    offline_overall: float | None = None  # when an LLM judge scored, the offline cross-check
    rationale: str | None = None  # the LLM judge's short rationale (plain text, escaped on display)

    @property
    def covered(self) -> list[KeyPointResult]:
        return [k for k in self.key_points if k.covered]

    @property
    def missed(self) -> list[KeyPointResult]:
        return [k for k in self.key_points if not k.covered]

    @property
    def contradicted(self) -> list[KeyPointResult]:
        return [k for k in self.key_points if k.contradicted]


class Scorer(Protocol):
    @property
    def name(self) -> str: ...

    def score(
        self, question: Question, rubric: Rubric, answer: str, lang: Lang, hints: Sequence[str] = ()
    ) -> AnswerScore: ...
