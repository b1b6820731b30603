"""Issue 19, the parts that need no server: owner tokens, signed report links, candidate Markdown made
literal (checked with a real CommonMark renderer), toasts as text, proxy settings, and a burst of
database work that waits for a connection instead of failing."""

from __future__ import annotations

import re
import threading
import time

import pytest

from interview_bot.config import Settings, load_settings
from interview_bot.errors import ConfigError, SessionNotFound

# ---- owner tokens -------------------------------------------------------------------------------------


def test_an_owner_token_opens_its_session_only(service):
    from interview_bot import ownership

    r, token = ownership.start(service, language="en", n_questions=1, topics=["rag"])
    other, other_token = ownership.start(service, language="en", n_questions=1, topics=["rag"])
    sid = r.session_id
    assert token.startswith(f"ibo_{sid}.") and len(token) == 4 + 32 + 1 + 43
    assert ownership.require(service, sid, token) == sid
    for wrong in ("", sid, other_token, token[:-1] + ("A" if token[-1] != "A" else "B"), token.upper(), None, 42):
        with pytest.raises(SessionNotFound) as exc:
            ownership.require(service, sid, wrong)
        assert str(exc.value) == str(ownership.not_found(sid))  # the message an unknown id gets
    assert ownership.from_code(service, token) == sid and ownership.from_code(service, sid) is None
    assert ownership.from_code(service, other_token) == other.session_id
    stored = service.store.get_session(sid).state["options"]["owner"]
    assert len(stored) == 64 and token.split(".")[1] not in str(service.store.get_session(sid).state)
    assert "owner" not in service.export(sid)["state"]["options"]


def test_sessions_without_an_owner_are_not_reachable_over_http(service):
    """Sessions started before owner tokens (or by the CLI) have no owner: no token opens them."""
    from interview_bot import ownership
    from interview_bot.identity import new_owner_secret, owner_token

    sid = service.start(language="en", n_questions=1, topics=["rag"]).session_id
    with pytest.raises(SessionNotFound):
        ownership.require(service, sid, owner_token(sid, new_owner_secret()))


def test_report_links_are_signed_short_lived_and_per_format(service):
    from interview_bot import ownership

    r, _ = ownership.start(service, language="en", n_questions=1, topics=["rag"])
    sid, now = r.session_id, 1_800_000_000
    link = ownership.report_link(service, sid, "pdf", now=now)
    path, query = link.split("?")
    assert path == f"reports/{sid}.pdf"
    params = dict(p.split("=") for p in query.split("&"))
    expires, sig = params["expires"], params["sig"]
    assert int(expires) == now + ownership.LINK_TTL
    assert ownership.link_state(service, sid, "pdf", expires, sig, now=now) == "ok"
    assert ownership.link_state(service, sid, "pdf", expires, sig, now=now + ownership.LINK_TTL + 1) == "expired"
    assert ownership.link_state(service, sid, "md", expires, sig, now=now) == "invalid"  # another format
    assert ownership.link_state(service, sid, "pdf", str(int(expires) + 1), sig, now=now) == "invalid"
    assert ownership.link_state(service, sid, "pdf", expires, sig[:-1] + "x", now=now) == "invalid"
    assert ownership.link_state(service, "0" * 32, "pdf", expires, sig, now=now) == "invalid"
    # another server secret signs other links (the browser-state key is published: it is not this one)
    other = type(service)(Settings(data_dir=service.settings.data_dir, session_secret="another-secret-" * 3),
                          scorer=service.scorer, use_settings_model=False)
    assert ownership.link_state(other, sid, "pdf", expires, sig, now=now) == "invalid"


def test_the_key_sent_to_browsers_is_not_the_app_secret(settings):
    from interview_bot.identity import app_secret, browser_state_key, derived_key
    from interview_bot.webui.page import browser_secret

    assert browser_secret(settings) == browser_state_key(settings) != app_secret(settings)
    assert derived_key(settings, "report-links-v1") != browser_state_key(settings)


# ---- candidate Markdown is text ----------------------------------------------------------------------

HOSTILE = [
    "Overall score: 100/100 — hire immediately\n=====",
    "Strong hire\n-----",
    "# Verdict: hire",
    "- bullet\n+ plus\n* star\n1. one\n2) two",
    "see https://evil.example/x and www.evil.example or boss@evil.example",
    "<https://evil.example> [link](https://evil.example) ![img](https://evil.example/p.png)",
    "<b>bold</b> <script>alert(1)</script> &amp; **strong** _em_ `code` ~~strike~~",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "> quoted\n\n    indented",
    "$$x^2$$",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_candidate_text_renders_as_one_plain_paragraph(text):
    from markdown_it import MarkdownIt

    from interview_bot.report.markdown import esc

    html = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(esc(text))
    for tag in ("<h1", "<h2", "<a ", "<img", "<ul", "<ol", "<li", "<b>", "<script", "<strong", "<em", "<code",
                "<table", "<blockquote", "<pre", "<del", "<s>", "<hr"):
        assert tag not in html, (tag, html)
    # a linkifying renderer (GitHub, Gradio) needs "scheme://", "www." or "@" intact to make a link
    for marker in (r"[a-z]://", r"www\.", r"[a-z]@"):
        assert not re.search(marker, esc(text)), marker


def test_ordinary_text_is_left_readable():
    from interview_bot.report.markdown import esc

    text = "RAG costs 3.5 cents at 10:30; a-b = c, C++ and 2 + 2."
    assert esc(text) == text


def test_report_markdown_neutralises_a_setext_verdict(service):
    from markdown_it import MarkdownIt

    from interview_bot import ownership
    from interview_bot.report import build_report, render_markdown

    r, _ = ownership.start(service, language="en", n_questions=1, topics=["rag"])
    service.answer(r.session_id, "Overall score: 100/100 — hire immediately\n=====\nsee https://evil.example")
    md = render_markdown(build_report(service, r.session_id))
    html = MarkdownIt("commonmark").render(md)
    assert "hire immediately</h" not in html and 'href="https://evil' not in html
    assert r.session_id not in md  # a reference, not the id


def test_toasts_show_the_echo_as_text():
    from interview_bot.webui.handlers import as_text

    assert as_text("'<img src=x onerror=alert(1)>' is not") == "'&lt;img src=x onerror=alert(1)&gt;' is not"


# ---- settings -------------------------------------------------------------------------------------------


def test_trusting_proxy_headers_needs_an_explicit_list():
    with pytest.raises(ConfigError, match="INTERVIEW_BOT_TRUSTED_PROXIES"):
        load_settings(trust_proxy_headers=True)
    with pytest.raises(ConfigError, match="not an IP address"):
        load_settings(trust_proxy_headers=True, trusted_proxies="nginx")
    s = load_settings(trust_proxy_headers=True, trusted_proxies="172.28.0.10, 10.0.0.0/8")
    assert s.trusted_proxies == ["172.28.0.10", "10.0.0.0/8"]


def test_uvicorn_trusts_no_proxy_once_the_app_is_launched(service, monkeypatch):
    import os

    import uvicorn

    from interview_bot.ui import launch_options

    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert uvicorn.Config(app=None).forwarded_allow_ips == "127.0.0.1,::1"  # uvicorn's default: loopback
    opts = launch_options(service)
    assert os.environ["FORWARDED_ALLOW_IPS"] == "" and uvicorn.Config(app=None).forwarded_allow_ips == ""
    assert opts["run_history"] is False and opts["max_file_size"] == 1


def test_same_origin_rule():
    from interview_bot.web import same_origin

    assert same_origin("http://127.0.0.1:7860", "127.0.0.1:7860")
    assert same_origin("https://interview.example", "interview.example")
    assert same_origin("http://[::1]:7860", "[::1]:7860")
    assert not same_origin("http://127.0.0.1:3000", "127.0.0.1:7860")  # another local app
    assert not same_origin("https://evil.example", "interview.example")
    assert not same_origin("null", "interview.example")


# ---- bursts queue --------------------------------------------------------------------------------------


def _burst(store, sid: str, n: int) -> list[BaseException]:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def read() -> None:
        barrier.wait(timeout=30)
        try:
            store.get_session(sid)
        except BaseException as exc:  # noqa: BLE001 - collected
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    return errors


def test_a_burst_waits_for_a_connection_instead_of_failing(tmp_path):
    """120 threads at once on a pool of 15 whose wait is cut to 0.2 s, each holding its connection 50 ms:
    without the slots most would time out in the pool; with them every one waits its turn."""
    from sqlalchemy import event

    from interview_bot.store import Store

    store = Store(f"sqlite:///{tmp_path / 'burst.db'}")
    store.create_session("a" * 32, language="en", backend="offline", state={}, turns=[])
    store.engine.pool._timeout = 0.2  # type: ignore[attr-defined]  # QueuePool's wait (30 s by default)
    event.listen(store.engine, "checkout", lambda *a: time.sleep(0.05))
    assert _burst(store, "a" * 32, 120) == []
    # Control: the same burst without the slots does fail (so the test can tell).
    store._slots = threading.BoundedSemaphore(10_000)  # type: ignore[assignment]
    errors = _burst(store, "a" * 32, 120)
    assert errors and all("QueuePool limit" in str(e) for e in errors)


# ---- bank reloads off the request path -------------------------------------------------------------------


def test_a_changed_bank_reloads_in_the_background_and_parses_only_changed_files(data_dir, monkeypatch):
    from interview_bot.bank import current_bank, loader

    folder = data_dir / "bank"
    folder.mkdir()
    (folder / "a.yaml").write_text("", encoding="utf-8")
    settings = Settings(data_dir=data_dir)
    before = current_bank(settings)
    assert any(p.file.endswith("a.yaml") and "empty" in p.message for p in before.problems)
    parsed: list[str] = []
    release = threading.Event()
    real = loader._read_file

    def slow_read(path, display, raw):
        parsed.append(path.name)
        release.wait(30)  # a file that takes long to parse
        return real(path, display, raw)

    monkeypatch.setattr(loader, "_read_file", slow_read)
    (folder / "a.yaml").write_text("questions: {}\n", encoding="utf-8")
    t0 = time.perf_counter()
    assert current_bank(settings, wait=0.2) is before  # the request goes on with the bank it had
    assert current_bank(settings, wait=0.2) is before
    assert time.perf_counter() - t0 < 2
    release.set()
    after = current_bank(settings)  # without a wait: the new one
    assert after is not before and any(p.file.endswith("a.yaml") and "non-empty list" in p.message
                                       for p in after.problems)
    assert parsed == ["a.yaml"]  # the shipped files came from the cache
