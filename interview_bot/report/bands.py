"""The score bands, defined once: the report, the study plan and the page's chart all use them."""

from __future__ import annotations

GOOD = 65.0  # at or above: a strong answer, a solid topic (green); under it a question is worth a retry
WEAK = 50.0  # under this: a gap (red); from WEAK to GOOD: "mid"


def band(score: float | None) -> str:
    """``good`` / ``mid`` / ``low``, or ``na`` for an unscored answer (the CSS classes of bars and cards)."""
    if score is None:
        return "na"
    return "good" if score >= GOOD else "mid" if score >= WEAK else "low"
