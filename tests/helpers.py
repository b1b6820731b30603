"""Small fakes shared by several test modules (test modules never import each other)."""

from __future__ import annotations

from interview_bot.scoring.models import AnswerScore, CriterionResult, KeyPointResult


class ScriptedScorer:
    """A scorer returning preset overall values, to test the engine's decisions in isolation."""

    name = "scripted"

    def __init__(self, values):
        self.values = list(values)
        self.calls = []

    def score(self, question, rubric, answer, lang, hints=()):
        self.calls.append((question.id, answer))
        v = self.values.pop(0) if self.values else 50.0
        level = int(round(v / 25))
        return AnswerScore(
            question_id=question.id, language=lang, overall=v, confidence=0.9,
            criteria=[CriterionResult(id=c.id, name=c.name.en, weight=c.weight, level=level,
                                      descriptor=c.levels.at(level).en) for c in rubric.criteria],
            key_points=[KeyPointResult(id=k.id, criterion=k.criterion, weight=k.weight, text=k.text.en,
                                       covered=v >= 80, coverage=v / 100) for k in question.key_points],
            scorer=self.name,
        )
