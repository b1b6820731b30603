"""The question bank's schema: the one source of truth for YAML files, JSON Schema and code.

A question file holds ``questions:``; a rubric file holds ``rubrics:``. A question names a shared
rubric by id (``rubric: technical``) or writes one inline (``rubric: {id: ..., criteria: [...]}``).
Every text a candidate may see exists in French and English.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

Slug = Annotated[
    str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]{1,79}$", strip_whitespace=True)
]

# Limits keep texts readable in the chat and bounded in model prompts.
MAX_TITLE = 200
MAX_QUESTION = 1200
MAX_POINT = 400
MAX_REFERENCE = 4000

# Question types: tags that say what kind of exercise a question is (``bank stats`` counts them).
# A question without one of these tags is a spoken technical question.
QUESTION_TYPES: dict[str, str] = {
    "system-design": "design a service under stated numbers (users, latency, cost budget)",
    "debugging": "diagnose a failure from a trace, log or transcript given in the question",
    "cost-estimation": "estimate a cost or capacity from token counts and prices",
    "code-writing": "write a short function or snippet, discussed and scored on its approach (never executed)",
    "prompt-review": "critique and improve a given prompt, saying why",
}


def _text(max_len: int) -> type[str]:
    return Annotated[  # type: ignore[return-value]
        str, StringConstraints(min_length=1, max_length=max_len, strip_whitespace=True)
    ]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    """A text in both languages. Both are required: a missing translation is an error."""

    fr: _text(MAX_REFERENCE)  # type: ignore[valid-type]
    en: _text(MAX_REFERENCE)  # type: ignore[valid-type]

    def get(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en


class ShortText(Localized):
    fr: _text(MAX_TITLE)  # type: ignore[valid-type]
    en: _text(MAX_TITLE)  # type: ignore[valid-type]


class PointText(Localized):
    fr: _text(MAX_POINT)  # type: ignore[valid-type]
    en: _text(MAX_POINT)  # type: ignore[valid-type]


class QuestionText(Localized):
    fr: _text(MAX_QUESTION)  # type: ignore[valid-type]
    en: _text(MAX_QUESTION)  # type: ignore[valid-type]


class Levels(_Strict):
    """Behaviourally anchored descriptors: what an answer at each level looks like."""

    l0: PointText = Field(alias="0")
    l1: PointText = Field(alias="1")
    l2: PointText = Field(alias="2")
    l3: PointText = Field(alias="3")
    l4: PointText = Field(alias="4")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def at(self, level: int) -> PointText:
        return (self.l0, self.l1, self.l2, self.l3, self.l4)[level]


class Criterion(_Strict):
    id: Slug
    name: ShortText
    weight: float = Field(gt=0, le=10, description="Relative weight within the rubric.")
    levels: Levels


class Rubric(_Strict):
    id: Slug
    name: ShortText
    description: Localized | None = None
    criteria: list[Criterion] = Field(min_length=1, max_length=8)

    @model_validator(mode="after")
    def _unique_criteria(self) -> Rubric:
        seen: set[str] = set()
        for c in self.criteria:
            if c.id in seen:
                raise ValueError(f"criterion id '{c.id}' appears twice in rubric '{self.id}'")
            seen.add(c.id)
        return self

    def criterion(self, cid: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == cid), None)


MAX_PHRASINGS = 4


class Phrasings(_Strict):
    """Other ways a candidate states a key point, per language; the scorer credits the closest one.

    They are never shown: the report quotes ``text``. Write how engineers really say the point (in
    French, with the anglicisms they use: chunks, embeddings, fine-tuner), each one a whole
    statement of the same idea, never only its topic.
    """

    fr: list[_text(MAX_POINT)] = Field(default_factory=list, max_length=MAX_PHRASINGS)  # type: ignore[valid-type]
    en: list[_text(MAX_POINT)] = Field(default_factory=list, max_length=MAX_PHRASINGS)  # type: ignore[valid-type]

    def get(self, lang: Lang) -> list[str]:
        return list(self.fr if lang == "fr" else self.en)


class KeyPoint(_Strict):
    """One idea a strong answer covers; the unit the scorer looks for evidence of."""

    id: Slug
    criterion: Slug = Field(description="The rubric criterion this key point is evidence for.")
    weight: float = Field(default=1.0, gt=0, le=10)
    text: PointText
    also: Phrasings = Field(
        default_factory=Phrasings,
        description="Other phrasings of the same point, per language (at most 4 each); scoring only, never shown.",
    )

    def phrasings(self, lang: Lang) -> list[str]:
        """The key point's text in ``lang`` first, then its other phrasings in that language."""
        return [self.text.get(lang), *self.also.get(lang)]


class Probe(_Strict):
    """A follow-up question asked when the answer missed what ``criterion`` looks for."""

    criterion: Slug
    key_points: list[Slug] = Field(
        default_factory=list, description="Key points this probe tries to draw out."
    )
    text: QuestionText


class Misconception(_Strict):
    """A wrong belief a weak candidate states, and the one-line correction the report quotes.

    The scorer treats an answer that states ``text`` (in meaning, not only in words) as
    contradicting ``key_point`` when one is named: that key point is then not credited.
    """

    id: Slug
    key_point: Slug | None = Field(
        default=None, description="The key point this belief contradicts, if any."
    )
    text: PointText = Field(description="The wrong claim, phrased as a candidate would say it.")
    correction: PointText = Field(description="One line that sets it right (shown in the report).")
    also: Phrasings = Field(
        default_factory=Phrasings,
        description="Other ways a candidate states the same wrong claim, per language (at most 4 each); scoring only.",
    )

    def phrasings(self, lang: Lang) -> list[str]:
        """The wrong claim in ``lang`` first, then its other phrasings in that language."""
        return [self.text.get(lang), *self.also.get(lang)]


class StudyPointer(_Strict):
    title: ShortText
    url: Annotated[str, StringConstraints(pattern=r"^https://\S+$", max_length=300)] | None = None


class Question(_Strict):
    id: Slug
    topic: Slug
    kind: Literal["technical", "behavioral"] = "technical"
    difficulty: int = Field(
        ge=1,
        le=3,
        description=(
            "1 = foundational: a definition or the main steps, expected of every candidate, "
            "answerable from one good tutorial. 2 = practitioner: apply it to a concrete case or "
            "weigh two options; needs hands-on use. 3 = senior: design under constraints, "
            "production failure modes, several interacting concerns, or specialised detail."
        ),
    )
    text: QuestionText
    rubric: Slug | Rubric = Field(description="A shared rubric id, or a rubric written inline.")
    key_points: list[KeyPoint] = Field(min_length=2, max_length=16)
    probes: list[Probe] = Field(default_factory=list, max_length=8)
    reference_answer: Localized
    rephrase: QuestionText | None = Field(
        default=None,
        description="A simpler wording of the question, used when the candidate asks to rephrase.",
    )
    hints: list[PointText] = Field(
        default_factory=list,
        max_length=4,
        description="Nudges that point at an idea without giving the answer away, ordered from the "
        "lightest to the most specific: the n-th request for a hint gets the n-th one. None may state a "
        "key point or its premise ('bank validate' runs the app's leak check on them).",
    )
    misconceptions: list[Misconception] = Field(default_factory=list, max_length=8)
    study: list[StudyPointer] = Field(default_factory=list, max_length=8)
    tags: list[Slug] = Field(
        default_factory=list,
        description="Free labels. Questions sharing an 'overlap-<slug>' tag ask much the same thing: "
        "an interview serves at most one of them. Question types (counted by 'bank stats'): "
        + "; ".join(f"'{k}' = {v}" for k, v in QUESTION_TYPES.items())
        + ".",
    )
    reviewed: _dt.date | None = Field(
        default=None,
        description="YYYY-MM-DD: when the question's time-sensitive facts (laws, prices, APIs, model "
        "licences, protocol revisions) were last checked against current sources. 'bank validate' "
        "warns when it is more than a year old.",
    )

    @model_validator(mode="after")
    def _unique_key_points(self) -> Question:
        ids = [k.id for k in self.key_points]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"key point ids repeated in question '{self.id}': {', '.join(dupes)}")
        for p in self.probes:
            unknown = [k for k in p.key_points if k not in ids]
            if unknown:
                raise ValueError(
                    f"probe in question '{self.id}' names unknown key points: {', '.join(unknown)}"
                )
        mids = [m.id for m in self.misconceptions]
        mdupes = sorted({i for i in mids if mids.count(i) > 1})
        if mdupes:
            raise ValueError(
                f"misconception ids repeated in question '{self.id}': {', '.join(mdupes)}"
            )
        for m in self.misconceptions:
            if m.key_point is not None and m.key_point not in ids:
                raise ValueError(
                    f"misconception '{m.id}' in question '{self.id}' names unknown key point "
                    f"'{m.key_point}'"
                )
        return self

    @property
    def rubric_id(self) -> str:
        return self.rubric if isinstance(self.rubric, str) else self.rubric.id

    @property
    def types(self) -> list[str]:
        """The question-type tags (``QUESTION_TYPES``) this question carries, in tag order."""
        return [t for t in self.tags if t in QUESTION_TYPES]


class QuestionFile(_Strict):
    """A YAML file of questions (``question_bank/*.yaml``)."""

    questions: list[Question] = Field(min_length=1)


class RubricFile(_Strict):
    """A YAML file of shared rubrics (``rubrics/*.yaml``)."""

    rubrics: list[Rubric] = Field(min_length=1)
