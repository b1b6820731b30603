"""Which part of the role profile a candidate's question is about, read by meaning.

A softmax head (``role_router.npz``, trained by ``bench/train_turns.py`` on the ``tune`` part of
``eval/turns/role-questions.jsonl``) over the message's MiniLM sentence embedding, its hashed character
n-grams and the topic cues of ``turns.py``. Sections: the profile's (``missions``, ``stack``, ``team``,
``process``, ``remote``, ``salary``, ``scoring``, ``duration``) and ``remaining`` (questions left,
answered from the session), and ``general`` (anything else: the profile's general text).
"""

from __future__ import annotations

import json
import logging
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import turn_model as TM
from . import turns as T

ROUTER_FILE = Path(__file__).with_name("role_router.npz")
SECTIONS = ("missions", "stack", "team", "process", "remote", "salary", "scoring", "duration", "remaining", "general")

log = logging.getLogger("interview_bot")


CUE_SCALE = 3.0


def router_features(text: str, vec: np.ndarray | None = None) -> np.ndarray:
    """MiniLM's own sentence embedding (all six layers: only candidate questions are routed, so the
    time is spent rarely), the topic cues and hashed character n-grams."""
    vec = TM.encoder().vector(text, whole=True) if vec is None else vec
    f = T._fold(text)
    cues = [bool(p.search(f)) for p in T.CQ_TOPICS.values()]
    return np.concatenate([vec * TM.EMB_SCALE, np.asarray(cues, dtype=np.float32) * CUE_SCALE,
                           TM.char_features(text) * TM.CHAR_SCALE]).astype(np.float32)


class Router:
    def __init__(self, path: Path = ROUTER_FILE):
        with np.load(path, allow_pickle=False) as z:
            self.W = z["W"].astype(np.float32)
            self.b = z["b"].astype(np.float32)
            self.sections = tuple(str(s) for s in z["sections"])
            self.meta = json.loads(str(z["meta"]))

    def proba(self, text: str) -> dict[str, float]:
        p = TM.softmax(router_features(text) @ self.W + self.b)
        return {s: float(v) for s, v in zip(self.sections, p, strict=True)}

    def route(self, text: str) -> str:
        p = self.proba(text)
        return max(p, key=lambda s: p[s])


_lock = threading.Lock()


@lru_cache(maxsize=1)
def _router() -> Router:
    return Router()


def route(text: str) -> str:
    """The profile section (or ``remaining`` / ``general``) a candidate question is about."""
    try:
        with _lock:
            router = _router()
        return router.route(text)
    except Exception as exc:  # noqa: BLE001 - no model or encoder: the topic cues decide
        log.info("role router unavailable (%s): topic cues used", type(exc).__name__)
        return T.cue_for("candidate_question", text)
