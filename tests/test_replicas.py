"""Stateless replicas: two ``interview-bot serve`` processes, each with its own data dir, on one
PostgreSQL database (tests/pg_server.py), play interviews turn by turn across each other; reports,
export and delete work from either; a question added to the shared bank folder is seen by both; a
replica without the shared secret refuses to start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest
import yaml

from bench.replicas import ApiError, Replica, call, get, run_load

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def db(pg_url):
    """A database of its own (the cluster is shared with test_postgres)."""
    import psycopg

    base = pg_url.rsplit("/", 1)[0]
    name = f"replicas_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(base.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as c:
        c.execute(f"CREATE DATABASE {name}")
    return f"{base}/{name}"


@pytest.fixture(scope="module")
def shared_bank(tmp_path_factory):
    return tmp_path_factory.mktemp("shared_bank")


@pytest.fixture(scope="module")
def replicas(db, shared_bank, tmp_path_factory):
    root = tmp_path_factory.mktemp("replicas")
    env = {"INTERVIEW_BOT_SCORER_LAYERS": "0", "INTERVIEW_BOT_RATE_LIMIT": "0", "INTERVIEW_BOT_REPORT_RATE_LIMIT": "0",
           "INTERVIEW_BOT_BANK_DIRS": str(shared_bank)}
    pair = [Replica(db, root / f"data{k}", env) for k in (1, 2)]
    try:
        for r in pair:
            r.start()
        yield pair
    finally:
        for r in pair:
            r.stop()


def test_interview_played_across_two_replicas(replicas):
    a, b = replicas
    s = call(a.url, "start", "en", 2, "rag", 0, "")
    sid, token, owner = s["session_id"], s["candidate_token"], s["owner_token"]
    sent = []
    for turn in range(10):
        url = (b if turn % 2 == 0 else a).url  # every turn on the other replica
        text = f"Turn {turn}: retrieval finds relevant chunks with embeddings and the model answers from them."
        r = call(url, "answer", sid, text, owner)
        sent.append(text)
        if r["finished"]:
            break
    assert r["finished"]
    for rep in (a, b):
        md = call(rep.url, "report", sid, owner)
        assert all(t.split(":")[0] in md for t in sent)
        link = call(a.url, "report_url", sid, owner, "pdf")  # signed on A, valid on both
        status, pdf = get(f"{rep.url}{link}")
        assert status == 200 and pdf.startswith(b"%PDF")
    exported = call(b.url, "export", sid, owner)
    assert [x["text"] for x in json.loads(exported)["answers"]] == sent
    # progress across sessions: the token from replica A is accepted by replica B
    s2 = call(b.url, "start", "en", 1, "rag", 0, token)
    assert s2["candidate_token"] == token
    # nothing about sessions is on either replica's disk
    for rep in (a, b):
        names = [p.name for p in rep.data_dir.rglob("*")]
        assert not any(sid in n for n in names) and "interview_bot.db" not in names, names
    # delete on A: gone from B too
    md_link = call(b.url, "report_url", sid, owner, "md")
    assert call(a.url, "delete", sid, owner) == "deleted"
    assert get(f"{b.url}{md_link}")[0] == 404
    with pytest.raises(ApiError, match="No interview session"):
        call(b.url, "report", sid, owner)


def test_a_question_added_to_the_shared_bank_folder_is_seen_by_both(replicas, shared_bank):
    from interview_bot.config import REPO_DIR

    a, b = replicas
    shipped = yaml.safe_load((REPO_DIR / "question_bank" / "rag.yaml").read_text(encoding="utf-8"))
    q = next(x for x in shipped["questions"] if x["id"] == "rag.pipeline-basics")
    q.update(id="shared.new-question", topic="shared_topic")
    (shared_bank / "shared.yaml").write_text(yaml.safe_dump({"questions": [q]}, allow_unicode=True), encoding="utf-8")
    for rep in (a, b):
        r = call(rep.url, "start", "en", 1, "shared_topic", 0, "")
        assert r["question_index"] == 1 and q["text"]["en"] in r["message"]


def test_concurrent_candidates_across_replicas(replicas):
    result = run_load([r.url for r in replicas], 8)
    assert result["errors"] == 0, result["error_samples"]
    assert result["finished"] == 8


def test_replica_on_a_shared_database_without_a_secret_refuses_to_start(db, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "INTERVIEW_BOT_SESSION_SECRET"}
    p = subprocess.run([sys.executable, "-m", "interview_bot.cli", "serve", "--port", "1", "--data-dir",
                        str(tmp_path / "d"), "--database-url", db], capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 2 and "INTERVIEW_BOT_SESSION_SECRET is not set" in p.stderr
