"""The scorer's output, and the protocol every scorer follows."""

from __future__ import annotations

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

FLAG_TEXT: dict[str, dict[str, str]] = {
    "empty": {"en": "No answer given.", "fr": "Aucune réponse donnée."},
    "too_short": {"en": "Very short answer: little to score.", "fr": "Réponse très courte : peu d'éléments à évaluer."},
    "addresses_grader": {
        "en": "Part of the answer addressed the grader instead of the question; it was ignored.",
        "fr": "Une partie de la réponse s'adressait au correcteur plutôt qu'à la question ; elle a été ignorée.",
    },
    "keyword_stuffing": {
        "en": "Keywords without explanation: terms alone earn little.",
        "fr": "Mots-clés sans explication : des termes seuls rapportent peu.",
    },
    "copies_question": {
        "en": "The answer mostly repeats the question.",
        "fr": "La réponse reprend surtout la question.",
    },
    "gibberish": {"en": "The answer is not readable text.", "fr": "La réponse n'est pas un texte lisible."},
    "incoherent": {
        "en": "The words do not form sentences (shuffled or pasted fragments).",
        "fr": "Les mots ne forment pas de phrases (mélangés ou fragments collés).",
    },
    "other_language": {
        "en": "Answered in the other language; scored against that language's key points.",
        "fr": "Réponse dans l'autre langue ; évaluée avec les points clés de cette langue.",
    },
    "off_topic": {"en": "The answer does not address the question.", "fr": "La réponse ne traite pas la question."},
    "llm_disagreement": {
        "en": "The LLM judge and the offline scorer disagree strongly: treat this score with care.",
        "fr": "Le juge LLM et le correcteur hors ligne divergent fortement : score à prendre avec prudence.",
    },
    "llm_unscored": {
        "en": "The LLM judge gave no usable verdict; the offline score is shown.",
        "fr": "Le juge LLM n'a pas rendu de verdict exploitable ; le score hors ligne est affiché.",
    },
    "llm_invalid_quote": {
        "en": "The LLM judge cited text that is not in the answer; that evidence was discarded.",
        "fr": "Le juge LLM a cité un texte absent de la réponse ; cette preuve a été écartée.",
    },
}


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
    descriptor: str
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
    name: str

    def score(self, question: Question, rubric: Rubric, answer: str, lang: Lang) -> AnswerScore: ...
