"""The study plan: per topic, largest gap first, concrete next steps in our own words — what to read
(the bank's pointers), what to build (``plan.build.<topic>``), which question to retry and on what, and
how to answer better (``plan.practise.<criterion>``) — rather than the missed key points repeated."""

from __future__ import annotations

from ..i18n import has, quote, shorten, t
from . import bands
from .model import QuestionReport, StudyItem, StudyStep, TopicScore
from .summary import and_list

RETRY_BELOW = bands.GOOD  # a question scored under this is worth another go
RETRY_POINTS = 2  # key points named in a retry step
PRACTISE_AT = 1.5  # a criterion averaging at or under this in a topic gets a practise step


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def retry_points(q: QuestionReport) -> list[str]:
    """The one or two key points to aim at when retrying ``q``: what was stated wrongly first, then the
    heaviest points missed, preferring the criterion that scored lowest."""
    level = {c.id: c.level for c in q.criteria}
    wrong = [k for k in q.key_points if k.contradicted]
    missed = sorted((k for k in q.key_points if not k.covered and not k.contradicted),
                    key=lambda k: (level.get(k.criterion, 0), -k.weight, -k.coverage))
    return [k.text for k in (wrong + missed)[:RETRY_POINTS]]


def _retry(q: QuestionReport, lang: str) -> StudyStep:
    points = retry_points(q)
    what = and_list(points, lang) if points else t("plan.retry_more", lang)
    return StudyStep(kind="retry", text=t("plan.retry_text", lang, question=quote(shorten(q.question, 140), lang),
                                          points=what))


def _practise(qs: list[QuestionReport], lang: str) -> list[StudyStep]:
    levels: dict[str, list[int]] = {}
    for q in qs:
        for c in q.criteria:
            levels.setdefault(c.id, []).append(c.level)
    weakest = sorted((sum(v) / len(v), cid) for cid, v in levels.items())
    return [StudyStep(kind="practise", text=t(f"plan.practise.{cid}", lang))
            for avg, cid in weakest[:1] if avg <= PRACTISE_AT and has(f"plan.practise.{cid}")]


def study_item(ts: TopicScore | None, qs: list[QuestionReport], lang: str) -> StudyItem | None:
    """The next steps for one topic, or None when the topic needs none (scored well, nothing missed).
    ``ts`` is None for a topic none of whose questions was scored (skipped, "I don't know")."""
    if ts is None:
        ts = TopicScore(topic=qs[0].topic, name=qs[0].topic_name, score=0.0, n=0)
        unscored = True
    else:
        unscored = False
    missed = [k.text for q in qs for k in sorted(q.key_points, key=lambda k: -k.weight) if not k.covered]
    if not missed and ts.score >= 80 and not unscored:
        return None
    pointers: list[tuple[str, str | None]] = []
    for q in qs:
        pointers += [p for p in q.study if p not in pointers]
    build = f"plan.build.{ts.topic}"
    steps = [StudyStep(kind="read", text=title, url=url) for title, url in pointers[:3]]
    steps.append(StudyStep(kind="build", text=t(build, lang) if has(build) else t("plan.build_generic", lang, topic=ts.name)))
    steps += [_retry(q, lang) for q in qs if q.overall is None or q.overall < RETRY_BELOW]
    steps += _practise(qs, lang)
    return StudyItem(topic=ts.topic, topic_name=ts.name, score=None if unscored else ts.score, missed=missed,
                     pointers=pointers, steps=steps)


def study_plan(topics: list[TopicScore], questions: list[QuestionReport], lang: str) -> list[StudyItem]:
    """Largest gap first: the topics none of whose questions was answered (skipped, "I don't know"), then
    the scored topics from the lowest score up."""
    scored = {ts.topic for ts in topics}
    left = [tp for tp in dict.fromkeys(q.topic for q in questions) if tp not in scored]
    items = [study_item(None, [q for q in questions if q.topic == tp], lang) for tp in left]
    items += [study_item(ts, [q for q in questions if q.topic == ts.topic], lang)
              for ts in sorted(topics, key=lambda ts_: ts_.score)]
    return [item for item in items if item is not None]
