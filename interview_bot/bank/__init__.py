"""The question bank: shipped YAML plus user directories, reloaded when a file's content changes.

User folders may be shared by several replicas (a network volume): a change there is detected by
the files' content (SHA-256), not by their modification time, on every call (a user bank is a few
small files). The shipped folders are checked by size and modification time. Every problem of a reloaded bank is logged once, so a refused file is never
skipped silently.

A reload parses only the files whose content changed (``loader``), in a background thread: a caller that
passes ``wait`` (the server, on every request) waits at most that long for it and otherwise keeps the
bank it had, so a big file dropped in a bank folder never stalls a candidate (issue 19).
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FuturesTimeout
from pathlib import Path

from ..config import Settings, shipped_dir
from .loader import YAML_SUFFIXES, Bank, Problem, load_bank
from .schema import Question, Rubric

__all__ = ["RELOAD_WAIT_S", "Bank", "Problem", "Question", "Rubric", "current_bank", "shipped_paths"]

log = logging.getLogger("interview_bot.bank")

_lock = threading.Lock()
_banks: dict[tuple, tuple[tuple, Bank]] = {}  # bank folders -> (their signature, the bank loaded from them)
_loading: dict[tuple, tuple[tuple, Future]] = {}  # bank folders -> (signature being loaded, its result)
_MAX_BANKS = 8
RELOAD_WAIT_S = 0.5  # how long a request waits for a reload before going on with the previous bank


def shipped_paths() -> list[Path]:
    return [shipped_dir("rubrics"), shipped_dir("question_bank")]


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if root.is_dir():
        return sorted(f for f in root.rglob("*") if f.suffix in YAML_SUFFIXES and f.is_file())
    return []


def _signature(paths: list[Path], *, by_content: bool) -> tuple:
    sig: list[tuple] = []
    for root in paths:
        for f in _files(root):
            try:
                if by_content:
                    sig.append((str(f), hashlib.sha256(f.read_bytes()).hexdigest()))
                else:
                    st = f.stat()
                    sig.append((str(f), st.st_mtime_ns, st.st_size))
            except OSError:
                continue
    return tuple(sig)


def _log_problems(bank: Bank) -> None:
    for p in bank.problems:
        if p.severity == "error":
            log.warning("bank file refused or incomplete: %s", p)
        else:
            log.info("bank: %s", p)


def current_bank(settings: Settings, *, wait: float | None = None) -> Bank:
    """The merged bank; re-read only when a YAML file was added, removed or changed.

    With ``wait`` (seconds), a changed bank is loaded in the background: the call that notices the change
    waits at most that long for it, then it and every call until the load ends get the previous bank
    from the same folders. Without ``wait``, or the first time, the call waits for the load."""
    user = settings.all_user_bank_dirs
    folders = (tuple(map(str, shipped_paths())), tuple(map(str, user)))
    sig = (_signature(shipped_paths(), by_content=False), _signature(user, by_content=True))
    with _lock:
        have = _banks.get(folders)
        if have is not None and have[0] == sig:
            return have[1]
        job = _loading.get(folders)
        started = job is None or job[0] != sig
        if started:
            job = (sig, Future())
            _loading[folders] = job
            if have is not None:
                log.info("bank files changed: reloading them in the background")
            threading.Thread(target=_load, args=(folders, job, user), name="bank-reload", daemon=True).start()
    assert job is not None
    if have is None or wait is None:
        return job[1].result()
    try:  # only the call that noticed the change waits (once), the others go on with the previous bank
        return job[1].result(timeout=wait if started else 0)
    except FuturesTimeout:
        return have[1]


def _load(folders: tuple, job: tuple[tuple, Future], user: list[Path]) -> None:
    sig, fut = job
    t0 = time.perf_counter()
    try:
        bank = load_bank(shipped_paths(), override_paths=user)
        _log_problems(bank)
    except BaseException as exc:  # noqa: BLE001 - handed to whoever waits for it
        with _lock:
            if _loading.get(folders) is job:
                del _loading[folders]
        fut.set_exception(exc)
        return
    with _lock:
        if _loading.get(folders) is job:  # not overtaken by a newer change meanwhile
            del _loading[folders]
            _banks.pop(folders, None)
            _banks[folders] = (sig, bank)
            while len(_banks) > _MAX_BANKS:
                _banks.pop(next(iter(_banks)))
    log.debug("bank loaded in %.2f s", time.perf_counter() - t0)
    fut.set_result(bank)
