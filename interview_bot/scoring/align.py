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


def reference_indices(ref: TokenVectors, question_stems: set[str]) -> list[int]:
    """Reference tokens to match: not punctuation, and not a word that merely repeats the question."""
    keep = []
    word_is_q = False
    for i, t in enumerate(ref.tokens):
        if ref.word_start[i]:
            word_is_q = stem(fold(_whole_word(ref, i))) in question_stems
        if t.strip() and t not in PUNCT and not word_is_q:
            keep.append(i)
    return keep or content_token_indices(ref)


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
    return Columns(np.ascontiguousarray(ans.vectors[all_tokens].T), spans)


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
    recalls = np.empty(len(wins), dtype=np.float32)
    for k, span in enumerate(spans):
        best = sims[:, span].max(axis=1)
        recalls[k] = float(best.mean()) if uniform else float((best * weights).sum() / wsum)

    def details(k: int) -> tuple[np.ndarray, np.ndarray]:
        sub = sims[:, spans[k]]
        arg = sub.argmax(axis=1)
        return wins[k].tokens[arg], sub[np.arange(len(ref_idx)), arg]

    return recalls, details
