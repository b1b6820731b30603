"""The Gradio page in a real headless Chromium (Debian package) driven by ``playwright.sync_api``:
start an interview, answer, see the score card; reload mid-interview and get the conversation back."""

from __future__ import annotations

import os
import re

import pytest
from conftest import skip_or_fail
from ui_helpers import free_port, running_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = "/usr/lib/chromium/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
WAIT_MS = 90_000  # scoring runs a MiniLM forward pass on CPU; generous on a loaded CI machine


@pytest.fixture(scope="module")
def browser():
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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.js_errors = errors
    try:
        yield pg
    finally:
        context.close()


def expect():
    from playwright.sync_api import expect as _expect

    _expect.set_options(timeout=WAIT_MS)
    return _expect


def latest_question(service):
    sid = service.store.list_sessions(limit=1)[0].id
    st = service.load_state(sid)
    return sid, service.bank().question(st.records[-1].question_id)


def short_answer(q) -> str:
    """The first two sentences of the bank's reference answer: realistic, and quick to score."""
    return " ".join(re.split(r"(?<=[.!?])\s+", q.reference_answer.en.strip())[:2])


def start_interview(page, url, service):
    page.goto(url)
    page.get_by_role("button", name="Start interview").click()
    bot = page.locator("[data-testid=bot]")
    expect()(bot.first).to_contain_text("Question 1 of 3")
    sid, q = latest_question(service)
    expect()(bot.first).to_contain_text(q.text.en)
    expect()(page.get_by_text("Question 1 of 3", exact=True)).to_be_visible()
    return sid, q


def send_answer(page, text: str) -> None:
    box = page.get_by_label("Your answer")
    box.fill(text)
    page.get_by_role("button", name="Send answer").click()
    card = page.locator("#score-card")
    expect()(card).to_contain_text("Score")
    expect()(card).to_contain_text(re.compile(r"\d+/100"))
    expect()(box).to_have_value("")


def test_start_answer_and_see_the_score(page, service, tmp_path):
    with running_app(service) as url:
        sid, q = start_interview(page, url, service)
        text = short_answer(q)
        send_answer(page, text)
        expect()(page.locator("[data-testid=user]").first).to_contain_text(text[:60])
        # The recruiter replied after the answer (a follow-up or the next question).
        expect()(page.locator("[data-testid=bot]")).to_have_count(2)
        card = page.locator("#score-card").inner_text()
        assert re.search(r"Score: \d+/100", card) and ("✓" in card or "✗" in card)
        shot = tmp_path / "after_first_answer.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        assert service.load_state(sid).records[0].answers == [text.strip()]
    assert page.js_errors == []


def test_reload_mid_interview_resumes_the_conversation(page, service):
    with running_app(service) as url:
        sid, q = start_interview(page, url, service)
        text = short_answer(q)
        send_answer(page, text)
        bot = page.locator("[data-testid=bot]")
        expect()(bot).to_have_count(2)
        last_bot = bot.nth(1).inner_text()

        page.reload()
        user = page.locator("[data-testid=user]")
        expect()(user).to_have_count(1)
        expect()(user.first).to_contain_text(text[:60])
        # The transcript comes back (on resume the greeting and the first question are two bubbles).
        expect()(bot.last).to_have_text(last_bot)
        restored = "\n".join(bot.all_inner_texts())
        assert q.text.en in restored and "Question 1 of 3" in restored
        n_bot = bot.count()

        # The page is bound to the same session again: a new answer continues it.
        _, q2 = latest_question(service)
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
        expect()(page.locator("[data-testid=bot]", has_text=q.text.en)).to_be_visible(timeout=8_000)


def test_end_interview_shows_report_and_offers_downloads(page, service):
    with running_app(service) as url:
        sid, q = start_interview(page, url, service)
        text = short_answer(q)
        send_answer(page, text)
        page.get_by_role("button", name="End interview").click()
        report = page.locator("#report")
        expect()(report).to_contain_text("Mock interview report")
        expect()(report).to_contain_text("Study plan")
        expect()(page.get_by_text("Interview finished")).to_be_visible()
        # the transcript stays in the chat, with the closing message appended
        expect()(page.locator("[data-testid=user]").first).to_contain_text(text[:60])
        expect()(page.locator("[data-testid=bot]").last).to_contain_text("we will stop here")  # closing_early
        links = page.locator("#downloads a")
        expect()(links).to_have_count(3)
        hrefs = [a.get_attribute("href") or "" for a in links.all()]
        for ext in (".md", ".html", ".pdf"):
            assert any(h.endswith(f"reports/{sid}{ext}") for h in hrefs), hrefs
        pdf = page.request.get(url + f"reports/{sid}.pdf")  # rendered on demand from the database
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        assert service.load_state(sid).status == "finished"
    assert page.js_errors == []


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
            expect()(page.locator("#report")).to_contain_text("Study plan")
            expect()(page.locator("#report")).to_contain_text("<img src=")
            page.wait_for_timeout(1500)
            main = page.request.get(url)
            assert "frame-ancestors 'none'" in main.headers["content-security-policy"]
    finally:
        tracker.shutdown()
        tracker.server_close()
    assert hits == []


def test_delete_button_forgets_the_session(page, service):
    with running_app(service) as url:
        sid, q = start_interview(page, url, service)
        send_answer(page, short_answer(q))
        assert page.request.get(url + f"reports/{sid}.md").status == 200
        page.get_by_role("button", name="Delete this session").click()
        expect()(page.locator("[data-testid=bot]")).to_have_count(0)  # the chat is cleared
        assert service.store.list_sessions() == [] or sid not in {r.id for r in service.store.list_sessions()}
        assert page.request.get(url + f"reports/{sid}.md").status == 404
        page.reload()  # the browser no longer resumes it
        expect()(page.get_by_role("button", name="Start interview")).to_be_visible()
        page.wait_for_timeout(1000)
        assert page.locator("[data-testid=user]").count() == 0
    assert page.js_errors == []
