"""What ``bank validate`` checks beyond the schema, on every question it loads.

- **Leaks (errors).** A hint, the rephrase or a follow-up probe must not give a key point away: each
  one goes through the check the app applies to LLM-written recruiter text (``leaked_point``: a shared
  4-word sequence with a key point, or most of a key point's distinctive words), with the question's
  own words discounted, in both languages.
- **French typography (warnings).** The catalog's rule (:func:`interview_bot.i18n.typography.french_problems`):
  no-break spaces before ``: ; ? !`` and inside « », French quotes, narrow no-break spaces in thousands.
- **Neutral address (errors).** No masculine-only form addressed to the candidate in French: an adjective
  or participle agreeing with « vous » (« vous êtes prêt », « à vous seul », « vous y êtes-vous pris »,
  « cela vous a surpris »), a job title the candidate is named by (« travailler comme développeur »), or
  the same forms in the first person of a model answer (« j'étais le développeur », « j'en suis fier »).
  Rephrase neutrally (« avez-vous procédé », « ne revenait qu'à vous »); a doublet (« sûr ou sûre ») or
  a middle dot is accepted but is the last resort.
- **Glossary (warnings).** Calques and second terms for a recurring idea (``docs/glossary-fr.md``).
- **Review date (warning).** ``reviewed:`` older than a year: re-check the question's time-sensitive facts.
- **Overlap tags (warning).** An ``overlap-<slug>`` tag on a single question excludes nothing.

Loading for an interview runs none of this (a bank a trainer wrote or a machine converted still
loads); ``bank validate`` fails on an error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from ..i18n.typography import french_problems
from .schema import LANGS, Localized, Question

REVIEW_MAX_AGE_DAYS = 365

# One French word per recurring idea (docs/glossary-fr.md): pattern of what not to write → what to write.
GLOSSARY_FR: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bescalad(?:er|ez|ons|ent|é|ée|és|ées|ait|aient|ant|era|eront)\b"
                r"|\b(?:on|il|elle|qui|cascade)\s+escalade\b", re.I),
     "« escalader » is a calque: write « transférer (à un conseiller) » or « faire remonter » "
     "(the noun « escalade » is fine)"),
    (re.compile(r"\b(?:requêtes?|appels?)\s+en\s+vol\b", re.I), "« en vol » is a calque: write « en cours (de traitement) »"),
    (re.compile(r"poignée de main", re.I), "« poignée de main » is a calque of handshake: write « phase d'initialisation »"),
    (re.compile(r"\bpoints? de terminaison\b", re.I), "write « endpoint » (the bank's one term)"),
    (re.compile(r"\bplus durs? à\b", re.I), "spoken register: write « plus difficile(s) à »"),
    (re.compile(r"\bsous un (?:vrai )?trafic\b", re.I), "calque: write « avec un trafic réel »"),
    (re.compile(r"\bse rend avec\b", re.I), "calque of 'renders': write « est généré avec »"),
    (re.compile(r"\bpas pareil\b", re.I), "spoken register: write « diffèrent »"),
)


# Adjectives and participles whose feminine differs, said of a person (« vous êtes prêt », « je suis fier »).
_PERSON_ADJ = (r"prêts?|seuls?|sûrs?|certains?|fiers?|convaincus?|contents?|satisfaits?|heureux|déçus?|surpris|"
               r"inquiets?|persuadés?|conscients?|motivés?|intéressés?|habitués?|obligés?|forcés?|tenus?|chargés?|"
               r"passionnés?|engagés?|préparés?|formés?|allés?|venus?|partis?|arrivés?|restés?|devenus?|nés?|perdus?|"
               r"bloqués?|confrontés?|impliqués?|investis?|portés?|accrochés?|marqués?|poussés?|amenés?|embauchés?|"
               r"recrutés?|nouveaux|nouvel|seuls?|attentifs?|curieux|capables?(?!x)")
_ROLE_NOUN = r"(?:développeur|ingénieur|chercheur|consultant|expert|débutant|étudiant|candidat|architecte logiciel)s?"
_INCLUSIVE = r"(?![·.\-]e|\s+ou\s+\w+e\b)"  # « sûr ou sûre », « prêt·e »: not masculine-only
_ADVERBS = r"(?:(?:le|la|les|plus|moins|très|assez|bien|vraiment|tout à fait|toujours|encore|déjà|si|aussi|trop|en|y|alors)\s+)*"
MASCULINE_ADDRESS: tuple[re.Pattern[str], ...] = (
    # « vous êtes prêt », « êtes-vous sûr », « vous sentez-vous seul »
    re.compile(r"\b(?:vous\s+(?:êtes|étiez|serez|seriez|soyez|sentez|sentiez|semblez|sembliez|restez|resterez|"
               r"devenez|trouvez|trouviez)|(?:êtes|étiez|serez|seriez|sentez|semblez|restez|trouvez)-vous)\s+"
               + _ADVERBS + r"(?:" + _PERSON_ADJ + r")\b" + _INCLUSIVE, re.I),
    # « à vous seul », « vous seul »
    re.compile(r"\bvous\s+seuls?\b" + _INCLUSIVE, re.I),
    # reflexive past: « vous y êtes-vous pris », « vous vous êtes préparé »
    re.compile(r"\b(?:vous\s+(?:y\s+|en\s+)?(?:êtes|étiez|seriez)-vous|vous\s+vous\s+(?:y\s+|en\s+)?(?:êtes|étiez|seriez))"
               r"\s+" + _ADVERBS + r"\w+(?:é|i|is|it|u|t)s?\b" + _INCLUSIVE, re.I),
    # « vous » as the object of a participle that agrees: « cela vous a surpris »
    re.compile(r"\bvous\s+(?:a|ont|avait|avaient|aurait|auraient|ait|aient)\s+" + _ADVERBS + r"(?:" + _PERSON_ADJ + r")\b"
               + _INCLUSIVE, re.I),
    # the candidate named by a masculine job title: « travailler comme développeur »
    re.compile(r"\bvous\b[^.?!]*?\b(?:comme|en tant que)\s+(?:un\s+)?" + _ROLE_NOUN + r"\b(?!\s+ou\b)" + _INCLUSIVE,
               re.I),
    # a model answer's narrator: « j'étais le développeur », « j'en suis fier », « je me suis porté volontaire »
    re.compile(r"\b(?:j'étais|je suis|j'en suis|je me suis|je me sentais|je serais)\s+(?:(?:le|un|l'un des|très|assez|"
               r"plus|vraiment|toujours|encore)\s+)*(?:(?:deux\s+)?" + _ROLE_NOUN + r"|" + _PERSON_ADJ + r")\b" + _INCLUSIVE,
               re.I),
)


def masculine_address(text: str) -> list[str]:
    """The masculine-only forms addressed to (or put in the mouth of) the candidate in a French text."""
    spans = sorted((m.start(), -m.end(), m.group()) for pattern in MASCULINE_ADDRESS
                   for m in pattern.finditer(text.replace("\u2019", "'")))
    found, end = [], -1
    for start, neg_end, form in spans:  # one report per passage: the widest match that starts first
        if start >= end:
            found.append(form)
            end = -neg_end
    return found


def localized_fields(q: Question) -> Iterator[tuple[str, Localized]]:
    """Every text of ``q`` a candidate may read, with its path in the YAML (``hints.0``, …)."""
    yield "text", q.text
    if q.rephrase is not None:
        yield "rephrase", q.rephrase
    for j, h in enumerate(q.hints):
        yield f"hints.{j}", h
    for j, k in enumerate(q.key_points):
        yield f"key_points.{j}.text", k.text
    for j, p in enumerate(q.probes):
        yield f"probes.{j}.text", p.text
    for j, m in enumerate(q.misconceptions):
        yield f"misconceptions.{j}.text", m.text
        yield f"misconceptions.{j}.correction", m.correction
    yield "reference_answer", q.reference_answer
    for j, s in enumerate(q.study):
        yield f"study.{j}.title", s.title


def leaks(q: Question) -> Iterator[tuple[str, str, str]]:
    """(path, language, key point id) for each hint, rephrase or probe that gives a key point away."""
    from ..interview.context import TurnContext
    from ..interview.conversation import leaked_point

    shown: list[tuple[str, Localized]] = [(f"hints.{j}", h) for j, h in enumerate(q.hints)]
    if q.rephrase is not None:
        shown.append(("rephrase", q.rephrase))
    shown += [(f"probes.{j}.text", p.text) for j, p in enumerate(q.probes)]
    for lang in LANGS:
        by_text = {k.text.get(lang): k.id for k in q.key_points}
        ctx = TurnContext(kind="hint", lang=lang, question=q.text.get(lang), missed=list(by_text))
        for path, text in shown:
            hit = leaked_point(text.get(lang), ctx)
            if hit is not None:
                yield path, lang, by_text[hit]


def lint_question(q: Question, lines: dict[str, int], line: int,
                  today: dt.date | None = None) -> list[tuple[int, str, str]]:
    """(line, message, severity) for each problem of ``q``; ``lines`` maps a field path to its line."""
    out: list[tuple[int, str, str]] = []
    for path, lang, kp in leaks(q):
        what = "the rephrase" if path == "rephrase" else path.removesuffix(".text").replace(".", " ")
        out.append((lines.get(f"{path}.{lang}", line),
                    f"{path}.{lang}: {what} gives away key point '{kp}' (the app's leak check); "
                    "point at the situation, not at the answer", "error"))
    for path, loc in localized_fields(q):
        fr_line = lines.get(f"{path}.fr", line)
        for form in masculine_address(loc.fr):
            out.append((fr_line, f"{path}.fr: '{form}' addresses the candidate in the masculine only: rephrase "
                        "neutrally (« avez-vous procédé », « ne revenait qu'à vous », « je développais »)", "error"))
        for problem in french_problems(loc.fr)[:3]:
            out.append((fr_line, f"{path}.fr: French typography: {problem}", "warning"))
        for pattern, advice in GLOSSARY_FR:
            m = pattern.search(loc.fr)
            if m:
                out.append((fr_line, f"{path}.fr: '{m.group()}': {advice}", "warning"))
    if q.reviewed is not None:
        age = ((today or dt.date.today()) - q.reviewed).days
        if age > REVIEW_MAX_AGE_DAYS:
            out.append((lines.get("reviewed", line), f"question '{q.id}' was reviewed {q.reviewed.isoformat()}, "
                        f"more than a year ago: re-check its time-sensitive facts and update 'reviewed:'", "warning"))
    return out


def lone_overlap_tags(questions: Iterable[Question]) -> list[tuple[str, str]]:
    """(question id, tag) for each ``overlap-`` tag that no other question carries."""
    qs = list(questions)
    counts = Counter(t for q in qs for t in set(q.tags) if t.startswith("overlap-"))
    return [(q.id, t) for q in qs for t in q.tags if t.startswith("overlap-") and counts[t] == 1]
