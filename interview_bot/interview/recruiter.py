"""The recruiter's words, as LangChain runnables.

Offline: the structured recruiter renders catalog phrasing around the bank's texts. LLM mode:
``prompt (system, MessagesPlaceholder(history), task) | chat model | StrOutputParser | validate``,
``with_retry``, ``with_fallbacks`` to the structured recruiter. The model sees a bounded window of
the conversation (candidate messages as data) and writes a short transition before the bank's text
(which code appends verbatim), or, for a rephrasing, an answer about the role or a follow-up aimed
at the points the answer missed, the whole text; every output is validated (conversation.py) and a
rejected one falls back to the structured recruiter with a notice.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough
from pydantic import BaseModel

from ..i18n import has, t, tn, topic_name
from ..llm import Breaker
from ..prompts import RECRUITER_PROMPT
from .context import TurnContext
from .conversation import MAX_CONTENT_CHARS, prompt_vars, render_llm, validate_llm_text
from .profile import role_name

__all__ = ["Recruiter", "RecruiterWords", "TurnContext", "compose", "structured_words", "validate_words"]


class RecruiterWords(BaseModel):
    text: str
    source: Literal["llm", "structured"]
    notice: str | None = None


def structured_words(ctx: TurnContext, role: str | None = None) -> str:
    """The recruiter's words for ``ctx`` without an LLM; ``role``: the job title (else the shipped profile's)."""
    lang, turn = ctx.lang, ctx.turn
    if ctx.kind == "greeting":
        names = [topic_name(topic, lang) for topic in ctx.topics]
        about = (t("recruiter.all_topics", lang) if len(names) > 4
                 else t("recruiter.some_topics", lang, topics=", ".join(names)))
        return t("recruiter.greeting", lang, turn, role=role or role_name(lang), about=about,
                 questions=tn("common.questions", lang, ctx.total))
    if ctx.kind == "question":
        key = "first_question" if ctx.index == 1 else "question_plain" if ctx.after or ctx.note else "next_question"
        return _after(ctx) + t(f"recruiter.{key}", lang, turn, i=ctx.index, n=ctx.total,
                               topic=topic_name(ctx.topic, lang))
    if ctx.kind == "probe":
        return _after(ctx) + t("recruiter.probe_plain" if ctx.note else "recruiter.probe", lang, turn)
    if ctx.kind == "closing":
        if ctx.overall is None:
            return _after(ctx) + t("recruiter.closing_unscored", lang, turn)
        closing = "recruiter.closing_early" if ctx.after == "end" else "recruiter.closing"
        return _after(ctx) + t(closing, lang, turn, overall=f"{ctx.overall:.0f}")
    if ctx.kind == "off_topic" and ctx.note == "grader":
        return t("recruiter.grader_only", lang, turn)
    if ctx.kind in ("clarify", "repeat", "dont_know", "end_confirm", "answer_confirm", "off_topic"):
        return t(f"recruiter.{ctx.kind}", lang, turn)
    if ctx.kind == "hint":
        return t("recruiter.hint_again" if ctx.cue == "again" else "recruiter.hint", lang, turn)
    if ctx.kind == "candidate_question":
        return t("recruiter.back_to_question", lang, turn)
    if ctx.kind == "other":
        key = f"recruiter.other_{ctx.cue}"
        return t(key if has(key) else "recruiter.other", lang, turn)
    return t("recruiter.empty", lang, turn)


def _after(ctx: TurnContext) -> str:
    """What the recruiter says about the turn that moved the interview on ("skip", "dont_know"), or
    about the answer just scored (``note``: it talked to the grader)."""
    if ctx.note:
        return t(f"recruiter.note_{ctx.note}", ctx.lang, ctx.turn) + " "
    if ctx.after in ("skip", "dont_know", "dont_know_probe"):
        return t(f"recruiter.after_{ctx.after}", ctx.lang, ctx.turn) + " "
    return ""


def compose(words: str, canonical: str | None, reply: str | None = None) -> str:
    """The recruiter's words, then the content it gives (a rephrasing, a hint, an answer about the
    role), then the open question verbatim. A candidate question is answered before the words that
    lead back to the question."""
    parts = [words, reply, canonical]
    return "\n\n".join(p for p in parts if p)


def render(words: str, ctx: TurnContext) -> str:
    if ctx.kind == "candidate_question":  # answer first, then "back to the question:" + question
        return compose(ctx.reply or "", compose(words, ctx.canonical))
    return compose(words, ctx.canonical, ctx.reply)


def validate_words(text: str, ctx: TurnContext) -> str:
    """Model output is untrusted: see ``conversation.validate_llm_text``."""
    return validate_llm_text(text, ctx)


class Recruiter:
    """Builds the recruiter's messages; ``model=None`` means the structured recruiter."""

    def __init__(self, model: BaseChatModel | None = None, retries: int = 1, breaker: Breaker | None = None,
                 profile: Callable[[str], str] | None = None, role: Callable[[str], str] | None = None):
        self.model = model
        self.breaker = breaker or Breaker()
        self.profile = profile  # language → the role profile as text, to answer candidate questions
        self.role = role or role_name  # language → the job title (from the role profile)

        def _structured(d: dict[str, Any]) -> RecruiterWords:
            return RecruiterWords(text=render(self.words(d["ctx"]), d["ctx"]), source="structured")

        def _fallback(d: dict[str, Any]) -> RecruiterWords:
            ctx = d["ctx"]
            return RecruiterWords(text=render(self.words(ctx), ctx), source="structured",
                                  notice=_notice(ctx.lang, d.get("error")))

        if model is None:
            self.chain: Runnable[dict[str, Any], RecruiterWords] = RunnableLambda(_structured)
            self.llm_words: Runnable[dict[str, Any], str] | None = None
        else:
            to_vars: Runnable[dict[str, Any], dict[str, Any]] = RunnableLambda(
                lambda d: prompt_vars(d["ctx"], d.get("history"), self._profile(d["ctx"]),
                                      role=self.role(d["ctx"].lang)))
            self.llm_words = to_vars | RECRUITER_PROMPT | model | StrOutputParser()
            primary = (
                RunnablePassthrough.assign(text=self.llm_words)
                | RunnableLambda(lambda d: RecruiterWords(
                    text=render_llm(validate_words(d["text"], d["ctx"]), d["ctx"]), source="llm"))
            ).with_retry(stop_after_attempt=1 + retries, wait_exponential_jitter=False)
            self.chain = primary.with_fallbacks([RunnableLambda(_fallback)], exception_key="error")

    def words(self, ctx: TurnContext) -> str:
        """The structured recruiter's words (also the fallback when an LLM's are rejected)."""
        return structured_words(ctx, self.role(ctx.lang))

    def _profile(self, ctx: TurnContext) -> str:
        return self.profile(ctx.lang) if self.profile and ctx.kind == "candidate_question" else ""

    def _paused(self, ctx: TurnContext) -> RecruiterWords:
        notice = t("recruiter.llm_paused", ctx.lang, seconds=self.breaker.seconds_left())
        return RecruiterWords(text=render(self.words(ctx), ctx), source="structured", notice=notice)

    def message(self, ctx: TurnContext, history: list[BaseMessage] | None = None) -> RecruiterWords:
        """The whole recruiter message for ``ctx`` (LLM text validated, else the structured one)."""
        if self.model is None:
            return self.chain.invoke({"ctx": ctx})
        if not self.breaker.allow():
            return self._paused(ctx)
        w: RecruiterWords = self.chain.invoke({"ctx": ctx, "history": history})
        self.breaker.record(w.source == "llm")
        return w

    def stream(self, ctx: TurnContext, history: list[BaseMessage] | None = None) -> Iterator[str | RecruiterWords]:
        """Yield text chunks as the LLM writes them, then the final validated ``RecruiterWords``.

        If the stream fails or its text is rejected, the final object carries the structured message
        and a notice; the caller replaces what it showed with the final text.
        """
        if self.llm_words is None:
            yield self.message(ctx)
            return
        if not self.breaker.allow():
            yield self._paused(ctx)
            return
        parts: list[str] = []
        try:
            for chunk in self.llm_words.stream({"ctx": ctx, "history": history}):
                if not chunk:
                    continue
                parts.append(chunk)
                yield html.escape(chunk, quote=False)
                if sum(map(len, parts)) > MAX_CONTENT_CHARS * 2:
                    raise ValueError("recruiter output too long")
            text = validate_words("".join(parts), ctx)
            self.breaker.record(True)
            yield RecruiterWords(text=render_llm(text, ctx), source="llm")
        except Exception as exc:  # noqa: BLE001 - any backend failure falls back, with a notice
            self.breaker.record(False)
            yield RecruiterWords(text=render(self.words(ctx), ctx), source="structured",
                                 notice=_notice(ctx.lang, exc))


def _notice(lang: str, err: BaseException | None) -> str:
    return t("recruiter.llm_failed", lang, error=type(err).__name__ if err else "error")
