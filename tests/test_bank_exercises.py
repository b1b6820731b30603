"""The bank's exercises (issue 16): enough of each type, the material they need in the question itself,
and the role handout's topics covered."""

from __future__ import annotations

import re
from collections import Counter

# Minimums the issue set for the shipped bank.
MIN_TOTAL = 130
MIN_PER_TYPE = {"system-design": 6, "debugging": 6, "cost-estimation": 4}
MIN_CODE_OR_PROMPT = 6  # code-writing + prompt-review together
# Handout topics the v3 review found missing or thin: at least one question tagged with each.
HANDOUT_TAGS = ("speech", "content-generation", "bias", "open-weight", "agent-framework", "typescript",
                "foundation-vs-ml", "langchain", "semantic-kernel")
FENCE = re.compile(r"```[a-z]*\n.+?\n```", re.S)


def _by_type(bank):
    return Counter(t for q in bank.questions.values() for t in q.types)


def test_the_bank_has_enough_exercises_of_each_type(bank):
    counts = _by_type(bank)
    assert len(bank.questions) >= MIN_TOTAL
    for t, n in MIN_PER_TYPE.items():
        assert counts[t] >= n, (t, counts[t])
    assert counts["code-writing"] + counts["prompt-review"] >= MIN_CODE_OR_PROMPT


def test_handout_topics_are_covered(bank):
    tags = Counter(t for q in bank.questions.values() for t in q.tags)
    assert [t for t in HANDOUT_TAGS if tags[t] == 0] == []


def test_debugging_and_prompt_review_questions_carry_their_material(bank):
    """The trace, transcript or prompt is in the question text, in both languages."""
    for q in bank.questions.values():
        if {"prompt-review", "debugging"} & set(q.types):
            assert FENCE.search(q.text.en) and FENCE.search(q.text.fr), q.id


def test_cost_estimations_state_their_prices(bank):
    """Prices are assumptions written in the question, so the arithmetic does not depend on today's list prices."""
    for q in bank.questions.values():
        if "cost-estimation" in q.types:
            assert re.search(r"[$€]\s?\d|\d\s?[$€]", q.text.en) and "million" in q.text.en, q.id
            assert re.search(r"[$€]\s?\d|\d[\s\u00a0\u202f]?[$€]", q.text.fr) and "million" in q.text.fr, q.id
