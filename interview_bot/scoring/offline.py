"""The offline scorer: key-point coverage by token-level contextual alignment (BERTScore-style recall
with MiniLM's last layer) blended with lexical overlap, then anchored rubric levels.

For each key point, each content token of the key point (question words and stop words removed) is
matched to its most similar token in the answer; the key point's coverage is the rescaled mean of
those best similarities, blended with the share of its content stems the answer uses. Text that
addresses the grader is blanked before scoring and flagged; short, stuffed, copied or unreadable
answers are capped at what their content can warrant. The evidence for a key point is the answer
sentence that aligns best with it: always an exact substring of the answer.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..bank.schema import Lang, Question, Rubric
from .embedder import TokenVectors, get_embedder
from .models import AnswerScore, CriterionResult, KeyPointResult
from .star import star_values
from .text import (
    DOMAIN_GENERIC,
    FUNCTION_WORDS,
    content_stems,
    fold,
    grader_addressing_spans,
    guess_language,
    list_like,
    mask_spans,
    repeated_sentence_spans,
    salad_signals,
    sentence_spans,
    stem,
    unreadable_share,
    words,
)


@dataclass(frozen=True)
class Params:
    """Calibration constants (fitted on the labelled set's tuning split; see README "Scoring")."""

    emb_lo: float = 0.10  # token recall of unrelated text
    emb_hi: float = 0.80  # token recall of a faithful paraphrase
    alpha: float = 0.3  # weight of the embedding signal vs the lexical one
    covered_at: float = 0.325  # blended coverage at which a key point counts as covered
    soft_lo: float = 0.15  # blended coverage worth nothing …
    soft_hi: float = 0.50  # … and full credit
    short_words: int = 12
    idf: bool = True  # weight key-point tokens by rarity across the shipped bank's key points


PARAMS = Params()
_PUNCT = set(".,;:!?()[]{}\"'`-–—/\\*#|<>=+_~^%$@&")


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


class OfflineScorer:
    name = "offline-minilm"

    def __init__(
        self, embedder: Any = None, params: Params = PARAMS, cache_answers: bool = False, layers: int | None = None
    ):
        self._embedder = embedder
        self.layers = layers
        self.params = params
        self._cache = _LRU(4096)  # key points: a few thousand short texts
        self._answers = _LRU(4096 if cache_answers else 256)  # answer paragraphs (~0.2 MB each)
        self._idf: dict[str, float] | None = None
        self._idf_max = 1.0

    @property
    def embedder(self) -> Any:
        if self._embedder is None:
            self._embedder = get_embedder() if self.layers is None else get_embedder(self.layers)
        return self._embedder

    def _idf_weight(self, token: str) -> float:
        if self._idf is None:
            self._idf = self._build_idf()
        return self._idf.get(fold(token), self._idf_max)

    def _build_idf(self) -> dict[str, float]:
        """Inverse document frequency of key-point tokens over the shipped bank (both languages)."""
        import math

        from ..bank import shipped_paths
        from ..bank.loader import load_bank

        bank = load_bank(shipped_paths())
        texts = [k.text.get(lang) for q in bank.questions.values() for k in q.key_points for lang in ("fr", "en")]
        df: dict[str, int] = {}
        tok = getattr(self.embedder, "tok", None)
        for t in texts:
            pieces = tok.encode(t).tokens if tok is not None else t.split()
            for p in {fold(x.removeprefix("##").lstrip("▁")) for x in pieces}:
                df[p] = df.get(p, 0) + 1
        n = max(len(texts), 1)
        self._idf_max = math.log((n + 1) / 1) + 1
        return {k: math.log((n + 1) / (v + 1)) + 1 for k, v in df.items()}

    # -- encoding with a cache for key points (they repeat across answers) --
    def _encode(self, texts: list[str], cache: _LRU | None) -> list[TokenVectors]:
        out: list[TokenVectors | None] = [cache.get_or(t) if cache is not None else None for t in texts]
        todo = [i for i, v in enumerate(out) if v is None]
        if todo:
            enc = self.embedder.encode_tokens_batch([texts[i] for i in todo])
            for i, tv in zip(todo, enc, strict=True):
                out[i] = tv
                if cache is not None:
                    cache.put(texts[i], tv)
        return [v for v in out if v is not None]

    def score(self, question: Question, rubric: Rubric, answer: str, lang: Lang) -> AnswerScore:
        return self.score_many([(question, rubric, answer, lang)])[0]

    def _encode_answers(self, texts: list[str]) -> list[TokenVectors]:
        """Encode answers paragraph by paragraph (split at blank lines), caching paragraphs: a probe
        answer appended to earlier ones only costs its own encoding."""
        pieces: list[list[tuple[int, str]]] = []
        for t in texts:
            parts, pos = [], 0
            for m in re.finditer(r"\n\s*\n", t):
                parts.append((pos, t[pos : m.start()]))
                pos = m.end()
            parts.append((pos, t[pos:]))
            pieces.append([(o, p) for o, p in parts if p.strip()] or [(0, t)])
        flat = sorted({p for parts in pieces for _, p in parts})
        enc = dict(zip(flat, self._encode(flat, cache=self._answers), strict=True))
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

    def score_many(self, items: list[tuple[Question, Rubric, str, Lang]]) -> list[AnswerScore]:
        prepared = [self._prepare(*it) for it in items]
        answers = self._encode_answers([p["masked"] for p in prepared])
        kp_texts = sorted({t for p in prepared for t in p["kp_texts"]})
        kp_vecs = dict(zip(kp_texts, self._encode(kp_texts, cache=self._cache), strict=True))
        return [self._finish(p, a, kp_vecs) for p, a in zip(prepared, answers, strict=True)]

    def _prepare(self, question: Question, rubric: Rubric, answer: str, lang: Lang) -> dict:
        answer_lang = guess_language(answer)
        flags: list[str] = []
        score_lang: Lang = lang
        if answer_lang is not None and answer_lang != lang:
            flags.append("other_language")
            score_lang = answer_lang  # type: ignore[assignment]
        grader = grader_addressing_spans(answer)
        if grader:
            flags.append("addresses_grader")
        masked = mask_spans(answer, grader)
        masked = mask_spans(masked, repeated_sentence_spans(masked))
        return {
            "question": question,
            "rubric": rubric,
            "answer": answer,
            "lang": lang,
            "score_lang": score_lang,
            "flags": flags,
            "masked": masked,
            "kp_texts": [k.text.get(score_lang) for k in question.key_points],
        }

    def _finish(self, p: dict, ans: TokenVectors, kp_vecs: dict[str, TokenVectors]) -> AnswerScore:
        prm = self.params
        q: Question = p["question"]
        rubric: Rubric = p["rubric"]
        answer: str = p["answer"]
        masked: str = p["masked"]
        lang: Lang = p["lang"]
        score_lang: Lang = p["score_lang"]
        flags: list[str] = list(p["flags"])

        q_stems = set(content_stems(q.text.fr)) | set(content_stems(q.text.en))
        ans_words = words(masked)
        ans_stems_all = content_stems(masked)
        ans_stems = set(ans_stems_all) - q_stems
        n_words = len(ans_words)

        # Answer tokens usable for alignment: not punctuation, not masked.
        keep = [i for i, t in enumerate(ans.tokens) if t not in _PUNCT and t.strip()]
        a_vecs = ans.vectors[keep] if keep else np.zeros((0, ans.vectors.shape[1]), dtype=np.float32)
        a_offs = [ans.offsets[i] for i in keep]
        spans = sentence_spans(masked)
        tok_sentence = np.array(
            [next((si for si, (s, e) in enumerate(spans) if s <= o[0] < e), -1) for o in a_offs], dtype=int
        )

        kp_results: list[KeyPointResult] = []
        blended_by_kp: dict[str, float] = {}
        for kp in q.key_points:
            text = kp.text.get(score_lang)
            tv = kp_vecs[text]
            ref_idx = [
                i
                for i, t in enumerate(tv.tokens)
                if t.strip() and t not in _PUNCT and fold(t) not in FUNCTION_WORDS and fold(t) not in DOMAIN_GENERIC
                and not (tv.word_start[i] and stem(fold(t)) in q_stems)
            ]
            if not ref_idx:  # a key point made only of question words: fall back to all its tokens
                ref_idx = [i for i, t in enumerate(tv.tokens) if t not in _PUNCT]
            emb = 0.0
            evidence = None
            if len(a_vecs) and ref_idx:
                sims = tv.vectors[ref_idx] @ a_vecs.T  # (ref, ans)
                if prm.idf:
                    w = np.array([self._idf_weight(tv.tokens[i]) for i in ref_idx], dtype=np.float32)
                    recall = float((sims.max(axis=1) * w).sum() / w.sum())
                else:
                    recall = float(sims.max(axis=1).mean())
                emb = _clip01((recall - prm.emb_lo) / (prm.emb_hi - prm.emb_lo))
                # Evidence: the sentence whose tokens best cover this key point.
                best_s, best_v = -1, -1.0
                for si in range(len(spans)):
                    cols = np.where(tok_sentence == si)[0]
                    if len(cols) == 0:
                        continue
                    v = float(sims[:, cols].max(axis=1).mean())
                    if v > best_v:
                        best_s, best_v = si, v
                if best_s >= 0:
                    s, e = spans[best_s]
                    evidence = answer[s:e]
            kp_st = set(content_stems(text)) - q_stems
            lex = len(kp_st & ans_stems) / len(kp_st) if kp_st else 0.0
            blended = prm.alpha * emb + (1 - prm.alpha) * lex
            covered = blended >= prm.covered_at
            blended_by_kp[kp.id] = blended
            kp_results.append(
                KeyPointResult(
                    id=kp.id,
                    criterion=kp.criterion,
                    weight=kp.weight,
                    text=text,
                    covered=covered,
                    coverage=round(_clip01(blended), 3),
                    evidence=evidence if covered else None,
                )
            )

        # Content value per key point: soft coverage so that partial answers rank between.
        def soft(b: float) -> float:
            return _clip01((b - prm.soft_lo) / (prm.soft_hi - prm.soft_lo))

        total_w = sum(k.weight for k in q.key_points)
        content = sum(k.weight * soft(blended_by_kp[k.id]) for k in q.key_points) / total_w
        star: dict[str, tuple[float, str | None]] = {}
        if q.kind == "behavioral":
            # A story is judged on its STAR structure, blended with closeness to the key points.
            star = star_values(masked, answer)
            for i, r in enumerate(kp_results):
                sv, sev = star.get(r.criterion, (0.0, None))
                if not r.covered and sv >= 0.6 and sev:
                    kp_results[i] = r.model_copy(update={"covered": True, "evidence": sev})
            vals = [(c.weight, star[c.id][0]) for c in rubric.criteria if c.id in star]
            if vals:
                content = max(content, 0.3 * content + 0.7 * sum(w * v for w, v in vals) / sum(w for w, _ in vals))

        # Caps for answers whose form cannot carry content.
        cap = 1.0
        func_ratio = sum(1 for w in ans_words if w in FUNCTION_WORDS) / max(n_words, 1)
        if n_words == 0:
            cap = 0.0
            flags.append("empty" if not answer.strip() or "addresses_grader" not in flags else "too_short")
        elif n_words < 5:
            cap = min(cap, 0.1)
            flags.append("too_short")
        elif n_words < prm.short_words:
            cap = min(cap, 0.35)
            flags.append("too_short")
        if n_words >= 5 and (func_ratio < 0.12 or list_like(masked)):
            cap = min(cap, 0.25)
            flags.append("keyword_stuffing")
        salad = salad_signals(masked)
        if n_words >= 20 and salad >= 3 and salad / n_words >= 0.03:
            cap = min(cap, 0.05)
            flags.append("incoherent")
        pieces_per_word = len(ans.tokens) / max(n_words, 1)
        long_junk = sum(1 for w in ans_words if len(w) > 25)
        if n_words >= 3 and (pieces_per_word > 3.5 or unreadable_share(ans_words) > 0.5 or long_junk / n_words > 0.3):
            cap = min(cap, 0.05)
            flags.append("gibberish")
        all_stems = set(ans_stems_all)
        if all_stems and len(all_stems & q_stems) / len(all_stems) >= 0.8:
            cap = min(cap, 0.1)
            flags.append("copies_question")
        content = min(content, cap)
        if content < 0.08 and n_words >= 5 and "gibberish" not in flags:
            flags.append("off_topic")

        # Criteria: levels from the soft coverage of their key points.
        crit_results: list[CriterionResult] = []
        crit_values: dict[str, float] = {}
        for c in rubric.criteria:
            kps = [k for k in q.key_points if k.criterion == c.id]
            if kps:
                kp_weight = sum(k.weight for k in kps)
                value = min(cap, sum(k.weight * soft(blended_by_kp[k.id]) for k in kps) / kp_weight)
                ev = next((r.evidence for r in kp_results if r.criterion == c.id and r.evidence), None)
                if c.id in star:
                    value = min(cap, max(value, 0.3 * value + 0.7 * star[c.id][0]))
                    ev = ev or star[c.id][1]
            else:
                # Criteria with no key points (e.g. clarity) follow the content, adjusted for form.
                form = _clip01(min(n_words, 120) / 60) * (1.0 if func_ratio >= 0.2 else 0.5)
                value = min(cap, 0.5 * content + 0.5 * form * min(1.0, content * 2.5))
                ev = None
            crit_values[c.id] = value
            level = int(round(4 * value))
            crit_results.append(
                CriterionResult(
                    id=c.id,
                    name=c.name.get(lang),
                    weight=c.weight,
                    level=level,
                    descriptor=c.levels.at(level).get(lang),
                    evidence=ev,
                )
            )
        total_cw = sum(c.weight for c in rubric.criteria)
        overall = 100 * sum(c.weight * crit_values[c.id] for c in rubric.criteria) / total_cw

        margins = [abs(b - prm.covered_at) for b in blended_by_kp.values()]
        confidence = 0.55 + 0.8 * float(np.mean(margins)) if margins else 0.5
        if score_lang == "fr":
            confidence -= 0.1  # MiniLM was trained on English: French relies more on lexical overlap
        if n_words < 20:
            confidence -= 0.1
        confidence -= 0.05 * len([f for f in flags if f != "other_language"])
        return AnswerScore(
            question_id=q.id,
            language=lang,
            overall=round(overall, 1),
            confidence=round(min(0.95, max(0.1, confidence)), 2),
            criteria=crit_results,
            key_points=kp_results,
            flags=list(dict.fromkeys(flags)),  # type: ignore[arg-type]
            scorer=self.name,
        )
