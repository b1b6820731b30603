"""The interview engine and service: flow, probes and their stop rule, bad input, persistence, and the
LLM path driven by LangChain fake chat models (no network)."""

from __future__ import annotations

import pytest
from helpers import ScriptedScorer
from langchain_core.language_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from interview_bot.errors import ConfigError, InputError, SessionNotFound
from interview_bot.interview.engine import Engine, InterviewOptions
from interview_bot.interview.service import InterviewService


def test_full_offline_interview_no_repeats_and_closing(service):
    r = service.start(language="en", n_questions=3, topics=["rag", "security"])
    assert r.question_index == 1 and r.total_questions == 3
    sid = r.session_id
    seen = []
    for _ in range(20):
        st = service.load_state(sid)
        if st.status == "finished":
            break
        seen.append(st.records[-1].question_id)
        r = service.answer(sid, "I would retrieve documents with embeddings and put them in the prompt.")
        assert r.score is not None and 0 <= r.score.overall <= 100
    st = service.load_state(sid)
    assert st.status == "finished" and r.finished
    ids = [rec.question_id for rec in st.records]
    assert len(ids) == 3 and len(set(ids)) == 3  # no repeats
    assert {rec.topic for rec in st.records} <= {"rag", "security"}
    assert "last question" in r.message


def test_canonical_question_text_reaches_candidate_in_full(service, bank):
    r = service.start(language="fr", n_questions=1, topics=["fine_tuning"])
    st = service.load_state(r.session_id)
    q = bank.questions[st.records[0].question_id]
    assert q.text.fr in r.message


def test_probe_then_stop_rule(settings, bank):
    # 30 → probe (missed criteria), 32 → gain < 5: stop probing, next question.
    scorer = ScriptedScorer([30, 32, 90])
    eng = Engine(bank, scorer)
    step = eng.start("s1", InterviewOptions(language="en", n_questions=2, topics=["rag"]))
    st = step.state
    step = eng.answer(st, "RAG retrieves chunks and puts them in the prompt.")
    assert step.ctx.kind == "probe"
    q = bank.questions[step.state.records[0].question_id]
    assert step.ctx.canonical in [p.text.en for p in q.probes]
    step = eng.answer(step.state, "The documents are chunked and embedded ahead of time.")
    assert step.ctx.kind == "question"  # gain of 2 points: the stop rule moved on
    # the probe answer was scored together with the first answer
    assert scorer.calls[1][1] == ("RAG retrieves chunks and puts them in the prompt.\n\n"
                                  "The documents are chunked and embedded ahead of time.")


def test_at_most_two_probes_and_good_answer_moves_on(bank):
    eng = Engine(bank, ScriptedScorer([10, 30, 50, 95]))
    st = eng.start("s2", InterviewOptions(language="en", n_questions=2, topics=["security"], max_probes=2)).state
    kinds = []
    for text in ["Prompt injection hides instructions in the input.", "I would filter the model's output.",
                 "Tools get the least privilege they need."]:
        step = eng.answer(st, text)
        kinds.append(step.ctx.kind)
        st = step.state
    assert kinds == ["probe", "probe", "question"]
    step = eng.answer(st, "Chunk, embed and index the documents, retrieve the top-k chunks, then generate from them.")  # 95 ≥ GOOD_ENOUGH: no probe
    assert step.ctx.kind == "closing"


def test_difficulty_adapts(bank):
    eng = Engine(bank, ScriptedScorer([95, 95, 95]))
    st = eng.start("s3", InterviewOptions(language="en", n_questions=3, difficulty=1, max_probes=0)).state
    assert st.records[0].difficulty == 1
    st = eng.answer(st, "Chunk the documents, embed them, retrieve the nearest chunks and generate.").state
    assert st.difficulty == 2 and st.records[1].difficulty == 2
    st = eng.answer(st, "Chunk the documents, embed them, retrieve the nearest chunks and generate.").state
    assert st.difficulty == 3 and st.records[2].difficulty == 3
    eng2 = Engine(bank, ScriptedScorer([5, 5]))
    st = eng2.start("s4", InterviewOptions(language="en", n_questions=3, difficulty=3, max_probes=0)).state
    st = eng2.answer(st, "I think it uses a database somehow.").state
    assert st.difficulty == 2


def test_empty_answer_is_asked_again_not_scored(service):
    r = service.start(language="en", n_questions=1, topics=["rag"])
    first = service.load_state(r.session_id)
    r2 = service.answer(r.session_id, "   \n ")
    assert r2.accepted is False and r2.score is None
    q_text = first.pending_text
    assert q_text.split("\n\n")[-1] in r2.message
    st = service.load_state(r.session_id)
    assert st.records[0].answers == [] and st.status == "active"
    assert service.store.answers(r.session_id) == []


def test_too_long_answer_rejected_before_any_model_call(settings):
    judge = FakeListChatModel(responses=["should never be called"])
    svc = InterviewService(settings, model=judge)
    calls = []
    svc.scorer.score = lambda *a, **k: calls.append(a)  # type: ignore[method-assign]
    r = svc.start(language="en", n_questions=1, topics=["rag"])
    with pytest.raises(InputError, match="limit is 8,000"):
        svc.answer(r.session_id, "x" * 8001)
    assert calls == []
    assert svc.load_state(r.session_id).records[0].answers == []


def test_unknown_topic_lists_valid_topics(service):
    with pytest.raises(InputError) as exc:
        service.start(topics=["quantum_cooking"])
    assert "quantum_cooking" in str(exc.value) and "rag" in str(exc.value) and "security" in str(exc.value)


def test_more_questions_than_available_is_capped_with_notice(service, bank):
    n = len([q for q in bank.questions.values() if q.topic == "caching"])
    r = service.start(n_questions=n + 5, topics=["caching"])
    assert r.total_questions == n and r.notices


def test_unknown_session(service):
    with pytest.raises(SessionNotFound):
        service.answer("nope", "hello")


def test_resume_in_a_new_service_keeps_every_answer(settings, shared_scorer):
    a = InterviewService(settings, scorer=shared_scorer)
    r = a.start(language="en", n_questions=3, topics=["rag"])
    a.answer(r.session_id, "Retrieval augmented generation retrieves chunks and grounds the answer.")
    a.answer(r.session_id, "Second answer about embeddings and vector stores.")
    del a
    b = InterviewService(settings, scorer=shared_scorer)  # a "restarted process": only the DB is shared
    state, history = b.resume(r.session_id)
    texts = [m.content for m in history if m.role == "candidate"]
    assert texts == ["Retrieval augmented generation retrieves chunks and grounds the answer.",
                     "Second answer about embeddings and vector stores."]
    assert len(b.store.answers(r.session_id)) == 2
    b.answer(r.session_id, "Third: the model answers from the retrieved chunks.")
    assert len(b.store.answers(r.session_id)) == 3


def test_owed_message_is_rendered_on_resume(settings, shared_scorer):
    """A crash after the answer was saved but before the recruiter replied: resume re-renders it."""
    svc = InterviewService(settings, scorer=shared_scorer)
    r = svc.start(language="en", n_questions=2, topics=["rag"])
    events = svc.answer_events(r.session_id, "An answer saved before the crash.")
    first = next(events)  # the answer and score are committed here; the generator is then dropped
    assert first.kind == "score" and first.score is not None
    events.close()
    st = svc.load_state(r.session_id)
    assert st.pending is not None and st.records[0].answers == ["An answer saved before the crash."]
    st2, history = InterviewService(settings, scorer=shared_scorer).resume(r.session_id)
    assert st2.pending is None and st2.pending_text
    assert history[-1].role == "recruiter" and history[-1].content == st2.pending_text


def test_end_interview_keeps_scored_answers(service):
    r = service.start(language="en", n_questions=3, topics=["rag"])
    service.answer(r.session_id, "RAG retrieves relevant chunks from a vector store.")
    end = service.end(r.session_id)
    assert end.finished
    st = service.load_state(r.session_id)
    assert st.status == "finished" and len(st.records) == 1
    with pytest.raises(InputError, match="finished"):
        service.answer(r.session_id, "late answer")


def test_sessions_listed(service):
    ids = {service.start(n_questions=1, topics=["rag"]).session_id for _ in range(2)}
    listed = {row.id for row in service.store.list_sessions()}
    assert ids <= listed


# ---- LLM mode with fake chat models -----------------------------------------------------------


def test_llm_recruiter_wraps_but_never_replaces_the_question(settings, bank, shared_scorer):
    model = GenericFakeChatModel(messages=iter([AIMessage(content="Welcome aboard, let's begin.")] * 10))
    svc = InterviewService(settings, model=model, scorer=shared_scorer)
    r = svc.start(language="en", n_questions=1, topics=["rag"])
    q = bank.questions[svc.load_state(r.session_id).records[0].question_id]
    assert "Welcome aboard" in r.message
    assert q.text.en in r.message
    assert r.recruiter == "llm"


def test_llm_recruiter_junk_falls_back_with_notice(settings, bank, shared_scorer):
    junk = "System: {\"score\": 100} <script>alert(1)</script> " * 3
    model = GenericFakeChatModel(messages=iter([AIMessage(content=junk)] * 20))
    svc = InterviewService(settings, model=model, scorer=shared_scorer)
    r = svc.start(language="en", n_questions=2, topics=["rag"])
    assert r.recruiter == "structured" and r.notices
    assert "<script>" not in r.message
    q = bank.questions[svc.load_state(r.session_id).records[0].question_id]
    assert q.text.en in r.message


class BrokenModel(GenericFakeChatModel):
    def _generate(self, *a, **k):
        raise ConnectionError("backend down")

    def _stream(self, *a, **k):
        raise ConnectionError("backend down")


def test_llm_backend_down_interview_continues_offline(settings, shared_scorer):
    model = BrokenModel(messages=iter([]))
    svc = InterviewService(settings, model=model, scorer=shared_scorer)
    r = svc.start(language="fr", n_questions=2, topics=["rag"])
    assert r.recruiter == "structured" and any("hors ligne" in n for n in r.notices)
    a = svc.answer(r.session_id, "Le RAG récupère des passages pertinents et les ajoute au prompt.")
    assert a.score is not None and a.notices
    assert len(svc.store.answers(r.session_id)) == 1  # nothing lost


def test_llm_stream_yields_chunks_then_final(settings, shared_scorer):
    model = GenericFakeChatModel(messages=iter([AIMessage(content="Thanks for that answer, moving on now.")] * 5))
    svc = InterviewService(settings, model=model, scorer=shared_scorer)
    r = svc.start(language="en", n_questions=2, topics=["rag"])
    events = list(svc.answer_events(r.session_id, "Some answer about retrieval and grounding."))
    kinds = [e.kind for e in events]
    assert kinds[0] == "score" and kinds[-1] == "reply" and kinds.count("chunk") >= 2


def test_openai_backend_without_key_is_a_clear_error(data_dir):
    from interview_bot.config import load_settings

    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        load_settings(backend="openai", data_dir=data_dir)
    with pytest.raises(ConfigError, match="INTERVIEW_BOT_BASE_URL"):
        load_settings(backend="openai-compatible", data_dir=data_dir)


def test_key_never_shown(data_dir):
    from interview_bot.config import Settings

    s = Settings(backend="openai", openai_api_key="sk-secret-123", data_dir=data_dir)
    assert "sk-secret-123" not in repr(s) and "sk-secret-123" not in s.describe_backend()
    assert "sk-secret-123" not in s.model_dump_json()


def test_settings_from_env(monkeypatch, data_dir):
    from interview_bot.config import load_settings

    monkeypatch.setenv("INTERVIEW_BOT_TOPICS", "rag, security")
    monkeypatch.setenv("INTERVIEW_BOT_LANGUAGE", "fr")
    s = load_settings(data_dir=data_dir, questions=4)
    assert s.topics == ["rag", "security"] and s.language == "fr" and s.questions == 4
    monkeypatch.setenv("INTERVIEW_BOT_QUESTIONS", "zero")
    with pytest.raises(ConfigError, match="INTERVIEW_BOT_QUESTIONS"):
        load_settings(data_dir=data_dir)


def test_report_progress_only_covers_the_same_candidate(service):
    from interview_bot.report import build_report

    def finished_session(token=None):
        r = service.start(language="en", n_questions=1, topics=["rag"], candidate=token)
        service.answer(r.session_id, "RAG retrieves relevant chunks and adds them to the prompt.")
        service.end(r.session_id)
        return r.session_id, r.candidate_token

    a1, token_a = finished_session()
    a2, again = finished_session(token_a)
    assert again == token_a
    b1, token_b = finished_session()
    assert token_b != token_a
    rep = build_report(service, a2)
    ids = {p.session_id for p in rep.progress}
    assert a1 in ids and a2 in ids and b1 not in ids
    assert build_report(service, b1).progress == []  # a single session shows no progress section


def test_breaker_skips_a_failing_backend_then_retries():
    from interview_bot.llm import Breaker

    now = [0.0]
    b = Breaker(threshold=2, cooldown=60, clock=lambda: now[0])
    assert b.allow()
    b.record(False)
    assert b.allow()
    b.record(False)
    assert not b.allow() and b.seconds_left() == 60
    now[0] = 61
    assert b.allow()
    b.record(True)
    b.record(False)
    assert b.allow()  # one failure after a success does not open it


def test_dead_backend_is_not_called_on_every_turn(settings, shared_scorer):
    calls = []

    class Dead(GenericFakeChatModel):
        def _generate(self, *a, **k):
            calls.append(1)
            raise ConnectionError("down")

        def _stream(self, *a, **k):
            calls.append(1)
            raise ConnectionError("down")

    svc = InterviewService(settings.model_copy(update={"llm_retries": 0}), model=Dead(messages=iter([])),
                           scorer=None)
    r = svc.start(language="en", n_questions=3, topics=["rag"])  # greeting + question: 2 failures
    n_after_start = len(calls)
    for _ in range(3):
        a = svc.answer(r.session_id, "RAG retrieves chunks and adds them to the prompt.")
        assert a.score is not None and "llm_unscored" in a.score.flags
        assert any("paused" in n for n in a.notices)
    assert len(calls) == n_after_start == 2  # the breaker kept the dead backend out of the next turns


def test_turn_log_has_numbers_not_answer_text(service, caplog):
    import logging

    r = service.start(language="en", n_questions=1, topics=["rag"])
    with caplog.at_level(logging.INFO, logger="interview_bot"):
        service.answer(r.session_id, "My private answer mentions Zanzibar-4711 and retrieval.")
    lines = [rec.getMessage() for rec in caplog.records if rec.name == "interview_bot"]
    from interview_bot.identity import short_id

    assert any(f"turn session={short_id(r.session_id)}" in m and "overall=" in m for m in lines)
    assert not any(r.session_id in m for m in lines)  # a short hash, never the id
    assert not any("Zanzibar" in m for m in lines)


def test_candidate_tokens_are_issued_never_picked_and_never_stored(service):
    from interview_bot.errors import InputError

    r = service.start(language="en", n_questions=1, topics=["rag"])
    token = r.candidate_token
    assert token.startswith("ibt_") and len(token) > 50
    row = service.store.get_session(r.session_id)
    assert token not in str(row.state) and row.candidate != token and len(row.candidate) == 64
    for picked in ("alice", "browser:aaa", "ibt_" + "a" * 32 + "." + "b" * 22, token[:-1] + "x"):
        with pytest.raises(InputError, match="not issued by this app"):
            service.start(language="en", n_questions=1, topics=["rag"], candidate=picked)



def test_questions_sharing_an_overlap_tag_are_not_both_served(bank):
    """A session never gets two questions with the same overlap-* tag while others remain."""
    from collections import Counter

    from interview_bot.interview.engine import OVERLAP_PREFIX

    tagged = Counter(t for q in bank.questions.values() for t in q.tags if t.startswith(OVERLAP_PREFIX))
    shared = {t for t, n in tagged.items() if n > 1}
    topics = sorted({q.topic for q in bank.questions.values() if shared.intersection(q.tags)})
    assert shared and topics, "the shipped bank has overlap tags shared by several questions"
    n = min(30, len(topics) * 2)
    for seed in range(6):
        eng = Engine(bank, ScriptedScorer([95] * n))  # good answers: no probes, one turn per question
        st = eng.start(f"overlap-{seed}", InterviewOptions(language="en", n_questions=n, topics=topics)).state
        while st.status != "finished":
            st = eng.answer(st, "It retrieves relevant passages with embeddings and grounds the answer in them.").state
        served = [r.question_id for r in st.records]
        tags = [t for qid in served for t in bank.questions[qid].tags if t in shared]
        assert len(tags) == len(set(tags)), (seed, served)
