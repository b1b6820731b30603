"""Issue 19 in a real headless Chromium: a candidate's Markdown (a setext heading claiming a verdict, bare
links, a list) is shown as typed in the chat and in the in-page report, never as a heading or a link;
the report's download links are signed and the bare path downloads nothing."""

from __future__ import annotations

import pytest
from browser_helpers import expect, start_interview
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
