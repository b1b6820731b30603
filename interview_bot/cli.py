"""interview-bot: rehearse a technical interview for a Full Stack LLM Developer role, in French or English
(a thin shell over the engine, the bank tools, the scorer and the reports)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import InputError, InterviewBotError


def _settings(args: argparse.Namespace, **extra: Any):
    from .config import load_settings

    return load_settings(
        backend=getattr(args, "backend", None),
        base_url=getattr(args, "base_url", None),
        model=getattr(args, "model", None),
        data_dir=getattr(args, "data_dir", None),
        database_url=getattr(args, "database_url", None),
        bank_dirs=getattr(args, "bank_dir", None) or None,
        scorer_layers=getattr(args, "scorer_layers", None),
        **extra,
    )


def _common(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("settings (also INTERVIEW_BOT_* environment variables)")
    g.add_argument("--backend", choices=["offline", "openai", "openai-compatible", "provider"],
                   help="default offline; a --model written provider:model selects 'provider'")
    g.add_argument("--base-url", help="OpenAI-compatible server URL, e.g. http://127.0.0.1:11434/v1")
    g.add_argument("--model", help="model for the LLM backend: a name (gpt-4o-mini), or provider:model for any LangChain "
                                   "chat provider, e.g. anthropic:claude-sonnet-4-5, ollama:llama3.2 (docs/providers.md)")
    g.add_argument("--data-dir", type=Path,
                   help="where the SQLite database and the user bank live (default: your user data directory, "
                        "e.g. ~/.local/share/interview-bot; also INTERVIEW_BOT_DATA_DIR)")
    g.add_argument("--database-url", help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db")
    g.add_argument("--bank-dir", type=Path, action="append", help="extra question bank directory (repeatable)")
    g.add_argument("--scorer-layers", type=int, choices=range(0, 7), metavar="0-6",
                   help="MiniLM layers the offline scorer runs (default 6 = full model; 0 = embedding layer only, ~15x faster)")


def int_range(lo: int, hi: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``lo`` to ``hi``, with a message that says so."""

    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number from {lo} to {hi}, got '{raw}'") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"must be from {lo} to {hi}, got {value}")
        return value

    return parse


def _topics(value: str | None) -> list[str] | None:
    return [t.strip() for t in value.split(",") if t.strip()] if value else None


# ---- commands ---------------------------------------------------------------------------------


# Loggers whose INFO lines are step-by-step detail (HTTP calls, each database migration with its docstring,
# each PDF layout step): shown only when the server runs at DEBUG.
DETAIL_LOGGERS = ("httpx", "httpcore", "urllib3", "alembic", "weasyprint", "fontTools")


def configure_logging(level: int) -> None:
    import logging

    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in DETAIL_LOGGERS:
        logging.getLogger(name).setLevel(level if level <= logging.DEBUG else logging.WARNING)


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    from .ui import launch

    configure_logging(logging.DEBUG if args.debug else logging.INFO)
    launch(_settings(args), host=args.host, port=args.port)
    return 0


def cmd_interview(args: argparse.Namespace) -> int:
    from . import cli_interview
    from .interview.service import InterviewService

    settings = _settings(args)
    if args.resume:
        _require_database(settings)
    svc = InterviewService(settings)
    args.topic_list = _topics(args.topics)
    with _naming_database(settings):
        sid = cli_interview.run(svc, args)
        cli_interview.finish(svc, sid, args.report, finished=svc.load_state(sid).status == "finished")
    return 0


def _require_database(settings: Any) -> None:
    """Commands that read past sessions must not create an empty SQLite file somewhere unexpected."""
    if settings.database_url:
        return
    path = settings.data_dir / "interview_bot.db"
    if not path.exists():
        raise InterviewBotError("error.no_database", path=path.resolve())


@contextmanager
def _naming_database(settings: Any) -> Iterator[None]:
    """A session that is not found is reported with the database that was searched."""
    from .errors import SessionNotFound

    try:
        yield
    except SessionNotFound as exc:
        raise SessionNotFound("error.no_session_in", message=exc, database=settings.db_location) from None


def cmd_sessions(args: argparse.Namespace) -> int:
    from .interview.service import InterviewService

    settings = _settings(args, retention_days=getattr(args, "older_than_days", None))
    _require_database(settings)
    svc = InterviewService(settings, use_settings_model=False)
    with _naming_database(settings):
        return _sessions(svc, settings, args)


def _sessions(svc: Any, settings: Any, args: argparse.Namespace) -> int:
    if args.delete:
        svc.delete(args.delete)
        print(f"Deleted session {args.delete} (its answers, scores, transcript and reports).")
        return 0
    if args.export:
        print(json.dumps(svc.export(args.export), ensure_ascii=False, indent=2))
        return 0
    if args.purge:
        if not settings.retention_days:
            raise InterviewBotError("error.nothing_to_purge")
        ids = svc.purge()
        print(f"Purged {len(ids)} session(s) not written to for {settings.retention_days:g} days.")
        return 0
    rows = svc.sessions(limit=args.limit)
    if args.json:
        print(json.dumps([
            {"id": r.session_id, "created_at": r.created_at.isoformat(), "status": r.status, "language": r.language,
             "overall": r.overall, "backend": r.backend} for r in rows], ensure_ascii=False, indent=2))
        return 0
    from .i18n import t

    lang = settings.language
    head = [t(f"cli.col_{c}", lang) for c in ("id", "date", "status", "lang", "score")]
    table = [[r.session_id, f"{r.created_at:%Y-%m-%d %H:%M}",
              t("ui.status_finished" if r.status == "finished" else "ui.status_active", lang), r.language,
              f"{r.overall:.0f}" if r.overall is not None else "–"] for r in rows]
    widths = [max(len(row[i]) for row in [head, *table]) for i in range(len(head))]
    for row in [head, *table] if table else []:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if not table:
        print(t("cli.no_sessions", lang))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .files import write_private
    from .interview.service import InterviewService
    from .report import build_report, render

    settings = _settings(args)
    _require_database(settings)
    svc = InterviewService(settings, use_settings_model=False)
    with _naming_database(settings):
        data = render(build_report(svc, args.session_id), args.format)
    out = write_private(args.out or Path(f"interview-report-{args.session_id}.{args.format}"), data)
    print(out)
    return 0


def cmd_score(args: argparse.Namespace) -> int:
    from .bank import current_bank
    from .llm import build_chat_model
    from .scoring import build_scorer

    settings = _settings(args)
    bank = current_bank(settings)
    q = bank.question(args.question)
    answer = args.answer if args.answer != "-" else sys.stdin.read()
    if len(answer) > settings.max_answer_chars:
        raise InterviewBotError("error.answer_too_long", length=len(answer), limit=settings.max_answer_chars)
    if not answer.strip():
        raise InterviewBotError("error.answer_empty")
    scorer = build_scorer(settings, build_chat_model(settings))
    s = scorer.score(q, bank.rubric_for(q), answer, args.lang)
    if args.json:
        print(s.model_dump_json(indent=2))
        return 0
    print(f"{q.id} — overall {s.overall}/100 (confidence {s.confidence:.2f}, scorer {s.scorer})")
    for c in s.criteria:
        print(f"  {c.name}: {c.level}/4" + (f" — {c.descriptor}" if c.descriptor else ""))
    for k in s.key_points:
        mark = "✓" if k.covered else "✗"
        ev = f'  «{k.evidence}»' if k.evidence else ""
        print(f"  {mark} {k.text}{ev}")
    if s.flags:
        print("  flags: " + ", ".join(s.flags))
    return 0


def cmd_eval_turns(args: argparse.Namespace) -> int:
    from .config import shipped_dir
    from .interview.turns_eval import evaluate_turns, format_eval, load_turns, to_json

    folder = shipped_dir("eval") / "turns"
    paths = args.turns or sorted(folder.glob("blind-*.jsonl"))
    evals = [evaluate_turns(load_turns(p), p.stem) for p in paths]
    cv = None
    if args.dev:
        from .interview.turn_train import cross_validate, load, own_rows

        try:
            dev = load(args.dev)
        except OSError as exc:
            raise InputError("error.cannot_read_turns", path=args.dev, reason=exc.strerror) from None
        cv = cross_validate(dev, own_rows())[0]
    if args.json:
        print(to_json(evals) if cv is None else json.dumps({"sets": json.loads(to_json(evals)), "cv_dev": cv},
                                                             ensure_ascii=False, indent=2))
        return 0
    for e in evals:
        text = format_eval(e)
        print(text if args.errors else "\n".join(x for x in text.splitlines() if "✗" not in x))
    if cv is not None:
        print(f"{args.dev.name}, {cv['folds']}-fold cross-validation (grouped by question / translation pair): "
              f"read right {100 * cv['accuracy']:.1f} % (EN {100 * cv['accuracy_en']:.1f} %, FR "
              f"{100 * cv['accuracy_fr']:.1f} %) · answers acted on as requests {cv['answers_acted_on_as_other']}/"
              f"{cv['n_answers']} · non-answers scored without asking {cv['non_answers_scored_unasked']}/"
              f"{cv['n_non_answers']} · asked {cv['asked_answers'] + cv['asked_non_answers']}")
        for kind, by in cv["per_kind"].items():
            print(f"  {kind:<19} en {by['en'][0]:>3}/{by['en'][1]:<3}  fr {by['fr'][0]:>3}/{by['fr'][1]:<3}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .scoring.evaluate import evaluate_cli

    return evaluate_cli(args, _settings(args))


def cmd_bank(args: argparse.Namespace) -> int:
    from .bank import authoring

    return authoring.run(args, _settings(args))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="interview-bot", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("serve", help="run the Gradio app (chat UI + HTTP API)")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int_range(1, 65_535), default=7860)
    s.add_argument("--debug", action="store_true",
                   help="log every detail (HTTP calls, each database migration, PDF layout steps)")
    _common(s)
    s.set_defaults(func=cmd_serve)

    i = sub.add_parser("interview", help="sit an interview in the terminal, or from an answers file")
    i.add_argument("--lang", choices=["fr", "en"])
    i.add_argument("--questions", type=int_range(1, 30), help="number of questions, 1-30 (default 5)")
    i.add_argument("--topics", help="comma-separated topic ids (see: interview-bot bank stats)")
    i.add_argument("--difficulty", type=int, choices=[1, 2, 3], help="starting difficulty")
    i.add_argument("--answers-file", type=Path,
                   help="answers, one block each, separated by lines holding only ---; each block answers the "
                        "next message, follow-ups included; a block /end ends the interview there (questions are drawn at "
                        "random: fix them with --seed)")
    i.add_argument("--seed", type=int_range(0, 2**31 - 1), help="fix the draw of questions (same seed and bank: same questions)")
    i.add_argument("--report", type=Path,
                   help="write the Markdown report here at the end (default: <data dir>/reports/<session id>.md)")
    i.add_argument("--resume", metavar="SESSION_ID", help="continue an unfinished session")
    i.add_argument("--candidate", default="", metavar="TOKEN",
                   help="the candidate token --show-token printed for an earlier interview, to see progress across sessions")
    i.add_argument("--show-token", action="store_true",
                   help="print your private candidate token (to pass as --candidate next time)")
    i.add_argument("--hide-scores", action="store_true", help="do not print scores until the report")
    _common(i)
    i.set_defaults(func=cmd_interview)

    ss = sub.add_parser("sessions", help="list, export or delete past sessions")
    ss.add_argument("--limit", type=int_range(1, 10_000), default=50)
    ss.add_argument("--json", action="store_true")
    g = ss.add_mutually_exclusive_group()
    g.add_argument("--export", metavar="SESSION_ID", help="print everything stored for a session as JSON")
    g.add_argument("--delete", metavar="SESSION_ID", help="delete a session and everything stored for it")
    g.add_argument("--purge", action="store_true",
                   help="delete sessions older than INTERVIEW_BOT_RETENTION_DAYS (or --older-than-days)")
    ss.add_argument("--older-than-days", type=float, help="retention period for --purge (days)")
    _common(ss)
    ss.set_defaults(func=cmd_sessions)

    r = sub.add_parser("report", help="write a session's report")
    r.add_argument("session_id")
    from .report import RENDERERS

    r.add_argument("--format", choices=list(RENDERERS), default="md")
    r.add_argument("--out", type=Path, help="output path, created 0600 (default: ./interview-report-<id>.<format>)")
    _common(r)
    r.set_defaults(func=cmd_report)

    sc = sub.add_parser("score", help="score one answer to one bank question")
    sc.add_argument("--question", required=True, help="question id")
    sc.add_argument("--answer", required=True, help="the answer text, or - to read stdin")
    sc.add_argument("--lang", choices=["fr", "en"], default="en")
    sc.add_argument("--json", action="store_true")
    _common(sc)
    sc.set_defaults(func=cmd_score)

    e = sub.add_parser("eval", help="measure the scorer's agreement with human grades")
    from .scoring.evaluate import add_arguments as add_eval_arguments

    add_eval_arguments(e)
    _common(e)
    e.set_defaults(func=cmd_eval)

    et = sub.add_parser("eval-turns", help="measure turn understanding on labelled candidate messages")
    et.add_argument("--turns", type=Path, action="append",
                    help="JSONL: lang, kind, text[, awaiting, question] (default: eval/turns/blind-*.jsonl)")
    et.add_argument("--dev", type=Path, help="also cross-validate on this development set (e.g. turns-dev.jsonl)")
    et.add_argument("--errors", action="store_true", help="also list the misread messages")
    et.add_argument("--json", action="store_true")
    et.set_defaults(func=cmd_eval_turns)

    b = sub.add_parser("bank", help="validate, list, add questions")
    bsub = b.add_subparsers(dest="bank_command", required=True)
    from .bank import authoring

    authoring.add_parsers(bsub, _common)
    b.set_defaults(func=cmd_bank)
    return p


def _language(args: argparse.Namespace) -> str:
    """The language the CLI speaks: ``--lang`` where a command has it, else INTERVIEW_BOT_LANGUAGE (read
    directly: the error shown may be that the settings do not load), else English."""
    from .i18n import lang_of

    return lang_of(getattr(args, "lang", None) or os.environ.get("INTERVIEW_BOT_LANGUAGE", "en"))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    os.umask(0o077)  # everything this process creates (database, reports, secret) is private
    try:
        return int(args.func(args) or 0)
    except InterviewBotError as exc:
        print(f"error: {exc.render(_language(args))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
