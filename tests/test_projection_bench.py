"""The learned token projection experiment (bench/train_projection.py, bench/scorer_v3_data.py): the
numpy side that measures it. Training itself needs torch (the ``train`` extra) and is not run here."""

from __future__ import annotations

import numpy as np

from bench import scorer_v3_data as sd
from bench import train_projection as tp

QID = "rag.pipeline-basics"


def test_auc_counts_pairs_and_ties():
    pos, neg = np.array([0.9, 0.5, 0.3]), np.array([0.5, 0.1, 0.4, 0.95])
    brute = np.mean([1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg])
    assert tp.auc(pos, neg) == brute


def test_recall_matrix_is_token_recall_per_pair():
    rng = np.random.default_rng(0)

    def unit(n: int) -> np.ndarray:
        v = rng.normal(size=(n, 384)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    d = tp.QuestionData("q", owner=np.array([0, 0, 1, 2]), is_kp=np.array([True, True, True, False]),
                        q_vecs=[unit(3), unit(5), unit(2), unit(4)], t_vecs=[unit(4), unit(6), unit(3), unit(5)])
    a, b = rng.normal(size=(384, 8)).astype(np.float32) * 0.1, rng.normal(size=(384, 8)).astype(np.float32) * 0.1
    for ab in ((None, None), (a, b)):
        r = tp.recall_matrix(d, *ab)
        for i in range(3):
            for j in range(4):
                qv, tv = tp.project(d.q_vecs[i], *ab), tp.project(d.t_vecs[j], *ab)
                assert abs(r[i, j] - (qv @ tv.T).max(axis=1).mean()) < 1e-5
    y = tp.labels(d)
    assert y.tolist() == [[-1, 1, 0, 0], [1, -1, 0, 0], [0, 0, -1, 0]]  # a misconception is never positive


def test_extraction_field_is_recall_under_the_projection(bank, shared_scorer, monkeypatch):
    """With B = 0 the projection is the identity: the new field equals ``recall`` (the first
    measurement) for every phrasing; with the trained parameters it is computed and differs."""
    q = bank.question(QID)
    rows = [{"question_id": QID, "answer": q.reference_answer.en, "lang": "en"},
            {"question_id": QID, "answer": "On découpe les docs en chunks, on calcule leurs embeddings et on "
                                           "récupère les plus proches sans réentraîner le modèle.", "lang": "fr"}]
    ident = (np.random.default_rng(1).normal(size=(384, 4)).astype(np.float32), np.zeros((384, 4), np.float32))
    monkeypatch.setattr(sd, "load_projection", lambda path=sd.PROJECTION: ident)
    compared = 0
    for a in sd.extract(rows, bank, shared_scorer):
        for k in a["key_points"] + a["misconceptions"]:
            for f in ("same", "other", "base"):
                for vec, pv in zip(k[f + "_all"], k["proj_" + f + "_all"], strict=True):
                    assert abs(float(vec[0]) - pv) < 1e-5
                    compared += 1
    assert compared > 50
    monkeypatch.undo()
    trained = sd.load_projection()
    assert trained is not None and trained[0].shape == trained[1].shape and trained[0].shape[0] == 384
    out = sd.extract(rows[:1], bank, shared_scorer)[0]
    plain = np.array([float(v[0]) for k in out["key_points"] for v in k["same_all"]])
    proj = np.array([v for k in out["key_points"] for v in k["proj_same_all"]])
    assert np.all((proj > -1.0) & (proj <= 1.0 + 1e-6)) and not np.allclose(plain, proj, atol=1e-3)
