"""A throwaway local PostgreSQL server for tests: Debian's ``postgresql`` package (``initdb`` and
``pg_ctl`` under ``/usr/lib/postgresql/<version>/bin``, installed by ``.ci/system-deps.sh``).

Usage::

    from pg_server import TempPostgres, pg_available

    if pg_available():
        with TempPostgres() as url:  # postgresql+psycopg://interview_bot@127.0.0.1:PORT/interview_bot
            ...

The cluster lives in a temporary directory (data, log and unix socket), uses ``trust`` auth, listens
only on 127.0.0.1 on a free port, runs with fsync off (throwaway data), and is stopped and removed on
exit. PostgreSQL refuses to run as root: as root, ``initdb``/``pg_ctl`` run as the ``postgres``
system user (created by the Debian package) through ``runuser`` (or ``su``), and the temporary
directory is given to that user.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

HOST = "127.0.0.1"
DB_USER = "interview_bot"
DB_NAME = "interview_bot"
RUN_AS = "postgres"  # the Debian package's system user, used when we are root


def _version_key(p: Path) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", p.name)) or (0,)


def pg_bindir() -> Path | None:
    """The directory holding ``initdb`` and ``pg_ctl``: the newest Debian install, else ``$PATH``."""
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: _version_key(p.parent), reverse=True):
        if (d / "initdb").is_file() and (d / "pg_ctl").is_file():
            return d
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        d = Path(initdb).resolve().parent
        if (d / "pg_ctl").is_file():
            return d
    return None


def _is_root() -> bool:
    return os.geteuid() == 0


def pg_unavailable_reason() -> str | None:
    """Why a TempPostgres cannot start here (``None`` when it can)."""
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (pip install 'psycopg[binary]')"
    if pg_bindir() is None:
        return "the PostgreSQL server is missing (apt-get install -y postgresql)"
    if _is_root():
        try:
            pwd.getpwnam(RUN_AS)
        except KeyError:
            return f"running as root and there is no '{RUN_AS}' system user to run PostgreSQL as"
        if not (shutil.which("runuser") or shutil.which("su")):
            return "running as root and neither runuser nor su is available to drop privileges"
    return None


def pg_available() -> bool:
    return pg_unavailable_reason() is None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class TempPostgres:
    """Context manager: a fresh cluster and database; yields its SQLAlchemy URL."""

    def __init__(self, *, db: str = DB_NAME, user: str = DB_USER, start_timeout: int = 60):
        self.db = db
        self.user = user
        self.start_timeout = start_timeout
        self.bindir: Path | None = None
        self.root: Path | None = None
        self.port: int | None = None
        self.url: str | None = None
        self._running = False

    # ---- helpers -----------------------------------------------------------------------------
    @property
    def datadir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    @property
    def logfile(self) -> Path:
        assert self.root is not None
        return self.root / "server.log"

    def _run(self, tool: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        assert self.bindir is not None and self.root is not None
        cmd = [str(self.bindir / tool), *args]
        if _is_root():
            if shutil.which("runuser"):
                cmd = ["runuser", "-u", RUN_AS, "--", *cmd]
            else:
                cmd = ["su", RUN_AS, "-s", "/bin/sh", "-c", shlex.join(cmd)]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C")
        # cwd: the caller's directory may not be readable by the postgres user.
        return subprocess.run(cmd, cwd=self.root, env=env, capture_output=True, text=True, timeout=timeout)

    def _log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def _check(self, proc: subprocess.CompletedProcess[str], what: str) -> None:
        if proc.returncode != 0:
            raise RuntimeError(
                f"{what} failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}\n{self._log_tail()}".strip()
            )

    # ---- lifecycle ---------------------------------------------------------------------------
    def start(self) -> str:
        reason = pg_unavailable_reason()
        if reason:
            raise RuntimeError(reason)
        self.bindir = pg_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="interview-bot-pg-"))
        try:
            if _is_root():
                pw = pwd.getpwnam(RUN_AS)
                os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self._check(
                self._run("initdb", "-D", str(self.datadir), "-A", "trust", "-U", self.user, "-E", "UTF8",
                          "--no-locale", "--no-sync", "--no-instructions"),
                "initdb",
            )
            last: Exception | None = None
            for _ in range(3):  # the free port can be taken between the probe and the bind
                self.port = _free_port()
                opts = " ".join([
                    f"-p {self.port}",
                    f"-c listen_addresses={HOST}",
                    f"-c unix_socket_directories={self.root}",
                    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "-c max_connections=50 -c shared_buffers=16MB",
                ])
                proc = self._run("pg_ctl", "-D", str(self.datadir), "-l", str(self.logfile), "-w",
                                 "-t", str(self.start_timeout), "-o", opts, "start",
                                 timeout=self.start_timeout + 30)
                if proc.returncode == 0:
                    self._running = True
                    break
                last = RuntimeError(f"pg_ctl start failed (exit {proc.returncode}):\n{proc.stdout}\n"
                                    f"{proc.stderr}\n{self._log_tail()}".strip())
                self._run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "stop", timeout=60)
            if not self._running:
                assert last is not None
                raise last
            self._create_database()
        except BaseException:
            self.stop()
            raise
        self.url = f"postgresql+psycopg://{self.user}@{HOST}:{self.port}/{self.db}"
        return self.url

    def _create_database(self) -> None:
        import psycopg
        from psycopg import sql

        with psycopg.connect(host=HOST, port=self.port, user=self.user, dbname="postgres",
                             autocommit=True, connect_timeout=10) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.db)))

    def stop(self) -> None:
        """Stop the server (immediately: the data is throwaway) and delete its directory."""
        if self._running:
            with contextlib.suppress(Exception):
                self._run("pg_ctl", "-D", str(self.datadir), "-m", "fast", "-w", "-t", "30", "stop", timeout=60)
            self._running = False
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
