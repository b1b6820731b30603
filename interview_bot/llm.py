"""The one place that builds chat models from settings."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from .config import Settings
from .errors import ConfigError, shown
from .i18n import t
from .providers import CREDENTIAL_LOGGERS, PROVIDERS, no_provider_message, scrub, split_model

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """``None`` for the offline backend; otherwise a ``ChatOpenAI`` for OpenAI or a compatible server,
    or any LangChain chat provider for ``--model provider:model`` (``init_chat_model``)."""
    if settings.backend == "offline":
        return None
    settings.check_backend()
    if settings.backend == "provider":
        return _provider_model(settings)
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


def _provider_model(settings: Settings) -> BaseChatModel:
    """``init_chat_model`` for "provider:model". The key is never passed (the provider's class reads its
    own variable), except OpenAI's, which the settings already hold as a ``SecretStr``."""
    parts = split_model(settings.model)
    if parts is None:  # check_backend said so already; kept for type checkers
        raise ConfigError(no_provider_message(settings.model, settings.language))
    provider, name = parts
    known = PROVIDERS.get(provider)
    label = known.label if known else provider
    kwargs: dict = {"temperature": settings.llm_temperature, "max_retries": 0}
    if provider == "ollama":  # ChatOllama ignores max_tokens/timeout: it has its own names for them
        kwargs["num_predict"] = settings.llm_max_tokens
        kwargs["client_kwargs"] = {"timeout": settings.llm_timeout}
    else:
        kwargs["max_tokens"] = settings.llm_max_tokens
        kwargs["timeout"] = settings.llm_timeout
    if settings.base_url:
        kwargs["base_url"] = settings.base_url
    if provider == "openai" and settings.openai_api_key:
        kwargs["api_key"] = settings.openai_api_key
    for logger_name in CREDENTIAL_LOGGERS:  # botocore logs signed headers at DEBUG
        logger = logging.getLogger(logger_name)
        if logger.getEffectiveLevel() < logging.INFO:
            logger.setLevel(logging.INFO)
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(name, model_provider=provider, **kwargs)
    except ImportError as exc:
        if known and known.extra:
            raise ConfigError(t("llm.needs_extra", settings.language, provider=label, extra=known.extra)) from None
        module = known.module if known else (exc.name or getattr(exc.__cause__, "name", None) or f"langchain_{provider}")
        package = module.split(".")[0].replace("_", "-")
        raise ConfigError(t("llm.needs_package", settings.language, provider=label, package=package)) from None
    except Exception as exc:  # any provider's own validation error, shown without a key
        error = shown(scrub(" ".join(str(exc).split())) or type(exc).__name__, 300)
        raise ConfigError(t("llm.build_failed", settings.language, provider=label, model=shown(name), error=error)) from None


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
