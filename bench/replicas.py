"""Two app replicas on one PostgreSQL database, each with its own data dir, and candidates whose turns
alternate between them (a load balancer with no stickiness).

Used by ``tests/test_replicas.py`` and by the benchmark::

    python -m bench.replicas --candidates 50            # writes bench/results_replicas.json

The benchmark starts a throwaway PostgreSQL cluster (tests/pg_server.py), two ``interview-bot serve``
processes on 127.0.0.1, then N candidates at once: each starts an interview on one replica, answers
every turn on the other one in alternation, and fetches the report from both. It reports errors and
the latency of each turn (p50/p95/max) as a client sees it through the REST API.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = [
    "Retrieval-augmented generation retrieves the most relevant chunks from a vector store with embeddings "
    "and puts them in the prompt, so the model grounds its answer and can cite sources.",
    "I would chunk the documents, embed them, store the vectors, retrieve the top k for each query and "
    "evaluate recall on a labelled set before tuning the chunk size.",
    "I am not sure.",
]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ApiError(Exception):
    pass


def call(url: str, api: str, *data: object, timeout: float = 300) -> object:
    """One call to a named endpoint through Gradio's REST API (POST, then read the event stream)."""
    body = json.dumps({"data": list(data)}).encode()
    req = urllib.request.Request(f"{url}gradio_api/call/{api}", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        event_id = json.loads(r.read())["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{api}/{event_id}", timeout=timeout) as r:
        stream = r.read().decode()
    event, payload = "", ""
    for line in stream.splitlines():
        if line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            payload = line[5:].strip()
    if event != "complete":
        raise ApiError(payload or event or "no answer")
    return json.loads(payload)[0]


def get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@dataclass
class Replica:
    """``interview-bot serve`` in a subprocess with its own data dir."""

    db_url: str
    data_dir: Path
    env: dict[str, str] = field(default_factory=dict)
    port: int = field(default_factory=free_port)
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 120) -> Replica:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "INTERVIEW_BOT_SESSION_SECRET": "replicas-share-this-secret-0123456789",
               **self.env}
        log = open(self.data_dir.parent / f"replica-{self.port}.log", "w")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "interview_bot.cli", "serve", "--port", str(self.port), "--data-dir", str(self.data_dir),
             "--database-url", self.db_url], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"replica exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                if call(self.url, "ping", timeout=5) == "ok":
                    return self
            except (OSError, ApiError, KeyError, ValueError):
                time.sleep(0.3)
        raise RuntimeError(f"replica not ready in {timeout:.0f} s: {self.log_tail()}")

    def log_tail(self, n: int = 15) -> str:
        try:
            return "\n".join((self.data_dir.parent / f"replica-{self.port}.log").read_text().splitlines()[-n:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@dataclass
class Outcome:
    turn_ms: list[float] = field(default_factory=list)
    start_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    finished: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def candidate(urls: list[str], i: int, out: Outcome, n_questions: int = 3, max_turns: int = 12,
              think_s: float = 0.0) -> None:
    """One candidate: start on one replica, then alternate replicas turn by turn; report from both.
    ``think_s``: mean pause before each answer (uniform 0–2×), as a person reading and typing."""
    import random

    rng = random.Random(i)
    try:
        t0 = time.perf_counter()
        r = call(urls[i % 2], "start", "en", n_questions, "rag,security,langchain", 0, "")
        assert isinstance(r, dict)
        with out.lock:
            out.start_ms.append(1000 * (time.perf_counter() - t0))
        sid, owner = r["session_id"], r["owner_token"]
        for turn in range(max_turns):
            url = urls[(i + turn + 1) % 2]
            if think_s:
                time.sleep(rng.uniform(0, 2 * think_s))
            t0 = time.perf_counter()
            reply = call(url, "answer", sid, ANSWERS[turn % len(ANSWERS)], owner)
            assert isinstance(reply, dict)
            with out.lock:
                out.turn_ms.append(1000 * (time.perf_counter() - t0))
            if reply["finished"]:
                break
        else:
            raise AssertionError(f"not finished after {max_turns} turns")
        for url in urls:  # a download link signed by one replica works on the other
            link = call(urls[0], "report_url", sid, owner, "md")
            status, body = get(f"{url}{link}")
            if status != 200 or b"## " not in body:
                raise AssertionError(f"report from {url}: HTTP {status}")
        with out.lock:
            out.finished += 1
    except Exception as exc:  # noqa: BLE001 - counted and reported
        with out.lock:
            out.errors.append(f"candidate {i}: {type(exc).__name__}: {str(exc)[:200]}")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def run_load(urls: list[str], n: int, think_s: float = 0.0) -> dict:
    out = Outcome()
    threads = [threading.Thread(target=candidate, args=(urls, i, out), kwargs={"think_s": think_s}) for i in range(n)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=1800)
    wall = time.perf_counter() - t0
    return {
        "candidates": n, "finished": out.finished, "errors": len(out.errors), "error_samples": out.errors[:5],
        "turns": len(out.turn_ms), "wall_s": round(wall, 1),
        "turn_ms": {"p50": round(statistics.median(out.turn_ms), 0) if out.turn_ms else None,
                    "p95": round(pct(out.turn_ms, 95), 0), "max": round(max(out.turn_ms, default=0), 0)},
        "start_ms": {"p50": round(statistics.median(out.start_ms), 0) if out.start_ms else None,
                     "p95": round(pct(out.start_ms, 95), 0)},
    }


def main(argv: list[str] | None = None) -> int:
    import tempfile

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--candidates", type=int, default=50)
    ap.add_argument("--scorer-layers", type=int, default=6)
    ap.add_argument("--think", type=float, default=0.0, help="mean seconds a candidate pauses before each answer")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results_replicas.json")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_server import TempPostgres

    env = {"INTERVIEW_BOT_SCORER_LAYERS": str(args.scorer_layers), "INTERVIEW_BOT_RATE_LIMIT": "0",
           "INTERVIEW_BOT_REPORT_RATE_LIMIT": "0"}
    with TempPostgres() as db_url, tempfile.TemporaryDirectory() as tmp:
        replicas = [Replica(db_url, Path(tmp) / f"data{k}", env) for k in (1, 2)]
        try:
            for r in replicas:
                r.start()
            call(replicas[0].url, "ping")  # warm both (first calls load the scorer)
            for r in replicas:
                s = call(r.url, "start", "en", 1, "rag", 0, "")
                assert isinstance(s, dict)
                call(r.url, "answer", s["session_id"], ANSWERS[0], s["owner_token"])
            result = run_load([r.url for r in replicas], args.candidates, args.think)
        finally:
            for r in replicas:
                r.stop()
    result.update(scorer_layers=args.scorer_layers, think_s=args.think, replicas=2, database="PostgreSQL (throwaway local cluster)",
                  cores=os.cpu_count(), date=time.strftime("%Y-%m-%d"))
    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
    previous[f"layers={args.scorer_layers},think={args.think:g}s"] = result
    args.out.write_text(json.dumps(previous, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
