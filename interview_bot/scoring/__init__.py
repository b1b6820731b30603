"""Scoring: the offline MiniLM scorer, the LLM judge, and agreement metrics."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from ..config import Settings
    from ..llm import Breaker
    from .models import Scorer


def build_scorer(settings: Settings, model: BaseChatModel | None = None, breaker: Breaker | None = None) -> Scorer:
    """The offline scorer, wrapped by the LLM judge when a chat model is given."""
    from .offline import OfflineScorer

    offline = OfflineScorer(layers=settings.scorer_layers)
    if model is None:
        return offline
    from .judge import JudgeScorer

    return JudgeScorer(model, offline, retries=settings.llm_retries, breaker=breaker)
