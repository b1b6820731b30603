"""The scorer's fast path (``features.measure_many``: every reference of a question against the answer in
one pass, reference side cached) must give what the reference implementation (``features.measure``,
one reference at a time) gives: same measurements up to float rounding, same scores and decisions.
bench/scorer_speed.py ``check`` does the same on the 480 development answers."""

from __future__ import annotations

import re

import numpy as np
import pytest

from interview_bot.scoring import coherence
from interview_bot.scoring.align import columns, windows
from interview_bot.scoring.contradiction import negated_tokens
from interview_bot.scoring.features import AnswerView, measure, measure_many
from interview_bot.scoring.offline import OfflineScorer, _question_stems, _reference_texts, _window_factors
from interview_bot.scoring.text import sentence_spans

QID = "rag.pipeline-basics"


def _answers(bank) -> list[tuple[str, str, str]]:
    """(question id, answer, language): reference answers, a denial, a salad, another topic, a long
    answer (chunked sentences), text with figures and antonyms."""
    q = bank.question(QID)
    kp = q.key_points[0]
    other = next(x for x in bank.questions.values() if x.id != QID and x.kind == q.kind)
    long = " ".join([q.reference_answer.en.replace(".", ",")] * 3)
    return [
        (QID, q.reference_answer.en, "en"),
        (QID, q.reference_answer.fr, "fr"),
        (QID, f"It is false that {kp.text.en[0].lower()}{kp.text.en[1:]} In fact it never does, 16-bit not 4-bit.", "en"),
        (QID, " ".join(reversed(q.reference_answer.en.split())), "en"),
        (QID, other.reference_answer.en, "en"),
        (QID, long, "en"),
        (QID, "Les embeddings des chunks sont indexés; au lieu de réentraîner, on récupère les passages. "
              "Ce n'est pas plus lent, c'est moins cher.", "fr"),
        (other.id, other.reference_answer.fr + "\n\n" + q.reference_answer.en, "fr"),
    ]


def _summary(s) -> dict:
    return {
        "covered": [k.id for k in s.key_points if k.covered],
        "contradicted": [k.id for k in s.key_points if k.contradicted],
        "misconceptions": [m.id for m in s.misconceptions],
        "flags": s.flags,
        "quotes": [(k.evidence, k.contradiction) for k in s.key_points] + [m.evidence for m in s.misconceptions],
        "levels": [c.level for c in s.criteria],
    }


def test_fast_measurements_equal_the_reference_implementation(bank, shared_scorer):
    """Every reference text of the question (all phrasings, misconceptions, both languages), measured
    against each answer one at a time by ``measure`` and all at once by ``measure_many``."""
    emb = shared_scorer.embedder
    model = coherence.class_model()
    compared = 0
    for qid, text, _lang in _answers(bank):
        q = bank.question(qid)
        texts = list(dict.fromkeys(_reference_texts(q)))
        refs = emb.encode_tokens_batch(texts)
        ans = emb.encode_tokens(text)
        wins = windows(text, ans)
        factors = _window_factors(text, wins, model)
        cols = columns(ans, wins) if wins else None
        neg = negated_tokens(ans, text)
        sentences = sentence_spans(text) or [(0, len(text))]
        q_stems = _question_stems(q)
        for hints in (frozenset(), frozenset({"retriev", "chunk"})):
            fast = measure_many(texts, refs, q_stems, AnswerView(ans, text, wins, factors, cols, neg, sentences),
                                hints)
            for t, tv, f in zip(texts, refs, fast, strict=True):
                r = measure(t, tv, q_stems, ans, text, wins, factors, cols, neg, hints, sentences)
                np.testing.assert_allclose(f.vector, r.vector, rtol=0, atol=1e-5, err_msg=t)
                assert f.window == r.window or (f.window.start, f.window.end) == (r.window.start, r.window.end), t
                assert f.flip == pytest.approx(r.flip, abs=1e-6)
                assert np.array_equal(f.matched, r.matched), t
                compared += 1
    assert compared > 100


def test_fast_scores_equal_the_reference_path(bank, shared_scorer):
    assert shared_scorer.fast  # the default path is the fast one
    ref = OfflineScorer(embedder=shared_scorer.embedder, fast=False)
    for qid, text, lang in _answers(bank):
        q = bank.question(qid)
        for hints in ((), (q.key_points[0].text.get(lang),)):
            a = ref.score(q, bank.rubric_for(q), text, lang, hints=hints)
            b = shared_scorer.score(q, bank.rubric_for(q), text, lang, hints=hints)
            assert abs(a.overall - b.overall) < 1e-6, (text[:60], a.overall, b.overall)
            assert [k.coverage for k in a.key_points] == pytest.approx([k.coverage for k in b.key_points], abs=1.01e-3)
            assert _summary(a) == _summary(b), text[:60]


def test_two_threads_score_exactly_like_one(bank, shared_scorer):
    """Two answers scored at once on two threads sharing one new scorer (references encoded and the
    question's reference side prepared concurrently) give exactly the sequential scores: what the UI's
    queue does with several candidates, and bench/scorer_speed.py's ``fast-2w`` mode measures."""
    from concurrent.futures import ThreadPoolExecutor

    items = [(bank.question(qid), bank.rubric_for(bank.question(qid)), text, lang)
             for qid, text, lang in _answers(bank)] * 2
    alone = [shared_scorer.score(*it).model_dump() for it in items]
    both = OfflineScorer(embedder=shared_scorer.embedder)
    with ThreadPoolExecutor(2) as pool:
        together = [s.model_dump() for s in pool.map(lambda it: both.score(*it), items)]
    assert together == alone


def test_window_order_pmi_table_gives_the_computed_value():
    """``ClassBigrams`` keeps each class pair's log ratio once computed: the same float as computing it
    again, and recomputed when the counts change."""
    import math

    def direct(m: coherence.ClassBigrams, text: str) -> float:
        seq = [coherence.word_class(w) for w in coherence.TOKEN.findall(text)]
        vocab, total = len(m.unigrams) + 1, sum(m.unigrams.values())
        acc = 0.0
        for a, b in zip(seq, seq[1:], strict=False):
            p = (m.bigrams[a, b] + coherence.SMOOTH) / (m.unigrams[a] + coherence.SMOOTH * vocab)
            acc += math.log(p / ((m.unigrams[b] + coherence.SMOOTH) / (total + coherence.SMOOTH * vocab)))
        return acc / (len(seq) - 1)

    texts = ["The retriever returns the k nearest chunks and the model answers from them with citations.",
             "chunks nearest the k model retriever the returns answers them from and with citations the",
             "Le modèle répond à partir des passages récupérés, sans réentraînement, et cite ses sources."]
    m = coherence.ClassBigrams.count(texts[:1])
    for t in texts * 2:  # the second time from the table
        assert m.mean_pmi(t) == direct(m, t)
    m.bigrams.update({("C", "the"): 5})
    m.unigrams.update({"C": 5, "zzz": 1})  # counts change: the table is rebuilt
    assert [m.mean_pmi(t) for t in texts] == [direct(m, t) for t in texts]
    assert m.mean_pmi("too short to judge") is None


# -- speed-ups of the answer side that must not change a result (docs/speed.md, 2026-12-07 night) --------

_TEXTS = [
    "The retriever returns the k nearest chunks and the model answers from them, with citations.",
    "RAG, embeddings, chunking, reranking, vector store, BM25",
    "- embeddings\n- chunking\n- reranking\n- vector store",
    "the a, an b, le c, la d, les e",
    "I index the chunks, then I retrieve the best ones, and the model answers; it is not retrained.",
    "x, y, z and w",
    "Le modèle ne réentraîne pas : il récupère les passages, sans fine-tuning, au lieu de tout réapprendre.",
    "It is false that RAG retrains the model. Nobody thinks that 4-bit beats 16-bit, or that it is never cheaper.",
    "ｆｕｌｌ ｗｉｄｔｈ, zero\u200bwidth, Cyrillic раssword, ﬁne ligature, x², soft\u00adhyphen, café",
    "",
]


def test_term_list_check_stops_early_with_the_same_answer():
    """``is_term_list`` stops reading items once the rest cannot make a list: the same verdict as
    counting every item, on prose, lists and every window of the test answers."""

    def full_count(text: str) -> bool:
        ws = [coherence.fold(w) for w in coherence.TOKEN.findall(text)]
        if len(ws) >= coherence.BAG_MIN_WORDS and (
                sum(w in coherence.FUNCTION_WORDS for w in ws) / len(ws) < coherence.BAG_FUNCTION_SHARE):
            return True
        items = [p for p in coherence.LIST_SPLIT.split(text) if p and p.strip()]
        if len(items) < coherence.LIST_MIN_ITEMS:
            return False
        short = 0
        for item in items:
            content = [w for w in (coherence.fold(x) for x in coherence.TOKEN.findall(item)) if w not in coherence.ARTICLES]
            short += len(content) <= coherence.LIST_ITEM_WORDS and not any(w in coherence.FUNCTION_WORDS for w in content)
        return short >= coherence.LIST_MIN_ITEMS and short / len(items) >= 0.75

    texts = _TEXTS + [", ".join(["one term"] * k + ["a longer item that says something about them"] * j)
                      for k in range(7) for j in range(4)]
    verdicts = [coherence.is_term_list(t) for t in texts]
    assert verdicts == [full_count(t) for t in texts]
    assert any(verdicts) and not all(verdicts)


def test_normalize_fast_paths_match_the_per_character_fold():
    """ASCII answers skip the per-character fold; other answers fold only their non-ASCII characters:
    the same text and offsets as NFKC character by character."""
    import unicodedata

    from interview_bot.scoring.normalize import INVISIBLE, _fix_mixed_script, normalize

    def per_character(answer: str) -> tuple[str, tuple[int, ...]]:
        out, origin = [], []
        for i, ch in enumerate(answer):
            if ch in INVISIBLE:
                continue
            for c in unicodedata.normalize("NFKC", ch):
                out.append(c)
                origin.append(i)
        return _fix_mixed_script("".join(out)), tuple(origin)

    for t in _TEXTS:
        n = normalize(t)
        assert (n.text, n.origin) == per_character(t), t
    assert normalize("Cyrillic раssword").text == "Cyrillic password"


def test_negated_tokens_as_spans_say():
    """A token is negated when it starts inside a negated span (computed for all tokens at once)."""
    from interview_bot.scoring.contradiction import negated_spans
    from interview_bot.scoring.embedder import TokenVectors

    for t in _TEXTS:
        offsets = [m.span() for m in re.finditer(r"\w+|[^\w\s]", t)]
        tv = TokenVectors([t[a:b] for a, b in offsets], offsets, np.zeros((len(offsets), 4), np.float32),
                          [True] * len(offsets))
        spans = negated_spans(t)
        got = negated_tokens(tv, t)
        assert got.dtype == bool and got.tolist() == [any(a <= s < b for a, b in spans) for s, _e in offsets], t


def test_stacked_reference_rows_cached_or_rebuilt_give_the_same_measurements(bank, shared_scorer):
    """The stacked reference rows are kept for the last few questions only; measuring with them
    rebuilt gives exactly what the kept ones give."""
    from interview_bot.scoring import features

    q = bank.question(QID)
    emb = shared_scorer.embedder
    texts = list(dict.fromkeys(_reference_texts(q)))
    refs = emb.encode_tokens_batch(texts)
    text = q.reference_answer.en
    ans = emb.encode_tokens(text)
    wins = windows(text, ans)
    view = AnswerView(ans, text, wins, _window_factors(text, wins, coherence.class_model()), columns(ans, wins),
                      negated_tokens(ans, text), sentence_spans(text))
    kept = measure_many(texts, refs, _question_stems(q), view)
    features._STACKS.clear()
    rebuilt = measure_many(texts, refs, _question_stems(q), view)
    for a, b in zip(kept, rebuilt, strict=True):
        assert np.array_equal(a.vector, b.vector) and np.array_equal(a.matched, b.matched) and a.window == b.window
    assert any(a.vector[0] > 0 for a in kept)
