"""Privacy and hardening through HTTP on a real server: security headers, reports rendered on demand
from the database, delete removes everything (rows, reports, bytes in the SQLite files, nothing in
Gradio's cache), export is complete, per-client rate limits, invalid Unicode, bounded errors."""

from __future__ import annotations

import json
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError
from ui_helpers import running_app

pytestmark = pytest.mark.slow

MARK = "ZEBRAQUOKKA"  # a word no report template, bank or library contains


@pytest.fixture(scope="module")
def app(tmp_path_factory, shared_scorer):
    from interview_bot.config import Settings
    from interview_bot.interview.service import InterviewService

    data = tmp_path_factory.mktemp("privacy_data")
    settings = Settings(data_dir=data, language="en", questions=1, backend="offline", rate_limit=0,
                        report_rate_limit=0)
    svc = InterviewService(settings, scorer=shared_scorer, use_settings_model=False)
    with running_app(svc) as url:
        yield svc, url


@pytest.fixture
def api(app):
    c = Client(app[1], verbose=False)
    try:
        yield c
    finally:
        c.close()


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def finished_session(api, text: str) -> tuple[str, str]:
    """A finished one-question interview: (session id, owner token)."""
    r = api.predict("en", 1, "rag", 0, api_name="/start")
    sid, token = r["session_id"], r["owner_token"]
    r = api.predict(sid, text, token, api_name="/answer")
    assert r["accepted"]
    if not r["finished"]:
        api.predict(sid, text, token, api_name="/answer")
    return sid, token


def link(api, sid: str, token: str, fmt: str) -> str:
    """A signed download link, as the page shows it (relative to the app's URL)."""
    return api.predict(sid, token, fmt, api_name="/report_url")


def test_every_response_has_csp_and_frame_ancestors(app):
    _, url = app
    for path in ("", "config", "gradio_api/info", "reports/" + "0" * 32 + ".md"):
        _, headers, _ = get(url + path)
        csp = headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, (path, csp)
        assert "img-src 'self' data: blob:" in csp and "connect-src 'self'" in csp
        assert headers.get("x-frame-options") == "DENY" and headers.get("x-content-type-options") == "nosniff"


def test_reports_are_rendered_on_demand_and_nothing_is_written(app, api):
    svc, url = app
    sid, token = finished_session(api, f"{MARK} RAG retrieves relevant chunks and grounds the answer in them.")
    for fmt, magic in (("md", MARK.encode()), ("html", MARK.encode()), ("pdf", b"%PDF")):
        status, headers, body = get(url + link(api, sid, token, fmt))
        assert status == 200 and magic in body[:200_000], fmt
        assert headers["cache-control"] == "no-store" and "attachment" in headers["content-disposition"]
        assert sid not in headers["content-disposition"]
    assert not (svc.settings.data_dir / "reports").exists()  # never written to disk
    assert get(f"{url}reports/{'f' * 32}.md")[0] == 404
    assert get(f"{url}reports/../../etc/passwd")[0] == 404


def files_mentioning(root: Path, needle: bytes) -> list[Path]:
    hits = []
    for p in root.rglob("*"):
        if p.is_file() and (needle in p.name.encode() or needle in p.read_bytes()):
            hits.append(p)
    return hits


def test_delete_over_http_removes_everything(app, api):
    svc, url = app
    mark = MARK + "DELETED"  # only in this session
    text = f"{mark} answer: retrieval first, then generation grounded in the chunks."
    sid, token = finished_session(api, text)
    links = {fmt: link(api, sid, token, fmt) for fmt in ("md", "html", "pdf")}
    assert get(url + links["pdf"])[0] == 200  # a report was produced and downloaded
    exported = json.loads(api.predict(sid, token, api_name="/export"))
    assert exported["id"] == sid and [a["text"] for a in exported["answers"]][0] == text
    assert any(t["content"] == text and t["role"] == "candidate" for t in exported["transcript"])
    assert exported["state"]["records"][0]["answers"][0] == text and exported["version"] >= 2

    assert "owner" not in exported["state"]["options"]  # the owner hash signs links: never exported
    assert api.predict(sid, token, api_name="/delete") == "deleted"
    for fmt in ("md", "html", "pdf"):
        assert get(url + links[fmt])[0] == 404
    for endpoint in ("/report", "/export", "/delete"):
        with pytest.raises(AppError, match="No interview session"):
            api.predict(sid, token, api_name=endpoint)
    with pytest.raises(AppError, match="No interview session"):
        api.predict(sid, "more", token, api_name="/answer")
    # Not in any file: the database and its WAL (secure delete + checkpoint), Gradio's cache.
    gradio_cache = Path(tempfile.gettempdir()) / "gradio"
    for root in (svc.settings.data_dir, gradio_cache):
        if root.exists():
            assert files_mentioning(root, mark.encode()) == [] and files_mentioning(root, sid.encode()) == []


def call_raw(url: str, api_name: str, data: list) -> str:
    """The REST API by hand (gradio_client cannot send a lone surrogate; JSON can: "\\ud800")."""
    body = json.dumps({"data": data}, ensure_ascii=True).encode()
    req = urllib.request.Request(f"{url}gradio_api/call/{api_name}", data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        event_id = json.loads(r.read())["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{api_name}/{event_id}", timeout=120) as r:
        return r.read().decode()


def test_bad_input_gets_a_message_not_a_null_error(app, api):
    svc, url = app
    r = api.predict("en", 1, "rag", 0, api_name="/start")
    sid = r["session_id"]
    stream = call_raw(url, "answer", [sid, "RAG \ud800 retrieves chunks.", r["owner_token"]])
    assert "event: complete" in stream and '"accepted": true' in stream.replace('":true', '": true'), stream[:500]
    assert svc.store.answers(sid)[0].text == "RAG \ufffd retrieves chunks."
    stream = call_raw(url, "start", ["en", 1, "rag,\ud800" + "x" * 1500, 0, ""])
    assert "event: error" in stream and "at most 80 characters" in stream and len(stream) < 400, stream[:300]
    stream = call_raw(url, "start", ["en", 1, "rag,\ud800oops", 0, ""])  # unknown topic: a message, not null
    assert "event: error" in stream and "Unknown topic" in stream and "\ufffdoops" in json.loads(
        stream.split("data:", 1)[1])["error"], stream[:300]
    with pytest.raises(AppError) as exc:
        api.predict("x" * 10_000, "hello", api_name="/answer")
    assert "not a session id" in str(exc.value) and len(str(exc.value)) < 300


def test_rate_limit_per_client(tmp_path, shared_scorer):
    from interview_bot.config import Settings
    from interview_bot.interview.service import InterviewService

    svc = InterviewService(Settings(data_dir=tmp_path / "d", rate_limit=3, questions=5), scorer=shared_scorer,
                           use_settings_model=False)
    with running_app(svc) as url:
        c = Client(url, verbose=False)
        try:
            r = c.predict("en", 5, "rag", 0, api_name="/start")
            sid, token = r["session_id"], r["owner_token"]
            for i in range(3):
                assert c.predict(sid, f"Answer {i}: retrieval then generation.", token, api_name="/answer")["accepted"]
            with pytest.raises(AppError, match=r"Too many requests from your connection: wait \d+ s"):
                c.predict(sid, "Answer 3: refused.", token, api_name="/answer")
            assert [a.text for a in svc.store.answers(sid)][-1] == "Answer 2: retrieval then generation."
            for _ in range(2):
                c.predict("en", 1, "rag", 0, api_name="/start")
            with pytest.raises(AppError, match="Too many requests"):
                c.predict("en", 1, "rag", 0, api_name="/start")
        finally:
            c.close()
