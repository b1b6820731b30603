"""Score bands are defined once (report/bands.py): the report's colours, the page's chart, the summary's
strong/weak topics and the study plan's retries all follow them."""

from __future__ import annotations

import pytest

from interview_bot.report import bands, plan, summary
from interview_bot.report.bands import band


@pytest.mark.parametrize(("score", "expected"), [
    (None, "na"), (100.0, "good"), (65.0, "good"), (64.9, "mid"), (50.0, "mid"), (49.9, "low"), (0.0, "low"),
])
def test_band(score, expected):
    assert band(score) == expected


def test_every_user_follows_the_one_definition():
    assert (summary.STRONG_TOPIC, summary.WEAK_TOPIC, plan.RETRY_BELOW) == (bands.GOOD, bands.WEAK, bands.GOOD)
    from interview_bot.report.html import _template

    assert _template().environment.filters["grade"] is band
