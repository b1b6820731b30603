"""Persistence through SQLAlchemy (SQLite file by default, PostgreSQL by URL).

Every candidate answer is written with its score, the transcript lines and the engine state in one
transaction, before the recruiter's next message is shown: a refresh, a closed tab or a killed
process loses nothing, and any app replica can serve the next turn from the database alone.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    create_engine,
    delete,
    event,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from .errors import InputError, SessionNotFound


class ConcurrentAnswer(InputError):
    """Another answer to the same session was recorded first."""


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    candidate: Mapped[str] = mapped_column(String(120), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    language: Mapped[str] = mapped_column(String(2))
    backend: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    overall: Mapped[float | None] = mapped_column(Float, nullable=True)


class TurnRow(Base):
    __tablename__ = "turns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # recruiter | candidate | notice
    kind: Mapped[str] = mapped_column(String(20))
    question_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AnswerRow(Base):
    __tablename__ = "answers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(80))
    probe: Mapped[int] = mapped_column(Integer, default=0)  # 0 = the question, n = the n-th probe
    text: Mapped[str] = mapped_column(Text)
    overall: Mapped[float | None] = mapped_column(Float, nullable=True)
    score: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def _engine_for(url: str) -> Engine:
    with _engines_lock:
        eng = _engines.get(url)
        if eng is None:
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
            kwargs: dict[str, Any] = {"json_serializer": lambda o: json.dumps(o, ensure_ascii=False)}
            if url.startswith("sqlite"):
                kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            eng = create_engine(url, pool_pre_ping=True, **kwargs)
            if url.startswith("sqlite"):

                @event.listens_for(eng, "connect")
                def _pragmas(dbapi_conn: Any, _: Any) -> None:
                    cur = dbapi_conn.cursor()
                    cur.execute("PRAGMA journal_mode=WAL")
                    cur.execute("PRAGMA synchronous=NORMAL")
                    cur.execute("PRAGMA foreign_keys=ON")
                    cur.close()

            Base.metadata.create_all(eng)
            _engines[url] = eng
        return eng


class Store:
    def __init__(self, url: str):
        self.url = url
        self.engine = _engine_for(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_session(
        self, sid: str, *, language: str, backend: str, state: dict, turns: list[dict], candidate: str = ""
    ) -> None:
        with self._sessions.begin() as db:
            db.add(SessionRow(id=sid, language=language, backend=backend, state=state, candidate=candidate))
            db.flush()
            for t in turns:
                db.add(TurnRow(session_id=sid, **t))

    def record_turn(
        self,
        sid: str,
        *,
        state: dict,
        turns: list[dict],
        answer: dict | None = None,
        status: str | None = None,
        overall: float | None = None,
        expected_turn: int | None = None,
    ) -> None:
        """One transaction: the answer and its score, the transcript lines, the new state.

        ``expected_turn`` guards against two tabs answering the same question at once: the write is
        refused if another answer was recorded since the state was read."""
        with self._sessions.begin() as db:
            row = db.get(SessionRow, sid, with_for_update=True)
            if row is None:
                raise SessionNotFound(f"No interview session '{sid}'. Start a new one or list them with: interview-bot sessions")
            if expected_turn is not None and int(row.state.get("turn", 0)) != expected_turn:
                raise ConcurrentAnswer(
                    "This interview moved on in another tab or window: reload it to see the latest question "
                    "(your text was not recorded; copy it before reloading)."
                )
            row.state = state
            row.updated_at = _now()
            if status:
                row.status = status
            if overall is not None:
                row.overall = overall
            for t in turns:
                db.add(TurnRow(session_id=sid, **t))
            if answer is not None:
                db.add(AnswerRow(session_id=sid, **answer))

    def get_session(self, sid: str) -> SessionRow:
        with self._sessions() as db:
            row = db.get(SessionRow, sid)
            if row is None:
                raise SessionNotFound(
                    f"No interview session '{sid}'. List sessions with: interview-bot sessions"
                )
            return row

    def turns(self, sid: str) -> list[TurnRow]:
        with self._sessions() as db:
            return list(db.scalars(select(TurnRow).where(TurnRow.session_id == sid).order_by(TurnRow.id)))

    def answers(self, sid: str) -> list[AnswerRow]:
        with self._sessions() as db:
            return list(db.scalars(select(AnswerRow).where(AnswerRow.session_id == sid).order_by(AnswerRow.id)))

    def list_sessions(self, limit: int = 50, candidate: str | None = None) -> list[SessionRow]:
        with self._sessions() as db:
            q = select(SessionRow).order_by(SessionRow.created_at.desc()).limit(limit)
            if candidate is not None:
                q = q.where(SessionRow.candidate == candidate)
            return list(db.scalars(q))

    def delete_session(self, sid: str) -> None:
        with self._sessions.begin() as db:
            row = db.get(SessionRow, sid)
            if row is None:
                raise SessionNotFound(f"No interview session '{sid}'.")
            db.execute(delete(AnswerRow).where(AnswerRow.session_id == sid))
            db.execute(delete(TurnRow).where(TurnRow.session_id == sid))
            db.execute(delete(SessionRow).where(SessionRow.id == sid))
