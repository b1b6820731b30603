"""The scorer's encoders: numpy MiniLM and the same weights as an ONNX graph run by onnxruntime.

The ONNX graphs are built once per test session into a temporary cache (a few seconds each)."""

from __future__ import annotations

import logging
import os
import stat

import numpy as np
import pytest

from interview_bot.errors import ConfigError
from interview_bot.scoring import embedder as emb_mod
from interview_bot.scoring import onnx_encoder
from interview_bot.scoring.embedder import MAX_TOKENS, MiniLM, get_embedder
from interview_bot.scoring.onnx_encoder import OnnxMiniLM

TEXTS = [
    "Le pipeline a deux phases. Hors ligne, on découpe les documents en chunks ; en ligne, on récupère "
    "les k chunks les plus proches et on cite ses sources, sans réentraîner le modèle.",
    "Prompt injection has no complete fix: treat retrieved text as untrusted, keep tools least-privileged, "
    "and require a human confirmation before any irreversible action.",
    "ok",
    "",
    # longer than one 256-token window: exercises the window split and the reassembly by offsets
    " ".join(f"token{i} retrieval embeddings" for i in range(140)),
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("encoder-cache")


@pytest.fixture(scope="module")
def numpy_enc():
    return MiniLM()


@pytest.fixture(scope="module")
def fp32(cache):
    return OnnxMiniLM(variant="fp32", cache=cache)


@pytest.fixture(scope="module")
def int8(cache):
    return OnnxMiniLM(variant="int8", cache=cache)


@pytest.fixture(scope="module")
def reference(numpy_enc):
    return numpy_enc.encode_tokens_batch(TEXTS)


def _same_tokens(a, b):
    assert a.tokens == b.tokens
    assert a.offsets == b.offsets
    assert a.word_start == b.word_start
    assert a.vectors.shape == b.vectors.shape and a.vectors.dtype == b.vectors.dtype == np.float32


def test_long_text_really_spans_windows(reference):
    assert len(reference[4].tokens) > MAX_TOKENS


def test_fp32_matches_numpy(fp32, reference):
    out = fp32.encode_tokens_batch(TEXTS)
    for a, b in zip(reference, out, strict=True):
        _same_tokens(a, b)
        if len(a.tokens):
            # exact erf GELU vs numpy's tanh form, and summation order: measured max 8e-4 (docs/speed.md)
            assert np.abs(a.vectors - b.vectors).max() < 3e-3
            assert np.allclose(np.linalg.norm(b.vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.slow  # quantising the graph takes ~25 s; int8 is an opt-in encoder
def test_int8_close_to_numpy(int8, reference):
    out = int8.encode_tokens_batch(TEXTS)
    for a, b in zip(reference, out, strict=True):
        _same_tokens(a, b)
        if len(a.tokens):
            cos = (a.vectors * b.vectors).sum(1)
            assert cos.mean() > 0.97 and cos.min() > 0.85


@pytest.mark.slow
def test_int8_is_not_secretly_fp32(fp32, int8):
    a = fp32.encode_tokens(TEXTS[1]).vectors
    b = int8.encode_tokens(TEXTS[1]).vectors
    assert np.abs(a - b).max() > 1e-3  # quantisation changes the vectors: the figures we publish are real
    assert int8.file.stat().st_size < fp32.file.stat().st_size * 0.8  # int8 weights in the attention and FFN-in


def test_cache_files_private_and_reused(fp32, cache, monkeypatch):
    assert fp32.file.parent == cache
    assert stat.S_IMODE(fp32.file.stat().st_mode) == 0o600
    assert stat.S_IMODE(fp32.check_file.stat().st_mode) == 0o600
    assert fp32.check["max_cosine_distance"] < onnx_encoder.MAX_PROBE_DISTANCE["fp32"]
    assert not [p for p in fp32.file.parent.iterdir() if p.name.startswith(".")]  # no temporary left behind

    def no_build(self, src):
        raise AssertionError("rebuilt although the cached file was valid")

    monkeypatch.setattr(OnnxMiniLM, "_build", no_build)
    again = OnnxMiniLM(variant="fp32", cache=cache)
    assert again.file == fp32.file


def test_new_weights_digest_means_a_new_file(tmp_path, monkeypatch):
    first = OnnxMiniLM(variant="fp32", cache=tmp_path, layers=0)
    monkeypatch.setattr(onnx_encoder, "weights_digest", lambda path: "f" * 64)
    other = OnnxMiniLM(variant="fp32", cache=tmp_path, layers=0)
    assert other.file != first.file and "ffffffffffffffff" in other.file.name
    assert other.file.exists() and first.file.exists()


def test_weights_digest_is_content_hash(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(b"weights v1")
    b.write_bytes(b"weights v2")
    assert onnx_encoder.weights_digest(a) != onnx_encoder.weights_digest(b)
    assert len(onnx_encoder.weights_digest(a)) == 64


def test_damaged_cache_file_is_rebuilt(tmp_path, reference):
    first = OnnxMiniLM(variant="fp32", cache=tmp_path, layers=1)
    first.file.write_bytes(b"not an onnx file")
    os.chmod(first.file, 0o600)
    second = OnnxMiniLM(variant="fp32", cache=tmp_path, layers=1)
    assert second.file.stat().st_size > 1000
    ref = MiniLM(layers=1).encode_tokens(TEXTS[0]).vectors
    assert np.abs(second.encode_tokens(TEXTS[0]).vectors - ref).max() < 3e-3


def test_threads_setting_reaches_the_session(tmp_path):
    enc = OnnxMiniLM(variant="fp32", cache=tmp_path, layers=0, threads=2)
    assert enc.session.get_session_options().intra_op_num_threads == 2


def test_falls_back_to_numpy_without_onnxruntime(monkeypatch, caplog):
    monkeypatch.setattr(onnx_encoder, "available", lambda: False)
    emb_mod._load.cache_clear()
    try:
        with caplog.at_level(logging.INFO, logger="interview_bot.scoring"):
            enc = get_embedder(layers=0, encoder="auto")
        assert isinstance(enc, MiniLM)
        assert "onnxruntime/onnx not installed" in caplog.text
    finally:
        emb_mod._load.cache_clear()


def test_encoder_choice_validated(monkeypatch):
    with pytest.raises(ConfigError):
        get_embedder(encoder="gpu")
    monkeypatch.setenv(emb_mod.ENV_ENCODER, "fastest")
    with pytest.raises(ConfigError, match="INTERVIEW_BOT_SCORER_ENCODER"):
        get_embedder()
    monkeypatch.setenv(emb_mod.ENV_ENCODER, "numpy")
    monkeypatch.setenv(emb_mod.ENV_THREADS, "two")
    with pytest.raises(ConfigError, match="INTERVIEW_BOT_SCORER_THREADS"):
        get_embedder()


def test_env_selects_numpy(monkeypatch):
    monkeypatch.setenv(emb_mod.ENV_ENCODER, "numpy")
    assert get_embedder(layers=0).name == "minilm-numpy"


def test_loading_caps_blas_threads_for_the_process(monkeypatch):
    from threadpoolctl import threadpool_info, threadpool_limits

    emb_mod._load.cache_clear()
    try:
        with threadpool_limits(2, user_api="blas"):  # restored on exit, whatever the encoder set
            get_embedder(layers=0, encoder="numpy", threads=1)
            blas = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
            assert blas and all(n == 1 for n in blas)
    finally:
        emb_mod._load.cache_clear()


def test_prebuild_command_reports_the_file_and_its_check(tmp_path, monkeypatch, capsys):
    import json

    monkeypatch.setenv(onnx_encoder.ENV_CACHE, str(tmp_path))
    assert onnx_encoder.main(["--variant", "fp32", "--layers", "0"]) == 0
    row = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert row["encoder"] == "minilm-onnx-fp32" and row["layers"] == 0
    assert row["file"].startswith(str(tmp_path / "encoder")) and row["max_cosine_distance"] < 1e-3
