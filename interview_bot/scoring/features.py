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
        self._passages: dict[tuple[int, int], tuple[int, set[str], set[str], set[str]]] = {}
        starts = np.array([s for s, _e in self.ans.offsets], dtype=np.int64)
        sb = np.array(self.sentences or [(0, len(self.text))], dtype=np.int64).reshape(-1, 2)
        self._sb = sb
        # which sentence each answer token starts in, and each window
        self.token_sent = (starts[:, None] >= sb[None, :, 0]) & (starts[:, None] < sb[None, :, 1])
        ws = np.array([w.start for w in self.wins], dtype=np.int64)
        self.win_start_sent = ((ws[:, None] >= sb[None, :, 0]) & (ws[:, None] < sb[None, :, 1])).astype(np.int64)
        # the windows in the columns' space: which columns each window holds, and each column's token
        if self.wins and self.cols is not None:
            self.col_tokens = np.unique(np.concatenate([w.tokens for w in self.wins]))
            self.colmask = np.zeros((len(self.wins), len(self.col_tokens)), dtype=bool)
            for k, span in enumerate(self.cols.spans):
                self.colmask[k, span] = True
            self.win_units = np.array([_unit(self.ans.vectors[w.tokens].mean(0)) for w in self.wins])

    def sentence_at(self, i: int) -> tuple[int, int]:
        return int(self._sb[i, 0]), int(self._sb[i, 1])

    def word(self, i: int) -> str:
        w = self._words.get(i)
        if w is None:
            w = self._words[i] = _word_at(self.ans, self.text, i)
        return w

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
    """The references of one question, stacked. Two row sets: the matched tokens of every reference
    (``ref_idx``, question words left out: every measurement but ``recall_q``), and the rest of their
    non-blank tokens (question words, punctuation: ``recall_q`` only, in the best window only)."""

    tvs: tuple[TokenVectors, ...]
    refs: list[_Ref]
    ne: np.ndarray  # the references with tokens to match (the others measure zero)
    # the matched tokens (ref_idx) of those references, concatenated in reference order
    sel_starts: np.ndarray  # where each reference's run starts
    n_sel: np.ndarray  # its length
    sel_ref: np.ndarray  # per matched token: its reference (position in ``ne``)
    neg: np.ndarray  # per matched token: negated in the reference
    content: np.ndarray  # … a content word
    special: np.ndarray  # … a word with antonyms or a figure (checked word by word)
    # every non-blank token of those references, in order (question words kept: recall_q)
    all_starts: np.ndarray
    n_all: np.ndarray
    all_sel: np.ndarray  # where each matched token sits in that order
    all_extra: np.ndarray  # … and each other token
    extra_ref: np.ndarray  # per other token: its reference (position in ``ne``)
    sel_rows: np.ndarray  # the matched tokens' rows among every token of those references, stacked
    extra_rows: np.ndarray  # … and the other tokens' rows
    unit_means: np.ndarray  # (len(ne), dim)
    # polarity_evidence, reference side: each reference's content words as ids of their 5-letter stems
    stem_ids: dict[str, int]
    word_stem: np.ndarray  # per content word (references concatenated): its stem id
    word_ref: np.ndarray  # … its reference (position in ``ne``)
    n_words: np.ndarray  # per reference: its content words
    cues: np.ndarray  # per reference: its negation cues
    swap_check: np.ndarray  # the references with an antonym or a figure (checked one by one)


_GROUPS: OrderedDict[tuple, _Group] = OrderedDict()
# A group keeps its question's reference vectors alive: sized like the reference cache (offline.py,
# ~2-3 groups per cached question), not more. At 1024 the whole bank stayed in memory (RSS +552 MB
# after 143 questions; 246 MB with 64; bench/reference_memory.py).
_GROUPS_MAX = 192
_GROUPS_LOCK = threading.Lock()
# The stacked rows themselves (~3.5 MB per question: ~2,400 rows x 384 float32) are kept for the few
# most recent groups only, so the groups' cache does not hold a second copy of every reference's
# vectors; rebuilding them costs ~1 ms per answer.
_STACKS: OrderedDict[int, tuple[_Group, np.ndarray, np.ndarray]] = OrderedDict()
_STACKS_MAX = 8


def _starts(lengths: list[int]) -> np.ndarray:
    return np.cumsum([0, *lengths[:-1]]).astype(np.int64) if lengths else np.zeros(0, dtype=np.int64)


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
    dim = tvs[0].vectors.shape[1] if tvs else 0
    ne = [i for i, r in enumerate(refs) if len(r.ref_idx)]
    cat = lambda parts, dtype: np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)  # noqa: E731
    n_all = [refs[i].n_all for i in ne]
    all_starts = _starts(n_all)
    all_sel = cat([all_starts[k] + refs[i].local for k, i in enumerate(ne)], np.int64)
    is_sel = np.zeros(int(sum(n_all)), dtype=bool)
    is_sel[all_sel] = True
    all_extra = np.flatnonzero(~is_sel)
    all_ref = np.repeat(np.arange(len(ne), dtype=np.int64), n_all)
    tok_starts = _starts([len(refs[i].tv.tokens) for i in ne])
    nonblank = [np.array([i for i, t in enumerate(refs[i].tv.tokens) if t.strip()], dtype=np.int64) for i in ne]
    every_row = cat([tok_starts[k] + ix for k, ix in enumerate(nonblank)], np.int64)  # all_starts order
    stem_ids: dict[str, int] = {}
    word_stem = [stem_ids.setdefault(w[:5], len(stem_ids)) for i in ne for w in refs[i].ref_words]
    g = _Group(
        tvs=tuple(tvs), refs=refs, ne=np.array(ne, dtype=np.int64),
        sel_starts=_starts([len(refs[i].ref_idx) for i in ne]),
        n_sel=np.array([len(refs[i].ref_idx) for i in ne], dtype=np.int64),
        sel_ref=np.repeat(np.arange(len(ne), dtype=np.int64), [len(refs[i].ref_idx) for i in ne]),
        neg=cat([refs[i].neg for i in ne], bool),
        content=cat([refs[i].content for i in ne], bool),
        special=cat([[w in ANTONYMS or bool(d) for w, d in zip(refs[i].words, refs[i].digits, strict=True)]
                     for i in ne], bool),
        all_starts=all_starts, n_all=np.array(n_all, dtype=np.int64), all_sel=all_sel, all_extra=all_extra,
        extra_ref=all_ref[all_extra], sel_rows=every_row[all_sel], extra_rows=every_row[all_extra],
        unit_means=np.array([refs[i].unit_mean for i in ne], dtype=np.float32).reshape(len(ne), dim),
        stem_ids=stem_ids, word_stem=np.array(word_stem, dtype=np.int64),
        word_ref=np.repeat(np.arange(len(ne), dtype=np.int64), [len(refs[i].ref_words) for i in ne]),
        n_words=np.array([len(refs[i].ref_words) for i in ne], dtype=np.int64),
        cues=np.array([refs[i].cues for i in ne], dtype=np.int64),
        swap_check=np.array([k for k, i in enumerate(ne) if refs[i].antonym_words or refs[i].ref_nums],
                            dtype=np.int64),
    )
    with _GROUPS_LOCK:
        _GROUPS[key] = g
        if len(_GROUPS) > _GROUPS_MAX:
            _GROUPS.popitem(last=False)
    return g


def _stacks(g: _Group) -> tuple[np.ndarray, np.ndarray]:
    """The group's matched-token rows and its other rows, stacked (kept for the last few groups)."""
    with _GROUPS_LOCK:
        hit = _STACKS.get(id(g))
        if hit is not None and hit[0] is g:
            _STACKS.move_to_end(id(g))
            return hit[1], hit[2]
    every = np.concatenate([g.refs[i].tv.vectors for i in g.ne])  # one copy, then two gathers
    sel, extra = every[g.sel_rows], every[g.extra_rows]
    with _GROUPS_LOCK:
        _STACKS[id(g)] = (g, sel, extra)
        if len(_STACKS) > _STACKS_MAX:
            _STACKS.popitem(last=False)
    return sel, extra


def _window_argmax(sub: np.ndarray, rows_win: np.ndarray, view: AnswerView) -> np.ndarray:
    """For each row of ``sub`` (reference tokens x answer columns), the column of its best answer
    token inside the window ``rows_win`` gives it (the first on a tie, as ``argmax``)."""
    cols = view.cols
    assert cols is not None
    arg = np.empty(len(rows_win), dtype=np.int64)
    for w in np.unique(rows_win):
        rows = np.flatnonzero(rows_win == w)
        span = cols.spans[int(w)]
        if isinstance(span, slice):
            arg[rows] = sub[rows, span].argmax(axis=1) + span.start
        else:
            arg[rows] = np.where(view.colmask[w], sub[rows], -np.inf).argmax(axis=1)
    return arg


def measure_many(
    texts: list[str], tvs: list[TokenVectors], q_stems: set[str], view: AnswerView,
    hint_stems: frozenset[str] = frozenset(),
) -> list[PointEvidence]:
    """``measure`` for each reference text against one answer, in one pass: the same operations as
    ``measure``, on every reference's rows at once (segment sums over the stacked rows)."""
    zero = np.zeros(len(POINT_FEATURES), dtype=np.float32)
    cols, wins = view.cols, view.wins
    out: list[PointEvidence | None] = [None] * len(texts)
    if wins and cols is not None and texts:
        g = _group(texts, tvs, q_stems, hint_stems)
        if len(g.ne):
            for gi, ev in zip(g.ne, _measure_group(g, view), strict=True):
                out[gi] = ev
    return [ev if ev is not None else PointEvidence(zero.copy(), None, 0.0, _NONE) for ev in out]


def _measure_group(g: _Group, view: AnswerView) -> list[PointEvidence]:
    cols, wins = view.cols, view.wins
    assert cols is not None
    sel_rows, extra_rows = _stacks(g)
    sub = sel_rows @ cols.matrix_t  # (every matched reference token, answer window tokens)
    if cols.bounds is not None:
        maxima = _window_maxima(sub, cols)  # (tokens, windows)
    else:
        maxima = np.stack([sub[:, span].max(axis=1) for span in cols.spans], axis=1)
    starts, n = g.sel_starts, g.n_sel
    n32 = n.astype(np.float32)
    # best-window recall of each reference in each window (the mean of its tokens' window maxima)
    recalls = np.add.reduceat(maxima, starts, axis=0) / n32[:, None]  # (refs, windows)
    coh = recalls * view.factors[None, :]
    best = np.argmax(coh, axis=1)
    r_idx = np.arange(len(best))
    # each matched reference token's best answer token inside the reference's best window
    best_rows = best[g.sel_ref]
    arg = _window_argmax(sub, best_rows, view)
    best_sim = sub[np.arange(len(arg)), arg]
    best_ans = view.col_tokens[arg]
    recall_all = np.add.reduceat(sub.max(axis=1), starts) / n32
    # recall_q: every non-blank token, the best window only (the other tokens: their best window's columns)
    per_token = np.empty(int(g.n_all.sum()), dtype=maxima.dtype)
    per_token[g.all_sel] = maxima[np.arange(len(best_rows)), best_rows]
    if len(g.all_extra):
        extra_win = best[g.extra_ref]
        order = np.argsort(extra_win, kind="stable")
        rows, bounds = extra_rows[order], np.flatnonzero(np.diff(extra_win[order])) + 1
        extra_max = np.empty(len(order), dtype=maxima.dtype)
        for a, b in zip([0, *bounds.tolist()], [*bounds.tolist(), len(order)], strict=True):
            extra_max[a:b] = (rows[a:b] @ cols.matrix_t[:, cols.spans[int(extra_win[order[a]])]]).max(axis=1)
        per_token[g.all_extra[order]] = extra_max
    recall_q = np.add.reduceat(per_token, g.all_starts) / g.n_all.astype(np.float32)
    hit = best_sim >= HIT_SIM
    n_hit = np.add.reduceat(hit.astype(np.int64), starts)
    hits = n_hit / n
    strong = np.add.reduceat((best_sim >= STRONG_SIM).astype(np.int64), starts) / n
    sent = np.einsum("ij,ij->i", g.unit_means, view.win_units[best])
    # flip_share: matched content words the answer negates (and the key point does not), or flips to an
    # antonym or another figure (those few words checked one by one)
    cand = (best_sim >= MATCH_SIM) & g.content
    flipped = cand & view.ans_neg[best_ans] & ~g.neg
    for j in np.flatnonzero(cand & ~flipped & g.special):
        r = g.refs[g.ne[g.sel_ref[j]]]
        k = j - starts[g.sel_ref[j]]
        rw, aw = r.words[k], view.word(int(best_ans[j]))
        if aw in ANTONYMS.get(rw, ()):
            flipped[j] = True
        elif r.digits[k]:
            db = view._digits.get(aw)
            if db is None:
                db = view._digits[aw] = re.sub(r"\D", "", aw)
            flipped[j] = bool(db) and db != r.digits[k]
    matched = np.add.reduceat(cand.astype(np.int64), starts)
    n_flip = np.add.reduceat(flipped.astype(np.int64), starts)
    flip = np.where(matched > 0, np.minimum(1.0, n_flip / np.maximum(np.minimum(matched, FLIP_FULL), 1)), 0.0)
    # the sentence holding most of the matched tokens (else the one the window starts in)
    counts = np.add.reduceat((view.token_sent[best_ans] & hit[:, None]).astype(np.int64), starts, axis=0)
    counts = np.where((n_hit > 0)[:, None], counts, view.win_start_sent[best])
    sent_at = counts.argmax(axis=1)
    vecs = np.zeros((len(best), len(POINT_FEATURES)), dtype=np.float64)
    vecs[:, 0], vecs[:, 1] = recalls[r_idx, best], coh[r_idx, best]
    vecs[:, 2], vecs[:, 3], vecs[:, 4], vecs[:, 5] = recall_all, recall_q, hits, strong
    vecs[:, 6], vecs[:, 7], vecs[:, 8] = sent, flip, view.factors[best]
    # polarity_evidence against that sentence, every reference at once: negation cues, words of the
    # reference it repeats (5-letter stems); antonyms and figures reference by reference
    swapped = np.zeros(len(best))
    for si in np.unique(sent_at):
        at = sent_at == si
        p_cues, said, said_nums, stems = view.passage(*view.sentence_at(int(si)))
        vecs[at, 9] = np.where(g.cues[at] < p_cues, 1.0, 0.0)
        found = np.zeros(len(g.stem_ids) + 1, dtype=np.float64)
        found[[g.stem_ids.get(s, len(g.stem_ids)) for s in stems]] = 1.0
        found[-1] = 0.0
        said_words = np.bincount(g.word_ref, weights=found[g.word_stem], minlength=len(best))
        vecs[at, 11] = np.where(g.n_words[at] > 0, said_words[at] / np.maximum(g.n_words[at], 1), 0.0)
        for i in g.swap_check[at[g.swap_check]]:
            r = g.refs[g.ne[i]]
            sw = sum(1 for w, anti in r.antonym_words if w not in said and anti & said)
            if said_nums - r.ref_nums:
                sw += len(r.ref_nums - said_nums)
            swapped[i] = sw
    vecs[:, 10] = np.minimum(1.0, swapped / 2)
    v32 = vecs.astype(np.float32)
    ends = np.append(starts[1:], len(best_ans))
    return [PointEvidence(v32[i], wins[int(best[i])], float(flip[i]), best_ans[a:b][hit[a:b]])
            for i, (a, b) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True))]
