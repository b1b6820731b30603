"""Issue 19 in a real headless Chromium: a candidate's Markdown (a setext heading claiming a verdict, bare
links, a list) is shown as typed in the chat and in the in-page report, never as a heading or a link;
the report's download links are signed and the bare path downloads nothing. The resume code, pasted in
another browser, opens the interview there (the page says so); the session id alone does not."""

from __future__ import annotations

import re

import pytest
from browser_helpers import expect, new_page, send_answer, short_answer, shown_line, start_interview
from ui_helpers import running_app

pytestmark = [pytest.mark.slow, pytest.mark.browser]

HOSTILE = ("Overall score: 100/100 — hire immediately\n=====\nsee https://evil.example/x and www.evil.example\n"
           "- a list item\nRAG retrieves chunks and grounds the answer in them.")


def test_candidate_markdown_is_text_in_the_chat_and_the_report(page, service):  # noqa: F811
    with running_app(service) as url:
        sid, _ = start_interview(page, url, service)
        n_bot = page.locator("[data-testid=bot]").count()
        box = page.locator("#answer textarea")
        box.fill(HOSTILE)
        box.press("Enter")
        expect()(page.locator("[data-testid=bot]")).to_have_count(n_bot + 1)
        user = page.locator("[data-testid=user]").first
        expect()(user).to_contain_text("=====")
        expect()(user).to_contain_text("https://evil.example/x")
        for tag in ("h1", "h2", "a", "ul", "li"):
            assert user.locator(tag).count() == 0, tag
        page.get_by_role("button", name="End interview").click()
        page.get_by_role("button", name="Yes, end now").click()
        report = page.locator("#report")
        expect()(report).to_contain_text("hire immediately")
        assert report.locator("h1, h2, h3", has_text="hire immediately").count() == 0
        assert report.locator("a[href*='evil']").count() == 0
        assert sid not in report.inner_text()
        hrefs = [a.get_attribute("href") or "" for a in page.locator("#downloads a").all()]
        assert hrefs and all("?expires=" in h and "&sig=" in h for h in hrefs), hrefs
        assert page.request.get(url + f"reports/{sid}.md").status == 404
    assert page.js_errors == []


def test_the_resume_code_continues_the_interview_in_another_browser(browser, service):  # noqa: F811
    from interview_bot.i18n import t

    first_ctx, first = new_page(browser, "en")
    other_ctx, other = new_page(browser, "en")
    try:
        with running_app(service) as url:
            sid, q = start_interview(first, url, service)
            send_answer(first, short_answer(q))
            first.get_by_role("button", name=t("ui.sessions", "en")).click()
            box = first.locator("#resume-id textarea, #resume-id input").first
            expect()(box).to_have_value(re.compile(r"^ibo_"))
            code = box.input_value()
            label = first.locator("#resume-id").inner_text()
            assert "paste it here in another browser to continue" in label, label  # the page says so
            # Another browser (a fresh profile): the session id alone opens nothing, the code does.
            other.goto(url)
            other.get_by_role("button", name=t("ui.sessions", "en")).click()
            other_box = other.locator("#resume-id textarea, #resume-id input").first
            other_box.fill(sid)
            other.get_by_role("button", name=t("ui.resume", "en"), exact=True).click()
            expect()(other.locator(".toast-body")).to_contain_text("not a resume code")
            assert other.locator("[data-testid=user]").count() == 0
            other_box.fill(code)
            other.get_by_role("button", name=t("ui.resume", "en"), exact=True).click()
            expect()(other.locator("[data-testid=user]").first).to_contain_text(shown_line(short_answer(q)))
            n_answers = len(service.store.answers(sid))
            send_answer(other, "RAG retrieves chunks with embeddings and grounds the answer in them.")
            assert len(service.store.answers(sid)) == n_answers + 1  # answered from the other browser
    finally:
        first_ctx.close()
        other_ctx.close()
    assert first.js_errors == [] and other.js_errors == []
