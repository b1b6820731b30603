"""Lexical helpers for the scorer: words, stop words (FR/EN), sentences, language guess, and the
patterns of answers that talk to the grader instead of answering."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

WORD_RE = re.compile(r"[\w][\w'’\-]*", re.UNICODE)
SENTENCE_RE = re.compile(r"[^.!?;\n]+[.!?;]*", re.UNICODE)

STOP_EN = set(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have
    having he her here hers him his how i if in into is it its itself just me more most my no nor not now
    of off on once only or other our ours out over own same she should so some such than that the their
    theirs them then there these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours also like really well yeah um uh
    maybe kind sort thing things lot get got use used using one two make makes made way""".split()
)
# Words every answer in this domain uses: they show no knowledge of a particular key point.
DOMAIN_GENERIC = set(
    """model models modele modeles llm llms prompt prompts answer answers reponse reponses question
    questions data donnee donnees user users utilisateur utilisateurs system systeme request requests
    demande demandes text texte use utiliser utilise application app""".split()
)
STOP_FR = set(
    """a à au aux avec ce ces cet cette dans de des du elle elles en est et être eux il ils je la le les
    leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se
    ses son sont sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y été était sont ont
    avait avoir fait faire plus moins très bien aussi donc alors comme si ça cela ceci car puis quand
    quoi dont chaque tout tous toute toutes autre autres peut peuvent faut euh bon ben voilà genre
    truc chose choses lequel laquelle entre sans sous chez vers leur""".split()
)
FUNCTION_WORDS = STOP_EN | STOP_FR


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lowercase and strip accents (so 'modèle' and 'modele' match)."""
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w.strip("'’-") for w in WORD_RE.findall(fold(text)) if w.strip("'’-")]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """A crude shared stem for FR/EN: enough to match 'embeddings'/'embedding', 'chunking'/'chunks'."""
    w = word
    for suf in ("ations", "ation", "ements", "ement", "ings", "ing", "ies", "es", "s", "ed", "er", "e"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            w = w[: -len(suf)]
            break
    return w[:7]


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)
            if w not in FUNCTION_WORDS and w not in DOMAIN_GENERIC and len(w) > 1 and not w.isdigit()]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences/clauses, trimmed; each is an exact slice of ``text``."""
    spans = []
    for m in SENTENCE_RE.finditer(text):
        s, e = m.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s >= 3:
            spans.append((s, e))
    return spans


def guess_language(text: str) -> str | None:
    """'fr', 'en' or None when there is too little text to tell."""
    ws = words(text)
    fr = sum(1 for w in ws if w in STOP_FR and w not in STOP_EN)
    en = sum(1 for w in ws if w in STOP_EN and w not in STOP_FR)
    accents = sum(1 for c in text if c in "éèêàâçôûùîïœ")
    fr += accents // 3
    if fr + en < 3:
        return None
    if fr >= 2 * en:
        return "fr"
    if en >= 2 * fr:
        return "en"
    return None


# Sentences that talk to whoever grades the answer *about the grade*. Matched on folded text.
# Generic injection phrases ("ignore previous instructions", "[INST]", "system:") are not listed: an
# honest answer about prompt injection or chat templates uses them, and the offline scorer follows no
# instruction anyway; such text simply aligns with no key point. The LLM judge gets the answer as data.
GRADER_PATTERNS = [
    r"\b(give|award|assign|donne[sz]?|attribue[sz]?|mets|mettez)\b.{0,30}\b(full|maximum|max|perfect|top|100|maximal|20/20|10/10|4/4|note maximale)\b.{0,20}\b(marks?|score|points?|note|grade|level|niveau)?",
    r"\b(full|maximum|perfect|maximal)\s+(marks?|score|points|note)\b",
    r"\bnote maximale\b",
    r"\b(score|note|grade|level|niveau|overall|rating)\s*[:=]\s*\"?\d",
    r"\b(dear|cher|chere)\s+(grader|judge|evaluator|correcteur|examinateur|scorer)\b",
    r"\b(note|summary|message|remark|remarque|mot)\s+(for|to|au|aux|pour|a)\s+(the\s+|l'|le\s+|la\s+)?(reviewer|grader|evaluator|judge|marker|correcteur|correctrice|examinateur|evaluateur|jury|relecteur)",
    r"^\W*(grader|evaluator|marker|correcteur|examinateur|evaluateur|jury|relecteur)s?\s*(note)?\s*[:\-]",
    r"\b(this|my|the above)\s+(answer|response)\s+(above\s+)?(also\s+)?(covers|deserves|meets|hits|satisfies)\s+(all|every|each|the|full)\b",
    r"\b(cette|ma)\s+reponse\s+(ci-dessus\s+)?(couvre|merite|remplit|satisfait)\s+(tous|toutes|chaque|la note|le maximum)",
    r"\b(deserves?|merite)\b.{0,20}\d+\s*(/|sur|out of)\s*\d+",
    r"^\W*(please\s+)?(rate|grade|mark|score)\s+(this|it|the answer|every|all|each)\b.{0,40}(\d|full|max|fully|met|perfect|maximum)",
    r"\bmark\w*\b.{0,40}\b(fully met|as met|maximum)",
    r"\b(rate|grade|mark|score|note[sz]?)\s+(this|the|my|cette|la|ma)\s+(answer|response|reponse)\b.{0,30}\d",
    r"\b(100|\d{1,2})\s*/\s*(100|20)\b|\b(4/4|10/10)\b",
    r"\b(output|give|award|set|return|mets|donne)\b.{0,20}\b(score|level|grade|note|niveau)\s*(of\s*|de\s*)?\d+",
    r"\b(you are|tu es|vous etes)\s+(a|an|the|un|une|le|la)?\s*(\w+\s+)?(grader|judge|evaluator|scorer|correcteur|examinateur|evaluateur)\b",
    r"\b(be|soyez|sois)\s+(generous|lenient|kind|indulgent|indulgente|genereux|genereuse|clement)\b.{0,40}\b(evaluation|grading|marking|score|mark|note|notation|correction)",
]
_GRADER_RE = [re.compile(p) for p in GRADER_PATTERNS]


_QUOTED = re.compile(r"\"[^\"\n]{1,200}\"|«[^»\n]{1,200}»|“[^”\n]{1,200}”")
_JSON_KEY = re.compile(
    r"[\"']?\s*(score|overall|level|grade|verdict|covered|note|points|rating|marks?|niveau)\s*[\"']?\s*:", re.I
)


def _brace_blocks(text: str) -> list[tuple[int, int]]:
    """Outermost {...} blocks (nested braces included)."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "{":
            if depth == 0:
                start = i
            depth += 1
        elif c == "}" and depth:
            depth -= 1
            if depth == 0:
                out.append((start, i + 1))
    return out


def grader_addressing_spans(text: str) -> list[tuple[int, int]]:
    """Spans of sentences that talk to the grader; they earn nothing and are flagged.

    A phrase inside quotation marks is a mention (e.g. explaining what an injection looks like),
    not an instruction, and does not count."""
    out = []
    for s, e in sentence_spans(text):
        folded = fold(_QUOTED.sub(" ", text[s:e]))
        if any(r.search(folded) for r in _GRADER_RE):
            out.append((s, e))
    # JSON-looking blocks anywhere (fake verdicts) count too, nested or single-quoted.
    for s, e in _brace_blocks(text):
        if _JSON_KEY.search(text[s:e]):
            out.append((s, e))
    return out


_VOWELS = set("aeiouyàâéèêëîïôûùœ")


def unreadable_share(ws: list[str]) -> float:
    """Share of words (4+ letters) that no language would spell: no vowel, 5+ consonants in a row,
    or a letter repeated 4 times."""
    long = [w for w in ws if len(w) >= 4 and w.isalpha()]
    if not long:
        return 0.0
    bad = 0
    for w in long:
        run, worst = 0, 0
        for c in w:
            run = 0 if c in _VOWELS else run + 1
            worst = max(worst, run)
        if not (set(w) & _VOWELS) or worst >= 5 or re.search(r"(.)\1\1\1", w):
            bad += 1
    return bad / len(long)


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans with spaces, so offsets into the original text stay valid."""
    chars = list(text)
    for s, e in spans:
        for i in range(s, min(e, len(chars))):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)
