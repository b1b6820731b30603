"""Read one candidate message: the learned reader (``turn_model.py``) with the precise patterns of
``turns.py`` where they are exact (a bare yes/no to the recruiter's pending yes/no question, an
empty message), and the patterns alone when the model cannot run (encoder package missing)."""

from __future__ import annotations

import logging

from . import turns as T
from .turn_model import apply_rules, decide, get_model
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
