"""Evidence as a person reads it: the sentence of the answer that earned the point, cut on word boundaries.

The scorer quotes a window of the answer (an exact substring, possibly starting mid-word or with "…").
For display, that window is widened to the sentence that holds it; a sentence longer than ``LIMIT``
characters is shortened around the window, always between words, with "…" where text was left out.
Display only: the score itself is untouched.
"""

from __future__ import annotations

import re

from ..scoring.models import AnswerScore, KeyPointResult

LIMIT = 140
_END = re.compile(r"[.!?;…](?=\s)|\n")
_ELLIPSIS = "…"


def _locate(answer: str, evidence: str) -> tuple[int, int] | None:
    core = evidence.strip().strip(_ELLIPSIS).replace("...", "").strip()
    if not core:
        return None
    at = answer.find(core)
    if at < 0:
        at = answer.lower().find(core.lower())
    return None if at < 0 else (at, at + len(core))


def _sentence(answer: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for before in _END.finditer(answer, 0, start):
        left = before.end()
    after = _END.search(answer, end)
    right = after.end() if after and answer[after.start()] != "\n" else (after.start() if after else len(answer))
    while left < start and answer[left].isspace():
        left += 1
    while right > end and answer[right - 1].isspace():
        right -= 1
    return left, max(right, end)


def _word_start(text: str, i: int) -> int:
    """``i`` moved left to the start of the word it is in."""
    while 0 < i < len(text) and not text[i - 1].isspace():
        i -= 1
    return i


def _word_end(text: str, i: int) -> int:
    """``i`` moved right to the end of the word it is in."""
    while 0 < i < len(text) and not text[i].isspace():
        i += 1
    return i


def _next_word(text: str, i: int) -> int:
    """``i``, or the start of the next word when ``i`` falls inside a word."""
    if i <= 0 or text[i - 1].isspace():
        return i
    while i < len(text) and not text[i].isspace():
        i += 1
    return i


def _prev_word_end(text: str, i: int) -> int:
    """``i``, or the end of the previous word when ``i`` falls inside a word."""
    if i >= len(text) or text[i].isspace():
        return i
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return i


def evidence_sentence(answer: str, evidence: str | None, limit: int = LIMIT) -> str | None:
    """The sentence of ``answer`` holding ``evidence``, shortened between words to about ``limit``."""
    if not evidence or not evidence.strip():
        return evidence
    found = _locate(answer, evidence)
    if found is None:  # not in the answer as given (e.g. an LLM judge's paraphrase): shown as it is
        return evidence.strip()
    start, end = _word_start(answer, found[0]), _word_end(answer, found[1])
    s_left, s_right = _sentence(answer, start, end)
    left, right = s_left, s_right
    if right - left > limit:  # keep the matched words, with context on both sides up to ``limit``
        room = max(0, limit - (end - start))
        left = max(s_left, start - room // 2)
        right = min(s_right, end + room - (start - left))
        left = max(s_left, start - (room - (right - end)))
        left, right = _next_word(answer, left), _prev_word_end(answer, right)
        if end - start > limit:
            left, right = start, max(_prev_word_end(answer, start + limit), _word_end(answer, start + 1))
    text = " ".join(answer[left:right].split())
    if left > s_left:
        text = _ELLIPSIS + " " + text
    if right < s_right:
        text += " " + _ELLIPSIS
    return text


def with_sentences(score: AnswerScore, answer: str, limit: int = LIMIT) -> AnswerScore:
    """A copy of ``score`` whose quotes (key points, criteria, contradictions, misconceptions) are whole
    sentences of ``answer`` (see ``evidence_sentence``)."""
    if not answer:
        return score
    return score.model_copy(update={
        "key_points": [k.model_copy(update={"evidence": evidence_sentence(answer, k.evidence, limit),
                                            "contradiction": evidence_sentence(answer, k.contradiction, limit)})
                       for k in score.key_points],
        "criteria": [c.model_copy(update={"evidence": evidence_sentence(answer, c.evidence, limit)}) for c in score.criteria],
        "misconceptions": [m.model_copy(update={"evidence": evidence_sentence(answer, m.evidence, limit) or m.evidence})
                           for m in score.misconceptions],
    })


def covered_with_quotes(key_points: list[KeyPointResult]) -> list[tuple[KeyPointResult, str | None, bool]]:
    """The covered key points, those earned by the same sentence next to each other (in the order their
    sentence first earns a point), as ``(point, quote, repeat)``: the quote is given with the first point
    it earned; ``repeat`` marks the points after it that the same sentence earned, shown as "same passage"
    instead of the sentence again (a strong answer's report would otherwise print one sentence five times)."""
    groups: dict[str, list[KeyPointResult]] = {}
    order: list[list[KeyPointResult]] = []
    for k in key_points:
        if not k.covered:
            continue
        quote = (k.evidence or "").strip()
        if quote and quote in groups:
            groups[quote].append(k)
            continue
        group = [k]
        order.append(group)
        if quote:
            groups[quote] = group
    return [(k, k.evidence if i == 0 else None, i > 0) for group in order for i, k in enumerate(group)]
