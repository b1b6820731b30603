"""``interview-bot bank validate|list|stats|add|schema``."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ..config import Settings, shipped_dir
from ..errors import InputError
from ..i18n.typography import french_typography
from . import current_bank, shipped_paths
from .loader import load_bank
from .schema import QUESTION_TYPES, QuestionFile, RubricFile

SCHEMAS: dict[str, type[BaseModel]] = {"question_file.schema.json": QuestionFile, "rubric_file.schema.json": RubricFile}


def schema_texts() -> dict[str, str]:
    return {name: json.dumps(model.model_json_schema(by_alias=True), indent=2, ensure_ascii=False) + "\n"
            for name, model in SCHEMAS.items()}


def add_parsers(sub: Any, common: Callable[[argparse.ArgumentParser], None]) -> None:
    v = sub.add_parser("validate", help="check YAML files; one 'file:line: message' per problem")
    v.add_argument("paths", nargs="*", type=Path, help="files or folders (default: shipped bank + user dirs)")
    common(v)

    ls = sub.add_parser("list", help="list questions")
    ls.add_argument("--topic", action="append", help="filter by topic (repeatable)")
    ls.add_argument("--difficulty", type=int, choices=[1, 2, 3])
    ls.add_argument("--kind", choices=["technical", "behavioral"])
    ls.add_argument("--lang", choices=["fr", "en"], default="en", help="language of the text column")
    ls.add_argument("--json", action="store_true")
    common(ls)

    st = sub.add_parser("stats", help="counts per topic × difficulty × language, and per question type")
    st.add_argument("--json", action="store_true")
    common(st)

    sc = sub.add_parser("schema", help="print or write the JSON Schemas editors use")
    g = sc.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true", help="write schemas/*.json")
    g.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are stale")
    common(sc)

    a = sub.add_parser("add", help="add a question to your user bank (prompts for what flags omit)")
    a.add_argument("--id", help="e.g. rag.my-question (default: derived from the topic and English text)")
    a.add_argument("--topic")
    a.add_argument("--difficulty", type=int, choices=[1, 2, 3])
    a.add_argument("--kind", choices=["technical", "behavioral"], default=None)
    a.add_argument("--rubric", help="shared rubric id (default: technical, or behavioral_star)")
    a.add_argument("--text-en")
    a.add_argument("--text-fr")
    a.add_argument("--key-point", action="append", metavar="CRITERION:EN|FR",
                   help="a key point, e.g. 'accuracy:LoRA freezes the base|LoRA gèle la base' (repeatable)")
    a.add_argument("--probe", action="append", metavar="CRITERION:EN|FR", help="a follow-up probe (repeatable)")
    a.add_argument("--reference-en")
    a.add_argument("--reference-fr")
    a.add_argument("--dir", type=Path, help="user bank directory (default: settings user_bank_dir or data/bank)")
    a.add_argument("--yes", action="store_true", help="never prompt; fail on anything missing")
    common(a)


def run(args: argparse.Namespace, settings: Settings) -> int:
    commands: dict[str, Callable[[argparse.Namespace, Settings], int]] = {
        "validate": _validate,
        "list": _list,
        "stats": _stats,
        "schema": _schema,
        "add": _add,
    }
    return commands[args.bank_command](args, settings)


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    if args.paths:
        # Shipped rubrics are always available for references; the given paths are what is checked.
        bank = load_bank([shipped_dir("rubrics"), *args.paths], lint=True)
    else:
        bank = load_bank(shipped_paths(), override_paths=settings.all_user_bank_dirs, lint=True)
    for p in bank.problems:
        print(p, file=sys.stderr if p.severity == "error" else sys.stdout)
    n_err = len(bank.errors)
    n_warn = len(bank.problems) - n_err
    summary = f"{len(bank.questions)} questions, {len(bank.rubrics)} rubrics, {n_err} error(s), {n_warn} warning(s)"
    print(summary, file=sys.stderr if n_err else sys.stdout)
    return 1 if n_err else 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    bank = current_bank(settings)
    topics = set(args.topic or [])
    unknown = topics - set(bank.topics)
    if unknown:
        raise InputError("error.unknown_topics", unknown=", ".join(sorted(unknown)), valid=", ".join(bank.topics))
    rows: list[dict[str, Any]] = []
    for q in sorted(bank.questions.values(), key=lambda q: (q.topic, q.difficulty, q.id)):
        if topics and q.topic not in topics:
            continue
        if args.difficulty and q.difficulty != args.difficulty:
            continue
        if args.kind and q.kind != args.kind:
            continue
        rows.append({
            "id": q.id, "topic": q.topic, "kind": q.kind, "difficulty": q.difficulty,
            "languages": ["fr", "en"], "rubric": q.rubric_id, "key_points": len(q.key_points),
            "probes": len(q.probes), "source": bank.origin.get(q.id, ""), "text": q.text.get(args.lang),
        })
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for r in rows:
            print(f"{r['id']:<48} {r['topic']:<26} d{r['difficulty']}  {r['text'][:80]}")
        print(f"{len(rows)} question(s)")
    return 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    bank = current_bank(settings)
    counts: Counter[tuple[str, int, str]] = Counter()
    types: Counter[str] = Counter()
    for q in bank.questions.values():
        for lang in ("fr", "en"):
            counts[(q.topic, q.difficulty, lang)] += 1
        types.update(q.types or ["spoken"])
    if args.json:
        print(json.dumps({
            "cells": [{"topic": t, "difficulty": d, "language": lg, "count": c}
                      for (t, d, lg), c in sorted(counts.items())],
            "types": {k: types[k] for k in (*QUESTION_TYPES, "spoken")},
            "questions": len(bank.questions),
            "topics": len(bank.topics),
        }, indent=2))
        return 0
    print(f"{'topic':<26} {'d1 fr/en':>9} {'d2 fr/en':>9} {'d3 fr/en':>9} {'total':>6}")
    for t in bank.topics:
        cells = [f"{counts[(t, d, 'fr')]}/{counts[(t, d, 'en')]}" for d in (1, 2, 3)]
        total = sum(counts[(t, d, 'en')] for d in (1, 2, 3))
        print(f"{t:<26} {cells[0]:>9} {cells[1]:>9} {cells[2]:>9} {total:>6}")
    print(f"{len(bank.questions)} questions in {len(bank.topics)} topics")
    print()
    print(f"{'question type':<26} {'count':>6}")
    for k in (*QUESTION_TYPES, "spoken"):
        print(f"{k:<26} {types[k]:>6}")
    print("(a question carries a type as a tag; 'spoken' counts questions with none)")
    return 0


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    out_dir = shipped_dir("schemas")
    texts = schema_texts()
    if args.write:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, text in texts.items():
            (out_dir / name).write_text(text, encoding="utf-8")
            print(out_dir / name)
        return 0
    if args.check:
        stale = [n for n, t in texts.items()
                 if not (out_dir / n).exists() or (out_dir / n).read_text(encoding="utf-8") != t]
        for n in stale:
            print(f"{out_dir / n}: stale; run: interview-bot bank schema --write", file=sys.stderr)
        return 1 if stale else 0
    print(texts["question_file.schema.json"])
    return 0


# ---- bank add ---------------------------------------------------------------------------------


def _ask(label: str, current: str | None, yes: bool, required: bool = True, flag: str = "") -> str:
    if current:
        return current
    if yes or not sys.stdin.isatty():
        if required:
            name = flag or label.split(" ")[0]
            raise InputError("error.missing_flag", name=name, label=label)
        return ""
    while True:
        val = input(f"{label}: ").strip()
        if val or not required:
            return val
        print("  (required)")


def _pairs(items: list[str] | None, what: str) -> list[tuple[str, str, str]]:
    out = []
    for raw in items or []:
        m = re.match(r"^\s*([a-z0-9_.-]+)\s*:\s*(.+?)\s*\|\s*(.+?)\s*$", raw, re.S)
        if not m:
            raise InputError("error.bad_pair", what=what, value=raw)
        out.append((m.group(1), m.group(2), m.group(3)))
    return out


def _ask_pairs(title: str, crit_ids: list[str], yes: bool) -> list[tuple[str, str, str]]:
    """Prompt for (criterion, English, French) entries until an empty criterion; none without a terminal."""
    out: list[tuple[str, str, str]] = []
    if yes or not sys.stdin.isatty():
        return out
    print(f"{title}. Criteria: {', '.join(crit_ids)}. Empty criterion to stop.")
    while c := input("  criterion: ").strip():
        out.append((c, _ask("    English", None, False), _ask("    French", None, False)))
    return out


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return "-".join(s.split("-")[:6]) or "question"


def _add(args: argparse.Namespace, settings: Settings) -> int:
    yes = args.yes
    bank = current_bank(settings)
    topic = _ask("topic", args.topic, yes, flag="topic")
    if not re.match(r"^[a-z0-9][a-z0-9_.-]{1,79}$", topic):
        raise InputError("error.bad_topic_id", topic=topic)
    kind = args.kind or ("behavioral" if topic == "behavioral" else "technical")
    rubric = args.rubric or ("behavioral_star" if kind == "behavioral" else "technical")
    if rubric not in bank.rubrics:
        raise InputError("error.unknown_rubric", rubric=rubric, known=", ".join(sorted(bank.rubrics)))
    crit_ids = [c.id for c in bank.rubrics[rubric].criteria]
    raw_difficulty = args.difficulty or _ask("difficulty (1-3)", None, yes, flag="difficulty")
    if str(raw_difficulty).strip() not in ("1", "2", "3"):
        raise InputError("error.bad_difficulty", value=raw_difficulty)
    difficulty = int(raw_difficulty)
    text_en = _ask("question text (English)", args.text_en, yes, flag="text-en")
    text_fr = _ask("question text (French)", args.text_fr, yes, flag="text-fr")
    kps = _pairs(args.key_point, "key-point") or _ask_pairs("Key points (at least 2)", crit_ids, yes)
    probes = _pairs(args.probe, "probe") or _ask_pairs("Follow-up probes (optional)", crit_ids, yes)
    ref_en = _ask("reference answer (English)", args.reference_en, yes, flag="reference-en")
    ref_fr = _ask("reference answer (French)", args.reference_fr, yes, flag="reference-fr")
    # French typography (no-break spaces before : ; ? ! and inside « », thousands) set for the author.
    text_fr, ref_fr = french_typography(text_fr), french_typography(ref_fr)
    kps = [(c, en, french_typography(fr)) for c, en, fr in kps]
    probes = [(c, en, french_typography(fr)) for c, en, fr in probes]
    qid = args.id or f"{topic}.{_slug(text_en)}"
    if qid in bank.questions:
        raise InputError("error.question_exists", qid=qid, origin=bank.origin.get(qid))
    entry = {
        "id": qid, "topic": topic, "kind": kind, "difficulty": difficulty,
        "text": {"en": text_en, "fr": text_fr}, "rubric": rubric,
        "key_points": [
            {"id": f"kp{i + 1}", "criterion": c, "weight": 1, "text": {"en": en, "fr": fr}}
            for i, (c, en, fr) in enumerate(kps)
        ],
        "probes": [{"criterion": c, "text": {"en": en, "fr": fr}} for c, en, fr in probes],
        "reference_answer": {"en": ref_en, "fr": ref_fr},
    }
    from pydantic import ValidationError

    from .loader import _humanize
    from .schema import Question

    try:
        Question.model_validate(entry)
    except ValidationError as exc:
        raise InputError("error.question_invalid", problems="\n".join(_humanize(e) for e in exc.errors())) from None
    bad = [c for c, _, _ in kps + probes if c not in crit_ids]
    if bad:
        raise InputError("error.criteria_not_in_rubric", bad=", ".join(bad), rubric=rubric, known=", ".join(crit_ids))

    out_dir = args.dir or settings.writable_bank_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{qid}.yaml"
    header = "# yaml-language-server: $schema=" + (shipped_dir("schemas") / "question_file.schema.json").resolve().as_uri() + "\n"
    body = yaml.safe_dump({"questions": [entry]}, allow_unicode=True, sort_keys=False, width=100)
    try:
        with path.open("x", encoding="utf-8") as fh:  # "x": never clobber an existing file
            fh.write(header + body)
    except FileExistsError:
        raise InputError("error.file_exists", path=path) from None
    check = load_bank([shipped_dir("rubrics"), path])
    if check.errors:
        path.unlink()
        raise InputError("error.written_invalid", problems="\n".join(map(str, check.errors)))
    print(f"Added {qid} to {path}")
    return 0
