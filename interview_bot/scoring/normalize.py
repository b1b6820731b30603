"""Stage 0 of scoring: a normalised view of the answer that keeps a map back to the original text.

Obfuscation must not change what the scorer reads: full-width or styled letters (NFKC), zero-width
and bidirectional control characters, and Latin look-alikes from Cyrillic or Greek inside an
otherwise Latin word are all folded before anything else looks at the text. Every scoring stage works
on :attr:`Normalized.text`; evidence is mapped back with :meth:`Normalized.original_span`, so a quote
shown to the candidate is always an exact substring of what they typed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters that render as nothing (or reorder text) and only serve to hide words from a scorer.
INVISIBLE = {
    *map(chr, range(0x200B, 0x2010)),  # zero-width space/joiners, LRM/RLM
    *map(chr, range(0x202A, 0x202F)),  # bidi embeddings and overrides
    *map(chr, range(0x2060, 0x2070)),  # word joiner, invisible operators, bidi isolates
    "\ufeff",
    "\u00ad",  # soft hyphen
    "\u034f",  # combining grapheme joiner
}

# Cyrillic and Greek letters that look like Latin ones; replaced only inside words that also
# contain Latin letters (a genuinely Cyrillic or Greek word is left alone).
CONFUSABLE = str.maketrans(
    {
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j",
        "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
        "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
        "α": "a", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "τ": "t", "υ": "u",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
        "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    }
)


def clean_input(text: str) -> str:
    """Replace lone surrogates and other unencodable code points (they crash UTF-8 encoders)."""
    return text.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(text) else text


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str
    origin: tuple[int, ...]  # origin[i] = index in ``original`` of normalised character i

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that normalised ``text[start:end]`` came from."""
        if start >= end or not self.origin:
            return (0, 0)
        s = self.origin[start]
        last = self.origin[end - 1]
        e = self.origin[end] if end < len(self.origin) else len(self.original)
        e = max(e, last + 1)
        return (s, e)

    def quote(self, start: int, end: int) -> str:
        s, e = self.original_span(start, end)
        return self.original[s:e].strip()


def normalize(answer: str) -> Normalized:
    answer = clean_input(answer)
    if answer.isascii():  # nothing to fold: ASCII is its own NFKC form, and no invisible character is ASCII
        return Normalized(answer, answer, tuple(range(len(answer))))
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(answer):
        if ch < "\x80":
            out.append(ch)
            origin.append(i)
            continue
        if ch in INVISIBLE:
            continue
        folded = unicodedata.normalize("NFKC", ch)
        for c in folded:
            out.append(c)
            origin.append(i)
    text = _fix_mixed_script("".join(out))
    return Normalized(answer, text, tuple(origin))


def _fix_mixed_script(text: str) -> str:
    """Map look-alike letters inside words that also hold ASCII letters (same length: offsets hold)."""
    if text.isascii() or text.translate(CONFUSABLE) == text:  # no look-alike letter at all
        return text
    chars = list(text)
    start = None
    for i, c in enumerate([*text, " "]):
        if c.isalpha():
            if start is None:
                start = i
            continue
        if start is not None:
            word = text[start:i]
            if any("a" <= ch.lower() <= "z" for ch in word) and not word.isascii():
                mapped = word.translate(CONFUSABLE)
                if len(mapped) == len(word):
                    chars[start:i] = list(mapped)
            start = None
    return "".join(chars)
