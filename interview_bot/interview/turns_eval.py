"""Measure the turn classifier on a labelled set (``eval/turns/*.jsonl``).

Reported: accuracy overall and per kind, precision on ``answer`` (of the messages read as answers,
how many were answers: a non-answer read as an answer gets scored), genuine answers misread as
non-answers (the candidate's answer is not scored), and the classification time per message.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from .turns import TURN_KINDS, Awaiting, TurnKind, classify


class LabelledTurn(BaseModel):
    lang: str
    kind: TurnKind
    text: str
    awaiting: Awaiting | None = None


class TurnEval(BaseModel):
    name: str
    n: int
    accuracy: float
    per_kind: dict[str, tuple[int, int]]  # kind → (correct, total)
    answer_precision: float
    answers_misread: float  # share of genuine answers read as something else
    non_answers_scored: int  # non-answers read as answers
    p95_ms: float
    errors: list[tuple[str, str, str]]  # (text, expected, got)


def load_turns(path: Path) -> list[LabelledTurn]:
    rows: list[LabelledTurn] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"Cannot read labelled turns {path}: {exc.strerror}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(LabelledTurn.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InputError(f"{path}:{n}: {first['loc']}: {first['msg']}") from None
    if not rows:
        raise InputError(f"{path} holds no labelled turn.")
    return rows


def evaluate_turns(rows: list[LabelledTurn], name: str = "") -> TurnEval:
    correct: Counter[str] = Counter()
    total: Counter[str] = Counter()
    times: list[float] = []
    errors: list[tuple[str, str, str]] = []
    read_as_answer = true_answer_read = 0
    for r in rows:
        t0 = time.perf_counter()
        got = classify(r.text, r.awaiting).kind
        times.append(1000 * (time.perf_counter() - t0))
        total[r.kind] += 1
        if got == r.kind:
            correct[r.kind] += 1
        else:
            errors.append((r.text, r.kind, got))
        if got == "answer":
            read_as_answer += 1
            true_answer_read += r.kind == "answer"
    times.sort()
    n_answers = total["answer"]
    return TurnEval(
        name=name,
        n=len(rows),
        accuracy=round(sum(correct.values()) / len(rows), 4),
        per_kind={k: (correct[k], total[k]) for k in TURN_KINDS if total[k]},
        answer_precision=round(true_answer_read / read_as_answer, 4) if read_as_answer else 1.0,
        answers_misread=round(1 - correct["answer"] / n_answers, 4) if n_answers else 0.0,
        non_answers_scored=read_as_answer - true_answer_read,
        p95_ms=round(times[int(0.95 * (len(times) - 1))], 3),
        errors=errors,
    )


def format_eval(e: TurnEval) -> str:
    lines = [
        f"{e.name}: {e.n} turns · accuracy {100 * e.accuracy:.1f} % · answer precision "
        f"{100 * e.answer_precision:.1f} % · answers misread {100 * e.answers_misread:.1f} % · "
        f"non-answers scored {e.non_answers_scored} · classify p95 {e.p95_ms:.2f} ms"
    ]
    for k, (ok, tot) in e.per_kind.items():
        lines.append(f"  {k:<19} {ok:>3}/{tot:<3} {100 * ok / tot:5.1f} %")
    for text, want, got in e.errors:
        lines.append(f"  ✗ {want} read as {got}: {text}")
    return "\n".join(lines)


def to_json(evals: list[TurnEval]) -> str:
    return json.dumps([e.model_dump() for e in evals], ensure_ascii=False, indent=2)
