"""``interview-bot interview``: sit an interview in the terminal, or replay an answers file.

Everything printed is in the interview's language (message catalog); scores read "not scored" rather than
0/100 when nothing could be scored, flags are sentences, and very long answers are shortened in the echo
(the whole text is still what gets scored).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InterviewBotError
from .i18n import colon, engine_words, flag_text, num, shorten, t

if TYPE_CHECKING:
    from .interview.service import InterviewService
    from .scoring.models import AnswerScore

ECHO_LIMIT = 600  # characters of an answer echoed back from an answers file


def score_line(score: AnswerScore, lang: str) -> str:
    """One line per scored answer: the score (or "not scored") and the flags, in the interview's language."""
    if score.overall is None:
        head = t("cli.not_scored", lang)
    else:
        head = t("cli.score_line", lang, score=f"{score.overall:.0f}", covered=len(score.covered),
                 total=len(score.key_points))
    return " · ".join([head, *(flag_text(f, lang) for f in score.flags)])


def echo(text: str, lang: str) -> str:
    """The answer as echoed back: shortened past ``ECHO_LIMIT`` characters, saying how long it was."""
    if len(text) <= ECHO_LIMIT:
        return text
    return f"{shorten(text, ECHO_LIMIT)} {t('cli.shortened', lang, n=num(len(text), lang))}"


def read_blocks(path: Path) -> list[str]:
    """Answers separated by lines holding only ``---``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InterviewBotError("error.cannot_read_answers", path=path, reason=exc.strerror) from None
    blocks: list[str] = []
    cur: list[str] = []
    for line in text.splitlines():
        if line.strip() == "---":
            blocks.append("\n".join(cur).strip())
            cur = []
        else:
            cur.append(line)
    if cur or not blocks:
        blocks.append("\n".join(cur).strip())
    return blocks


def prompt_answer(prompt: str) -> str:
    print(prompt)
    lines: list[str] = []
    while True:
        line = input()
        if not line.strip():
            if lines:
                break
            return ""
        lines.append(line)
    return "\n".join(lines)


class Transcript:
    """Prints the conversation with the speakers' names in the interview's language."""

    def __init__(self, lang: str):
        self.lang = lang
        c = colon(lang)
        self.you, self.rec = t("cli.you", lang) + c, t("cli.recruiter", lang) + c

    def recruiter(self, message: str) -> None:
        print(f"{self.rec} {message}\n")

    def candidate(self, message: str) -> None:
        print(f"{self.you} {echo(message, self.lang)}\n")


def _open(svc: InterviewService, args: argparse.Namespace) -> tuple[str, Transcript, bool]:
    """Start (or resume) the session; print what the candidate has to see first."""
    if args.resume:
        state, history = svc.resume(args.resume)
        out = Transcript(state.options.language)
        print(t("cli.resuming", out.lang, sid=args.resume) + "\n")
        for line in history:
            (out.candidate if line.role == "candidate" else out.recruiter)(line.content)
        return args.resume, out, state.status == "finished"
    reply = svc.start(language=args.lang, n_questions=args.questions, topics=args.topic_list,
                      difficulty=args.difficulty, candidate=args.candidate or None, seed=args.seed)
    out = Transcript(svc.load_state(reply.session_id).options.language)
    engine = engine_words(svc.backend_name, svc.settings.model, out.lang)
    print(t("cli.header", out.lang, sid=reply.session_id, backend=engine) + "\n")
    if getattr(args, "show_token", False):  # private: printed only when asked
        print(t("cli.candidate_token", out.lang, token=reply.candidate_token) + "\n")
    for n in reply.notices:
        print(f"! {n}")
    out.recruiter(reply.message)
    return reply.session_id, out, reply.finished


def run(svc: InterviewService, args: argparse.Namespace) -> str:
    """The question/answer loop; returns the session id."""
    sid, out, finished = _open(svc, args)
    blocks = read_blocks(args.answers_file) if args.answers_file else None
    while not finished:
        if blocks is not None:
            if not blocks:
                print(t("cli.exhausted", out.lang))
                out.recruiter(svc.end(sid).message)
                break
            text = blocks.pop(0)
            out.candidate(text)
        else:
            try:
                text = prompt_answer(t("cli.prompt", out.lang))
            except EOFError:
                print("\n" + t("cli.interrupted", out.lang, sid=sid))
                return sid
        if text.strip() in ("/end", "/quit"):  # typed, or a block of the answers file
            out.recruiter(svc.end(sid).message)
            break
        try:
            r = svc.answer(sid, text)
        except InterviewBotError as exc:
            print(f"! {exc.render(out.lang)}\n")
            continue
        if r.score is not None and not args.hide_scores:
            print(f"  [{score_line(r.score, out.lang)}]")
        for n in r.notices:
            print(f"! {n}")
        out.recruiter(r.message)
        finished = r.finished
    return sid


def finish(svc: InterviewService, sid: str, report: Path | None, finished: bool = True) -> None:
    """Say where the report is: written where ``--report`` says, else next to the database (private,
    removed with the session); then how to get it as HTML or PDF, and the session id (last line)."""
    from .files import write_private
    from .report import build_report, render_markdown

    lang = svc.load_state(sid).options.language
    if finished or report:
        path = report or svc.settings.data_dir / "reports" / f"{sid}.md"
        write_private(path, render_markdown(build_report(svc, sid)).encode("utf-8"))
        print(t("cli.report_written", lang, path=path.resolve()))
        print(t("cli.report_other_formats", lang, sid=sid))
    print(t("cli.session_id", lang, sid=sid))
