"""The LLM judge (LLM mode): ``prompt | model | PydanticOutputParser``, with retries.

The answer is passed strictly as data. The judge never overrides the evidence: a key point or level
it supports with a quote that is not an exact substring of the answer loses that support; its
overall is cross-checked with the offline scorer (gaming flags cap it; a large gap is flagged).
On junk output after the retries, the answer is marked unscored by the judge and the offline score
stands, flagged — never a default pass.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import PydanticOutputParser
from pydantic import BaseModel, Field

from ..bank.schema import Lang, Question, Rubric
from ..llm import Breaker
from ..prompts import JUDGE_PROMPT
from .models import AnswerScore, CriterionResult, Scorer

GAMING_FLAGS = {"addresses_grader", "keyword_stuffing", "copies_question", "gibberish", "incoherent", "too_short", "empty"}
DISAGREE_AT = 30.0


class JudgeCriterion(BaseModel):
    id: str = Field(max_length=80)
    level: int = Field(ge=0, le=4)
    quote: str | None = Field(default=None, max_length=600)


class JudgeKeyPoint(BaseModel):
    id: str = Field(max_length=80)
    covered: bool
    quote: str | None = Field(default=None, max_length=600)


class JudgeVerdict(BaseModel):
    criteria: list[JudgeCriterion] = Field(max_length=12)
    key_points: list[JudgeKeyPoint] = Field(max_length=16)
    rationale: str = Field(default="", max_length=800)


def _in_answer(quote: str | None, answer: str) -> bool:
    return bool(quote and quote.strip() and quote.strip() in answer)


class JudgeScorer:
    name = "llm-judge+offline"

    def __init__(self, model: BaseChatModel, offline: Scorer, retries: int = 1, breaker: Breaker | None = None):
        self.offline = offline
        self.breaker = breaker or Breaker()
        self.parser = PydanticOutputParser(pydantic_object=JudgeVerdict)
        self.chain = (JUDGE_PROMPT | model | self.parser).with_retry(
            stop_after_attempt=1 + retries, wait_exponential_jitter=False
        )

    def verdict(self, question: Question, rubric: Rubric, answer: str, lang: Lang) -> JudgeVerdict:
        criteria = "\n".join(
            f"- {c.id}: {c.name.get(lang)} — "
            + " | ".join(f"{i}: {c.levels.at(i).get(lang)}" for i in range(5))
            for c in rubric.criteria
        )
        kps = "\n".join(f"- {k.id}: {k.text.get(lang)}" for k in question.key_points)
        return self.chain.invoke(
            {
                "format_instructions": self.parser.get_format_instructions(),
                "language": lang,
                "question": question.text.get(lang),
                "criteria": criteria,
                "key_points": kps,
                "answer": answer,
            }
        )

    def score(self, question: Question, rubric: Rubric, answer: str, lang: Lang) -> AnswerScore:
        base = self.offline.score(question, rubric, answer, lang)
        unscored = base.model_copy(update={"flags": [*base.flags, "llm_unscored"], "offline_overall": base.overall})
        if not self.breaker.allow():
            return unscored
        try:
            v = self.verdict(question, rubric, answer, lang)
        except Exception:  # noqa: BLE001 - junk, timeout, server down: all mean "no verdict"
            self.breaker.record(False)
            return unscored
        self.breaker.record(True)
        flags = list(base.flags)
        by_c = {c.id: c for c in v.criteria}
        by_k = {k.id: k for k in v.key_points}
        bad_quote = False
        kp_results = []
        for off_k in base.key_points:
            jk = by_k.get(off_k.id)
            if jk is None:
                kp_results.append(off_k)
                continue
            ok = _in_answer(jk.quote, answer)
            bad_quote |= bool(jk.quote) and not ok
            covered = jk.covered and ok
            kp_results.append(off_k.model_copy(
                update={"covered": covered, "evidence": jk.quote.strip() if covered and jk.quote else None}))
        crit_results = []
        for off_c in base.criteria:
            j = by_c.get(off_c.id)
            c = rubric.criterion(off_c.id)
            if j is None or c is None:
                crit_results.append(off_c)
                continue
            level = j.level
            if j.quote and not _in_answer(j.quote, answer):
                bad_quote = True
                level = min(level, off_c.level)  # unsupported claims cannot raise the level
            crit_results.append(
                CriterionResult(
                    id=c.id, name=c.name.get(lang), weight=c.weight, level=level,
                    descriptor=c.levels.at(level).get(lang),
                    evidence=j.quote.strip() if j.quote and _in_answer(j.quote, answer) else off_c.evidence,
                )
            )
        total = sum(c.weight for c in crit_results)
        llm_overall = 100 * sum(c.weight * c.level / 4 for c in crit_results) / total
        offline = base.overall or 0.0
        if set(base.flags) & GAMING_FLAGS:
            overall = min(llm_overall, offline + 10)
        else:
            overall = min(llm_overall, offline + DISAGREE_AT)
        if abs(llm_overall - offline) > DISAGREE_AT:
            flags.append("llm_disagreement")
        if bad_quote:
            flags.append("llm_invalid_quote")
        return AnswerScore(
            question_id=question.id,
            language=lang,
            overall=round(overall, 1),
            confidence=round(min(base.confidence + 0.1, 0.95) if "llm_disagreement" not in flags else base.confidence * 0.6, 2),
            criteria=crit_results,
            key_points=kp_results,
            flags=list(dict.fromkeys(flags)),
            scorer=self.name,
            offline_overall=base.overall,
            rationale=v.rationale.strip() or None,
        )
