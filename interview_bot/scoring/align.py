"""Stage 1 of scoring: token-level contextual alignment of a reference text with answer windows.

BERTScore-style recall: each reference token is matched to its most similar answer token (cosine of
MiniLM's last-layer vectors) and the reference's recall is the mean of those best similarities.
Two choices make it measure meaning rather than volume:

* **Windows, not the whole answer.** A key point states one idea, so it is matched against one
  window of the answer at a time (consecutive sentences up to ``WINDOW_TOKENS``; long sentences
  are cut into overlapping chunks). Scattered words from padding or a salad spread over a long answer cannot add
  up to a key point, and a longer answer is not a bigger target.
* **Question words earn nothing.** Reference tokens whose word merely repeats the question are left
  out (unless nothing else remains), so restating the question covers nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .embedder import TokenVectors
from .text import fold, sentence_spans, stem

PUNCT = set(".,;:!?()[]{}\"'`-–—/\\*#|<>=+_~^%$@&’“”«»…•")
CHUNK_TOKENS = 40  # a sentence longer than this is cut into chunks of this many tokens …
CHUNK_STRIDE = 20  # … overlapping by half, so an idea that straddles a cut stays whole in one chunk
WINDOW_TOKENS = 60  # consecutive sentences are joined into windows up to this many tokens


@dataclass(frozen=True)
class Window:
    start: int  # character span in the scored text
    end: int
    tokens: np.ndarray  # indices into the answer's TokenVectors


def content_token_indices(tv: TokenVectors) -> list[int]:
    return [i for i, t in enumerate(tv.tokens) if t.strip() and t not in PUNCT]


def windows(text: str, ans: TokenVectors) -> list[Window]:
    """Sentences, pairs of adjacent sentences, and chunks of long sentences, over usable tokens."""
    usable = np.array(content_token_indices(ans), dtype=int)
    if len(usable) == 0:
        return []
    starts = np.array([ans.offsets[i][0] for i in usable])
    sentences: list[Window] = []
    for s, e in sentence_spans(text) or [(0, len(text))]:
        idx = usable[(starts >= s) & (starts < e)]
        if len(idx) == 0:
            continue
        if len(idx) <= CHUNK_TOKENS:
            sentences.append(Window(s, e, idx))
            continue
        for c in range(0, len(idx) - CHUNK_STRIDE, CHUNK_STRIDE):
            part = idx[c : c + CHUNK_TOKENS]
            sentences.append(Window(ans.offsets[part[0]][0], ans.offsets[part[-1]][1], part))
    out = list(sentences)
    for a in range(len(sentences)):
        size = len(sentences[a].tokens)
        for b in range(a + 1, len(sentences)):
            size += len(sentences[b].tokens)
            if size > WINDOW_TOKENS or sentences[b].start < sentences[b - 1].end:
                break
            out.append(Window(sentences[a].start, sentences[b].end,
                              np.concatenate([w.tokens for w in sentences[a : b + 1]])))
    return out


def reference_indices(ref: TokenVectors, question_stems: set[str], hint_stems: frozenset[str] = frozenset()) -> list[int]:
    """Reference tokens to match: not punctuation, not a word that merely repeats the question (unless
    nothing else remains), and never a word of a hint the candidate was shown."""
    keep = []
    word_stem = ""
    for i, t in enumerate(ref.tokens):
        if ref.word_start[i]:
            word_stem = stem(fold(_whole_word(ref, i)))
        if t.strip() and t not in PUNCT and word_stem not in question_stems:
            keep.append(i)
    keep = keep or content_token_indices(ref)
    if hint_stems:
        word_stem = ""
        hinted = set()
        for i in range(len(ref.tokens)):
            if ref.word_start[i]:
                word_stem = stem(fold(_whole_word(ref, i)))
            if word_stem in hint_stems:
                hinted.add(i)
        keep = [i for i in keep if i not in hinted]
    return keep


def _whole_word(tv: TokenVectors, i: int) -> str:
    parts = [tv.tokens[i]]
    j = i + 1
    while j < len(tv.tokens) and not tv.word_start[j]:
        parts.append(tv.tokens[j])
        j += 1
    return "".join(parts)


@dataclass(frozen=True)
class Columns:
    """An answer's window tokens as one matrix, computed once per answer and shared by every key point."""

    matrix_t: np.ndarray  # (dim, tokens): the answer vectors of every window token, transposed
    spans: list  # per window: a slice of those columns (or an index array when not contiguous)
    # When every window is a slice: the columns cut into elementary segments (no window boundary
    # inside one), and each window as (first segment, number of segments). Lets ``align_all`` take
    # every window's maxima with a few array operations instead of one per window.
    bounds: np.ndarray | None = None
    first: np.ndarray | None = None
    length: np.ndarray | None = None


def columns(ans: TokenVectors, wins: list[Window]) -> Columns:
    all_tokens = np.unique(np.concatenate([w.tokens for w in wins]))
    starts = np.searchsorted(all_tokens, [int(w.tokens[0]) for w in wins])
    # A window is a run of consecutive usable tokens, so its columns are a slice (a view, no copy);
    # any other window falls back to fancy indexing.
    spans = [
        slice(int(a), int(a) + len(w.tokens))
        if int(a) + len(w.tokens) <= len(all_tokens) and np.array_equal(all_tokens[a : a + len(w.tokens)], w.tokens)
        else np.searchsorted(all_tokens, w.tokens)
        for a, w in zip(starts, wins, strict=True)
    ]
    mt = np.ascontiguousarray(ans.vectors[all_tokens].T)
    slices = [sp for sp in spans if isinstance(sp, slice)]
    if len(slices) < len(spans):
        return Columns(mt, spans)
    cuts = np.unique(np.array([x for sp in slices for x in (sp.start, sp.stop)], dtype=np.int64))
    first = np.searchsorted(cuts, [sp.start for sp in slices])
    length = np.searchsorted(cuts, [sp.stop for sp in slices]) - first
    return Columns(mt, spans, cuts, first, length)


def _window_maxima(sims: np.ndarray, cols: Columns) -> np.ndarray:
    """(ref, windows): each reference token's best similarity within each window."""
    assert cols.bounds is not None and cols.first is not None and cols.length is not None
    seg = np.maximum.reduceat(sims[:, : cols.bounds[-1]], cols.bounds[:-1], axis=1)  # (ref, segments)
    out = np.empty((sims.shape[0], len(cols.first)), dtype=sims.dtype)
    run = seg
    for n in range(1, int(cols.length.max()) + 1):
        if n > 1:
            run = np.maximum(run[:, :-1], seg[:, n - 1 :])
        sel = np.nonzero(cols.length == n)[0]
        if len(sel):
            out[:, sel] = run[:, cols.first[sel]]
    return out


def align_all(
    ref: TokenVectors, ref_idx: list[int], weights: np.ndarray, ans: TokenVectors, wins: list[Window],
    cols: Columns | None = None,
) -> tuple[np.ndarray, Callable[[int], tuple[np.ndarray, np.ndarray]]]:
    """Weighted recall of the reference in every window, and a function giving, for one window,
    each reference token's best answer token and its similarity."""
    if not ref_idx or not wins:
        return np.zeros(0, dtype=np.float32), lambda _w: (np.zeros(0, dtype=int), np.zeros(0))
    cols = cols or columns(ans, wins)
    sims = ref.vectors[ref_idx] @ cols.matrix_t  # (ref, answer tokens)
    spans = cols.spans
    wsum = float(weights.sum()) or 1.0
    uniform = bool(np.all(weights == weights[0]))
    if cols.bounds is not None:
        maxima = _window_maxima(sims, cols)
        recalls = (maxima.mean(axis=0) if uniform else (weights @ maxima) / wsum).astype(np.float32)
    else:
        recalls = np.empty(len(wins), dtype=np.float32)
        for k, span in enumerate(spans):
            best = sims[:, span].max(axis=1)
            recalls[k] = float(best.mean()) if uniform else float((best * weights).sum() / wsum)

    def details(k: int) -> tuple[np.ndarray, np.ndarray]:
        sub = sims[:, spans[k]]
        arg = sub.argmax(axis=1)
        return wins[k].tokens[arg], sub[np.arange(len(ref_idx)), arg]

    return recalls, details
