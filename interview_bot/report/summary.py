"""The report's first words: strengths and gaps, as a fair senior interviewer would write them.

Strengths name what scored well whenever anything did — for the topics of the best answers, one line
each with the table's score and the key points those answers covered; topics and rubric criteria that
came out strong — so a practising candidate reads first what to keep doing. Gaps name the weak topics once each, with what their answers did cover and what they
missed, then the topics left unanswered, then the weak rubric criteria in one line (weakest first).

A topic is in one list only: a topic whose answers average under the weak band is a gap, and no answer
of it (nor any answer under the band) is praised in Strengths — what it earned is named in its gap line,
so nothing the candidate earned disappears and nothing reads as both solid and weak. Every line naming
a topic starts with its display name and score, as the table shows them. The study plan says what to do.
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
TOPIC_POINTS = 3  # … and at most for a topic of several answers


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


def _lower_first(name: str) -> str:
    """A criterion's name inside a sentence: « Profondeur » → « profondeur », « STAR » stays."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _names(names: list[str], lang: str) -> str:
    """« Exactitude, profondeur et clarté »: the first name as written, the others inside the sentence."""
    shown = names[:1] + [_lower_first(n) for n in names[1:]]
    return shown[0] if len(shown) < 2 else ", ".join(shown[:-1]) + f" {t('report.and', lang)} " + shown[-1]


def _by_level(criteria: list[tuple[str, float]], weakest_first: bool) -> list[tuple[float, list[str]]]:
    """Criteria grouped by their average level (as shown, one decimal), weakest or strongest group first."""
    groups: dict[float, list[str]] = defaultdict(list)
    for name, avg in criteria:
        groups[round(avg, 1)].append(name)
    return sorted(groups.items(), reverse=not weakest_first)


def _covered(qs: list[QuestionReport]) -> list[str]:
    """The key points these answers covered, best answer first and in turn (each answer's best point, then
    the next): two per answer, at most ``TOPIC_POINTS`` for a topic."""
    per_answer = [[k.text for k in sorted((k for k in q.key_points if k.covered), key=lambda k: (-k.coverage, -k.weight))]
                  for q in sorted(qs, key=lambda q: -(q.overall or 0))]
    turns = [points[i] for i in range(POINTS_NAMED) for points in per_answer if i < len(points)]
    return list(dict.fromkeys(turns))[:POINTS_NAMED if len(qs) < 2 else TOPIC_POINTS]


def _missed(qs: list[QuestionReport]) -> list[str]:
    """The points to name as missing: stated wrongly first, then the heaviest not covered."""
    points = sorted((k for q in qs for k in q.key_points if not k.covered),
                    key=lambda k: (not k.contradicted, -k.weight, -k.coverage))
    return list(dict.fromkeys(k.text for k in points))[:POINTS_NAMED]


def weak_topics(topics: list[TopicScore]) -> set[str]:
    return {ts.topic for ts in topics if ts.score < WEAK_TOPIC}


def strengths_of(topics: list[TopicScore], questions: list[QuestionReport], lang: str) -> list[str]:
    out: list[str] = []
    weak = weak_topics(topics)
    good = [q for q in questions if q.overall is not None and q.overall >= WEAK_TOPIC and q.topic not in weak
            and any(k.covered for k in q.key_points)]
    # one line per topic, with the table's score: the topics of the best answers first
    best = sorted(good, key=lambda q: -(q.overall or 0))
    by_topic = {ts.topic: ts for ts in topics}
    named = list(dict.fromkeys(q.topic for q in best))[:BEST_ANSWERS]
    for tp in named:
        ts = by_topic[tp]
        out.append(t("report.strong_points", lang, topic=ts.name, score=f"{ts.score:.0f}",
                     points=and_list(_covered([q for q in good if q.topic == tp]), lang)))
    out += [t("report.strong_topic", lang, topic=ts.name, score=f"{ts.score:.0f}")
            for ts in topics if ts.score >= STRONG_TOPIC and ts.topic not in named]
    criteria = _criteria(questions)
    out += [t("report.strong_crit", lang, criterion=_names(names, lang), level=level)
            for level, names in _by_level([c for c in criteria.values() if c[1] >= STRONG_LEVEL], weakest_first=False)]
    if not out and criteria:  # nothing covered yet: the best criterion, if it reached level 2
        name, avg = max(criteria.values(), key=lambda c: c[1])
        if avg >= 2:
            out.append(t("report.strong_best_crit", lang, criterion=name, level=avg))
    return out


def _weak_topic_line(ts: TopicScore, qs: list[QuestionReport], lang: str) -> str:
    covered, missed = _covered(qs), _missed(qs)
    score = f"{ts.score:.0f}"
    if covered and missed:
        return t("report.weak_topic_partial", lang, topic=ts.name, score=score, covered=and_list(covered, lang),
                 missed=and_list(missed, lang))
    if missed:
        return t("report.weak_topic_missed", lang, topic=ts.name, score=score, missed=and_list(missed, lang))
    return t("report.weak_topic", lang, topic=ts.name, score=score)


def _criteria_line(weak: list[tuple[str, float]], lang: str) -> list[str]:
    """All weak criteria in one line: « Exactitude et profondeur : niveau moyen 1,0/4 — … », or weakest first
    when their levels differ."""
    groups = _by_level(weak, weakest_first=True)
    if not groups:
        return []
    if len(groups) == 1:
        level, names = groups[0]
        if len(names) == 1:
            return [t("report.weak_crit", lang, criterion=names[0], level=level)]
        return [t("report.weak_crits", lang, criteria=_names(names, lang), level=level)]
    parts = [t("report.crit_at", lang, criteria=_names([_lower_first(n) for n in names], lang), level=level)
             for level, names in groups]
    return [t("report.weak_crits_mixed", lang, criteria=t("report.list_sep", lang).join(parts))]


def gaps_of(topics: list[TopicScore], questions: list[QuestionReport], lang: str) -> list[str]:
    """Unanswered topics first (largest gap, as in the study plan), then weak topics from the lowest score
    up, then the weak criteria in one line."""
    scored = {ts.topic for ts in topics}
    out = []
    for tp in dict.fromkeys(q.topic for q in questions if q.topic not in scored):
        qs = [q for q in questions if q.topic == tp]
        missed = _missed(qs)
        out.append(t("report.unanswered_topic_missed", lang, topic=qs[0].topic_name, missed=and_list(missed, lang))
                   if missed else t("report.unanswered_topic", lang, topic=qs[0].topic_name))
    out += [_weak_topic_line(ts, [q for q in questions if q.topic == ts.topic], lang)
            for ts in reversed(topics) if ts.score < WEAK_TOPIC]
    return out + _criteria_line([c for c in _criteria(questions).values() if c[1] <= WEAK_LEVEL], lang)
