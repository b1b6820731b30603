"""The learned scorer (v3): what a candidate reads must be true.

Regression tests written by the team (not evidence: the figures come from ``eval`` on graded
answers nobody here wrote, see docs/scoring.md)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from interview_bot.scoring.features import POINT_FEATURES
from interview_bot.scoring.heads import (
    CONTRA_INPUTS,
    GRADE_INPUTS,
    MIS_INPUTS,
    POINT_INPUTS,
    STAR_INPUTS,
    load_heads,
)

QID = "security.prompt-injection-basics"


def _score(bank, scorer, qid, answer, lang, hints=()):
    q = bank.question(qid)
    return scorer.score(q, bank.rubric_for(q), answer, lang, hints)


def test_shipped_heads_match_the_inputs_the_code_builds():
    h = load_heads()
    assert h.covered.names == POINT_INPUTS
    assert h.misconception.names == MIS_INPUTS
    assert h.contradicted.names == CONTRA_INPUTS
    assert h.grade.names == GRADE_INPUTS
    assert h.grade_behavioral.names == GRADE_INPUTS + STAR_INPUTS
    for head in (h.covered, h.misconception, h.contradicted, h.grade, h.grade_behavioral):
        assert head.w.shape == head.mean.shape == head.scale.shape == (len(head.names),)
        assert np.all(np.isfinite(head.w)) and np.all(head.scale > 0)
    assert set(h.thresholds) == {"covered", "contradicted", "misconception", "wrong_share"}
    assert 0 < h.thresholds["wrong_share"] <= 1
    assert len(POINT_INPUTS) == 2 * len(POINT_FEATURES) + 8


def test_the_contradiction_inputs_follow_the_names_a_head_stores():
    """The product builds the inputs the stored head names (``heads.json``), so a head fitted without
    one of them (the sixth session's ``CONTRA_WITHOUT_MIS``) is fed the same columns it was fitted on."""
    from interview_bot.scoring.heads import CONTRA_FEATURES, CONTRA_WITHOUT_MIS, contra_inputs

    point = np.linspace(0.05, 0.95, len(POINT_INPUTS))
    every = contra_inputs(point, 0.3, 0.9, CONTRA_FEATURES)
    without = contra_inputs(point, 0.3, 0.9, CONTRA_WITHOUT_MIS)
    i = CONTRA_FEATURES.index("p_misconception")
    assert len(without) == len(CONTRA_FEATURES) - 1 and 0.9 not in without
    assert every[i] == 0.9 and np.array_equal(np.delete(every, i), without)
    assert np.array_equal(contra_inputs(point, 0.3, 0.9), contra_inputs(point, 0.3, 0.9, load_heads().contradicted.names))


def test_a_negative_key_point_restated_in_other_words_is_not_what_was_wrong(bank, shared_scorer):
    # key point: "Il n'existe pas de parade complète…"; the candidate agrees, with another negation
    answer = (
        "L'injection de prompt, c'est quand du texte fourni au modèle contient des instructions qu'il suit "
        "à la place des consignes du développeur. Il n'y a pas de correctif complet : un prompt système plus "
        "strict ou un filtre en entrée réduisent seulement le risque. Il faut donc limiter ce que le modèle "
        "peut faire, traiter tout contenu récupéré comme non fiable et demander une confirmation humaine "
        "avant les actions sensibles."
    )
    s = _score(bank, shared_scorer, QID, answer, "fr")
    assert not s.contradicted, [(k.id, k.contradiction) for k in s.contradicted]
    assert not s.misconceptions, [m.id for m in s.misconceptions]
    assert s.overall >= 40, s.overall


def test_a_key_point_restated_word_for_word_with_a_flipped_fact_is_contradicted(bank, shared_scorer):
    q = bank.question(QID)
    kp = next(k for k in q.key_points if k.id == "indirect-injection")
    honest = kp.text.en
    flipped = honest.replace("later feeds", "never feeds")
    assert flipped != honest
    ok = _score(bank, shared_scorer, QID, honest, "en")
    bad = _score(bank, shared_scorer, QID, flipped, "en")
    ok_kp = next(k for k in ok.key_points if k.id == kp.id)
    bad_kp = next(k for k in bad.key_points if k.id == kp.id)
    assert not ok_kp.contradicted
    assert bad_kp.contradicted and not bad_kp.covered
    assert bad_kp.contradiction and bad_kp.contradiction in flipped
    assert bad.overall < ok.overall


def test_words_only_a_shown_hint_gave_earn_less(bank, shared_scorer):
    q = bank.question(QID)
    kp = next(k for k in q.key_points if k.id == "indirect-injection")
    answer = kp.text.en
    free = _score(bank, shared_scorer, QID, answer, "en")
    hinted = _score(bank, shared_scorer, QID, answer, "en", hints=[kp.text.en])
    c_free = next(k for k in free.key_points if k.id == kp.id).coverage
    c_hint = next(k for k in hinted.key_points if k.id == kp.id).coverage
    assert c_hint < c_free, (c_free, c_hint)


def test_quotes_are_exact_substrings_cut_on_word_boundaries(bank, shared_scorer):
    answer = (
        "Prompt injection means text that reaches the model carries instructions it follows instead of "
        "the developer's. Indirect injection is worse: an attacker hides instructions in a web page or an "
        "email that the assistant later reads. There is no complete fix, so I limit the tools the model can "
        "call, treat anything retrieved as untrusted and ask a human before any sensitive action."
    )
    s = _score(bank, shared_scorer, QID, answer, "en")
    quotes = [k.evidence for k in s.key_points if k.evidence] + [c.evidence for c in s.criteria if c.evidence]
    assert quotes
    for quote in quotes:
        assert quote in answer
        i = answer.index(quote)
        assert i == 0 or not answer[i - 1].isalnum(), quote
        j = i + len(quote)
        assert j == len(answer) or not answer[j].isalnum() or not answer[j - 1].isalnum(), quote


def test_criteria_without_measurement_show_no_descriptor(bank, shared_scorer):
    q = bank.question(QID)
    measured = {k.criterion for k in q.key_points}
    s = _score(bank, shared_scorer, QID, "Prompt injection is when instructions hide in the input.", "en")
    for c in s.criteria:
        if c.id in measured:
            assert c.descriptor
        else:
            assert c.descriptor is None, c


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_reference_answers_score_as_strong(bank, shared_scorer, lang):
    q = bank.question(QID)
    s = _score(bank, shared_scorer, QID, q.reference_answer.get(lang), lang)
    assert s.overall >= 70, s.overall
    assert not s.contradicted and not s.misconceptions


def test_an_answer_that_states_nothing_scores_near_zero(bank, shared_scorer):
    s = _score(bank, shared_scorer, QID, "I think it is an important topic and there are many aspects to it.", "en")
    assert s.overall <= 10, s.overall
    assert not s.covered


def test_quote_never_starts_mid_word_on_long_sentences(bank, shared_scorer):
    long = " ".join(["the retrieved content is treated as untrusted data"] * 12)
    s = _score(bank, shared_scorer, QID, long, "en")
    for k in s.key_points:
        for quote in (k.evidence, k.contradiction):
            if quote:
                assert re.match(r"\w", quote) is None or long[long.index(quote) - 1] == " " or long.startswith(quote)


def test_polarity_evidence_sees_denials_after_the_claim_antonyms_and_other_figures():
    from interview_bot.scoring.contradiction import polarity_evidence

    kp = "Offline, documents are cleaned and split into chunks."
    assert polarity_evidence(kp, "Offline, documents are cleaned and split into chunks.")[:2] == (0.0, 0.0)
    neg, _, overlap = polarity_evidence(kp, "That offline documents are cleaned and split into chunks is a myth.")
    assert neg == 1.0 and overlap >= 0.9
    assert polarity_evidence(kp, "Online, documents are cleaned and split into chunks.")[1] > 0
    assert polarity_evidence("Matching starts above about 1,024 tokens.", "Matching starts above about 4,097 tokens.")[1] > 0
    # the candidate's own words: little overlap, whatever the negations elsewhere in the sentence
    assert polarity_evidence(kp, "We never stored raw PDFs; we split the cleaned text into pieces.")[2] < 0.6


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_key_point_restated_then_called_false_earns_nothing_and_neither_does_its_sentence(bank, shared_scorer, lang):
    """A denial placed after the claim ("X: that is wrong") contradicts X; another key point aligned
    with the same denying sentence earns nothing from it."""
    q = bank.question("rag.pipeline-basics")
    kp = {k.id: k.text.get(lang).rstrip(".") for k in q.key_points}
    tail = ", mais c'est faux." if lang == "fr" else ", but that is wrong."
    start = "On dit souvent que " if lang == "fr" else "People often say that "
    denial = start + kp["chunking"][0].lower() + kp["chunking"][1:] + tail
    honest = _score(bank, shared_scorer, "rag.pipeline-basics", kp["chunking"] + ".", lang)
    denied = _score(bank, shared_scorer, "rag.pipeline-basics", denial, lang)
    chunking = next(k for k in denied.key_points if k.id == "chunking")
    assert next(k for k in honest.key_points if k.id == "chunking").covered
    assert chunking.contradicted and not chunking.covered
    assert not [k.id for k in denied.key_points if k.covered]
    assert denied.overall < 10 < honest.overall


GOLDEN_EN = ("RAG retrieves relevant chunks from your own documents at question time and puts them in the prompt, "
             "so the model answers from current data without retraining. Offline you split documents into chunks, "
             "embed them and store the vectors with metadata; at query time you embed the question, fetch the "
             "nearest chunks and generate.")
GOLDEN_FR = ("Le RAG va chercher des passages dans vos documents au moment de la question et les met dans le prompt. "
             "On découpe les documents en chunks, on les vectorise et on les stocke ; à la requête on vectorise la "
             "question et on récupère les k chunks les plus proches.")


@pytest.mark.parametrize(("lang", "answer", "overall", "covered"), [
    # 2026-12-07, fourth refit (misconceptions named by their phrasings, a negated misconception never
    # named, each wrong statement costs 30 %): EN 58.1 -> 75.9, its false correction on "without
    # retraining" gone (no-retraining now credited); FR 25.3 -> 20.1: "whole-corpus-in-prompt" is named
    # on "…les met dans le prompt", a known false correction (docs/scoring.md).
    # 2026-12-08, fifth refit (bank rewordings, one fresh extraction, contradiction threshold 0.9):
    # EN 75.9 -> 73.8, FR 20.1 -> 20.6, same key points; the FR false correction is still there
    ("en", GOLDEN_EN, 73.8, {"chunking", "embed-and-store", "embed-question", "no-retraining", "prompt-and-generate",
                             "retrieve-top-k", "why-rag"}),
    ("fr", GOLDEN_FR, 20.6, {"prompt-and-generate", "why-rag"}),
])
def test_golden_numbers_change_only_on_purpose(bank, shared_scorer, lang, answer, overall, covered):
    """Recorded with the shipped encoder and heads (the label below): a change to the encoder, the
    measurements or the fitted parameters moves these, and whoever makes it updates them knowingly."""
    s = _score(bank, shared_scorer, "rag.pipeline-basics", answer, lang)
    assert s.overall == pytest.approx(overall, abs=1.0)
    assert {k.id for k in s.key_points if k.covered} == covered


def test_every_score_carries_the_scorer_configuration(bank, shared_scorer):
    from interview_bot.scoring.heads import heads_version

    s = _score(bank, shared_scorer, "rag.pipeline-basics", GOLDEN_EN, "en")
    assert s.scorer == shared_scorer.name
    assert s.scorer.startswith("offline-minilm") and s.scorer.endswith(f"+heads-{heads_version()}")
    assert re.search(r"-l\d+\+", s.scorer), s.scorer  # the encoder's layer count


def test_a_key_point_is_credited_by_its_closest_phrasing_and_reported_by_its_text(bank, shared_scorer):
    """``also`` phrasings (bank schema) are measured like the key point's text; the closest counts,
    and what the candidate reads is still the key point's own text."""
    from interview_bot.bank.schema import Phrasings

    q = bank.question("rag.pipeline-basics")
    answer = ("Le RAG, on va chercher des bouts de nos docs au moment de la question et on les colle dans le "
              "prompt. Et pas besoin de fine-tuner quoi que ce soit.")
    bare = q.model_copy(update={"key_points": [k.model_copy(update={"also": Phrasings()}) for k in q.key_points]})
    kp = next(k for k in bare.key_points if k.id == "no-retraining")
    said = kp.model_copy(update={"also": Phrasings(fr=["Pas besoin de fine-tuner ni de réentraîner le modèle."])})
    rich = bare.model_copy(update={"key_points": [said if k.id == kp.id else k for k in bare.key_points]})

    def point(question):
        s = shared_scorer.score(question, bank.rubric_for(question), answer, "fr")
        return next(k for k in s.key_points if k.id == kp.id)

    before, after = point(bare), point(rich)
    assert not before.covered and after.covered, (before.coverage, after.coverage)
    assert after.text == kp.text.fr  # the candidate reads the key point, never the phrasing


def test_reference_swaps_find_a_copied_sentence_with_a_fact_or_figure_swapped():
    from interview_bot.scoring.contradiction import reference_swaps
    from interview_bot.scoring.text import sentence_spans

    ref = ("Prefill processes the whole prompt at once and is compute-bound. Decode then produces one token "
           "at a time and is memory-bound. A batch of 16 requests shares each weight read.")
    for answer, swapped in [
        (ref, False),  # the reference itself states nothing wrong
        (ref.replace("Prefill processes", "Decode processes"), True),  # an antonym (prefill/decode)
        (ref.replace("16 requests", "64 requests"), True),
        # the same facts in other words: not a copy, left to the key points
        ("The prompt goes through in one pass and needs compute; generating tokens one by one needs bandwidth.", False),
    ]:
        found = reference_swaps(sentence_spans(answer), answer, ref, sentence_spans(ref))
        assert bool(found) == swapped, (answer, found)
        for (s, e), ref_sentence in found:
            assert ref_sentence in ref and answer[s:e] not in ref


def test_a_reference_sentence_with_a_swapped_fact_is_named_and_costs_the_score(bank, shared_scorer):
    """The swapped sentence is shown under "what was wrong", with the reference's sentence as the
    correction, and each wrong statement keeps ``wrong_share`` of the score."""
    from interview_bot.scoring.contradiction import reference_swaps
    from interview_bot.scoring.text import sentence_spans

    share = load_heads().thresholds["wrong_share"]
    assert 0 < share < 1
    for q in bank.questions.values():
        ref = q.reference_answer.en
        m = re.search(r"\b(before|after)\b", ref)
        if q.kind == "technical" and m and len(reference_swaps(sentence_spans(ref), ref, ref, sentence_spans(ref))) == 0:
            break
    else:
        pytest.fail("no reference answer with 'before' or 'after'")
    bad_text = ref[: m.start()] + {"before": "after", "after": "before"}[m.group()] + ref[m.end():]
    ok = _score(bank, shared_scorer, q.id, ref, "en")
    bad = _score(bank, shared_scorer, q.id, bad_text, "en")
    named = [k for k in bad.key_points if k.contradicted and k.correction and k.correction in ref]
    assert named, [(k.id, k.contradiction) for k in bad.key_points if k.contradicted]
    assert all(k.contradiction and k.contradiction in bad_text for k in named)
    assert not any(k.contradicted for k in ok.key_points)
    assert bad.overall <= ok.overall * share + 1.0, (q.id, ok.overall, bad.overall)


@pytest.mark.parametrize(("lang", "stated", "negated"), [
    ("en", "RAG retrains the model on your documents so it learns them.",
     "RAG answers from your documents without retraining the model on them."),
    ("fr", "Le RAG réentraîne le modèle sur vos documents pour qu'il les apprenne.",
     "Le RAG répond à partir de vos documents sans réentraîner le modèle dessus."),
])
def test_a_misconception_is_named_when_stated_and_never_when_negated(bank, shared_scorer, lang, stated, negated):
    said = _score(bank, shared_scorer, "rag.pipeline-basics", stated, lang)
    denied = _score(bank, shared_scorer, "rag.pipeline-basics", negated, lang)
    assert "rag-retrains" in {m.id for m in said.misconceptions}
    assert "rag-retrains" not in {m.id for m in denied.misconceptions}
    assert not any(k.contradicted for k in denied.key_points if k.id == "no-retraining")

