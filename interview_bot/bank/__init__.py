"""The question bank: shipped YAML plus user directories, reloaded when a file's content changes.

User folders may be shared by several replicas (a network volume): a change there is detected by
the files' content (SHA-256), not by their modification time, on every call (a user bank is a few
small files). The shipped folders are checked by size and modification time. Every problem of a reloaded bank is logged once, so a refused file is never
skipped silently.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from pathlib import Path

from ..config import Settings, shipped_dir
from .loader import YAML_SUFFIXES, Bank, Problem, load_bank
from .schema import Question, Rubric

__all__ = ["Bank", "Problem", "Question", "Rubric", "current_bank", "shipped_paths"]

log = logging.getLogger("interview_bot.bank")

_lock = threading.Lock()
_cache: dict[tuple, Bank] = {}


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


def current_bank(settings: Settings) -> Bank:
    """The merged bank; re-read only when a YAML file was added, removed or changed."""
    user = settings.all_user_bank_dirs
    key = (tuple(map(str, shipped_paths())), tuple(map(str, user)),
           _signature(shipped_paths(), by_content=False), _signature(user, by_content=True))
    with _lock:
        bank = _cache.get(key)
        if bank is None:
            bank = load_bank(shipped_paths(), override_paths=user)
            _log_problems(bank)
            _cache.clear()
            _cache[key] = bank
        return bank
