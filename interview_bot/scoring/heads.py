"""Small learned heads over the scorer's measurements: logistic and linear models, numpy only.

Their parameters live in ``scoring/params/heads.json`` (a few hundred numbers), written by
``bench/fit_scorer_v3.py`` from graded interview answers, with the data's provenance and the
cross-validated figures they produced. Nothing here is fitted at run time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .features import POINT_FEATURES as FEATURE_NAMES

PARAMS_FILE = Path(__file__).parent / "params" / "heads.json"


@dataclass(frozen=True)
class Linear:
    """``y = w · (x - mean) / scale + b``; ``logistic`` passes y through a sigmoid."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    w: np.ndarray
    b: float
    logistic: bool = True

    def __call__(self, x: np.ndarray) -> np.ndarray:
        z = ((np.atleast_2d(x) - self.mean) / self.scale) @ self.w + self.b
        return 1.0 / (1.0 + np.exp(-z)) if self.logistic else z

    def to_json(self) -> dict:
        return {
            "names": list(self.names), "mean": self.mean.round(6).tolist(), "scale": self.scale.round(6).tolist(),
            "w": self.w.round(6).tolist(), "b": round(float(self.b), 6), "logistic": self.logistic,
        }

    @classmethod
    def from_json(cls, d: dict) -> Linear:
        return cls(
            names=tuple(d["names"]), mean=np.asarray(d["mean"], dtype=np.float64),
            scale=np.asarray(d["scale"], dtype=np.float64), w=np.asarray(d["w"], dtype=np.float64),
            b=float(d["b"]), logistic=bool(d.get("logistic", True)),
        )


def fit_linear(
    x: np.ndarray, y: np.ndarray, names: tuple[str, ...], *, logistic: bool, l2: float = 1.0,
    sample_weight: np.ndarray | None = None, iters: int = 50,
) -> Linear:
    """Ridge (linear) or L2-penalised logistic regression (Newton's method) on standardised inputs."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    mean = x.mean(0)
    scale = x.std(0)
    scale[scale < 1e-9] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    pen = l2 * np.eye(z.shape[1])
    pen[-1, -1] = 0.0
    if not logistic:
        a = z.T @ (z * sw[:, None]) + pen
        beta = np.linalg.solve(a, z.T @ (sw * y))
    else:
        beta = np.zeros(z.shape[1])
        for _ in range(iters):
            p = 1.0 / (1.0 + np.exp(-(z @ beta)))
            g = z.T @ (sw * (p - y)) + pen @ beta
            h = z.T @ (z * (sw * p * (1 - p))[:, None]) + pen
            step = np.linalg.solve(h, g)
            beta -= step
            if float(np.abs(step).max()) < 1e-8:
                break
    return Linear(names, mean, scale, beta[:-1], float(beta[-1]), logistic)


@dataclass(frozen=True)
class Heads:
    covered: Linear  # P(the answer states this key point)
    contradicted: Linear  # P(the answer states something incompatible with it)
    misconception: Linear  # P(the answer states this listed misconception)
    grade: Linear  # answer-level measurements → 0..100 (technical answers)
    grade_behavioral: Linear  # the same for behavioural (STAR) answers
    thresholds: dict[str, float]
    about: dict


@lru_cache(maxsize=1)
def heads_version(path: Path = PARAMS_FILE) -> str:
    """A short fingerprint of the fitted parameters (stored in every score's ``scorer`` label)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:8]


@lru_cache(maxsize=1)
def load_heads(path: Path = PARAMS_FILE) -> Heads:
    d = json.loads(path.read_text(encoding="utf-8"))
    return Heads(
        covered=Linear.from_json(d["covered"]),
        contradicted=Linear.from_json(d["contradicted"]),
        misconception=Linear.from_json(d["misconception"]),
        grade=Linear.from_json(d["grade"]),
        grade_behavioral=Linear.from_json(d["grade_behavioral"]),
        thresholds={k: float(v) for k, v in d["thresholds"].items()},
        about=d.get("about", {}),
    )


# -- inputs: the same code builds them for fitting (bench/fit_scorer_v3.py) and for scoring --------

POINT_INPUTS = tuple(
    [f"same_{n}" for n in FEATURE_NAMES] + [f"other_{n}" for n in FEATURE_NAMES]
    + ["max_recall", "max_hits", "max_sent", "is_fr", "ref_recall", "ref_hits", "d_ref_recall", "d_ref_hits"]
)


def closest_phrasing(vectors: list[np.ndarray]) -> int:
    """Which of a key point's phrasings (its text, then its ``also`` phrasings) the answer states
    most closely: the highest best-window recall (times coherence). The text wins ties."""
    i_r = FEATURE_NAMES.index("recall_coh")
    return max(range(len(vectors)), key=lambda i: (vectors[i][i_r], -i))


def point_inputs(same: np.ndarray, other: np.ndarray, is_fr: bool, base: np.ndarray) -> np.ndarray:
    """``base``: the same reference measured against the bank's reference answer (what a correct,
    complete answer reaches), so a point that every on-topic answer aligns with is not free."""
    i_r, i_h, i_s = FEATURE_NAMES.index("recall_coh"), FEATURE_NAMES.index("hits"), FEATURE_NAMES.index("sent_cos")
    mr, mh = max(same[i_r], other[i_r]), max(same[i_h], other[i_h])
    return np.concatenate([
        same, other,
        [mr, mh, max(same[i_s], other[i_s]), float(is_fr), base[i_r], base[i_h], mr - base[i_r], mh - base[i_h]],
    ])


# Every measurement the contradiction head can read; the shipped head reads ``CONTRA_INPUTS``, and the
# product builds whatever its stored names ask for (``contra_inputs(..., names=heads.contradicted.names)``).
CONTRA_FEATURES = ("same_flip", "other_flip", "max_recall", "max_hits", "p_covered", "p_misconception",
                   "neg_sent", "swap", "neg_x_recall", "swap_x_recall", "same_strong", "same_sent_cos",
                   "d_ref_recall", "same_overlap", "neg_x_overlap", "swap_x_overlap")
CONTRA_INPUTS = CONTRA_FEATURES  # the shipped head's
# Change A of the sixth session (docs/scoring.md), measured and not shipped alone: without the probability
# of the misconception tied to the key point, which outweighs every polarity measurement (+7 on the logit).
CONTRA_WITHOUT_MIS = tuple(n for n in CONTRA_FEATURES if n != "p_misconception")


def contra_inputs(point: np.ndarray, p_covered: float, p_mis: float,
                  names: tuple[str, ...] = CONTRA_INPUTS) -> np.ndarray:
    """Polarity measured in the answer's language; ``*_x_recall``: the same, where the sentence
    aligns with the key point (a "not" in an unrelated sentence says nothing). ``names``: which of
    ``CONTRA_FEATURES``, in that order (a head's stored names)."""
    n = len(FEATURE_NAMES)
    i_f, i_n, i_s = FEATURE_NAMES.index("flip"), FEATURE_NAMES.index("neg_sent"), FEATURE_NAMES.index("swap")
    rec = point[2 * n]
    i_st, i_sc = FEATURE_NAMES.index("strong"), FEATURE_NAMES.index("sent_cos")
    i_o = FEATURE_NAMES.index("overlap")
    every = dict(zip(CONTRA_FEATURES, (
        point[i_f], point[n + i_f], rec, point[2 * n + 1], p_covered, p_mis,
        point[i_n], point[i_s], point[i_n] * rec, point[i_s] * rec, point[i_st], point[i_sc],
        point[2 * n + 6], point[i_o], point[i_n] * point[i_o], point[i_s] * point[i_o]), strict=True))
    return np.array([every[k] for k in names], dtype=np.float64)


MIS_INPUTS = tuple(
    [f"mis_{n}" for n in POINT_INPUTS]
    + ["rival_recall", "rival_hits", "rival_p", "d_recall", "d_hits", "content", "d_other_mis"]
)


def mis_inputs(
    mis_point: np.ndarray, rival_point: np.ndarray | None, rival_p: float, content: float, others: list[float],
) -> np.ndarray:
    """``content``: the answer's mean key-point probability; ``others``: the max recall of the
    question's other misconceptions (a stated one stands out from its siblings)."""
    n = len(FEATURE_NAMES)
    rr, rh = (rival_point[2 * n], rival_point[2 * n + 1]) if rival_point is not None else (0.0, 0.0)
    d_other = mis_point[2 * n] - (float(np.mean(others)) if others else mis_point[2 * n])
    return np.concatenate([mis_point, [rr, rh, rival_p, mis_point[2 * n] - rr, mis_point[2 * n + 1] - rh,
                                       content, d_other]])


# Word order is not an input here: it already scales each key point's probability, and every graded
# answer is prose (order ~ 1), so a fitted weight on it would extrapolate wildly on a word salad.
GRADE_INPUTS = ("content", "content_sq", "ticked", "top3", "contradicted", "mis_max", "mis_count")
STAR_INPUTS = ("situation", "action", "result", "reflection")


def grade_inputs(
    p_cov: np.ndarray, weights: np.ndarray, p_con: np.ndarray, p_mis: np.ndarray,
    star: dict[str, float] | None = None,
) -> np.ndarray:
    w = weights / weights.sum()
    content = float(p_cov @ w)
    top = np.sort(p_cov)[::-1][:3]
    x = [content, content**2, float((p_cov >= 0.5) @ w), float(top.mean()), float(p_con @ w),
         float(p_mis.max()) if len(p_mis) else 0.0, float((p_mis >= 0.5).sum())]
    if star is not None:
        x += [star.get(k, 0.0) for k in STAR_INPUTS]
    return np.array(x)
