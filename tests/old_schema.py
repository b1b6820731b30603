"""The schema exactly as ``create_all`` made it before migrations existed (interview_bot/store.py at
commit c7f49a1), to test upgrades from a real earlier database."""

from __future__ import annotations

import json
from datetime import UTC, datetime

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
