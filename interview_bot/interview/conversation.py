"""The LLM recruiter's side of the conversation: what to ask the model at each moment, the bounded
window of conversation it sees, and the checks its text must pass before a candidate reads it.

Model output is untrusted. Rejected (the structured recruiter then speaks, with a notice): empty,
too long, markup or role tags, an echo of our own instructions, a score before the closing, and any
text that gives away a key point the candidate has not covered yet (a shared 4-word sequence, or
most of the key point's distinctive words).
"""

from __future__ import annotations

import html
import re
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from ..i18n import t, topic_name
from ..prompts import RECRUITER_SYSTEM, RECRUITER_TASKS, TRANSITION_EXTRA
from .context import TurnContext

HISTORY_MESSAGES = 8  # the recruiter sees at most this many recent messages of the conversation
HISTORY_CHARS = 800  # each cut to this length
MAX_TRANSITION_CHARS = 400
MAX_CONTENT_CHARS = 700
CONTENT_MODES = ("clarify", "candidate_question", "probe")

_JUNK = re.compile(r"(```|[{}<>]|\b(human|system|assistant|user)\s*:|question\s*\d+\s*/)", re.I)
_SCORE = re.compile(r"\b\d{1,3}\s*/\s*(?:100|4|20)\b|\b\d{1,3}\s*(?:%|percent|pour\s?cent)", re.I)
_WORD = re.compile(r"\w+")
_STOP = set(
    """the and for with that this from into your you are was were will would could should have has had not
    but its their them they what which when where while then than there these those also only more most
    les des une pour avec dans sur par que qui quoi est sont pas plus mais aux ces cette leur leurs vous
    nous elle ils elles etre avoir fait faire comme tout tous sans entre""".split()
)


def mode(ctx: TurnContext) -> str:
    """"transition" (a sentence or two before the bank's text) or a content mode the model writes whole."""
    if ctx.kind == "probe":
        return "probe" if ctx.missed else "transition"
    return ctx.kind if ctx.kind in ("clarify", "candidate_question") else "transition"


def history_messages(turns: list[tuple[str, str]]) -> list[BaseMessage]:
    """``(role, content)`` rows of the transcript → the last ``HISTORY_MESSAGES`` chat messages. The
    candidate's words are wrapped and escaped: they read as data, never as markup or instructions."""
    msgs: list[BaseMessage] = []
    for role, content in turns[-HISTORY_MESSAGES:]:
        text = content[:HISTORY_CHARS]
        if role == "candidate":
            msgs.append(HumanMessage(content=f"<candidate>{html.escape(text)}</candidate>"))
        elif role == "recruiter":
            msgs.append(AIMessage(content=text))
    return msgs


def _extra(ctx: TurnContext) -> str:
    if ctx.kind == "closing" and ctx.overall is None:
        return "The interview is over; thank the candidate (no answer was scored, so there is no score)."
    return TRANSITION_EXTRA.get(ctx.kind, "").format(overall="" if ctx.overall is None else f"{ctx.overall:.0f}")


def prompt_vars(ctx: TurnContext, history: list[BaseMessage] | None = None, profile: str = "", *,
                role: str) -> dict[str, Any]:
    """The recruiter prompt's variables; ``role``: the job title (from the role profile)."""
    m = mode(ctx)
    values = {
        "kind": ctx.kind,
        "index": ctx.index,
        "total": ctx.total,
        "topic": topic_name(ctx.topic, ctx.lang) if ctx.topic else ", ".join(topic_name(x, ctx.lang) for x in ctx.topics),
        "question": html.escape(ctx.question),
        "missed": html.escape(" | ".join(ctx.missed)),
        "profile": html.escape(profile),
        "extra": _extra(ctx),
    }
    return {
        "role": role,
        "language": "French" if ctx.lang == "fr" else "English",
        "history": history or [],
        "task": RECRUITER_TASKS[m].format(**values),
    }


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    ws = _WORD.findall(text.lower())
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def _stems(text: str) -> set[str]:
    return {w[:6] for w in _WORD.findall(text.lower()) if len(w) >= 4 and w not in _STOP and not w.isdigit()}


_INSTRUCTIONS = " ".join([RECRUITER_SYSTEM, *RECRUITER_TASKS.values(), *TRANSITION_EXTRA.values()])


def leaked_point(text: str, ctx: TurnContext) -> str | None:
    """The uncovered key point ``text`` gives away, if any. Words of the open question and of the
    candidate's own message do not count (repeating them gives nothing away)."""
    known = _stems(ctx.question) | _stems(ctx.candidate)
    said = _stems(text)
    grams = _ngrams(text, 4) - _ngrams(ctx.question, 4) - _ngrams(ctx.candidate, 4)
    for point in ctx.missed:
        if grams & _ngrams(point, 4):
            return point
        distinctive = _stems(point) - known
        hit = distinctive & said
        if len(hit) >= 3 and len(hit) >= 0.4 * len(distinctive):
            return point
    return None


def validate_llm_text(text: str, ctx: TurnContext) -> str:
    """Raise ``ValueError`` (the caller falls back) unless the text is safe to show; else escape it."""
    s = " ".join(text.split())
    limit = MAX_CONTENT_CHARS if mode(ctx) in CONTENT_MODES else MAX_TRANSITION_CHARS
    if not s:
        raise ValueError("empty recruiter output")
    if len(s) > limit:
        raise ValueError("recruiter output too long")
    if _JUNK.search(s):
        raise ValueError("recruiter output contains markup or role tags")
    if _ngrams(s, 5) & _ngrams(_INSTRUCTIONS, 5):
        raise ValueError("recruiter output echoes the prompt")
    if ctx.kind != "closing" and _SCORE.search(s):
        raise ValueError("recruiter output states a score before the closing")
    if leaked_point(s, ctx) is not None:
        raise ValueError("recruiter output gives away a key point")
    if mode(ctx) == "probe" and "?" not in s:
        raise ValueError("generated follow-up is not a question")
    return html.escape(s, quote=False)


def render_llm(text: str, ctx: TurnContext) -> str:
    """The model's validated text placed in the message: a transition goes before the bank's text; a
    rephrasing or a generated follow-up stands alone; an answer about the role leads back to the
    question."""
    m = mode(ctx)
    if m in ("clarify", "probe"):
        return text
    if m == "candidate_question":
        back = t("recruiter.back_to_question", ctx.lang, ctx.turn)
        return "\n\n".join(p for p in (text, back, ctx.canonical) if p)
    return "\n\n".join(p for p in (text, ctx.reply, ctx.canonical) if p)
