"""Fit the offline scorer's constants on the Beetle *train* split only, and print them.

    python -m bench.convert_beetle PATH/TO/beetle.jsonl /tmp/beetle
    python -m bench.fit_scorer /tmp/beetle [--layers 6]

What each constant means is documented where it is defined (``scoring/offline.py`` ``Params``,
``scoring/coherence.py``). Fitting rules, chosen before looking at any test split:

* ``recall_lo`` / ``recall_hi``: the median best-window recall of train answers graded irrelevant,
  and of train answers graded correct (coverage 0 and 1).
* ``covered_at`` is not fitted: 0.5 by definition, i.e. a key point is ticked when its alignment is
  closer to a typical correct answer than to a typical irrelevant one. (Fitting it for answer-level
  correct-vs-rest macro-F1 gave 0.80, which suits one-idea Beetle questions but ticks too little on
  bank questions with ten key points.)
* ``contradict_at``: the flip-share threshold with the best correct-vs-contradictory macro-F1 on
  train, among answers whose coverage reaches ``covered_at / 2`` (the ones alignment would credit).
* ``ORDER_HI`` (coherence): per length band (12-19 words, 20+), the 1st percentile of the mean class
  PMI of train answers in that band (genuine text keeps its credit); the share of their shuffles
  (seeds 1000-1004) that fall below it is reported. The shipped 20+ band differs (set by hand; see
  ``ORDER_HI`` in scoring/coherence.py).
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import replace
from pathlib import Path

import numpy as np

from interview_bot.bank.loader import load_bank
from interview_bot.config import shipped_dir
from interview_bot.scoring import coherence
from interview_bot.scoring.evaluate import fit_threshold, macro_f1
from interview_bot.scoring.offline import PARAMS, OfflineScorer, _window_factors
from interview_bot.scoring.text import content_stems


def point_features(scorer: OfflineScorer, bank, rows: list[dict]) -> list[tuple[float, float]]:
    """(best-window recall, flip share) of the best key point, per answer."""
    items = []
    for r in rows:
        q = bank.questions[r["question_id"]]
        items.append((q, bank.rubric_for(q), r["answer"], "en"))
    prepared = [scorer._prepare(*it) for it in items]
    answers = scorer._encode_answers([p.masked for p in prepared])
    model = coherence.class_model()
    out = []
    for p, ans in zip(prepared, answers, strict=True):
        from interview_bot.scoring.align import windows

        q = p.question
        q_stems = set(content_stems(q.text.fr)) | set(content_stems(q.text.en))
        wins = windows(p.masked, ans)
        factors = _window_factors(p.masked, wins, model)
        best = (0.0, 0.0)
        for kp in q.key_points:
            t = kp.text.en
            ref = scorer._encode([t], scorer._cache)[0]
            ps = scorer._point(t, ref, q_stems, ans, p.masked, wins, factors)
            if ps.recall >= best[0]:
                best = (ps.recall, ps.flip)
        out.append(best)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("beetle_dir", type=Path, help="output of bench.convert_beetle")
    ap.add_argument("--layers", type=int, default=None)
    args = ap.parse_args()
    bank = load_bank([shipped_dir("rubrics"), args.beetle_dir / "bank"])
    rows = [json.loads(x) for x in (args.beetle_dir / "answers.jsonl").read_text("utf-8").splitlines()]
    train = [r for r in rows if r["split"] == "train"]

    # Coherence first: it shapes the coverage the other constants are fitted on.
    model = coherence.class_model()
    bands = []
    for k, (length, _) in enumerate(coherence.ORDER_HI):
        upper = coherence.ORDER_HI[k + 1][0] if k + 1 < len(coherence.ORDER_HI) else 10**6
        genuine = [r["answer"] for r in train if length <= len(r["answer"].split()) < upper]
        real = np.array([model.mean_pmi(t) for t in genuine], dtype=float)
        hi = float(np.percentile(real, 1))
        shuffled = []
        for seed in range(1000, 1005):
            rng = random.Random(seed)
            for t in genuine:
                ws = t.split()
                rng.shuffle(ws)
                shuffled.append(model.mean_pmi(" ".join(ws)))
        bands.append({"min_words": length, "n": len(genuine), "ORDER_HI": round(hi, 3),
                      "shuffles_below": round(float(np.mean(np.array(shuffled, dtype=float) < hi)), 3)})
    coherence.ORDER_HI = tuple((b["min_words"], b["ORDER_HI"]) for b in bands)

    scorer = OfflineScorer(layers=args.layers, params=PARAMS)
    feats = point_features(scorer, bank, train)
    recall = np.array([f[0] for f in feats])
    flip = np.array([f[1] for f in feats])
    label = np.array([r["label"] for r in train])
    lo = float(np.median(recall[label == "irrelevant"]))
    hi = float(np.median(recall[label == "correct"]))
    cov = np.clip((recall - lo) / (hi - lo), 0, 1)
    covered_at = PARAMS.covered_at
    m = (cov >= covered_at / 2) & np.isin(label, ["correct", "contradictory"])
    contradict_at = fit_threshold(label[m] == "contradictory", flip[m])
    f1 = macro_f1(label[m] == "contradictory", flip[m] >= contradict_at)
    params = replace(PARAMS, recall_lo=round(lo, 3), recall_hi=round(hi, 3), covered_at=round(covered_at, 3),
                     contradict_at=round(contradict_at, 3))
    print(json.dumps({
        "params": params.__dict__,
        "coherence": bands,
        "train_n": len(train),
        "contradiction_macro_f1_train": round(f1, 3),
    }, indent=2))


if __name__ == "__main__":
    main()
