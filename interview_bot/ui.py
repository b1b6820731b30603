"""Gradio 6 app: a thin shell over ``InterviewService``.

Per-user state lives only in ``gr.State``/``gr.BrowserState`` (the session id) and in the database;
nothing mutable sits at module level. The same app exposes named API endpoints for automation:
``/start``, ``/answer``, ``/report`` (see README).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Any

# Privacy by default: no telemetry to Gradio's servers (set GRADIO_ANALYTICS_ENABLED=True to opt in).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from .config import Settings
from .errors import InterviewBotError
from .i18n import flag_text, num, role_name, t, topic_name
from .interview.service import InterviewService
from .report import build_report, render_markdown, write_report
from .report.markdown import esc
from .scoring.models import AnswerScore

QUEUE_MAX = 64
CONCURRENCY = 4
MY_SESSIONS = 30


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def browser_secret(settings: Settings) -> str:
    """The key that encrypts the session id kept in the browser. It must be the same for every
    replica and across restarts: INTERVIEW_BOT_SESSION_SECRET, else one generated once in the data dir."""
    if settings.session_secret:
        return settings.session_secret.get_secret_value()

    path = settings.data_dir / ".browser_secret"
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError:
        path.parent.mkdir(parents=True, exist_ok=True)
        value = secrets.token_urlsafe(32)
        try:
            with path.open("x", encoding="utf-8") as fh:
                fh.write(value)
            path.chmod(0o600)
        except FileExistsError:
            return path.read_text(encoding="utf-8").strip()
        return value


def score_card(s: AnswerScore | None, lang: str) -> str:
    if s is None:
        return ""
    ov = t("common.not_scored", lang) if s.overall is None else f"{s.overall:.0f}/100"
    lines = [f"### {t('ui.card_score', lang, score=ov)}", ""]
    for c in s.criteria:
        lines.append(f"- **{esc(c.name)}** {c.level}/4 — {esc(c.descriptor)}")
    lines.append("")
    for k in s.key_points:
        mark = "✓" if k.covered else "✗"
        ev = f" — «\u00a0{esc(k.evidence)}\u00a0»" if k.evidence else ""
        lines.append(f"- {mark} {esc(k.text)}{ev}")
    for f in s.flags:
        lines.append(f"\n> ⚠ {esc(flag_text(f, lang))}")
    return "\n".join(lines)


def _progress(i: int, n: int, finished: bool, lang: str) -> str:
    if finished:
        return f"**{t('ui.finished', lang)}**"
    return f"**{t('ui.progress', lang, i=i, n=n)}**"


def build_app(settings: Settings, service: InterviewService | None = None) -> gr.Blocks:
    svc = service or InterviewService(settings)
    bank = svc.bank()
    topic_choices = [(_cap(topic_name(tp, settings.language)), tp) for tp in bank.topics]

    # ---------------- HTTP API (named endpoints for gradio_client) ----------------
    def api_start(language: str = "en", n_questions: int = 5, topics: str = "", difficulty: int = 0,
                  candidate: str = "") -> dict:
        """Start an interview. topics: comma-separated topic ids ('' = all technical topics);
        difficulty: 1-3, or 0 for the default; candidate: a stable private label (e.g. a random token
        you keep) to see progress across sessions in the report — without one, the report shows no
        other session. Returns the session id and the recruiter's first message."""
        try:
            if language not in ("fr", "en"):
                raise InterviewBotError("language must be 'fr' or 'en'")
            r = svc.start(language=language, n_questions=int(n_questions),
                          topics=[t.strip() for t in topics.split(",") if t.strip()] or None,
                          difficulty=int(difficulty) or None,
                          candidate=candidate.strip() or f"anonymous:{secrets.token_hex(8)}")
        except InterviewBotError as exc:
            raise gr.Error(str(exc)) from None
        return r.model_dump(mode="json", include={"session_id", "message", "notices", "question_index", "total_questions"})

    def api_answer(session_id: str, answer: str) -> dict:
        """Answer the current question. Returns the recruiter's next message and the answer's score."""
        try:
            r = svc.answer(session_id, answer)
        except InterviewBotError as exc:
            raise gr.Error(str(exc)) from None
        return r.model_dump(mode="json")

    def api_report(session_id: str) -> str:
        """The session's report in Markdown."""
        try:
            return render_markdown(build_report(svc, session_id))
        except InterviewBotError as exc:
            raise gr.Error(str(exc)) from None

    # ---------------- UI handlers ----------------
    def on_start(lang: str, topics: list[str], difficulty: str, n: float, mine: list[str], me: str) -> tuple:
        # Progress in the report covers this browser's sessions only: a random label kept in the browser.
        me = me or f"browser:{secrets.token_hex(8)}"
        try:
            r = svc.start(language=lang, n_questions=int(n), topics=topics or None,
                          difficulty=None if difficulty == "auto" else int(difficulty), candidate=me)
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return (gr.skip(),) * 9
        for notice in r.notices:
            gr.Info(notice)
        history = [{"role": "assistant", "content": r.message}]
        mine = [r.session_id, *[m for m in (mine or []) if m != r.session_id]][:MY_SESSIONS]
        return (r.session_id, r.session_id, mine, history,
                _progress(r.question_index, r.total_questions, False, lang), "", gr.update(visible=False),
                sessions_table(mine), me)

    def on_send(text: str, sid: str, history: list[dict], hide: bool, lang: str) -> Iterator[tuple]:
        if not sid:
            gr.Warning(t("ui.start_first", lang))
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        history = list(history or [])
        shown = history + [{"role": "user", "content": text}]
        yield gr.skip(), shown, gr.skip(), gr.skip()
        try:
            events = svc.answer_events(sid, text)
            card = gr.skip()
            stream = ""
            for kind, value in events:
                if kind == "score":  # a turn that is not an answer has no score: keep the last card
                    card = gr.skip() if value is None else "" if hide else score_card(value, lang)
                    yield "", shown, gr.skip(), card
                elif kind == "chunk":
                    stream += value
                    yield "", shown + [{"role": "assistant", "content": stream}], gr.skip(), card
                else:
                    for n in value.notices:
                        gr.Info(n)
                    final = shown + [{"role": "assistant", "content": value.message}]
                    if not value.accepted:
                        final = history + [{"role": "assistant", "content": value.message}]
                    yield "", final, _progress(value.question_index, value.total_questions, value.finished, lang), card
        except InterviewBotError as exc:
            gr.Warning(str(exc))  # the text stays in the box: nothing typed is lost
            yield gr.skip(), history, gr.skip(), gr.skip()

    def on_end(sid: str, lang: str, history: list[dict]) -> tuple:
        if not sid:
            gr.Warning(t("ui.no_interview", lang))
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        try:
            r = svc.end(sid)
            report = build_report(svc, sid)
            files = [str(write_report(svc, sid, fmt)) for fmt in ("md", "html", "pdf")]
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        transcript = list(history or [])
        if r.message and (not transcript or transcript[-1].get("content") != r.message):
            transcript.append({"role": "assistant", "content": r.message})
        return (_progress(0, 0, True, lang), render_markdown(report), gr.update(value=files, visible=True),
                transcript)

    def on_resume(sid: str, lang: str, mine: list[str] | None = None) -> tuple:
        sid = (sid or "").strip()
        table = sessions_table(mine or [])
        if not sid:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), table
        try:
            state, history = svc.resume(sid)
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), table
        i, n = state.progress
        return (sid, history, _progress(i, n, state.status == "finished", state.options.language),
                state.options.language, table)

    def sessions_table(mine: list[str]) -> list[list[Any]]:
        """Only the sessions this browser started: other people's sessions are never listed."""
        rows = []
        for sid_ in mine or []:
            try:
                r = svc.store.get_session(sid_)
            except InterviewBotError:
                continue
            rows.append([r.id, f"{r.created_at:%Y-%m-%d %H:%M}", r.status, r.language,
                         "" if r.overall is None else round(r.overall)])
        return rows

    L = settings.language
    with gr.Blocks(title=t("ui.title", L, role=role_name(L)), analytics_enabled=False) as demo:
        sid = gr.State("")
        secret = browser_secret(settings)
        sid_store = gr.BrowserState("", storage_key="interview_bot_session", secret=secret)
        mine = gr.BrowserState([], storage_key="interview_bot_my_sessions", secret=secret)
        me = gr.BrowserState("", storage_key="interview_bot_candidate", secret=secret)
        gr.Markdown(f"# {t('ui.title', L, role=role_name(L))}")
        with gr.Row():
            with gr.Column(scale=1, min_width=280):
                lang = gr.Radio([("English", "en"), ("Français", "fr")], value=settings.language, label=t("ui.language", L))
                n_q = gr.Slider(1, 15, value=settings.questions, step=1, label=t("ui.n_questions", L))
                difficulty = gr.Dropdown([(t("ui.difficulty_auto", L), "auto"), ("1", "1"), ("2", "2"), ("3", "3")],
                                         value="auto", label=t("ui.difficulty", L))
                hide = gr.Checkbox(False, label=t("ui.hide_scores", L))
                start_btn = gr.Button(t("ui.start", L), variant="primary")
                engine = (t("ui.backend_llm", L, backend=settings.backend, model=settings.model) if svc.model
                          else t("ui.backend_offline", L))
                gr.Markdown(f"<small>{esc(t('ui.backend', L, backend=engine))}</small>")
                with gr.Accordion(t("ui.topics", L), open=False):
                    topics = gr.CheckboxGroup(topic_choices, value=settings.topics or [], show_label=False)
                with gr.Accordion(t("ui.sessions", L), open=False):
                    sessions = gr.Dataframe(headers=[t(f"ui.col_{c}", L) for c in ("id", "date", "status", "lang", "overall")],
                                            interactive=False, wrap=True)
                    resume_id = gr.Textbox(label=t("ui.resume_id", L))
                    resume_btn = gr.Button(t("ui.resume", L))
            with gr.Column(scale=3):
                progress = gr.Markdown("")
                chat = gr.Chatbot(label=t("ui.chat", L), height=480, sanitize_html=True)
                answer = gr.Textbox(label=t("ui.answer", L), lines=4, max_lines=20,
                                    placeholder=t("ui.placeholder", L, limit=num(settings.max_answer_chars, L)))
                with gr.Row():
                    send_btn = gr.Button(t("ui.send", L), variant="primary")
                    end_btn = gr.Button(t("ui.end", L), variant="stop")
                card = gr.Markdown("", elem_id="score-card")
                report_md = gr.Markdown("", elem_id="report")
                files = gr.File(label=t("ui.download", L), file_count="multiple", visible=False)

        start_btn.click(on_start, [lang, topics, difficulty, n_q, mine, me],
                        [sid, sid_store, mine, chat, progress, card, files, sessions, me], api_visibility="private")
        send_inputs = [answer, sid, chat, hide, lang]
        send_outputs = [answer, chat, progress, card]
        send_btn.click(on_send, send_inputs, send_outputs, api_visibility="private")
        answer.submit(on_send, send_inputs, send_outputs, api_visibility="private")
        end_btn.click(on_end, [sid, lang, chat], [progress, report_md, files, chat], api_visibility="private")
        resume_btn.click(on_resume, [resume_id, lang, mine], [sid, chat, progress, lang, sessions],
                         api_visibility="private")

        def pick_session(evt: gr.SelectData) -> str:
            row = evt.row_value or []
            return str(row[0]) if row else ""

        sessions.select(pick_session, None, resume_id, api_visibility="private")
        # A refresh or a reopened tab comes back to the unfinished session kept in the browser.
        demo.load(on_resume, [sid_store, lang, mine], [sid, chat, progress, lang, sessions],
                  api_visibility="private")

        def refresh_topics() -> Any:
            """Topics from the bank as it is now (a question added to a user bank shows without restart)."""
            return gr.update(choices=[(_cap(topic_name(tp, settings.language)), tp) for tp in svc.bank().topics])

        demo.load(refresh_topics, None, topics, api_visibility="private")

        gr.api(api_start, api_name="start")
        gr.api(api_answer, api_name="answer")
        gr.api(api_report, api_name="report")

        def api_ping() -> str:
            """Health check (no work): used as the HTTP baseline in bench/."""
            return "ok"

        gr.api(api_ping, api_name="ping")
    demo.queue(max_size=QUEUE_MAX, default_concurrency_limit=CONCURRENCY)
    return demo


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    demo = build_app(settings)
    reports = (settings.data_dir / "reports").resolve()
    reports.mkdir(parents=True, exist_ok=True)
    print(f"interview_bot on http://{host}:{port} — backend: {settings.describe_backend()}")
    demo.launch(server_name=host, server_port=port, allowed_paths=[str(reports)], footer_links=["api"])

