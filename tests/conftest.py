"""Shared fixtures. Offline by default: a tripwire fails any test that builds a real chat model (any
``BaseChatModel`` that is not one of LangChain's fakes or a class defined in tests/) unless it is marked
``llm_server`` (those talk to a llama.cpp server on 127.0.0.1) or ``builds_real_model`` (it builds a
provider's model object to inspect it, and sends nothing but to a closed port on 127.0.0.1).
Every test gets its own data directory and SQLite database."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REQUIRE_ALL = os.environ.get("INTERVIEW_BOT_REQUIRE_ALL_TIERS") == "1"
TESTS_DIR = Path(__file__).resolve().parent
# Every variable a chat provider reads its key or endpoint from: tests never see the developer's own.
PROVIDER_VARIABLES = (
    "OPENAI_API_KEY", "INTERVIEW_BOT_OPENAI_API_KEY", "INTERVIEW_BOT_BACKEND", "INTERVIEW_BOT_BASE_URL",
    "INTERVIEW_BOT_MODEL", "ANTHROPIC_API_KEY", "MISTRAL_API_KEY", "GOOGLE_API_KEY", "GEMINI_API_KEY",
    "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION", "OLLAMA_HOST",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION",
)


def skip_or_fail(reason: str) -> None:
    """Missing tier dependencies skip locally but fail in CI (where every tier must run)."""
    if REQUIRE_ALL:
        pytest.fail(f"required test tier unavailable: {reason}")
    pytest.skip(reason)


def _is_fake(cls: type) -> bool:
    """A chat model class that cannot reach a network: every class in its ancestry up to ``BaseChatModel``
    comes from langchain-core (its fakes, ``SimpleChatModel``) or from tests/."""
    from langchain_core.language_models import BaseChatModel

    for klass in cls.__mro__:
        if klass is BaseChatModel:
            return True
        module = klass.__module__
        if module.startswith("langchain_core."):  # its fakes and bases; langchain-core has no network model
            continue
        file = getattr(sys.modules.get(module), "__file__", None) or ""
        if not Path(file).resolve().is_relative_to(TESTS_DIR):
            return False
    return True


@pytest.fixture(autouse=True)
def _no_real_models(request, monkeypatch, tmp_path):
    # Settings built without a data dir must never touch the user's real data directory.
    monkeypatch.setenv("INTERVIEW_BOT_DATA_DIR", str(tmp_path / "default-data-dir"))
    if request.node.get_closest_marker("llm_server"):
        return
    for var in PROVIDER_VARIABLES:
        monkeypatch.delenv(var, raising=False)
    if request.node.get_closest_marker("builds_real_model"):
        return
    from langchain_core.language_models import BaseChatModel

    build = BaseChatModel.__init__

    def tripwire(self, *args, **kwargs):
        if not _is_fake(type(self)):
            raise AssertionError(
                f"a test tried to build a real chat model ({type(self).__module__}.{type(self).__name__}); "
                "use a fake chat model"
            )
        build(self, *args, **kwargs)

    monkeypatch.setattr(BaseChatModel, "__init__", tripwire)


@pytest.fixture(autouse=True)
def _no_background_prepare(monkeypatch):
    """The engine prepares each question it puts for scoring in a background thread; the suite's many
    short, mostly unanswered sessions only lose CPU to it. tests/test_prepare_question.py turns it on."""
    from interview_bot.interview import engine

    monkeypatch.setattr(engine, "BACKGROUND_PREPARE", False)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def settings(data_dir: Path):
    from interview_bot.config import Settings

    return Settings(data_dir=data_dir, language="en", questions=3)


@pytest.fixture(scope="session")
def shared_scorer():
    from interview_bot.scoring.offline import OfflineScorer

    return OfflineScorer()


@pytest.fixture
def service(settings, shared_scorer):
    from interview_bot.interview.service import InterviewService

    return InterviewService(settings, scorer=shared_scorer)


@pytest.fixture(scope="session")
def bank():
    from interview_bot.bank import current_bank
    from interview_bot.config import Settings

    return current_bank(Settings(data_dir=Path("/nonexistent-interview-bot")))


@pytest.fixture(scope="session")
def pg_url():
    """One throwaway PostgreSQL cluster for the whole run (tests/pg_server.py)."""
    from pg_server import TempPostgres, pg_unavailable_reason

    reason = pg_unavailable_reason()
    if reason:
        skip_or_fail(f"PostgreSQL is unavailable: {reason}")
    with TempPostgres() as url:
        yield url
        from interview_bot.store import Store

        Store(url).engine.dispose()  # close pooled connections before the server stops


# The browser tiers' fixtures (``browser``, ``page``: headless Chromium), shared by every browser test module.
from browser_helpers import browser, page  # noqa: E402, F401
