"""The page in real headless Chromium, issue 17: a stale second tab is refused; every control, clicked in
every state, leaves no error badge and no server traceback; the French page's accessibility tree holds no
English and no raw message key (even in an English browser); the phone layout; settings after a reload."""

from __future__ import annotations

import re

import pytest
from browser_helpers import (
    LOCALES,
    chromium,
    expect,
    latest,
    new_page,
    send_answer,
    short_answer,
    start_interview,
)
from ui_helpers import running_app

from interview_bot.i18n import CATALOG, t
from interview_bot.interview.profile import role_name

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


# English words a French page never needs (whole words, lower case); bank and candidate text is checked
# separately (it may quote English titles), so this list applies to the page's own words.
ENGLISH = {"the", "and", "of", "for", "with", "your", "you", "copy", "input", "slider", "number", "fullscreen",
           "clear", "submit", "loading", "error", "warning", "close", "download", "start", "send", "answer",
           "end", "interview", "language", "topics", "settings", "scroll", "chatbot", "footer", "reset",
           "default", "value", "use", "built", "complete", "question", "questions", "radio", "checkbox", "group",
           "dropdown"} - {"question", "questions"}
RAW_KEY = re.compile(r"\b(?:common|ui|report|plan|cli|error|recruiter|chart|topic|flag|notice|role|certainty|"
                     r"chat|dataframe|upload_text|errors|chatbot|slider|number)\.[a-z_]+\b")


def english_catalog_words() -> list[str]:
    """Pieces of English ``ui.*``/``report.*`` text (between placeholders) that the French text does not use."""
    out = []
    for key, entry in CATALOG.items():
        en, fr = entry["en"], entry["fr"]
        if key.split(".")[0] in ("ui", "report", "plan") and isinstance(en, str) and isinstance(fr, str):
            for part in re.split(r"\{[a-z_]+\}", en):
                part = part.strip(" .:—()")
                if len(part) >= 6 and part not in fr and " " in part:
                    out.append(part)
    return out


def without_subtree(snapshot: str, head: str) -> str:
    """The YAML accessibility snapshot without the node starting with ``head`` and its children."""
    out, skip = [], None
    for line in snapshot.splitlines():
        indent = len(line) - len(line.lstrip())
        if skip is not None and indent > skip:
            continue
        skip = None
        if line.lstrip().startswith(head):
            skip = indent
            continue
        out.append(line)
    return "\n".join(out)


def spoken(snapshot: str) -> str:
    """What the snapshot says a person hears or reads: names and text, without the (English) role words,
    states and property keys of the YAML form (``- 'slider "Curseur"': "3"`` → ``Curseur 3``)."""
    out = []
    for line in snapshot.splitlines():
        line = re.sub(r"^\s*-\s*'?", "", line)
        line = re.sub(r"^/?[a-z]+(?=[\s:\"']|$)", "", line)  # the role (button, slider, text, /placeholder…)
        out.append(re.sub(r"\[[a-z]+(=\w+)?\]", "", line))
    return "\n".join(out)


def english_problems(page) -> list[str]:
    """English words and raw keys in the accessibility tree of a French page, plus title and lang."""
    tree = page.locator("body").aria_snapshot()
    problems = [f"raw key: {m.group()}" for m in RAW_KEY.finditer(tree)]
    problems += [f"English text: {w}" for w in english_catalog_words() if w in tree]
    report = page.locator("#report").aria_snapshot() if page.locator("#report").is_visible() else ""
    card = page.locator("#score-card").aria_snapshot() if page.locator("#score-card").is_visible() else ""
    # the progress chips carry each question's text as a tooltip: bank text, which may quote English code
    chips = page.locator("#progress").aria_snapshot() if page.locator("#progress").is_visible() else ""
    content = {line.strip() for part in (report, card, chips) for line in part.splitlines()}
    own = "\n".join(line for line in without_subtree(tree, "- log ").splitlines()  # the chat quotes bank text
                     if line.strip() not in content  # so do the report and the card (bank titles in English)
                     and not line.lstrip().startswith("- /url:"))  # link targets are not read out (signed: random)
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", spoken(own))}
    lines = spoken(own).splitlines()

    def where(word: str) -> str:
        return next((x for x in lines if re.search(r"(?i)\b" + word + r"\b", x)), "")

    problems += [f"English word: {w} in {where(w)!r}" for w in sorted(words & ENGLISH)]
    if page.title() != t("ui.title", "fr", role=role_name("fr")):
        problems.append(f"tab title: {page.title()}")
    if page.evaluate("() => document.documentElement.lang") != "fr":
        problems.append("html lang is not fr")
    return problems


def loaded(page) -> None:
    """Wait until the page's load event has run: it enables Start and the settings. (The engine line it
    fills is no sign: while the load runs, that line holds the load's timer, "2.3s".)"""
    expect()(page.locator("button#start")).to_be_enabled()


def no_error_anywhere(page) -> None:
    expect()(page.locator(".toast-body.error")).to_have_count(0)
    expect()(page.locator("[data-testid=status-tracker] .error")).to_have_count(0)


def test_a_stale_second_tab_is_refused_and_keeps_its_text(browser, service):
    """Tab 1 answers (a follow-up comes); tab 2, never reloaded, answers the question it still shows: the
    answer is refused with "moved on in another tab", its text stays in the box, nothing is recorded;
    "Show the latest question" brings tab 2 up to date and its answer then goes to the follow-up."""
    context, tab1 = new_page(browser, "en")
    tab2 = context.new_page()  # same browser profile: same session kept in the browser
    tab2.set_default_timeout(90_000)
    with running_app(service) as url:
        sid, q = start_interview(tab1, url, service)
        tab2.goto(url)
        expect()(tab2.locator("[data-testid=bot]").last).to_contain_text(q.text.en.splitlines()[0])
        send_answer(tab1, short_answer(q))
        before = service.load_state(sid)
        assert before.status == "active"
        stale = short_answer(q, "en", 1) + " I would check it on a small labelled set."  # the question tab 2 shows
        box = tab2.locator("#answer textarea")
        box.fill(stale)
        box.press("Enter")
        expect()(tab2.locator("#stale-row")).to_be_visible()
        expect()(tab2.locator("#stale-row")).to_contain_text(t("ui.moved_on", "en")[:40])
        expect()(box).to_have_value(stale)
        assert service.load_state(sid) == before  # nothing recorded
        assert all(stale not in a for rec in before.records for a in rec.answers)
        tab2.get_by_role("button", name=t("ui.refresh", "en"), exact=True).click()
        expect()(tab2.locator("#stale-row")).to_be_hidden()
        expect()(tab2.locator("[data-testid=user]")).to_have_count(1)  # tab 1's answer, now shown
        expect()(box).to_have_value(stale)  # still there, to send again
        n_bot = tab2.locator("[data-testid=bot]").count()
        box.press("Enter")
        expect()(tab2.locator("[data-testid=bot]")).to_have_count(n_bot + 1)
        after = service.load_state(sid)
        assert sum(len(r.answers) for r in after.records) == sum(len(r.answers) for r in before.records) + 1
        no_error_anywhere(tab2)
    context.close()


def test_every_control_in_every_state_leaves_no_error(browser, service, capfd):
    """Before, during and after an interview, every button, box and list is used — including the ones
    that make no sense yet — and the page shows no error badge, the server prints no traceback."""
    context, page = new_page(browser, "en")
    with running_app(service) as url:
        page.goto(url)
        loaded(page)
        start = page.get_by_role("button", name=t("ui.start", "en"), exact=True)
        # ---- before any interview: Send and End cannot be used; the rest answers sensibly
        expect()(page.get_by_role("button", name=t("ui.send", "en"), exact=True)).to_be_disabled()
        expect()(page.get_by_role("button", name=t("ui.end", "en"), exact=True)).to_be_disabled()
        expect()(page.locator("#answer textarea")).to_be_disabled()
        page.get_by_role("button", name=t("ui.sessions", "en")).click()
        page.get_by_role("button", name=t("ui.resume", "en"), exact=True).click()  # nothing picked: a hint, no error
        expect()(page.locator(".toast-body.warning")).to_contain_text(t("ui.pick_session", "en"))
        page.get_by_role("button", name=t("ui.delete", "en"), exact=True).click()  # nothing to delete
        page.get_by_role("button", name=t("ui.topics", "en")[:6]).click()
        page.get_by_role("checkbox", name="Caching").check()
        page.get_by_label(t("ui.hide_scores", "en")).check()
        page.get_by_label(t("ui.hide_scores", "en")).uncheck()
        no_error_anywhere(page)
        # ---- during: Start asks first; "continue" keeps it, "end it and start" ends the old one
        start.click()
        bot = page.locator("[data-testid=bot]")
        expect()(bot.first).to_be_visible()
        first = latest(service)[0]
        assert latest(service)[1].topics == ["caching"]  # the ticked topic was used
        send_answer(page, "")  # empty: the question is asked again, nothing recorded
        start.click()
        page.get_by_role("button", name=t("ui.start_keep", "en"), exact=True).click()
        expect()(page.locator("#start-confirm")).to_be_hidden()
        assert service.load_state(first).status == "active"
        start.click()
        page.get_by_role("button", name=t("ui.start_new", "en"), exact=True).click()
        expect()(page.locator("#progress")).to_contain_text(t("ui.progress", "en", i=1, n=3))
        def newest() -> str:  # the newest session's id (it may not hold a question record yet)
            return service.store.list_sessions(limit=1)[0].id

        for _ in range(100):
            if newest() != first:
                break
            page.wait_for_timeout(100)
        second = newest()
        assert second != first and service.load_state(first).status == "finished"  # not left "in progress"
        sessions = page.locator("#sessions")
        expect()(sessions).to_contain_text(t("ui.status_finished", "en"))  # the list follows at once
        expect()(sessions).to_contain_text(t("ui.status_active", "en"))
        send_answer(page, short_answer(latest(service)[2]))
        page.get_by_role("button", name=t("ui.end", "en"), exact=True).click()
        page.get_by_role("button", name=t("ui.end_no", "en"), exact=True).click()
        page.get_by_role("radio", name="Français").check()
        expect()(page.get_by_role("button", name=t("ui.end", "fr"), exact=True)).to_be_visible()
        page.get_by_role("radio", name="English").check()
        page.get_by_role("button", name=t("ui.end", "en"), exact=True).click()
        page.get_by_role("button", name=t("ui.end_yes", "en"), exact=True).click()
        # ---- after: the report; new interview, resume from the list, delete
        expect()(page.locator("#report")).to_contain_text(t("report.plan", "en"))
        expect()(sessions).not_to_contain_text(t("ui.status_active", "en"))
        sessions.get_by_text(re.compile(r"caching")).first.click()
        page.get_by_role("button", name=t("ui.resume", "en"), exact=True).click()
        expect()(page.locator("#report")).to_be_visible()
        page.get_by_role("button", name=t("ui.new", "en"), exact=True).click()
        expect()(page.get_by_role("button", name=t("ui.send", "en"), exact=True)).to_be_enabled()
        page.get_by_role("button", name=t("ui.delete", "en"), exact=True).click()
        expect()(page.get_by_role("button", name=t("ui.send", "en"), exact=True)).to_be_disabled()
        page.get_by_role("button", name=t("ui.end", "en"), exact=True).click(force=True)  # disabled: nothing happens
        no_error_anywhere(page)
    context.close()
    assert page.js_errors == []
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.parametrize("browser_lang", ["en", "fr"])
def test_the_french_page_has_no_english_and_no_raw_key_in_its_accessibility_tree(browser, service, browser_lang):
    """Welcome, a warning toast, an answer with its card, the report: in an English browser too (where
    Gradio words its own labels in English), the French page's tree is French, its title and lang too."""
    context, page = new_page(browser, browser_lang)
    with running_app(service) as url:
        page.goto(url)
        loaded(page)
        if browser_lang == "en":
            page.get_by_role("radio", name="Français").check()
        start = page.get_by_role("button", name=t("ui.start", "fr"), exact=True)
        expect()(start).to_be_visible()
        page.wait_for_timeout(500)
        assert english_problems(page) == []
        page.get_by_role("button", name=t("ui.sessions", "fr")).click()
        page.get_by_role("button", name=t("ui.resume", "fr"), exact=True).click()
        expect()(page.locator(".toast-body")).to_contain_text(t("ui.toast_warning", "fr"))
        assert english_problems(page) == []
        start.click()
        page.locator("[data-testid=bot]").first.wait_for()
        send_answer(page, short_answer(latest(service)[2], "fr"))
        expect()(page.locator("#score-card")).to_contain_text("Score")
        page.wait_for_timeout(500)
        assert english_problems(page) == []
        page.get_by_role("button", name=t("ui.end", "fr"), exact=True).click()
        page.get_by_role("button", name=t("ui.end_yes", "fr"), exact=True).click()
        expect()(page.locator("#report")).to_contain_text(t("report.plan", "fr"))
        page.wait_for_timeout(500)
        assert english_problems(page) == []
        links = page.locator("#downloads a")
        assert all("Markdown" in x or "HTML" in x or "PDF" in x for x in links.all_inner_texts())
        href = links.last.get_attribute("href") or ""
        resp = page.request.get(href if href.startswith("http") else url + href.lstrip("/"))
        assert resp.status == 200 and 'filename="rapport-entretien-' in resp.headers["content-disposition"]
    context.close()
    assert page.js_errors == []


def test_phone_layout_card_under_the_chat_question_in_view_touch_hint(browser, service):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=LOCALES["fr"], is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(90_000)
    with running_app(service) as url:
        page.goto(url)
        page.get_by_role("button", name=t("ui.start", "fr"), exact=True).click()
        bot = page.locator("[data-testid=bot]")
        expect()(bot.first).to_be_visible()
        expect()(bot.last).to_be_in_viewport()  # the page scrolled to the question
        box = page.locator("#answer textarea")
        expect()(box).to_have_attribute("placeholder", re.compile(re.escape(t("ui.send", "fr"))))
        box.fill(short_answer(latest(service)[2], "fr"))
        page.get_by_role("button", name=t("ui.send", "fr"), exact=True).click()
        card, chart, chat = page.locator("#score-card"), page.locator("#score-chart"), page.locator("#chat")
        expect()(card).to_contain_text("Score")
        c, g, h = card.bounding_box(), chart.bounding_box(), chat.bounding_box()
        assert c["y"] >= h["y"] + h["height"] and g["y"] >= c["y"] + c["height"] - 1  # stacked, not side by side
        assert c["width"] > 300 and g["width"] > 300
        # the report on a phone: its table cells keep their words and scores whole ("Sc|ore", "10|0" before)
        page.get_by_role("button", name=t("ui.end", "fr"), exact=True).click()
        page.get_by_role("button", name=t("ui.end_yes", "fr"), exact=True).click()
        expect()(page.locator("#report")).to_contain_text(t("report.plan", "fr"))
        lines = page.locator("#report table").first.evaluate(
            """t => [...t.querySelectorAll('th, td')].filter(c => c.textContent.trim() && !c.querySelector('code'))
                   .map(c => { const r = document.createRange(); r.selectNodeContents(c);
                               const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
                               return [c.textContent.trim(), tops.size]; })""")
        assert lines and all(n == 1 for word, n in lines if " " not in word), lines
    context.close()


@pytest.fixture
def slow_load(monkeypatch):
    """The page's load event answers 5 s late, as on a busy server: what a person does meanwhile must not
    be undone by the settings the load puts back."""
    import functools
    import time

    from interview_bot.webui.handlers import Handlers

    on_load = Handlers.on_load

    @functools.wraps(on_load)
    def late(*args, **kwargs):
        time.sleep(5)
        return on_load(*args, **kwargs)

    monkeypatch.setattr(Handlers, "on_load", late)


@pytest.mark.parametrize("order", ["count_first", "topics_first"])
def test_settings_come_back_after_a_reload_even_with_an_interview_running(browser, service, slow_load, order):
    """The count typed and a topic ticked, in either order, from the moment the page shows (its load still
    running): kept on the page, used by Start, and back after a reload with the interview."""
    context, page = new_page(browser, "en")
    stored = "() => window.localStorage.getItem('interview_bot_settings')"
    with running_app(service) as url:
        page.goto(url)
        n_box = page.locator("#n-questions input[type=number]")

        def saved_after(before: str | None) -> str | None:
            """Wait until the page has stored new settings (encrypted: only a change can be seen)."""
            for _ in range(300):
                value = page.evaluate(stored)
                if value and value != before:
                    return value
                page.wait_for_timeout(100)
            raise AssertionError("the page never stored its settings")

        def count() -> None:
            before = page.evaluate(stored)
            n_box.fill("2")  # playwright waits until the box can be typed in
            n_box.press("Enter")
            saved_after(before)

        def topic() -> None:
            before = page.evaluate(stored)
            page.get_by_role("button", name=t("ui.topics", "en")[:6]).click()
            page.get_by_role("checkbox", name="Caching").check()
            saved_after(before)

        for step in ((count, topic) if order == "count_first" else (topic, count)):
            step()
        expect()(page.locator("#engine")).to_contain_text(t("ui.backend", "en", backend=""))  # the load answered
        page.wait_for_timeout(500)
        expect()(n_box).to_have_value("2")
        expect()(page.get_by_role("checkbox", name="Caching")).to_be_checked()
        page.get_by_role("button", name=t("ui.start", "en"), exact=True).click()
        expect()(page.locator("#progress")).to_contain_text(t("ui.progress", "en", i=1, n=2))
        assert latest(service)[1].topics == ["caching"] and latest(service)[1].n_questions == 2
        page.reload()
        expect()(page.locator("#progress")).to_contain_text(t("ui.progress", "en", i=1, n=2))
        expect()(n_box).to_have_value("2")
        page.get_by_role("button", name=t("ui.topics", "en")[:6]).click()
        expect()(page.get_by_role("checkbox", name="Caching")).to_be_checked()
    context.close()


@pytest.mark.parametrize("form", ["In queue: 1 of 2", "queue 1/2"])
def test_the_queue_position_is_announced_in_the_page_language(browser, service, form):
    """On a busy server Gradio announces the queue position in its status region ("In queue: 1 of 2",
    or the fixed form our translations give it): a CI run caught it in English on the French page."""
    context, page = new_page(browser, "fr")
    with running_app(service) as url:
        page.goto(url)
        loaded(page)
        page.evaluate("""(form) => {
            const region = document.createElement('div');
            region.setAttribute('role', 'status'); region.setAttribute('aria-live', 'polite');
            region.id = 'queue-probe'; document.body.appendChild(region);
            region.textContent = form;
        }""", form)
        expect()(page.locator("#queue-probe")).to_have_text(t("ui.aria_queue", "fr", position="1", size="2"))
        assert english_problems(page) == []
    context.close()
    assert page.js_errors == []
