"""How easy are the typed questions (system design, debugging, cost estimation, code writing, prompt
review) to game with the offline scorer? For each typed question, in French and English, scores:

- ``reference``: its reference answer (the ceiling);
- ``salad``: its key points' content words (letters only: no figures), deduplicated, shuffled (seed 16);
- ``stuffed``: the same words joined as a sentence ("the X and the Y and …", « le X et la Y et … »);
- ``question``: the question copied back;
- ``vague``: one generic, content-free answer (the same for every question).

Prints the mean per type and kind, and every question whose salad or copied question scores above 25.
``python -m bench.typed_gaming [--json]`` (about 1 min on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict

GAMING_MAX = 25.0
TYPES = ("system-design", "debugging", "cost-estimation", "code-writing", "prompt-review")
VAGUE = {
    "en": "It depends on the context. I would look at the requirements, think about the trade-offs, try a few "
          "options and keep the best one, then monitor it in production and improve it over time.",
    "fr": "Ça dépend du contexte. Je regarderais les besoins, je réfléchirais aux compromis, j'essaierais quelques "
          "options et je garderais la meilleure, puis je la surveillerais en production pour l'améliorer.",
}
LETTERS = re.compile(r"[^\W\d_][\w'’\-]*", re.UNICODE)


def salad(texts: list[str], seed: int = 16) -> str:
    from interview_bot.scoring.text import FUNCTION_WORDS

    terms = list(dict.fromkeys(w.lower() for t in texts for w in LETTERS.findall(t)
                               if len(w) > 2 and w.lower() not in FUNCTION_WORDS))
    random.Random(seed).shuffle(terms)
    return " ".join(terms)


def stuffed(words: str, lang: str) -> str:
    art, join = (("le", "la", "les"), " et ") if lang == "fr" else (("the", "a", "some"), " and ")
    rng = random.Random(16)
    return join.join(f"{rng.choice(art)} {w}" for w in words.split()[:16]) + "."


def main() -> None:
    from interview_bot.bank import load_bank, shipped_paths
    from interview_bot.scoring.offline import OfflineScorer

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--spoken", action="store_true", help="also score the untyped questions, as one 'spoken' group")
    args = ap.parse_args()
    bank = load_bank(shipped_paths())
    typed = [q for q in bank.questions.values() if (q.types and q.types[0] in TYPES) or (args.spoken and not q.types)]
    scorer = OfflineScorer()
    rows = []
    for q in typed:
        rubric = bank.rubric_for(q)
        for lang in ("en", "fr"):
            words = salad([k.text.get(lang) for k in q.key_points])
            answers = {"reference": q.reference_answer.get(lang), "question": q.text.get(lang),
                       "salad": words, "stuffed": stuffed(words, lang), "vague": VAGUE[lang]}
            for kind, text in answers.items():
                s = scorer.score(q, rubric, text, lang)  # type: ignore[arg-type]
                rows.append({"id": q.id, "type": q.types[0] if q.types else "spoken", "lang": lang, "kind": kind,
                             "overall": round(s.overall or 0.0, 1),
                             "covered": [k.id for k in s.key_points if k.covered]})
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    means: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for r in rows:
        means[(r["type"], r["kind"], r["lang"])].append(r["overall"])
    kinds = ("reference", "salad", "stuffed", "question", "vague")
    print(f"{'type':16} {'n':>3} " + " ".join(f"{k[:5] + ' ' + lg:>8}" for k in kinds for lg in ("en", "fr")))
    for tp in (*TYPES, "spoken") if args.spoken else TYPES:
        n = len(means[(tp, "reference", "en")])
        cells = [sum(v) / len(v) for k in kinds for lg in ("en", "fr") for v in [means[(tp, k, lg)]]]
        print(f"{tp:16} {n:>3} " + " ".join(f"{c:>8.1f}" for c in cells))
    over = [r for r in rows if r["kind"] != "reference" and r["kind"] != "vague" and r["overall"] > GAMING_MAX]
    print(f"\nabove {GAMING_MAX:.0f}/100 ({len(over)}):")
    for r in over:
        print(f"  {r['id']:45} {r['lang']} {r['kind']:9} {r['overall']:5.1f} covered={r['covered']}")


if __name__ == "__main__":
    main()
