"""The offline scorer: small pure stages, each in its own module, each constant named where defined.

    normalize  (normalize.py)      fold obfuscation; keep a map back to what the candidate typed
    mask       (text.py)           text that talks to the grader about the score earns nothing
    align      (align.py)          each key point vs each window of the answer (MiniLM token recall)
    coherence  (coherence.py)      a window of shuffled words or a bare term list keeps little
    contradict (contradiction.py)  a key point the answer negates, or a misconception it states,
                                   is *contradicted*: no credit, and the correction is shown
    coverage → levels → overall    (here)

Only meaning counts: no lexical overlap, no length bonus, no hard caps. The fitted constants live in
:class:`Params` (fitted on the Beetle train split only; ``python -m bench.fit_scorer``); the test
splits and the adversarial families are measured with ``interview-bot eval`` and ``bench/adversarial.py``.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..bank.schema import Lang, Misconception, Question, Rubric
from . import coherence
from .align import Columns, Window, align_all, columns, reference_indices, windows
from .contradiction import flip_share, negated_tokens
from .embedder import TokenVectors, get_embedder
from .models import AnswerScore, CriterionResult, KeyPointResult, MisconceptionHit
from .normalize import Normalized, normalize
from .star import star_values
from .text import (
    FUNCTION_WORDS,
    content_stems,
    grader_addressing_spans,
    guess_language,
    mask_spans,
    stem,
    unreadable_share,
    words,
)


@dataclass(frozen=True)
class Params:
    """Fitted on the Beetle train split (real students, trained graders); see ``bench/fit_scorer.py``."""

    recall_lo: float = 0.348  # key-point recall of answers graders called irrelevant (median): coverage 0
    recall_hi: float = 0.733  # key-point recall of answers graders called correct (median): coverage 1
    covered_at: float = 0.5  # ticked when closer to a typical correct answer than to a typical irrelevant one
    contradict_at: float = 0.5  # share of matched content words whose polarity flips: contradicted
    misconception_margin: float = 0.05  # a misconception must align this much better than its key point


PARAMS = Params()
STAR_SHARE = 0.5  # behavioural answers: half key-point coverage, half STAR structure …
STAR_GATE = 1.0  # … and the STAR part never exceeds the key-point coverage (form without substance)
UNCOVERED_SHARE = 0.6  # a key point below the covered threshold earns this share of its coverage;
#                        a covered one earns (1 + coverage) / 2: ticked points count, closer ones more
MISCONCEPTION_COST = 0.25  # a misconception tied to no key point removes this share of "accuracy"
INCOHERENT_AT = 0.5  # whole-answer word-order factor below which the answer is flagged incoherent
OFF_TOPIC_AT = 0.05  # content below this (with 5+ words) is flagged off-topic


def _clip01(x: float) -> float:
    return float(min(1.0, max(0.0, x)))


class _LRU(OrderedDict[str, TokenVectors]):
    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get_or(self, key: str) -> TokenVectors | None:
        v = self.get(key)
        if v is not None:
            self.move_to_end(key)
        return v

    def put(self, key: str, value: TokenVectors) -> None:
        self[key] = value
        if len(self) > self.size:
            self.popitem(last=False)


@dataclass
class _Prepared:
    question: Question
    rubric: Rubric
    norm: Normalized
    masked: str
    lang: Lang
    score_lang: Lang
    flags: list[str]


@dataclass
class _PointScore:
    coverage: float  # 0..1 after rescaling and coherence
    window: Window | None
    flip: float
    recall: float


class OfflineScorer:
    name = "offline-minilm"

    def __init__(
        self, embedder: Any = None, params: Params = PARAMS, cache_answers: bool = False, layers: int | None = None
    ):
        self._embedder = embedder
        self.layers = layers
        self.params = params
        self._cache = _LRU(8192)  # key points and misconceptions: a few thousand short texts
        self._answers = _LRU(4096 if cache_answers else 256)  # answer paragraphs

    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            self._embedder = get_embedder() if self.layers is None else get_embedder(self.layers)
        return self._embedder

    # -- encoding, with caches: key points repeat across answers, answer paragraphs across turns --
    def _encode(self, texts: list[str], cache: _LRU) -> list[TokenVectors]:
        out: list[TokenVectors | None] = [cache.get_or(t) for t in texts]
        todo = [i for i, v in enumerate(out) if v is None]
        if todo:
            enc = self.embedder.encode_tokens_batch([texts[i] for i in todo])
            for i, tv in zip(todo, enc, strict=True):
                out[i] = tv
                cache.put(texts[i], tv)
        return [v for v in out if v is not None]

    def _encode_answers(self, texts: list[str]) -> list[TokenVectors]:
        """Encode paragraph by paragraph (split at blank lines) so a follow-up answer appended to
        earlier ones only costs its own encoding."""
        pieces: list[list[tuple[int, str]]] = []
        for t in texts:
            parts, pos = [], 0
            for m in re.finditer(r"\n\s*\n", t):
                parts.append((pos, t[pos : m.start()]))
                pos = m.end()
            parts.append((pos, t[pos:]))
            pieces.append([(o, p) for o, p in parts if p.strip()] or [(0, t)])
        flat = sorted({p for parts in pieces for _, p in parts})
        enc = dict(zip(flat, self._encode(flat, self._answers), strict=True))
        out = []
        for parts in pieces:
            tvs = [(o, enc[p]) for o, p in parts]
            out.append(
                TokenVectors(
                    tokens=[t for _, tv in tvs for t in tv.tokens],
                    offsets=[(a + o, b + o) for o, tv in tvs for a, b in tv.offsets],
                    vectors=np.concatenate([tv.vectors for _, tv in tvs]),
                    word_start=[w for _, tv in tvs for w in tv.word_start],
                )
            )
        return out

    def score(self, question: Question, rubric: Rubric, answer: str, lang: Lang) -> AnswerScore:
        return self.score_many([(question, rubric, answer, lang)])[0]

    def score_many(self, items: list[tuple[Question, Rubric, str, Lang]]) -> list[AnswerScore]:
        prepared = [self._prepare(*it) for it in items]
        answers = self._encode_answers([p.masked for p in prepared])
        refs = sorted({t for p in prepared for t in _reference_texts(p.question, p.score_lang)})
        ref_vecs = dict(zip(refs, self._encode(refs, self._cache), strict=True))
        return [self._finish(p, a, ref_vecs) for p, a in zip(prepared, answers, strict=True)]

    # -- stage: normalise, detect language, mask grader-addressing text --
    def _prepare(self, question: Question, rubric: Rubric, answer: str, lang: Lang) -> _Prepared:
        norm = normalize(answer)
        flags: list[str] = []
        score_lang: Lang = lang
        answer_lang = guess_language(norm.text)
        if answer_lang is not None and answer_lang != lang:
            flags.append("other_language")
            score_lang = answer_lang  # type: ignore[assignment]
        grader = grader_addressing_spans(norm.text)
        if grader:
            flags.append("addresses_grader")
        return _Prepared(question, rubric, norm, mask_spans(norm.text, grader), lang, score_lang, flags)

    # -- stages: align + coherence + contradiction per reference text --
    def _point(
        self, ref_text: str, ref: TokenVectors, q_stems: set[str], ans: TokenVectors, text: str,
        wins: list[Window], factors: np.ndarray, ans_neg: np.ndarray | None = None,
        cols: Columns | None = None,
    ) -> _PointScore:
        prm = self.params
        ref_idx = reference_indices(ref, q_stems)
        weights = np.ones(len(ref_idx), dtype=np.float32)
        recalls, details = align_all(ref, ref_idx, weights, ans, wins, cols)
        if len(recalls) == 0:
            return _PointScore(0.0, None, 0.0, 0.0)
        cov = np.clip((recalls - prm.recall_lo) / (prm.recall_hi - prm.recall_lo), 0.0, 1.0) * factors
        best = int(np.argmax(cov))
        best_ans, best_sim = details(best)
        flip = flip_share(ref, ref_text, ref_idx, weights, ans, text, best_ans, best_sim, ans_neg)
        return _PointScore(float(cov[best]), wins[best], flip, float(recalls[best]))

    def _finish(self, p: _Prepared, ans: TokenVectors, ref_vecs: dict[str, TokenVectors]) -> AnswerScore:
        prm = self.params
        q, rubric, text = p.question, p.rubric, p.masked
        flags = list(p.flags)
        q_stems = _question_stems(q)
        wins = windows(text, ans)
        model = coherence.class_model()
        factors = _window_factors(text, wins, model)
        ans_neg = negated_tokens(ans, text)  # once per answer, shared by every key point
        cols = columns(ans, wins) if wins else None

        def quote(w: Window | None) -> str | None:
            return p.norm.quote(w.start, w.end) if w is not None else None

        points: dict[str, _PointScore] = {}
        for kp in q.key_points:
            t = kp.text.get(p.score_lang)
            points[kp.id] = self._point(t, ref_vecs[t], q_stems, ans, text, wins, factors, ans_neg, cols)

        # Misconceptions: stated (aligned, same polarity) and closer than the key point they oppose.
        hits: list[MisconceptionHit] = []
        contradicted_by: dict[str, Misconception] = {}
        for m in q.misconceptions:
            t = m.text.get(p.score_lang)
            ms = self._point(t, ref_vecs[t], q_stems, ans, text, wins, factors, ans_neg, cols)
            rival = points[m.key_point].coverage if m.key_point in points else 0.0
            if ms.coverage >= prm.covered_at and ms.flip < prm.contradict_at and ms.coverage > rival + prm.misconception_margin:
                hits.append(MisconceptionHit(
                    id=m.id, text=t, correction=m.correction.get(p.lang), evidence=quote(ms.window) or "",
                    key_point=m.key_point,
                ))
                if m.key_point:
                    contradicted_by[m.key_point] = m

        kp_results: list[KeyPointResult] = []
        credit: dict[str, float] = {}
        for kp in q.key_points:
            ps = points[kp.id]
            negated = ps.flip >= prm.contradict_at and ps.coverage >= prm.covered_at / 2
            mis = contradicted_by.get(kp.id)
            contradicted = negated or mis is not None
            covered = not contradicted and ps.coverage >= prm.covered_at
            credit[kp.id] = 0.0 if contradicted else ((1 + ps.coverage) / 2 if covered else UNCOVERED_SHARE * ps.coverage)
            correction = (mis.correction.get(p.lang) if mis else kp.text.get(p.lang)) if contradicted else None
            evidence_q = quote(ps.window)
            kp_results.append(KeyPointResult(
                id=kp.id, criterion=kp.criterion, weight=kp.weight, text=kp.text.get(p.lang),
                covered=covered, coverage=round(credit[kp.id], 3),
                evidence=evidence_q if covered else None,
                contradicted=contradicted,
                contradiction=(next((h.evidence for h in hits if h.key_point == kp.id), None) if mis else evidence_q)
                if contradicted else None,
                correction=correction,
            ))

        total_w = sum(k.weight for k in q.key_points)
        content = sum(k.weight * credit[k.id] for k in q.key_points) / total_w
        loose = sum(1 for h in hits if not h.key_point)

        star: dict[str, tuple[float, str | None]] = {}
        if q.kind == "behavioral":
            star = {
                cid: (min(v, STAR_GATE * content), ev) for cid, (v, ev) in star_values(text, p.norm.text).items()
            }
            star = {cid: (v, p.norm.quote(*_find(p.norm.text, ev)) if ev else None) for cid, (v, ev) in star.items()}
            for i, r in enumerate(kp_results):
                sv, sev = star.get(r.criterion, (0.0, None))
                if not r.covered and not r.contradicted and sv >= 0.6 and sev:
                    kp_results[i] = r.model_copy(update={"covered": True, "evidence": sev})

        whole_order = coherence.order_factor(text, model)
        crit_results: list[CriterionResult] = []
        crit_values: dict[str, float] = {}
        for c in rubric.criteria:
            kps = [k for k in q.key_points if k.criterion == c.id]
            if kps:
                value = sum(k.weight * credit[k.id] for k in kps) / sum(k.weight for k in kps)
                ev = next((r.evidence for r in kp_results if r.criterion == c.id and r.evidence), None)
            else:
                # A criterion with no key points (e.g. communication) follows the content.
                value, ev = content, None
            if c.id in star:
                value = (1 - STAR_SHARE) * value + STAR_SHARE * star[c.id][0]
                ev = ev or star[c.id][1]
            if c.id == "accuracy" and loose:
                value *= max(0.0, 1 - MISCONCEPTION_COST * loose)
            crit_values[c.id] = _clip01(value)
            level = int(round(4 * crit_values[c.id]))
            crit_results.append(CriterionResult(
                id=c.id, name=c.name.get(p.lang), weight=c.weight, level=level,
                descriptor=c.levels.at(level).get(p.lang), evidence=ev,
            ))
        total_cw = sum(c.weight for c in rubric.criteria)
        overall = 100 * sum(c.weight * crit_values[c.id] for c in rubric.criteria) / total_cw

        flags += _form_flags(text, q, content, whole_order, p.norm.text)
        margins = [abs(points[k.id].coverage - prm.covered_at) for k in q.key_points]
        confidence = 0.5 + float(np.mean(margins)) if margins else 0.5
        if p.score_lang == "fr":
            confidence -= 0.1  # MiniLM was trained on English text: French alignment is noisier
        return AnswerScore(
            question_id=q.id,
            language=p.lang,
            overall=round(overall, 1),
            confidence=round(min(0.95, max(0.1, confidence)), 2),
            criteria=crit_results,
            key_points=kp_results,
            flags=list(dict.fromkeys(flags)),  # type: ignore[arg-type]
            misconceptions=hits,
            scorer=self.name,
        )


def _reference_texts(q: Question, lang: Lang) -> list[str]:
    return [k.text.get(lang) for k in q.key_points] + [m.text.get(lang) for m in q.misconceptions]


def _find(text: str, piece: str) -> tuple[int, int]:
    i = text.find(piece)
    return (i, i + len(piece)) if i >= 0 else (0, 0)


def _form_flags(text: str, q: Question, content: float, whole_order: float, original: str) -> list[str]:
    """Flags that explain a low score; they never lower it (the stages above already did)."""
    ws = words(text)
    n = len(ws)
    if n == 0:
        return ["empty"] if not original.strip() else []
    flags = []
    if n >= 12 and whole_order < INCOHERENT_AT:
        flags.append("incoherent")
    if coherence.is_term_list(text) and n >= 6:
        flags.append("keyword_stuffing")
    if n >= 3 and unreadable_share(ws) > 0.5:
        flags.append("gibberish")
    stems = set(content_stems(text))
    q_stems = _question_stems(q)
    if len(stems) >= 6 and len(stems & q_stems) / len(stems) >= 0.9 and content < 0.2:
        flags.append("copies_question")
    func = sum(1 for w in ws if w in FUNCTION_WORDS)
    if content < OFF_TOPIC_AT and n >= 5 and func and "gibberish" not in flags:
        flags.append("off_topic")
    return flags


def _question_stems(q: Question) -> set[str]:
    """Every word of the question (stop words included): a key-point word that merely repeats the
    question earns nothing. Measured on Beetle train: dropping all question words, not only its
    content words, agrees better with graders."""
    return {stem(w) for lang in ("fr", "en") for w in words(q.text.get(lang))}


def _window_factors(text: str, wins: list[Window], model: coherence.ClassBigrams) -> np.ndarray:
    """Coherence factor per window; a window inside a paragraph that is a term list (bullets one
    per line, say) takes the paragraph's list penalty too."""
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", text)]
    listy = [(s, e) for s, e in paragraphs if coherence.is_term_list(text[s:e])]
    out = np.empty(len(wins), dtype=np.float32)
    for i, w in enumerate(wins):
        f = coherence.window_factor(text[w.start : w.end], model)
        if any(s <= w.start < e for s, e in listy):
            f = min(f, coherence.LIST_FACTOR)
        out[i] = f
    return out
