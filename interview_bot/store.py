"""Persistence through SQLAlchemy (SQLite file by default, PostgreSQL by URL).

A session row holds the engine state and a ``version``. Every write is one transaction that
compare-and-sets the version (``UPDATE … WHERE version = :read``) and appends the transcript events
and the scored answer written with that state: a writer that read an older version (another tab, a
concurrent request, a resumed replica) changes nothing and gets ``StaleWrite``. A refresh, a closed
tab or a killed process loses nothing, and any replica can serve the next turn from the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    delete,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from .db import engine_for, slots
from .errors import StaleWrite, session_not_found

__all__ = ["AnswerRow", "SessionRow", "StaleWrite", "Store", "TurnRow"]


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class SessionRow(Base):
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    candidate: Mapped[str] = mapped_column(String(120), default="", index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    language: Mapped[str] = mapped_column(String(2))
    backend: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    overall: Mapped[float | None] = mapped_column(Float, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class TurnRow(Base):
    """One transcript event: a recruiter message, a candidate answer, a notice, or any other turn."""

    __tablename__ = "turns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))  # recruiter | candidate | notice
    kind: Mapped[str] = mapped_column(String(20))
    question_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)  # session version it was written at


class AnswerRow(Base):
    __tablename__ = "answers"
    __table_args__ = (Index("uq_answers_turn", "session_id", "question_id", "probe", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(String(80))
    probe: Mapped[int] = mapped_column(Integer, default=0)  # 0 = the question, n = the n-th probe
    text: Mapped[str] = mapped_column(Text)
    overall: Mapped[float | None] = mapped_column(Float, nullable=True)
    score: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Store:
    def __init__(self, url: str):
        self.url = url
        self.engine = engine_for(url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._slots = slots(url)

    @contextmanager
    def _db(self, write: bool = False) -> Iterator[Any]:
        """A database session holding one of the pool's connection slots: concurrent requests queue
        here, in order of arrival as far as threads allow, and never fail for want of a connection."""
        with self._slots:
            if write:
                with self._factory.begin() as db:
                    yield db
            else:
                with self._factory() as db:
                    yield db

    # ---- writes --------------------------------------------------------------------------------
    def create_session(
        self, sid: str, *, language: str, backend: str, state: dict[str, Any], turns: list[dict[str, Any]], candidate: str = ""
    ) -> int:
        """Insert a new session at version 1 with its first transcript events; returns the version."""
        with self._db(write=True) as db:
            db.add(SessionRow(id=sid, language=language, backend=backend, state=state, candidate=candidate,
                              version=1))
            db.flush()
            for t in turns:
                db.add(TurnRow(session_id=sid, version=1, **t))
        return 1

    def commit(
        self,
        sid: str,
        *,
        expected_version: int,
        state: dict[str, Any],
        turns: list[dict[str, Any]],
        answer: dict[str, Any] | None = None,
        status: str | None = None,
        overall: float | None = None,
    ) -> int:
        """One transaction: compare-and-set the state at ``expected_version``, append the events and
        the answer. Returns the new version; raises ``StaleWrite`` if another writer came first."""
        new = expected_version + 1
        values: dict[str, Any] = {"state": state, "version": new, "updated_at": _now()}
        if status:
            values["status"] = status
        if overall is not None:
            values["overall"] = overall
        try:
            with self._db(write=True) as db:
                res = db.execute(
                    update(SessionRow)
                    .where(SessionRow.id == sid, SessionRow.version == expected_version)
                    .values(**values)
                )
                if res.rowcount != 1:
                    if db.get(SessionRow, sid) is None:
                        raise session_not_found(sid)
                    raise StaleWrite()
                for t in turns:
                    db.add(TurnRow(session_id=sid, version=new, **t))
                if answer is not None:
                    db.add(AnswerRow(session_id=sid, **answer))
        except IntegrityError:  # the same (question, follow-up) answered twice: a stale writer
            raise StaleWrite() from None
        return new

    # ---- reads ---------------------------------------------------------------------------------
    def get_session(self, sid: str) -> SessionRow:
        with self._db() as db:
            row = db.get(SessionRow, sid)
            if row is None:
                raise session_not_found(sid)
            return row

    def turns(self, sid: str) -> list[TurnRow]:
        with self._db() as db:
            return list(db.scalars(select(TurnRow).where(TurnRow.session_id == sid).order_by(TurnRow.id)))

    def answers(self, sid: str) -> list[AnswerRow]:
        with self._db() as db:
            return list(db.scalars(select(AnswerRow).where(AnswerRow.session_id == sid).order_by(AnswerRow.id)))

    def list_sessions(self, limit: int = 50, candidate: str | None = None) -> list[SessionRow]:
        with self._db() as db:
            q = select(SessionRow).order_by(SessionRow.created_at.desc()).limit(limit)
            if candidate is not None:
                q = q.where(SessionRow.candidate == candidate)
            return list(db.scalars(q))

    # ---- forgetting ------------------------------------------------------------------------------
    def delete_session(self, sid: str) -> None:
        with self._db(write=True) as db:
            row = db.get(SessionRow, sid)
            if row is None:
                raise session_not_found(sid)
            self._delete(db, [sid])
        self._compact()

    def purge_older_than(self, days: float) -> list[str]:
        """Delete every session not written to for ``days`` days; returns their ids."""
        cutoff = _now() - timedelta(days=days)
        with self._db(write=True) as db:
            ids = list(db.scalars(select(SessionRow.id).where(SessionRow.updated_at < cutoff)))
            if ids:
                self._delete(db, ids)
        if ids:
            self._compact()
        return ids

    def _compact(self) -> None:
        """SQLite: fold the write-ahead log into the (secure-delete) database and truncate it, so the
        deleted text is not left in the WAL file. PostgreSQL reclaims dead rows by autovacuum."""
        if self.engine.dialect.name == "sqlite":
            with self._slots, self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    @staticmethod
    def _delete(db: Any, ids: list[str]) -> None:
        db.execute(delete(AnswerRow).where(AnswerRow.session_id.in_(ids)))
        db.execute(delete(TurnRow).where(TurnRow.session_id.in_(ids)))
        db.execute(delete(SessionRow).where(SessionRow.id.in_(ids)))
