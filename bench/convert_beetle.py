"""Convert a public short-answer set (Beetle, SemEval-2013 Task 7) into a bank + labelled JSONL, mechanically.

Nothing is tuned here: each (question, reference answer) becomes one bank question whose key points
are the reference's sentences (weight 1, criterion ``accuracy``, French = English); each student
answer becomes one labelled line scored 1 (``label_2way`` correct) or 0, with its ``split`` and its
``label_5way`` as ``label``. The data stays outside the repository: pass its path.

    python -m bench.convert_beetle PATH/TO/beetle.jsonl /tmp/beetle
    interview-bot eval --bank /tmp/beetle/bank --answers /tmp/beetle/answers.jsonl \
        --fit-split train --pair correct,contradictory
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import yaml

SENTENCE = re.compile(r"[^.!?;]+[.!?;]*")


def key_points(reference: str) -> list[dict]:
    sentences = [s.strip() for s in SENTENCE.findall(reference) if len(s.strip()) > 2] or [reference.strip()]
    if len(sentences) == 1:  # the schema wants two key points: the same idea, split no further
        sentences = sentences * 2
    return [
        {"id": f"kp{i + 1}", "criterion": "accuracy", "weight": 1, "text": {"en": s, "fr": s}}
        for i, s in enumerate(sentences[:16])
    ]


def convert(rows: list[dict], out: Path) -> tuple[int, int]:
    refs: dict[tuple[str, str], str] = {}
    questions = []
    answers = []
    for r in rows:
        key = (r["qid"], r["reference_answer"])
        if key not in refs:
            qid = f"beetle.{r['qid'].lower().replace('_', '-')}-r{sum(1 for k in refs if k[0] == r['qid']) + 1}"
            refs[key] = qid
            questions.append({
                "id": qid, "topic": "beetle", "kind": "technical", "difficulty": 1,
                "text": {"en": r["question"], "fr": r["question"]}, "rubric": "technical",
                "key_points": key_points(r["reference_answer"]),
                "reference_answer": {"en": r["reference_answer"], "fr": r["reference_answer"]},
            })
        answers.append({
            "question_id": refs[key], "answer": r["student_answer"], "language": "en",
            "score": 1 if r["label_2way"] == "correct" else 0, "split": r["split"], "label": r["label_5way"],
        })
    (out / "bank").mkdir(parents=True, exist_ok=True)
    (out / "bank" / "beetle.yaml").write_text(yaml.safe_dump({"questions": questions}, allow_unicode=True), "utf-8")
    with (out / "answers.jsonl").open("w", encoding="utf-8") as f:
        for a in answers:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    return len(questions), len(answers)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path, help="beetle.jsonl")
    ap.add_argument("out", type=Path, help="output folder (bank/ and answers.jsonl)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.source.read_text("utf-8").splitlines() if line.strip()]
    nq, na = convert(rows, args.out)
    print(f"{nq} questions, {na} labelled answers -> {args.out}")


if __name__ == "__main__":
    main()
