"""Evidence the learned heads read: for one reference text (a key point or a misconception) against
one answer, a short vector of alignment measurements.

Everything here is a measurement, nothing is a decision: the heads in ``heads.py`` turn these vectors
into probabilities, with parameters fitted on graded interview answers (``bench/fit_scorer_v3.py``).
Each reference is measured in the answer's language *and* in the other language of the bank, because
French engineers say "chunks", "embeddings", "fine-tuner": a French answer in franglais aligns with
the English wording of a key point better than with its French one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .align import Columns, Window, align_all, reference_indices
from .contradiction import flip_share, polarity_evidence
from .embedder import TokenVectors
from .text import sentence_spans

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
