"""Gradio 6 app: a thin shell over ``InterviewService``.

Per-user state lives only in ``gr.State``/``gr.BrowserState`` (the session id) and in the database;
nothing mutable sits at module level. The same app exposes named API endpoints for automation:
``/start``, ``/answer``, ``/report`` (see README).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

# Privacy by default: no telemetry to Gradio's servers (set GRADIO_ANALYTICS_ENABLED=True to opt in).
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from . import api, web
from .config import Settings
from .errors import InputError, InterviewBotError
from .files import private_dir
from .i18n import flag_text, num, role_name, t, topic_name
from .identity import app_secret, require_shared_secret
from .interview.service import InterviewService
from .report import build_report, render_markdown
from .report.markdown import esc
from .scoring.models import AnswerScore

QUEUE_MAX = 64
CONCURRENCY = 4
MY_SESSIONS = 30


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def browser_secret(settings: Settings) -> str:
    """The key that encrypts the session id kept in the browser (see ``identity.app_secret``)."""
    return app_secret(settings)


def user_text(text: str) -> str:
    """Candidate text as shown in the chat: literal, so no Markdown image or HTML tag it holds renders."""
    return esc(text)


def chat_history(history: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**m, "content": user_text(m["content"])} if m["role"] == "user" else m for m in history]


def download_links(sid: str, lang: str) -> str:
    """Links to the reports, rendered on demand from the database by whichever replica answers."""
    md, html, pdf = (f"reports/{sid}.{fmt}" for fmt in ("md", "html", "pdf"))
    return t("ui.download_links", lang, md=md, html=html, pdf=pdf)


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
    limiter = web.RateLimiter(settings.rate_limit)
    bank = svc.bank()
    topic_choices = [(_cap(topic_name(tp, settings.language)), tp) for tp in bank.topics]

    # ---------------- UI handlers ----------------
    def start_with_token(me: str, **kw: Any) -> Any:
        """Progress in the report covers this browser's sessions only: the candidate token issued by
        the app is kept in the browser. A token this app did not issue (an older label) is replaced."""
        try:
            return svc.start(candidate=me or None, **kw)
        except InputError:
            if not me:
                raise
            return svc.start(candidate=None, **kw)

    def on_start(lang: str, topics: list[str], difficulty: str, n: float, mine: list[str], me: str,
                 request: gr.Request) -> tuple:
        try:
            api.check_rate(limiter, request, "start", lang, settings.trust_proxy_headers)
            r = start_with_token(me, language=lang, n_questions=int(n), topics=topics or None,
                                 difficulty=None if difficulty == "auto" else int(difficulty))
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return (gr.skip(),) * 9
        for notice in r.notices:
            gr.Info(notice)
        history = [{"role": "assistant", "content": r.message}]
        mine = [r.session_id, *[m for m in (mine or []) if m != r.session_id]][:MY_SESSIONS]
        return (r.session_id, r.session_id, mine, history,
                _progress(r.question_index, r.total_questions, False, lang), "", gr.update(visible=False),
                sessions_table(mine), r.candidate_token)

    def on_send(text: str, sid: str, history: list[dict], hide: bool, lang: str,
                request: gr.Request) -> Iterator[tuple]:
        if not sid:
            gr.Warning(t("ui.start_first", lang))
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        history = list(history or [])
        shown = history + [{"role": "user", "content": user_text(text)}]
        try:
            api.check_rate(limiter, request, "answer", lang, settings.trust_proxy_headers)
            yield gr.skip(), shown, gr.skip(), gr.skip()
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
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        transcript = list(history or [])
        if r.message and (not transcript or transcript[-1].get("content") != r.message):
            transcript.append({"role": "assistant", "content": r.message})
        return (_progress(0, 0, True, lang), render_markdown(report),
                gr.update(value=download_links(sid, lang), visible=True), transcript)

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
        return (sid, chat_history(history), _progress(i, n, state.status == "finished", state.options.language),
                state.options.language, table)

    def on_delete(sid: str, lang: str, mine: list[str] | None) -> tuple:
        if not sid:
            gr.Warning(t("ui.no_interview", lang))
            return (gr.skip(),) * 9
        try:
            svc.delete(sid)
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return (gr.skip(),) * 9
        gr.Info(t("ui.deleted", lang))
        mine = [m for m in (mine or []) if m != sid]
        return ("", "", mine, [], "", "", "", gr.update(value="", visible=False), sessions_table(mine))

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
                files = gr.Markdown("", visible=False, elem_id="downloads")
                delete_btn = gr.Button(t("ui.delete", L), variant="secondary", size="sm")

        start_btn.click(on_start, [lang, topics, difficulty, n_q, mine, me],
                        [sid, sid_store, mine, chat, progress, card, files, sessions, me], api_visibility="private")
        send_inputs = [answer, sid, chat, hide, lang]
        send_outputs = [answer, chat, progress, card]
        send_btn.click(on_send, send_inputs, send_outputs, api_visibility="private")
        answer.submit(on_send, send_inputs, send_outputs, api_visibility="private")
        end_btn.click(on_end, [sid, lang, chat], [progress, report_md, files, chat], api_visibility="private")
        delete_btn.click(on_delete, [sid, lang, mine], [sid, sid_store, mine, chat, progress, card, report_md,
                                                         files, sessions], api_visibility="private")
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

        api.register(svc, limiter)
    demo.queue(max_size=QUEUE_MAX, default_concurrency_limit=CONCURRENCY)
    return demo


def launch_options(service: InterviewService) -> dict[str, Any]:
    """What ``Blocks.launch`` needs besides host and port: security headers and the reports route.
    No file path is ever served (reports are rendered on demand from the database)."""
    return {"app_kwargs": {"middleware": web.middleware(service)}, "footer_links": ["api"]}


def launch(settings: Settings, host: str = "127.0.0.1", port: int = 7860) -> None:
    require_shared_secret(settings)  # replicas on a shared database must share the secret
    private_dir(settings.data_dir)
    svc = InterviewService(settings)
    purged = svc.purge()  # retention: INTERVIEW_BOT_RETENTION_DAYS
    demo = build_app(settings, svc)
    print(f"interview_bot on http://{host}:{port} — backend: {settings.describe_backend()}"
          + (f" — {len(purged)} expired session(s) purged" if purged else ""))
    demo.launch(server_name=host, server_port=port, **launch_options(svc))
