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
from pathlib import Path

import numpy as np

from interview_bot.scoring import coherence


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("beetle_dir", type=Path, help="output of bench.convert_beetle")
    ap.add_argument("--layers", type=int, default=None)
    args = ap.parse_args()
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

    print(json.dumps({"coherence": bands, "train_n": len(train)}, indent=2))


if __name__ == "__main__":
    main()
