"""Chat providers through ``init_chat_model``: --model parsing, settings that select them (old ones still
valid), clear errors (missing extra, package or key; FR and EN), the tripwire, and keys that never show."""

from __future__ import annotations

import importlib.util
import logging
import socket

import pytest
from langchain_core.language_models import FakeListChatModel

from interview_bot.config import Settings, load_settings
from interview_bot.errors import ConfigError
from interview_bot.i18n import t
from interview_bot.llm import build_chat_model
from interview_bot.providers import PROVIDERS, Provider, known_provider, missing_variables, scrub, split_model


@pytest.mark.parametrize(("model", "parts"), [
    ("anthropic:claude-sonnet-4-5", ("anthropic", "claude-sonnet-4-5")),
    ("ollama:llama3.2:3b", ("ollama", "llama3.2:3b")),
    ("google-genai:gemini-2.5-flash", ("google_genai", "gemini-2.5-flash")),
    ("gpt-4o-mini", None),
    ("anthropic:", None),
    ("http://host:8080", None),
])
def test_split_model(model, parts):
    assert split_model(model) == parts


def test_a_provider_prefix_selects_the_provider_backend(data_dir):
    s = Settings(model="anthropic:claude-sonnet-4-5", data_dir=data_dir)
    assert s.backend == "provider" and s.engine_name == "anthropic"
    assert "anthropic" in s.describe_backend()
    # an explicit backend wins; a colon in a plain model name (Ollama tags) selects nothing
    assert Settings(backend="offline", model="anthropic:claude-sonnet-4-5", data_dir=data_dir).backend == "offline"
    assert Settings(model="llama3:8b", data_dir=data_dir).backend == "offline"
    assert known_provider("llama3:8b") is None


def test_old_settings_stay_valid(data_dir, monkeypatch):
    s = load_settings(backend="openai-compatible", base_url="http://127.0.0.1:8080/v1", model="llama3:8b",
                      data_dir=data_dir)
    assert s.backend == "openai-compatible" and s.engine_name == "openai-compatible"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-old-style")
    s = load_settings(backend="openai", model="gpt-4o-mini", data_dir=data_dir)
    assert s.backend == "openai" and s.engine_name == "openai"
    assert load_settings(data_dir=data_dir).backend == "offline"


def test_provider_from_the_environment(data_dir, monkeypatch):
    monkeypatch.setenv("INTERVIEW_BOT_MODEL", "ollama:llama3.2")
    s = Settings(data_dir=data_dir)
    assert s.backend == "provider" and s.engine_name == "ollama"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_missing_key_names_the_variable(data_dir, lang):
    s = Settings(model="mistralai:mistral-small-latest", data_dir=data_dir, language=lang)
    if importlib.util.find_spec("langchain_mistralai") is None:
        pytest.skip("langchain-mistralai is not installed (the test extra installs it)")
    with pytest.raises(ConfigError) as exc:
        s.check_backend()
    assert str(exc.value) == t("llm.needs_variables", lang, provider="Mistral AI", variables="MISTRAL_API_KEY")
    with pytest.raises(ConfigError, match="MISTRAL_API_KEY"):
        build_chat_model(s)


def test_azure_needs_its_endpoint_too(data_dir, monkeypatch):
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "az-key-1234")
    with pytest.raises(ConfigError, match="AZURE_OPENAI_ENDPOINT, OPENAI_API_VERSION"):
        load_settings(model="azure_openai:gpt-4o-mini", data_dir=data_dir)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_missing_extra_names_the_extra(data_dir, monkeypatch, lang):
    monkeypatch.setitem(PROVIDERS, "nopkg", Provider("nopkg", "NoPkg", "interview_bot_no_such_package", "nopkg"))
    with pytest.raises(ConfigError) as exc:
        load_settings(model="nopkg:some-model", data_dir=data_dir, language=lang)
    assert str(exc.value) == t("llm.needs_extra", lang, provider="NoPkg", extra="nopkg")
    assert "pip install 'interview-bot[nopkg]'" in str(exc.value)


def test_an_unlisted_provider_without_its_package_names_the_package(data_dir):
    if importlib.util.find_spec("langchain_groq") is not None:
        pytest.skip("langchain-groq is installed here")
    # not listed: selected with --backend provider, its package checked when the model is built
    s = load_settings(backend="provider", model="groq:llama-3.3-70b", data_dir=data_dir)
    with pytest.raises(ConfigError, match="pip install langchain-groq"):
        build_chat_model(s)


def test_no_provider_prefix_is_a_clear_error(data_dir):
    with pytest.raises(ConfigError, match="provider:model"):
        load_settings(backend="provider", model="claude-sonnet-4-5", data_dir=data_dir)


def test_missing_variables_and_scrub():
    p = PROVIDERS["google_genai"]
    assert missing_variables(p, {}) == ["GOOGLE_API_KEY / GEMINI_API_KEY"]
    assert missing_variables(p, {"GEMINI_API_KEY": "g-123"}) == []
    assert missing_variables(PROVIDERS["ollama"], {}) == []
    assert scrub("bad key sk-ant-9876 rejected", {"ANTHROPIC_API_KEY": "sk-ant-9876"}) == "bad key *** rejected"


def test_tripwire_guards_every_network_chat_model():
    from langchain_openai import AzureChatOpenAI, ChatOpenAI

    with pytest.raises(AssertionError, match="real chat model"):
        ChatOpenAI(model="gpt-4o-mini", api_key="sk-x")
    with pytest.raises(AssertionError, match="real chat model"):
        AzureChatOpenAI(model="gpt-4o-mini", api_key="sk-x", azure_endpoint="http://127.0.0.1:9", api_version="v")
    for module, cls in [("langchain_anthropic", "ChatAnthropic"), ("langchain_ollama", "ChatOllama")]:
        if importlib.util.find_spec(module) is not None:
            klass = getattr(importlib.import_module(module), cls)
            with pytest.raises(AssertionError, match="real chat model"):
                klass(model="m")
    assert FakeListChatModel(responses=["fine"]).invoke("x").content == "fine"  # fakes still build


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SECRET = "sk-test-SECRET-4711-never-shown"
# (model, environment, path after the base URL); each provider reads SECRET from its own variable
CASES = [
    ("anthropic:claude-sonnet-4-5", {"ANTHROPIC_API_KEY": SECRET}, ""),
    ("mistralai:mistral-small-latest", {"MISTRAL_API_KEY": SECRET}, "/v1"),
    ("google_genai:gemini-2.5-flash", {"GOOGLE_API_KEY": SECRET}, ""),
    ("openai:gpt-4o-mini", {"OPENAI_API_KEY": SECRET}, "/v1"),
    ("azure_openai:gpt-4o-mini", {"AZURE_OPENAI_API_KEY": SECRET, "OPENAI_API_VERSION": "2024-10-21"}, None),
    ("bedrock_converse:anthropic.claude-3-haiku-20240307-v1:0",
     {"AWS_ACCESS_KEY_ID": SECRET, "AWS_SECRET_ACCESS_KEY": SECRET + "-2", "AWS_DEFAULT_REGION": "eu-west-1"}, ""),
]


@pytest.mark.builds_real_model
@pytest.mark.parametrize(("model", "env", "path"), CASES, ids=[c[0].split(":")[0] for c in CASES])
def test_key_from_the_environment_never_shows(data_dir, monkeypatch, caplog, model, env, path):
    """The provider's class reads the key; a failed call (a closed port on 127.0.0.1) leaves it out of
    the model's repr, the error and every log line, even at DEBUG."""
    p = known_provider(model)
    assert p is not None
    if importlib.util.find_spec(p.module) is None:
        pytest.skip(f"{p.module} is not installed (the test extra installs it)")
    url = f"http://127.0.0.1:{_closed_port()}"
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    if path is None:
        monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", url)
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "openai", "anthropic", "google_genai", "botocore", "urllib3", "langchain"):
        caplog.set_level(logging.DEBUG, logger=name)  # whatever an earlier test configured
    s = load_settings(model=model, base_url=None if path is None else url + path, llm_timeout=5, data_dir=data_dir)
    chat = build_chat_model(s)
    assert chat is not None and type(chat).__module__.startswith(p.module)
    assert model.split(":", 1)[1] in repr(chat)  # the model name reached the provider's class
    with pytest.raises(Exception) as exc:  # noqa: B017 - each SDK has its own connection error
        chat.invoke("hello")
    shown = [repr(chat), str(chat), str(exc.value), repr(exc.value), caplog.text, s.describe_backend(), repr(s)]
    assert caplog.text  # the SDKs did log at DEBUG: the check below looked at something
    assert not [text for text in shown if SECRET in text]


@pytest.mark.builds_real_model
def test_a_provider_error_never_echoes_the_key(data_dir, monkeypatch):
    """A provider's own validation error is shown (first 300 characters) with every key scrubbed."""
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    s = load_settings(model="openai:gpt-4o-mini", data_dir=data_dir)
    import langchain.chat_models as chat_models

    def failing(*args, **kwargs):
        raise ValueError(f"the key {SECRET} was refused")

    monkeypatch.setattr(chat_models, "init_chat_model", failing)
    with pytest.raises(ConfigError) as exc:
        build_chat_model(s)
    assert SECRET not in str(exc.value) and "the key *** was refused" in str(exc.value)


@pytest.mark.builds_real_model
def test_settings_reach_the_provider_class(data_dir, monkeypatch):
    """Max tokens, timeout and temperature reach each class under its own name (Ollama has its own)."""
    if importlib.util.find_spec("langchain_ollama") is None:
        pytest.skip("langchain-ollama is not installed (the test extra installs it)")
    s = load_settings(model="ollama:llama3.2:3b", llm_max_tokens=321, llm_timeout=7, llm_temperature=0.1,
                      base_url="http://127.0.0.1:11434", data_dir=data_dir)
    chat = build_chat_model(s)
    assert (chat.model, chat.num_predict, chat.client_kwargs, chat.temperature, chat.base_url) == (
        "llama3.2:3b", 321, {"timeout": 7.0}, 0.1, "http://127.0.0.1:11434")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-abcd")
    chat = build_chat_model(load_settings(model="openai:gpt-4o-mini", llm_max_tokens=321, llm_timeout=7,
                                          data_dir=data_dir))
    assert (chat.model_name, chat.max_tokens, chat.request_timeout, chat.max_retries) == ("gpt-4o-mini", 321, 7.0, 0)


def test_the_readme_and_the_docs_list_every_provider():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    doc = (root / "docs" / "providers.md").read_text(encoding="utf-8")
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    for p in PROVIDERS.values():
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{p.key}:")), None)
        assert row, f"README.md has no row for {p.key}"
        doc_row = next((line for line in doc.splitlines() if f"| `{p.key}:" in line), None)
        assert doc_row, f"docs/providers.md has no row for {p.key}"
        for var in p.keys[:1] + p.also:
            assert var in row and var in doc_row, f"{p.key}: {var} missing from a table"
        if p.extra:
            assert f".[{p.extra}]" in row and f"`{p.extra}`" in doc_row
            assert f"\n{p.extra} = [" in pyproject, f"pyproject.toml has no '{p.extra}' extra"
