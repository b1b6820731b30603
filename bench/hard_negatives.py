"""Generated hard negatives for fitting the key-point heads: answers that use a key point's words
while saying it is false, swap one of its facts, hedge it, or scramble it.

    python -m bench.hard_negatives OUT.jsonl [--seed 7000]

Written in the graded set's format (question_id, lang, answer, grade, level, covered, contradicted) so
``bench.scorer_v3_data`` measures them like any answer. Kept apart from everything that is reported:

- only bank questions that are **not** in the graded development set (``--exclude`` its file): the
  cross-validated figures are measured on questions no generated row was made from;
- phrasings of their own (``_NEG_*`` below), not those of ``bench/adversarial.py``, and antonym
  pairs that are not among the adversarial bench's swaps; seeds from 7000 (the bench is reported on
  seeds from 9100);
- they train the *covered* and *contradicted* heads only (key-point rows), never the grade head.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from bench.adversarial import SWAP as BENCH_SWAP
from interview_bot.bank.loader import load_bank
from interview_bot.bank.schema import Lang, Question
from interview_bot.config import shipped_dir
from interview_bot.scoring.contradiction import ANTONYMS

# Whole-proposition denials, training only (the bench has its own).
_NEG_EN = [
    "People often say that {x}, but that is simply wrong.",
    "The idea that {x} is a misconception.",
    "I don't believe that {x}.",
    "Contrary to what the docs suggest, it isn't so that {x}.",
    "{X}? No, that does not hold in practice.",
    "You will read that {x}; it is incorrect.",
    "That {x} is a myth.",
    "Forget the claim that {x}: it's false.",
]
_NEG_FR = [
    "On lit souvent que {x}, mais c'est inexact.",
    "L'idée que {x} est une erreur.",
    "Je ne crois pas que {x}.",
    "Contrairement à ce que dit la doc, il n'est pas exact que {x}.",
    "{X} ? Non, cela ne tient pas en pratique.",
    "On entend que {x} : c'est incorrect.",
    "Que {x}, c'est un mythe.",
    "Oubliez l'affirmation selon laquelle {x} : elle est fausse.",
]
# Verb-level negations (a different auxiliary set from the bench's).
_VERB_EN = [(r"\b(is|are)\b", r"\1 never"), (r"\b(can)\b", "cannot"), (r"\b(should|must|will)\b", r"\1 never"),
            (r"\b(keeps|makes|needs|uses|gives|lets|runs|sends|stores|returns)\b", r"never \1")]
_VERB_FR = [(r"\b(est|sont)\b", r"ne \1 jamais"), (r"\b(peut|peuvent)\b", r"ne \1 pas"),
            (r"\b(garde|rend|utilise|donne|envoie|renvoie|stocke|permet)\b", r"ne \1 jamais")]
_HEDGE_EN = ["{X}, or possibly the reverse, it varies.", "Perhaps {x}; then again perhaps not.",
             "Some say {x}, others the opposite, hard to tell."]
_HEDGE_FR = ["{X}, ou peut-être l'inverse, ça varie.", "Possible que {x} ; ou pas, difficile à dire.",
             "Certains disent que {x}, d'autres l'inverse."]

# Antonym pairs for training: the scorer's generic list minus the adversarial bench's swaps.
TRAIN_ANTONYMS = {a: sorted(b - {BENCH_SWAP.get(a, "")}) for a, b in ANTONYMS.items() if a not in BENCH_SWAP}
WORD = re.compile(r"[\w'’-]+")


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:2] != s[:2].upper() else s


def _fill(template: str, text: str) -> str:
    x = text.rstrip(".")
    return template.replace("{X}", x[:1].upper() + x[1:]).replace("{x}", _lower_first(x))


def negate(text: str, lang: Lang, rng: random.Random) -> str:
    rules = _VERB_FR if lang == "fr" else _VERB_EN
    if rng.random() < 0.5:
        for pat, rep in rules:
            if re.search(pat, text):
                out = re.sub(pat, rep, text, count=1)
                return re.sub(r"\bne ([aeéiouh])", r"n'\1", out) if lang == "fr" else out
    return _fill(rng.choice(_NEG_FR if lang == "fr" else _NEG_EN), text)


def swap(text: str, rng: random.Random) -> str | None:
    """One fact changed without a negation: a training antonym, or a figure multiplied."""
    spots = [m for m in WORD.finditer(text) if m.group().lower() in TRAIN_ANTONYMS and TRAIN_ANTONYMS[m.group().lower()]]
    nums = list(re.finditer(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])", text))
    if not spots and not nums:
        return None
    m = rng.choice(spots + nums)
    w = m.group()
    if w[0].isdigit():
        new = str(int(float(w.replace(",", "."))) * rng.choice([3, 5, 20]) + rng.choice([0, 7]))
    else:
        new = rng.choice(TRAIN_ANTONYMS[w.lower()])
        new = new.capitalize() if w[0].isupper() else new
    return text[: m.start()] + new + text[m.end():]


def hedge(text: str, lang: Lang, rng: random.Random) -> str:
    return _fill(rng.choice(_HEDGE_FR if lang == "fr" else _HEDGE_EN), text)


def scramble(texts: list[str], rng: random.Random) -> str:
    words = [w for t in texts for w in t.split()]
    rng.shuffle(words)
    return " ".join(words)


def rows_for(q: Question, rng: random.Random) -> list[dict]:
    out = []
    for lang in ("en", "fr"):
        kps = q.key_points
        base = {"question_id": q.id, "lang": lang, "wrong_claims": [], "misconceptions": [], "style": "generated"}
        right = [k for k in kps]
        rng.shuffle(right)
        # 1. some key points stated, others denied: denied ones contradicted, stated ones covered
        denied = right[: rng.randint(1, 3)]
        stated = right[len(denied): len(denied) + rng.randint(1, 3)]
        parts = [(negate(k.text.get(lang), lang, rng), k, "neg") for k in denied] + [(k.text.get(lang), k, "ok") for k in stated]
        rng.shuffle(parts)
        out.append({**base, "answer": " ".join(p if p.endswith((".", "?", "!")) else p + "." for p, _, _ in parts),
                    "grade": 0, "level": "hard-negation", "covered": [k.id for _, k, t in parts if t == "ok"],
                    "contradicted": [k.id for _, k, t in parts if t == "neg"]})
        # 2. facts swapped in some key points, the rest stated
        swapped, ok = [], []
        for k in right:
            s = swap(k.text.get(lang), rng) if len(swapped) < 3 else None
            (swapped if s else ok).append((s or k.text.get(lang), k))
        if swapped:
            chosen = swapped + ok[: rng.randint(1, 3)]
            rng.shuffle(chosen)
            out.append({**base, "answer": " ".join(t for t, _ in chosen), "grade": 0, "level": "hard-swap",
                        "covered": [k.id for t, k in chosen if (t, k) in ok],
                        "contradicted": [k.id for t, k in chosen if (t, k) in swapped]})
        # 3. hedged both ways: neither stated nor denied
        hedged = right[: rng.randint(2, 4)]
        out.append({**base, "answer": " ".join(hedge(k.text.get(lang), lang, rng) for k in hedged), "grade": 0,
                    "level": "hard-hedge", "covered": [], "contradicted": []})
        # 4. the words of a few key points, scrambled: nothing stated
        mixed = right[: rng.randint(2, 4)]
        out.append({**base, "answer": scramble([k.text.get(lang) for k in mixed], rng), "grade": 0,
                    "level": "hard-salad", "covered": [], "contradicted": []})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--exclude", type=Path, action="append", default=[],
                    help="a graded set (jsonl): its questions get no generated rows")
    ap.add_argument("--seed", type=int, default=7000)
    args = ap.parse_args(argv)
    bank = load_bank([shipped_dir("rubrics"), shipped_dir("question_bank")])
    excluded = {json.loads(line)["question_id"] for p in args.exclude
                for line in p.read_text(encoding="utf-8").splitlines() if line.strip()}
    rng = random.Random(args.seed)
    qs = sorted((q for q in bank.questions.values() if q.kind == "technical" and q.id not in excluded), key=lambda q: q.id)
    rows = [r for q in qs for r in rows_for(q, rng)]
    with args.out.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows from {len(qs)} questions -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
