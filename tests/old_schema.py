"""The schema exactly as ``create_all`` made it before migrations existed (interview_bot/store.py at
commit c7f49a1), to test upgrades from a real earlier database (SQLite in test_versioned_writes.py,
PostgreSQL in test_postgres.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from concurrency import FixedScorer
from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
)

from interview_bot.interview.service import InterviewService

old = MetaData()
Table("sessions", old,
      Column("id", String(36), primary_key=True),
      Column("candidate", String(120), index=True, nullable=False),
      Column("created_at", DateTime(timezone=True), nullable=False),
      Column("updated_at", DateTime(timezone=True), nullable=False),
      Column("language", String(2), nullable=False),
      Column("backend", String(40), nullable=False),
      Column("status", String(20), index=True, nullable=False),
      Column("state", JSON, nullable=False),
      Column("overall", Float, nullable=True))
Table("turns", old,
      Column("id", Integer, primary_key=True, autoincrement=True),
      Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), index=True, nullable=False),
      Column("role", String(20), nullable=False),
      Column("kind", String(20), nullable=False),
      Column("question_id", String(80), nullable=True),
      Column("content", Text, nullable=False),
      Column("created_at", DateTime(timezone=True), nullable=False))
Table("answers", old,
      Column("id", Integer, primary_key=True, autoincrement=True),
      Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), index=True, nullable=False),
      Column("question_id", String(80), nullable=False),
      Column("probe", Integer, nullable=False),
      Column("text", Text, nullable=False),
      Column("overall", Float, nullable=True),
      Column("score", JSON, nullable=False),
      Column("created_at", DateTime(timezone=True), nullable=False))


def make_old_database(url: str, state: dict, *, sid: str, candidate: str = "alice") -> None:
    """An earlier database holding one unfinished session with one answer, plus the duplicate answer
    row the old lost-update bug could leave behind."""
    eng = create_engine(url, json_serializer=lambda o: json.dumps(o, ensure_ascii=False))
    now = datetime.now(UTC)
    old.create_all(eng)
    qid = state["records"][0]["question_id"]
    with eng.begin() as c:
        c.execute(old.tables["sessions"].insert().values(
            id=sid, candidate=candidate, created_at=now, updated_at=now, language="en", backend="offline",
            status="active", state=state, overall=None))
        c.execute(old.tables["turns"].insert().values(
            session_id=sid, role="candidate", kind="answer", question_id=qid, content="old answer", created_at=now))
        for text in ("old answer", "old duplicate from a lost update"):
            c.execute(old.tables["answers"].insert().values(
                session_id=sid, question_id=qid, probe=0, text=text, overall=50.0, score={}, created_at=now))
    eng.dispose()


# ---- the upgrade, checked ---------------------------------------------------------------------------


def old_state(settings, sid: str) -> dict:
    """A state as the earlier code stored it: one question answered, the next one asked."""
    svc = InterviewService(settings.model_copy(update={"data_dir": settings.data_dir / "scratch"}),
                           scorer=FixedScorer(), use_settings_model=False)
    s = svc.start(language="en", n_questions=2, topics=["rag"], max_probes=0).session_id
    svc.answer(s, "Old answer: documents are embedded and indexed.")
    state = svc.load_state(s).model_dump(mode="json")
    state["session_id"] = sid
    return state


def upgrade_from_previous_schema(settings, url: str) -> None:
    from interview_bot.db import forget_engine, schema_revision
    from interview_bot.store import Store

    sid = "0" * 32
    make_old_database(url, old_state(settings, sid), sid=sid)
    forget_engine(url)
    store = Store(url)  # migrates on first use
    assert schema_revision(store.engine) == head_revision()
    row = store.get_session(sid)
    assert row.version == 0
    assert row.candidate == hashed_label("alice") == row.state["options"]["candidate"]  # label → key
    rows = store.answers(sid)
    assert [r.text for r in rows] == ["old answer", "old duplicate from a lost update"]  # nothing deleted
    assert rows[0].probe == 0 and rows[1].probe == -rows[1].id  # the orphan moved out of the way
    svc = InterviewService(settings.model_copy(update={"database_url": url}), scorer=FixedScorer(),
                           use_settings_model=False)
    r = svc.answer(sid, "After the upgrade: retrieval adds relevant chunks to the prompt.")
    assert r.finished and svc.store.get_session(sid).version == 2  # answer, then the reply
    assert svc.load_state(sid).records[1].answers == ["After the upgrade: retrieval adds relevant chunks to the prompt."]


def hashed_label(label: str) -> str:
    import importlib

    return importlib.import_module("interview_bot.migrations.versions.0003_candidate_keys").legacy_key(label)


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from interview_bot.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg).get_current_head()
