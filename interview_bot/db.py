"""Database engines (one per URL per process) and schema migrations (Alembic, run on first use).

SQLite files are created 0600 before SQLite opens them, so its WAL and SHM files (which SQLite
creates with the database file's mode) are private too. On PostgreSQL, replicas starting at the
same time take an advisory lock, so one of them migrates and the others wait.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine

from .files import private_dir

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BASE_REVISION = "0001"  # the schema that create_all made before migrations existed
_MIGRATION_LOCK = 0x1B07_5EED  # pg_advisory_xact_lock key

_engines: dict[str, Engine] = {}
_slots: dict[str, threading.BoundedSemaphore] = {}
_engines_lock = threading.Lock()
UNPOOLED_SLOTS = 64  # SQLite in memory and other pools without a fixed size


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _prepare_sqlite_file(url: str) -> None:
    path = url.removeprefix("sqlite:///")
    if not path or path == ":memory:" or url.startswith("sqlite:///:memory:"):
        return
    db = Path(path)
    private_dir(db.parent)
    fd = os.open(db, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)


def _sqlite_pragmas(dbapi_conn: Any, _: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA secure_delete=ON")  # deleted sessions are overwritten, not left in free pages
    cur.close()


def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


@contextlib.contextmanager
def _sqlite_migration_lock(eng: Engine) -> Iterator[None]:
    """Two processes opening a new SQLite file at once (``serve`` and the CLI) migrate one at a time."""
    path = eng.url.database
    if eng.dialect.name != "sqlite" or not path or path == ":memory:":
        yield
        return
    fd = os.open(f"{path}.migrate-lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def migrate(eng: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision``; a pre-migration database is stamped at the base first."""
    from alembic import command

    with _sqlite_migration_lock(eng), eng.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        cfg = _alembic_config(conn)
        insp = inspect(conn)
        if insp.has_table("sessions") and not insp.has_table("alembic_version"):
            command.stamp(cfg, BASE_REVISION)
        command.upgrade(cfg, revision)


def schema_revision(eng: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with eng.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def engine_for(url: str, *, run_migrations: bool = True) -> Engine:
    with _engines_lock:
        eng = _engines.get(url)
        if eng is None:
            kwargs: dict[str, Any] = {"json_serializer": lambda o: json.dumps(o, ensure_ascii=False)}
            if is_sqlite(url):
                _prepare_sqlite_file(url)
                kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
            eng = create_engine(url, pool_pre_ping=True, **kwargs)
            if is_sqlite(url):
                event.listen(eng, "connect", _sqlite_pragmas)
            if run_migrations:
                migrate(eng)
            _engines[url] = eng
            _slots[url] = threading.BoundedSemaphore(pool_capacity(eng))
        return eng


def pool_capacity(eng: Engine) -> int:
    """How many connections the engine's pool hands out at once (pool size + overflow)."""
    pool: Any = eng.pool
    size, overflow = getattr(pool, "size", None), getattr(pool, "_max_overflow", None)
    if callable(size) and isinstance(overflow, int) and overflow >= 0:
        return max(1, size() + overflow)
    return UNPOOLED_SLOTS


def slots(url: str) -> threading.BoundedSemaphore:
    """The engine's connection slots: take one before taking a connection, so a burst of threads waits
    its turn here (without a time limit) instead of timing out in the pool (30 s, then an error)."""
    with _engines_lock:
        return _slots[url]


def forget_engine(url: str) -> None:
    """Dispose of the cached engine for ``url`` (tests that build databases by hand)."""
    with _engines_lock:
        eng = _engines.pop(url, None)
        _slots.pop(url, None)
    if eng is not None:
        eng.dispose()
