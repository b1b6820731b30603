"""What a scorer variant changes: two ``interview-bot eval --predictions`` files on the same answers.

    python -m bench.compare_predictions LABELLED.jsonl BASE.jsonl OTHER.jsonl [...OTHER.jsonl]

LABELLED is the file given to ``eval --answers`` (question_id, answer, score[, language]); the
predictions are in its order. For each OTHER against BASE: overall-score differences (mean, mean
absolute, max absolute, share of answers moved by more than 2 and 5 points), key-point decisions
(share of (answer, key point) decisions that differ), misconceptions and flags that differ, and for
each file the Spearman correlation with the human score, overall and per language.
Used in docs/speed.md to say what the ONNX int8 / fp32 encoders change against the numpy encoder.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from interview_bot.scoring.evaluate import spearman


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def by_lang(labelled: list[dict], pred: list[dict]) -> dict[str, float]:
    out = {}
    for lang in sorted({r.get("language") or "en" for r in labelled}):
        idx = [i for i, r in enumerate(labelled) if (r.get("language") or "en") == lang]
        out[lang] = round(spearman(np.array([pred[i]["overall"] for i in idx]),
                                   np.array([labelled[i]["score"] for i in idx])), 4)
    return out


def compare(labelled: list[dict], base: list[dict], other: list[dict]) -> dict:
    a = np.array([p["overall"] for p in base], dtype=float)
    b = np.array([p["overall"] for p in other], dtype=float)
    d = b - a
    kp_total = kp_diff = 0
    for x, y in zip(base, other, strict=True):
        for field in ("covered", "contradicted"):
            sx, sy = set(x[field]), set(y[field])
            kp_diff += len(sx ^ sy)
            kp_total += len(sx | sy)
    return {
        "mean_diff": round(float(d.mean()), 3),
        "mean_abs_diff": round(float(np.abs(d).mean()), 3),
        "max_abs_diff": round(float(np.abs(d).max()), 2),
        "share_moved_over_2": round(float((np.abs(d) > 2).mean()), 4),
        "share_moved_over_5": round(float((np.abs(d) > 5).mean()), 4),
        "key_point_decisions_differing": kp_diff,
        "key_point_decisions_in_either": kp_total,
        "answers_with_other_misconceptions": sum(set(x["misconceptions"]) != set(y["misconceptions"])
                                                 for x, y in zip(base, other, strict=True)),
        "answers_with_other_flags": sum(set(x["flags"]) != set(y["flags"]) for x, y in zip(base, other, strict=True)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("labelled", type=Path)
    ap.add_argument("base", type=Path)
    ap.add_argument("others", type=Path, nargs="+")
    args = ap.parse_args()
    labelled = read(args.labelled)
    human = np.array([r["score"] for r in labelled], dtype=float)
    files = [args.base, *args.others]
    preds = {p: read(p) for p in files}
    for p, rows in preds.items():
        if len(rows) != len(labelled):
            raise SystemExit(f"{p}: {len(rows)} predictions for {len(labelled)} answers")
    res = {
        "answers": len(labelled),
        "spearman_vs_human": {p.name: round(spearman(np.array([r["overall"] for r in rows], dtype=float), human), 4)
                              for p, rows in preds.items()},
        "spearman_by_language": {p.name: by_lang(labelled, rows) for p, rows in preds.items()},
        "mean_score": {p.name: round(float(np.mean([r["overall"] for r in rows])), 2) for p, rows in preds.items()},
        "vs_base": {p.name: compare(labelled, preds[args.base], preds[p]) for p in args.others},
    }
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
