"""The page's stylesheet and its one inline script (package files in webui/static/: page.css, page.js).

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
from importlib.resources import files

from ..i18n import t

# The stylesheet and the script are package files (webui/static/), read once.
CSS = files(__package__).joinpath("static", "page.css").read_text(encoding="utf-8")

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
# Gradio's queue announcement, given this fixed form whatever the browser's locale (``gradio_translations``);
# page.js (``QUEUE_FORM``, which also knows Gradio's English form) says it in the page's language.
QUEUE_FORM = "queue {position}/{size}"
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


_SCRIPT = "<script>\n" + files(__package__).joinpath("static", "page.js").read_text(encoding="utf-8") + "</script>"


@cache
def head() -> str:
    """The inline script, with Gradio's words and ours in both languages (JSON, no ``</`` inside)."""
    def js(value: object) -> str:
        return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")

    queue = {lg: t("ui.aria_queue", lg, position="{position}", size="{size}") for lg in ("en", "fr")}
    return (_SCRIPT.replace("__WORDS__", js(_words())).replace("__PREFIXES__", js(_prefixes()))
            .replace("__QUEUE__", js(queue)))


def gradio_translations() -> dict[str, dict[str, str]]:
    """Keys Gradio's own front end asks for but does not define (``common.complete`` is announced to
    screen readers after every event), for ``launch(i18n=gr.I18n(**…))``."""
    # The queue position (announced while a busy server queues an event) is written in a fixed form
    # whatever the browser's locale, which the page's script then says in the page's language.
    return {lg: {"common.complete": t("ui.aria_done", lg), "status.queue_position": QUEUE_FORM}
            for lg in ("en", "fr")}
