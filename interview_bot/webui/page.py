"""The page's layout, its theme, and its words in one language (``chrome``).

``build_page`` creates the components once; ``chrome(lang)`` returns every label, button text and hint in
that language, so switching language (or reloading a French session) relabels the whole page — including
``#page-words``, a hidden element the page's script reads for the tab title, ``<html lang>`` and the
texts it needs (see ``webui/assets.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

import gradio as gr

from ..config import Settings
from ..errors import InterviewBotError
from ..i18n import engine_words, num, t
from ..interview.profile import load_profile, role_name
from ..interview.service import InterviewService
from .assets import CSS, head
from .text import N_MAX, N_MIN, session_label, topic_choices

MY_SESSIONS = 30

__all__ = ["CSS", "MY_SESSIONS", "Page", "browser_secret", "build_page", "chrome", "head", "sessions_list", "theme"]


def theme() -> gr.themes.Base:
    """One theme for the whole page; local fonts only (no font download from a third party)."""
    return gr.themes.Soft(
        primary_hue="indigo", secondary_hue="sky", neutral_hue="slate",
        font=["system-ui", "Segoe UI", "DejaVu Sans", "sans-serif"],
        font_mono=["ui-monospace", "DejaVu Sans Mono", "monospace"],
    )


def browser_secret(settings: Settings) -> str:
    """The key that encrypts what is kept in the browser. Gradio sends it to the browser, so it is a key
    derived for this purpose only, never the app secret (``identity.browser_state_key``)."""
    from ..identity import browser_state_key

    return browser_state_key(settings)


@dataclass
class Page:
    demo: gr.Blocks
    settings: Settings
    svc: InterviewService
    sid: Any = None
    turn: Any = None
    sid_store: Any = None
    mine: Any = None
    me: Any = None
    prefs: Any = None
    title: Any = None
    words: Any = None
    lang: Any = None
    n_q: Any = None
    difficulty: Any = None
    hide: Any = None
    start_btn: Any = None
    start_confirm: Any = None
    start_text: Any = None
    start_keep: Any = None
    start_new: Any = None
    engine: Any = None
    topics_box: Any = None
    topics_hint: Any = None
    topics: Any = None
    sessions_box: Any = None
    sessions: Any = None
    resume_id: Any = None
    resume_btn: Any = None
    progress: Any = None
    chat: Any = None
    stale: Any = None
    stale_text: Any = None
    refresh_btn: Any = None
    answer: Any = None
    send_btn: Any = None
    end_btn: Any = None
    end_confirm: Any = None
    end_text: Any = None
    end_yes: Any = None
    end_no: Any = None
    new_btn: Any = None
    live: Any = None
    card: Any = None
    chart: Any = None
    report_area: Any = None
    report_title: Any = None
    downloads: Any = None
    report_md: Any = None
    delete_btn: Any = None

    @property
    def chrome_outputs(self) -> list[Any]:
        return [self.title, self.words, self.lang, self.n_q, self.difficulty, self.hide, self.start_btn,
                self.start_text, self.start_keep, self.start_new, self.engine, self.topics_box, self.topics_hint, self.topics,
                self.sessions_box, self.sessions, self.resume_id, self.resume_btn, self.chat, self.stale_text,
                self.refresh_btn, self.answer, self.send_btn, self.end_btn, self.end_text, self.end_yes,
                self.end_no, self.new_btn, self.report_title, self.delete_btn]

    @property
    def all_outputs(self) -> list[Any]:
        """Everything a turn, a start, an end or a resume may change."""
        session = [self.sid, self.turn, self.sid_store, self.mine, self.me, self.progress, self.start_confirm,
                   self.stale, self.end_confirm, self.live, self.card, self.chart, self.report_area,
                   self.report_md, self.downloads]
        return list(dict.fromkeys(session + self.chrome_outputs))

    @property
    def settings_inputs(self) -> list[Any]:
        return [self.lang, self.n_q, self.difficulty, self.hide, self.topics]

    @property
    def until_loaded(self) -> list[Any]:
        """The controls a person could use before the page's load event has put back the settings kept in
        this browser: they start disabled and ``on_load`` enables them. (Enabled at once, a count typed or
        a topic ticked in the first seconds was overwritten by the stored or default settings when the
        load answered — seconds later on a busy server — and a Start clicked then was cleared by it.)"""
        return [*self.settings_inputs, self.start_btn, self.sessions, self.resume_id, self.resume_btn,
                self.delete_btn]


def _behavioral(svc: InterviewService) -> set[str]:
    bank = svc.bank()
    technical = {q.topic for q in bank.questions.values() if q.kind == "technical"}
    return {tp for tp in bank.topics if tp not in technical}


def page_words(settings: Settings, lang: str) -> str:
    """The hidden element the page's script reads (``webui/assets.py``): language, tab title, and the
    texts it shows by itself (confirm before clearing, the answer hint on a touch screen)."""
    data = {
        "lang": lang,
        "title": t("ui.title", lang, role=role_of(settings, lang)),
        "confirm-clear": t("ui.confirm_clear", lang),
        "touch": t("ui.placeholder_touch", lang, limit=num(settings.max_answer_chars, lang)),
    }
    attrs = " ".join(f'data-{k}="{escape(v, quote=True)}"' for k, v in data.items())
    return f'<div aria-hidden="true" {attrs}>{lang}</div>'


def role_of(settings: Settings, lang: str) -> str:
    """The job title from the configured role profile (the shipped one's if that profile is broken: it is
    reported where the recruiter needs it, not on the page)."""
    try:
        return role_name(lang, settings.role_profile)
    except InterviewBotError:
        return role_name(lang)


def heading(settings: Settings, lang: str) -> str:
    """The page title; under it, while the role profile is the shipped example, a notice saying so."""
    title = f"# {t('ui.title', lang, role=role_of(settings, lang))}"
    try:
        example = load_profile(settings.role_profile).example is not None
    except InterviewBotError:  # a broken profile is reported where the recruiter needs it, not here
        example = False
    return f"{title}\n\n{t('ui.role_example', lang)}" if example else title


def chrome(p: Page, lang: str, mine: list[str] | None = None) -> dict[Any, Any]:
    """Every fixed word of the page in ``lang`` (labels, buttons, hints, the sessions list)."""
    s, L = p.settings, lang
    engine = engine_words(s.engine_name if p.svc.model else "offline", s.model, L)
    return {
        p.title: heading(s, L),
        p.words: page_words(s, L),
        p.lang: gr.update(label=t("ui.language", L)),
        p.n_q: gr.update(label=t("ui.n_questions", L)),
        p.difficulty: gr.update(label=t("ui.difficulty", L),
                                choices=[(t("ui.difficulty_auto", L), "auto"), ("1", "1"), ("2", "2"), ("3", "3")]),
        p.hide: gr.update(label=t("ui.hide_scores", L)),
        p.start_btn: gr.update(value=t("ui.start", L)),
        p.start_text: t("ui.confirm_start", L),
        p.start_keep: gr.update(value=t("ui.start_keep", L)),
        p.start_new: gr.update(value=t("ui.start_new", L)),
        p.engine: t("ui.backend", L, backend=engine),
        p.topics_box: gr.update(label=t("ui.topics", L)),
        p.topics_hint: t("ui.topics_hint", L),
        p.topics: gr.update(choices=topic_choices(p.svc.bank().topics, _behavioral(p.svc), L), label=t("ui.topics", L)),
        p.sessions_box: gr.update(label=t("ui.sessions", L)),
        p.sessions: sessions_list(p, mine or [], L),
        p.resume_id: gr.update(label=t("ui.resume_id", L)),
        p.resume_btn: gr.update(value=t("ui.resume", L)),
        p.chat: gr.update(label=t("ui.chat", L), placeholder=t("ui.welcome", L)),
        p.stale_text: t("ui.moved_on", L),
        p.refresh_btn: gr.update(value=t("ui.refresh", L)),
        p.answer: gr.update(label=t("ui.answer", L)),
        p.send_btn: gr.update(value=t("ui.send", L)),
        p.end_btn: gr.update(value=t("ui.end", L)),
        p.end_text: t("ui.confirm_end", L),
        p.end_yes: gr.update(value=t("ui.end_yes", L)),
        p.end_no: gr.update(value=t("ui.end_no", L)),
        p.new_btn: gr.update(value=t("ui.new", L)),
        p.report_title: f"### {t('ui.report_heading', L)}",
        p.delete_btn: gr.update(value=t("ui.delete", L)),
    }


def sessions_list(p: Page, mine: list[str], lang: str, value: str | None = None) -> dict[str, Any]:
    """Only the sessions this browser started (other people's are never listed), newest first, each in
    words: date, topics asked, status, score. ``mine`` holds their resume codes (owner tokens), each
    checked (the browser's storage is the browser's to change); a choice's value is its resume code."""
    from ..ownership import from_code

    choices, codes = [], {}
    for code in mine:
        try:
            sid = from_code(p.svc, code)
            if sid is None:
                continue
            view = p.svc.session(sid)
        except (InterviewBotError, ValueError):
            continue
        label = session_label(view.created_at, [rec.topic for rec in view.state.records], view.status == "finished",
                              view.overall, lang)
        choices.append((label, code))
        codes[view.session_id] = code
    chosen = codes.get(value or "") or (value if value in codes.values() else None)  # an id or a code
    return gr.update(choices=choices, value=chosen, info=t("ui.no_sessions", lang), label=t("ui.sessions", lang))


def build_page(settings: Settings, svc: InterviewService) -> Page:
    L = settings.language
    with gr.Blocks(title=t("ui.title", L, role=role_of(settings, L)), analytics_enabled=False) as demo:
        p = Page(demo=demo, settings=settings, svc=svc)
        secret = browser_secret(settings)
        p.sid = gr.State("")
        p.turn = gr.State(-1)  # ``state.turn`` of the question this tab shows (a stale tab is refused)
        p.sid_store = gr.BrowserState("", storage_key="interview_bot_session", secret=secret)
        p.mine = gr.BrowserState([], storage_key="interview_bot_my_sessions", secret=secret)
        p.me = gr.BrowserState("", storage_key="interview_bot_candidate", secret=secret)
        p.prefs = gr.BrowserState({}, storage_key="interview_bot_settings", secret=secret)
        p.title = gr.Markdown(heading(settings, L))
        p.words = gr.Markdown(page_words(settings, L), elem_id="page-words", sanitize_html=False)
        with gr.Row():
            with gr.Column(scale=1, min_width=280):
                _setup_column(p, L)
            with gr.Column(scale=3):
                _interview_column(p, L)
    return p


def _setup_column(p: Page, L: str) -> None:
    s = p.settings
    # Every control below starts disabled: ``on_load`` enables it once the kept settings are back
    # (``Page.until_loaded``).
    p.lang = gr.Radio([("English", "en"), ("Français", "fr")], value=L, label=t("ui.language", L),
                      interactive=False)
    p.n_q = gr.Slider(N_MIN, N_MAX, value=s.questions, step=1, label=t("ui.n_questions", L), elem_id="n-questions",
                      buttons=[], interactive=False)
    p.difficulty = gr.Dropdown([(t("ui.difficulty_auto", L), "auto"), ("1", "1"), ("2", "2"), ("3", "3")],
                               value="auto", label=t("ui.difficulty", L), interactive=False)
    p.hide = gr.Checkbox(False, label=t("ui.hide_scores", L), interactive=False)
    p.start_btn = gr.Button(t("ui.start", L), variant="primary", elem_id="start", interactive=False)
    with gr.Column(visible=False, elem_id="start-confirm") as p.start_confirm:
        p.start_text = gr.Markdown(t("ui.confirm_start", L))
        p.start_keep = gr.Button(t("ui.start_keep", L), size="sm")
        p.start_new = gr.Button(t("ui.start_new", L), variant="stop", size="sm")
    p.engine = gr.Markdown("", elem_id="engine")
    with gr.Accordion(t("ui.topics", L), open=False) as p.topics_box:
        p.topics_hint = gr.Markdown(t("ui.topics_hint", L), elem_id="topics-hint")
        p.topics = gr.CheckboxGroup(topic_choices(p.svc.bank().topics, _behavioral(p.svc), L),
                                    value=s.topics or [], label=t("ui.topics", L), show_label=False, elem_id="topics",
                                    interactive=False)
    with gr.Accordion(t("ui.sessions", L), open=False) as p.sessions_box:
        # labelled though the label is not shown: else the group is named after Gradio's "Radio"
        p.sessions = gr.Radio([], label=t("ui.sessions", L), show_label=False, elem_id="sessions",
                              info=t("ui.no_sessions", L), interactive=False)
        p.resume_id = gr.Textbox(label=t("ui.resume_id", L), max_lines=1, elem_id="resume-id", interactive=False)
        p.resume_btn = gr.Button(t("ui.resume", L), interactive=False)
        p.delete_btn = gr.Button(t("ui.delete", L), variant="secondary", size="sm", interactive=False)


def _interview_column(p: Page, L: str) -> None:
    # gr.Markdown, not gr.HTML: gr.HTML evaluates templates as JavaScript, which the page's CSP forbids.
    # Our HTML/SVG here is built from escaped text (webui/widgets.py).
    p.progress = gr.Markdown("", elem_id="progress", sanitize_html=False)
    p.chat = gr.Chatbot(label=t("ui.chat", L), show_label=False, height=460, sanitize_html=True, elem_id="chat",
                        group_consecutive_messages=False, buttons=["copy"], feedback_options=None,
                        placeholder=t("ui.welcome", L))
    with gr.Row(visible=False, elem_id="stale-row") as p.stale:
        p.stale_text = gr.Markdown(t("ui.moved_on", L))
        p.refresh_btn = gr.Button(t("ui.refresh", L), variant="primary", size="sm")
    p.answer = gr.Textbox(label=t("ui.answer", L), lines=1, max_lines=14, elem_id="answer", interactive=False,
                          placeholder=t("ui.placeholder_idle", L))
    with gr.Row():
        p.send_btn = gr.Button(t("ui.send", L), variant="primary", interactive=False, elem_id="send")
        p.end_btn = gr.Button(t("ui.end", L), variant="stop", interactive=False, elem_id="end")
        p.new_btn = gr.Button(t("ui.new", L), variant="primary", visible=False, elem_id="new")
    with gr.Row(visible=False, elem_id="end-confirm") as p.end_confirm:
        p.end_text = gr.Markdown(t("ui.confirm_end", L))
        p.end_yes = gr.Button(t("ui.end_yes", L), variant="stop", size="sm")
        p.end_no = gr.Button(t("ui.end_no", L), size="sm")
    with gr.Row(equal_height=False, elem_id="live") as p.live:
        p.card = gr.Markdown("", elem_id="score-card")
        p.chart = gr.Markdown("", elem_id="score-chart", sanitize_html=False)
    with gr.Column(visible=False, elem_id="report-area") as p.report_area:
        with gr.Row(equal_height=True):
            p.report_title = gr.Markdown(f"### {t('ui.report_heading', L)}")
            p.downloads = gr.Markdown("", elem_id="downloads")  # links: reports are rendered on demand
        p.report_md = gr.Markdown("", elem_id="report")
