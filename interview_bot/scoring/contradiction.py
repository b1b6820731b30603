"""Stage 2 of scoring: does the answer say the opposite of what it aligns with?

Alignment cannot see polarity: "RAG does not retrieve passages" aligns with "RAG retrieves
passages" almost perfectly. So, for the reference tokens that found a close answer token, we compare
*polarity*: a token inside a negation's scope on one side and not on the other, or a pair of
antonyms ("open"/"closed", "before"/"after"), is a flip. When enough of the matched content flips,
the key point is *contradicted* rather than covered.

Negation scope is lexical and deliberately simple (FR + EN): from a cue to the end of its clause,
at most ``SCOPE_WORDS`` words (so "it is not the case that …" covers the proposition); "without"/"sans"/"instead of" scope only over the next few words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .embedder import TokenVectors
from .text import FUNCTION_WORDS, fold

SCOPE_WORDS = 25  # a negation cue reaches to the end of its clause, at most this many words …
SHORT_SCOPE_WORDS = 4  # … "without"/"sans"/"instead of" only this many
MATCH_SIM = 0.55  # a reference token counts as matched when its best answer token is this close
FLIP_FULL = 6  # this many flipped content words contradict a key point however long it is

_CUES = (
    r"not|no|never|none|nothing|nobody|neither|nor|cannot|can't|cant|won't|don't|doesn't|didn't|isn't"
    r"|aren't|wasn't|weren't|shouldn't|wouldn't|couldn't|mustn't|haven't|hasn't|hadn't|n't"
    r"|ne|pas|jamais|aucun|aucune|rien|personne|nullement|guère|non"
    r"|false|untrue|wrong|incorrect|myth|faux|fausse|erroné|erronée|inexact|mythe"
)
_SHORT_CUES = r"without|sans|instead of|au lieu de|rather than|plutôt que|lack|lacks|lacking|manque"
CUE_RE = re.compile(rf"(?<![\w'’])(?:{_CUES})(?![\w'’])|(?<![\w'’])n['’](?=\w)", re.IGNORECASE)
SHORT_CUE_RE = re.compile(rf"(?<![\w'’])(?:{_SHORT_CUES})(?![\w'’])", re.IGNORECASE)
CLAUSE_END = re.compile(r"[.;:!?,\n]|\b(but|mais|however|cependant|although|bien que|whereas|alors que)\b", re.I)
WORD = re.compile(r"[\w'’-]+")

# Generic antonyms (no domain terms): a match between the two words of a pair is a flip.
_PAIRS = """open closed|on off|same different|before after|increase decrease|increases decreases
more less|higher lower|high low|true false|always never|all none|inside outside|positive negative
connected disconnected|complete incomplete|allowed forbidden|safe unsafe|public private|static dynamic
synchronous asynchronous|sync async|visible hidden|enabled disabled|stateless stateful|cheaper costlier
faster slower|larger smaller|bigger smaller|add remove|include exclude|accept reject|valid invalid
correct incorrect|possible impossible|required optional|mandatory optional|explicit implicit
deterministic random|input output|first last|start end|early late|encrypt decrypt|lossless lossy
ouvert fermé|ouverte fermée|même différent|avant après|augmente diminue|plus moins|vrai faux
toujours jamais|tous aucun|interne externe|positif négatif|connecté déconnecté|complet incomplet
autorisé interdit|sûr dangereux|public privé|publique privée|statique dynamique|visible caché
activé désactivé|ajouter supprimer|inclure exclure|accepter rejeter|valide invalide|correct incorrect
possible impossible|obligatoire facultatif|explicite implicite|déterministe aléatoire|entrée sortie
premier dernier|début fin|rapide lent|moins cher plus cher|grand petit
encoder decoder|encodeur décodeur|client server|client serveur|read write|lecture écriture|upper lower
minimum maximum|min max|left right|gauche droite|training inference|entraînement inférence|train test
prefill decode|supervised unsupervised|supervisé non-supervisé|online offline|en ligne hors ligne
cpu gpu|sparse dense|creux dense|lexical semantic|lexicale sémantique|shorter longer|court long
cheaper pricier|above below|au-dessus en-dessous|up down|hausse baisse|raises lowers|augmenter réduire"""
ANTONYMS: dict[str, set[str]] = {}
for _pair in _PAIRS.replace("\n", "|").split("|"):
    _words = _pair.split()
    if len(_words) == 2:
        a, b = fold(_words[0]), fold(_words[1])
        ANTONYMS.setdefault(a, set()).add(b)
        ANTONYMS.setdefault(b, set()).add(a)


# Cues that deny a whole proposition: their scope runs to the end of the sentence, commas included.
PROPOSITION_CUE_RE = re.compile(
    r"(?<![\w'’])(?:it is (?:not|never) (?:true|the case) that|it is false that|it's not true that"
    r"|no: it is never the case that|nobody thinks that|wrong idea:|il est faux de (?:dire|penser|croire) que"
    r"|ce n['’]est pas (?:vrai|le cas) que|il n['’]est pas vrai que|jamais :|faux :)",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"[.!?\n]")


def negated_spans(text: str) -> list[tuple[int, int]]:
    """Character spans under a negation (the cue itself excluded)."""
    spans = []
    for m in PROPOSITION_CUE_RE.finditer(text):
        end_m = SENTENCE_END.search(text, m.end())
        spans.append((m.end(), end_m.start() if end_m else len(text)))
    for rx, limit in ((CUE_RE, SCOPE_WORDS), (SHORT_CUE_RE, SHORT_SCOPE_WORDS)):
        for m in rx.finditer(text):
            start = m.end()
            end_m = CLAUSE_END.search(text, start)
            clause_end = end_m.start() if end_m else len(text)
            ws = list(WORD.finditer(text, start, clause_end))[:limit]
            if ws:
                spans.append((start, ws[-1].end()))
    return spans


def negated_tokens(tv: TokenVectors, text: str) -> np.ndarray:
    spans = np.array(negated_spans(text), dtype=np.int64).reshape(-1, 2)
    starts = np.array([s for s, _e in tv.offsets], dtype=np.int64)
    # a token is negated when it starts inside a span
    out = np.asarray(((starts[:, None] >= spans[None, :, 0]) & (starts[:, None] < spans[None, :, 1])).any(axis=1),
                     dtype=bool)
    # French "ne … pas" doubles the cue; "pas" itself must not count as a negated content word.
    return out


def _word_at(tv: TokenVectors, text: str, i: int) -> str:
    s = tv.offsets[i][0]
    m = WORD.match(text, s) if s < len(text) else None
    if m is None:
        # a sub-word piece: find the word that contains it
        for m2 in WORD.finditer(text):
            if m2.start() <= s < m2.end():
                return fold(m2.group())
        return ""
    start = s
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
        start -= 1
    m = WORD.match(text, start)
    return fold(m.group()) if m else ""


def _other_number(a: str, b: str) -> bool:
    """"4-bit" matched by "16-bit", "200 ms" by "20": two different figures in the same place."""
    da, db = re.sub(r"\D", "", a), re.sub(r"\D", "", b)
    return bool(da) and bool(db) and da != db


def flip_share(
    ref: TokenVectors,
    ref_text: str,
    ref_idx: list[int],
    weights: np.ndarray,
    ans: TokenVectors,
    ans_text: str,
    best_ans: np.ndarray,
    best_sim: np.ndarray,
    ans_neg: np.ndarray | None = None,
) -> float:
    """Weighted share of the matched content tokens the answer negates while the key point does not
    (out of at most ``FLIP_FULL``: negating the core of a long key point is enough)."""
    if len(ref_idx) == 0:
        return 0.0
    ref_neg = negated_tokens(ref, ref_text)
    ans_neg = negated_tokens(ans, ans_text) if ans_neg is None else ans_neg
    flipped = 0.0
    matched = 0.0
    for k, ri in enumerate(ref_idx):
        if best_sim[k] < MATCH_SIM:
            continue
        rw = _word_at(ref, ref_text, ri)
        if not rw or rw in FUNCTION_WORDS:
            continue
        ai = int(best_ans[k])
        aw = _word_at(ans, ans_text, ai)
        w = float(weights[k])
        matched += w
        # Only the answer negating what the key point asserts counts (and antonyms): a key point that
        # itself holds a negation ("…, not the schema") is often restated positively by a right answer.
        if (bool(ans_neg[ai]) and not bool(ref_neg[ri])) or aw in ANTONYMS.get(rw, ()) or _other_number(rw, aw):
            flipped += w
    return min(1.0, flipped / min(matched, FLIP_FULL)) if matched else 0.0


_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])")


def polarity_evidence(ref_text: str, passage: str) -> tuple[float, float, float]:
    """Two sentence-level measurements of "the passage says it the other way" (the learned
    contradiction head weighs them; nothing here decides):

    - ``negation``: 1 when the passage holds more negation cues than the key point, wherever they
      stand ("X is a myth", "people say X, but that is wrong" put the cue after the proposition,
      where the token-level scope of ``flip_share`` does not reach);
    - ``swap``: the key point's words or figures the passage replaces by their opposite (an antonym
      from ``ANTONYMS`` present while the word itself is absent; a figure absent while other figures
      are there), out of 2;
    - ``overlap``: the share of the key point's content words the passage repeats (on their first five
      letters): a denial that restates the key point word for word repeats nearly all of them, an
      answer in its own words far fewer.
    """
    def cues(t: str) -> int:
        return len(CUE_RE.findall(t)) + len(PROPOSITION_CUE_RE.findall(t))

    negation = 1.0 if cues(passage) > cues(ref_text) else 0.0
    ref_words = {fold(w) for w in WORD.findall(ref_text)} - FUNCTION_WORDS
    said = {fold(w) for w in WORD.findall(passage)}
    swapped = sum(1 for w in ref_words if w not in said and ANTONYMS.get(w, set()) & said)
    ref_nums, said_nums = set(_NUMBER.findall(ref_text)), set(_NUMBER.findall(passage))
    if said_nums - ref_nums:
        swapped += len(ref_nums - said_nums)
    stems = {w[:5] for w in said}
    overlap = sum(1 for w in ref_words if w[:5] in stems) / len(ref_words) if ref_words else 0.0
    return negation, min(1.0, swapped / 2), overlap


# A sentence of the answer that repeats this share of a reference-answer sentence's content words (on
# their first five letters) restates that sentence; if it then replaces one of its words by an antonym
# or one of its figures by another, it states that fact the other way ("prefill is compute-bound" →
# "decode is compute-bound", "WCAG 2.2" → "WCAG 9.2"). Only near-copies are read this way: in the words of
# the candidate's own answer, key points and their contradiction head decide.
REF_COPY = 0.8
REF_MIN_WORDS = 5


def reference_swaps(
    sentences: list[tuple[int, int]], text: str, reference: str, ref_spans: list[tuple[int, int]],
) -> list[tuple[tuple[int, int], str]]:
    """Answer sentences that restate a sentence of the bank's reference answer with a fact swapped:
    ``[(answer span, the reference sentence)]``, at most one per answer sentence."""
    refs = _reference_sentences(reference, tuple(ref_spans))
    out = []
    for s, e in sentences:
        passage = text[s:e]
        said = {fold(w) for w in WORD.findall(passage)}
        stems = {w[:5] for w in said}
        said_nums = set(_NUMBER.findall(passage))
        for r, words, every, nums in refs:
            if sum(1 for w in words if w[:5] in stems) / len(words) < REF_COPY:
                continue
            swapped = any(w not in said and ANTONYMS.get(w, set()) & (said - every) for w in every)
            if swapped or (said_nums - nums and nums - said_nums):
                out.append(((s, e), r))
                break
    return out


@lru_cache(maxsize=512)
def _reference_sentences(
    reference: str, ref_spans: tuple[tuple[int, int], ...],
) -> list[tuple[str, set[str], set[str], set[str]]]:
    """The reference side of ``reference_swaps`` (the same for every answer to the question): each
    sentence with enough content words, its content words, all its words and its figures."""
    refs = []
    for s, e in ref_spans:
        r = reference[s:e]
        every = {fold(w) for w in WORD.findall(r)}  # "before"/"after", "more"/"less" are function words
        words = every - FUNCTION_WORDS
        if len(words) >= REF_MIN_WORDS:
            refs.append((r, words, every, set(_NUMBER.findall(r))))
    return refs
