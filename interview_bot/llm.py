"""The one place that builds chat models from settings."""

from __future__ import annotations

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
