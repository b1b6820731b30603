"""The learned turn reader: what kind of message is this, with calibrated probabilities.

Features of one candidate message (all computed here, numpy only):

* its MiniLM sentence vector: the mean of the first ``LAYERS`` layers' token vectors of
  all-MiniLM-L6-v2 (the scorer's encoder, ``scoring/embedder.py``), at most ``MAX_TOKENS`` tokens
  (head and tail of a long message), L2-normalised;
* the cosine between that vector and the open question's (an answer talks about the question;
  a request talks about the interview);
* hashed character 3–5-grams of the folded text (accents, case and apostrophes folded): typos,
  SMS spellings and French morphology that an English encoder reads poorly;
* a few precise pattern features from ``turns.py`` (a cue of each kind, hedges, reasons, technical
  words, length, question form).

A softmax layer over these (``turn_model.npz``, trained by ``bench/train_turns.py``; its provenance
is stored inside the file) gives one probability per kind; a temperature fitted on cross-validated
predictions calibrates them. ``decide`` then reads the message: a clear answer is scored, a clear
request gets its reply, and when answer and request are both plausible the recruiter asks.
"""

from __future__ import annotations

import json
import logging
import threading
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..scoring.embedder import TokenEncoder
from . import turns as T

log = logging.getLogger("interview_bot")

MODEL_FILE = Path(__file__).with_name("turn_model.npz")
LAYERS = 2  # MiniLM layers run for the sentence vector (see docs/turns.md: accuracy vs time)
MAX_TOKENS = 32  # head and tail of a longer message: intents sit at either end
HEAD_TOKENS = 24
CHAR_DIM = 2048  # hashed character n-gram buckets
CHAR_HEAD, CHAR_TAIL = 400, 200  # characters of a long message the n-grams see
EMB_SCALE, COS_SCALE, CHAR_SCALE = 3.0, 3.0, 3.0  # feature block weights (fixed before training)


# ---- features -----------------------------------------------------------------------------------------


class _Encoder:
    """MiniLM with the weights the scorer ships, in fp32: all six layers for ``whole`` vectors, the first
    ``LAYERS`` layers for the reader's fast vector. Run by onnxruntime when it is installed (the same
    vectors as the numpy encoder to ~1e-6, about twice as fast on one short message: docs/turns.md),
    else by numpy. The six-layer encoder is the scorer's own when the scorer runs fp32."""

    def __init__(self) -> None:
        from ..scoring.embedder import DEFAULT_LAYERS

        self.full = _fp32_encoder(DEFAULT_LAYERS)
        self.model = _fp32_encoder(LAYERS)
        self.tok = self.full.tok

    def ids(self, text: str) -> list[int]:
        ids: list[int] = self.tok.encode(text).ids
        if len(ids) > MAX_TOKENS:
            ids = ids[:HEAD_TOKENS] + ids[len(ids) - (MAX_TOKENS - HEAD_TOKENS):]
        return ids

    def vector(self, text: str, whole: bool = False) -> np.ndarray:
        """``whole``: every layer over the first 256 tokens (MiniLM's own sentence embedding) instead of
        the reader's fast vector."""
        from ..scoring.embedder import MAX_TOKENS as WHOLE_TOKENS

        model = self.full if whole else self.model
        ids = np.array([self.tok.encode(text).ids[:WHOLE_TOKENS] if whole else self.ids(text)], dtype=np.int64)
        h = model._forward(ids, np.ones(ids.shape, dtype=np.int64))[0]
        v = h.mean(0)
        return (v / max(float(np.linalg.norm(v)), 1e-9)).astype(np.float32)


def _fp32_encoder(layers: int) -> TokenEncoder:
    """The process-wide fp32 encoder for ``layers``: the scorer's choice of runtime unless that is int8
    (the reader was trained on fp32 vectors); numpy when onnxruntime cannot run."""
    from ..scoring.embedder import _encoder_from_env, get_embedder

    choice = _encoder_from_env()
    if choice == "numpy":
        return get_embedder(layers, encoder="numpy")
    try:
        return get_embedder(layers, encoder="auto" if choice == "auto" else "onnx-fp32")
    except Exception as exc:  # noqa: BLE001 - onnxruntime present but unusable: numpy reads the same
        log.warning("turn reader: the ONNX encoder failed (%s); using the numpy MiniLM", type(exc).__name__)
        return get_embedder(layers, encoder="numpy")


_enc_lock = threading.Lock()


@lru_cache(maxsize=1)
def _encoder() -> _Encoder:
    return _Encoder()


def encoder() -> _Encoder:
    with _enc_lock:
        return _encoder()


def sentence_vector(text: str) -> np.ndarray:
    """Mean-pooled MiniLM vector of ``text`` (first ``LAYERS`` layers), L2-normalised."""
    return encoder().vector(text)


@lru_cache(maxsize=256)
def question_vector(question: str, whole: bool = False) -> np.ndarray:
    return encoder().vector(question, whole)


PATTERN_NAMES = (
    "repeat", "repeat_short", "clarify", "clarify_short", "hint", "hint_short", "skip", "skip_short",
    "end", "end_short", "dont_know", "dont_know_short", "role_question", "small_talk", "reasoned", "hedged",
    "question_form", "technical", "technical_count", "log_words", "very_short", "long", "rules_say_answer",
    "cue_then_content",
)


def pattern_features(text: str) -> np.ndarray:
    f = T._fold(text)
    n = len(f.split())
    reasoned = bool(T.REASON.search(f)) or T._statement_after_question(f)
    hedged = bool(T.HEDGE.search(f)) or bool(T.LIST_MARK.search(f))
    v: list[float] = []
    for pat in (T.REPEAT, T.CLARIFY, T.HINT, T.SKIP, T.END, T.DONT_KNOW):
        v += [bool(pat.search(f)), T._short(f, pat, 4, allow_domain=True)]
    domain = len(T.DOMAIN.findall(f))
    v += [T._candidate_question(f) is not None, T._other(f) is not None, reasoned, hedged, T._is_question(f),
          domain > 0, min(domain, 4) / 4, np.log1p(n) / 5, n <= 3, n > 30, T.classify(text).kind == "answer",
          _cue_then_content(f)]
    return np.asarray(v, dtype=np.float32)


_CUES = (T.REPEAT, T.CLARIFY, T.HINT, T.SKIP, T.END, T.DONT_KNOW)


def _cue_then_content(folded: str) -> bool:
    """A request cue, then a hedge or a reason, then words of its own ("I don't know exactly, but I
    think it retrieves…"): the shape of a hedged answer."""
    m = next((m for p in _CUES if (m := p.search(folded))), None)
    if m is None:
        return False
    rest = folded[m.end():]
    link = T.HEDGE.search(rest) or T.REASON.search(rest)
    return link is not None and len(T._residual(rest[link.end():])) >= 2


def char_features(text: str, dim: int = CHAR_DIM) -> np.ndarray:
    f = T._fold(text)
    if len(f) > CHAR_HEAD + CHAR_TAIL:
        f = f[:CHAR_HEAD] + " " + f[-CHAR_TAIL:]
    f = f" {f} "
    v = np.zeros(dim, dtype=np.float32)
    for n in (3, 4, 5):
        for i in range(len(f) - n + 1):
            v[zlib.crc32(f[i:i + n].encode()) % dim] = 1.0
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def features(text: str, question: str, vec: np.ndarray | None = None, qvec: np.ndarray | None = None) -> np.ndarray:
    """The feature row of one message under ``question`` (vectors may be passed when precomputed)."""
    vec = sentence_vector(text) if vec is None else vec
    qvec = (question_vector(question) if question else np.zeros_like(vec)) if qvec is None else qvec
    cos = float(vec @ qvec)
    return np.concatenate([vec * EMB_SCALE, pattern_features(text), [cos * COS_SCALE],
                           char_features(text) * CHAR_SCALE]).astype(np.float32)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


# ---- the model ----------------------------------------------------------------------------------------


class TurnModel:
    """Softmax head over ``features``; probabilities calibrated by a fitted temperature."""

    def __init__(self, path: Path = MODEL_FILE):
        with np.load(path, allow_pickle=False) as z:
            self.W = z["W"].astype(np.float32)
            self.b = z["b"].astype(np.float32)
            self.temperature = float(z["temperature"])
            self.kinds: tuple[str, ...] = tuple(str(k) for k in z["kinds"])
            self.ask_low = float(z["ask_low"])  # p(answer) from which a non-answer reading is asked about
            self.ask_high = float(z["ask_high"])  # p(answer) below which an answer reading is asked about
            self.meta = json.loads(str(z["meta"]))
        if self.W.shape[1] != len(self.kinds) or tuple(self.kinds) != T.TURN_KINDS:
            raise ValueError(f"{path}: kinds {self.kinds} do not match the reader's")

    def proba(self, text: str, question: str = "", vec: np.ndarray | None = None) -> dict[str, float]:
        x = features(text, question, vec)
        if x.shape[0] != self.W.shape[0]:
            raise ValueError(f"turn model expects {self.W.shape[0]} features, got {x.shape[0]}")
        p = softmax((x @ self.W + self.b) / self.temperature)
        return {k: float(v) for k, v in zip(self.kinds, p, strict=True)}


_model_lock = threading.Lock()


@lru_cache(maxsize=1)
def _load_model() -> TurnModel:
    return TurnModel()


def get_model() -> TurnModel:
    with _model_lock:
        return _load_model()


@dataclass(frozen=True)
class Decision:
    kind: T.TurnKind
    unsure: bool  # answer and request both plausible: ask before scoring
    p_answer: float
    proba: dict[str, float]


def hedged_answer(text: str) -> bool:
    """"Not sure, but I think it looks things up first": a don't-know cue, then a hedge or a reason,
    then content of its own. The patterns are precise here (no request was read as this shape on
    any labelled set), so it overrides a don't-know reading."""
    f = T._fold(text)
    m = T.DONT_KNOW.search(f)
    if m is None:
        return False
    rest = f[m.end():]
    link = T.HEDGE.search(rest) or T.REASON.search(rest)
    return link is not None and len(T._residual(rest[link.end():])) >= 3


def apply_rules(proba: dict[str, float], text: str) -> dict[str, float]:
    """The precise pattern that overrides the model: a hedged answer is an answer."""
    if max(proba, key=lambda k: proba[k]) == "dont_know" and hedged_answer(text) and T.classify(text).kind == "answer":
        return {**proba, "answer": proba["dont_know"], "dont_know": proba["answer"]}
    return proba


def decide(proba: dict[str, float], rule_kind: str, ask_low: float, ask_high: float) -> Decision:
    """The most probable kind, and whether to ask "shall I take that as your answer?" first.

    When the model and the precise patterns (``rule_kind``: ``turns.classify``) agree on a request,
    that is the reading. Otherwise an answer reading with p(answer) < ``ask_high``, or a request reading with
    p(answer) ≥ ``ask_low``, is asked about: a genuine answer is never acted on as a request unless
    the model is sure, and a request is not scored unless the model is sure."""
    kind: T.TurnKind = max(T.TURN_KINDS, key=lambda k: proba[k])
    p_ans = proba["answer"]
    if kind == rule_kind and kind != "answer":  # patterns are precise on cues, not on their default
        unsure = False
    elif kind == "answer":
        unsure = p_ans < ask_high
    else:
        unsure = p_ans >= ask_low
    return Decision(kind, unsure, p_ans, proba)
