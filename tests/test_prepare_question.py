"""A question's reference side prepared ahead of its first answer (``OfflineScorer.prepare_question``),
and the interview asking for it in the background when it puts a question (issue 14, item 7):
the same scores with or without it, no text encoded twice, and a turn never broken by it."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import pytest
from helpers import ScriptedScorer

from interview_bot.interview import engine as engine_mod
from interview_bot.interview.engine import Engine, InterviewOptions, wait_prepared
from interview_bot.scoring.offline import OfflineScorer, _reference_texts


class Counting:
    """The real encoder, recording every batch; ``hold`` delays the batches of reference texts."""

    def __init__(self, inner: Any, refs: set[str] = frozenset(), hold: float = 0.0):  # type: ignore[assignment]
        self.inner, self.refs, self.hold = inner, set(refs), hold
        self.batches: list[list[str]] = []
        self.started = threading.Event()
        self._lock = threading.Lock()

    def encode_tokens_batch(self, texts: list[str]) -> Any:
        with self._lock:
            self.batches.append(list(texts))
        if self.refs & set(texts):
            self.started.set()
            time.sleep(self.hold)
        return self.inner.encode_tokens_batch(texts)

    def encoded(self, texts: set[str]) -> list[str]:
        """Every encoding of one of ``texts``, repeats included."""
        return [t for b in self.batches for t in b if t in texts]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _answer(q: Any, lang: str) -> str:
    """Two sentences of the reference answer, and one more (never the reference answer's own text)."""
    return ". ".join(q.reference_answer.get(lang).split(". ")[:2]) + "\n\nThat is how I would start."


def _questions(bank: Any) -> list[Any]:
    qs = sorted(bank.questions.values(), key=lambda q: q.id)
    with_mis = next(q for q in qs if q.misconceptions and q.kind == "technical")
    behavioral = next((q for q in qs if q.kind == "behavioral"), qs[1])
    return [with_mis, behavioral]


def test_scores_identical_with_and_without_prepare(shared_scorer, bank):
    emb = shared_scorer.embedder
    for q in _questions(bank):
        rubric = bank.rubric_for(q)
        hints = [q.key_points[0].text.en]
        cases = [(_answer(q, "en"), "en", ()), (_answer(q, "fr"), "fr", ()), (_answer(q, "en"), "en", hints),
                 (_answer(q, "en"), "fr", ())]  # the last: an English answer in a French interview
        cold = OfflineScorer(embedder=emb)
        expected = [cold.score(q, rubric, a, lang, h).model_dump() for a, lang, h in cases]
        warm = OfflineScorer(embedder=emb)
        assert warm.prepare_question(q, "en") is True
        assert warm.prepare_question(q, "fr") is True  # the French reference answer and baseline
        got = [warm.score(q, rubric, a, lang, h).model_dump() for a, lang, h in cases]
        assert got == expected, q.id


def test_after_prepare_the_answer_encodes_only_itself(shared_scorer, bank, monkeypatch):
    q = _questions(bank)[0]
    refs = set(_reference_texts(q)) | {q.reference_answer.en}
    enc = Counting(shared_scorer.embedder)
    sc = OfflineScorer(embedder=enc)
    assert sc.prepare_question(q, "en") is True
    assert sorted(enc.encoded(refs)) == sorted(refs)  # each reference text once
    assert sc.prepare_question(q, "en") is False  # nothing left to do
    enc.batches.clear()

    def no_baseline(*a: Any, **k: Any) -> Any:
        raise AssertionError("the baseline was measured again")

    monkeypatch.setattr(sc, "_baseline", no_baseline)
    answer = _answer(q, "en")
    s = sc.score(q, bank.rubric_for(q), answer, "en")
    assert s.overall > 0
    assert enc.encoded(refs) == []
    assert enc.batches and all(t not in refs for b in enc.batches for t in b)  # the answer only


def test_two_prepares_of_one_question_encode_once(shared_scorer, bank):
    q = _questions(bank)[0]
    refs = set(_reference_texts(q))
    enc = Counting(shared_scorer.embedder, refs, hold=0.3)
    sc = OfflineScorer(embedder=enc)
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(sc.prepare_question(q, "en"))) for _ in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert sorted(results) == [False, True]
    assert sorted(enc.encoded(refs)) == sorted(refs)


def test_score_arriving_during_prepare_waits_for_it(shared_scorer, bank):
    q = _questions(bank)[0]
    rubric = bank.rubric_for(q)
    answer = _answer(q, "en")
    expected = OfflineScorer(embedder=shared_scorer.embedder).score(q, rubric, answer, "en").model_dump()
    refs = set(_reference_texts(q))
    enc = Counting(shared_scorer.embedder, refs, hold=0.5)
    sc = OfflineScorer(embedder=enc)
    th = threading.Thread(target=sc.prepare_question, args=(q, "en"))
    th.start()
    assert enc.started.wait(30)  # the prepare is encoding the references now
    got = sc.score(q, rubric, answer, "en").model_dump()
    th.join(30)
    assert sorted(enc.encoded(refs)) == sorted(refs)  # the score did not encode them again
    assert got == expected


# ---- the engine asks for it when it puts a question ----------------------------------------------------

@pytest.fixture(autouse=True)
def _background_prepare(_no_background_prepare, monkeypatch):
    monkeypatch.setattr(engine_mod, "BACKGROUND_PREPARE", True)  # as in the app (off in the rest of the suite)


class PreparingScorer(ScriptedScorer):
    def __init__(self, values: list[float], fail: bool = False):
        super().__init__(values)
        self.prepared: list[tuple[str, str, str]] = []
        self.fail = fail

    def prepare_question(self, question: Any, lang: str) -> bool:
        self.prepared.append((question.id, lang, threading.current_thread().name))
        if self.fail:
            raise RuntimeError("encoder gone")
        return True


def test_engine_prepares_each_question_when_it_is_put(bank):
    scorer = PreparingScorer([90, 90])
    eng = Engine(bank, scorer)
    step = eng.start("s1", InterviewOptions(language="fr", n_questions=2, topics=["rag"]))
    assert wait_prepared(30)
    first = step.state.records[0].question_id
    assert [(qid, lang) for qid, lang, _ in scorer.prepared] == [(first, "fr")]
    assert scorer.prepared[0][2].startswith("prepare-question")  # in the background, not in the turn
    step = eng.answer(step.state, "Le RAG récupère des passages et les met dans le prompt.")
    assert step.ctx.kind == "question"  # 90: the next question is put
    assert wait_prepared(30)
    second = step.state.records[1].question_id
    assert [(qid, lang) for qid, lang, _ in scorer.prepared] == [(first, "fr"), (second, "fr")]


def test_a_failing_prepare_is_logged_and_the_turn_goes_on(bank, caplog):
    scorer = PreparingScorer([90, 90], fail=True)
    eng = Engine(bank, scorer)
    with caplog.at_level(logging.WARNING, logger="interview_bot"):
        step = eng.start("s2", InterviewOptions(language="en", n_questions=2, topics=["rag"]))
        assert wait_prepared(30)
        step = eng.answer(step.state, "RAG retrieves passages and puts them in the prompt.")
        assert wait_prepared(30)
    assert step.score is not None and step.score.overall == 90
    assert len(scorer.prepared) == 2
    assert sum("preparing question" in r.getMessage() for r in caplog.records) == 2


def test_a_scorer_without_prepare_is_fine(bank):
    scorer = ScriptedScorer([90, 90])
    assert engine_mod.prepare_in_background(scorer, next(iter(bank.questions.values())), "en") is None
    eng = Engine(bank, scorer)
    step = eng.start("s3", InterviewOptions(language="en", n_questions=2, topics=["rag"]))
    step = eng.answer(step.state, "RAG retrieves passages and puts them in the prompt.")
    assert step.score is not None and step.ctx.kind == "question"


def test_a_question_queued_twice_is_prepared_once(bank, monkeypatch):
    gate = threading.Event()
    scorer = PreparingScorer([])
    q1, q2 = sorted(bank.questions.values(), key=lambda q: q.id)[:2]
    # hold the worker so the jobs stay queued
    engine_mod._PREPARER.submit(gate.wait, 30)
    try:
        assert engine_mod.prepare_in_background(scorer, q1, "en") is not None
        assert engine_mod.prepare_in_background(scorer, q1, "en") is None
        monkeypatch.setattr(engine_mod, "MAX_QUEUED", 1)
        assert engine_mod.prepare_in_background(scorer, q2, "en") is None  # queue full: scored as before
    finally:
        gate.set()
    assert wait_prepared(30)
    assert [(qid, lang) for qid, lang, _ in scorer.prepared] == [(q1.id, "en")]


def test_service_prepares_the_first_question_and_a_resumed_one(service):
    calls: list[str] = []
    real = service.scorer.prepare_question

    def spy(question: Any, lg: str) -> bool:
        calls.append(question.id)
        return real(question, lg)

    service.scorer.prepare_question = spy  # type: ignore[method-assign]
    try:
        r = service.start(language="en", n_questions=2, topics=["rag"])
        assert wait_prepared(60)
        first = service.load_state(r.session_id).records[0].question_id
        assert calls == [first]
        service.resume(r.session_id)
        assert wait_prepared(60)
        assert calls == [first, first]
    finally:
        del service.scorer.prepare_question
