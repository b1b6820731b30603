"""Typed settings, built on demand (never at import): env vars prefixed ``INTERVIEW_BOT_``,
overridden by CLI flags or constructor arguments.

The API key is a ``SecretStr``: it is never logged, stored or shown. Other providers' keys are never
read here: their own LangChain classes read them from their usual variables (``providers.py``).
"""

from __future__ import annotations

import importlib.util
import ipaddress
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from .errors import ConfigError
from .i18n import t
from .providers import PROVIDERS, known_provider, missing_variables, no_provider_message, split_model

# "provider": any LangChain chat provider, named by --model provider:model (providers.py). A --model
# with a known provider prefix selects it when no backend is set.
Backend = Literal["offline", "openai", "openai-compatible", "provider"]
PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def shipped_dir(name: str) -> Path:
    """``question_bank`` / ``rubrics`` / ``eval``: next to the package in a checkout, inside it in a wheel."""
    for candidate in (REPO_DIR / name, PACKAGE_DIR / "_data" / name):
        if candidate.is_dir():
            return candidate
    return REPO_DIR / name


def default_data_dir() -> Path:
    """The user's data directory (e.g. ~/.local/share/interview-bot on Linux), whatever the current
    directory: every command finds the same database. INTERVIEW_BOT_DATA_DIR or --data-dir override it."""
    from platformdirs import user_data_path

    return user_data_path("interview-bot", appauthor=False)


def _split_csv(value: Any) -> Any:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="INTERVIEW_BOT_", env_ignore_empty=True, extra="ignore", validate_default=True,
        populate_by_name=True,
    )

    backend: Backend = "offline"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("INTERVIEW_BOT_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    base_url: str | None = Field(default=None, description="OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1")
    model: str = Field(
        default="gpt-4o-mini",
        description="Model name; 'provider:model' (e.g. anthropic:claude-sonnet-4-5) picks a LangChain chat provider.",
    )
    llm_timeout: float = Field(default=30.0, gt=0, le=600)
    llm_max_tokens: int = Field(default=600, ge=16, le=8192)
    llm_retries: int = Field(default=1, ge=0, le=5)
    llm_temperature: float = Field(default=0.3, ge=0, le=2)

    language: Literal["fr", "en"] = "en"
    questions: int = Field(default=5, ge=1, le=30)
    topics: Annotated[list[str], NoDecode] = Field(default_factory=list)
    difficulty: int | None = Field(default=None, ge=1, le=3, description="Starting difficulty; adapts after.")
    max_probes: int = Field(default=2, ge=0, le=2)
    max_answer_chars: int = Field(default=8000, ge=200, le=50_000)
    scorer_layers: int = Field(
        default=6, ge=0, le=6, description="MiniLM layers the offline scorer runs (6 = full model; see README)."
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    bank_dirs: Annotated[list[Path], NoDecode] = Field(default_factory=list)
    user_bank_dir: Path | None = None
    role_profile: Path | None = Field(
        default=None, description="YAML role profile the recruiter answers candidate questions from (default role/profile.yaml)."
    )
    session_secret: SecretStr | None = Field(
        default=None, description="Encrypts the session id kept in the browser; set the same on every replica."
    )
    retention_days: float | None = Field(
        default=None, gt=0, description="Sessions not written to for this many days are deleted (purge)."
    )
    rate_limit: int = Field(
        default=60, ge=0, le=10_000, description="Calls per minute per client to /start and to /answer (0 = off)."
    )
    trust_proxy_headers: bool = Field(
        default=False, description="Take the client address from X-Forwarded-For, only from trusted_proxies."
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses or networks of your reverse proxies (e.g. 172.28.0.10 or 10.0.0.0/8); "
        "required when trust_proxy_headers is on, ignored otherwise.",
    )
    allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Host names the server answers to ('*' = any); default: the bind address and localhost.",
    )
    report_rate_limit: int = Field(
        default=20, ge=0, le=10_000,
        description="Calls per minute per client to /report, /export and report downloads (0 = off).",
    )
    pdf_concurrency: int = Field(default=2, ge=1, le=32, description="PDF reports rendered at the same time.")
    max_request_bytes: int = Field(
        default=64 * 1024, ge=4096, le=10_000_000,
        description="Largest request body for API calls (/gradio_api/call, /run); 413 above it.",
    )
    max_page_request_bytes: int = Field(
        default=2_000_000, ge=65_536, le=50_000_000,
        description="Largest request body for the page's events (they carry the chat shown); 413 above it.",
    )

    @field_validator("trusted_proxies", "allowed_hosts", mode="before")
    @classmethod
    def _csv_strings(cls, v: Any) -> Any:
        return _split_csv(v)

    @model_validator(mode="after")
    def _proxies_listed(self) -> Settings:
        if self.trust_proxy_headers and not self.trusted_proxies:
            raise ValueError(
                "trust_proxy_headers is on but trusted_proxies is empty: set INTERVIEW_BOT_TRUSTED_PROXIES to the "
                "address(es) of your reverse proxy (anyone else could pick their own client address)"
            )
        for p in self.trusted_proxies:
            try:
                ipaddress.ip_network(p, strict=False)
            except ValueError:
                raise ValueError(f"trusted_proxies: '{p[:60]}' is not an IP address or network") from None
        return self

    @model_validator(mode="after")
    def _provider_from_model(self) -> Settings:
        if "backend" not in self.model_fields_set and known_provider(self.model):
            self.backend = "provider"
        return self

    @field_validator("topics", "bank_dirs", mode="before")
    @classmethod
    def _csv(cls, v: Any) -> Any:
        return _split_csv(v)

    @property
    def db_location(self) -> str:
        """Where the sessions are stored, for messages: the SQLite file path, or the URL without password."""
        if self.database_url:
            from sqlalchemy.engine import make_url

            return make_url(self.database_url).render_as_string(hide_password=True)
        return str((self.data_dir / "interview_bot.db").resolve())

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'interview_bot.db').as_posix()}"

    @property
    def writable_bank_dir(self) -> Path:
        return self.user_bank_dir or (self.data_dir / "bank")

    @property
    def all_user_bank_dirs(self) -> list[Path]:
        dirs = list(self.bank_dirs)
        w = self.writable_bank_dir
        if w not in dirs:
            dirs.append(w)
        return dirs

    def _has_openai_key(self) -> bool:
        return bool(self.openai_api_key and self.openai_api_key.get_secret_value().strip())

    def check_backend(self) -> None:
        """Raise a ConfigError naming what is missing for the chosen backend (in the settings' language)."""
        lang = self.language
        if self.backend == "openai" and not self._has_openai_key():
            raise ConfigError(t("llm.openai_key", lang))
        if self.backend == "openai-compatible" and not self.base_url:
            raise ConfigError(t("llm.base_url", lang))
        if self.backend != "provider":
            return
        parts = split_model(self.model)
        if parts is None:
            raise ConfigError(no_provider_message(self.model, lang))
        p = PROVIDERS.get(parts[0])
        if p is None:
            return  # another init_chat_model provider: its package and key are checked when it is built
        if p.extra and importlib.util.find_spec(p.module) is None:
            raise ConfigError(t("llm.needs_extra", lang, provider=p.label, extra=p.extra))
        missing = missing_variables(p)
        if p.key == "openai" and self._has_openai_key():
            missing = []
        if missing:
            raise ConfigError(t("llm.needs_variables", lang, provider=p.label, variables=", ".join(missing)))

    @property
    def engine_name(self) -> str:
        """What a session records as its engine: the backend, or for "provider" the provider's prefix."""
        parts = split_model(self.model) if self.backend == "provider" else None
        return parts[0] if parts else self.backend

    def describe_backend(self) -> str:
        if self.backend == "offline":
            return "offline (structured recruiter + embedded MiniLM scorer)"
        if self.backend == "provider":
            return f"{self.engine_name}: model {self.model} (offline scorer cross-checks)"
        where = "OpenAI" if self.backend == "openai" else self.base_url
        return f"{self.backend}: model {self.model} at {where} (offline scorer cross-checks)"


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment plus explicit overrides (``None`` values are ignored)."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    try:
        settings = Settings(**clean)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"]) or "settings"
            lines.append(f"setting '{loc}' (env INTERVIEW_BOT_{loc.upper()}): {err['msg']}")
        raise ConfigError("error.bad_settings", problems="\n".join(lines)) from None
    settings.check_backend()
    return settings
