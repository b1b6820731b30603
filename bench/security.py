"""Issue 19's attacks replayed on a real ``interview-bot serve`` process, with the figures docs/security.md
quotes::

    python -m bench.security            # writes bench/results_security.json

The server runs in its own process (SQLite in a throwaway data dir, default settings except where
said), so its memory and its log are measured from outside, as an operator would see them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from http_attack import rest  # noqa: E402

ANSWER = "RAG retrieves relevant chunks with embeddings and grounds the answer in them."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data: Path, env: dict[str, str] | None = None):
        self.port, self.data, self.log = free_port(), data, data.parent / f"serve-{data.name}.log"
        full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "interview_bot.cli", "serve", "--port", str(self.port), "--data-dir", str(data)],
            env=full, stdout=self.log.open("w"), stderr=subprocess.STDOUT, cwd=ROOT)
        self.url = f"http://127.0.0.1:{self.port}/"
        for _ in range(600):
            try:
                if rest(self.url, "ping", [], timeout=5)[0] == "complete":
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(self.log.read_text()[-2000:])

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def raw_post(url: str, path: str, length: int) -> tuple[str, float]:
    host, port = url.split("//")[1].rstrip("/").split(":")
    t0 = time.perf_counter()
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(f"POST /{path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {length}\r\n\r\n".encode() + b'{"data": ["')
        status = s.recv(4096).split(b"\r\n", 1)[0].decode()
    return status, time.perf_counter() - t0


def finished_session(url: str) -> tuple[str, str]:
    _, r = rest(url, "start", ["en", 1, "rag", 0, ""])
    sid, token = r["session_id"], r["owner_token"]
    for _ in range(4):
        _, a = rest(url, "answer", [sid, ANSWER, token])
        if a["finished"]:
            break
    return sid, token


def pdf_burst(data: Path, slots: int) -> dict:
    srv = Server(data, {"INTERVIEW_BOT_PDF_CONCURRENCY": str(slots)})
    try:
        url = srv.url
        sid, token = finished_session(url)
        link = rest(url, "report_url", [sid, token, "pdf"])[1]
        pings: list[float] = []
        stop = threading.Event()

        def ping() -> None:
            while not stop.is_set():
                t0 = time.perf_counter()
                rest(url, "ping", [])
                pings.append(time.perf_counter() - t0)
                time.sleep(0.05)

        th = threading.Thread(target=ping)
        th.start()
        time.sleep(5)
        baseline, pings[:] = list(pings), []
        t0 = time.perf_counter()
        with ThreadPoolExecutor(8) as ex:
            codes = list(ex.map(lambda _: httpx.get(url + link, timeout=300).status_code, range(24)))
        wall = time.perf_counter() - t0
        stop.set()
        th.join()
        return {"200": codes.count(200), "429": codes.count(429), "wall_s": round(wall, 2),
                "ping_max_s": round(max(pings), 3), "ping_p50_s": round(statistics.median(pings), 3),
                "baseline_ping_max_s": round(max(baseline), 3), "baseline_ping_p50_s": round(statistics.median(baseline), 3)}
    finally:
        srv.stop()


def big_bank(data: Path) -> dict:
    """A 570 KB bank file (190,000 values, within every limit) dropped in the bank folder of a serving app:
    how long the next /start takes, and how long until the file is loaded (its problem is logged)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_ownership_http import big_bank_file

    srv = Server(data)
    try:
        rest(srv.url, "start", ["en", 1, "rag", 0, ""])
        folder = data / "bank"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "big.yaml").write_text(big_bank_file(), encoding="utf-8")
        t0 = time.perf_counter()
        kind = rest(srv.url, "start", ["en", 1, "rag", 0, ""])[0]
        first = time.perf_counter() - t0
        while "big.yaml" not in srv.log.read_text() and time.perf_counter() - t0 < 300:
            time.sleep(0.2)
        return {"next_start": kind, "next_start_s": round(first, 2),
                "loaded_after_s": round(time.perf_counter() - t0, 1)}
    finally:
        srv.stop()


def burst(data: Path, n: int = 200) -> dict:
    """``n`` sessions started over HTTP, then one answer to each sent at the same instant."""
    srv = Server(data, {"INTERVIEW_BOT_RATE_LIMIT": "0"})
    try:
        owned = [rest(srv.url, "start", ["en", 2, "rag", 0, ""])[1] for _ in range(n)]
        barrier = threading.Barrier(n)

        def go(r: dict) -> str:
            barrier.wait()
            kind, a = rest(srv.url, "answer", [r["session_id"], ANSWER, r["owner_token"]], timeout=900)
            return "accepted" if kind == "complete" and a["accepted"] else f"{kind} {a}"

        t0 = time.perf_counter()
        with ThreadPoolExecutor(n) as ex:
            outcomes = list(ex.map(go, owned))
        return {"answers": n, "accepted": outcomes.count("accepted"), "wall_s": round(time.perf_counter() - t0, 1),
                "other": sorted(set(outcomes) - {"accepted"})[:5]}
    finally:
        srv.stop()


def run(tmp: Path) -> dict:
    out: dict = {}
    srv = Server(tmp / "a")
    try:
        url = srv.url
        # 1. The id alone.
        sid, token = finished_session(url)
        out["id_alone"] = {api: rest(url, api, data)[0] for api, data in (
            ("answer", [sid, "x", ""]), ("report", [sid, ""]), ("export", [sid, ""]), ("delete", [sid, ""]),
            ("report_url", [sid, "", "pdf"]))}
        out["bare_report_path"] = {fmt: httpx.get(f"{url}reports/{sid}.{fmt}").status_code for fmt in ("md", "html", "pdf")}
        md = httpx.get(url + rest(url, "report_url", [sid, token, "md"])[1]).text
        out["report_mentions_id_or_token"] = sid in md or token in md
        # 2. 100 /start claiming 100 addresses, from loopback (default: 60 a minute per client).
        t0 = time.perf_counter()
        starts = [rest(url, "start", ["en", 1, "rag", 0, ""], headers={"X-Forwarded-For": f"198.51.100.{i}"})[0]
                  for i in range(100)]
        out["forged_xff_starts"] = {"started": starts.count("complete"), "refused": starts.count("error"),
                                    "s": round(time.perf_counter() - t0, 1)}  # over 60 s, the first calls leave the window
        # 3. Upload 50 MB.
        t0 = time.perf_counter()
        r = httpx.post(url + "gradio_api/upload", files={"files": ("big.bin", b"\0" * 50_000_000)}, timeout=120)
        out["upload_50mb"] = {"status": r.status_code, "s": round(time.perf_counter() - t0, 2), "body": r.text[:80]}
        # 4. 100 MB announced to the answer endpoint.
        rss0 = srv.rss_mb()
        status, elapsed = raw_post(url, "gradio_api/call/answer", 100_000_000)
        out["body_100mb"] = {"status": status, "ms": round(1000 * elapsed, 1),
                             "rss_before_mb": round(rss0, 1), "rss_after_mb": round(srv.rss_mb(), 1)}
        # 5. Logs: 440 refused calls.
        size0 = srv.log.stat().st_size
        for i in range(440):
            rest(url, "answer", [f"{i:032x}", "x", ""])
        time.sleep(1)
        text = srv.log.read_text()[size0:]
        out["logs_440_refused"] = {"bytes": len(text.encode()), "lines": len(text.splitlines()),
                                   "tracebacks": text.count("Traceback"),
                                   "ids_in_log": len(re.findall(r"[0-9a-f]{32}", text))}
    finally:
        srv.stop()
    # 6. PDFs: 24 downloads, 8 at a time, with /ping measured meanwhile and for 5 s before (the baseline
    # under the machine's load), for 1 and 2 renders at a time (2 is the default; 20 a minute per client).
    for slots in (1, 2):
        out[f"pdf_24_by_8_concurrency_{slots}"] = pdf_burst(tmp / f"pdf{slots}", slots)
    out["big_bank_file"] = big_bank(tmp / "bank")
    out["simultaneous_answers_200"] = burst(tmp / "burst")
    try:
        out["load_avg"] = os.getloadavg()
    except OSError:
        pass
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results_security.json")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        result = run(Path(tmp))
    result["measured_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
