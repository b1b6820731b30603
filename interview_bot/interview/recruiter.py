"""The recruiter's words, as LangChain runnables.

Offline: the structured recruiter renders bank-authored phrasing. LLM mode:
``prompt | chat model | StrOutputParser | validate``, ``with_retry``, ``with_fallbacks`` to the
structured recruiter. Either way the model only writes the recruiter's own short transition; the
canonical question or probe text is appended verbatim by code, so it always reaches the candidate in
full. The candidate's answer is never sent to the recruiter chain (only counts of covered points).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any, Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough
from pydantic import BaseModel

from ..i18n import has, role_name, t, tn, topic_name
from ..llm import Breaker
from ..prompts import RECRUITER_PROMPT
from .context import TurnContext

__all__ = ["Recruiter", "RecruiterWords", "TurnContext", "compose", "structured_words", "validate_words"]
MAX_WORDS_CHARS = 400


class RecruiterWords(BaseModel):
    text: str
    source: Literal["llm", "structured"]
    notice: str | None = None


def structured_words(ctx: TurnContext) -> str:
    lang, turn = ctx.lang, ctx.turn
    if ctx.kind == "greeting":
        names = [topic_name(topic, lang) for topic in ctx.topics]
        shown = t("recruiter.all_topics", lang) if len(names) > 4 else ", ".join(names)
        return t("recruiter.greeting", lang, turn, role=role_name(lang), topics=shown,
                 questions=tn("common.questions", lang, ctx.total))
    if ctx.kind == "question":
        key = "first_question" if ctx.index == 1 else "question_plain" if ctx.after else "next_question"
        return _after(ctx) + t(f"recruiter.{key}", lang, turn, i=ctx.index, n=ctx.total,
                               topic=topic_name(ctx.topic, lang))
    if ctx.kind == "probe":
        return t("recruiter.probe", lang, turn)
    if ctx.kind == "closing":
        if ctx.overall is None:
            return _after(ctx) + t("recruiter.closing_unscored", lang, turn)
        closing = "recruiter.closing_early" if ctx.after == "end" else "recruiter.closing"
        return _after(ctx) + t(closing, lang, turn, overall=f"{ctx.overall:.0f}")
    if ctx.kind in ("clarify", "repeat", "dont_know", "end_confirm"):
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
    """What the recruiter says about the turn that moved the interview on ("skip", "dont_know")."""
    if ctx.after in ("skip", "dont_know"):
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


_JUNK = re.compile(r"(```|[{}<>]|\b(human|system|assistant|user)\s*:|question\s*\d+\s*/)", re.I)


def _ngrams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    ws = re.findall(r"\w+", text.lower())
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def validate_words(text: str, ctx: TurnContext | None = None) -> str:
    """Model output is untrusted: accept only a short plain-text transition, else raise.

    Rejected: empty, too long, markup or role tags, and echoes of our own prompt (a base model
    served as a chat model tends to repeat its instructions)."""
    t = " ".join(text.split())
    if not t:
        raise ValueError("empty recruiter output")
    if len(t) > MAX_WORDS_CHARS:
        raise ValueError("recruiter output too long")
    if _JUNK.search(t):
        raise ValueError("recruiter output contains markup or role tags")
    if ctx is not None:
        prompt = " ".join(m.content for m in RECRUITER_PROMPT.invoke(_prompt_vars(ctx)).to_messages())  # type: ignore[misc]
        if _ngrams(t) & _ngrams(prompt):
            raise ValueError("recruiter output echoes the prompt")
    return html.escape(t, quote=False)


def _prompt_vars(ctx: TurnContext) -> dict[str, Any]:
    return {
        "language": "French" if ctx.lang == "fr" else "English",
        "kind": ctx.kind,
        "index": ctx.index,
        "total": ctx.total,
        "topic": topic_name(ctx.topic, ctx.lang) if ctx.topic else ", ".join(ctx.topics),
        "covered": ctx.covered,
        "of": ctx.of,
        "overall": "" if ctx.overall is None else f"{ctx.overall:.0f}",
    }


class Recruiter:
    """Builds the recruiter's messages; ``model=None`` means the structured recruiter."""

    def __init__(self, model: BaseChatModel | None = None, retries: int = 1, breaker: Breaker | None = None):
        self.model = model
        self.breaker = breaker or Breaker()
        structured: Runnable = RunnableLambda(lambda d: RecruiterWords(text=structured_words(d["ctx"]), source="structured"))

        def _fallback(d: dict) -> RecruiterWords:
            err = d.get("error")
            return RecruiterWords(
                text=structured_words(d["ctx"]),
                source="structured",
                notice=_notice(d["ctx"].lang, err),
            )

        if model is None:
            self.chain: Runnable = structured
            self.llm_words: Runnable | None = None
        else:
            to_vars: Runnable[dict[str, Any], dict[str, Any]] = RunnableLambda(lambda d: _prompt_vars(d["ctx"]))
            self.llm_words = (
                to_vars
                | RECRUITER_PROMPT
                | model
                | StrOutputParser()
            )
            primary = (
                RunnablePassthrough.assign(text=self.llm_words)
                | RunnableLambda(lambda d: RecruiterWords(text=validate_words(d["text"], d["ctx"]), source="llm"))
            ).with_retry(stop_after_attempt=1 + retries, wait_exponential_jitter=False)
            self.chain = primary.with_fallbacks([RunnableLambda(_fallback)], exception_key="error")

    @property
    def is_llm(self) -> bool:
        return self.model is not None

    def _paused(self, ctx: TurnContext) -> RecruiterWords:
        secs = self.breaker.seconds_left()
        notice = t("recruiter.llm_paused", ctx.lang, seconds=secs)
        return RecruiterWords(text=structured_words(ctx), source="structured", notice=notice)

    def words(self, ctx: TurnContext) -> RecruiterWords:
        if self.model is None:
            return self.chain.invoke({"ctx": ctx})
        if not self.breaker.allow():
            return self._paused(ctx)
        w: RecruiterWords = self.chain.invoke({"ctx": ctx})
        self.breaker.record(w.source == "llm")
        return w

    def message(self, ctx: TurnContext) -> RecruiterWords:
        w = self.words(ctx)
        return RecruiterWords(text=render(w.text, ctx), source=w.source, notice=w.notice)

    def stream(self, ctx: TurnContext) -> Iterator[str | RecruiterWords]:
        """Yield text chunks as the LLM writes them, then the final validated ``RecruiterWords``.

        If the stream fails or its text is junk, the final object carries the structured words and a
        notice; the caller replaces what it showed with the final text.
        """
        if self.llm_words is None:
            yield self.message(ctx)
            return
        if not self.breaker.allow():
            w = self._paused(ctx)
            yield RecruiterWords(text=render(w.text, ctx), source=w.source, notice=w.notice)
            return
        parts: list[str] = []
        try:
            for chunk in self.llm_words.stream({"ctx": ctx}):
                if not chunk:
                    continue
                parts.append(chunk)
                yield html.escape(chunk, quote=False)
                if sum(map(len, parts)) > MAX_WORDS_CHARS * 2:
                    raise ValueError("recruiter output too long")
            text = validate_words("".join(parts), ctx)
            self.breaker.record(True)
            yield RecruiterWords(text=render(text, ctx), source="llm")
        except Exception as exc:  # noqa: BLE001 - any backend failure falls back, with a notice
            self.breaker.record(False)
            yield RecruiterWords(
                text=render(structured_words(ctx), ctx),
                source="structured",
                notice=_notice(ctx.lang, exc),
            )


def _notice(lang: str, err: BaseException | None) -> str:
    return t("recruiter.llm_failed", lang, error=type(err).__name__ if err else "error")
