"""What the page does on each click: small methods returning ``{component: update}`` dicts.

The page has three moods: before an interview (welcome), during one (input enabled, live score card and
chart), and after it (report at the top of the report area, downloads beside it, input disabled, "Start a
new interview"). ``_active`` and ``_finished`` set every component that differs between them, so each
event leaves the page in one coherent mood.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from .. import api
from ..config import Settings
from ..errors import InputError, InterviewBotError
from ..i18n import lang_of, t
from ..interview.engine import InterviewState
from ..interview.service import InterviewService, Reply
from ..report import build_report, render_markdown
from ..report.markdown import esc
from ..scoring.models import AnswerScore
from ..web import RateLimiter
from .page import MY_SESSIONS, Page, chrome, sessions_table
from .widgets import QuestionView, progress_html, score_card, score_chart_svg

Updates = dict[Any, Any]
DIFFICULTIES = ("auto", "1", "2", "3")


class Handlers:
    def __init__(self, svc: InterviewService, page: Page, settings: Settings, limiter: RateLimiter):
        self.svc, self.p, self.settings, self.limiter = svc, page, settings, limiter

    def _rate(self, request: gr.Request | None, action: str, lang: str) -> None:
        api.check_rate(self.limiter, request, action, lang, self.settings.trust_proxy_headers)

    def _start(self, me: str, **kw: Any) -> Reply:
        """Progress in the report covers this browser's sessions only: the candidate token issued by
        the app is kept in the browser. A token this app did not issue (an older label) is replaced."""
        try:
            return self.svc.start(candidate=me or None, **kw)
        except InputError:
            if not me:
                raise
            return self.svc.start(candidate=None, **kw)

    # ---- views of the interview state ----------------------------------------------------------------
    def _views(self, state: InterviewState, lang: str) -> list[QuestionView]:
        bank, lg = self.svc.bank(), state.options.language  # the interview's language
        views = []
        for i, rec in enumerate(state.records, 1):
            q = bank.questions.get(rec.question_id)
            views.append(QuestionView(
                index=i, topic=_topic(rec.topic, lg), text=q.text.get(lg) if q else rec.question_id,
                overall=rec.overall, answered=bool(rec.answers),
                open=state.status == "active" and i == len(state.records)))
        return views

    def _live(self, state: InterviewState, lang: str, hide: bool, score: AnswerScore | None = None) -> Updates:
        """Progress chips and the chart; the score card too when ``score`` is given."""
        p, views = self.p, self._views(state, lang)
        finished = state.status == "finished"
        out: Updates = {p.progress: progress_html(views, state.n_questions, lang, finished, show_scores=not hide),
                        p.chart: "" if hide else score_chart_svg(views, lang)}
        if score is None:
            return out
        if hide:
            out[p.card] = t("ui.card_hidden", lang)
            return out
        idx = max((i for i, r in enumerate(state.records) if r.question_id == score.question_id), default=None)
        if idx is None:
            return out
        pending = state.status == "active" and idx == len(state.records) - 1
        out[p.card] = score_card(score, views[idx], state.n_questions, lang, follow_up_pending=pending)
        return out

    def _active(self, lang: str) -> Updates:
        p = self.p
        return {
            p.answer: gr.update(interactive=True, placeholder=t("ui.placeholder", lang, limit=_num(self.settings, lang))),
            p.send_btn: gr.update(visible=True), p.end_btn: gr.update(visible=True),
            p.end_confirm: gr.update(visible=False), p.new_btn: gr.update(visible=False),
            p.live: gr.update(visible=True), p.report_area: gr.update(visible=False), p.report_md: "",
        }

    def _finished(self, sid: str, lang: str, shown: list[dict] | None = None, closing: str = "") -> Updates:
        """The end of an interview: the report at once, downloads beside it, the input closed. The chat
        keeps what it shows (``shown``) plus the closing message once, then says where the report is."""
        p = self.p
        report = build_report(self.svc, sid)
        state, stored = self.svc.resume(sid)
        history = chat_history(stored) if shown is None else with_closing(shown, closing)
        if history and history[-1]["role"] == "assistant":
            text = content_text(history[-1]["content"])
            history[-1] = {"role": "assistant", "content": f"{text}\n\n*{t('ui.report_below', lang)}*"}
        return {
            p.chat: history,
            p.progress: progress_html(self._views(state, lang), state.n_questions, lang, True, show_scores=True),
            p.live: gr.update(visible=False), p.card: "", p.chart: "",
            p.report_area: gr.update(visible=True), p.report_md: render_markdown(report),
            p.downloads: download_links(sid, lang),
            p.answer: gr.update(value="", interactive=False, placeholder=t("ui.placeholder_done", lang)),
            p.send_btn: gr.update(visible=False), p.end_btn: gr.update(visible=False),
            p.end_confirm: gr.update(visible=False), p.new_btn: gr.update(visible=True),
        }

    # ---- events ---------------------------------------------------------------------------------------
    def on_start(self, lang: str, n: float, difficulty: str, hide: bool, topics: list[str],
                 mine: list[str], me: str, request: gr.Request) -> Updates:
        p, lang = self.p, lang_of(lang)
        try:
            self._rate(request, "start", lang)
            r = self._start(me, language=lang, n_questions=int(n), topics=topics or None,
                            difficulty=None if difficulty == "auto" else int(difficulty))
            state = self.svc.load_state(r.session_id)
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return {}
        for notice in r.notices:
            gr.Info(notice)
        mine = [r.session_id, *[m for m in (mine or []) if m != r.session_id]][:MY_SESSIONS]
        return {**self._active(lang), **self._live(state, lang, hide),
                p.sid: r.session_id, p.sid_store: r.session_id, p.mine: mine, p.me: r.candidate_token, p.card: "",
                p.chat: [{"role": "assistant", "content": r.message}], p.answer: gr.update(value="", interactive=True),
                p.sessions: sessions_table(p, mine, lang)}

    def on_send(self, text: str, sid: str, history: list[dict], hide: bool, lang: str,
                request: gr.Request) -> Iterator[Updates]:
        p = self.p
        if not sid:
            gr.Warning(t("ui.start_first", lang))
            yield {}
            return
        history = list(history or [])
        shown = [*history, {"role": "user", "content": user_text(text)}]
        try:
            self._rate(request, "answer", lang)
            yield {p.chat: shown}
            stream = ""
            for kind, value in self.svc.answer_events(sid, text):
                if kind == "score":
                    out: Updates = {p.answer: "", p.chat: shown}
                    if value is not None:
                        out |= self._live(self.svc.load_state(sid), lang, hide, value)
                    yield out
                elif kind == "chunk":
                    stream += value
                    yield {p.chat: [*shown, {"role": "assistant", "content": stream}]}
                else:
                    for notice in value.notices:
                        gr.Info(notice)
                    if value.finished:
                        yield self._finished(sid, lang, shown, value.message)
                        return
                    said = shown if value.accepted else history  # an empty answer is not kept in the chat
                    yield {p.chat: [*said, {"role": "assistant", "content": value.message}],
                           **self._live(self.svc.load_state(sid), lang, hide)}
        except InterviewBotError as exc:
            gr.Warning(str(exc))  # the text stays in the box: nothing typed is lost
            yield {p.chat: history}

    def ask_end(self, lang: str) -> tuple[Any, Any]:
        return gr.update(visible=True), gr.update(visible=False)

    def cancel_end(self) -> tuple[Any, Any]:
        return gr.update(visible=False), gr.update(visible=True)

    def on_end(self, sid: str, lang: str, shown: list[dict]) -> Updates:
        if not sid:
            gr.Warning(t("ui.no_interview", lang))
            return {**self.cancel_end_updates()}
        try:
            reply = self.svc.end(sid)
            return self._finished(sid, lang, list(shown or []), reply.message)
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return {**self.cancel_end_updates()}

    def cancel_end_updates(self) -> Updates:
        return {self.p.end_confirm: gr.update(visible=False), self.p.end_btn: gr.update(visible=True)}

    def on_resume(self, sid: str, mine: list[str] | None, hide: bool) -> Updates:
        p, sid = self.p, (sid or "").strip()
        if not sid:
            return {}
        try:
            state, history = self.svc.resume(sid)
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return {}
        lang = state.options.language
        out = chrome(p, lang, mine)
        out[p.lang] = {**out[p.lang], "value": lang}
        out |= {p.sid: sid, p.sid_store: sid}
        if state.status == "finished":
            return out | self._finished(sid, lang)
        last = next((r.score for r in reversed(state.records) if r.score), None)
        score = AnswerScore.model_validate(last) if last else None
        return out | self._active(lang) | self._live(state, lang, hide, score) | {p.chat: chat_history(history)}

    def on_load(self, prefs: dict | None, sid_store: str, mine: list[str], request: gr.Request) -> Updates:
        """Settings kept in this browser come back; the page speaks the browser's language on a first
        visit; an unfinished (or just finished) session kept in the browser is shown again."""
        p, saved = self.p, clean_prefs(prefs, self.svc.bank().topics)
        headers = getattr(request, "headers", None) or {}
        lang = saved.get("lang") or browser_language(headers.get("accept-language", "")) or self.settings.language
        out = chrome(p, lang, mine)
        values = {p.lang: lang, p.n_q: saved.get("n", self.settings.questions),
                  p.difficulty: saved.get("difficulty", "auto"), p.hide: saved.get("hide", False),
                  p.topics: saved.get("topics", self.settings.topics or [])}
        for comp, value in values.items():
            out[comp] = {**out.get(comp, gr.update()), "value": value}
        return out | self.on_resume(sid_store, mine, bool(values[p.hide]))

    def on_lang(self, lang: str, mine: list[str]) -> Updates:
        out = chrome(self.p, lang, mine)
        out.pop(self.p.lang, None)
        return out

    def save_prefs(self, lang: str, n: float, difficulty: str, hide: bool, topics: list[str]) -> dict[str, Any]:
        return clean_prefs({"lang": lang, "n": n, "difficulty": difficulty, "hide": hide, "topics": topics},
                           self.svc.bank().topics)

    def on_delete(self, sid: str, lang: str, mine: list[str] | None) -> Updates:
        """Forget the current session entirely (rows, reports); the page goes back to its welcome state."""
        p = self.p
        if not sid:
            gr.Warning(t("ui.no_interview", lang))
            return {}
        try:
            self.svc.delete(sid)
        except InterviewBotError as exc:
            gr.Warning(str(exc))
            return {}
        gr.Info(t("ui.deleted", lang))
        mine = [m for m in (mine or []) if m != sid]
        return {**self._active(lang), p.sid: "", p.sid_store: "", p.mine: mine, p.chat: [], p.progress: "",
                p.card: "", p.chart: "", p.downloads: "", p.sessions: sessions_table(p, mine, lang)}

    def pick_session(self, evt: gr.SelectData) -> str:
        row = evt.row_value or []
        return str(row[0]) if row else ""


def user_text(text: str) -> str:
    """Candidate text as shown in the chat: literal, so no Markdown image or HTML tag it holds renders."""
    return esc(text)


def chat_history(history: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**m, "content": user_text(m["content"])} if m["role"] == "user" else m for m in history]


def download_links(sid: str, lang: str) -> str:
    """Links to the reports, rendered on demand from the database by whichever replica answers."""
    md, html, pdf = (f"reports/{sid}.{fmt}" for fmt in ("md", "html", "pdf"))
    return t("ui.download_links", lang, md=md, html=html, pdf=pdf)


def content_text(content: Any) -> str:
    """A chat message's text: Gradio 6 hands messages back with content as a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text", ""))
    if isinstance(content, list):
        return "".join(content_text(part) for part in content)
    return ""


def with_closing(shown: list[dict], closing: str) -> list[dict]:
    """The chat as shown, with the closing message added unless it is already the last message."""
    history = [{"role": m.get("role", "assistant"), "content": content_text(m.get("content"))} for m in shown]
    last = history[-1]["content"] if history else ""
    if closing and not last.startswith(closing):
        history.append({"role": "assistant", "content": closing})
    return history


def browser_language(accept_language: str) -> str | None:
    """"fr" or "en", whichever the browser's Accept-Language header prefers first; None if neither."""
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().lower()
        if tag[:2] in ("fr", "en"):
            return tag[:2]
    return None


def clean_prefs(prefs: Any, known_topics: list[str]) -> dict[str, Any]:
    """Settings read back from the browser, keeping only valid values (the rest falls back to defaults)."""
    if not isinstance(prefs, dict):
        return {}
    out: dict[str, Any] = {}
    if prefs.get("lang") in ("fr", "en"):
        out["lang"] = prefs["lang"]
    try:
        n = int(prefs.get("n"))  # type: ignore[arg-type]
        if 1 <= n <= 15:
            out["n"] = n
    except (TypeError, ValueError):
        pass
    if prefs.get("difficulty") in DIFFICULTIES:
        out["difficulty"] = prefs["difficulty"]
    if isinstance(prefs.get("hide"), bool):
        out["hide"] = prefs["hide"]
    if isinstance(prefs.get("topics"), list):
        out["topics"] = [tp for tp in prefs["topics"] if tp in known_topics]
    return out


def _topic(topic: str, lang: str) -> str:
    from ..i18n import topic_name

    return topic_name(topic, lang)


def _num(settings: Settings, lang: str) -> str:
    from ..i18n import num

    return num(settings.max_answer_chars, lang)
