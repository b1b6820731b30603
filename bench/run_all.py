"""All benchmarks in one run; each figure comes with a baseline measured in the same run.

    python -m bench.run_all [--quick] [--skip-llm]

Writes bench/results.json and prints a Markdown table (pasted into the README).
- turn latency (offline): answer → score → next question, through the engine/service, and through
  the HTTP API with gradio_client; baselines: the scorer alone, and a no-op HTTP endpoint (/ping).
  Each twice: answers sent the instant the question is shown (``turns``, ``http``), and after the
  question's background preparation has finished (``turns_prepared``, ``http_prepared``): a real
  candidate reads the question and types for seconds to minutes, while a question's reference texts
  take ~2-4 s to encode on these 2 shared cores (``OfflineScorer.prepare_question``).
- scorer speed: ``bench/scorer_speed.py speed --n 30 --rounds 2 --modes ref,fast,fast-int8`` (reference
  vs fast path, same run; skipped with a message when the development answers are absent).
- cold start: `interview-bot serve` spawn → HTTP 200; baseline: a bare Gradio app, same method.
- LLM-path overhead: recruiter-chain time-to-first-token ÷ direct ChatOpenAI TTFT, same llama.cpp
  server, interleaved requests.
- scoring throughput on the shipped labelled set (answers/s); baseline: tokenization alone.
- report generation: Markdown, HTML, PDF for an 8-question session.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], p: float) -> float:
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100 * (len(v) - 1)))))
    return v[k]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers_for(bank, qid: str, i: int) -> str:
    q = bank.questions[qid]
    ref = q.reference_answer.en
    # alternate strong, partial and weak answers so probes and moves are both exercised
    return [ref, ". ".join(ref.split(". ")[:2]), "I am not sure, but I think it depends on the data and the model."][i % 3]


def bench_turns(n_sessions: int, layers: int = 6, prepared: bool = False) -> dict:
    """``prepared``: each answer is sent once the question's background preparation is done (a
    candidate reading and typing); otherwise the instant the question is shown."""
    from interview_bot.config import Settings
    from interview_bot.interview.engine import wait_prepared
    from interview_bot.interview.service import InterviewService

    with tempfile.TemporaryDirectory() as d:
        from interview_bot.scoring.offline import OfflineScorer

        svc = InterviewService(Settings(data_dir=Path(d), scorer_layers=layers))
        bank = svc.bank()
        turn, score_only = [], []
        for s in range(n_sessions):
            r = svc.start(language="en", n_questions=4)
            i = 0
            while True:
                st = svc.load_state(r.session_id)
                if st.status == "finished":
                    break
                qid = st.records[-1].question_id
                text = answers_for(bank, qid, i + s)
                q = bank.questions[qid]
                # baseline: the same scoring alone, with the caches the app had before this answer (reference
                # texts, answer paragraphs, reference-answer baselines; before 2026-12-07 evening: not the last).
                # The order alternates: whichever call runs second is measurably warmer.
                if prepared:
                    wait_prepared()
                alone = OfflineScorer(svc.scorer.embedder)
                alone._cache = svc.scorer._cache
                alone._question_locks = svc.scorer._question_locks  # waits for a preparation in flight, as the app
                alone._answers.update(svc.scorer._answers)
                alone._baselines.update(svc.scorer._baselines)
                cumulative = "\n\n".join([*st.records[-1].answers, text])

                def run_alone(alone=alone, q=q, cumulative=cumulative) -> None:
                    t0 = time.perf_counter()
                    alone.score(q, bank.rubric_for(q), cumulative, "en")
                    score_only.append(time.perf_counter() - t0)

                if len(turn) % 2:
                    run_alone()
                t0 = time.perf_counter()
                svc.answer(r.session_id, text)
                turn.append(time.perf_counter() - t0)
                if len(turn) % 2:
                    run_alone()
                i += 1
        return {
            "turns": len(turn),
            "engine_p50_ms": round(1000 * pct(turn, 50), 1),
            "engine_p95_ms": round(1000 * pct(turn, 95), 1),
            "scorer_only_p50_ms": round(1000 * pct(score_only, 50), 1),
            "scorer_only_p95_ms": round(1000 * pct(score_only, 95), 1),
            "engine_over_scorer_p50": round(pct(turn, 50) / pct(score_only, 50), 2),
            "answer_sent": "after the question was prepared" if prepared else "the instant the question is shown",
            "note": "answers cycle strong reference / two sentences / weak, 86-160 words",
        }


def bench_http(n_sessions: int, prepared: bool = False) -> dict:
    from gradio_client import Client

    from interview_bot.config import Settings
    from interview_bot.interview.engine import wait_prepared
    from interview_bot.interview.service import InterviewService
    from interview_bot.ui import build_app

    with tempfile.TemporaryDirectory() as d:
        svc = InterviewService(Settings(data_dir=Path(d)))
        bank = svc.bank()
        demo = build_app(svc.settings, svc)
        port = free_port()
        demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
        try:
            c = Client(f"http://127.0.0.1:{port}/", verbose=False)
            ping = []
            for _ in range(20):
                t0 = time.perf_counter()
                c.predict(api_name="/ping")
                ping.append(time.perf_counter() - t0)
            turn = []
            for s in range(n_sessions):
                r = c.predict(language="en", n_questions=4, topics="", difficulty=0, api_name="/start")
                sid = r["session_id"]
                i = 0
                while True:
                    st = svc.load_state(sid)
                    if st.status == "finished":
                        break
                    text = answers_for(bank, st.records[-1].question_id, i + s)
                    if prepared:
                        wait_prepared()
                    t0 = time.perf_counter()
                    c.predict(session_id=sid, answer=text, owner_token=r["owner_token"], api_name="/answer")
                    turn.append(time.perf_counter() - t0)
                    i += 1
        finally:
            demo.close()
        return {
            "turns": len(turn),
            "http_p50_ms": round(1000 * pct(turn, 50), 1),
            "http_p95_ms": round(1000 * pct(turn, 95), 1),
            "noop_p50_ms": round(1000 * pct(ping, 50), 1),
            "http_over_noop_p50": round(pct(turn, 50) / pct(ping, 50), 2),
            "answer_sent": "after the question was prepared" if prepared else "the instant the question is shown",
        }


def _time_to_http(cmd: list[str], port: int, env: dict) -> float:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        while time.perf_counter() - t0 < 120:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as r:  # noqa: S310
                    if r.status == 200:
                        return time.perf_counter() - t0
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("server did not start in 120 s")
    finally:
        p.terminate()
        p.wait(timeout=20)


def bench_cold_start(runs: int) -> dict:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    bare = ("import gradio as gr,sys\nwith gr.Blocks() as d:\n    gr.Markdown('hi')\n"
            "d.launch(server_name='127.0.0.1', server_port=int(sys.argv[1]))")
    app, base = [], []
    with tempfile.TemporaryDirectory() as d:
        for _ in range(runs):
            port = free_port()
            base.append(_time_to_http([sys.executable, "-c", bare, str(port)], port, env))
            port = free_port()
            app.append(_time_to_http([sys.executable, "-m", "interview_bot.cli", "serve", "--port", str(port),
                                      "--data-dir", d], port, env))
    return {
        "runs": runs,
        "app_median_s": round(statistics.median(app), 2),
        "bare_gradio_median_s": round(statistics.median(base), 2),
        "app_over_bare": round(statistics.median(app) / statistics.median(base), 2),
    }


def bench_scoring(layers: int = 6) -> dict:
    from interview_bot.bank import current_bank
    from interview_bot.config import Settings
    from interview_bot.scoring.evaluate import read_jsonl, shipped_labelled
    from interview_bot.scoring.offline import OfflineScorer

    bank = current_bank(Settings(data_dir=Path(tempfile.gettempdir()) / "ib-bench"))
    items = [it for p in shipped_labelled() for it in read_jsonl(p)]
    sc = OfflineScorer(layers=layers)
    batch = [(bank.questions[i.question_id], bank.rubric_for(bank.questions[i.question_id]), i.answer,
              i.language or "en") for i in items]
    sc.score_many(batch[:4])  # load the model, warm the key-point cache
    t0 = time.perf_counter()
    sc.score_many(batch)
    dt = time.perf_counter() - t0
    t0 = time.perf_counter()
    tok = sc.embedder.tok
    for it in items:
        tok.encode(it.answer)
    tok_dt = time.perf_counter() - t0
    words = sum(len(i.answer.split()) for i in items)
    return {
        "answers": len(items),
        "mean_words": round(words / len(items), 1),
        "answers_per_s": round(len(items) / dt, 1),
        "tokenize_only_answers_per_s": round(len(items) / tok_dt, 1),
    }


def bench_scorer_speed() -> dict:
    """The scorer on its own, reference path against fast path in the same run (bench/scorer_speed.py)."""
    from bench import scorer_speed

    if not scorer_speed.DEV.exists():
        msg = f"skipped: {scorer_speed.DEV} (the development answers) not found"
        print(f"scorer_speed {msg}", flush=True)
        return {"skipped": msg}
    return scorer_speed.speed(argparse.Namespace(
        answers=scorer_speed.DEV, n=30, rounds=2, min_words=70, max_words=130, modes="ref,fast,fast-int8",
        json=None))


def bench_report() -> dict:
    from interview_bot.config import Settings
    from interview_bot.interview.service import InterviewService
    from interview_bot.report import build_report, render

    with tempfile.TemporaryDirectory() as d:
        svc = InterviewService(Settings(data_dir=Path(d)))
        bank = svc.bank()
        r = svc.start(language="fr", n_questions=8)
        i = 0
        while svc.load_state(r.session_id).status != "finished":
            st = svc.load_state(r.session_id)
            svc.answer(r.session_id, answers_for(bank, st.records[-1].question_id, i))
            i += 1
        out = {}
        rep = build_report(svc, r.session_id)
        for fmt in ("md", "html", "pdf", "pdf"):
            t0 = time.perf_counter()
            rep = build_report(svc, r.session_id)
            render(rep, fmt)
            out[f"{fmt}_s"] = round(time.perf_counter() - t0, 3)  # the second pdf run is the warm figure
        out["questions"] = len(rep.questions)
        return out


def bench_llm_overhead(n: int) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from langchain_core.messages import HumanMessage, SystemMessage
    from langchain_openai import ChatOpenAI
    from llm_server import LlamaServer  # type: ignore[import-not-found]

    from interview_bot.interview.conversation import prompt_vars
    from interview_bot.interview.profile import role_name
    from interview_bot.interview.recruiter import Recruiter, TurnContext
    from interview_bot.prompts import RECRUITER_PROMPT

    with LlamaServer() as srv:
        model = ChatOpenAI(base_url=srv.base_url, api_key="not-needed", model=srv.model, timeout=60,
                           max_retries=0, temperature=0.3, extra_body={"max_tokens": 24})
        from interview_bot.llm import Breaker

        # The base model's text is junk, so validation fails after streaming: keep the breaker closed
        # so every round really streams from the server (TTFT is measured on the streamed chunks).
        rec = Recruiter(model, retries=0, breaker=Breaker(threshold=10**9))
        ctx = TurnContext(kind="question", lang="en", index=2, total=5, topic="rag", canonical="Q?", covered=2, of=4)
        msgs = RECRUITER_PROMPT.invoke(prompt_vars(ctx, role=role_name(ctx.lang))).to_messages()
        assert isinstance(msgs[0], SystemMessage) and isinstance(msgs[1], HumanMessage)
        direct, app = [], []
        fallbacks = 0
        for i in range(n + 2):
            # time to the first non-empty text token, then drain the stream (one request at a time)
            t0 = time.perf_counter()
            d_ttft = None
            for chunk in model.stream(msgs):
                if chunk.content and d_ttft is None:
                    d_ttft = time.perf_counter() - t0
            t0 = time.perf_counter()
            a_ttft = None
            for item in rec.stream(ctx):
                if isinstance(item, str) and item and a_ttft is None:
                    a_ttft = time.perf_counter() - t0
            if d_ttft is None or a_ttft is None:
                fallbacks += 1
                continue
            if i >= 2:  # two warm-up rounds
                direct.append(d_ttft)
                app.append(a_ttft)
        return {
            "requests": n,
            "direct_ttft_median_ms": round(1000 * statistics.median(direct), 1),
            "app_ttft_median_ms": round(1000 * statistics.median(app), 1),
            "overhead_ratio": round(statistics.median(app) / statistics.median(direct), 3),
            "rounds_without_text": fallbacks,
        }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--skip-llm", action="store_true")
    args = ap.parse_args()
    n = 2 if args.quick else 6
    results: dict = {"cpu_count": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M")}
    steps = [("scoring", bench_scoring), ("scoring_layers0", lambda: bench_scoring(0)),
             ("turns", lambda: bench_turns(n)), ("turns_prepared", lambda: bench_turns(n, prepared=True)),
             ("turns_layers0", lambda: bench_turns(n, 0)),
             ("http", lambda: bench_http(n)), ("http_prepared", lambda: bench_http(n, prepared=True)),
             ("scorer_speed", bench_scorer_speed),
             ("report", bench_report), ("cold_start", lambda: bench_cold_start(3 if args.quick else 5))]
    if not args.skip_llm:
        steps.append(("llm_overhead", lambda: bench_llm_overhead(10 if args.quick else 20)))
    for name, fn in steps:
        t0 = time.perf_counter()
        load = os.getloadavg()[0]
        results[name] = fn()
        if isinstance(results[name], dict):
            results[name]["load_avg_1m_at_start"] = round(load, 2)
        print(f"{name}: {json.dumps(results[name])} ({time.perf_counter() - t0:.0f}s)", flush=True)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
