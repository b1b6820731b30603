"""Lexical helpers for the scorer: words, stop words (FR/EN), sentences, language guess, and the
patterns of answers that talk to the grader instead of answering."""

from __future__ import annotations

import re
import unicodedata

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
STOP_FR = set(
    """a à au aux avec ce ces cet cette dans de des du elle elles en est et être eux il ils je la le les
    leur leurs lui ma mais me même mes moi mon ne nos notre nous on ou où par pas pour qu que qui sa se
    ses son sont sur ta te tes toi ton tu un une vos votre vous c d j l m n s t y été était sont ont
    avait avoir fait faire plus moins très bien aussi donc alors comme si ça cela ceci car puis quand
    quoi dont chaque tout tous toute toutes autre autres peut peuvent faut euh bon ben voilà genre
    truc chose choses lequel laquelle entre sans sous chez vers leur""".split()
)
FUNCTION_WORDS = STOP_EN | STOP_FR


def fold(text: str) -> str:
    """Lowercase and strip accents (so 'modèle' and 'modele' match)."""
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return [w.strip("'’-") for w in WORD_RE.findall(fold(text)) if w.strip("'’-")]


def stem(word: str) -> str:
    """A crude shared stem for FR/EN: enough to match 'embeddings'/'embedding', 'chunking'/'chunks'."""
    w = word
    for suf in ("ations", "ation", "ements", "ement", "ings", "ing", "ies", "es", "s", "ed", "er", "e"):
        if len(w) > len(suf) + 3 and w.endswith(suf):
            w = w[: -len(suf)]
            break
    return w[:7]


def content_stems(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in FUNCTION_WORDS and len(w) > 1 and not w.isdigit()]


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


# Sentences that address the grader or try to dictate the verdict. Matched on folded text.
GRADER_PATTERNS = [
    r"\bignore\b.{0,40}\b(instruction|rubric|grille|consigne|prompt|previous|precedent|above|ci-dessus|regle|rule)",
    r"\b(disregard|forget|oublie[sz]?)\b.{0,40}\b(instruction|rubric|grille|consigne|rule|regle)",
    r"\b(give|award|assign|donne[sz]?|attribue[sz]?|mets|mettez)\b.{0,30}\b(full|maximum|max|perfect|top|100|maximal|toutes? les|20/20|10/10|4/4|note maximale|points?)\b",
    r"\b(full|maximum|perfect|maximal)\s+(marks?|score|points?|note)\b",
    r"\bnote maximale\b",
    r"\b(score|note|grade|level|niveau|overall|rating)\s*[:=]\s*\"?\d",
    r"\"\s*(score|overall|level|grade|verdict|covered|note)\s*\"\s*:",
    r"\b(you are|tu es|vous etes|act as|as the|en tant que)\b.{0,30}\b(grader|judge|evaluat\w*|correcteur|examinateur|juge|scorer|recruteur|recruiter)",
    r"\b(dear|cher|chere)\s+(grader|judge|evaluator|correcteur|examinateur|ai|ia|model|modele|assistant)\b",
    r"\b(system|assistant)\s*(prompt|message)?\s*:",
    r"\bthought process\s*:|\bprocessus de reflexion\s*:|\breasoning\s*:",
    r"\b(this|my|cette|ma)\s+(answer|reponse)\s+(is|est)\s+(perfect|excellent|correct|complete|parfaite|complete|juste)",
    r"\b(new|nouvelles?)\s+(instructions?|consignes?)\b",
    r"</?\s*(system|instructions?|rubric|judge)\s*>",
]
_GRADER_RE = [re.compile(p) for p in GRADER_PATTERNS]


def grader_addressing_spans(text: str) -> list[tuple[int, int]]:
    """Spans of sentences that talk to the grader; they earn nothing and are flagged."""
    out = []
    for s, e in sentence_spans(text):
        folded = fold(text[s:e])
        if any(r.search(folded) for r in _GRADER_RE):
            out.append((s, e))
    # JSON-looking blocks anywhere count too.
    for m in re.finditer(r"\{[^{}]{0,400}\}", text):
        if re.search(r"\"\s*\w+\s*\"\s*:", m.group(0)):
            out.append(m.span())
    return out


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans with spaces, so offsets into the original text stay valid."""
    chars = list(text)
    for s, e in spans:
        for i in range(s, min(e, len(chars))):
            if not chars[i].isspace():
                chars[i] = " "
    return "".join(chars)
