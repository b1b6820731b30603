"""The question bank: shipped YAML plus user directories, reloaded when a file changes."""

from __future__ import annotations

import threading
from pathlib import Path

from ..config import Settings, shipped_dir
from .loader import Bank, Problem, load_bank
from .schema import Question, Rubric

__all__ = ["Bank", "Problem", "Question", "Rubric", "current_bank", "shipped_paths"]

_lock = threading.Lock()
_cache: dict[tuple, Bank] = {}


def shipped_paths() -> list[Path]:
    return [shipped_dir("rubrics"), shipped_dir("question_bank")]


def _signature(paths: list[Path]) -> tuple:
    sig = []
    for root in paths:
        if root.is_dir():
            for f in sorted(root.rglob("*.y*ml")):
                try:
                    st = f.stat()
                    sig.append((str(f), st.st_mtime_ns, st.st_size))
                except OSError:
                    continue
        elif root.is_file():
            st = root.stat()
            sig.append((str(root), st.st_mtime_ns, st.st_size))
    return tuple(sig)


def current_bank(settings: Settings) -> Bank:
    """The merged bank; re-read only when a YAML file was added, removed or changed."""
    user = settings.all_user_bank_dirs
    key = (tuple(map(str, shipped_paths())), tuple(map(str, user)), _signature(shipped_paths() + user))
    with _lock:
        bank = _cache.get(key)
        if bank is None:
            bank = load_bank(shipped_paths(), override_paths=user)
            _cache.clear()
            _cache[key] = bank
        return bank
