"""All messages, merged from one module per area. A key defined twice is an error at import."""

from __future__ import annotations

from . import cli, common, errors, llm, plan, recruiter, report, ui

Entry = dict[str, str | list[str]]


def _merge() -> dict[str, Entry]:
    merged: dict[str, Entry] = {}
    for module in (common, recruiter, ui, cli, report, plan, llm, errors):
        for key, entry in module.MESSAGES.items():
            if key in merged:
                raise RuntimeError(f"message key '{key}' is defined twice (second time in {module.__name__})")
            merged[key] = entry
    return merged


CATALOG: dict[str, Entry] = _merge()
