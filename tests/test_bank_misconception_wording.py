"""A key point states the right practice; it does not name its misconception's wrong practice to reject it.

The scorer aligns every phrasing of a key point and of the misconception that opposes it with the answer,
and reads negation cues ("not", "never", "instead of", « ne … pas », « plutôt que ») to tell a statement
from its denial. A key point written as "Quarantine flaky tests instead of retrying them until they pass"
carries, under a negation, most of the words of "A flaky test should be retried until it passes": a correct
answer in those words reads as a denial of the key point, and the two references sit close together, so a
misconception answer can earn the point. Scored as one-sentence answers, three of the twelve phrasings of
two such key points had their own key point contradicted. The rule below keeps that pattern out of the
whole bank: no key point phrasing holds, in its negated clauses, two or more content words and 40 % or
more of a phrasing of a misconception that opposes it. The check is lexical (the scorer's stems and negation
scopes), so it misses some rewordings (« au lieu de les relancer jusqu'à ce qu'ils passent » shares one word
within the four-word scope of « au lieu de »); it keeps the plain cases out.
"""

from __future__ import annotations

import pytest

from interview_bot.scoring.contradiction import negated_spans
from interview_bot.scoring.text import content_stems

SHARE = 0.4
MIN_WORDS = 2


def rejected_wording(point: str, misconception: str) -> set[str]:
    """The misconception's content words (stems) that ``point`` holds under a negation, when they are at
    least ``MIN_WORDS`` and ``SHARE`` of them; otherwise an empty set."""
    negated: set[str] = set()
    for start, end in negated_spans(point):
        negated |= set(content_stems(point[start:end]))
    words = set(content_stems(misconception))
    shared = words & negated
    if words and len(shared) >= MIN_WORDS and len(shared) / len(words) >= SHARE:
        return shared
    return set()


@pytest.mark.parametrize(
    ("point", "misconception"),
    [  # the shipped texts before this rule
        ("Instead of retrying a flaky test till it passes, you quarantine it.",
         "A flaky LLM test should just be retried automatically until it passes."),
        ("Mock your own interface to the model, not the SDK's HTTP layer, because that breaks whenever the SDK changes.",
         "The simplest way is to patch the SDK's HTTP requests with a mock."),
        ("Le serveur ne transmet jamais le jeton du client aux API en aval ; il utilise ses propres identifiants.",
         "Le plus simple et le plus sûr est de transmettre le jeton de l'utilisateur du client MCP directement à l'API en aval."),
        ("Never call a latest alias; use dated model versions so no silent provider update changes behaviour.",
         "You should always call the latest alias, so you automatically get the best model."),
    ],
)
def test_a_key_point_that_rejects_its_misconception_is_recognised(point, misconception):
    assert rejected_wording(point, misconception)


@pytest.mark.parametrize(
    ("point", "misconception"),
    [  # the same ideas stated positively, and negations that reject something else
        ("Quarantine a flaky test, out of the merge-blocking suite and tracked, until its cause is found and fixed.",
         "A flaky LLM test should just be retried automatically until it passes."),
        ("Fake the model at an interface your own code defines, so the tests survive upgrades of the provider's SDK.",
         "The simplest way is to patch the SDK's HTTP requests with a mock."),
        ("requests has no default timeout, so a stalled connection blocks the job forever.",
         "A timeout is unnecessary, because the provider always answers in the end."),
    ],
)
def test_a_positive_key_point_passes(point, misconception):
    assert not rejected_wording(point, misconception)


def test_no_shipped_key_point_names_its_misconception_to_reject_it(bank):
    found = []
    for q in bank.questions.values():
        points = {k.id: k for k in q.key_points}
        for m in q.misconceptions:
            k = points.get(m.key_point) if m.key_point else None
            if k is None:
                continue
            for lang in ("en", "fr"):
                for p in k.phrasings(lang):
                    for mp in m.phrasings(lang):
                        shared = rejected_wording(p, mp)
                        if shared:
                            found.append(f"{q.id}/{k.id} vs {m.id} [{lang}] {sorted(shared)}: {p!r}")
    assert not found, "key points that name their misconception's wording under a negation:\n" + "\n".join(found)
