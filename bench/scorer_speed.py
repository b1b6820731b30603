"""Offline scorer speed: the fast path against the reference path, in the same run; and the check that
they give the same scores.

    python -m bench.scorer_speed check [--answers dev.jsonl] [--json FILE]
    python -m bench.scorer_speed speed [--answers dev.jsonl] [--n 60] [--rounds 4]
                                       [--modes ref,fast,fast-int8,fast-t2] [--json FILE]

``check``: every answer of the file (question_id, answer, lang; default the 480 development answers of
the interview-answer set) scored by ``OfflineScorer(fast=False)`` (``features.measure``, one reference
at a time: the reference implementation) and by the default ``OfflineScorer()`` (``measure_many``),
on the same encoder; then the answers of the file whose question has key points with ``also``
phrasings scored again with the candidate's hints (hint words earn nothing: another reference-side
path). Reports the largest differences and every decision that differs, with
``bench.compare_predictions.compare`` for the eval-style summary; then the default path once more on
two threads at once, which must give exactly the sequential scores; exits 1 when the scores are not the
same (|Δ overall| ≥ 1e-6 after rounding to 0.1, |Δ coverage| above one rounding step of 0.001, or any decision, misconception, flag
or quote that differs).

``speed``: the answers of 70–130 words (the "~100-word answer" of a turn), one ``score()`` per answer
as in a turn, each question's references encoded first (as after a question's first turn) and the
answer encodings cleared before every pass (every answer is new to the scorer). Modes, in an order
rotated every round, each on its own scorer:
- ``ref``: the reference path (``fast=False``), onnx-fp32, 1 thread: the baseline;
- ``fast``: the default path (``measure_many``), onnx-fp32, 1 thread;
- ``fast-int8``: the default path on the int8 encoder (changes scores: docs/speed.md);
- ``fast-t2``, ``fast-int8-t2``: the default path, with 2 intra-op threads (fp32, int8);
- ``fast-2w``, ``fast-int8-2w``: the default path, one encoder thread per answer, but two answers
  scored at the same time by two threads sharing one scorer (as the UI's queue does with several
  candidates): onnxruntime and numpy's products release the GIL, so the two cores both work.
``--against DIR`` runs the same modes on another checkout (e.g. ``git archive`` of the previous commit
unpacked in DIR) once per round, in a fresh process with DIR first on the path, alternating before and
after this code's modes: a before/after comparison under the same machine load (reported as
``<mode>@base``).
Rates are answers/s from wall-clock time and from this process's CPU time (the time two cores would
have given if free is the wall figure; on a shared machine the CPU figure is steadier); each mode's
ratio to ``ref`` within the same round, medians over rounds. The load average is recorded at every
round: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.compare_predictions import compare

ROOT = Path(__file__).resolve().parent.parent
# Coverage is reported rounded to 0.001: a float-rounding difference can move it by one step.
COVERAGE_STEP = 1e-3
DEV = Path("/work/shared/data/interview-answers/dev.jsonl")


def load(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"question_id": r["question_id"], "answer": r["answer"], "lang": r.get("lang") or r.get("language") or "en"}
            for r in rows]


def bank_items(rows: list[dict]) -> tuple[Any, list[tuple]]:
    from interview_bot.bank import current_bank
    from interview_bot.config import Settings

    bank = current_bank(Settings(data_dir=Path(tempfile.gettempdir()) / "ib-bench"))
    rows = [r for r in rows if r["question_id"] in bank.questions]
    return bank, [(bank.questions[r["question_id"]], bank.rubric_for(bank.questions[r["question_id"]]), r["answer"],
                   r["lang"]) for r in rows]


def summary(s: Any) -> dict:
    """Everything a score decides, in a comparable form."""
    return {
        "overall": s.overall,
        "confidence": s.confidence,
        "covered": [k.id for k in s.key_points if k.covered],
        "contradicted": [k.id for k in s.key_points if k.contradicted],
        "misconceptions": [m.id for m in s.misconceptions],
        "flags": list(s.flags),
        "coverage": {k.id: k.coverage for k in s.key_points},
        "quotes": {k.id: (k.evidence, k.contradiction) for k in s.key_points}
        | {m.id: m.evidence for m in s.misconceptions},
        "levels": {c.id: c.level for c in s.criteria},
    }


def differences(a: list[dict], b: list[dict]) -> dict:
    d_over = max((abs(x["overall"] - y["overall"]) for x, y in zip(a, b, strict=True)), default=0.0)
    d_cov = max((abs(x["coverage"][k] - y["coverage"][k]) for x, y in zip(a, b, strict=True) for k in x["coverage"]),
                default=0.0)
    other = [i for i, (x, y) in enumerate(zip(a, b, strict=True))
             if any(x[f] != y[f] for f in ("covered", "contradicted", "misconceptions", "flags", "quotes", "levels",
                                           "confidence"))]
    return {"answers": len(a), "max_abs_diff_overall": d_over, "max_abs_diff_coverage": d_cov,
            "answers_with_other_decisions_or_quotes": len(other), "first_differing": other[:5],
            "same": d_over < 1e-6 and d_cov <= COVERAGE_STEP + 1e-9 and not other}


def check(args: argparse.Namespace) -> dict:
    from interview_bot.scoring.embedder import get_embedder
    from interview_bot.scoring.offline import OfflineScorer

    bank, items = bank_items(load(args.answers))
    emb = get_embedder()
    ref, fast = OfflineScorer(embedder=emb, fast=False), OfflineScorer(embedder=emb)
    a = [summary(ref.score(*it)) for it in items]
    b = [summary(fast.score(*it)) for it in items]
    res: dict[str, Any] = {"encoder": emb.name, "all": differences(a, b),
                           "eval_style": compare([{}] * len(a), a, b)}
    # Questions with 'also' phrasings, and hints the candidate was shown (their words earn nothing).
    also = [it for it in items if any(k.also.en or k.also.fr for k in it[0].key_points)]
    res["answers_to_questions_with_also_phrasings"] = len(also)
    hinted = []
    for q, rub, text, lang in also:
        hints = [h.get(lang) for h in getattr(q, "hints", [])[:2]] or [q.key_points[0].text.get(lang)]
        hinted.append((ref.score(q, rub, text, lang, hints=hints), fast.score(q, rub, text, lang, hints=hints)))
    res["with_hints"] = differences([summary(x) for x, _ in hinted], [summary(y) for _, y in hinted])
    # The default path again on a new scorer, two answers at a time on two threads (references encoded
    # concurrently too): exactly the sequential scores.
    c = [summary(s) for s in score_all(OfflineScorer(embedder=emb), items, 2)]
    res["two_threads_vs_sequential"] = differences(b, c) | {"equal": c == b}
    res["same"] = res["all"]["same"] and res["with_hints"]["same"] and c == b
    return res


def score_all(sc: Any, items: list[tuple], workers: int) -> list[Any]:
    """Score every item, one ``score()`` per answer, on ``workers`` threads sharing the scorer."""
    if workers <= 1:
        return [sc.score(*it) for it in items]
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda it: sc.score(*it), items))


def speed(args: argparse.Namespace) -> dict:
    from interview_bot.scoring.embedder import limit_blas
    from interview_bot.scoring.offline import OfflineScorer
    from interview_bot.scoring.onnx_encoder import OnnxMiniLM

    limit_blas(1)  # as get_embedder() does
    rows = [r for r in load(args.answers) if args.min_words <= len(r["answer"].split()) <= args.max_words]
    bank, items = bank_items(rows)
    items = items[: args.n]
    words = statistics.mean(len(it[2].split()) for it in items)
    modes = args.modes.split(",")
    encoders: dict[tuple[str, int], Any] = {}

    def encoder(variant: str, threads: int) -> Any:
        if (variant, threads) not in encoders:
            encoders[variant, threads] = OnnxMiniLM(variant=variant, threads=threads)
        return encoders[variant, threads]

    spec = {"ref": (False, "fp32", 1, 1), "fast": (True, "fp32", 1, 1), "fast-int8": (True, "int8", 1, 1),
            "fast-t2": (True, "fp32", 2, 1), "fast-int8-t2": (True, "int8", 2, 1), "ref-int8": (False, "int8", 1, 1),
            "fast-2w": (True, "fp32", 1, 2), "fast-int8-2w": (True, "int8", 1, 2)}
    scorers = {}
    for m in modes:
        fast, variant, threads, _workers = spec[m]
        scorers[m] = OfflineScorer(embedder=encoder(variant, threads), fast=fast)
        for it in items:  # references encoded and baselines measured, as after each question's first turn
            scorers[m].score(*it)
    rate: dict[tuple[str, str], list[float]] = {(m, k): [] for m in modes for k in ("wall", "cpu")}
    against = [f"{m}@base" for m in modes] if args.against else []
    rate |= {(m, k): [] for m in against for k in ("wall", "cpu")}
    loads = []
    for rnd in range(args.rounds):
        order = modes[rnd % len(modes):] + modes[: rnd % len(modes)]
        loads.append(os.getloadavg()[0])
        if args.against and rnd % 2 == 0:  # the other code's modes first in even rounds, last in odd ones
            _run_against(args, modes, rate)
        for m in order:
            sc = scorers[m]
            sc._answers.clear()  # every answer new to the scorer
            w0, c0 = time.perf_counter(), time.process_time()  # process time: every thread's CPU
            score_all(sc, items, spec[m][3])
            w, c = time.perf_counter() - w0, time.process_time() - c0
            rate[m, "wall"].append(len(items) / w)
            rate[m, "cpu"].append(len(items) / c)
        if args.against and rnd % 2 == 1:
            _run_against(args, modes, rate)
        print(f"round {rnd + 1} load {loads[-1]:.2f}: " + ", ".join(
            f"{m} {rate[m, 'wall'][-1]:.1f} wall / {rate[m, 'cpu'][-1]:.1f} cpu" for m in modes + against), flush=True)
    modes += against
    base = modes[0]
    res: dict[str, Any] = {
        "answers": len(items), "mean_words": round(words, 1), "rounds": args.rounds, "baseline": base,
        "against": _describe(args.against) if args.against else None,
        "load_avg_1m_per_round": [round(x, 2) for x in loads], "cpu_count": os.cpu_count(), "modes": {},
    }
    for m in modes:
        res["modes"][m] = {
            k: {"answers_per_s": round(statistics.median(rate[m, k]), 1),
                f"x_{base}": round(statistics.median(x / y for x, y in zip(rate[m, k], rate[base, k], strict=True)), 2)}
            for k in ("wall", "cpu")
        }
    return res


def _run_against(args: argparse.Namespace, modes: list[str], rate: dict[tuple[str, str], list[float]]) -> None:
    """One round of the same modes on another checkout of the project (``--against DIR``: its own
    ``bench/scorer_speed.py`` and ``interview_bot``, run by this interpreter in a fresh process, on the
    same answers), in the same run as this code's rounds: a before/after comparison under the same load."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "against.json"
        cmd = [sys.executable, "-m", "bench.scorer_speed", "speed", "--answers", str(args.answers), "--n", str(args.n),
               "--rounds", "1", "--min-words", str(args.min_words), "--max-words", str(args.max_words),
               "--modes", ",".join(modes), "--json", str(out)]
        env = dict(os.environ, PYTHONPATH=str(args.against))  # its interview_bot before this editable install
        subprocess.run(cmd, cwd=args.against, env=env, check=True, stdout=subprocess.DEVNULL)
        got = json.loads(out.read_text(encoding="utf-8"))["modes"]
    for m in modes:
        for k in ("wall", "cpu"):
            rate[f"{m}@base", k].append(got[m][k]["answers_per_s"])


def _describe(tree: Path) -> str:
    head = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return f"{tree} at {head.stdout.strip()}" if head.returncode == 0 else str(tree)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=("check", "speed"))
    ap.add_argument("--answers", type=Path, default=DEV)
    ap.add_argument("--n", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--min-words", type=int, default=70)
    ap.add_argument("--max-words", type=int, default=130)
    ap.add_argument("--modes", default="ref,fast,fast-int8,fast-t2")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--against", type=Path, help="speed: also time these modes on another checkout "
                    "(e.g. a worktree of the previous commit), alternating with this code's, same answers")
    args = ap.parse_args()
    res = check(args) if args.what == "check" else speed(args)
    out = json.dumps(res, indent=1, ensure_ascii=False)
    print(out)
    if args.json:
        args.json.write_text(out + "\n", encoding="utf-8")
    if args.what == "check" and not res["same"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
