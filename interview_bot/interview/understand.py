"""LLM mode: what did the candidate mean, read by the model with structured output, falling back to
the offline classifier (turns.py) whenever the model fails, is paused, or returns anything invalid.

``TURN_PROMPT | model | PydanticOutputParser(TurnLabel)``: the parser validates the JSON (fake chat
models and llama.cpp servers have no native structured output, and a parser works with any model).
The candidate's message is escaped and placed between <message> tags as data. Two safety rules keep
answers from being misread: a bare yes/no to a pending "shall we stop?" / "a hint?" is read offline,
and a message longer than ``MAX_NON_ANSWER_WORDS`` words stays an answer whatever the model says.
"""

from __future__ import annotations

import html
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from langchain_core.output_parsers import PydanticOutputParser
from pydantic import BaseModel

from ..prompts import TURN_PROMPT
from .turns import MAX_NON_ANSWER_WORDS, Awaiting, TurnKind, TurnReading, cue_for

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from ..llm import Breaker

log = logging.getLogger("interview_bot")


class TurnLabel(BaseModel):
    kind: TurnKind


class TurnReader:
    def __init__(self, model: BaseChatModel, breaker: Breaker, retries: int = 1):
        parser = PydanticOutputParser(pydantic_object=TurnLabel)
        prompt = TURN_PROMPT.partial(format_instructions=parser.get_format_instructions())
        self.chain = (prompt | model | parser).with_retry(stop_after_attempt=1 + retries,
                                                           wait_exponential_jitter=False)
        self.breaker = breaker

    def read(self, text: str, offline: TurnReading, last: str = "", awaiting: Awaiting | None = None
             ) -> tuple[TurnReading, str]:
        """The reading and who made it ("llm" or "offline")."""
        if awaiting is not None and offline.cue in ("yes", "no"):
            return offline, "offline"
        if len(text.split()) > MAX_NON_ANSWER_WORDS or not self.breaker.allow():
            return offline, "offline"
        try:
            label: TurnLabel = self.chain.invoke({"last": html.escape(last[-600:]), "message": html.escape(text)})
        except Exception as exc:  # noqa: BLE001 - any failure: the offline reading stands
            self.breaker.record(False)
            log.info("turn classification by the LLM failed (%s): offline reading used", type(exc).__name__)
            return offline, "offline"
        self.breaker.record(True)
        if label.kind == offline.kind:
            return replace(offline, unsure=False), "llm"  # the model agrees: no need to ask
        if label.kind == "candidate_question":
            from .route import route

            return TurnReading(label.kind, route(text)), "llm"
        return TurnReading(label.kind, cue_for(label.kind, text)), "llm"
