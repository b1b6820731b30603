"""What the recruiter offers besides questions: a rephrasing, a hint, an answer about the role.

Bank fields come first (``rephrase``, ``hints``); without them a simpler phrasing is built from the
question's own wording and a hint from the bank's follow-up probe aimed at the key point the
candidate is furthest from (probes ask for an idea without stating it), else from its rubric
criterion's name. A hint never quotes a key point or the reference answer. The bank's hints are
ordered from the lightest nudge to the most specific and served in that order: the n-th request for
a hint gets the n-th one.
"""

from __future__ import annotations

import re

from ..bank.schema import Lang, Question, Rubric
from ..i18n import t, topic_name
from ..scoring.models import AnswerScore
from .profile import RoleProfile

_SENTENCE = re.compile(r"(?<=[.?!])\s+")
_PARTS = {
    "en": re.compile(r",?\s+and\s+(?=(?:what|how|which|why|when|where|who|in what)\b)", re.I),
    "fr": re.compile(r",?\s+et\s+(?=(?:que|quel\w*|comment|pourquoi|quand|où|qu'|dans quel\w*)\b)", re.I),
}


def _sentence_case(text: str, lang: Lang, end: str = "?") -> str:
    t = text.strip().rstrip(" ,;")
    t = t[:1].upper() + t[1:]
    if t.endswith(("?", ".", "!")):
        return t
    return t + (" " + end if lang == "fr" and end in "?!" else end)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def derive_rephrase(text: str, lang: Lang, topic: str) -> str:
    """A simpler phrasing built from the question itself: its core ask, split into parts."""
    sentences = [s for s in _SENTENCE.split(text.strip()) if s]
    asks = [s for s in sentences if s.rstrip().endswith("?")] or sentences[-1:]
    ask = " ".join(asks)
    parts = [p for p in _PARTS[lang].split(ask) if p.strip()]
    if len(parts) > 1:
        body = t("recruiter.rephrase_parts", lang, n=len(parts)) + "\n" + "\n".join(
            f"{i}. {_sentence_case(p, lang)}" for i, p in enumerate(parts, 1)
        )
    else:
        body = t("recruiter.rephrase_core", lang, ask=_sentence_case(ask, lang))
    context = " ".join(s for s in sentences if s not in asks)
    if context:
        body = t("recruiter.rephrase_situation", lang, context=context) + "\n" + body
    return body + "\n\n" + t("recruiter.rephrase_topic", lang, topic=topic_name(topic, lang))


def rephrasing(q: Question, open_prompt: str, lang: Lang) -> str:
    """The bank's rephrase for the question itself; a derived one for a follow-up or without it."""
    if q.rephrase is not None and open_prompt == q.text.get(lang):
        return q.rephrase.get(lang)
    return derive_rephrase(open_prompt, lang, q.topic)


def furthest_key_point(q: Question, score: AnswerScore | None) -> str:
    """The id of the key point the candidate is furthest from: lowest coverage, heaviest first."""
    coverage: dict[str, float] = {}
    if score:
        for k in score.key_points:
            coverage[k.id] = 1.0 if k.covered else k.coverage
    return min(q.key_points, key=lambda k: (coverage.get(k.id, 0.0), -k.weight)).id


def pick_hint(
    q: Question, rubric: Rubric, score: AnswerScore | None, lang: Lang, used_probes: list[int], shown: int = 0
) -> str | None:
    """The next hint after ``shown`` given ones, or None when there is none left (the caller repeats the
    last). Bank hints in their order; without any, one hint derived from a probe or the rubric."""
    if q.hints:
        return q.hints[shown].get(lang) if shown < len(q.hints) else None
    if shown:
        return None
    kp_id = furthest_key_point(q, score)
    kp = next(k for k in q.key_points if k.id == kp_id)
    probes = [(i, p) for i, p in enumerate(q.probes) if i not in used_probes]
    aimed = [p for _, p in probes if kp_id in p.key_points] or [
        p for _, p in probes if p.criterion == kp.criterion
    ]
    if aimed:
        return _sentence_case(t("recruiter.hint_probe", lang, probe=_lower_first(aimed[0].text.get(lang))), lang, ".")
    crit = rubric.criterion(kp.criterion)
    name = crit.name.get(lang).lower() if crit else kp.criterion.replace("_", " ")
    return _sentence_case(t("recruiter.hint_criterion", lang, criterion=name), lang, ".")


def profile_answer(profile: RoleProfile, cue: str, lang: Lang, index: int, total: int) -> str:
    """An answer about the role from the profile; questions left come from the session."""
    if cue == "remaining":
        return t("recruiter.remaining", lang, i=index, n=total, left=max(0, total - index))
    if cue == "duration":
        left = t("recruiter.remaining", lang, i=index, n=total, left=max(0, total - index))
        return f"{profile.text('duration', lang)} {left}"
    return profile.text(cue or "general", lang)
