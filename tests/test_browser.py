"""The Gradio page in a real headless Chromium (Debian package) driven by ``playwright.sync_api``, in
French and in English: the page speaks one language; answers are sent with Enter; the score card hides
what a pending follow-up asks about; the report shows up at once when the interview ends, with the
closing message once; settings and the conversation survive a reload."""

from __future__ import annotations

import re

import pytest
from browser_helpers import (
    expect,
    latest,
    new_page,
    send_answer,
    short_answer,
    shown_line,
    start_interview,
)
from ui_helpers import free_port, running_app

from interview_bot.i18n import CATALOG, t
from interview_bot.scoring.models import AnswerScore

pytestmark = [pytest.mark.slow, pytest.mark.browser]

def english_only_ui_texts() -> list[str]:
    """Every piece of English ``ui.*`` text (between placeholders) that the French version does not use."""
    out = []
    for key, entry in CATALOG.items():
        en, fr = entry["en"], entry["fr"]
        if key.startswith("ui.") and isinstance(en, str) and isinstance(fr, str):
            for part in re.split(r"\{[a-z_]+\}", en):
                part = part.strip(" .:—")
                if len(part) >= 5 and part not in fr:
                    out.append(part)
    return out


def check_downloads(page, url: str, sid: str) -> None:
    """The three report links sit at the top of the report area; the PDF is rendered on demand."""
    links = page.locator("#downloads a")
    expect()(links).to_have_count(3)
    hrefs = [a.get_attribute("href") or "" for a in links.all()]
    for ext in (".md", ".html", ".pdf"):  # signed, short-lived links: the id alone downloads nothing
        assert any(f"reports/{sid}{ext}?expires=" in h for h in hrefs), hrefs
    pdf = page.request.get(url + next(h for h in hrefs if ".pdf?" in h))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert page.request.get(url + f"reports/{sid}.pdf").status == 404


def closings(texts: list[str], lang: str) -> int:
    """How many chat messages hold a closing message (natural end, early end, or nothing scored)."""
    heads = [t(k, lang, overall="0").split(".")[0] for k in
             ("recruiter.closing", "recruiter.closing_early", "recruiter.closing_unscored")]
    return sum(any(h in text for h in heads) for text in texts)


def page_words(page) -> str:
    """The visible text plus the placeholders and labels a person reads."""
    attrs = page.evaluate("""() => [...document.querySelectorAll('[placeholder],[aria-label],[title]')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.getAttribute('placeholder'), e.getAttribute('aria-label'), e.getAttribute('title')].join(' '))
        .join('\\n')""")
    return page.locator("body").inner_text() + "\n" + attrs


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_page_speaks_the_browser_language_then_the_interview_language(browser, service, lang):
    context, page = new_page(browser, lang)
    with running_app(service) as url:
        page.goto(url)
        expect()(page.get_by_role("button", name=t("ui.start", lang))).to_be_visible()
        expect()(page.locator("#engine")).to_contain_text(t("ui.backend", lang, backend="").strip())
        if lang == "fr":
            words = page_words(page)
            leaked = [s for s in english_only_ui_texts() if s in words]
            assert not leaked, leaked
            for english in ("Start interview", "Your answer", "Send answer", "End interview", "Language", "Engine"):
                assert english not in words
        start_interview(page, url, service, lang)
        send_answer(page, short_answer(latest(service)[2], lang))
        expect()(page.locator("#score-card")).to_contain_text(t("ui.card_score", lang, score="").strip())
        if lang == "fr":
            words = page_words(page)
            assert not [s for s in english_only_ui_texts() if s in words]
            assert "Score\u00a0:" in words and "Score:" not in words
    context.close()
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_follow_up_keeps_missed_points_hidden_then_the_report_shows_at_once(browser, service, lang):
    """Partial answers until a follow-up comes: the card names the question and shows no missed key
    point; once the question closes they are revealed. At the end the report is on screen without
    another click, the closing message appears once, the input is closed and a new interview offered."""
    context, page = new_page(browser, lang)
    card = page.locator("#score-card")
    saw_follow_up = False
    with running_app(service) as url:
        sid, _ = start_interview(page, url, service, lang)
        for _ in range(12):
            _, st, q = latest(service)
            if st.status == "finished":
                break
            rec = st.records[-1]
            send_answer(page, short_answer(q, lang, len(rec.answers)))
            _, st, _ = latest(service)
            if st.status == "finished":
                break
            scored = next(r for r in reversed(st.records) if r.score)
            score = AnswerScore.model_validate(scored.score)
            expect()(card).to_contain_text(t("ui.card_question", lang, i=st.records.index(scored) + 1,
                                             n=st.n_questions, topic="").rstrip(" —"))
            text = card.inner_text()
            pending = scored is st.records[-1]  # the question is still open: a follow-up was asked
            saw_follow_up |= pending and bool(score.missed)
            for k in score.missed:
                if pending:
                    assert k.text not in text, f"missed key point shown while a follow-up is pending: {k.text}"
                else:
                    assert k.text in text or (k.correction or "") in text
        assert saw_follow_up, "no follow-up was asked: the hidden-points check did not run"
        report = page.locator("#report")
        expect()(report).to_contain_text(t("report.title", lang, role="").rstrip(" —"))
        expect()(report).to_be_in_viewport()
        bot_texts = page.locator("[data-testid=bot]").all_inner_texts()
        assert closings(bot_texts, lang) == 1, bot_texts
        assert t("ui.report_below", lang) in bot_texts[-1]
        expect()(page.locator("#answer textarea")).to_be_disabled()
        expect()(page.get_by_role("button", name=t("ui.new", lang))).to_be_visible()
        expect()(page.get_by_role("button", name=t("ui.send", lang))).to_be_hidden()
        check_downloads(page, url, sid)
        assert service.load_state(sid).status == "finished"
    context.close()
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_end_interview_asks_first_then_shows_the_report_and_the_closing_once(browser, service, lang):
    context, page = new_page(browser, lang)
    with running_app(service) as url:
        sid, q = start_interview(page, url, service, lang)
        text = short_answer(q, lang)
        send_answer(page, text)
        page.get_by_role("button", name=t("ui.end", lang)).click()
        page.get_by_role("button", name=t("ui.end_no", lang)).click()  # changed my mind: nothing ends
        expect()(page.locator("#answer textarea")).to_be_enabled()
        assert service.load_state(sid).status == "active"
        page.get_by_role("button", name=t("ui.end", lang)).click()
        page.get_by_role("button", name=t("ui.end_yes", lang)).click()
        report = page.locator("#report")
        expect()(report).to_contain_text(t("report.plan", lang))
        expect()(report).to_be_in_viewport()
        expect()(page.locator("#progress")).to_contain_text(t("ui.finished", lang))
        expect()(page.locator("[data-testid=user]").first).to_contain_text(shown_line(text))
        assert closings(page.locator("[data-testid=bot]").all_inner_texts(), lang) == 1
        check_downloads(page, url, sid)
        assert service.load_state(sid).status == "finished"
    context.close()
    assert page.js_errors == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_settings_survive_a_reload(browser, service, lang):
    other = "en" if lang == "fr" else "fr"
    context, page = new_page(browser, other)
    stored = "() => window.localStorage.getItem('interview_bot_settings')"

    def changed(action) -> None:
        """Do ``action`` and wait until the browser storage holds the new settings (polled from Python:
        the page's CSP forbids the string evaluation ``wait_for_function`` relies on)."""
        before = page.evaluate(stored)
        action()
        for _ in range(300):
            if page.evaluate(stored) != before:
                return
            page.wait_for_timeout(100)
        raise AssertionError("the settings were not saved in the browser")

    with running_app(service) as url:
        page.goto(url)
        expect()(page.get_by_role("button", name=t("ui.start", other))).to_be_visible()
        changed(lambda: page.get_by_role("radio", name={"fr": "Français", "en": "English"}[lang]).check())
        expect()(page.get_by_role("button", name=t("ui.start", lang))).to_be_visible()
        changed(lambda: page.get_by_label(t("ui.hide_scores", lang)).check())
        n_box = page.locator("#n-questions input[type=number]")
        changed(lambda: (n_box.fill("4"), n_box.press("Enter")))
        page.reload()
        expect()(page.get_by_role("button", name=t("ui.start", lang))).to_be_visible()
        expect()(page.get_by_role("radio", name={"fr": "Français", "en": "English"}[lang])).to_be_checked()
        expect()(page.get_by_label(t("ui.hide_scores", lang))).to_be_checked()
        expect()(n_box).to_have_value("4")
    context.close()
    assert page.js_errors == []


def test_shift_enter_is_a_new_line_and_clearing_the_chat_asks_first(page, service):
    with running_app(service) as url:
        start_interview(page, url, service)
        box = page.locator("#answer textarea")
        box.fill("first line")
        box.press("Shift+Enter")
        box.type("second line")
        assert box.input_value() == "first line\nsecond line"
        assert page.locator("[data-testid=user]").count() == 0
        bot = page.locator("[data-testid=bot]")
        page.once("dialog", lambda d: d.dismiss())
        page.locator(f"#chat button[aria-label=\"{t('ui.aria_clear', 'en')}\"]").click()
        expect()(bot.first).to_be_visible()  # dismissed: the conversation stays
        page.once("dialog", lambda d: d.accept())
        page.locator(f"#chat button[aria-label=\"{t('ui.aria_clear', 'en')}\"]").click()
        expect()(bot).to_have_count(0)
    assert page.js_errors == []


def test_reload_mid_interview_resumes_the_conversation(page, service):
    with running_app(service) as url:
        sid, q = start_interview(page, url, service)
        text = short_answer(q)
        send_answer(page, text)
        bot = page.locator("[data-testid=bot]")
        last_bot = bot.last.inner_text()

        page.reload()
        user = page.locator("[data-testid=user]")
        expect()(user).to_have_count(1)
        expect()(user.first).to_contain_text(shown_line(text))
        expect()(bot.last).to_have_text(last_bot)
        restored = "\n".join(bot.all_inner_texts())
        assert q.text.en.splitlines()[0] in restored and "Question 1 of 3" in restored
        expect()(page.locator("#score-card")).to_contain_text("Score")
        n_bot = bot.count()

        # The page is bound to the same session again: a new answer continues it.
        _, _, q2 = latest(service)
        send_answer(page, short_answer(q2) if q2.id != q.id else "I would also add citations and evals.")
        expect()(bot).to_have_count(n_bot + 1)
        assert len([a for rec in service.load_state(sid).records for a in rec.answers]) == 2
    assert page.js_errors == []


def test_reload_after_the_app_restarts_resumes_the_conversation(page, settings, shared_scorer):
    from interview_bot.interview.service import InterviewService

    port = free_port()
    service_a = InterviewService(settings, scorer=shared_scorer, use_settings_model=False)
    with running_app(service_a, port=port) as url:
        _, q = start_interview(page, url, service_a)
    service_b = InterviewService(settings, scorer=shared_scorer, use_settings_model=False)
    with running_app(service_b, port=port) as url:  # same origin: same browser storage
        page.reload()
        expect()(page.locator("[data-testid=bot]", has_text=q.text.en.splitlines()[0])).to_be_visible(timeout=8_000)


def test_candidate_text_never_makes_the_page_fetch_anything(page, service):
    """Markdown images, <img>, CSS url() and <link> in an answer: shown as text in the chat and the
    report, and not one request reaches the (local) tracking server."""
    import http.server
    import threading

    hits: list[str] = []

    class Tracker(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *a):
            pass

    tracker = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Tracker)
    threading.Thread(target=tracker.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{tracker.server_address[1]}"
    try:
        with running_app(service) as url:
            sid, q = start_interview(page, url, service)
            text = (f"{short_answer(q)} ![pixel]({base}/markdown.png) <img src=\"{base}/img.png\"> "
                    f"<span style=\"background:url({base}/css.png)\">styled</span> "
                    f"<link rel=\"stylesheet\" href=\"{base}/link.css\"> <video src=\"{base}/v.mp4\"></video>")
            send_answer(page, text)
            user = page.locator("[data-testid=user]").first
            expect()(user).to_contain_text("![pixel](")  # shown literally
            expect()(user).to_contain_text("<img src=")
            page.get_by_role("button", name="End interview").click()
            page.get_by_role("button", name="Yes, end now").click()
            expect()(page.locator("#report")).to_contain_text("Study plan")
            expect()(page.locator("#report")).to_contain_text("<img src=")
            page.wait_for_timeout(1500)
            main = page.request.get(url)
            assert "frame-ancestors 'none'" in main.headers["content-security-policy"]
    finally:
        tracker.shutdown()
        tracker.server_close()
    assert hits == []
