"""Regenerate the screenshots (docs/*.png) in headless Chromium, in English and French, on a desktop
(1366×900) and a phone (390×844).

    PYTHONPATH=. .venv/bin/python docs/screenshots.py

Offline app on a throwaway data dir; answers are sentences of the bank's reference answers. Each
language gets: the desktop page with a follow-up pending (the score card only counts the missing key
points) — ``screenshot-<lang>.png``; the report shown at the end — ``report-<lang>.png``; the phone
page after an answer, the card under the chat — ``phone-<lang>.png``. PNGs are reduced to a
256-colour palette to stay small.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

CHROMIUM = "/usr/lib/chromium/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def sentence(q, lang: str, n: int) -> str:
    parts = re.split(r"(?<=[.!?])\s+", q.reference_answer.get(lang).strip())
    return parts[min(n, len(parts) - 1)]


def shrink(path: Path) -> None:
    from PIL import Image

    Image.open(path).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def shoot(lang: str) -> None:
    from playwright.sync_api import expect, sync_playwright
    from ui_helpers import running_app

    from interview_bot.config import Settings
    from interview_bot.i18n import t
    from interview_bot.interview.service import InterviewService

    svc = InterviewService(Settings(data_dir=Path(tempfile.mkdtemp()), language=lang, questions=3,
                                    topics=["rag", "caching", "security"]), use_settings_model=False)
    with running_app(svc) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        page = browser.new_context(viewport={"width": 1366, "height": 900}, locale=f"{lang}-{lang.upper()}",
                                   device_scale_factor=1).new_page()
        page.set_default_timeout(120_000)
        expect.set_options(timeout=120_000)
        page.goto(url)
        page.get_by_role("button", name=t("ui.start", lang)).click()
        bot = page.locator("[data-testid=bot]")
        bot.first.wait_for()
        pending_shot = False
        for _ in range(8):
            sid = svc.store.list_sessions(limit=1)[0].id
            st = svc.load_state(sid)
            rec = st.records[-1]
            n_bot = bot.count()
            box = page.locator("#answer textarea")
            box.fill(sentence(svc.bank().question(rec.question_id), lang, len(rec.answers)))
            box.press("Enter")
            expect(bot).to_have_count(n_bot + 1)
            page.wait_for_timeout(1500)
            st = svc.load_state(sid)
            answered = sum(1 for r in st.records if r.answers)
            if answered >= 2 and st.status == "active" and st.records[-1].answers and not pending_shot:
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(HERE / f"screenshot-{lang}.png"))
                pending_shot = True
            if pending_shot or st.status != "active":
                break
        page.get_by_role("button", name=t("ui.end", lang)).click()
        page.get_by_role("button", name=t("ui.end_yes", lang)).click()
        page.locator("#report").wait_for()
        page.wait_for_timeout(2500)
        page.screenshot(path=str(HERE / f"report-{lang}.png"))
        phone(browser, url, svc, lang)
        browser.close()
    for name in (f"screenshot-{lang}.png", f"report-{lang}.png", f"phone-{lang}.png"):
        if (HERE / name).exists():
            shrink(HERE / name)
            print(name, (HERE / name).stat().st_size, "bytes")


def phone(browser, url: str, svc, lang: str) -> None:
    """The page on a phone after the first answer: the score card stacked under the chat."""
    from playwright.sync_api import expect

    from interview_bot.i18n import t

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=f"{lang}-{lang.upper()}",
                                  is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(url)
    page.get_by_role("button", name=t("ui.start", lang), exact=True).click()
    bot = page.locator("[data-testid=bot]")
    expect(page.get_by_role("button", name=t("ui.send", lang), exact=True)).to_be_enabled()
    sid = svc.store.list_sessions(limit=1)[0].id
    rec = svc.load_state(sid).records[-1]
    n_bot = bot.count()
    page.locator("#answer textarea").fill(sentence(svc.bank().question(rec.question_id), lang, 0))
    page.get_by_role("button", name=t("ui.send", lang), exact=True).click()
    expect(bot).to_have_count(n_bot + 1)
    page.locator("#score-card").wait_for()
    page.wait_for_timeout(1500)
    bot.last.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.screenshot(path=str(HERE / f"phone-{lang}.png"))
    context.close()


if __name__ == "__main__":
    for lang in sys.argv[1:] or ["en", "fr"]:
        shoot(lang)
