"""Raw HTTP as an attacker sends it (no gradio_client): REST calls, the page's own queue events, uploads,
oversized bodies, forged headers. Shared by the security tests."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx


def rest(url: str, api_name: str, data: list, headers: dict[str, str] | None = None, timeout: float = 120) -> tuple[str, Any]:
    """One call through Gradio's REST API: ("complete", value) or ("error", message) or ("http", status)."""
    r = httpx.post(f"{url}gradio_api/call/{api_name}", json={"data": data}, headers=headers or {}, timeout=timeout)
    if r.status_code != 200:
        return "http", r.status_code
    event_id = r.json()["event_id"]
    stream = httpx.get(f"{url}gradio_api/call/{api_name}/{event_id}", headers=headers or {}, timeout=timeout).text
    event, payload = "", ""
    for line in stream.splitlines():
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            payload = line[5:].strip()
    if event == "complete":
        return "complete", json.loads(payload)[0]
    return "error", (json.loads(payload) or {}).get("error", "") if payload.startswith("{") else payload


def dependencies(url: str) -> dict[str, dict]:
    """The page's events by function name (``on_send``, ``on_resume``, …), from the public /config."""
    cfg = httpx.get(f"{url}config", timeout=30).json()
    return {d["api_name"]: d for d in cfg["dependencies"]}


def page_event(url: str, dep: dict, data: list, session_hash: str | None = None, timeout: float = 120) -> list[dict]:
    """Send one page event the way the browser does (queue/join, then read the event stream)."""
    session_hash = session_hash or uuid.uuid4().hex[:11]
    body = {"data": data, "fn_index": dep["id"], "trigger_id": (dep["targets"] or [[None]])[0][0],
            "session_hash": session_hash, "event_data": None}
    r = httpx.post(f"{url}gradio_api/queue/join", json=body, timeout=timeout)
    assert r.status_code == 200, (r.status_code, r.text[:300])
    messages = []
    with httpx.stream("GET", f"{url}gradio_api/queue/data", params={"session_hash": session_hash},
                      timeout=timeout) as s:
        for line in s.iter_lines():
            if not line.startswith("data:"):
                continue
            msg = json.loads(line[5:])
            messages.append(msg)
            if msg.get("msg") in ("process_completed", "close_stream"):
                break
    return messages


def simultaneous_answers(svc, url: str, n: int, answer: str) -> list[tuple[str, Any]]:
    """``n`` sessions (started in-process through ``ownership``, as /start does), then one answer to each
    sent over HTTP at the same instant (a barrier): the outcome of every call, as ``rest`` gives it."""
    import threading

    from interview_bot import ownership

    owned = []
    for _ in range(n):
        r, token = ownership.start(svc, language="en", n_questions=2, topics=["rag"], max_probes=0)
        owned.append((r.session_id, token))
    barrier = threading.Barrier(n)
    out: list[tuple[str, Any]] = [("none", None)] * n

    def go(i: int) -> None:
        sid, token = owned[i]
        barrier.wait(timeout=120)
        try:
            out[i] = rest(url, "answer", [sid, answer, token], timeout=900)
        except httpx.HTTPError as exc:
            out[i] = ("exception", type(exc).__name__)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return out
