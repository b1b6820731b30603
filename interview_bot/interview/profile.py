"""The role profile (``role/profile.yaml``): what the recruiter may say about the job when the
candidate asks. Loaded safely, validated with file:line errors, cached until the file changes."""

from __future__ import annotations

import threading
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from ..bank.loader import Problem, _humanize, _line_at, _parse
from ..bank.schema import Lang, Localized, ShortText
from ..config import shipped_dir
from ..errors import ConfigError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sections(_Strict):
    missions: Localized
    stack: Localized
    team: Localized
    process: Localized
    remote: Localized
    salary: Localized
    scoring: Localized
    duration: Localized
    general: Localized


class RoleProfile(_Strict):
    role: ShortText
    sections: Sections
    # Set while the profile is the shipped example: a notice the page and the recruiter can show so
    # that candidates know the team, stack and process are illustrative. Delete it (or write
    # ``example: false``) in a real profile.
    example: Localized | None = None

    @field_validator("example", mode="before")
    @classmethod
    def _false_is_none(cls, value: object) -> object:
        return None if value is False else value

    def text(self, section: str, lang: Lang) -> str:
        value = getattr(self.sections, section, None)
        return (value if isinstance(value, Localized) else self.sections.general).get(lang)

    def as_context(self, lang: Lang) -> str:
        """The whole profile as plain text, to ground an LLM's answer on it."""
        lines = [f"Role: {self.role.get(lang)}"]
        if self.example is not None:
            lines.append(f"note: {self.example.get(lang)}")
        for name in Sections.model_fields:
            lines.append(f"{name}: {self.text(name, lang)}")
        return "\n".join(lines)


def default_profile_path() -> Path:
    return shipped_dir("role") / "profile.yaml"


def role_name(lang: str, path: Path | None = None) -> str:
    """The job title in ``lang``, from the role profile (``path``, else the shipped one): its one source."""
    return load_profile(path).role.get("fr" if lang == "fr" else "en")


_cache: dict[str, tuple[float, RoleProfile]] = {}
_lock = threading.Lock()


def load_profile(path: Path | None = None) -> RoleProfile:
    """Raise ``ConfigError`` naming the file and line of every problem."""
    path = path or default_profile_path()
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise ConfigError("error.profile_unreadable", path=path, reason=exc.strerror) from None
    with _lock:
        hit = _cache.get(str(path))
        if hit and hit[0] == mtime:
            return hit[1]
    problems: list[Problem] = []
    data, node = _parse(path, str(path), problems)
    if problems:
        raise ConfigError("\n".join(str(p) for p in problems))
    try:
        profile = RoleProfile.model_validate(data)
    except ValidationError as exc:
        lines = [f"{path}:{_line_at(node, e['loc'])}: {_humanize(e)}" for e in exc.errors()]
        raise ConfigError("error.profile_invalid", problems="\n".join(lines)) from None
    with _lock:
        _cache[str(path)] = (mtime, profile)
    return profile
