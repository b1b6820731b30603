"""Integration tier: the store on a PostgreSQL URL (``database_url``), against a throwaway local
cluster started by ``tests/pg_server.py`` (Debian's ``postgresql`` package, installed by
``.ci/system-deps.sh``). Same service code as the SQLite tests: a full interview with probes,
persistence of answers/turns/state, resume from another service instance (another replica),
listing, deletion, the Markdown report, and concurrent answers from two threads."""

from __future__ import annotations

import threading
import uuid

import pytest

pytestmark = pytest.mark.slow

ANSWER = "I would retrieve documents with embeddings and put them in the prompt."


@pytest.fixture
def pg_settings(pg_url, data_dir):
    from interview_bot.config import Settings

    return Settings(data_dir=data_dir, database_url=pg_url, language="en", questions=2)


@pytest.fixture
def pg_service(pg_settings, shared_scorer):
    from interview_bot.interview.service import InterviewService

    svc = InterviewService(pg_settings, scorer=shared_scorer)
    assert svc.store.engine.dialect.name == "postgresql"
    return svc


def _play(svc, sid, answer=ANSWER, limit=20):
    replies = []
    for _ in range(limit):
        r = svc.answer(sid, answer)
        replies.append(r)
        if r.finished:
            return replies
    raise AssertionError(f"interview {sid} did not finish in {limit} answers")


def test_postgres_url_is_used_not_sqlite(pg_service, data_dir):
    assert pg_service.settings.db_url.startswith("postgresql+psycopg://")
    pg_service.start(topics=["rag"])
    assert not (data_dir / "interview_bot.db").exists()


def test_two_question_interview_with_probes_is_stored(pg_service):
    r = pg_service.start(topics=["rag"])
    sid = r.session_id
    assert r.question_index == 1 and r.total_questions == 2
    replies = _play(pg_service, sid)
    assert replies[-1].finished
    assert all(x.score is not None and 0 <= x.score.overall <= 100 for x in replies)

    state = pg_service.load_state(sid)
    assert state.status == "finished" and state.pending is None
    assert len(state.records) == 2 and len({rec.question_id for rec in state.records}) == 2
    assert any(rec.probe_indices for rec in state.records), "expected at least one probe"

    answers = pg_service.store.answers(sid)
    assert len(answers) == len(replies) == sum(len(rec.answers) for rec in state.records)
    assert [a.question_id for a in answers] == [
        rec.question_id for rec in state.records for _ in rec.answers
    ]
    assert any(a.probe > 0 for a in answers)
    for a in answers:
        assert a.session_id == sid and a.text == ANSWER
        assert a.score["question_id"] == a.question_id  # JSON column round-trips
        assert a.overall == a.score["overall"]
        assert a.created_at.tzinfo is not None

    turns = pg_service.store.turns(sid)
    kinds = [t.kind for t in turns]
    assert kinds[:2] == ["greeting", "question"] and kinds[-1] == "closing"
    assert "probe" in kinds
    assert sum(t.role == "candidate" for t in turns) == len(answers)
    assert turns[-1].content == state.pending_text

    row = pg_service.store.get_session(sid)
    assert row.status == "finished" and row.candidate == pg_service.candidate_key(r.candidate_token)
    assert row.backend == "offline"
    assert row.overall == state.overall
    assert row.updated_at >= row.created_at


def test_unicode_round_trip(pg_service):
    text = "Récupération augmentée — « RAG » avec des embeddings 🚀, 检索增强"
    sid = pg_service.start(topics=["rag"], language="fr", n_questions=1).session_id
    pg_service.answer(sid, text)
    assert pg_service.store.answers(sid)[0].text == text
    assert pg_service.load_state(sid).records[0].answers[0] == text
    assert [t.content for t in pg_service.store.turns(sid) if t.role == "candidate"] == [text]


def test_resume_from_a_second_service_after_a_crash(pg_service, pg_url, shared_scorer, tmp_path):
    from interview_bot.config import Settings
    from interview_bot.interview.service import InterviewService

    sid = pg_service.start(topics=["rag"]).session_id
    # The first replica saves the answer, then dies before the recruiter speaks.
    events = pg_service.answer_events(sid, ANSWER)
    first = next(events)
    assert first.kind == "score" and first.score is not None
    events.close()
    assert pg_service.load_state(sid).pending is not None
    assert len(pg_service.store.answers(sid)) == 1

    other_dir = tmp_path / "replica"
    other_dir.mkdir()
    other = InterviewService(Settings(data_dir=other_dir, database_url=pg_url, questions=2), scorer=shared_scorer)
    state, history = other.resume(sid)
    assert state.pending is None and state.pending_text
    assert (history[-1].role, history[-1].kind, history[-1].content) == ("recruiter", "resume", state.pending_text)
    assert [t.kind for t in other.store.turns(sid)][-1] == "resume"
    assert pg_service.load_state(sid).pending is None  # visible to the first replica

    _play(other, sid)
    assert pg_service.load_state(sid).status == "finished"
    assert pg_service.store.get_session(sid).status == "finished"
    again, _ = pg_service.resume(sid)  # nothing owed: no extra turn
    assert again.status == "finished"
    assert [t.kind for t in pg_service.store.turns(sid)][-1] == "closing"


def test_list_and_delete_sessions(pg_service):
    from interview_bot.errors import SessionNotFound

    token = pg_service.start(topics=["rag"], n_questions=1).candidate_token
    who = pg_service.candidate_key(token)
    sids = [pg_service.start(topics=["rag"], n_questions=1, candidate=token).session_id for _ in range(3)]
    pg_service.answer(sids[1], ANSWER)

    listed = pg_service.store.list_sessions(candidate=who)
    assert [s.id for s in listed][:3] == sids[::-1]  # newest first
    assert [s.id for s in pg_service.store.list_sessions(limit=2, candidate=who)] == sids[:0:-1]
    assert {s.id for s in pg_service.store.list_sessions(limit=500)} >= set(sids)

    pg_service.store.delete_session(sids[1])
    with pytest.raises(SessionNotFound):
        pg_service.store.get_session(sids[1])
    with pytest.raises(SessionNotFound):
        pg_service.load_state(sids[1])
    assert pg_service.store.answers(sids[1]) == [] and pg_service.store.turns(sids[1]) == []
    assert [s.id for s in pg_service.store.list_sessions(candidate=who)][:2] == [sids[2], sids[0]]
    assert pg_service.store.turns(sids[0]) and pg_service.store.turns(sids[2])  # others untouched
    with pytest.raises(SessionNotFound):
        pg_service.store.delete_session(sids[1])
    with pytest.raises(SessionNotFound):
        pg_service.answer(sids[1], ANSWER)


def test_markdown_report(pg_service, bank):
    from interview_bot.report import build_report, render_markdown

    sid = pg_service.start(topics=["rag"]).session_id
    _play(pg_service, sid)
    report = build_report(pg_service, sid)
    assert report.session_id == sid and report.finished
    assert len(report.questions) == 2
    md = render_markdown(report)
    from interview_bot.identity import short_id

    assert short_id(sid) in md and sid not in md  # a reference, never the id (a shared report grants nothing)
    state = pg_service.load_state(sid)
    for rec in state.records:
        assert bank.questions[rec.question_id].text.en in md
    assert ANSWER in md


def test_concurrent_answers_to_two_sessions(pg_service):
    sids = [pg_service.start(topics=["rag"], max_probes=2).session_id for _ in range(2)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def play(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            _play(pg_service, sids[i], answer=f"Thread {i}: {ANSWER}")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=play, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)
    assert errors == []

    for i, sid in enumerate(sids):
        state = pg_service.load_state(sid)
        assert state.status == "finished"
        answers = pg_service.store.answers(sid)
        assert answers and len(answers) == sum(len(rec.answers) for rec in state.records)
        assert all(a.session_id == sid and a.text.startswith(f"Thread {i}:") for a in answers)
        cand = [t.content for t in pg_service.store.turns(sid) if t.role == "candidate"]
        assert cand == [a.text for a in answers]


# ---- inputs PostgreSQL is stricter about than SQLite (NUL bytes, over-long names) ----------------


def test_answer_with_nul_byte_is_stored_without_it(pg_service):
    """PostgreSQL text cannot hold NUL: the service drops control characters before storing."""
    sid = pg_service.start(topics=["rag"], n_questions=1).session_id
    r = pg_service.answer(sid, "retrieval\x00augmented generation")
    assert r.accepted
    assert [a.text for a in pg_service.store.answers(sid)] == ["retrievalaugmented generation"]


def test_over_long_candidate_token_is_refused_with_a_message(pg_service):
    from interview_bot.errors import InputError

    before = len(pg_service.store.list_sessions(limit=1000))
    with pytest.raises(InputError, match="candidate"):
        pg_service.start(topics=["rag"], n_questions=1, candidate="x" * 121)
    assert len(pg_service.store.list_sessions(limit=1000)) == before  # nothing stored


# ---- versioned writes and migrations on PostgreSQL ---------------------------------------------------


def test_two_hundred_concurrent_answers_to_one_session(pg_settings):
    from concurrency import FixedScorer, hammer, meet_first

    from interview_bot.interview.service import InterviewService

    svc = InterviewService(pg_settings, scorer=FixedScorer(delay=0.002, hook=meet_first(2)),
                           use_settings_model=False)
    sid = svc.start(language="en", n_questions=20, max_probes=0).session_id
    outcome = hammer(svc, sid, n_clients=200)
    assert svc.load_state(sid).status == "finished"
    assert outcome["accepted"] == 20 == len(svc.store.answers(sid))
    assert outcome["accepted"] + outcome.get("finished", 0) == 200
    assert outcome.get("stale", 0) > 0  # guaranteed: the first two answers meet before either writes


def test_two_hundred_simultaneous_answers_over_http_all_succeed(pg_settings):
    """Issue 19 §7 end to end: 200 candidates answer at the same instant over HTTP, one server on
    PostgreSQL (a pool of 5 + 10): every answer waits its turn and is accepted, none fails."""
    from concurrency import FixedScorer
    from http_attack import simultaneous_answers
    from ui_helpers import running_app

    from interview_bot.interview.service import InterviewService

    svc = InterviewService(pg_settings.model_copy(update={"rate_limit": 0}), scorer=FixedScorer(delay=0.01),
                           use_settings_model=False)
    with running_app(svc) as url:
        out = simultaneous_answers(svc, url, 200, ANSWER)
    assert [(kind, isinstance(r, dict) and r["accepted"]) for kind, r in out] == [("complete", True)] * 200, \
        sorted({str(o)[:120] for o in out if o[0] != "complete"})
    assert all(len(svc.store.answers(r["session_id"])) == 1 for _, r in out)


def test_database_from_before_migrations_is_upgraded(pg_url, settings):
    """A fresh PostgreSQL database with the pre-migration schema and data, upgraded on first use."""
    import psycopg
    from old_schema import upgrade_from_previous_schema

    base = pg_url.rsplit("/", 1)[0]
    name = f"old_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    url = f"{base}/{name}"
    try:
        upgrade_from_previous_schema(settings, url)
    finally:
        from interview_bot.db import forget_engine

        forget_engine(url)
