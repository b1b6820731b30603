"""Stage 3 of scoring: is a window of the answer written text, or words thrown together?

Alignment rewards the right words in any order, so two cheap, language-level signals decide how much
a window may earn:

* **Word order** — a bigram model over *word classes*: each function word (FR/EN stop words) is its
  own class, every other word is ``C`` (content) or ``D`` (digits). Natural sentences put function
  words in characteristic places ("of the C", "C is a C", "le C de la C"); a shuffled salad does
  not, with or without punctuation. The model is counted at first use from the shipped bank's
  reference answers (our own FR/EN prose); a window's score is the mean pointwise mutual information
  of its transitions (how much more likely each class is after the previous one than alone).
* **Lists** — a window split by list separators ("," ";" bullets, "and"/"et"/"or"/"ou") into four
  or more items of at most two content words, with nothing but articles around them, is a term list:
  it names things without saying anything about them.

Thresholds are fitted on real students' answers (Beetle train split) against shuffled versions
made with seeds the evaluation never uses: ``python -m bench.fit_scorer``.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass

from .text import FUNCTION_WORDS, fold

TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+", re.UNICODE)
SMOOTH = 0.1  # add-k smoothing of the class bigram counts
MIN_WORDS = 6  # shorter windows are too short to judge word order: factor 1
ORDER_LO = -0.45  # mean PMI at or below which a window counts as salad (factor 0) …
ORDER_HI = -0.05  # … and at or above which it counts as prose (factor 1); fitted, see module doc
LIST_MIN_ITEMS = 4
LIST_ITEM_WORDS = 2
LIST_FACTOR = 0.2  # a term list keeps this share of what its words align with
ARTICLES = {"the", "a", "an", "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "some", "its", "their"}
LIST_SPLIT = re.compile(r"[,;•·\n|/]|(?<!\w)[-*+](?=\s)|\b(?:and|or|et|ou|plus|puis|then)\b", re.I)


def word_class(word: str) -> str:
    w = fold(word)
    if w in FUNCTION_WORDS:
        return w
    return "D" if w.isdigit() else "C"


@dataclass
class ClassBigrams:
    bigrams: Counter[tuple[str, str]]
    unigrams: Counter[str]

    @classmethod
    def count(cls, texts: list[str]) -> ClassBigrams:
        bi: Counter[tuple[str, str]] = Counter()
        uni: Counter[str] = Counter()
        for t in texts:
            seq = ["<s>", *(word_class(w) for w in TOKEN.findall(t))]
            for a, b in zip(seq, seq[1:], strict=False):
                bi[a, b] += 1
                uni[a] += 1
        return cls(bi, uni)

    def mean_pmi(self, text: str) -> float | None:
        seq = [word_class(w) for w in TOKEN.findall(text)]
        if len(seq) < MIN_WORDS:
            return None
        vocab = len(self.unigrams) + 1
        total = sum(self.unigrams.values())
        acc = 0.0
        for a, b in zip(seq, seq[1:], strict=False):
            p = (self.bigrams[a, b] + SMOOTH) / (self.unigrams[a] + SMOOTH * vocab)
            p_b = (self.unigrams[b] + SMOOTH) / (total + SMOOTH * vocab)
            acc += math.log(p / p_b)
        return acc / (len(seq) - 1)


_model: ClassBigrams | None = None
_lock = threading.Lock()


def class_model() -> ClassBigrams:
    global _model
    with _lock:
        if _model is None:
            from ..bank import shipped_paths
            from ..bank.loader import load_bank

            bank = load_bank(shipped_paths())
            texts = [q.reference_answer.get(lang) for q in bank.questions.values() for lang in ("fr", "en")]
            _model = ClassBigrams.count(texts)
        return _model


def order_factor(text: str, model: ClassBigrams | None = None) -> float:
    """1 for prose, 0 for a word salad, in between when unsure."""
    pmi = (model or class_model()).mean_pmi(text)
    if pmi is None:
        return 1.0
    return min(1.0, max(0.0, (pmi - ORDER_LO) / (ORDER_HI - ORDER_LO)))


def is_term_list(text: str) -> bool:
    items = [p for p in LIST_SPLIT.split(text) if p and p.strip()]
    if len(items) < LIST_MIN_ITEMS:
        return False
    short = 0
    for item in items:
        ws = [fold(w) for w in TOKEN.findall(item)]
        content = [w for w in ws if w not in ARTICLES]
        if len(content) <= LIST_ITEM_WORDS and not any(w in FUNCTION_WORDS for w in content):
            short += 1
    return short >= LIST_MIN_ITEMS and short / len(items) >= 0.75


def window_factor(text: str, model: ClassBigrams | None = None) -> float:
    """How much of its alignment a window may keep: word order × (term list penalty)."""
    f = order_factor(text, model)
    if is_term_list(text):
        f = min(f, LIST_FACTOR)
    return f
