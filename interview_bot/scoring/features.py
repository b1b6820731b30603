"""Evidence the learned heads read: for one reference text (a key point or a misconception) against
one answer, a short vector of alignment measurements.

Everything here is a measurement, nothing is a decision: the heads in ``heads.py`` turn these vectors
into probabilities, with parameters fitted on graded interview answers (``bench/fit_scorer_v3.py``).
Each reference is measured in the answer's language *and* in the other language of the bank, because
French engineers say "chunks", "embeddings", "fine-tuner": a French answer in franglais aligns with
the English wording of a key point better than with its French one.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from .align import Columns, Window, _window_maxima, align_all, reference_indices
from .contradiction import (
    _NUMBER,
    ANTONYMS,
    CUE_RE,
    FLIP_FULL,
    MATCH_SIM,
    PROPOSITION_CUE_RE,
    WORD,
    _word_at,
    flip_share,
    negated_tokens,
    polarity_evidence,
)
from .embedder import TokenVectors
from .text import FUNCTION_WORDS, fold, sentence_spans

HIT_SIM = 0.7  # a reference token counts as found when some answer token is at least this close …
STRONG_SIM = 0.85  # … and as found almost verbatim at this similarity

# Names of the measurements, in the order of the vector (the heads' parameters follow this order).
POINT_FEATURES = (
    "recall",  # best-window recall, question words left out (the v2 measurement)
    "recall_coh",  # the same, times the window's coherence factor
    "recall_all",  # recall against the whole answer, question words left out
    "recall_q",  # best-window recall with the question's words kept
    "hits",  # share of reference tokens found (>= HIT_SIM) in the best window
    "strong",  # share found almost verbatim (>= STRONG_SIM)
    "sent_cos",  # cosine of mean-pooled reference and best-window vectors
    "flip",  # share of matched content the answer negates (or flips to an antonym)
    "factor",  # coherence factor of the best window
    "neg_sent",  # the sentence that matched holds more negation cues than the reference (polarity_evidence)
    "swap",  # reference words or figures that sentence replaces by their opposite (polarity_evidence)
    "overlap",  # share of the reference's content words that sentence repeats (polarity_evidence)
)


@dataclass(frozen=True)
class PointEvidence:
    vector: np.ndarray  # len(POINT_FEATURES)
    window: Window | None  # the best window
    flip: float
    matched: np.ndarray  # answer tokens that matched a reference token (>= HIT_SIM): where the quote comes from


_NONE = np.zeros(0, dtype=int)


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def measure(
    ref_text: str,
    ref: TokenVectors,
    q_stems: set[str],
    ans: TokenVectors,
    text: str,
    wins: list[Window],
    factors: np.ndarray,
    cols: Columns | None,
    ans_neg: np.ndarray | None,
    hint_stems: frozenset[str] = frozenset(),
    sentences: list[tuple[int, int]] | None = None,
) -> PointEvidence:
    """``sentences``: the answer's sentence spans, when the caller has them (one split per answer)."""
    zero = np.zeros(len(POINT_FEATURES), dtype=np.float32)
    if not wins or cols is None:
        return PointEvidence(zero, None, 0.0, _NONE)
    ref_idx = reference_indices(ref, q_stems, hint_stems)
    if not ref_idx:
        return PointEvidence(zero, None, 0.0, _NONE)
    weights = np.ones(len(ref_idx), dtype=np.float32)
    recalls, details = align_all(ref, ref_idx, weights, ans, wins, cols)
    if len(recalls) == 0:
        return PointEvidence(zero, None, 0.0, _NONE)
    coh = recalls * factors
    best = int(np.argmax(coh))
    best_ans, best_sim = details(best)
    # whole answer: best similarity of each reference token over every window token
    sims_all = ref.vectors[ref_idx] @ cols.matrix_t
    recall_all = float(sims_all.max(axis=1).mean())
    # question words kept
    all_idx = [i for i, t in enumerate(ref.tokens) if t.strip()]
    rq, _ = align_all(ref, all_idx, np.ones(len(all_idx), dtype=np.float32), ans, [wins[best]])
    recall_q = float(rq[0]) if len(rq) else 0.0
    hits = float((best_sim >= HIT_SIM).mean())
    strong = float((best_sim >= STRONG_SIM).mean())
    sent = float(_unit(ref.vectors[ref_idx].mean(0)) @ _unit(ans.vectors[wins[best].tokens].mean(0)))
    flip = flip_share(ref, ref_text, ref_idx, weights, ans, text, best_ans, best_sim, ans_neg)
    # the sentence holding most of the matched tokens (the one a quote would show)
    matched_at = [ans.offsets[int(i)][0] for i in best_ans[best_sim >= HIT_SIM]] or [wins[best].start]
    spans = sentences if sentences is not None else sentence_spans(text)
    s, e = max(spans or [(0, len(text))], key=lambda se: sum(se[0] <= x < se[1] for x in matched_at))
    neg_sent, swap, overlap = polarity_evidence(ref_text, text[s:e])
    vec = np.array(
        [recalls[best], coh[best], recall_all, recall_q, hits, strong, sent, flip, factors[best], neg_sent, swap, overlap],
        dtype=np.float32,
    )
    return PointEvidence(vec, wins[best], flip, best_ans[best_sim >= HIT_SIM])


# -- The fast path: the same measurements for every reference of a question at once ------------------
#
# ``measure`` above is the reference implementation (one reference, everything recomputed). Scoring
# one answer calls it ~30-100 times (every key point phrasing and misconception, in both languages),
# and most of its work depends only on the reference (its token indices, negation, words) or only on
# the answer (window vectors, the words of its tokens, its sentences). ``measure_many`` computes the
# reference side once per question (cached), the answer side once per answer (``AnswerView``), and
# aligns every reference with the answer in one matrix product. Same results as ``measure`` up to
# float rounding in the order of sums (tests/test_scoring_fast.py; bench/scorer_speed.py checks the
# 480 development answers).


@dataclass
class AnswerView:
    """One answer's side of the measurements, shared by every reference measured against it."""

    ans: TokenVectors
    text: str
    wins: list[Window]
    factors: np.ndarray
    cols: Columns | None
    ans_neg: np.ndarray
    sentences: list[tuple[int, int]]

    def __post_init__(self) -> None:
        self._words: dict[int, str] = {}
        self._digits: dict[str, str] = {}
        self._win_unit: dict[int, np.ndarray] = {}
        self._passages: dict[tuple[int, int], tuple[int, set[str], set[str], set[str]]] = {}
        self.starts = np.array([s for s, _e in self.ans.offsets], dtype=np.int64)
        self.sent_bounds = np.array(self.sentences or [(0, len(self.text))], dtype=np.int64).reshape(-1, 2)

    def word(self, i: int) -> str:
        w = self._words.get(i)
        if w is None:
            w = self._words[i] = _word_at(self.ans, self.text, i)
        return w

    def window_unit(self, k: int) -> np.ndarray:
        u = self._win_unit.get(k)
        if u is None:
            u = self._win_unit[k] = _unit(self.ans.vectors[self.wins[k].tokens].mean(0))
        return u

    def passage(self, s: int, e: int) -> tuple[int, set[str], set[str], set[str]]:
        """The passage side of ``polarity_evidence``: negation cues, words, figures, 5-letter stems."""
        key = (s, e)
        p = self._passages.get(key)
        if p is None:
            t = self.text[s:e]
            said = {fold(w) for w in WORD.findall(t)}
            p = self._passages[key] = (_cues(t), said, set(_NUMBER.findall(t)), {w[:5] for w in said})
        return p


@dataclass(frozen=True)
class _Ref:
    """One reference's side: which tokens count, their polarity and words (depends on the reference,
    the question's words and the hint words only)."""

    text: str
    tv: TokenVectors
    ref_idx: np.ndarray  # reference tokens matched (question words left out)
    local: np.ndarray  # their rows among ``all_idx`` (every non-blank token: the rows stacked)
    n_all: int
    unit_mean: np.ndarray  # unit mean vector of the ref_idx tokens
    neg: np.ndarray  # per ref_idx token: inside a negation's scope in the reference
    words: list[str]  # per ref_idx token: its whole word ("" or a function word: not content)
    content: np.ndarray  # per ref_idx token: a content word
    digits: list[str]
    cues: int
    ref_words: list[str]  # content words of the text, for polarity_evidence
    antonym_words: list[tuple[str, set[str]]]
    ref_nums: set[str]


def _cues(t: str) -> int:
    return len(CUE_RE.findall(t)) + len(PROPOSITION_CUE_RE.findall(t))


def _prepare_ref(text: str, tv: TokenVectors, q_stems: set[str], hint_stems: frozenset[str]) -> _Ref:
    ref_idx = np.array(reference_indices(tv, q_stems, hint_stems), dtype=np.int64)
    all_idx = np.array([i for i, t in enumerate(tv.tokens) if t.strip()], dtype=np.int64)
    neg = negated_tokens(tv, text)
    ws = [_word_at(tv, text, int(i)) for i in ref_idx]
    ref_words = sorted({fold(w) for w in WORD.findall(text)} - FUNCTION_WORDS)
    return _Ref(
        text=text, tv=tv, ref_idx=ref_idx, local=np.searchsorted(all_idx, ref_idx), n_all=len(all_idx),
        unit_mean=_unit(tv.vectors[ref_idx].mean(0)) if len(ref_idx) else np.zeros(0, dtype=np.float32),
        neg=neg[ref_idx] if len(ref_idx) else np.zeros(0, dtype=bool),
        words=ws, content=np.array([bool(w) and w not in FUNCTION_WORDS for w in ws], dtype=bool),
        digits=[re.sub(r"\D", "", w) for w in ws], cues=_cues(text), ref_words=ref_words,
        antonym_words=[(w, ANTONYMS[w]) for w in ref_words if w in ANTONYMS],
        ref_nums=set(_NUMBER.findall(text)),
    )


@dataclass(frozen=True)
class _Group:
    tvs: tuple[TokenVectors, ...]
    refs: list[_Ref]
    matrix: np.ndarray  # every reference's non-blank token vectors, stacked
    offsets: list[int]  # where each reference's rows start


_GROUPS: OrderedDict[tuple, _Group] = OrderedDict()
_GROUPS_MAX = 1024
_GROUPS_LOCK = threading.Lock()


def _group(texts: list[str], tvs: list[TokenVectors], q_stems: set[str], hint_stems: frozenset[str]) -> _Group:
    """The references of one question, prepared once (cached by texts, question words and hint words;
    a re-encoded reference, e.g. by another encoder, is prepared again)."""
    key = (tuple(texts), frozenset(q_stems), hint_stems)
    with _GROUPS_LOCK:
        g = _GROUPS.get(key)
        if g is not None and len(g.tvs) == len(tvs) and all(a is b for a, b in zip(g.tvs, tvs, strict=True)):
            _GROUPS.move_to_end(key)
            return g
    refs = [_prepare_ref(t, tv, q_stems, hint_stems) for t, tv in zip(texts, tvs, strict=True)]
    blocks = [r.tv.vectors[[i for i, t in enumerate(r.tv.tokens) if t.strip()]] for r in refs]
    offsets = np.cumsum([0] + [len(b) for b in blocks]).tolist()
    dim = tvs[0].vectors.shape[1] if tvs else 0
    matrix = np.ascontiguousarray(np.concatenate(blocks)) if blocks else np.zeros((0, dim), dtype=np.float32)
    g = _Group(tuple(tvs), refs, matrix, offsets)
    with _GROUPS_LOCK:
        _GROUPS[key] = g
        if len(_GROUPS) > _GROUPS_MAX:
            _GROUPS.popitem(last=False)
    return g


def measure_many(
    texts: list[str], tvs: list[TokenVectors], q_stems: set[str], view: AnswerView,
    hint_stems: frozenset[str] = frozenset(),
) -> list[PointEvidence]:
    """``measure`` for each reference text against one answer, in one pass."""
    zero = np.zeros(len(POINT_FEATURES), dtype=np.float32)
    cols, wins = view.cols, view.wins
    if not wins or cols is None or not texts:
        return [PointEvidence(zero.copy(), None, 0.0, _NONE) for _ in texts]
    g = _group(texts, tvs, q_stems, hint_stems)
    sims = g.matrix @ cols.matrix_t  # (every reference row, answer window tokens)
    if cols.bounds is not None:
        maxima = _window_maxima(sims, cols)  # (rows, windows)
    else:
        maxima = np.stack([sims[:, span].max(axis=1) for span in cols.spans], axis=1)
    out = []
    for r, off in zip(g.refs, g.offsets, strict=False):
        n = len(r.ref_idx)
        if n == 0:
            out.append(PointEvidence(zero.copy(), None, 0.0, _NONE))
            continue
        rows = off + r.local
        rsims = sims[rows]
        recalls = maxima[rows].mean(axis=0).astype(np.float32)
        coh = recalls * view.factors
        best = int(np.argmax(coh))
        sub = rsims[:, cols.spans[best]]
        arg = sub.argmax(axis=1)
        best_ans = wins[best].tokens[arg]
        best_sim = sub[np.arange(n), arg]
        recall_all = float(rsims.max(axis=1).mean())
        recall_q = float(maxima[off : off + r.n_all, best].mean())
        hit = best_sim >= HIT_SIM
        hits = float(hit.mean())
        strong = float((best_sim >= STRONG_SIM).mean())
        sent = float(r.unit_mean @ view.window_unit(best))
        # flip_share, with the reference's words and negation computed once
        flipped = matched = 0.0
        for k in np.flatnonzero((best_sim >= MATCH_SIM) & r.content):
            ai = int(best_ans[k])
            aw = view.word(ai)
            rw = r.words[k]
            matched += 1.0
            if (bool(view.ans_neg[ai]) and not bool(r.neg[k])) or aw in ANTONYMS.get(rw, ()):
                flipped += 1.0
                continue
            da = r.digits[k]
            if da:
                db = view._digits.get(aw)
                if db is None:
                    db = view._digits[aw] = re.sub(r"\D", "", aw)
                if db and da != db:
                    flipped += 1.0
        flip = min(1.0, flipped / min(matched, FLIP_FULL)) if matched else 0.0
        # the sentence holding most of the matched tokens
        at = view.starts[best_ans[hit]] if hit.any() else np.array([wins[best].start])
        sb = view.sent_bounds
        counts = ((at[None, :] >= sb[:, :1]) & (at[None, :] < sb[:, 1:])).sum(axis=1)
        s, e = (int(x) for x in sb[int(np.argmax(counts))])
        p_cues, said, said_nums, stems = view.passage(s, e)
        neg_sent = 1.0 if p_cues > r.cues else 0.0
        swapped = sum(1 for w, anti in r.antonym_words if w not in said and anti & said)
        if said_nums - r.ref_nums:
            swapped += len(r.ref_nums - said_nums)
        overlap = sum(1 for w in r.ref_words if w[:5] in stems) / len(r.ref_words) if r.ref_words else 0.0
        vec = np.array(
            [recalls[best], coh[best], recall_all, recall_q, hits, strong, sent, flip, view.factors[best],
             neg_sent, min(1.0, swapped / 2), overlap],
            dtype=np.float32,
        )
        out.append(PointEvidence(vec, wins[best], flip, best_ans[hit]))
    return out
