"""Scorer encoder speed: numpy MiniLM vs onnxruntime fp32 vs onnxruntime int8, in the same run.

    python -m bench.encoder_speed [--answers FILE.jsonl ...] [--rounds 5] [--n 40] [--threads 1]
                                  [--profile MODE] [--json bench/results_encoder.json]

Answers: JSONL with question_id, answer and language (or lang); the default is the shipped labelled
sets (eval/*.jsonl). Only answers of 70–130 words are used (the "~100-word answer" of a turn).

Per round and per mode, in an order rotated every round (the machine is shared and noisy, so every
figure is compared with the numpy baseline measured in the same round, and the medians are reported).
Each rate is given twice: from wall-clock time, and from the CPU time of the measuring thread (all
the work runs in that thread with one BLAS / intra-op thread), which other processes on a busy
machine disturb far less: it is what one free core would give.
- encoder: ``encode_tokens_batch([answer])`` one answer at a time → answers/s;
- scorer: a fresh ``OfflineScorer`` on that encoder, its key-point cache warmed first (as after the
  first turn on a question), then ``score()`` one answer at a time → answers/s, and the share of that
  time spent inside the encoder.
Also the token-vector difference of each ONNX variant against numpy on the same answers, and with
``--profile MODE`` the scorer's functions that take the most time outside the encoder.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
MODES = ("numpy", "onnx-fp32", "onnx-int8")


class Clock:
    """Wall-clock and this thread's CPU time, read together."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.thread_time()

    def elapsed(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.thread_time() - self.cpu


class TimedEncoder:
    """Wraps an encoder and adds up the (wall, CPU) time spent in ``encode_tokens_batch``."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.wall = self.cpu = 0.0

    def encode_tokens_batch(self, texts: list[str]) -> list:
        c = Clock()
        try:
            return self.inner.encode_tokens_batch(texts)
        finally:
            w, u = c.elapsed()
            self.wall += w
            self.cpu += u

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def load_answers(paths: list[Path], lo: int, hi: int) -> list[dict]:
    out = []
    for p in paths:
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if lo <= len(r["answer"].split()) <= hi:
                out.append({"question_id": r["question_id"], "answer": r["answer"],
                            "lang": r.get("language") or r.get("lang") or "en"})
    return out


def make_encoder(mode: str, threads: int, cache: Path) -> Any:
    from interview_bot.scoring.embedder import MiniLM
    from interview_bot.scoring.onnx_encoder import OnnxMiniLM

    if mode == "numpy":
        return MiniLM(threads=threads)
    return OnnxMiniLM(variant=mode.removeprefix("onnx-"), threads=threads, cache=cache)


def vector_diff(ref: Any, enc: Any, texts: list[str]) -> dict:
    a = ref.encode_tokens_batch(texts)
    b = enc.encode_tokens_batch(texts)
    diffs, cos = [], []
    for x, y in zip(a, b, strict=True):
        assert x.tokens == y.tokens and x.offsets == y.offsets and x.word_start == y.word_start
        diffs.append(np.abs(x.vectors - y.vectors).ravel())
        cos.append((x.vectors * y.vectors).sum(1))
    d, c = np.concatenate(diffs), np.concatenate(cos)
    return {"max_abs_diff": float(d.max()), "mean_abs_diff": float(d.mean()),
            "min_cosine": float(c.min()), "mean_cosine": float(c.mean()), "tokens": int(c.size)}


def run(args: argparse.Namespace) -> dict:
    from interview_bot.bank import current_bank
    from interview_bot.config import Settings
    from interview_bot.scoring.embedder import limit_blas
    from interview_bot.scoring.offline import OfflineScorer

    if not args.no_blas_limit:
        limit_blas(args.threads)  # as get_embedder() does for the product
    paths = args.answers or sorted((ROOT / "eval").glob("labelled_*.jsonl"))
    bank = current_bank(Settings(data_dir=Path(tempfile.gettempdir()) / "ib-bench"))
    answers = [a for a in load_answers(paths, args.min_words, args.max_words) if a["question_id"] in bank.questions]
    answers = answers[: args.n]
    if not answers:
        raise SystemExit("no answers of that length with a known question_id")
    items = [(bank.questions[a["question_id"]], bank.rubric_for(bank.questions[a["question_id"]]), a["answer"],
              a["lang"]) for a in answers]
    warm = {q.id: (q, r, "warm up", lang) for q, r, _, lang in items}
    texts = [a["answer"] for a in answers]
    words = statistics.mean(len(t.split()) for t in texts)

    load0 = os.getloadavg()[0]
    cache = Path(args.cache) if args.cache else Path(tempfile.mkdtemp(prefix="ib-encoder-"))
    t0 = time.perf_counter()
    encoders = {m: make_encoder(m, args.threads, cache) for m in MODES}
    load_s = time.perf_counter() - t0

    kinds = ("wall", "cpu")
    enc_rate = {(m, k): [] for m in MODES for k in kinds}  # type: dict[tuple[str, str], list[float]]
    sc_rate = {(m, k): [] for m in MODES for k in kinds}  # type: dict[tuple[str, str], list[float]]
    share = {(m, k): [] for m in MODES for k in kinds}  # type: dict[tuple[str, str], list[float]]
    for rnd in range(args.rounds):
        order = MODES[rnd % len(MODES):] + MODES[: rnd % len(MODES)]
        for m in order:
            enc = encoders[m]
            c = Clock()
            for t in texts:
                enc.encode_tokens_batch([t])
            for k, dt in zip(kinds, c.elapsed(), strict=True):
                enc_rate[m, k].append(len(texts) / dt)

            timed = TimedEncoder(enc)
            sc = OfflineScorer(embedder=timed)
            sc.score_many(list(warm.values()))  # key points encoded, as after a question's first turn
            timed.wall = timed.cpu = 0.0
            c = Clock()
            for it in items:
                sc.score(*it)
            for k, dt, inside in zip(kinds, c.elapsed(), (timed.wall, timed.cpu), strict=True):
                sc_rate[m, k].append(len(items) / dt)
                share[m, k].append(inside / dt)
        print(f"round {rnd + 1} (CPU time): " + ", ".join(
            f"{m} {enc_rate[m, 'cpu'][-1]:.1f}/{sc_rate[m, 'cpu'][-1]:.1f}" for m in MODES),
            "(encoder/scorer answers/s)", flush=True)

    def med(d: dict[tuple[str, str], list[float]], m: str, k: str) -> float:
        return statistics.median(d[m, k])

    def ratio(d: dict[tuple[str, str], list[float]], m: str, k: str) -> float:
        return statistics.median(x / y for x, y in zip(d[m, k], d["numpy", k], strict=True))

    res: dict[str, Any] = {
        "machine": {"cpu_count": os.cpu_count(), "load_avg_1m_at_start": load0,
                    "load_avg_1m_at_end": os.getloadavg()[0], "python": platform.python_version()},
        "answers": len(texts), "mean_words": round(words, 1), "rounds": args.rounds, "threads": args.threads,
        "blas_limited": not args.no_blas_limit,
        "load_s_all_three": round(load_s, 1),
        "modes": {},
    }
    for m in MODES:
        row: dict[str, Any] = {}
        for k in kinds:
            row[k] = {
                "encoder_answers_per_s": round(med(enc_rate, m, k), 1),
                "scorer_answers_per_s": round(med(sc_rate, m, k), 1),
                "encoder_speedup_vs_numpy": round(ratio(enc_rate, m, k), 2),
                "scorer_speedup_vs_numpy": round(ratio(sc_rate, m, k), 2),
                "encoder_share_of_scorer_time": round(med(share, m, k), 3),
                "scorer_ms_per_answer_outside_encoder": round(statistics.median(
                    (1 - s) / r * 1000 for s, r in zip(share[m, k], sc_rate[m, k], strict=True)), 1),
            }
        if m != "numpy":
            row["vs_numpy"] = vector_diff(encoders["numpy"], encoders[m], texts)
        res["modes"][m] = row
    if args.profile:
        res["profile"] = profile(encoders[args.profile], items, warm, args.top)
    return res


def profile(enc: Any, items: list, warm: dict, top: int) -> list[dict]:
    from interview_bot.scoring.offline import OfflineScorer

    sc = OfflineScorer(embedder=enc)
    sc.score_many(list(warm.values()))
    prof = cProfile.Profile(time.thread_time)  # CPU time: less disturbed by other processes
    prof.enable()
    for it in items:
        sc.score(*it)
    prof.disable()
    stats = pstats.Stats(prof)
    rows = []
    for (file, line, fn), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "interview_bot" in file:
            rows.append({"function": f"{Path(file).name}:{line}:{fn}", "calls": nc,
                         "cumulative_cpu_ms_per_answer": round(ct / len(items) * 1000, 2),
                         "own_cpu_ms_per_answer": round(tt / len(items) * 1000, 2)})
    rows.sort(key=lambda r: -r["cumulative_cpu_ms_per_answer"])
    return rows[:top]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--answers", type=Path, action="append")
    ap.add_argument("--min-words", type=int, default=70)
    ap.add_argument("--max-words", type=int, default=130)
    ap.add_argument("--n", type=int, default=40, help="answers per round")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1, help="threads per forward pass (BLAS / intra-op)")
    ap.add_argument("--no-blas-limit", action="store_true", help="leave numpy's BLAS threads at their default")
    ap.add_argument("--cache", help="ONNX cache folder (default: a new temporary one, so the build is timed too)")
    ap.add_argument("--profile", choices=MODES, help="also profile the scorer with this encoder")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args()
    res = run(args)
    text = json.dumps(res, indent=1, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
