"""Measure the turn reader on a labelled set (``eval/turns/*.jsonl``).

Reported: accuracy overall, per language and per kind × language (the reader's most probable kind);
what the recruiter does with it — a genuine answer acted on as a request (not scored, not asked), a
non-answer scored without asking, and how many messages were asked about ("shall I take that as
your answer?"); and the reading time per message.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from .reader import read_turn
from .turns import TURN_KINDS, Awaiting, TurnKind


class LabelledTurn(BaseModel):
    lang: str
    kind: TurnKind
    text: str
    awaiting: Awaiting | None = None
    question: str | None = None  # the open question, when the set gives it


class TurnEval(BaseModel):
    name: str
    n: int
    accuracy: float
    accuracy_by_lang: dict[str, float] = {}
    per_kind: dict[str, tuple[int, int]]  # kind → (correct, total)
    per_kind_lang: dict[str, dict[str, tuple[int, int]]] = {}  # kind → lang → (correct, total)
    answer_precision: float
    answers_misread: float  # share of genuine answers read as something else
    answers_acted_on_as_other: int = 0  # … and acted on without asking: not scored
    non_answers_scored: int  # non-answers read as answers
    non_answers_scored_unasked: int = 0  # … and scored without asking
    asked: int = 0  # messages the recruiter asked about
    n_answers: int = 0
    p95_ms: float
    errors: list[tuple[str, str, str]]  # (text, expected, got)


def load_turns(path: Path) -> list[LabelledTurn]:
    rows: list[LabelledTurn] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError("error.cannot_read_turns", path=path, reason=exc.strerror) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rows.append(LabelledTurn.model_validate_json(line))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InputError("error.bad_line", where=f"{path}:{n}", field=first["loc"], problem=first["msg"]) from None
    if not rows:
        raise InputError("error.no_labelled_turn", path=path)
    return rows


def evaluate_turns(rows: list[LabelledTurn], name: str = "") -> TurnEval:
    correct: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    times: list[float] = []
    errors: list[tuple[str, str, str]] = []
    read_as_answer = true_answer_read = unasked_scored = acted_on = asked = 0
    read_turn("warm up", None, "What is an embedding?")  # model loading is not reading time
    for r in rows:
        t0 = time.perf_counter()
        got = read_turn(r.text, r.awaiting, r.question or "")
        times.append(1000 * (time.perf_counter() - t0))
        total[(r.kind, r.lang)] += 1
        asked += got.unsure
        if got.kind == r.kind:
            correct[(r.kind, r.lang)] += 1
        else:
            errors.append((r.text, r.kind, got.kind + (" (asked)" if got.unsure else "")))
            if r.kind == "answer" and not got.unsure:
                acted_on += 1
        if got.kind == "answer":
            read_as_answer += 1
            true_answer_read += r.kind == "answer"
            unasked_scored += r.kind != "answer" and not got.unsure
    times.sort()
    kinds = [k for k in TURN_KINDS if any(total[(k, lg)] for lg in ("en", "fr"))]
    langs = sorted({r.lang for r in rows})
    n_answers = sum(total[("answer", lg)] for lg in langs)
    ok_answers = sum(correct[("answer", lg)] for lg in langs)
    return TurnEval(
        name=name,
        n=len(rows),
        accuracy=round(sum(correct.values()) / len(rows), 4),
        accuracy_by_lang={lg: round(sum(v for (k, g), v in correct.items() if g == lg)
                                    / sum(v for (k, g), v in total.items() if g == lg), 4) for lg in langs},
        per_kind={k: (sum(correct[(k, lg)] for lg in langs), sum(total[(k, lg)] for lg in langs)) for k in kinds},
        per_kind_lang={k: {lg: (correct[(k, lg)], total[(k, lg)]) for lg in langs} for k in kinds},
        answer_precision=round(true_answer_read / read_as_answer, 4) if read_as_answer else 1.0,
        answers_misread=round(1 - ok_answers / n_answers, 4) if n_answers else 0.0,
        answers_acted_on_as_other=acted_on,
        non_answers_scored=read_as_answer - true_answer_read,
        non_answers_scored_unasked=unasked_scored,
        asked=asked,
        n_answers=n_answers,
        p95_ms=round(times[int(0.95 * (len(times) - 1))], 3),
        errors=errors,
    )


def format_eval(e: TurnEval) -> str:
    n_non = e.n - e.n_answers
    langs = " · ".join(f"{lg.upper()} {100 * a:.1f} %" for lg, a in e.accuracy_by_lang.items())
    lines = [
        f"{e.name}: {e.n} turns · read right {100 * e.accuracy:.1f} % ({langs}) · answers acted on as "
        f"requests {e.answers_acted_on_as_other}/{e.n_answers} · non-answers scored without asking "
        f"{e.non_answers_scored_unasked}/{n_non} · asked {e.asked} · read p95 {e.p95_ms:.2f} ms"
    ]
    for k, by in e.per_kind_lang.items():
        cells = "  ".join(f"{lg} {ok:>3}/{tot:<3}" for lg, (ok, tot) in by.items())
        ok, tot = e.per_kind[k]
        lines.append(f"  {k:<19} {cells}  {100 * ok / tot:5.1f} %")
    for text, want, got in e.errors:
        lines.append(f"  ✗ {want} read as {got}: {text}")
    return "\n".join(lines)


def to_json(evals: list[TurnEval]) -> str:
    return json.dumps([e.model_dump() for e in evals], ensure_ascii=False, indent=2)
