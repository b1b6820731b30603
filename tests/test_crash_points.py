"""SIGKILL at every database write point of a CLI interview, then resume: every answer whose
transaction committed is there exactly once, nothing half-written is visible, and the interview
finishes with every answer (tests/crash_hook.py picks the write point)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from concurrency import check_consistent

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parent
ANSWERS = ["First answer: retrieval, then generation grounded in the retrieved chunks.",
           "Second answer: split documents into chunks and embed them in a vector store."]


def run_cli(data_dir: Path, tmp_path: Path, crash_at: str | None = None) -> tuple[subprocess.CompletedProcess, int]:
    answers = tmp_path / "answers.txt"
    answers.write_text("\n---\n".join(ANSWERS), encoding="utf-8")
    count = tmp_path / "count.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)]),
           "INTERVIEW_BOT_MAX_PROBES": "0", "INTERVIEW_BOT_SCORER_LAYERS": "0",
           "INTERVIEW_BOT_TEST_COUNT_WRITES": str(count)}
    env.pop("INTERVIEW_BOT_TEST_CRASH_AT", None)
    if crash_at:
        env["INTERVIEW_BOT_TEST_CRASH_AT"] = crash_at
    cmd = [sys.executable, str(TESTS / "crash_hook.py"), "interview", "--lang", "en", "--questions", "2",
           "--topics", "rag", "--answers-file", str(answers), "--data-dir", str(data_dir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env=env)
    n = int(count.read_text()) if count.exists() else -1
    return proc, n


@pytest.fixture(scope="module")
def write_points(tmp_path_factory) -> int:
    tmp = tmp_path_factory.mktemp("count")
    proc, n = run_cli(tmp / "data", tmp)
    assert proc.returncode == 0, proc.stderr
    assert n == 5  # start, then (answer + score, recruiter reply) for each of the 2 answers
    return n


@pytest.mark.parametrize("phase", ["flush", "commit"])
@pytest.mark.parametrize("point", [1, 2, 3, 4, 5])
def test_sigkill_at_write_point_then_resume(point, phase, write_points, tmp_path, data_dir, shared_scorer):
    from interview_bot.config import Settings
    from interview_bot.interview.service import InterviewService

    proc, _ = run_cli(data_dir, tmp_path, crash_at=f"{point}:{phase}")
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    committed = point if phase == "commit" else point - 1
    svc = InterviewService(Settings(data_dir=data_dir, max_probes=0), scorer=shared_scorer,
                           use_settings_model=False)
    sessions = svc.store.list_sessions()
    if committed == 0:
        assert sessions == []  # the start was never committed: nothing half-written
        return
    assert len(sessions) == 1
    sid = sessions[0].id
    answered = committed // 2  # writes 2 and 4 hold the answers
    assert check_consistent(svc, sid) == ANSWERS[:answered]
    state, history = svc.resume(sid)
    assert state.pending is None and history[-1].role == "recruiter"  # any owed message is rendered
    for text in ANSWERS[answered:]:
        svc.answer(sid, text)
    assert svc.load_state(sid).status == "finished"
    assert check_consistent(svc, sid) == ANSWERS
