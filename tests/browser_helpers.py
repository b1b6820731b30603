"""Headless Debian Chromium for the browser tiers (test_browser*.py, test_security_browser.py): the
browser and page fixtures (import them into a test module to use them), and the steps every browser test
takes (start an interview, send an answer)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from conftest import skip_or_fail

from interview_bot.i18n import t

CHROMIUM = "/usr/lib/chromium/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
WAIT_MS = 90_000  # scoring runs a MiniLM forward pass on CPU; generous on a loaded CI machine
LOCALES = {"fr": "fr-FR", "en": "en-US"}


@contextmanager
def chromium() -> Iterator:
    """Headless Debian Chromium (skipped, or failed in CI, when playwright or the browser is missing)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install playwright)")
    if not os.access(CHROMIUM, os.X_OK):
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def new_page(browser, lang: str = "en"):
    """A fresh browser profile whose language is ``lang`` (the page follows it on a first visit)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale=LOCALES[lang],
                                  accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    return context, pg


@pytest.fixture
def page(browser):
    context, pg = new_page(browser, "en")
    try:
        yield pg
    finally:
        context.close()


def expect():
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=WAIT_MS)
    return _expect


def latest(service):
    sid = service.store.list_sessions(limit=1)[0].id
    st = service.load_state(sid)
    return sid, st, service.bank().question(st.records[-1].question_id)


def shown_line(text: str) -> str:
    """A piece of ``text`` the chat shows as is: its first long line (a code answer's lines render as
    separate paragraphs, so the raw text with its newlines is not in the bubble)."""
    return next((x.strip() for x in text.splitlines() if len(x.strip()) >= 20), text.strip())[:60]


def short_answer(q, lang: str = "en", n: int = 0) -> str:
    """Sentence ``n`` of the bank's reference answer: realistic, partial (so a follow-up comes), quick;
    joined with the next ones up to 8 words (an opening like "Two families." alone may be asked about)."""
    sentences = re.split(r"(?<=[.!?])\s+", q.reference_answer.get(lang).strip())
    i = min(n, len(sentences) - 1)
    out = sentences[i]
    while len(out.split()) < 8 and i + 1 < len(sentences):
        i += 1
        out += " " + sentences[i]
    return out


def start_interview(page, url, service, lang: str = "en"):
    page.goto(url)
    page.get_by_role("button", name=t("ui.start", lang)).click()
    bot = page.locator("[data-testid=bot]")
    expect()(bot.first).to_contain_text(t("recruiter.first_question", lang, i=1, n=3, topic="x").split("(")[0].strip())
    sid, st, q = latest(service)
    expect()(bot.first).to_contain_text(q.text.get(lang).splitlines()[0])  # code blocks render as code
    expect()(page.locator("#progress")).to_contain_text(t("ui.progress", lang, i=1, n=st.n_questions))
    return sid, q


def send_answer(page, text: str) -> None:
    """Type the answer and press Enter (Enter sends; Shift+Enter would start a new line)."""
    n_bot = page.locator("[data-testid=bot]").count()
    box = page.locator("#answer textarea")
    box.fill(text)
    box.press("Enter")
    expect()(page.locator("[data-testid=bot]")).to_have_count(n_bot + 1)
    expect()(box).to_have_value("")
