"""The report's first words: strengths and gaps.

Strengths name what scored well whenever anything did — the key points each of the best answers
covered, topics and rubric criteria that came out strong — so a practising candidate reads first what
to keep doing. Gaps name weak topics and criteria; the study plan says what to do about them.
"""

from __future__ import annotations

from collections import defaultdict

from ..i18n import quote, shorten, t
from . import bands
from .model import QuestionReport, TopicScore

STRONG_TOPIC = bands.GOOD  # a topic averaging at least this is named as solid
WEAK_TOPIC = bands.WEAK  # … under this, as a gap
STRONG_LEVEL = 3.0  # a criterion averaging at least this level is a strength
WEAK_LEVEL = 1.5  # … at most this, a gap
BEST_ANSWERS = 3  # how many answers name the key points they covered
POINTS_NAMED = 2  # key points named per answer


def and_list(items: list[str], lang: str) -> str:
    """« a », « b » et « c » / “a”, “b” and “c”."""
    quoted = [quote(shorten(i.strip().rstrip(" .;:"), 90), lang) for i in items]
    if len(quoted) < 2:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {t('report.and', lang)} " + quoted[-1]


def _criteria(questions: list[QuestionReport]) -> dict[str, tuple[str, float]]:
    levels: dict[str, list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for q in questions:
        for c in q.criteria:
            levels[c.id].append(c.level)
            names[c.id] = c.name
    return {cid: (names[cid], sum(v) / len(v)) for cid, v in levels.items()}


def strengths_of(topics: list[TopicScore], questions: list[QuestionReport], lang: str) -> list[str]:
    out: list[str] = []
    scored = sorted((q for q in questions if q.overall is not None and any(k.covered for k in q.key_points)),
                    key=lambda q: -(q.overall or 0))
    named = set()
    for q in scored[:BEST_ANSWERS]:
        covered = sorted((k for k in q.key_points if k.covered), key=lambda k: (-k.coverage, -k.weight))
        out.append(t("report.strong_points", lang, topic=q.topic_name[:1].upper() + q.topic_name[1:], score=f"{q.overall:.0f}",
                     points=and_list([k.text for k in covered[:POINTS_NAMED]], lang)))
        named.add(q.topic)
    out += [t("report.strong_topic", lang, topic=ts.name, score=f"{ts.score:.0f}")
            for ts in topics if ts.score >= STRONG_TOPIC and ts.topic not in named]
    criteria = _criteria(questions)
    out += [t("report.strong_crit", lang, criterion=name, level=avg)
            for name, avg in criteria.values() if avg >= STRONG_LEVEL]
    if not out and criteria:  # nothing covered yet: the best criterion, if it reached level 2
        name, avg = max(criteria.values(), key=lambda c: c[1])
        if avg >= 2:
            out.append(t("report.strong_best_crit", lang, criterion=name, level=avg))
    return out


def gaps_of(topics: list[TopicScore], questions: list[QuestionReport], lang: str) -> list[str]:
    out = [t("report.weak_topic", lang, topic=ts.name, score=f"{ts.score:.0f}")
           for ts in reversed(topics) if ts.score < WEAK_TOPIC]
    out += [t("report.weak_crit", lang, criterion=name, level=avg)
            for name, avg in _criteria(questions).values() if avg <= WEAK_LEVEL]
    return out
