"""The one place that builds chat models from settings."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .config import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """``None`` for the offline backend; otherwise a ``ChatOpenAI`` for OpenAI or a compatible server."""
    if settings.backend == "offline":
        return None
    settings.check_backend()
    from langchain_openai import ChatOpenAI

    kwargs: dict = {
        "model": settings.model,
        "timeout": settings.llm_timeout,
        "max_retries": 0,  # retries are the chain's job (with_retry), so failures fall back quickly
        "temperature": settings.llm_temperature,
    }
    if settings.backend == "openai":
        kwargs["api_key"] = settings.openai_api_key
        kwargs["max_tokens"] = settings.llm_max_tokens
    else:
        kwargs["base_url"] = settings.base_url
        kwargs["api_key"] = settings.openai_api_key or "not-needed"
        # Many compatible servers (llama.cpp among them) ignore max_completion_tokens, which is what
        # ChatOpenAI sends for max_tokens: pass the classic field too.
        kwargs["extra_body"] = {"max_tokens": settings.llm_max_tokens}
    return ChatOpenAI(**kwargs)


class Breaker:
    """A circuit breaker for the LLM backend, shared by the recruiter and the judge of a service.

    After ``threshold`` consecutive failures (error, timeout, junk) the backend is skipped for
    ``cooldown`` seconds: the interview runs offline at full speed instead of waiting for a dead or
    slow server on every turn, then the LLM is tried again."""

    def __init__(self, threshold: int = 2, cooldown: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.threshold, self.cooldown, self.clock = threshold, cooldown, clock
        self._fails = 0
        self._open_until = 0.0
        self._lock = threading.Lock()

    def allow(self) -> bool:
        with self._lock:
            return self.clock() >= self._open_until

    def seconds_left(self) -> int:
        with self._lock:
            return max(0, int(self._open_until - self.clock() + 0.999))

    def record(self, ok: bool) -> None:
        with self._lock:
            if ok:
                self._fails = 0
                return
            self._fails += 1
            if self._fails >= self.threshold:
                self._open_until = self.clock() + self.cooldown
                self._fails = 0
