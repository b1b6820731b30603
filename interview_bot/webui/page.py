"""The page's layout, its theme, and its words in one language (``chrome``).

``build_page`` creates the components once; ``chrome(lang)`` returns every label, button text and hint in
that language, so switching language (or reloading a French session) relabels the whole page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ..config import Settings
from ..i18n import engine_words, num, role_name, t, topic_name
from ..interview.service import InterviewService

MY_SESSIONS = 30

CSS = """
.gradio-container { max-width: 1280px !important; }
#answer textarea { min-height: 6.5em; }
.progress { display: flex; flex-wrap: wrap; gap: .4rem .8rem; align-items: center; }
.progress-title { font-weight: 600; }
.chips { display: flex; flex-wrap: wrap; gap: .35rem; }
.chip { border-radius: 999px; padding: .1rem .6rem; font-size: .85em; border: 1px solid var(--border-color-primary);
  background: var(--background-fill-secondary); white-space: nowrap; }
.chip.open { border-color: var(--color-accent); color: var(--color-accent); font-weight: 600; }
.chip.done { background: var(--color-accent-soft); }
.chip.todo { color: var(--body-text-color-subdued); }
.score-chart { width: 100%; max-width: 340px; height: auto; font-family: inherit; }
.score-chart .grid { stroke: var(--border-color-primary); stroke-width: 1; }
.score-chart .tick { font-size: 9px; fill: var(--body-text-color-subdued); }
.score-chart .val { font-size: 9px; font-weight: 600; fill: var(--body-text-color); }
.score-chart .bar.good { fill: #2f855a; } .score-chart .bar.mid { fill: #b7791f; }
.score-chart .bar.low { fill: #c53030; } .score-chart .bar.na { fill: #a0aec0; }
.chart-empty { color: var(--body-text-color-subdued); font-size: .9em; }
#report-area { border-top: 3px solid var(--color-accent); padding-top: .5rem; }
#engine { color: var(--body-text-color-subdued); font-size: .85em; }
"""

# The only script of our own (inline: the page's CSP allows inline scripts but never evaluates strings,
# so no ``js=`` event callbacks). (1) The chat's trash icon clears the conversation shown: ask first (the
# interview itself is kept). (2) When the report area appears, bring it into view.
HEAD = """<script>
document.addEventListener('click', (e) => {
  const btn = e.target.closest && e.target.closest('#chat button');
  if (!btn) return;
  const name = (btn.getAttribute('aria-label') || btn.getAttribute('title') || '').toLowerCase();
  if (!/clear|effacer|supprimer|vider/.test(name)) return;
  const text = document.querySelector('#confirm-clear-text [data-text]');
  if (!window.confirm(text ? text.dataset.text : 'Clear the conversation?')) {
    e.preventDefault(); e.stopImmediatePropagation();
  }
}, true);
let reportShown = false;
new MutationObserver(() => {
  const area = document.getElementById('report-area');
  const report = document.getElementById('report');
  const visible = !!(area && area.offsetParent !== null && report && report.textContent.trim());
  if (visible && !reportShown) area.scrollIntoView({block: 'start'});
  reportShown = visible;
}).observe(document.documentElement, {childList: true, subtree: true, attributes: true});
</script>"""


def theme() -> gr.themes.Base:
    """One theme for the whole page; local fonts only (no font download from a third party)."""
    return gr.themes.Soft(
        primary_hue="indigo", secondary_hue="sky", neutral_hue="slate",
        font=["system-ui", "Segoe UI", "DejaVu Sans", "sans-serif"],
        font_mono=["ui-monospace", "DejaVu Sans Mono", "monospace"],
    )


def launch_options() -> dict[str, Any]:
    """Options every ``launch()`` of the app needs (Gradio 6 takes theme, CSS and head there)."""
    return {"theme": theme(), "css": CSS, "head": HEAD, "footer_links": ["api"]}


def browser_secret(settings: Settings) -> str:
    """The key that encrypts what is kept in the browser (see ``identity.app_secret``)."""
    from ..identity import app_secret

    return app_secret(settings)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class Page:
    demo: gr.Blocks
    settings: Settings
    svc: InterviewService
    sid: Any = None
    sid_store: Any = None
    mine: Any = None
    me: Any = None
    prefs: Any = None
    title: Any = None
    lang: Any = None
    n_q: Any = None
    difficulty: Any = None
    hide: Any = None
    start_btn: Any = None
    engine: Any = None
    topics_box: Any = None
    topics: Any = None
    sessions_box: Any = None
    sessions: Any = None
    resume_id: Any = None
    resume_btn: Any = None
    progress: Any = None
    chat: Any = None
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
    confirm_clear: Any = None

    @property
    def chrome_outputs(self) -> list[Any]:
        return [self.title, self.lang, self.n_q, self.difficulty, self.hide, self.start_btn, self.engine,
                self.topics_box, self.topics, self.sessions_box, self.sessions, self.resume_id, self.resume_btn,
                self.chat, self.answer, self.send_btn, self.end_btn, self.end_text, self.end_yes, self.end_no,
                self.new_btn, self.report_title, self.delete_btn, self.confirm_clear]

    @property
    def all_outputs(self) -> list[Any]:
        """Everything a turn, a start, an end or a resume may change."""
        session = [self.sid, self.sid_store, self.mine, self.me, self.progress, self.end_confirm, self.live,
                   self.card, self.chart, self.report_area, self.report_md, self.downloads]
        return list(dict.fromkeys(session + self.chrome_outputs))

    @property
    def settings_outputs(self) -> list[Any]:
        return [self.lang, self.n_q, self.difficulty, self.hide, self.topics]


def chrome(p: Page, lang: str, mine: list[str] | None = None) -> dict[Any, Any]:
    """Every fixed word of the page in ``lang`` (labels, buttons, hints, table headers)."""
    s, L = p.settings, lang
    engine = engine_words(s.backend if p.svc.model else "offline", s.model, L)
    topics = [(_cap(topic_name(tp, L)), tp) for tp in p.svc.bank().topics]
    return {
        p.title: f"# {t('ui.title', L, role=role_name(L))}",
        p.lang: gr.update(label=t("ui.language", L)),
        p.n_q: gr.update(label=t("ui.n_questions", L)),
        p.difficulty: gr.update(label=t("ui.difficulty", L),
                                choices=[(t("ui.difficulty_auto", L), "auto"), ("1", "1"), ("2", "2"), ("3", "3")]),
        p.hide: gr.update(label=t("ui.hide_scores", L)),
        p.start_btn: gr.update(value=t("ui.start", L)),
        p.engine: t("ui.backend", L, backend=engine),
        p.topics_box: gr.update(label=t("ui.topics", L)),
        p.topics: gr.update(choices=topics),
        p.sessions_box: gr.update(label=t("ui.sessions", L)),
        p.sessions: sessions_table(p, mine or [], L),
        p.resume_id: gr.update(label=t("ui.resume_id", L)),
        p.resume_btn: gr.update(value=t("ui.resume", L)),
        p.chat: gr.update(label=t("ui.chat", L), placeholder=t("ui.welcome", L)),
        p.answer: gr.update(label=t("ui.answer", L), placeholder=t("ui.placeholder", L, limit=num(s.max_answer_chars, L))),
        p.send_btn: gr.update(value=t("ui.send", L)),
        p.end_btn: gr.update(value=t("ui.end", L)),
        p.end_text: t("ui.confirm_end", L),
        p.end_yes: gr.update(value=t("ui.end_yes", L)),
        p.end_no: gr.update(value=t("ui.end_no", L)),
        p.new_btn: gr.update(value=t("ui.new", L)),
        p.report_title: f"### {t('ui.report_heading', L)}",
        p.delete_btn: gr.update(value=t("ui.delete", L)),
        p.confirm_clear: f'<div data-text="{_attr(t("ui.confirm_clear", L))}"></div>',
    }


def _attr(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


def sessions_table(p: Page, mine: list[str], lang: str) -> dict[str, Any]:
    """Only the sessions this browser started: other people's sessions are never listed."""
    from ..errors import InterviewBotError

    rows = []
    for sid in mine:
        try:
            r = p.svc.store.get_session(sid)
        except InterviewBotError:
            continue
        status = t("ui.status_finished" if r.status == "finished" else "ui.status_active", lang)
        rows.append([r.id, f"{r.created_at:%Y-%m-%d %H:%M}", status, r.language,
                     "" if r.overall is None else round(r.overall)])
    headers = [t(f"ui.col_{c}", lang) for c in ("id", "date", "status", "lang", "overall")]
    return gr.update(value={"headers": headers, "data": rows}, headers=headers)


def build_page(settings: Settings, svc: InterviewService) -> Page:
    L = settings.language
    with gr.Blocks(title=t("ui.title", L, role=role_name(L)), analytics_enabled=False) as demo:
        p = Page(demo=demo, settings=settings, svc=svc)
        secret = browser_secret(settings)
        p.sid = gr.State("")
        p.sid_store = gr.BrowserState("", storage_key="interview_bot_session", secret=secret)
        p.mine = gr.BrowserState([], storage_key="interview_bot_my_sessions", secret=secret)
        p.me = gr.BrowserState("", storage_key="interview_bot_candidate", secret=secret)
        p.prefs = gr.BrowserState({}, storage_key="interview_bot_settings", secret=secret)
        p.title = gr.Markdown(f"# {t('ui.title', L, role=role_name(L))}")
        with gr.Row():
            with gr.Column(scale=1, min_width=280):
                _setup_column(p, L)
            with gr.Column(scale=3):
                _interview_column(p, L)
        p.confirm_clear = gr.Markdown("", elem_id="confirm-clear-text", sanitize_html=False)
    return p


def _setup_column(p: Page, L: str) -> None:
    s = p.settings
    p.lang = gr.Radio([("English", "en"), ("Français", "fr")], value=L, label=t("ui.language", L))
    p.n_q = gr.Slider(1, 15, value=s.questions, step=1, label=t("ui.n_questions", L), elem_id="n-questions")
    p.difficulty = gr.Dropdown([(t("ui.difficulty_auto", L), "auto"), ("1", "1"), ("2", "2"), ("3", "3")],
                               value="auto", label=t("ui.difficulty", L))
    p.hide = gr.Checkbox(False, label=t("ui.hide_scores", L))
    p.start_btn = gr.Button(t("ui.start", L), variant="primary")
    p.engine = gr.Markdown("", elem_id="engine")
    with gr.Accordion(t("ui.topics", L), open=False) as p.topics_box:
        p.topics = gr.CheckboxGroup([(_cap(topic_name(tp, L)), tp) for tp in p.svc.bank().topics],
                                    value=s.topics or [], show_label=False)
    with gr.Accordion(t("ui.sessions", L), open=False) as p.sessions_box:
        p.sessions = gr.Dataframe(headers=[t(f"ui.col_{c}", L) for c in ("id", "date", "status", "lang", "overall")],
                                  interactive=False, wrap=True)
        p.resume_id = gr.Textbox(label=t("ui.resume_id", L))
        p.resume_btn = gr.Button(t("ui.resume", L))
        p.delete_btn = gr.Button(t("ui.delete", L), variant="secondary", size="sm")


def _interview_column(p: Page, L: str) -> None:
    # gr.Markdown, not gr.HTML: gr.HTML evaluates templates as JavaScript, which the page's CSP forbids.
    # Our HTML/SVG here is built from escaped text (webui/widgets.py).
    p.progress = gr.Markdown("", elem_id="progress", sanitize_html=False)
    p.chat = gr.Chatbot(label=t("ui.chat", L), show_label=False, height=460, sanitize_html=True, elem_id="chat",
                        group_consecutive_messages=False, buttons=["copy"], feedback_options=None,
                        placeholder=t("ui.welcome", L))
    p.answer = gr.Textbox(label=t("ui.answer", L), lines=1, max_lines=14, elem_id="answer",
                          placeholder=t("ui.placeholder", L, limit=num(p.settings.max_answer_chars, L)))
    with gr.Row():
        p.send_btn = gr.Button(t("ui.send", L), variant="primary")
        p.end_btn = gr.Button(t("ui.end", L), variant="stop")
        p.new_btn = gr.Button(t("ui.new", L), variant="primary", visible=False)
    with gr.Row(visible=False) as p.end_confirm:
        p.end_text = gr.Markdown(t("ui.confirm_end", L))
        p.end_yes = gr.Button(t("ui.end_yes", L), variant="stop", size="sm")
        p.end_no = gr.Button(t("ui.end_no", L), size="sm")
    with gr.Row(equal_height=False) as p.live:
        p.card = gr.Markdown("", elem_id="score-card")
        p.chart = gr.Markdown("", elem_id="score-chart", sanitize_html=False)
    with gr.Column(visible=False, elem_id="report-area") as p.report_area:
        with gr.Row(equal_height=True):
            p.report_title = gr.Markdown(f"### {t('ui.report_heading', L)}")
            p.downloads = gr.Markdown("", elem_id="downloads")  # links: reports are rendered on demand
        p.report_md = gr.Markdown("", elem_id="report")
