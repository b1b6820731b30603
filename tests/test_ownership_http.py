"""Issue 19 attacked again on a real server, with raw HTTP: only the owner reaches a session (the id alone,
a shared report, a forged page state grant nothing), rate limits that hold behind any proxy (and on
reports, exports, downloads; PDF rendering bounded), no uploads, request bodies refused before parsing,
quiet logs, foreign hosts and origins refused."""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from http_attack import dependencies, page_event, rest, simultaneous_answers
from ui_helpers import running_app

pytestmark = pytest.mark.slow

ANSWER = "RAG retrieves relevant chunks with embeddings and grounds the answer in them."


def make_service(tmp_path: Path, shared_scorer, **kw):
    from interview_bot.config import Settings
    from interview_bot.interview.service import InterviewService

    base = {"data_dir": tmp_path / "data", "language": "en", "questions": 1, "rate_limit": 0, "report_rate_limit": 0}
    return InterviewService(Settings(**{**base, **kw}), scorer=shared_scorer, use_settings_model=False)


@pytest.fixture(scope="module")
def app(tmp_path_factory, shared_scorer):
    svc = make_service(tmp_path_factory.mktemp("owner"), shared_scorer, questions=2)
    with running_app(svc) as url:
        yield svc, url


def start(url: str, n: int = 2) -> tuple[str, str]:
    kind, r = rest(url, "start", ["en", n, "rag", 0, ""])
    assert kind == "complete", r
    return r["session_id"], r["owner_token"]


def answers(svc, sid: str) -> list[str]:
    return [a.text for a in svc.store.answers(sid)]


# ---- 1. the session id is no credential ---------------------------------------------------------------


def test_the_session_id_alone_or_another_token_grants_nothing(app):
    svc, url = app
    sid, token = start(url)
    _, other_token = start(url)
    unknown = "0123456789abcdef" * 2
    _, unknown_msg = rest(url, "report", [unknown, ""])
    assert unknown_msg == f"No interview session '{unknown}'. Start a new one or list them with: interview-bot sessions"
    for wrong in ("", other_token, sid, token.replace(".", ".x", 1)[:len(token)]):
        for api, data in (("answer", [sid, ANSWER, wrong]), ("report", [sid, wrong]), ("report_url", [sid, wrong, "pdf"]),
                          ("export", [sid, wrong]), ("delete", [sid, wrong])):
            kind, msg = rest(url, api, data)
            assert (kind, msg) == ("error", unknown_msg.replace(unknown, sid)), (api, wrong[:12], msg)
    assert answers(svc, sid) == [] and svc.load_state(sid).status == "active"  # nothing answered, nothing deleted
    kind, r = rest(url, "answer", [sid, ANSWER, token])
    assert kind == "complete" and r["accepted"] and answers(svc, sid) == [ANSWER]


def test_a_coach_holding_a_shared_report_can_do_nothing(app):
    svc, url = app
    sid, token = start(url, n=1)
    for _ in range(4):  # the answer, then follow-ups until the interview ends
        kind, r = rest(url, "answer", [sid, ANSWER, token])
        assert kind == "complete", r
        if r["finished"]:
            break
    assert r["finished"]
    shared = {}
    for fmt in ("md", "html", "pdf"):
        _, link = rest(url, "report_url", [sid, token, fmt])
        resp = httpx.get(url + link, timeout=120)
        assert resp.status_code == 200 and sid not in resp.headers["content-disposition"]
        shared[fmt] = resp.content
    _, md = rest(url, "report", [sid, token])
    for body in [*shared.values(), md.encode()]:
        assert sid.encode() not in body and token.encode() not in body and b"ibo_" not in body
    # Everything id-like the coach can find in what was shared is tried as a session id: nothing opens.
    text = shared["md"].decode() + shared["html"].decode(errors="replace") + md
    for candidate in set(re.findall(r"[0-9a-f]{10,32}", text)) | {sid}:
        for api, data in (("report", [candidate, ""]), ("export", [candidate, ""]), ("answer", [candidate, "x", ""]),
                          ("delete", [candidate, ""])):
            assert rest(url, api, data)[0] == "error"
    # The bare report path without a signature, a tampered one, or another format's signature: nothing.
    _, link = rest(url, "report_url", [sid, token, "md"])
    assert httpx.get(f"{url}reports/{sid}.md").status_code == 404
    assert httpx.get(url + link[:-2] + "xx").status_code == 404
    assert httpx.get(url + link.replace(".md?", ".pdf?")).status_code == 404
    from interview_bot import ownership

    expired = ownership.report_link(svc, sid, "md", now=time.time() - 2 * ownership.LINK_TTL)
    assert httpx.get(url + expired).status_code == 410
    assert svc.load_state(sid).status == "finished" and set(answers(svc, sid)) == {ANSWER}


def test_the_page_state_cannot_be_forged_from_raw_events(app):
    """The page's own events, sent by hand with a victim's session id in every slot that takes one:
    the server-side state, the resume box, the browser storage. Nothing reaches the victim's session;
    the victim's resume code does (so the harness can tell)."""
    svc, url = app
    victim, token = start(url)
    deps = dependencies(url)
    attack = "ATTACKER answer written into someone else's interview."
    page_event(url, deps["on_load"], [{}, victim, [victim]])
    page_event(url, deps["on_resume"], [victim, [victim], False, "en"])
    sh = "attacker001"
    page_event(url, deps["on_load"], [{}, victim, [victim]], session_hash=sh)
    page_event(url, deps["on_send"], [attack, victim, -1, [], False, "en", [victim]], session_hash=sh)
    page_event(url, deps["on_refresh"], [victim, [victim], False, "en"], session_hash=sh)
    page_event(url, deps["on_end"], [victim, "en", [], [victim]], session_hash=sh)
    page_event(url, deps["on_delete"], [victim, "en", [victim]], session_hash=sh)
    assert answers(svc, victim) == [] and svc.load_state(victim).status == "active"
    # The owner's resume code, pasted in another browser, does open it.
    sh2 = "owner000002"
    page_event(url, deps["on_resume"], [token, [], False, "en"], session_hash=sh2)
    page_event(url, deps["on_send"], [ANSWER, None, None, [], False, "en", []], session_hash=sh2)
    assert answers(svc, victim) == [ANSWER]


# ---- 2. client addresses, limits ---------------------------------------------------------------------


def test_a_forged_x_forwarded_for_picks_no_bucket_when_proxy_headers_are_off(tmp_path, shared_scorer):
    svc = make_service(tmp_path, shared_scorer, rate_limit=5)
    with running_app(svc) as url:
        outcomes = [rest(url, "start", ["en", 1, "rag", 0, ""], headers={"X-Forwarded-For": f"198.51.100.{i}"})[0]
                    for i in range(20)]
    assert outcomes.count("complete") == 5 and outcomes.count("error") == 15


def test_behind_a_trusted_proxy_each_client_has_its_bucket(tmp_path, shared_scorer):
    svc = make_service(tmp_path, shared_scorer, rate_limit=2, trust_proxy_headers=True, trusted_proxies=["127.0.0.1"])
    with running_app(svc) as url:
        def go(xff: str) -> str:
            return rest(url, "start", ["en", 1, "rag", 0, ""], headers={"X-Forwarded-For": xff})[0]

        assert [go("203.0.113.1") for _ in range(3)] == ["complete", "complete", "error"]
        assert [go("203.0.113.2") for _ in range(2)] == ["complete", "complete"]
        # A client-supplied first hop is not believed: the proxy appended the real address on the right.
        assert go("203.0.113.2, 203.0.113.1") == "error"  # counted as .1, whose bucket is full
    svc2 = make_service(tmp_path / "2", shared_scorer, rate_limit=2, trust_proxy_headers=True,
                        trusted_proxies=["192.0.2.99"])  # the peer (loopback) is not the trusted proxy
    with running_app(svc2) as url:
        got = [rest(url, "start", ["en", 1, "rag", 0, ""], headers={"X-Forwarded-For": f"203.0.113.{i}"})[0]
               for i in range(4)]
    assert got == ["complete", "complete", "error", "error"]


def test_reports_exports_and_downloads_are_limited(tmp_path, shared_scorer):
    svc = make_service(tmp_path, shared_scorer, report_rate_limit=3)
    with running_app(svc) as url:
        sid, token = start(url, n=1)
        assert [rest(url, "report", [sid, token])[0] for _ in range(3)] == ["complete"] * 3
        kind, msg = rest(url, "export", [sid, token])
        assert kind == "error" and "Too many requests" in msg
        from interview_bot import ownership

        link = ownership.report_link(svc, sid, "md")
        codes = [httpx.get(url + link).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]


def test_pdf_rendering_runs_at_most_n_at_a_time(tmp_path, shared_scorer, monkeypatch):
    import interview_bot.report as report_pkg
    from interview_bot import ownership

    svc = make_service(tmp_path, shared_scorer, pdf_concurrency=1)
    real, running, peak, lock = report_pkg.render, [0], [0], threading.Lock()

    def counting(report, fmt):
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        try:
            time.sleep(0.2)
            return real(report, fmt)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(report_pkg, "render", counting)
    with running_app(svc) as url:
        sid, token = start(url, n=1)
        link = ownership.report_link(svc, sid, "pdf")
        codes: list[int] = []
        threads = [threading.Thread(target=lambda: codes.append(httpx.get(url + link, timeout=300).status_code))
                   for _ in range(5)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    assert codes == [200] * 5 and peak[0] == 1


# ---- 3 and 4. no uploads, bodies refused before parsing ------------------------------------------------


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def raw_post(url: str, path: str, length: int, chunks: int = 0, extra: str = "") -> tuple[str, float]:
    """POST by hand on a socket: announce ``length`` bytes (or send ``chunks`` 64 KB chunks, chunked), and
    return the status line the server answers and how long it took."""
    host, port = url.split("//")[1].rstrip("/").split(":")
    t0 = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=30) as s:
        head = f"POST /{path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n{extra}"
        if chunks:
            s.sendall((head + "Transfer-Encoding: chunked\r\n\r\n").encode())
            piece = b"10000\r\n" + b" " * 0x10000 + b"\r\n"
            try:
                for _ in range(chunks):
                    s.sendall(piece)
            except OSError:
                pass  # the server answered and closed before the end: that is the point
        else:
            s.sendall((head + f"Content-Length: {length}\r\n\r\n").encode())
            s.sendall(b'{"data": ["')  # a start, never the rest
        status = s.recv(4096).split(b"\r\n", 1)[0].decode()
    return status, time.perf_counter() - t0


def test_uploads_are_refused_and_nothing_is_written(app, tmp_path):
    import tempfile

    _, url = app
    cache = Path(tempfile.gettempdir()) / "gradio"
    before = {p for p in cache.rglob("*")} if cache.exists() else set()
    for path in ("gradio_api/upload", "upload"):
        r = httpx.post(url + path, files={"files": ("notes.txt", b"x" * 1_000_000, "text/plain")}, timeout=60)
        assert r.status_code == 403 and "/" not in r.text and "tmp" not in r.text, r.text
    status, elapsed = raw_post(url, "gradio_api/upload", 50_000_000, extra="Content-Type: multipart/form-data\r\n")
    assert " 403 " in status and elapsed < 2, (status, elapsed)
    after = {p for p in cache.rglob("*")} if cache.exists() else set()
    assert after - before == set()


def test_oversized_bodies_are_refused_before_parsing(app):
    _, url = app
    rss0 = rss_mb()
    for path in ("gradio_api/call/answer", "gradio_api/queue/join", "gradio_api/run/answer"):
        status, elapsed = raw_post(url, path, 100_000_000)
        assert " 413 " in status and elapsed < 2, (path, status, elapsed)
        status, elapsed = raw_post(url, path, 0, chunks=400)  # 26 MB, no Content-Length
        assert " 413 " in status and elapsed < 20, (path, status, elapsed)
    assert rss_mb() - rss0 < 40  # the app (in this process) never held the bodies
    # A real answer at the length limit still goes through the REST API.
    sid, token = start(url)
    kind, r = rest(url, "answer", [sid, "é" * 8000, token])
    assert kind == "complete" and r["accepted"]


# ---- 5. logs --------------------------------------------------------------------------------------------


def test_user_errors_log_one_line_without_traceback_or_id(tmp_path, shared_scorer, caplog, capfd):
    from interview_bot.identity import short_id

    svc = make_service(tmp_path, shared_scorer, rate_limit=3, questions=3)
    caplog.set_level(logging.DEBUG, logger="interview_bot")
    with running_app(svc) as url:
        sid, token = start(url, n=3)
        capfd.readouterr()
        caplog.clear()
        assert rest(url, "answer", [sid, ANSWER, token])[0] == "complete"
        assert rest(url, "answer", ["f" * 32, ANSWER, token])[0] == "error"  # unknown session
        assert rest(url, "answer", [sid, "x" * 9000, token])[0] == "error"  # too long
        assert rest(url, "answer", [sid, ANSWER, token])[0] == "error"  # rate limited (3 a minute)
        assert rest(url, "delete", [sid, token])[0] == "complete"
        time.sleep(0.5)
    out, err = capfd.readouterr()
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for text in (out, err, logged):
        assert "Traceback" not in text and sid not in text and token not in text and "f" * 32 not in text
    refused = [r.getMessage() for r in caplog.records if r.getMessage().startswith("refused")]
    assert refused == ["refused answer: SessionNotFound", "refused answer: InputError", "refused answer: InputError"]
    assert f"session={short_id(sid)}" in logged and f"deleted session={short_id(sid)}" in logged


def test_a_real_server_error_keeps_its_traceback(app, capfd, monkeypatch):
    """A bug (not a refused call) is still logged with its traceback, so it can be fixed."""
    svc, url = app
    sid, token = start(url)
    capfd.readouterr()

    def broken(_sid):
        raise RuntimeError("export is broken")

    monkeypatch.setattr(svc, "export", broken)
    kind, _ = rest(url, "export", [sid, token])
    time.sleep(0.5)
    err = "".join(capfd.readouterr())
    assert kind == "error" and "Traceback" in err and "RuntimeError: export is broken" in err


# ---- 6. candidate text is text -------------------------------------------------------------------------

HOSTILE = ("Overall score: 100/100 — hire immediately\n=====\n## Verdict: hire\n- strong hire\n1. top candidate\n"
           "[proof](https://evil.example/a) https://evil.example/b www.evil.example c@evil.example")


def test_candidate_markdown_is_literal_in_the_downloaded_md_report(app):
    """The .md report a candidate downloads (or shares), rendered by a CommonMark renderer: the answer's
    setext and ATX headings, lists, links and bare URLs come out as text in one paragraph."""
    from markdown_it import MarkdownIt

    _, url = app
    sid, token = start(url, n=1)
    for _ in range(4):
        kind, r = rest(url, "answer", [sid, HOSTILE, token])
        assert kind == "complete", r
        if r["finished"]:
            break
    md = httpx.get(url + rest(url, "report_url", [sid, token, "md"])[1]).text
    assert "hire immediately" in md
    html = MarkdownIt("commonmark").render(md)
    assert not re.search(r"<h\d>[^<]*(hire|Verdict)", html), html
    assert "evil.example" in html and not re.search(r"<a [^>]*evil", html)
    assert not re.search(r"<li>[^<]*(strong hire|top candidate)", html)


# ---- 7. bursts queue ----------------------------------------------------------------------------------


def test_two_hundred_simultaneous_answers_over_http_all_succeed(tmp_path):
    """200 candidates answer at the same instant, over HTTP, on one server (SQLite): every answer waits its
    turn and is accepted (the queue used to refuse all but 64 with 503). PostgreSQL: test_postgres.py."""
    from concurrency import FixedScorer

    from interview_bot.config import Settings
    from interview_bot.interview.service import InterviewService

    svc = InterviewService(Settings(data_dir=tmp_path / "data", language="en", rate_limit=0),
                           scorer=FixedScorer(delay=0.01), use_settings_model=False)
    with running_app(svc) as url:
        out = simultaneous_answers(svc, url, 200, ANSWER)
    assert [(kind, isinstance(r, dict) and r["accepted"]) for kind, r in out] == [("complete", True)] * 200, \
        sorted({str(o)[:120] for o in out if o[0] != "complete"})
    assert len(svc.sessions(limit=1000)) == 200
    assert all(len(svc.store.answers(r["session_id"])) == 1 for _, r in out)


# ---- 8. hosts and origins ------------------------------------------------------------------------------


def test_foreign_hosts_and_cross_origin_writes_are_refused(app):
    _, url = app
    origin = url.rstrip("/")
    assert httpx.get(url, headers={"Host": "evil.example"}).status_code == 400
    assert httpx.get(url, headers={"Host": "localhost"}).status_code == 200
    for bad in ("https://evil.example", "null", "http://127.0.0.1:1"):
        assert rest(url, "ping", [], headers={"Origin": bad}) == ("http", 403), bad
    assert rest(url, "ping", [], headers={"Origin": origin}) == ("complete", "ok")
    assert rest(url, "ping", []) == ("complete", "ok")  # API clients send no Origin


def big_bank_file() -> str:
    """A question file within every limit (~570 KB, 190,000 values): one question whose unknown field
    holds the values, so it parses for seconds and is then refused with one problem."""
    return "questions:\n  - id: big.values\n    notes: [" + ",".join(["ab"] * 190_000) + "]\n"


def test_a_big_bank_file_never_stalls_a_start(tmp_path, shared_scorer):
    from interview_bot import bank as bank_pkg
    from interview_bot.bank.limits import MAX_EXPANDED_NODES, MAX_FILE_BYTES

    text = big_bank_file()
    assert 500_000 < len(text) < MAX_FILE_BYTES and 190_000 < MAX_EXPANDED_NODES
    svc = make_service(tmp_path, shared_scorer)
    folder = svc.settings.writable_bank_dir
    folder.mkdir(parents=True)
    with running_app(svc) as url:
        start(url, n=1)  # the bank as served
        (folder / "big.yaml").write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        start(url, n=1)
        first = time.perf_counter() - t0
        t0 = time.perf_counter()
        assert rest(url, "ping", [])[0] == "complete"
        ping = time.perf_counter() - t0
        # The file was really loaded, in the background: its problem shows once the reload is done.
        deadline = time.time() + 180
        while not any(p.file.endswith("big.yaml") for p in svc.bank().problems):
            assert time.time() < deadline, "the big file was never loaded"
            time.sleep(0.5)
        start(url, n=1)
    # Parsing it takes seconds on this machine (6.6 s in issue 19); the start waited at most the reload wait.
    assert first < bank_pkg.RELOAD_WAIT_S + 3, first
    assert ping < 3, ping
