"""RSS that a scorer's reference side costs: one answer to every question of the bank, each question
prepared first (``OfflineScorer.prepare_question``), as an interview puts them one after the other.

    python -m bench.reference_memory [--cache 4096] [--groups N]

``--cache``: reference texts the scorer keeps encoded; ``--groups``: the fast path's per-question
group cap (``features._GROUPS_MAX``; default: as shipped). Prints RSS growth over the loaded model
after 10 / 30 / 60 / 100 / all questions, preparation and scoring times, and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(xs: list[float], p: float) -> float:
    v = sorted(xs)
    return v[min(len(v) - 1, int(p / 100 * len(v)))]


def main() -> None:
    from interview_bot.bank import current_bank
    from interview_bot.config import Settings
    from interview_bot.scoring import features
    from interview_bot.scoring.offline import REFERENCE_CACHE, OfflineScorer

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=int, default=REFERENCE_CACHE)
    ap.add_argument("--groups", type=int)
    args = ap.parse_args()
    if args.groups:
        features._GROUPS_MAX = args.groups
    bank = current_bank(Settings(data_dir=Path(tempfile.gettempdir()) / "ib-bench"))
    qs = sorted(bank.questions.values(), key=lambda q: q.id)
    sc = OfflineScorer(reference_cache=args.cache)
    sc.score(qs[0], bank.rubric_for(qs[0]), "warm up the model", "en")
    r0 = rss_mb()
    prep, score, growth = [], [], {}
    loads = [os.getloadavg()[0]]
    for i, q in enumerate(qs, 1):
        t = time.perf_counter()
        sc.prepare_question(q, "en")
        prep.append(time.perf_counter() - t)
        answer = ". ".join(q.reference_answer.en.split(". ")[:2])
        t = time.perf_counter()
        sc.score(q, bank.rubric_for(q), answer, "en")
        score.append(time.perf_counter() - t)
        if i in (10, 30, 60, 100, len(qs)):
            growth[i] = round(rss_mb() - r0)
    loads.append(os.getloadavg()[0])
    print(json.dumps({
        "questions": len(qs), "cache": args.cache, "groups_max": features._GROUPS_MAX, "rss_model_mb": round(r0),
        "rss_growth_mb_after_n_questions": growth,
        "prepare_s": {"p50": round(statistics.median(prep), 2), "p95": round(pct(prep, 95), 2),
                      "max": round(max(prep), 2)},
        "score_after_prepare_ms": {"p50": round(1000 * statistics.median(score)), "p95": round(1000 * pct(score, 95))},
        "cache_entries": len(sc._cache), "groups": len(features._GROUPS),
        "load_avg_1m": [round(x, 2) for x in loads], "cpu_count": os.cpu_count(),
    }, indent=1))


if __name__ == "__main__":
    main()
