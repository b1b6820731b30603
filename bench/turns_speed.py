"""Time the learned turn reader per message (offline, one thread), on the project's labelled turns.

    python -m bench.turns_speed [--repeat 3]

Prints p50 / p95 / max of wall-clock and CPU time per message (model loading excluded), with the
machine's load average, since the machines this runs on are shared: over every message, and apart for
the role questions (read, then routed to a section of the role profile by a second, six-layer pass)
and the rest (read only).
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

from interview_bot.interview.reader import read_turn
from interview_bot.interview.turns_eval import load_turns

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "What is retrieval-augmented generation, and what are the steps of a basic RAG pipeline?"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    rows = [r for name in ("train", "test", "test3", "train-v4")
            for r in load_turns(ROOT / "eval" / "turns" / f"{name}.jsonl")]
    long = "RAG retrieves passages and puts them in the prompt. " * 150
    texts = [r.text for r in rows] + [long]
    read_turn("warm up", None, QUESTION)
    wall, cpu, routed = [], [], []
    for _ in range(args.repeat):
        for text in texts:
            w0, c0 = time.perf_counter(), time.process_time()
            kind = read_turn(text, None, QUESTION).kind
            wall.append(1000 * (time.perf_counter() - w0))
            cpu.append(1000 * (time.process_time() - c0))
            routed.append(kind == "candidate_question")
    load = os.getloadavg()
    r = np.array(routed)
    for part, m in (("all messages", np.ones_like(r)), ("read only", ~r), ("role questions (read + routed)", r)):
        print(f"{part} ({int(m.sum())}):")
        for name, xs in (("wall", np.array(wall)[m]), ("cpu", np.array(cpu)[m])):
            print(f"  {name}: p50 {np.percentile(xs, 50):.2f} ms · p95 {np.percentile(xs, 95):.2f} ms · "
                  f"max {xs.max():.2f} ms")
    print(f"{len(texts)} messages × {args.repeat}; load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
          f"on {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
