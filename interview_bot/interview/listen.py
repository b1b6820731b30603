"""The recruiter's reaction to a candidate message that is not an answer. Nothing here is scored.

clarify → a rephrasing, the question stays open; repeat → the question again, verbatim;
hint → the question's next hint, lightest first (each one recorded in ``rec.hints``; once all are
given, the last is repeated); dont_know → a hint is offered once, then the interview
moves on and the question is recorded "not answered"; skip → next question, recorded "skipped";
candidate_question → an answer from the role profile, then back to the question; end → asks to
confirm, a "yes" closes the interview; other → a short reply and back to the question.
Only skip, dont_know (the second time) and a confirmed end move the interview on.
"""

from __future__ import annotations

from typing import Any, Protocol

from ..bank import Bank
from ..bank.schema import Question
from .assist import pick_hint, profile_answer, rephrasing
from .context import TurnContext
from .profile import RoleProfile
from .state import InterviewState, Outcome, QuestionRecord, Step
from .turns import Awaiting, TurnReading


class EngineLike(Protocol):
    """What a reply needs from the engine (``engine.Engine`` is one): this module never imports it."""

    bank: Bank
    profile: RoleProfile | None

    def open_prompt(self, state: InterviewState, q: Question, rec: QuestionRecord) -> str: ...

    def move_on(self, state: InterviewState, rec: QuestionRecord, covered: int = 0, of: int = 0,
                after: str | None = None) -> TurnContext: ...

    def finish_early(self, state: InterviewState, in_place: bool = False) -> Step: ...


def _missed(state: InterviewState, q: Question, rec: QuestionRecord) -> list[str]:
    lang = state.options.language
    covered = {k.id for k in rec.score.covered} if rec.score else set()
    return [k.text.get(lang) for k in q.key_points if k.id not in covered]


def respond(engine: EngineLike, state: InterviewState, rec: QuestionRecord, q: Question, reading: TurnReading,
            text: str, awaiting: Awaiting | None = None) -> Step:
    lang = state.options.language
    kind = reading.kind
    rec.events.append(kind)
    prompt = engine.open_prompt(state, q, rec)
    base: dict[str, Any] = {"lang": lang, "turn": state.turn, "index": len(state.records), "total": state.n_questions,
            "topic": q.topic, "cue": reading.cue, "question": prompt, "candidate": text,
            "missed": _missed(state, q, rec)}
    ctx: TurnContext
    if kind == "clarify":
        ctx = TurnContext(kind="clarify", reply=rephrasing(q, prompt, lang), **base)
    elif kind == "repeat":
        ctx = TurnContext(kind="repeat", canonical=prompt, **base)
    elif kind == "hint":
        ctx = _hint(engine, state, rec, q, base)
    elif kind == "dont_know":
        if not rec.hint_offered and not rec.hints:
            rec.hint_offered = True
            state.awaiting = "hint_offer"
            ctx = TurnContext(kind="dont_know", **base)
        else:
            ctx = _leave(engine, state, rec, "not_answered", "dont_know")
    elif kind == "skip":
        ctx = _leave(engine, state, rec, "skipped", "skip")
    elif kind == "candidate_question":
        profile = engine.profile
        answer = profile_answer(profile, reading.cue, lang, len(state.records), state.n_questions) if profile else None
        ctx = TurnContext(kind="candidate_question", reply=answer, canonical=prompt, **base)
    elif kind == "end":
        if awaiting == "end_confirm":  # "shall we stop?" → "yes" (or another request to stop)
            step = engine.finish_early(state, in_place=True)
            step.turn = "end"
            return step
        state.awaiting = "end_confirm"
        ctx = TurnContext(kind="end_confirm", **base)
    else:
        think = reading.cue == "think"
        ctx = TurnContext(kind="other", canonical=None if think else prompt, **base)
    state.pending = ctx
    return Step(state=state, ctx=ctx, turn=kind)


def confirm_answer(engine: EngineLike, state: InterviewState, rec: QuestionRecord, q: Question, reading: TurnReading,
                   text: str) -> Step:
    """The reader cannot tell an answer from a request: ask "shall I take that as your answer?".
    The message is held (and kept in the transcript); "yes" scores it, "no" goes back to the question."""
    lang = state.options.language
    rec.events.append("unsure")
    state.awaiting = "answer_confirm"
    state.held = text
    prompt = engine.open_prompt(state, q, rec)
    ctx = TurnContext(kind="answer_confirm", lang=lang, turn=state.turn, index=len(state.records),
                      total=state.n_questions, topic=q.topic, question=prompt, candidate=text,
                      missed=_missed(state, q, rec))
    state.pending = ctx
    return Step(state=state, ctx=ctx, turn="unsure")


def _hint(engine: EngineLike, state: InterviewState, rec: QuestionRecord, q: Question, base: dict[str, Any]) -> TurnContext:
    hint = pick_hint(q, engine.bank.rubric_for(q), rec.score, state.options.language, rec.probe_indices,
                     shown=len(rec.hints))
    if hint is None:  # every hint was given: repeat the last one
        return TurnContext(kind="hint", reply=rec.hints[-1], **{**base, "cue": "again"})
    rec.hints.append(hint)
    return TurnContext(kind="hint", reply=hint, **base)


def _leave(engine: EngineLike, state: InterviewState, rec: QuestionRecord, outcome: Outcome, after: str) -> TurnContext:
    """Move on without an answer. A question already answered keeps its score (only the
    follow-up went unanswered); an unanswered one is recorded as skipped / not answered."""
    if rec.answers:  # only the follow-up is left: nothing to note as "not answered"
        return engine.move_on(state, rec, after="skip" if after == "skip" else "dont_know_probe")
    rec.outcome = outcome
    return engine.move_on(state, rec, after=after)
