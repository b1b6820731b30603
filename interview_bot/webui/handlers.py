"""What the page does on each click: small methods returning ``{component: update}`` dicts.

The page has three moods: before an interview (welcome: Send and End disabled), during one (input
enabled, live score card and chart), and after it (report at the top of the report area, downloads beside
it, input closed, "Start a new interview"). ``_idle``, ``_active`` and ``_finished`` set every component
that differs between them, so each event leaves the page in one coherent mood — and no event ever
returns nothing (Gradio counts an empty dict as one missing value and shows an error badge).

Every answer carries ``turn``, the ``state.turn`` of the question this tab shows: if another tab moved
the interview on, the answer is refused, its text stays in the box and the tab offers to show the latest
question.

Who may see a session: its owner. The browser keeps resume codes (owner tokens, ``ownership.py``), never
bare ids; ``p.sid`` (server-side ``gr.State``) only ever holds an id this tab proved it owns (a start, a
resume code, the code kept in this browser), so every later event can trust it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from .. import api, ownership
from ..config import Settings
from ..errors import InputError, InterviewBotError, StaleWrite
from ..i18n import lang_of, t
from ..identity import owner_sid
from ..interview.service import InterviewService
from ..interview.state import ChunkEvent, InterviewState, Reply, ReplyEvent, ScoreEvent
from ..report import build_report, render_markdown
from ..report.evidence import with_sentences
from ..web import RateLimiter
from .page import MY_SESSIONS, Page, chrome, sessions_list
from .text import (  # noqa: F401  (re-exported: older imports)
    DIFFICULTIES,
    browser_language,
    chat_history,
    clean_prefs,
    content_text,
    user_text,
    with_closing,
)
from .widgets import QuestionView, closed_card, progress_html, score_card, score_chart_svg

Updates = dict[Any, Any]


def _is_update(value: Any) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update"


def merge(*parts: Updates) -> Updates:
    """Several update dicts as one: for a component in more than one, the properties are merged (a plain
    value is the ``value`` property; a later one wins), so relabelling and a change of mood never cancel
    each other."""
    out: Updates = {}
    for part in parts:
        for comp, upd in part.items():
            if comp in out and (_is_update(upd) or _is_update(out[comp])):
                old = out[comp] if _is_update(out[comp]) else gr.update(value=out[comp])
                out[comp] = {**old, **(upd if _is_update(upd) else {"value": upd})}
            else:
                out[comp] = upd
    return out


def as_text(message: str) -> str:
    """A toast's message as text: Gradio renders toasts as (sanitised) HTML, so an echoed input is escaped."""
    import html

    return html.escape(message, quote=False)


def warn(message: str, lang: str) -> None:
    gr.Warning(as_text(message), title=t("ui.toast_warning", lang))


def info(message: str, lang: str) -> None:
    gr.Info(as_text(message), title=t("ui.toast_info", lang))


def download_links(svc: InterviewService, sid: str, lang: str) -> str:
    """Signed links to the reports (valid ``ownership.LINK_TTL`` seconds; a reload makes new ones),
    rendered on demand from the database by whichever replica answers."""
    md, html, pdf = (ownership.report_link(svc, sid, fmt) for fmt in ownership.FORMATS)
    return t("ui.download_links", lang, md=md, html=html, pdf=pdf)


def code_of(sid: str, mine: list[str] | None) -> str | None:
    """The resume code this browser keeps for session ``sid``, if any."""
    return next((m for m in (mine or []) if isinstance(m, str) and owner_sid(m) == sid), None)


class Handlers:
    def __init__(self, svc: InterviewService, page: Page, settings: Settings, limiter: RateLimiter):
        self.svc, self.p, self.settings, self.limiter = svc, page, settings, limiter

    def _rate(self, request: gr.Request | None, action: str, lang: str) -> None:
        api.check_rate(self.limiter, request, action, lang)

    def _start(self, me: str, **kw: Any) -> tuple[Reply, str]:
        """Progress in the report covers this browser's sessions only: the candidate token issued by
        the app is kept in the browser. A token this app did not issue (an older label) is replaced.
        Returns the reply and the owner token (the resume code), kept in this browser only."""
        try:
            return ownership.start(self.svc, candidate=me or None, **kw)
        except InputError:
            if not me:
                raise
            return ownership.start(self.svc, candidate=None, **kw)

    def _state(self, sid: str) -> InterviewState | None:
        if not sid:
            return None
        try:
            return self.svc.load_state(sid)
        except InterviewBotError:
            return None

    # ---- views of the interview state ----------------------------------------------------------------
    def _views(self, state: InterviewState) -> list[QuestionView]:
        bank, lg = self.svc.bank(), state.options.language  # the interview's language
        views = []
        for i, rec in enumerate(state.records, 1):
            q = bank.questions.get(rec.question_id)
            views.append(QuestionView(
                index=i, topic=_topic(rec.topic, lg), text=q.text.get(lg) if q else rec.question_id,
                overall=rec.overall, answered=bool(rec.answers),
                open=state.status == "active" and i == len(state.records)))
        return views

    def _card(self, state: InterviewState, lang: str, hide: bool) -> str:
        """The card follows the interview: the last question the candidate reacted to (answered,
        skipped, "I don't know", a hint), with its missed points once it has closed, for any reason."""
        touched = [i for i, r in enumerate(state.records) if r.answers or r.outcome or r.hints or r.events]
        if not touched:
            return ""
        if hide:
            return t("ui.card_hidden", lang)
        idx = touched[-1]
        rec, views = state.records[idx], self._views(state)
        pending = state.status == "active" and idx == len(state.records) - 1
        if rec.score is not None:
            score = with_sentences(rec.score, "\n\n".join(rec.answers))
            return score_card(score, views[idx], state.n_questions, lang, follow_up_pending=pending)
        if pending:  # a hint or a clarification so far: nothing scored yet
            return ""
        q = self.svc.bank().questions.get(rec.question_id)
        lg = state.options.language
        note = t(f"report.{rec.outcome or 'not_answered'}", lang)
        return closed_card(views[idx], state.n_questions, lang, note, [k.text.get(lg) for k in q.key_points] if q else [])

    def _live(self, state: InterviewState, lang: str, hide: bool) -> Updates:
        """Progress chips, the chart and the score card, from the state."""
        p, views = self.p, self._views(state)
        finished = state.status == "finished"
        return {p.progress: progress_html(views, state.n_questions, lang, finished, show_scores=not hide),
                p.chart: "" if hide else score_chart_svg(views, lang), p.card: self._card(state, lang, hide),
                p.turn: state.turn}

    def _idle(self, lang: str) -> Updates:
        """No interview: the welcome, the settings, Start; Send and End disabled."""
        p = self.p
        return {
            p.sid: "", p.sid_store: "", p.turn: -1, p.chat: [], p.progress: "", p.card: "", p.chart: "",
            p.answer: gr.update(interactive=False, placeholder=t("ui.placeholder_idle", lang)),
            p.send_btn: gr.update(visible=True, interactive=False), p.end_btn: gr.update(visible=True, interactive=False),
            p.new_btn: gr.update(visible=False), p.start_btn: gr.update(visible=True),
            p.start_confirm: gr.update(visible=False), p.end_confirm: gr.update(visible=False),
            p.stale: gr.update(visible=False), p.live: gr.update(visible=True),
            p.report_area: gr.update(visible=False), p.report_md: "", p.downloads: "",
        }

    def _active(self, lang: str) -> Updates:
        p = self.p
        return {
            p.answer: gr.update(interactive=True, placeholder=t("ui.placeholder", lang, limit=_num(self.settings, lang))),
            p.send_btn: gr.update(visible=True, interactive=True), p.end_btn: gr.update(visible=True, interactive=True),
            p.start_btn: gr.update(visible=True), p.start_confirm: gr.update(visible=False),
            p.end_confirm: gr.update(visible=False), p.stale: gr.update(visible=False),
            p.new_btn: gr.update(visible=False), p.live: gr.update(visible=True),
            p.report_area: gr.update(visible=False), p.report_md: "",
        }

    def _finished(self, sid: str, lang: str, mine: list[str] | None, shown: list[dict[str, Any]] | None = None,
                  closing: str = "") -> Updates:
        """The end of an interview: the report at once, downloads beside it, the input closed, the
        sessions list up to date. The chat keeps what it shows (``shown``) plus the closing message once,
        then says where the report is."""
        p = self.p
        report = build_report(self.svc, sid)
        state, stored = self.svc.resume(sid)
        history = chat_history(stored) if shown is None else with_closing(shown, closing)
        if history and history[-1]["role"] == "assistant":
            text = content_text(history[-1]["content"])
            history[-1] = {"role": "assistant", "content": f"{text}\n\n*{t('ui.report_below', lang)}*"}
        code = code_of(sid, mine)
        return {
            p.sid: sid, p.sid_store: code if code else gr.update(), p.turn: state.turn, p.chat: history,
            p.progress: progress_html(self._views(state), state.n_questions, lang, True, show_scores=True),
            p.live: gr.update(visible=False), p.card: "", p.chart: "",
            p.report_area: gr.update(visible=True), p.report_md: render_markdown(report),
            p.downloads: download_links(self.svc, sid, lang),
            p.answer: gr.update(value="", interactive=False, placeholder=t("ui.placeholder_done", lang)),
            p.send_btn: gr.update(visible=False), p.end_btn: gr.update(visible=False),
            p.start_btn: gr.update(visible=False), p.start_confirm: gr.update(visible=False),
            p.end_confirm: gr.update(visible=False), p.stale: gr.update(visible=False),
            p.new_btn: gr.update(visible=True), p.sessions: sessions_list(p, mine or [], lang, sid),
        }

    # ---- events ---------------------------------------------------------------------------------------
    def on_start_click(self, lang: str, n: float, difficulty: str, hide: bool, topics: list[str],
                       mine: list[str], me: str, sid: str, request: gr.Request) -> Updates:
        """Start, unless an interview is running in this tab: then ask "continue it or start a new one?"."""
        state = self._state(sid)
        if state is not None and state.status == "active":
            return {self.p.start_confirm: gr.update(visible=True), self.p.start_btn: gr.update(visible=False),
                    self.p.end_confirm: gr.update(visible=False)}
        return self.on_start(lang, n, difficulty, hide, topics, mine, me, request)

    def keep_interview(self) -> Updates:
        return {self.p.start_confirm: gr.update(visible=False), self.p.start_btn: gr.update(visible=True)}

    def on_start_new(self, lang: str, n: float, difficulty: str, hide: bool, topics: list[str],
                     mine: list[str], me: str, sid: str, request: gr.Request) -> Updates:
        """Start a new interview in place of the running one, which is ended (its report stays)."""
        state = self._state(sid)
        if state is not None and state.status == "active":
            try:
                self.svc.end(sid)
            except InterviewBotError as exc:
                warn(exc.render(lang), lang)
                return self.keep_interview()
        return self.on_start(lang, n, difficulty, hide, topics, mine, me, request)

    def on_start(self, lang: str, n: float, difficulty: str, hide: bool, topics: list[str],
                 mine: list[str], me: str, request: gr.Request) -> Updates:
        p, lang = self.p, lang_of(lang)
        try:
            self._rate(request, "start", lang)
            r, code = self._start(me, language=lang, n_questions=int(n), topics=topics or None,
                                  difficulty=None if difficulty == "auto" else int(difficulty))
            state = self.svc.load_state(r.session_id)
        except InterviewBotError as exc:
            warn(exc.render(lang), lang)
            return self.keep_interview()
        for notice in r.notices:
            info(notice, lang)
        mine = [code, *[m for m in (mine or []) if isinstance(m, str) and owner_sid(m) != r.session_id]][:MY_SESSIONS]
        return merge(self._active(lang), self._live(state, lang, hide), {
                p.sid: r.session_id, p.sid_store: code, p.mine: mine, p.me: r.candidate_token, p.resume_id: code,
                p.chat: [{"role": "assistant", "content": r.message}], p.answer: gr.update(
                    value="", interactive=True, placeholder=t("ui.placeholder", lang, limit=_num(self.settings, lang))),
                p.sessions: sessions_list(p, mine, lang, r.session_id)})

    def on_send(self, text: str, sid: str, turn: int, history: list[dict[str, Any]], hide: bool, lang: str,
                mine: list[str], request: gr.Request) -> Iterator[Updates]:
        p = self.p
        if not sid:
            warn(t("ui.start_first", lang), lang)
            yield self._idle(lang)
            return
        history = list(history or [])
        shown = [*history, {"role": "user", "content": user_text(text)}]
        try:
            self._rate(request, "answer", lang)
            yield {p.chat: shown}
            stream = ""
            shown_turn = None if turn is None or int(turn) < 0 else int(turn)
            for event in self.svc.answer_events(sid, text, shown_turn):
                match event:
                    case ScoreEvent(score=score):
                        out: Updates = {p.answer: "", p.chat: shown}
                        if score is not None:
                            st = self.svc.load_state(sid)
                            out |= {p.card: self._card(st, lang, hide)}
                        yield out
                    case ChunkEvent(text=chunk):
                        stream += chunk
                        yield {p.chat: [*shown, {"role": "assistant", "content": stream}]}
                    case ReplyEvent(reply=reply):
                        for notice in reply.notices:
                            info(notice, lang)
                        if reply.finished:
                            yield self._finished(sid, lang, mine, shown, reply.message)
                            return
                        said = shown if reply.accepted else history  # an empty answer is not kept in the chat
                        yield {p.chat: [*said, {"role": "assistant", "content": reply.message}],
                               **self._live(self.svc.load_state(sid), lang, hide)}
        except StaleWrite:
            warn(t("ui.moved_on", lang), lang)  # the text stays in the box: nothing typed is lost
            yield {p.chat: history, p.stale: gr.update(visible=True)}
        except InterviewBotError as exc:
            warn(exc.render(lang), lang)  # the text stays in the box: nothing typed is lost
            yield {p.chat: history}

    def ask_end(self, sid: str, lang: str) -> Updates:
        if self._state(sid) is None:
            warn(t("ui.no_interview", lang), lang)
            return {self.p.end_confirm: gr.update(visible=False)}
        return {self.p.end_confirm: gr.update(visible=True), self.p.end_btn: gr.update(visible=False),
                self.p.start_confirm: gr.update(visible=False), self.p.start_btn: gr.update(visible=True)}

    def cancel_end(self) -> Updates:
        return {self.p.end_confirm: gr.update(visible=False), self.p.end_btn: gr.update(visible=True)}

    def on_end(self, sid: str, lang: str, shown: list[dict[str, Any]], mine: list[str]) -> Updates:
        if not sid:
            warn(t("ui.no_interview", lang), lang)
            return self._idle(lang)
        try:
            reply = self.svc.end(sid)
            return self._finished(sid, lang, mine, list(shown or []), reply.message)
        except InterviewBotError as exc:
            warn(exc.render(lang), lang)
            return self.cancel_end()

    def on_resume(self, code: str, mine: list[str] | None, hide: bool, lang: str, request: gr.Request) -> Updates:
        """Show the session a resume code opens (from the list, the code box, or this browser's storage);
        a session id alone opens nothing."""
        p, code = self.p, code.strip() if isinstance(code, str) else ""
        if not code:
            warn(t("ui.pick_session", lang), lang)
            return {p.resume_id: gr.update()}
        try:
            self._rate(request, "resume", lang)
            sid = ownership.from_code(self.svc, code)
            if sid is None:
                raise InputError(t("error.resume_code", lang))
        except InterviewBotError as exc:
            warn(exc.render(lang), lang)
            return {p.resume_id: gr.update()}
        if code_of(sid, mine) is None:  # opened here from another browser: this one keeps the code too
            mine = [code, *(mine or [])][:MY_SESSIONS]
        return self._show(sid, code, mine, hide, lang)

    def on_refresh(self, sid: str, mine: list[str] | None, hide: bool, lang: str) -> Updates:
        """"Show the latest question": ``sid`` is this tab's server-side state, already proven."""
        if not sid:
            warn(t("ui.pick_session", lang), lang)
            return {self.p.resume_id: gr.update()}
        return self._show(sid, code_of(sid, mine), mine, hide, lang)

    def _show(self, sid: str, code: str | None, mine: list[str] | None, hide: bool, lang: str) -> Updates:
        """Show session ``sid``, whose ownership the caller has checked."""
        p = self.p
        try:
            state, history = self.svc.resume(sid)
        except InterviewBotError as exc:
            warn(exc.render(lang), lang)
            return {p.resume_id: gr.update()}
        lang = state.options.language
        out = chrome(p, lang, mine)
        out[p.lang] = {**out[p.lang], "value": lang}
        out = merge(out, {p.sid: sid, p.sessions: sessions_list(p, mine or [], lang, sid)})
        if code:
            out = merge(out, {p.sid_store: code, p.resume_id: code, p.mine: mine})
        if state.status == "finished":
            return merge(out, self._finished(sid, lang, mine))
        return merge(out, self._active(lang), self._live(state, lang, hide), {p.chat: chat_history(history)})

    def on_load(self, prefs: dict[str, Any] | None, sid_store: str, mine: list[str], request: gr.Request) -> Updates:
        """Settings kept in this browser come back; the page speaks the browser's language on a first
        visit; an unfinished (or just finished) session kept in the browser is shown again."""
        p, saved = self.p, clean_prefs(prefs, self.svc.bank().topics)
        headers = getattr(request, "headers", None) or {}
        lang = saved.get("lang") or browser_language(headers.get("accept-language", "")) or self.settings.language
        out = merge(chrome(p, lang, mine), self._idle(lang), {p.lang: lang})
        sid = ownership.from_code(self.svc, sid_store) if sid_store else None  # checked: the browser's to change
        if sid is not None:
            out = merge(out, self._show(sid, sid_store, mine, bool(saved.get("hide", False)), lang))
        values = {p.n_q: saved.get("n", self.settings.questions), p.difficulty: saved.get("difficulty", "auto"),
                  p.hide: saved.get("hide", False), p.topics: saved.get("topics", self.settings.topics or [])}
        usable = {comp: gr.update(interactive=True) for comp in p.until_loaded}  # disabled until now
        return merge(out, values, usable)  # after the resume: the settings the person chose win

    def on_lang(self, lang: str, mine: list[str], sid: str) -> Updates:
        p, out = self.p, chrome(self.p, lang, mine)
        out[p.lang] = {**out[p.lang], "value": lang}  # relabelled, its value said again (else it is reset)
        state = self._state(sid)
        key = "ui.placeholder_idle" if state is None else "ui.placeholder" if state.status == "active" else "ui.placeholder_done"
        out[p.answer] = {**out[p.answer], "placeholder": t(key, lang, limit=_num(self.settings, lang))}
        out[p.sessions] = sessions_list(p, mine or [], lang, sid)
        return out

    def save_prefs(self, lang: str, n: float, difficulty: str, hide: bool, topics: list[str]) -> dict[str, Any]:
        return clean_prefs({"lang": lang, "n": n, "difficulty": difficulty, "hide": hide, "topics": topics},
                           self.svc.bank().topics)

    def on_delete(self, sid: str, lang: str, mine: list[str] | None) -> Updates:
        """Forget the current session entirely (rows, reports); the page goes back to its welcome state."""
        p = self.p
        if not sid:
            warn(t("ui.no_interview", lang), lang)
            return {p.delete_btn: gr.update()}
        try:
            self.svc.delete(sid)
        except InterviewBotError as exc:
            warn(exc.render(lang), lang)
            return {p.delete_btn: gr.update()}
        info(t("ui.deleted", lang), lang)
        mine = [m for m in (mine or []) if isinstance(m, str) and owner_sid(m) != sid]
        return merge(self._idle(lang), {p.mine: mine, p.resume_id: "", p.sessions: sessions_list(p, mine, lang)})

    def pick_session(self, code: str | None) -> str:
        """The resume code of the session picked in this browser's list (its choices' values)."""
        return code or ""


def _topic(topic: str, lang: str) -> str:
    from ..i18n import topic_name

    return topic_name(topic, lang)


def _num(settings: Settings, lang: str) -> str:
    from ..i18n import num

    return num(settings.max_answer_chars, lang)
