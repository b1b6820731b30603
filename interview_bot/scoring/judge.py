"""The LLM judge (LLM mode): ``prompt | model | PydanticOutputParser``, with retries.

The answer is passed strictly as data. The judge never overrides the evidence: a key point, level or
contradiction it supports with a quote that is not an exact substring of the answer loses that
support. Reconciliation with the offline scorer, each rule with its reason:

* **Raising** a score needs verified quotes, and stays within ``RAISE_CAP`` of the offline score:
  offline alignment agrees with human graders at Pearson ≈ 0.6, so a much higher judge score with no
  offline support is more often invented credit than missed paraphrase.
* **Lowering** is free when the judge backs it with a verified quote (a contradicted key point, or
  levels below the offline ones with quotes): wrong meaning is what alignment cannot see, and a
  judge that can point at the wrong sentence is the better witness. Without a verified quote, the
  judge may lower by at most ``LOWER_UNSUPPORTED``.
* **Gaming flags** (offline) cap the score at offline + ``GAMING_RAISE``: the text tried to steer a
  grader, so the grader that reads instructions gets the least say.
* A gap over ``DISAGREE_AT`` points is flagged for the candidate.
On junk output after the retries, the answer is marked unscored by the judge and the offline score
stands, flagged — never a default pass.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import PydanticOutputParser
from pydantic import BaseModel, Field

from ..bank.schema import Lang, Question, Rubric
from ..llm import Breaker
from ..prompts import JUDGE_PROMPT
from .models import GAMING_FLAGS, AnswerScore, CriterionResult, Scorer

# Two scorers that agree are surer than one, never certain; a disagreement leaves 60 % of the offline
# scorer's confidence (the report then says "medium" or "low", and shows both scores).
AGREE_CONFIDENCE_GAIN = 0.1
MAX_CONFIDENCE = 0.95
DISAGREE_CONFIDENCE_SHARE = 0.6
RAISE_CAP = 30.0  # most a judge may add to the offline score, with verified quotes
LOWER_UNSUPPORTED = 15.0  # most a judge may remove without a verified quote
GAMING_RAISE = 10.0  # most a judge may add when the offline scorer flagged gaming
DISAGREE_AT = 30.0  # gap between judge and offline shown to the candidate as a caution


class JudgeCriterion(BaseModel):
    id: str = Field(max_length=80)
    level: int = Field(ge=0, le=4)
    quote: str | None = Field(default=None, max_length=600)


class JudgeKeyPoint(BaseModel):
    id: str = Field(max_length=80)
    covered: bool
    quote: str | None = Field(default=None, max_length=600)
    contradicted: bool = Field(default=False, description="the answer states the opposite of this key point")


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

    def score(
        self, question: Question, rubric: Rubric, answer: str, lang: Lang, hints: Sequence[str] = ()
    ) -> AnswerScore:
        base = self.offline.score(question, rubric, answer, lang, hints)
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
        verified_lower = False
        verified_raise = False
        kp_results = []
        for off_k in base.key_points:
            jk = by_k.get(off_k.id)
            if jk is None:
                kp_results.append(off_k)
                continue
            ok = _in_answer(jk.quote, answer)
            bad_quote |= bool(jk.quote) and not ok
            quote = jk.quote.strip() if ok and jk.quote else None
            if jk.contradicted and quote:
                verified_lower = True
                kp_results.append(off_k.model_copy(update={
                    "covered": False, "contradicted": True, "contradiction": quote, "evidence": None,
                    "correction": off_k.correction or off_k.text,
                }))
                continue
            covered = jk.covered and ok
            kp_results.append(off_k.model_copy(update={"covered": covered, "evidence": quote if covered else None}))
        crit_results = []
        for off_c in base.criteria:
            j = by_c.get(off_c.id)
            c = rubric.criterion(off_c.id)
            if j is None or c is None:
                crit_results.append(off_c)
                continue
            level = j.level
            supported = _in_answer(j.quote, answer)
            if j.quote and not supported:
                bad_quote = True
            if level > off_c.level and not supported:
                level = off_c.level  # unsupported claims cannot raise the level
            verified_raise |= level > off_c.level and supported
            verified_lower |= level < off_c.level and supported
            crit_results.append(
                CriterionResult(
                    id=c.id, name=c.name.get(lang), weight=c.weight, level=level,
                    descriptor=c.levels.at(level).get(lang),
                    evidence=j.quote.strip() if j.quote and supported else off_c.evidence,
                )
            )
        total = sum(c.weight for c in crit_results)
        llm_overall = 100 * sum(c.weight * c.level / 4 for c in crit_results) / total
        offline = base.overall or 0.0
        overall = reconcile(llm_overall, offline, gaming=bool(set(base.flags) & GAMING_FLAGS),
                            verified_raise=verified_raise, verified_lower=verified_lower)
        if abs(llm_overall - offline) > DISAGREE_AT:
            flags.append("llm_disagreement")
        if bad_quote:
            flags.append("llm_invalid_quote")
        return AnswerScore(
            question_id=question.id,
            language=lang,
            overall=round(overall, 1),
            confidence=round(min(base.confidence + AGREE_CONFIDENCE_GAIN, MAX_CONFIDENCE)
                             if "llm_disagreement" not in flags else base.confidence * DISAGREE_CONFIDENCE_SHARE, 2),
            criteria=crit_results,
            key_points=kp_results,
            flags=list(dict.fromkeys(flags)),
            scorer=self.name,
            offline_overall=base.overall,
            rationale=v.rationale.strip() or None,
        )


def reconcile(llm: float, offline: float, *, gaming: bool, verified_raise: bool, verified_lower: bool) -> float:
    """The judge's overall, bounded by the offline one as the module docstring explains."""
    if llm >= offline:
        cap = GAMING_RAISE if gaming else (RAISE_CAP if verified_raise else 0.0)
        return min(llm, offline + cap)
    if verified_lower:
        return llm
    return max(llm, offline - LOWER_UNSUPPORTED)
