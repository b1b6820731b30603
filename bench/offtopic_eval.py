"""Held-out evaluation of the off-topic check (``interview_bot/interview/offtopic.py``).

    python -m bench.offtopic_eval PATH/TO/interview-answers/dev.jsonl [--part tune|held] [--sweep] [--json FILE]

From the graded development answers (kept outside the repository) it builds two kinds of pairs:

* **off-topic**: a long answer (≥ 60 words) to question A, shown as the answer to a question B of a
  related topic — the two questions of the same part whose English wording is closest to A's
  (MiniLM sentence embeddings), whatever A's level;
* **genuine**: every answer to its own question, every level (vague, weak, wrong mechanism included).

The split is fixed by question: ``crc32(question_id) % 2`` (0 = ``tune``, 1 = ``held``). A pair belongs to
the part of the question it is shown under, and A and B are always in the same part, so the held part's
answers and questions are never seen while tuning. The thresholds were tuned on ``tune`` (``--sweep``),
then ``held`` was run once.

Every pair is scored by the offline scorer (cached under ``--cache``), then read by the product's own
``offtopic.off_topic``. Reported per part and language: the share of off-topic pairs named off-topic,
and the share of genuine answers wrongly named off-topic (it must stay at 0).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import zlib
from pathlib import Path

import numpy as np

from interview_bot.bank.loader import Bank, load_bank
from interview_bot.config import shipped_dir
from interview_bot.interview import offtopic as OT
from interview_bot.scoring.models import AnswerScore

PARTS = {"tune": 0, "held": 1}
NEIGHBOURS = 2


def part_of(question_id: str) -> int:
    return zlib.crc32(question_id.encode()) % 2


def build_pairs(rows: list[dict], bank: Bank) -> list[dict]:
    qids = sorted({r["question_id"] for r in rows})
    qv = {q: OT._vector(bank.questions[q].text.en) for q in qids}
    near = {}
    for q in qids:
        others = sorted((o for o in qids if o != q and part_of(o) == part_of(q)), key=lambda o: -float(qv[q] @ qv[o]))
        near[q] = others[:NEIGHBOURS]
    pairs = []
    for r in rows:
        base = {"own": r["question_id"], "lang": r["lang"], "level": r["level"], "answer": r["answer"]}
        pairs.append({**base, "kind": "genuine", "shown": r["question_id"], "part": part_of(r["question_id"])})
        if len(r["answer"].split()) >= OT.MIN_WORDS:
            pairs += [{**base, "kind": "offtopic", "shown": b, "part": part_of(b)} for b in near[r["question_id"]]]
    return pairs


def score_pairs(pairs: list[dict], bank: Bank, cache: Path) -> list[AnswerScore]:
    """The offline scorer's result for each pair (cached by question, language and answer)."""
    from interview_bot.scoring.offline import OfflineScorer

    def key(p: dict) -> str:
        return hashlib.sha256(f"{p['shown']}\0{p['lang']}\0{p['answer']}".encode()).hexdigest()

    cache.mkdir(parents=True, exist_ok=True)
    file = cache / "offtopic_scores.jsonl"
    known = {}
    if file.exists():
        for line in file.read_text(encoding="utf-8").splitlines():
            k, s = json.loads(line)
            known[k] = s
    todo = [p for p in pairs if key(p) not in known]
    if todo:
        scorer = OfflineScorer()
        with file.open("a", encoding="utf-8") as f:
            for i in range(0, len(todo), 16):
                chunk = todo[i:i + 16]
                items = [(bank.questions[p["shown"]], bank.rubric_for(bank.questions[p["shown"]]), p["answer"], p["lang"])
                         for p in chunk]
                for p, s in zip(chunk, scorer.score_many(items), strict=True):
                    known[key(p)] = s.model_dump(mode="json")
                    f.write(json.dumps([key(p), known[key(p)]]) + "\n")
                print(f"  scored {min(i + 16, len(todo))}/{len(todo)}", flush=True)
    return [AnswerScore.model_validate(known[key(p)]) for p in pairs]


def report(pairs: list[dict], named: list[bool]) -> dict:
    out: dict = {}
    for lang in ("en", "fr", "all"):
        sel = [(p, n) for p, n in zip(pairs, named, strict=True) if lang in ("all", p["lang"])]
        off = [n for p, n in sel if p["kind"] == "offtopic"]
        gen = [(p, n) for p, n in sel if p["kind"] == "genuine"]
        out[lang] = {
            "offtopic_named": [sum(off), len(off)],
            "genuine_named": [sum(n for _, n in gen), len(gen)],
            "genuine_long_named": [sum(n for p, n in gen if len(p["answer"].split()) >= OT.MIN_WORDS),
                                   sum(1 for p, _ in gen if len(p["answer"].split()) >= OT.MIN_WORDS)],
        }
    out["genuine_named_levels"] = sorted(p["level"] for p, n in zip(pairs, named, strict=True)
                                         if n and p["kind"] == "genuine")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="interview-answers/dev.jsonl (kept outside the repository)")
    ap.add_argument("--part", choices=tuple(PARTS), default="tune")
    ap.add_argument("--sweep", action="store_true", help="print the thresholds' trade-off on this part")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "interview_bot_offtopic")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)

    rows = [json.loads(x) for x in args.data.read_text(encoding="utf-8").splitlines() if x.strip()]
    bank = load_bank([shipped_dir("rubrics"), shipped_dir("question_bank")])
    pairs = [p for p in build_pairs(rows, bank) if p["part"] == PARTS[args.part]]
    print(f"{args.part}: {sum(p['kind'] == 'offtopic' for p in pairs)} off-topic pairs, "
          f"{sum(p['kind'] == 'genuine' for p in pairs)} genuine answers", flush=True)
    scores = score_pairs(pairs, bank, args.cache)
    questions = list(bank.questions.values())
    named = []
    evs: list[OT.TopicEvidence | None] = []
    for p, s in zip(pairs, scores, strict=True):
        q = bank.questions[p["shown"]]
        named.append(OT.off_topic(p["answer"], q.text.get(p["lang"]), q, p["lang"], s, questions))
        gated = len(p["answer"].split()) >= OT.MIN_WORDS and s.overall is not None
        evs.append(OT.evidence(p["answer"], q.text.get(p["lang"]), q, p["lang"], s, questions)
                   if args.sweep and gated else None)
    res = report(pairs, named)
    res["thresholds"] = {"min_words": OT.MIN_WORDS, "max_score": OT.MAX_SCORE, "max_covered": OT.MAX_COVERED,
                         "margin": OT.MARGIN, "cosine": OT.COSINE}
    for lang in ("en", "fr", "all"):
        r = res[lang]
        (a, n), (b, m), (c, k) = r["offtopic_named"], r["genuine_named"], r["genuine_long_named"]
        print(f"{args.part} {lang:>3}: off-topic named {a}/{n} ({100 * a / max(n, 1):.1f} %) · genuine named "
              f"off-topic {b}/{m} ({100 * b / max(m, 1):.1f} %; long answers {c}/{k})")
    if res["genuine_named_levels"]:
        print("genuine answers named off-topic, by level:", res["genuine_named_levels"])
    if args.sweep:
        sweep(pairs, evs)
    if args.json:
        args.json.write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    return 0


def sweep(pairs: list[dict], evs: list[OT.TopicEvidence | None]) -> None:
    """Named off-topic / genuine named for a grid of thresholds (the shipped ones are marked)."""
    for max_score in (5.0, 10.0, 15.0):
        for max_covered in (0, 1):
            for margin in np.arange(0.08, 0.205, 0.02):
                got = [e is not None and OT.decide(e, float(margin), max_score, max_covered) for e in evs]
                off = sum(g for p, g in zip(pairs, got, strict=True) if p["kind"] == "offtopic")
                gen = sum(g for p, g in zip(pairs, got, strict=True) if p["kind"] == "genuine")
                mark = " *" if (max_score, max_covered, round(float(margin), 2)) == (
                    OT.MAX_SCORE, OT.MAX_COVERED, OT.MARGIN) else ""
                print(f"  score < {max_score:g}, covered ≤ {max_covered}, margin ≥ {margin:.2f}: "
                      f"off-topic named {off}, genuine named {gen}{mark}")


if __name__ == "__main__":
    raise SystemExit(main())
