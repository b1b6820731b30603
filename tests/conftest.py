"""Shared fixtures. Offline by default: a tripwire fails any test that builds a real network chat
model (ChatOpenAI) unless it is marked ``llm_server`` (those talk to a llama.cpp server on 127.0.0.1).
Every test gets its own data directory and SQLite database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REQUIRE_ALL = os.environ.get("INTERVIEW_BOT_REQUIRE_ALL_TIERS") == "1"


def skip_or_fail(reason: str) -> None:
    """Missing tier dependencies skip locally but fail in CI (where every tier must run)."""
    if REQUIRE_ALL:
        pytest.fail(f"required test tier unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _no_real_models(request, monkeypatch, tmp_path):
    # Settings built without a data dir must never touch the user's real data directory.
    monkeypatch.setenv("INTERVIEW_BOT_DATA_DIR", str(tmp_path / "default-data-dir"))
    if request.node.get_closest_marker("llm_server"):
        return
    import langchain_openai

    def tripwire(*args, **kwargs):
        raise AssertionError("a test tried to build a real ChatOpenAI model; use a fake chat model")

    monkeypatch.setattr(langchain_openai.ChatOpenAI, "__init__", tripwire)
    for var in ("OPENAI_API_KEY", "INTERVIEW_BOT_OPENAI_API_KEY", "INTERVIEW_BOT_BACKEND", "INTERVIEW_BOT_BASE_URL"):
        monkeypatch.delenv(var, raising=False)


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
