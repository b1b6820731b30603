"""The chat providers interview_bot knows by name, for ``--model provider:model``.

Any provider of LangChain's ``init_chat_model`` works (``groq:…``, ``deepseek:…``, …); the ones listed
here also get a pip extra, a key check before the first call and a row in the README. The key is
never passed through interview_bot: each provider's own class reads its usual environment variable,
so it is never stored, logged or shown (see docs/providers.md).

This module imports nothing heavy: the settings use it to parse ``--model``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import shown
from .i18n import t


@dataclass(frozen=True)
class Provider:
    key: str  # the prefix in "provider:model", as init_chat_model spells it
    label: str  # how the report and the page name it
    module: str  # the LangChain integration package to import
    extra: str | None  # pip extra that installs it (None: part of the default install)
    keys: tuple[str, ...] = ()  # environment variables holding the key: one must be set (empty: none needed)
    also: tuple[str, ...] = ()  # other variables that must be set (e.g. Azure's endpoint)


PROVIDERS: dict[str, Provider] = {p.key: p for p in (
    Provider("openai", "OpenAI", "langchain_openai", None, ("OPENAI_API_KEY", "INTERVIEW_BOT_OPENAI_API_KEY")),
    Provider("anthropic", "Anthropic", "langchain_anthropic", "anthropic", ("ANTHROPIC_API_KEY",)),
    Provider("mistralai", "Mistral AI", "langchain_mistralai", "mistralai", ("MISTRAL_API_KEY",)),
    Provider("google_genai", "Google Gemini", "langchain_google_genai", "google", ("GOOGLE_API_KEY", "GEMINI_API_KEY")),
    Provider("azure_openai", "Azure OpenAI", "langchain_openai", None, ("AZURE_OPENAI_API_KEY",),
             ("AZURE_OPENAI_ENDPOINT", "OPENAI_API_VERSION")),
    Provider("ollama", "Ollama", "langchain_ollama", "ollama"),
    # AWS credentials come from boto3's usual chain (variables, ~/.aws, instance role): not checked here.
    Provider("bedrock_converse", "AWS Bedrock", "langchain_aws", "bedrock"),
)}


# Variables holding a secret, scrubbed from any error text we show: every key above, and AWS's.
SECRET_VARIABLES = tuple(k for p in PROVIDERS.values() for k in p.keys) + (
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
)
# Loggers that print request headers (credentials) at DEBUG: kept at INFO when such a provider is built.
CREDENTIAL_LOGGERS = ("botocore",)


def split_model(model: str) -> tuple[str, str] | None:
    """``"anthropic:claude-sonnet-4-5"`` → ``("anthropic", "claude-sonnet-4-5")``; ``None`` without a prefix.

    Only the first colon splits (``ollama:llama3.2:3b`` is Ollama's ``llama3.2:3b``). ``google-genai``
    is read as ``google_genai``, as LangChain does."""
    head, sep, rest = model.partition(":")
    if not sep or not rest.strip() or rest.startswith("/") or not head.replace("-", "_").replace("_", "").isalnum():
        return None
    return head.replace("-", "_").lower(), rest.strip()


def no_provider_message(model: str, lang: str) -> str:
    """The error for a --model that names no provider (the syntax shown is CLI text, the same in FR and EN)."""
    return t("llm.no_provider", lang, form="provider:model", example="anthropic:claude-sonnet-4-5",
             model=shown(model), known=", ".join(PROVIDERS))


def known_provider(model: str) -> Provider | None:
    """The listed provider ``model`` names with its prefix, if any."""
    parts = split_model(model)
    return PROVIDERS.get(parts[0]) if parts else None


def missing_variables(p: Provider, environ: dict[str, str] | None = None) -> list[str]:
    """The variables ``p`` needs that are unset or empty (for the key: all of its accepted names)."""
    env = os.environ if environ is None else environ
    missing = []
    if p.keys and not any(env.get(k, "").strip() for k in p.keys):
        missing.append(" / ".join(p.keys))
    missing += [v for v in p.also if not env.get(v, "").strip()]
    return missing


def scrub(text: str, environ: dict[str, str] | None = None) -> str:
    """``text`` with the value of every secret variable replaced by ``***`` (for error messages)."""
    env = os.environ if environ is None else environ
    for var in SECRET_VARIABLES:
        value = env.get(var, "").strip()
        if len(value) >= 4:
            text = text.replace(value, "***")
    return text
