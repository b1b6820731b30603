"""Measurements of graded interview answers, for fitting and checking the scorer's learned heads.

    python -m bench.scorer_v3_data PATH/TO/interview-answers/dev.jsonl /tmp/scorer-v3-features.pkl

For every answer: the evidence vectors of each key point (in the answer's language and in the other
one) and of each listed misconception, the STAR signals, and the labels (grade, level, covered,
contradicted, misconceptions). The data stays outside the repository; this file only reads it.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from pathlib import Path

import numpy as np

from interview_bot.bank.loader import load_bank
from interview_bot.config import shipped_dir
from interview_bot.scoring import coherence
from interview_bot.scoring.align import align_all, columns, reference_indices, windows
from interview_bot.scoring.contradiction import negated_tokens
from interview_bot.scoring.embedder import BLAS_THREADS, TokenVectors, _blas
from interview_bot.scoring.features import measure
from interview_bot.scoring.offline import OfflineScorer, _question_stems, _window_factors
from interview_bot.scoring.star import star_values

PROJECTION = Path(__file__).resolve().parent / "params" / "projection.npz"


def load_projection(path: Path = PROJECTION) -> tuple[np.ndarray, np.ndarray] | None:
    """The learned token projection of ``bench/train_projection.py`` (A, B), if it was trained."""
    if not path.exists():
        return None
    with np.load(path) as z:
        return z["A"].astype(np.float32), z["B"].astype(np.float32)


def projected(tv: TokenVectors, ab: tuple[np.ndarray, np.ndarray]) -> TokenVectors:
    """``v -> normalise(v + (v A) B^T)`` on every token vector."""
    a, b = ab
    w = tv.vectors + (tv.vectors @ a) @ b.T
    w /= np.maximum(np.linalg.norm(w, axis=1, keepdims=True), 1e-12)
    return TokenVectors(tv.tokens, tv.offsets, w.astype(np.float32), tv.word_start)


def proj_recall(ref: TokenVectors, q_stems: set[str], ans: TokenVectors, wins: list, factors: np.ndarray,
                cols) -> float:  # noqa: ANN001
    """Best-window recall on projected vectors, question words left out: ``recall`` of
    ``features.measure`` (the window with the best recall times coherence) with ``ref`` and ``ans``
    already projected."""
    if not wins or cols is None:
        return 0.0
    idx = reference_indices(ref, q_stems)
    if not idx:
        return 0.0
    recalls, _ = align_all(ref, idx, np.ones(len(idx), dtype=np.float32), ans, wins, cols)
    if len(recalls) == 0:
        return 0.0
    return float(recalls[int(np.argmax(recalls * factors))])


def extract(rows: list[dict], bank, scorer: OfflineScorer | None = None) -> list[dict]:
    scorer = scorer or OfflineScorer(cache_answers=True)
    proj = load_projection()
    proj_refs: dict[str, TokenVectors] = {}
    out = []
    items = []
    for r in rows:
        q = bank.questions[r["question_id"]]
        items.append((q, bank.rubric_for(q), r["answer"], r.get("lang") or r.get("language") or "en"))
    prepared = [scorer._prepare(*it) for it in items]
    answers = scorer._encode_answers([p.masked for p in prepared])
    refs = sorted({t for p in prepared for lang in ("fr", "en") for t in _refs(p.question, lang)})
    ref_vecs = dict(zip(refs, scorer._encode(refs, scorer._cache), strict=True))
    model = coherence.class_model()
    ref_answers = sorted({p.question.reference_answer.get(p.score_lang) for p in prepared})
    ref_ans_vecs = dict(zip(ref_answers, scorer._encode_answers(ref_answers), strict=True))
    for r, p, ans in zip(rows, prepared, answers, strict=True):
        q, text = p.question, p.masked
        q_stems = _question_stems(q)
        wins = windows(text, ans)
        factors = _window_factors(text, wins, model)
        ans_neg = negated_tokens(ans, text)
        cols = columns(ans, wins) if wins else None
        other = "en" if p.score_lang == "fr" else "fr"

        ctx = (ans, text, wins, factors, cols, ans_neg)

        # the same measurements against the bank's own reference answer: what a correct answer gets
        rtext = q.reference_answer.get(p.score_lang)
        rans = ref_ans_vecs[rtext]
        rwins = windows(rtext, rans)
        rfactors = _window_factors(rtext, rwins, model)
        rcols = columns(rans, rwins) if rwins else None
        rneg = negated_tokens(rans, rtext)

        rctx = (rans, rtext, rwins, rfactors, rcols, rneg)

        pctx: tuple | None = None
        prctx: tuple | None = None
        if proj is not None:  # the same windows and factors, projected vectors
            pans, prans = projected(ans, proj), projected(rans, proj)
            pctx = (pans, wins, factors, columns(pans, wins) if wins else None)
            prctx = (prans, rwins, rfactors, columns(prans, rwins) if rwins else None)

        def pv(t: str, c: tuple | None, qs: set[str] = q_stems) -> float:
            if proj is None or c is None:
                return 0.0
            if t not in proj_refs:
                proj_refs[t] = projected(ref_vecs[t], proj)
            return proj_recall(proj_refs[t], qs, *c)

        def pfields(ref, lang: str = p.score_lang, oth: str = other, c: tuple | None = pctx,  # noqa: ANN001
                    rc: tuple | None = prctx) -> dict:
            if proj is None:
                return {}
            return {"proj_same_all": [pv(t, c) for t in ref.phrasings(lang)],
                    "proj_other_all": [pv(t, c) for t in ref.phrasings(oth)],
                    "proj_base_all": [pv(t, rc) for t in ref.phrasings(lang)]}

        def ev(t: str, c: tuple = ctx, qs: set[str] = q_stems) -> np.ndarray:
            return measure(t, ref_vecs[t], qs, *c).vector

        def base(t: str, c: tuple = rctx, qs: set[str] = q_stems) -> np.ndarray:
            return measure(t, ref_vecs[t], qs, *c).vector

        # "same"/"other"/"base": the key point's text; "*_all": its text then its ``also`` phrasings
        kps = [
            {"id": k.id, "weight": k.weight, "criterion": k.criterion,
             "same": ev(k.text.get(p.score_lang)), "other": ev(k.text.get(other)),
             "base": base(k.text.get(p.score_lang)),
             "same_all": [ev(t) for t in k.phrasings(p.score_lang)],
             "other_all": [ev(t) for t in k.phrasings(other)],
             "base_all": [base(t) for t in k.phrasings(p.score_lang)], **pfields(k)}
            for k in q.key_points
        ]
        mis = [
            {"id": m.id, "key_point": m.key_point,
             "same": ev(m.text.get(p.score_lang)), "other": ev(m.text.get(other)),
             "base": base(m.text.get(p.score_lang)),
             "same_all": [ev(t) for t in m.phrasings(p.score_lang)],
             "other_all": [ev(t) for t in m.phrasings(other)],
             "base_all": [base(t) for t in m.phrasings(p.score_lang)], **pfields(m)}
            for m in q.misconceptions
        ]
        star = {k: v for k, (v, _e) in star_values(text, p.norm.text).items()}
        out.append({
            "question_id": q.id, "kind": q.kind, "lang": p.lang, "score_lang": p.score_lang,
            "n_words": len(text.split()), "order": coherence.order_factor(text, model),
            "key_points": kps, "misconceptions": mis, "star": star,
            "labels": {k: r.get(k) for k in ("grade", "level", "covered", "contradicted", "misconceptions",
                                              "style", "wrong_claims", "source_question")},
        })
    return out


def _refs(q, lang: str) -> list[str]:
    return [t for k in q.key_points for t in k.phrasings(lang)] + [t for m in q.misconceptions for t in m.phrasings(lang)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("answers", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--no-foreign", action="store_true", help="no off-topic copies (for generated rows)")
    ap.add_argument("--cache", type=Path, help="pickle of MiniLM encodings, reused between runs (outside the repo)")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.answers.read_text(encoding="utf-8").splitlines() if line.strip()]
    bank = load_bank([shipped_dir("rubrics"), shipped_dir("question_bank")])
    known = [r for r in rows if r["question_id"] in bank.questions]
    if len(known) < len(rows):
        print(f"skipped {len(rows) - len(known)} answers to questions not in the bank", file=sys.stderr)
    # Off-topic negatives: each answer also scored as if it answered another technical question of a
    # different topic (seeded); it states none of that question's key points and is graded 0.
    rng = random.Random(20261207)
    tech = sorted(q.id for q in bank.questions.values() if q.kind == "technical")
    foreign = []
    for r in [] if args.no_foreign else known:
        topic = bank.questions[r["question_id"]].topic
        fq = rng.choice([q for q in tech if bank.questions[q].topic != topic])
        foreign.append({**r, "question_id": fq, "grade": 0, "level": "off-topic", "covered": [],
                        "contradicted": [], "misconceptions": [], "source_question": r["question_id"]})
    known = known + foreign  # generated rows in the grade head were tried: CV Spearman 0.790 -> 0.725
    t = time.perf_counter()
    scorer = OfflineScorer(cache_answers=True)
    if args.cache and args.cache.exists():
        answers_cache, refs_cache = pickle.loads(args.cache.read_bytes())
        for k, v in answers_cache.items():
            scorer._answers.put(k, v)
        for k, v in refs_cache.items():
            scorer._cache.put(k, v)
    with _blas().limit(limits=BLAS_THREADS, user_api="blas"):  # as the scorer does: small matrices
        feats = extract(known, bank, scorer)
    if args.cache:
        args.cache.write_bytes(pickle.dumps((dict(scorer._answers), dict(scorer._cache))))
    print(f"{len(feats)} answers measured in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    with args.out.open("wb") as f:
        pickle.dump(feats, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
