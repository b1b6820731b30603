"""Key points are what a strong answer states, not instructions to a grader.

The scorer aligns each key point's text (and its ``also`` phrasings) with the candidate's words, and the
report shows the text as "what a strong answer says". "Names at least two workflow patterns…" is a
grading rule: no candidate says "names", so the alignment has to match the examples alone, and the
report reads oddly. The three such points the v3 review found were rewritten as content; this keeps
new ones out.
"""

from __future__ import annotations

import re

import pytest

# Third-person grading verbs at the start, a quantity rule ("at least two"), or the candidate as the subject.
GRADING_EN = re.compile(
    r"^(?:Names|Mentions|Lists|Cites|Explains|Describes|Identifies|Gives|States|Recogni[sz]es|Notes|Shows)\b(?!,|\s+and\b)"  # "Names, emails and…" is a noun
    r"|\bat least (?:one|two|three|several)\b|^The candidate\b",
    re.I,
)
GRADING_FR = re.compile(
    r"^(?:Cite|Nomme|Mentionne|Énumère|Explique|Décrit|Identifie|Donne|Indique|Reconnaît|Montre)\b"
    r"|\bau moins (?:un|une|deux|trois|plusieurs)\b|^(?:Le|La) candidate?\b",
    re.I,
)


def grading_instruction(en: str, fr: str) -> bool:
    return bool(GRADING_EN.search(en.strip()) or GRADING_FR.search(fr.strip()))


@pytest.mark.parametrize(
    ("en", "fr"),
    [  # the texts the v3 review flagged, as they were
        ("Names at least two workflow patterns, such as prompt chaining, routing or orchestrator-workers.",
         "Cite au moins deux schémas de workflow, comme l'enchaînement de prompts, le routage ou orchestrateur-exécutants."),
        ("Names at least two actions besides blocking, such as rewriting, redacting or handing over to a human.",
         "Cite au moins deux actions autres que le blocage, comme réécrire, masquer ou passer la main à un humain."),
        ("Names several 2025 risks beyond injection, such as sensitive information disclosure.",
         "Cite plusieurs risques de 2025 au-delà de l'injection."),
        ("The candidate explains chunking.", "Le découpage est expliqué."),
        ("Chunking splits documents.", "Explique le découpage."),
    ],
)
def test_grading_instructions_are_recognised(en, fr):
    assert grading_instruction(en, fr)


@pytest.mark.parametrize(
    ("en", "fr"),
    [  # content, including words the patterns must not trip on
        ("Common workflow patterns include prompt chaining, routing and orchestrator-workers.",
         "Parmi les schémas de workflow courants, on trouve l'enchaînement de prompts et le routage."),
        ("Names and descriptions are the model's only manual.", "Les noms et descriptions sont le seul mode d'emploi."),
        ("Names, emails and account numbers are removed before training.", "Noms et e-mails sont supprimés avant."),
        ("ef_search, the candidate list size at query time, trades latency for recall.", "ef_search arbitre latence et rappel."),
        ("Rescoring the top candidates with full vectors recovers most of that lost accuracy.",
         "Recalculer le score des meilleurs candidats avec les vecteurs complets récupère l'essentiel."),
    ],
)
def test_content_is_not_taken_for_an_instruction(en, fr):
    assert not grading_instruction(en, fr)


def test_shipped_key_points_state_content(bank):
    found = [f"{q.id}/{k.id}: {k.text.en}" for q in bank.questions.values() for k in q.key_points
             if grading_instruction(k.text.en, k.text.fr)]
    assert not found, "key points written as grading instructions:\n" + "\n".join(found)
