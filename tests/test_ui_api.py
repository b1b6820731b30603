"""The Gradio app's named HTTP endpoints (/start, /answer, /report) driven by ``gradio_client`` against
a real server on 127.0.0.1: whole interviews in English and French, bad input, per-session isolation
and the stateless-replica property (any app process over the same database can serve any turn)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError
from ui_helpers import running_app

from interview_bot.report.markdown import esc

pytestmark = pytest.mark.slow

WEAK = {
    "en": "I am not really sure. I think it is something to do with computers and maybe the cloud.",
    "fr": "Je ne suis pas vraiment sûr. Je crois que ça a un rapport avec les ordinateurs et peut-être le cloud.",
}
REPLY_KEYS = {"session_id", "message", "notices", "score", "accepted", "finished", "question_index",
              "total_questions"}


@pytest.fixture(scope="module")
def app(tmp_path_factory, shared_scorer):
    """One server for the module (building and closing an app costs seconds); each test uses its
    own sessions, which is exactly what the app must keep apart."""
    from interview_bot.config import Settings
    from interview_bot.interview.service import InterviewService

    data = tmp_path_factory.mktemp("ui_api_data")
    # rate_limit=0: the module's many calls come from one client (test_privacy_http tests the limit)
    settings = Settings(data_dir=data, language="en", questions=3, backend="offline", rate_limit=0,
                        report_rate_limit=0)
    svc = InterviewService(settings, scorer=shared_scorer, use_settings_model=False)
    with running_app(svc) as url:
        yield svc, url


@pytest.fixture
def service(app):
    return app[0]


@pytest.fixture
def api(app):
    client = Client(app[1], verbose=False)
    try:
        yield client
    finally:
        client.close()


def first_sentences(text: str, n: int = 2) -> str:
    return " ".join(re.split(r"(?<=[.!?])\s+", text.strip())[:n])


TOKENS: dict[str, str] = {}  # session id -> owner token, as /start returned it


def current_question(service, sid: str):
    qid = service.load_state(sid).records[-1].question_id
    return service.bank().question(qid)


def start(client, lang="en", n=3, topics="rag,security", difficulty=0) -> dict:
    r = client.predict(lang, n, topics, difficulty, api_name="/start")
    assert set(r) == {"session_id", "message", "notices", "question_index", "total_questions", "candidate_token",
                      "owner_token"}
    TOKENS[r["session_id"]] = r["owner_token"]
    return r


def check_scored_reply(r: dict, sid: str, qid: str) -> None:
    assert REPLY_KEYS <= set(r)
    assert r["session_id"] == sid and r["accepted"] is True and r["message"].strip()
    s = r["score"]
    assert s["question_id"] == qid
    assert 0 <= s["overall"] <= 100
    assert s["criteria"] and all(0 <= c["level"] <= 4 and c["name"] for c in s["criteria"])
    assert s["key_points"] and all(isinstance(k["covered"], bool) and k["text"] for k in s["key_points"])
    assert isinstance(s["flags"], list)


def play(client, service, sid: str, lang: str, max_turns: int = 12):
    """Answer until finished: the bank's reference answer on even turns, a weak answer on odd ones.
    Returns [(question_id, answer text, reply dict)]."""
    log = []
    for turn in range(max_turns):
        q = current_question(service, sid)
        text = q.reference_answer.get(lang) if turn % 2 == 0 else WEAK[lang]
        r = client.predict(sid, text, TOKENS.get(sid, ""), api_name="/answer")
        check_scored_reply(r, sid, q.id)
        assert r["total_questions"] == 3 and 1 <= r["question_index"] <= 3
        log.append((q.id, text, r))
        if r["finished"]:
            return log
    pytest.fail(f"interview not finished after {max_turns} answers")


def session_overall(log) -> float:
    last = {}
    for qid, _, r in log:
        last[qid] = r["score"]["overall"]  # cumulative over the question and its follow-ups
    return round(sum(last.values()) / len(last), 1)


def check_report(md: str, log, lang: str) -> None:
    for _, text, _ in log:
        for line in text.splitlines():
            if line.strip():
                assert "> " + esc(line) in md, f"answer line missing from the report: {line[:80]!r}"
    from interview_bot.i18n import colon

    label = "Overall score" if lang == "en" else "Score global"
    assert f"**{label}{colon(lang)} {session_overall(log):.0f}/100**" in md  # French: no-break space before the colon
    assert "not finished" not in md and "non terminé" not in md


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_whole_interview_over_http(api, service, lang):
    r = start(api, lang)
    sid = r["session_id"]
    assert r["question_index"] == 1 and r["total_questions"] == 3
    first = current_question(service, sid)
    assert first.topic in {"rag", "security"}
    assert first.text.get(lang) in r["message"]  # the question is asked in the chosen language

    log = play(api, service, sid, lang)
    qids = list(dict.fromkeys(qid for qid, _, _ in log))
    assert len(qids) == 3 and len(set(qids)) == 3
    assert {service.bank().question(q).topic for q in qids} <= {"rag", "security"}
    assert [r["finished"] for _, _, r in log].count(True) == 1 and log[-1][2]["finished"]

    # A reference answer scores clearly above a weak one.
    strong = [r["score"]["overall"] for i, (_, _, r) in enumerate(log) if i % 2 == 0]
    weak = [r["score"]["overall"] for i, (_, _, r) in enumerate(log) if i % 2 == 1]
    first_answers = {}
    for i, (qid, _, r) in enumerate(log):
        first_answers.setdefault(qid, (i, r["score"]["overall"]))
    strong_first = [o for i, o in first_answers.values() if i % 2 == 0]
    weak_first = [o for i, o in first_answers.values() if i % 2 == 1]
    assert min(strong_first) >= 60, strong
    if weak_first:
        assert max(weak_first) <= 35, weak

    md = api.predict(sid, TOKENS.get(sid, ""), api_name="/report")
    check_report(md, log, lang)
    title = "Mock interview report" if lang == "en" else "Rapport d'entretien blanc"
    assert title in md

    # Finished: further answers are refused with a clear message.
    with pytest.raises(AppError, match="finished" if lang == "en" else "terminé"):  # in the interview's language
        api.predict(sid, "one more thing", TOKENS.get(sid, ""), api_name="/answer")


def test_empty_answer_is_not_accepted_and_the_question_is_asked_again(api, service):
    sid = start(api)["session_id"]
    q = current_question(service, sid)
    for blank in ("", "   \n  "):
        r = api.predict(sid, blank, TOKENS.get(sid, ""), api_name="/answer")
        assert r["accepted"] is False and r["score"] is None and r["finished"] is False
        assert r["question_index"] == 1
        assert q.text.get("en") in r["message"]
    assert current_question(service, sid).id == q.id
    assert service.load_state(sid).records[-1].answers == []
    r = api.predict(sid, q.reference_answer.en, TOKENS.get(sid, ""), api_name="/answer")
    check_scored_reply(r, sid, q.id)


def test_too_long_answer_is_refused_with_the_limit(api, service):
    sid = start(api)["session_id"]
    with pytest.raises(AppError, match=r"9,000 characters.*limit is 8,000"):
        api.predict(sid, "x" * 9000, TOKENS.get(sid, ""), api_name="/answer")
    assert service.load_state(sid).records[-1].answers == []  # nothing was recorded
    r = api.predict(sid, "y" * 8000, TOKENS.get(sid, ""), api_name="/answer")  # exactly at the limit is fine
    assert r["accepted"] is True


def test_unknown_topic_lists_valid_topics(api):
    with pytest.raises(AppError) as exc:
        api.predict("en", 3, "rag,quantum_knitting", 0, api_name="/start")
    msg = str(exc.value)
    assert "quantum_knitting" in msg and "Valid topics" in msg
    for t in ("rag", "security", "langchain", "fine_tuning"):
        assert t in msg


def test_unknown_session_is_a_clear_error(api):
    with pytest.raises(AppError, match="'deadbeef00' is not a session id"):
        api.predict("deadbeef00", "hello", api_name="/answer")
    unknown = "deadbeef" * 4  # well-formed, never issued
    with pytest.raises(AppError, match=f"No interview session '{unknown}'"):
        api.predict(unknown, "hello", "", api_name="/answer")
    with pytest.raises(AppError, match=f"No interview session '{unknown}'"):
        api.predict(unknown, "", api_name="/report")


def test_bad_language_is_refused(api):
    with pytest.raises(AppError, match="language must be"):
        api.predict("de", 3, "rag", 0, api_name="/start")


def test_two_interleaved_sessions_do_not_mix(app):
    service, url = app
    a, b = Client(url, verbose=False), Client(url, verbose=False)
    try:
        sa = start(a, "en", 2, "rag")["session_id"]
        sb = start(b, "fr", 2, "security")["session_id"]
        assert sa != sb
        done = {sa: False, sb: False}
        sent = {sa: [], sb: []}
        for turn in range(8):
            # Both answers are in flight at the same time (submit, then wait for both).
            jobs = []
            for client, sid, lang, marker in ((a, sa, "en", "ALPHAMARK"), (b, sb, "fr", "BRAVOMARK")):
                if done[sid]:
                    continue
                q = current_question(service, sid)
                text = f"{marker} {turn}. " + first_sentences(q.reference_answer.get(lang))
                sent[sid].append(text)
                jobs.append((sid, q, client.submit(sid, text, TOKENS.get(sid, ""), api_name="/answer")))
            for sid, q, job in jobs:
                r = job.result(timeout=300)
                check_scored_reply(r, sid, q.id)
                assert r["total_questions"] == 2
                done[sid] = r["finished"]
            if all(done.values()):
                break
        assert all(done.values())
        st_a, st_b = service.load_state(sa), service.load_state(sb)
        assert {r.topic for r in st_a.records} == {"rag"} and st_a.options.language == "en"
        assert {r.topic for r in st_b.records} == {"security"} and st_b.options.language == "fr"
        assert [x for rec in st_a.records for x in rec.answers] == [t.strip() for t in sent[sa]]
        assert [x for rec in st_b.records for x in rec.answers] == [t.strip() for t in sent[sb]]
        ra, rb = a.predict(sa, TOKENS.get(sa, ""), api_name="/report"), b.predict(sb, TOKENS.get(sb, ""), api_name="/report")
        assert "ALPHAMARK" in ra and "BRAVOMARK" not in ra and "Mock interview report" in ra
        assert "BRAVOMARK" in rb and "ALPHAMARK" not in rb and "Rapport d'entretien blanc" in rb
    finally:
        a.close()
        b.close()


def test_a_session_continues_on_another_app_process(settings, shared_scorer):
    """Replica property: state lives in the database, so app B (a new InterviewService) picks up
    a session that app A started, after A is gone."""
    from interview_bot.interview.service import InterviewService

    service = InterviewService(settings, scorer=shared_scorer, use_settings_model=False)
    with running_app(service) as url_a:
        ca = Client(url_a, verbose=False)
        sid = start(ca, topics="rag,security")["session_id"]
        q1 = current_question(service, sid)
        r1 = ca.predict(sid, q1.reference_answer.en, TOKENS.get(sid, ""), api_name="/answer")
        check_scored_reply(r1, sid, q1.id)
        ca.close()
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(url_a + "config", timeout=5)  # A is really down

    service_b = InterviewService(settings, scorer=shared_scorer, use_settings_model=False)
    assert service_b is not service and service_b.settings.db_url == service.settings.db_url
    with running_app(service_b) as url_b:
        assert url_b != url_a
        cb = Client(url_b, verbose=False)
        try:
            log = [(q1.id, q1.reference_answer.en, r1)]
            log += play(cb, service_b, sid, "en")
            st = service_b.load_state(sid)
            assert st.status == "finished" and len(st.records) == 3
            assert st.records[0].answers[0] == q1.reference_answer.en.strip()
            md = cb.predict(sid, TOKENS.get(sid, ""), api_name="/report")
            check_report(md, log, "en")
        finally:
            cb.close()


def test_only_the_documented_endpoints_are_public(api):
    named = set(api.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert named == {"/start", "/answer", "/report", "/report_url", "/export", "/delete", "/ping"}


# (message, what it is read as, whether the interview moves to the next question)
TURN_SCRIPT = {
    "en": [("Sorry, could you rephrase the question?", "clarify", False), ("Can you repeat the question?", "repeat", False),
           ("What team is this role for?", "candidate_question", False), ("Thanks!", "other", False),
           ("I don't know.", "dont_know", False), ("yes", "hint", False), ("I still don't know.", "dont_know", True),
           ("Can we skip this one?", "skip", True), ("I'd like to stop the interview.", "end", False),
           ("yes", "end", False)],
    "fr": [("Pouvez-vous reformuler la question ?", "clarify", False), ("Vous pouvez répéter la question ?", "repeat", False),
           ("Quelle stack technique utilisez-vous ?", "candidate_question", False), ("Merci.", "other", False),
           ("Je ne sais pas.", "dont_know", False), ("oui", "hint", False), ("Je ne sais toujours pas.", "dont_know", True),
           ("Je passe.", "skip", True), ("Je voudrais arrêter l'entretien.", "end", False), ("oui", "end", False)],
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_kind_of_turn_over_http(api, service, lang):
    """/answer says what it understood (`turn`); nothing but answers is scored; only skip, the second
    "I don't know" and a confirmed end move the interview on."""
    r = start(api, lang, n=4, topics="rag")
    sid = r["session_id"]
    first = current_question(service, sid)
    index = 1
    for n, (text, kind, moves) in enumerate(TURN_SCRIPT[lang], 1):
        q = current_question(service, sid)
        reply = api.predict(sid, text, TOKENS.get(sid, ""), api_name="/answer")
        assert reply["turn"] == kind, text
        assert reply["score"] is None and reply["accepted"] is True
        if n < len(TURN_SCRIPT[lang]):  # at the end, the open question nobody answered is dropped
            assert reply["question_index"] == index + int(moves)
        index = reply["question_index"]
        if kind in ("repeat", "candidate_question"):
            assert reply["message"].endswith(q.text.get(lang))
        if n == len(TURN_SCRIPT[lang]):
            assert reply["finished"] is True
        else:
            assert reply["finished"] is False
    assert service.store.answers(sid) == []
    md = api.predict(sid, TOKENS.get(sid, ""), api_name="/report")
    assert esc(first.text.get(lang)) in md
    assert ("Not answered" if lang == "en" else "Non traitée") in md
    assert ("Hint given" if lang == "en" else "Indice donné") in md
