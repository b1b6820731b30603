"""Fit the offline scorer's calibration constants on the tuning split of the labelled set and report
the held-out split. Usage: python -m bench.tune_scorer [minilm|static]

Tuning split: eval/labelled_foundations.jsonl + eval/labelled_retrieval.jsonl.
Held-out split: eval/labelled_production.jsonl (never used to choose constants).
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

from interview_bot.bank import current_bank
from interview_bot.config import load_settings
from interview_bot.scoring import embedder as E
from interview_bot.scoring.evaluate import evaluate, read_jsonl
from interview_bot.scoring.offline import OfflineScorer, Params

ROOT = Path(__file__).resolve().parent.parent
TUNE = ["labelled_foundations.jsonl", "labelled_retrieval.jsonl"]
HELD = ["labelled_production.jsonl"]


def load(names: list[str]):
    return [it for n in names for it in read_jsonl(ROOT / "eval" / n)]


def objective(r: dict) -> float:
    lv = r["mean_score_by_human_level"]
    calib = -abs(lv.get("4", 0) - 85) / 100 - abs(lv.get("0", 0) - 5) / 100
    return r["spearman"] + r["ordering_accuracy"] + 0.5 * calib


def main() -> None:
    which = sys.argv[1] if len(sys.argv) > 1 else "minilm"
    bank = current_bank(load_settings())
    emb = E.StaticEmbedder() if which == "static" else E.get_embedder()
    tune, held = load(TUNE), load(HELD)
    base = OfflineScorer(emb, cache_answers=True)
    t = time.time()
    base._idf = base._build_idf()
    evaluate(tune + held, bank, scorer=base)  # warm the encoding cache
    print(f"encoded {len(tune) + len(held)} answers in {time.time() - t:.1f}s", flush=True)
    grid = {
        "emb_lo": [0.1, 0.2, 0.3] if which == "minilm" else [0.1, 0.2, 0.3, 0.4],
        "emb_hi": [0.7, 0.8] if which == "minilm" else [0.6, 0.75, 0.9],
        "alpha": [0.2, 0.3, 0.45],
        "soft_lo": [0.1, 0.15, 0.2],
        "soft_hi": [0.45, 0.5, 0.6],
        "idf": [False, True],
    }
    best = None
    for values in itertools.product(*grid.values()):
        kw = dict(zip(grid, values, strict=True))
        if kw["soft_hi"] <= kw["soft_lo"] + 0.2 or kw["emb_hi"] <= kw["emb_lo"] + 0.2:
            continue
        kw["covered_at"] = round((kw["soft_lo"] + kw["soft_hi"]) / 2, 3)
        sc = OfflineScorer(emb, Params(**kw), cache_answers=True)
        sc._cache, sc._answers = base._cache, base._answers
        sc._idf, sc._idf_max = base._idf, base._idf_max
        r = evaluate(tune, bank, scorer=sc)
        o = objective(r)
        if best is None or o > best[0]:
            best = (o, kw, r)
    assert best is not None
    _, kw, r = best
    sc = OfflineScorer(emb, Params(**kw), cache_answers=True)
    sc._cache, sc._answers = base._cache, base._answers
    h = evaluate(held, bank, scorer=sc)
    a = evaluate(tune + held, bank, scorer=sc)
    print(json.dumps({"embedder": which, "params": kw, "tune": r, "held_out": h, "all": a}, indent=1))


if __name__ == "__main__":
    main()
