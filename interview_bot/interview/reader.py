"""Read one candidate message: the learned reader (``turn_model.py``) with the precise patterns of
``turns.py`` where they are exact (a bare yes/no to the recruiter's pending yes/no question, an
empty message), and the patterns alone when the model cannot run (encoder package missing)."""

from __future__ import annotations

import logging

from ..scoring.models import AnswerScore
from . import turns as T
from .turn_model import apply_rules, decide, encoder, get_model, question_vector
from .turns import Awaiting, TurnReading

log = logging.getLogger("interview_bot")


def read_turn(text: str, awaiting: Awaiting | None = None, question: str = "") -> TurnReading:
    """What ``text`` means, typed while ``question`` is open. ``unsure`` is set when an answer and a
    request are both plausible: the recruiter then asks before scoring."""
    if awaiting is not None:
        reading = T.yes_no(text, awaiting)
        if reading is not None:
            return reading
    if not T._fold(text):
        return TurnReading("other", "empty")
    try:
        model = get_model()
        proba = apply_rules(model.proba(text, question), text)
    except Exception as exc:  # noqa: BLE001 - no encoder or model file: the patterns read it
        log.warning("learned turn reader unavailable (%s): patterns used", type(exc).__name__)
        return T.classify(text, awaiting)
    d = decide(proba, T.classify(text).kind, model.ask_low, model.ask_high)
    if d.kind == "candidate_question":
        from .route import route

        cue = route(text)
    else:
        cue = T.cue_for(d.kind, text)
    return TurnReading(d.kind, cue, unsure=d.unsure, p_answer=round(d.p_answer, 4))


OFF_TOPIC_MIN_WORDS = 60  # only a long answer can be named off-topic: a short one is just brief
OFF_TOPIC_MAX_SCORE = 5.0  # … that earned (almost) nothing and covered no key point …
OFF_TOPIC_COSINE = 0.10  # … and whose MiniLM sentence embedding is this far from the question's (docs/turns.md)


def off_topic(text: str, question: str, score: AnswerScore) -> bool:
    """A long answer about something other than the open question (named once, asked again)."""
    if len(text.split()) < OFF_TOPIC_MIN_WORDS or not question or score.overall is None:
        return False
    if score.overall >= OFF_TOPIC_MAX_SCORE or any(k.covered for k in score.key_points):
        return False
    try:
        enc = encoder()
        return float(enc.vector(text, whole=True) @ question_vector(question, whole=True)) < OFF_TOPIC_COSINE
    except Exception:  # noqa: BLE001 - no encoder: never hold back an answer
        return False
