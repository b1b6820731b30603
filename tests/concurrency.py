"""Helpers shared by the versioned-write tests on SQLite (fast tier) and PostgreSQL (slow tier)."""

from __future__ import annotations

import threading
import time
from collections import Counter

from interview_bot.errors import InputError
from interview_bot.scoring.models import AnswerScore, CriterionResult, KeyPointResult
from interview_bot.store import StaleWrite


class FixedScorer:
    """Every answer scores ``value`` (90: no follow-up, the next question comes); ``delay`` seconds of
    'scoring' widen the window between reading the state and writing it."""

    name = "fixed"

    def __init__(self, value: float = 90.0, delay: float = 0.0, hook=None):
        self.value, self.delay, self.hook = value, delay, hook

    def score(self, question, rubric, answer, lang, hints=()):
        if self.hook is not None:
            self.hook(answer)
        if self.delay:
            time.sleep(self.delay)
        level = int(round(self.value / 25))
        return AnswerScore(
            question_id=question.id, language=lang, overall=self.value, confidence=0.9,
            criteria=[CriterionResult(id=c.id, name=c.name.en, weight=c.weight, level=level,
                                      descriptor=c.levels.at(level).en) for c in rubric.criteria],
            key_points=[KeyPointResult(id=k.id, criterion=k.criterion, weight=k.weight, text=k.text.en,
                                       covered=True, coverage=0.9) for k in question.key_points],
            scorer=self.name,
        )


def meet_first(n: int = 2, timeout: float = 30.0):
    """A scorer hook: the first ``n`` answers scored wait for each other. Each has read the session
    before any of them writes, so at least ``n - 1`` of them are stale, whatever the timing."""
    barrier = threading.Barrier(n)
    count = [0]
    lock = threading.Lock()

    def hook(_answer: str) -> None:
        with lock:
            count[0] += 1
            mine = count[0]
        if mine <= n:
            barrier.wait(timeout=timeout)

    return hook


def check_consistent(svc, sid: str) -> list[str]:
    """Nothing lost, nothing duplicated: the answers in the state, the answer rows and the candidate
    answer events are the same texts in the same order, one row per (question, follow-up). Returns them."""
    state = svc.load_state(sid)
    in_state = [a for rec in state.records for a in rec.answers]
    rows = svc.store.answers(sid)
    assert [r.text for r in rows] == in_state
    keys = Counter((r.question_id, r.probe) for r in rows)
    assert all(n == 1 for n in keys.values()), keys
    expected_keys = [(rec.question_id, i) for rec in state.records for i in range(len(rec.answers))]
    assert [(r.question_id, r.probe) for r in rows] == expected_keys
    events = [t.content for t in svc.store.turns(sid) if t.role == "candidate" and t.kind == "answer"]
    assert events == in_state  # other kinds of candidate turns (clarify, skip, ...) are not answers
    return in_state


def hammer(svc, sid: str, n_clients: int = 200, max_tries: int = 60) -> dict[str, int]:
    """``n_clients`` threads released together, each answering the same session until its answer is
    accepted, the interview is finished, or ``max_tries`` stale attempts. Returns outcome counts."""
    barrier = threading.Barrier(n_clients)
    outcome: Counter[str] = Counter()
    accepted: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        text = f"Answer from client {i}: retrieval then generation."
        try:
            barrier.wait(timeout=60)
            for _ in range(max_tries):
                try:
                    svc.answer(sid, text)
                except StaleWrite:
                    with lock:
                        outcome["stale"] += 1
                    continue
                except InputError as exc:
                    if "finished" not in str(exc):
                        raise
                    with lock:
                        outcome["finished"] += 1
                    return
                with lock:
                    outcome["accepted"] += 1
                    accepted.append(text)
                return
            with lock:
                outcome["gave_up"] += 1
        except BaseException as exc:  # noqa: BLE001 - reported by the caller
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(n_clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert not any(t.is_alive() for t in threads)
    assert errors == [], errors[:3]
    texts = check_consistent(svc, sid)
    assert sorted(texts) == sorted(accepted)  # every accepted answer is stored, exactly once
    return dict(outcome)
