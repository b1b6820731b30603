"""The page's stylesheet and its one inline script.

The script (inline: the page's CSP allows inline scripts but never evaluates strings, so no ``js=`` event
callbacks) does what Gradio cannot be told from Python:

1. the tab title and ``<html lang>`` follow the page's language (read from ``#page-words``);
2. Gradio's own accessible names and announcements (``Copy message``, ``number input for …``, the raw
   ``common.complete`` written into the status region…) are rewritten in the page's language — Gradio
   words them after the *browser's* locale, which need not be the page's;
3. the chat's trash icon asks before clearing the conversation shown (the interview itself is kept);
4. after Start, the question is brought into view (on a phone the settings sit above the chat); when the
   report appears, it is brought into view;
5. on a touch screen the answer box says how to send with the button, not with Enter.
"""

from __future__ import annotations

import json
from functools import cache

from ..i18n import t

CSS = """
.gradio-container { max-width: 1280px !important; }
#answer textarea { min-height: 6.5em; }
#page-words { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
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
#engine, #topics-hint { color: var(--body-text-color-subdued); font-size: .85em; }
#sessions label { width: 100%; }
#sessions label span { white-space: normal; overflow-wrap: anywhere; }
#stale-row, #start-confirm, #end-confirm { border: 1px solid var(--color-accent); border-radius: 8px; padding: .4rem .6rem; }
/* Phone: the score card and the chart stack under the chat, full width. */
@media (max-width: 760px) {
  #live { flex-direction: column !important; }
  #live > * { width: 100% !important; min-width: 0 !important; }
  .score-chart { max-width: 100%; }
}
"""

# Gradio's own words that a person (or a screen reader) meets on this page, in the forms Gradio writes
# them (its English, and its French when the browser is French), and the catalog key that says it.
GRADIO_WORDS: dict[str, tuple[str, ...]] = {
    "ui.aria_copy": ("Copy message",),
    "ui.aria_copied": ("Copied message", "Copied!", "Copied"),
    "ui.aria_clear": ("Clear", "Effacer", "Clear conversation", "Effacer la conversation"),
    "ui.aria_chat_log": ("chatbot conversation",),
    "ui.aria_footer": ("Gradio footer navigation",),
    "ui.aria_done": ("common.complete", "Complete"),
    "ui.aria_error": ("common.error", "Error", "Erreur"),
    "ui.aria_close": ("Close", "Fermer"),
    "ui.aria_loading": ("Loading", "Chargement", "Loading...", "Loading…", "Loading response"),
    "ui.aria_scroll": ("Scroll down", "Scroll to bottom", "Scroll to the bottom"),
    "ui.aria_fullscreen": ("Fullscreen", "Exit fullscreen mode", "Fullscreen mode"),
    "ui.aria_dropdown": ("Dropdown",),
    "ui.toast_warning": ("Warning",),  # a toast's title is its type, capitalised (the title= we pass is ignored)
    "ui.toast_info": ("Info", "Success"),
    "ui.footer_api": ("Use via API", "Utiliser via API"),
}
# Accessible names Gradio builds as "<prefix><label>".
GRADIO_PREFIXES: dict[str, tuple[str, ...]] = {
    "ui.aria_number": ("number input for ",),
    "ui.aria_range": ("range slider for ",),
    "ui.aria_bot_message": ("bot's message: ",),
    "ui.aria_user_message": ("user's message: ",),
}


@cache
def _words() -> dict[str, dict[str, str]]:
    """{page language: {any form of a Gradio word: what the page says}}, plus our own words in the other
    language (so a word already rewritten is rewritten back when the language changes)."""
    out: dict[str, dict[str, str]] = {"fr": {}, "en": {}}
    for key, forms in GRADIO_WORDS.items():
        mine = {lg: t(key, lg) for lg in out}
        for lg in out:
            for form in (*forms, *mine.values()):
                out[lg][form] = mine[lg]
    return out


@cache
def _prefixes() -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {"fr": [], "en": []}
    for key, forms in GRADIO_PREFIXES.items():
        mine = {lg: t(key, lg, label="") for lg in out}
        for lg in out:
            out[lg] += [[form, mine[lg]] for form in (*forms, *mine.values())]
    return out


_SCRIPT = """<script>
(() => {
const WORDS = __WORDS__, PREFIXES = __PREFIXES__;
const RAW_KEY = /^[a-z_]+(\\.[a-z_]+)+$/;
let lang = null, busy = false, chatWasEmpty = true, reportShown = false;
function words() { return document.querySelector('#page-words [data-lang]'); }
function say(v) {
  const table = WORDS[lang] || {};
  if (Object.prototype.hasOwnProperty.call(table, v)) return table[v];
  for (const [prefix, mine] of PREFIXES[lang] || []) {
    if (prefix && v.startsWith(prefix)) return mine + v.slice(prefix.length);
  }
  return RAW_KEY.test(v) ? '' : v;
}
function relabel(el, attr) {
  const v = el.getAttribute(attr);
  if (!v) return;
  const nv = say(v);
  if (nv !== v) { if (nv) el.setAttribute(attr, nv); else el.removeAttribute(attr); }
}
function fix() {
  busy = true;
  try {
    const w = words();
    if (!w) return;
    lang = w.dataset.lang;
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
    if (w.dataset.title && document.title !== w.dataset.title) document.title = w.dataset.title;
    for (const el of document.querySelectorAll('[aria-label], [title]')) {
      relabel(el, 'aria-label'); relabel(el, 'title');
    }
    for (const img of document.querySelectorAll('footer img[alt], .toast-wrap img[alt]')) img.alt = '';
    for (const el of document.querySelectorAll('#topics input[title], #sessions input[title]')) {
      el.removeAttribute('title');  // Gradio titles each choice with its value: a topic id, a session id
    }
    for (const region of document.querySelectorAll('[aria-live], [role=status], [role=alert], footer')) {
      if (region.closest('#chat, #report, [role=log]') || region.querySelector('#chat, [role=log]')) continue;
      const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const v = n.nodeValue.trim();
        if (v) { const nv = say(v); if (nv !== v) n.nodeValue = nv; }
      }
    }
    const box = document.querySelector('#answer textarea');
    const touch = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;
    if (box && touch && !box.disabled && w.dataset.touch && box.placeholder !== w.dataset.touch) {
      box.placeholder = w.dataset.touch;
    }
    const bots = document.querySelectorAll('#chat [data-testid=bot]').length;
    if (bots && chatWasEmpty) {
      const chat = document.getElementById('chat');
      const r = chat && chat.getBoundingClientRect();
      if (r && (r.top > window.innerHeight * 0.5 || r.bottom < 0)) chat.scrollIntoView({block: 'start'});
    }
    chatWasEmpty = bots === 0;
    const area = document.getElementById('report-area');
    const report = document.getElementById('report');
    const visible = !!(area && area.offsetParent !== null && report && report.textContent.trim());
    if (visible && !reportShown) area.scrollIntoView({block: 'start'});
    reportShown = visible;
  } finally { busy = false; }
}
let queued = false;
new MutationObserver(() => {
  if (busy || queued) return;
  queued = true;
  requestAnimationFrame(() => { queued = false; fix(); });
}).observe(document.documentElement, {childList: true, subtree: true, attributes: true, characterData: true,
  attributeFilter: ['aria-label', 'title', 'placeholder', 'disabled', 'style', 'class', 'data-lang']});
document.addEventListener('click', (e) => {
  const btn = e.target.closest && e.target.closest('#chat button');
  if (!btn) return;
  const name = (btn.getAttribute('aria-label') || btn.getAttribute('title') || '').toLowerCase();
  if (!/clear|effacer|supprimer|vider/.test(name)) return;
  const w = words();
  if (!window.confirm(w && w.dataset.confirmClear ? w.dataset.confirmClear : 'Clear the conversation?')) {
    e.preventDefault(); e.stopImmediatePropagation();
  }
}, true);
})();
</script>"""


@cache
def head() -> str:
    """The inline script, with Gradio's words and ours in both languages (JSON, no ``</`` inside)."""
    def js(value: object) -> str:
        return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")

    return _SCRIPT.replace("__WORDS__", js(_words())).replace("__PREFIXES__", js(_prefixes()))


def gradio_translations() -> dict[str, dict[str, str]]:
    """Keys Gradio's own front end asks for but does not define (``common.complete`` is announced to
    screen readers after every event), for ``launch(i18n=gr.I18n(**…))``."""
    return {lg: {"common.complete": t("ui.aria_done", lg)} for lg in ("en", "fr")}
