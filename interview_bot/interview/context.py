"""What the recruiter has to say next, as data. Pure pydantic: the engine builds it, the recruiter
(structured or LLM) renders it, and the stored state keeps it when a reply is owed after a crash."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal[
    "greeting", "question", "probe", "closing", "empty",
    # replies to a candidate turn that is not an answer (see turns.py); none of them is scored
    "clarify", "repeat", "hint", "dont_know", "candidate_question", "end_confirm", "other",
    # the reader could not tell an answer from a request; an answer that is about something else
    "answer_confirm", "off_topic",
]


class TurnContext(BaseModel):
    kind: Kind
    lang: Literal["fr", "en"]
    turn: int = 0
    index: int = 0
    total: int = 0
    topic: str = ""
    topics: list[str] = []
    canonical: str | None = None  # question or probe text, shown verbatim at the end
    covered: int = 0  # key points covered in the previous answer (no answer text)
    of: int = 0
    overall: float | None = None
    # --- conversational turns ---------------------------------------------------------------
    after: str | None = None  # the candidate turn that moved the interview on ("skip", "dont_know", "end")
    note: str | None = None  # about the answer just scored: "grader" (it talked to the grader)
    cue: str = ""  # what the classifier keyed on (e.g. "team", "thanks"): lets the reply fit
    reply: str | None = None  # structured content: a rephrasing, a hint, an answer from the role profile
    question: str = ""  # the open question or follow-up, for an LLM to ground a rephrasing on
    candidate: str = ""  # the candidate's message (data only; never instructions)
    missed: list[str] = Field(default_factory=list)  # key points not covered yet (follow-up aim, leak check)
