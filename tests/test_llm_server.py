"""Integration tier: the LLM path over real HTTP against a local OpenAI-compatible server
(llama-cpp-python's server with the Gemma 3 270M *base* GGUF from PyPI). Plumbing only: the base
model cannot interview, so what is tested is streaming, the token cap, timeouts, junk output →
fallback to the structured recruiter, and the judge → unscored path. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from conftest import skip_or_fail

pytestmark = [pytest.mark.slow, pytest.mark.llm_server]


@pytest.fixture(scope="module")
def server():
    from llm_server import LlamaServer, llama_server_available

    if not llama_server_available():
        skip_or_fail("llama-cpp-python or the Gemma GGUF package is not installed (requirements/llm-server.txt)")
    with LlamaServer() as srv:
        yield srv


@pytest.fixture
def llm_settings(server, data_dir):
    from interview_bot.config import load_settings

    return load_settings(backend="openai-compatible", base_url=server.base_url, model=server.model,
                         data_dir=data_dir, llm_max_tokens=24, llm_timeout=60, llm_retries=0,
                         llm_temperature=0)


def test_model_built_from_settings_streams_with_token_cap(llm_settings):
    from interview_bot.llm import build_chat_model

    model = build_chat_model(llm_settings)
    chunks = []
    t0 = time.perf_counter()
    first = None
    for c in model.stream("Write a short story about a robot who learns to paint."):
        first = first or time.perf_counter() - t0
        chunks.append(c.content)
    text = "".join(chunks)
    assert len([c for c in chunks if c]) >= 2  # really streamed, chunk by chunk
    assert first is not None and first < 30
    assert len(text.split()) <= 40  # the 24-token cap reached the server (it ignores max_completion_tokens)


def _count_calls(model) -> list:
    """Every request the chat model sends, recorded (so a test knows the server was really asked)."""
    from langchain_core.callbacks import BaseCallbackHandler

    sent: list = []

    class Capture(BaseCallbackHandler):
        def on_chat_model_start(self, serialized, messages, **kwargs):
            sent.extend(messages)

    model.callbacks = [Capture()]
    return sent


def test_interview_over_real_server_never_loses_the_question(llm_settings, shared_scorer):
    from interview_bot.interview.service import InterviewService

    svc = InterviewService(llm_settings, scorer=shared_scorer)
    sent = _count_calls(svc.model)
    r = svc.start(language="en", n_questions=2, topics=["rag"])
    assert sent, "the greeting was asked of the server (the LLM path really ran)"
    q = svc.bank().questions[svc.load_state(r.session_id).records[0].question_id]
    assert q.text.en in r.message  # whatever the base model wrote, the canonical question is there
    events = list(svc.answer_events(r.session_id, "RAG retrieves chunks with embeddings and adds them to the prompt."))
    kinds = [e.kind for e in events]
    assert kinds[0] == "score" and kinds[-1] == "reply"
    reply = events[-1].reply
    if reply.recruiter == "structured":
        assert reply.notices  # junk from the base model → fallback, with a notice: never a silent one
    assert len(svc.store.answers(r.session_id)) == 1


def test_judge_on_base_model_is_unscored_not_a_pass(llm_settings, shared_scorer):
    from interview_bot.interview.service import InterviewService

    svc = InterviewService(llm_settings, scorer=None)
    sent = _count_calls(svc.model)
    bank = svc.bank()
    q = bank.questions["rag.pipeline-basics"]
    # A strong answer, so that a verdict leaking into the score would move it (a weak one scores low
    # whatever the judge says).
    answer = q.reference_answer.en
    off = shared_scorer.score(q, bank.rubric_for(q), answer, "en")
    assert off.overall >= 40
    s = svc.scorer.score(q, bank.rubric_for(q), answer, "en")
    assert sent, "the judge asked the server"
    # A base model capped at 24 tokens cannot write the JSON verdict: unscored by the LLM, and the
    # offline score stands, unchanged.
    assert "llm_unscored" in s.flags
    assert abs(s.overall - off.overall) <= 1.0


def test_timeout_falls_back_to_structured_recruiter(data_dir, shared_scorer):
    """A server that accepts connections but never answers: the timeout fires, the interview goes on."""
    from interview_bot.config import load_settings
    from interview_bot.interview.service import InterviewService

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    port = srv.getsockname()[1]
    stop = threading.Event()
    conns = []

    def accept_forever():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conns.append(srv.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=accept_forever, daemon=True)
    t.start()
    try:
        s = load_settings(backend="openai-compatible", base_url=f"http://127.0.0.1:{port}/v1", model="x",
                          data_dir=data_dir, llm_timeout=1.0, llm_retries=0)
        svc = InterviewService(s, scorer=shared_scorer)
        t0 = time.perf_counter()
        r = svc.start(language="en", n_questions=1, topics=["rag"])
        assert time.perf_counter() - t0 < 20
        assert r.recruiter == "structured" and r.notices
    finally:
        stop.set()
        t.join(timeout=2)
        for c in conns:
            c.close()
        srv.close()


def test_server_down_is_a_notice_not_a_crash(data_dir, shared_scorer):
    from interview_bot.config import load_settings
    from interview_bot.interview.service import InterviewService

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    s = load_settings(backend="openai-compatible", base_url=f"http://127.0.0.1:{port}/v1", model="x",
                      data_dir=data_dir, llm_timeout=5, llm_retries=1, max_probes=0)
    svc = InterviewService(s, scorer=None)
    r = svc.start(language="fr", n_questions=1, topics=["rag"])
    assert r.recruiter == "structured" and r.notices
    a = svc.answer(r.session_id, "Le RAG récupère des passages et les ajoute au prompt.")
    assert a.score is not None and "llm_unscored" in a.score.flags
    assert a.finished


def test_listening_recruiter_plumbing_over_real_server(llm_settings, shared_scorer):
    """The turn classifier and the conversational recruiter really call the server: the classifier's
    JSON request carries the candidate's message as escaped data, the recruiter's request carries the
    conversation window; the base model cannot produce valid JSON, so the offline reading stands and
    the question is never lost."""
    from langchain_core.callbacks import BaseCallbackHandler

    from interview_bot.interview.service import InterviewService

    sent: list[list] = []

    class Capture(BaseCallbackHandler):
        def on_chat_model_start(self, serialized, messages, **kwargs):
            sent.extend(messages)

    svc = InterviewService(llm_settings, scorer=shared_scorer)
    svc.model.callbacks = [Capture()]
    r = svc.start(language="en", n_questions=2, topics=["rag"])
    q = svc.bank().questions[svc.load_state(r.session_id).records[0].question_id]
    # The base model's greeting is junk, so start() may already have opened the circuit breaker; move
    # its clock past the cooldown and clear the failure count so this turn reaches the server.
    import time

    svc.breaker.clock = lambda: time.monotonic() + 3600
    svc.breaker.record(True)
    sent.clear()
    reply = svc.answer(r.session_id, "Can you repeat the question? <b>please</b>")
    assert reply.turn == "repeat" and reply.score is None
    assert reply.message.endswith(q.text.en)
    classifier = [m for m in sent if "what kind of turn" in str(m[0].content)]
    assert classifier, "the classifier asked the server"
    assert "&lt;b&gt;please&lt;/b&gt;" in str(classifier[0][-1].content)
    # One classifier failure does not open the breaker (threshold 2): the recruiter asked too.
    recruiter = [m for m in sent if "what kind of turn" not in str(m[0].content)]
    assert recruiter, "the recruiter asked the server"
    assert any("<candidate>Can you repeat" in str(x.content) for x in recruiter[0][1:-1])
