"""``interview-bot eval``: agreement between the offline scorer and human grades.

Input: JSONL lines ``{"question_id", "answer", "score"[, "language"]}`` with human scores on any
numeric scale. Output: n, Pearson, Spearman, quadratic weighted kappa (integer human scales: the
scorer's 0–100 is mapped linearly onto the human range and rounded) and pairwise ordering accuracy
(for every pair of answers to the same question with different human scores, how often the better
one scores higher; a tie counts half).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field, ValidationError

from ..bank import current_bank
from ..bank.loader import load_bank
from ..config import Settings, shipped_dir
from ..errors import InputError


class Labelled(BaseModel):
    question_id: str
    answer: str
    score: float
    language: str | None = Field(default=None, pattern="^(fr|en)$")


def read_jsonl(path: Path) -> list[Labelled]:
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(Labelled.model_validate_json(line))
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(f"{path}:{n}: {'.'.join(map(str, err['loc']))}: {err['msg']}") from None
    return items


def _rank(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x), dtype=float)
    ranks[order] = np.arange(len(x), dtype=float)
    # average ties
    vals, inv = np.unique(x, return_inverse=True)
    sums = np.bincount(inv, weights=ranks)
    counts = np.bincount(inv)
    return (sums / counts)[inv]


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    if a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return pearson(_rank(a), _rank(b))


def qwk(human: np.ndarray, pred: np.ndarray) -> float:
    lo, hi = int(human.min()), int(human.max())
    k = hi - lo + 1
    if k < 2:
        return float("nan")
    h = (human - lo).astype(int)
    p = np.clip(np.rint(pred), lo, hi).astype(int) - lo
    obs = np.zeros((k, k))
    for i, j in zip(h, p, strict=True):
        obs[i, j] += 1
    w = np.array([[(i - j) ** 2 for j in range(k)] for i in range(k)]) / (k - 1) ** 2
    exp = np.outer(obs.sum(1), obs.sum(0)) / obs.sum()
    return float(1 - (w * obs).sum() / (w * exp).sum())


def ordering(qids: list[str], human: np.ndarray, pred: np.ndarray) -> tuple[float, int]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(qids):
        groups[q].append(i)
    good = 0.0
    pairs = 0
    for idx in groups.values():
        for a in idx:
            for b in idx:
                if human[a] > human[b]:
                    pairs += 1
                    if pred[a] > pred[b]:
                        good += 1
                    elif pred[a] == pred[b]:
                        good += 0.5
    return (good / pairs if pairs else float("nan")), pairs


def evaluate(items: list[Labelled], bank, default_lang: str = "en", scorer=None) -> dict:
    from .offline import OfflineScorer

    scorer = scorer or OfflineScorer()
    missing = sorted({it.question_id for it in items if it.question_id not in bank.questions})
    if missing:
        raise InputError(f"Unknown question ids in the labelled set: {', '.join(missing[:10])}")
    batch = []
    for it in items:
        q = bank.questions[it.question_id]
        batch.append((q, bank.rubric_for(q), it.answer, it.language or default_lang))
    scores = scorer.score_many(batch)
    pred = np.array([s.overall or 0.0 for s in scores])
    human = np.array([it.score for it in items], dtype=float)
    integer = bool(np.all(human == np.round(human)))
    lo, hi = human.min(), human.max()
    mapped = lo + pred / 100 * (hi - lo)
    order, pairs = ordering([it.question_id for it in items], human, pred)
    per_lang = {}
    for lang in ("en", "fr"):
        m = np.array([(it.language or default_lang) == lang for it in items])
        if m.sum() >= 3:
            per_lang[lang] = {"n": int(m.sum()), "spearman": round(spearman(human[m], pred[m]), 3)}
    return {
        "n": len(items),
        "questions": len({it.question_id for it in items}),
        "pearson": round(pearson(human, pred), 3),
        "spearman": round(spearman(human, pred), 3),
        "qwk": round(qwk(human, mapped), 3) if integer else None,
        "ordering_accuracy": round(order, 3),
        "ordered_pairs": pairs,
        "by_language": per_lang,
        "mean_score_by_human_level": {
            str(int(v) if float(v).is_integer() else v): round(float(pred[human == v].mean()), 1)
            for v in sorted(set(human))
        },
    }


def shipped_labelled() -> list[Path]:
    return sorted(shipped_dir("eval").glob("*.jsonl"))


def evaluate_cli(args: argparse.Namespace, settings: Settings) -> int:
    if args.bank:
        bank = load_bank([shipped_dir("rubrics"), *args.bank])
        if bank.errors:
            raise InputError("The bank has errors:\n" + "\n".join(map(str, bank.errors)))
    else:
        bank = current_bank(settings)
    paths = args.answers or shipped_labelled()
    if not paths:
        raise InputError("No labelled answers: pass --answers FILE.jsonl")
    items = [it for p in paths for it in read_jsonl(p)]
    if len(items) < 3:
        raise InputError("At least 3 labelled answers are needed to measure agreement.")
    from .offline import OfflineScorer

    res = evaluate(items, bank, settings.language, scorer=OfflineScorer(layers=settings.scorer_layers))
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"n = {res['n']} answers to {res['questions']} questions")
    print(f"Pearson            {res['pearson']:.3f}")
    print(f"Spearman           {res['spearman']:.3f}")
    if res["qwk"] is not None:
        print(f"QWK                {res['qwk']:.3f}")
    print(f"Ordering accuracy  {res['ordering_accuracy'] * 100:.1f} % of {res['ordered_pairs']} pairs")
    for lang, v in res["by_language"].items():
        print(f"  {lang}: n={v['n']} Spearman {v['spearman']:.3f}")
    print("Mean score by human level: " + ", ".join(f"{k}→{v}" for k, v in res["mean_score_by_human_level"].items()))
    sys.stdout.flush()
    return 0
