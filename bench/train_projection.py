"""Train a small low-rank projection of MiniLM token vectors so that token recall reads meaning.

    pip install -e ".[train]"          # torch==2.13.0, CPU build (training only; inference is numpy)
    python -m bench.train_projection --cache /tmp/proj/bank_tokens.pkl

The projection is ``v -> normalise(v + (v A) B^T)`` with A, B in R^{384 x r}, applied to the
answer's and the reference's token vectors alike; the measurement it feeds is the BERTScore-style
recall of ``align.py`` (each reference token's best cosine with a text's tokens, question words left
out), computed on the projected vectors.

Training data: **the question bank only** (never the graded answers, so the grouped cross-validation
of ``bench/fit_scorer_v3.py`` stays honest without retraining per fold). For every question, every
phrasing of every key point (its text and its ``also`` phrasings, in French and in English) is a
query, and every other phrasing of the question is a target:

* positive: another phrasing of the same key point, in either language (franglais included);
* negative: a phrasing of another key point of the question, or of one of its misconceptions (the
  hard ones: same words, opposite claim).

The loss is a balanced logistic loss on ``s * (recall - b)`` (s, b learned), so recall is pushed high
for texts that state the point and low for those that do not, on one scale for every query (the heads
read it against a single threshold). 20 % of the bank's questions (chosen by a seeded hash) are held
out to choose the rank, the learning rate and the number of epochs; the parameters written are then
trained on every question with that choice. Seeds are fixed; token vectors are encoded once with the
product's encoder and cached.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interview_bot.bank.loader import load_bank
from interview_bot.config import shipped_dir
from interview_bot.scoring.align import content_token_indices, reference_indices
from interview_bot.scoring.offline import OfflineScorer, _question_stems

OUT = Path(__file__).resolve().parent / "params" / "projection.npz"
SEED = 20261207
HELD_OUT = 0.2


@dataclass
class QuestionData:
    qid: str
    owner: np.ndarray  # per text: an integer id of the key point or misconception it phrases
    is_kp: np.ndarray  # per text: a key-point phrasing (a query)
    q_vecs: list[np.ndarray]  # per text: its query tokens (question words left out), (n, 384)
    t_vecs: list[np.ndarray]  # per text: its target tokens (content tokens), (m, 384)


def bank_hash() -> str:
    h = hashlib.sha256()
    for base in (shipped_dir("question_bank"),):
        for p in sorted(base.glob("*.yaml")):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def load_data(cache: Path | None) -> list[QuestionData]:
    bank = load_bank([shipped_dir("rubrics"), shipped_dir("question_bank")])
    per_q = []
    texts: set[str] = set()
    for q in sorted(bank.questions.values(), key=lambda q: q.id):
        owners: dict[str, int] = {}
        items: list[tuple[str, int, bool]] = []
        for k in q.key_points:
            for lang in ("en", "fr"):
                for t in k.phrasings(lang):
                    items.append((t, owners.setdefault("kp:" + k.id, len(owners)), True))
        n_kp = len(owners)
        for m in q.misconceptions:
            for lang in ("en", "fr"):
                for t in m.phrasings(lang):
                    items.append((t, owners.setdefault("mis:" + m.id, len(owners)), False))
        seen: set[str] = set()
        items = [it for it in items if not (it[0] in seen or seen.add(it[0]))]  # type: ignore[func-returns-value]
        if n_kp >= 2:
            per_q.append((q, items))
            texts.update(t for t, _o, _k in items)
    enc: dict = {}
    if cache and cache.exists():
        enc = pickle.loads(cache.read_bytes())
    todo = sorted(texts - set(enc))
    if todo:
        t0 = time.perf_counter()
        scorer = OfflineScorer()
        for i in range(0, len(todo), 256):
            part = todo[i : i + 256]
            enc.update(zip(part, scorer._encode(part, scorer._cache), strict=True))
        print(f"encoded {len(todo)} bank texts in {time.perf_counter() - t0:.0f} s ({scorer.embedder.name})",
              file=sys.stderr)
        if cache:
            cache.write_bytes(pickle.dumps(enc))
    out = []
    for q, items in per_q:
        stems = _question_stems(q)
        qv, tv = [], []
        for t, _o, _k in items:
            e = enc[t]
            qv.append(e.vectors[reference_indices(e, stems)].astype(np.float32))
            tv.append(e.vectors[content_token_indices(e)].astype(np.float32))
        out.append(QuestionData(q.id, np.array([o for _t, o, _k in items]), np.array([k for _t, _o, k in items]),
                                qv, tv))
    return out


def split(data: list[QuestionData]) -> tuple[list[QuestionData], list[QuestionData]]:
    def h(qid: str) -> float:
        return int(hashlib.sha256(f"{SEED}:{qid}".encode()).hexdigest()[:8], 16) / 16**8

    return [d for d in data if h(d.qid) >= HELD_OUT], [d for d in data if h(d.qid) < HELD_OUT]


# -- numpy: the measurement, with or without a projection (what the product would compute) -----------

def project(v: np.ndarray, a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray:
    if a is None or b is None:
        return v
    w = v + (v @ a) @ b.T
    return w / np.maximum(np.linalg.norm(w, axis=-1, keepdims=True), 1e-12)


def recall_matrix(d: QuestionData, a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray:
    """(queries, texts): each key-point phrasing's token recall in each phrasing of the question."""
    qs = [v for v, k in zip(d.q_vecs, d.is_kp, strict=True) if k]
    qf, tf = project(np.concatenate(qs), a, b), project(np.concatenate(d.t_vecs), a, b)
    sims = qf @ tf.T
    maxes = np.maximum.reduceat(sims, _starts(d.t_vecs), axis=1)  # (query tokens, texts)
    return np.add.reduceat(maxes, _starts(qs), axis=0) / np.array([len(v) for v in qs], dtype=np.float32)[:, None]


def _starts(vs: list[np.ndarray]) -> np.ndarray:
    return np.cumsum([0] + [len(v) for v in vs[:-1]]).astype(np.int64)


def labels(d: QuestionData) -> np.ndarray:
    """1: another phrasing of the same key point; 0: another key point's or a misconception's; -1: itself."""
    q_owner = d.owner[d.is_kp]
    y = (q_owner[:, None] == d.owner[None, :]).astype(np.int8)
    qi = np.flatnonzero(d.is_kp)
    y[np.arange(len(qi)), qi] = -1
    return y


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    allv = np.concatenate([pos, neg])
    order = allv.argsort(kind="mergesort")
    ranks = np.empty(len(allv))
    ranks[order] = np.arange(1, len(allv) + 1)
    # average ties
    _, inv, counts = np.unique(allv, return_inverse=True, return_counts=True)
    sums = np.bincount(inv, weights=ranks)
    ranks = (sums / counts)[inv]
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def evaluate(data: list[QuestionData], a: np.ndarray | None, b: np.ndarray | None) -> dict:
    """Pooled AUC (one threshold for every query, as the heads read it), per-query pair accuracy (a
    positive above a negative), and both restricted to the hard negatives (misconceptions)."""
    pos, neg, hard = [], [], []
    pairs = correct = hpairs = hcorrect = 0
    for d in data:
        r, y = recall_matrix(d, a, b), labels(d)
        is_mis = ~d.is_kp
        for i in range(len(r)):
            p, n, hn = r[i][y[i] == 1], r[i][y[i] == 0], r[i][(y[i] == 0) & is_mis]
            pos.append(p)
            neg.append(n)
            hard.append(hn)
            cmp = p[:, None] - n[None, :]
            pairs += cmp.size
            correct += float((cmp > 0).sum() + 0.5 * (cmp == 0).sum())
            hc = p[:, None] - hn[None, :]
            hpairs += hc.size
            hcorrect += float((hc > 0).sum() + 0.5 * (hc == 0).sum())
    P, N, H = np.concatenate(pos), np.concatenate(neg), np.concatenate(hard)
    return {"auc": round(auc(P, N), 4), "pair_acc": round(correct / pairs, 4), "auc_mis": round(auc(P, H), 4),
            "pair_acc_mis": round(hcorrect / hpairs, 4), "mean_pos": round(float(P.mean()), 4),
            "mean_neg": round(float(N.mean()), 4), "n_pos": int(len(P)), "n_neg": int(len(N))}


# -- torch: training -------------------------------------------------------------------------------

def _tensors(d: QuestionData) -> tuple:
    """Flat query tokens, flat target tokens, the gather index of each text's tokens (padding points
    at an extra column), the query-token -> query averaging matrix, and the labels."""
    import torch

    qs = [v for v, k in zip(d.q_vecs, d.is_kp, strict=True) if k]
    qf, tf = np.concatenate(qs), np.concatenate(d.t_vecs)
    lt = max(len(v) for v in d.t_vecs)
    idx = np.full((len(d.t_vecs), lt), len(tf), dtype=np.int64)  # the extra column
    for j, (s, v) in enumerate(zip(_starts(d.t_vecs), d.t_vecs, strict=True)):
        idx[j, : len(v)] = np.arange(s, s + len(v))
    avg = np.zeros((len(qs), len(qf)), dtype=np.float32)
    for i, (s, v) in enumerate(zip(_starts(qs), qs, strict=True)):
        avg[i, s : s + len(v)] = 1.0 / len(v)
    return (torch.from_numpy(qf), torch.from_numpy(tf), torch.from_numpy(idx), torch.from_numpy(avg),
            torch.from_numpy(labels(d).astype(np.float32)))


def train(data: list[QuestionData], rank: int, lr: float, epochs: int, seed: int = SEED,
          queries: int = 16, on_epoch=None) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
    import torch

    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    dim = 384
    a = torch.nn.Parameter(torch.randn(dim, rank) / dim**0.5)
    b = torch.nn.Parameter(torch.zeros(dim, rank))  # starts as the identity: the unprojected recall
    scale = torch.nn.Parameter(torch.tensor(10.0))
    bias = torch.nn.Parameter(torch.tensor(0.6))
    opt = torch.optim.Adam([a, b, scale, bias], lr=lr)
    cached = [_tensors(d) for d in data]

    def proj(x):  # noqa: ANN001, ANN202
        w = x + (x @ a) @ b.T
        return w / w.norm(dim=-1, keepdim=True).clamp_min(1e-12)

    for ep in range(epochs):
        for qi in rng.permutation(len(cached)):
            qf, tf, idx, avg, y = cached[qi]
            if len(y) > queries:  # a random subset of the question's queries per step (speed)
                sel = torch.from_numpy(np.sort(rng.choice(len(y), queries, replace=False)))
                avg, y = avg[sel], y[sel]
                tok = torch.nonzero(avg.sum(0) > 0).squeeze(1)
                qf, avg = qf[tok], avg[:, tok]
            sims = proj(qf) @ proj(tf).T  # (query tokens, target tokens)
            sims = torch.cat([sims, torch.full((len(sims), 1), -4.0)], dim=1)
            maxes = sims[:, idx].max(dim=-1).values  # (query tokens, texts): best match in each text
            rec = avg @ maxes  # (queries, texts)
            logit = scale * (rec - bias)
            pos, neg = (y == 1).float(), (y == 0).float()
            # balanced: each query's positives and negatives weigh the same
            wp = pos / pos.sum(1, keepdim=True).clamp_min(1.0)
            wn = neg / neg.sum(1, keepdim=True).clamp_min(1.0)
            loss = ((torch.nn.functional.softplus(-logit) * wp).sum() + (torch.nn.functional.softplus(logit) * wn).sum()
                    ) / (2 * len(y))
            opt.zero_grad()
            loss.backward()
            opt.step()
        if on_epoch is not None:
            on_epoch(ep + 1, a.detach().numpy().copy(), b.detach().numpy().copy())
    return a.detach().numpy().copy(), b.detach().numpy().copy()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", type=Path, help="pickle of the bank texts' token vectors (outside the repo)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--ranks", default="16,64")
    ap.add_argument("--lrs", default="0.003,0.01")
    ap.add_argument("--epochs", type=int, default=6, help="the most epochs tried (each epoch is evaluated)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--queries", type=int, default=16, help="key-point phrasings per question per step")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    data = load_data(args.cache)
    fit_qs, held = split(data)
    size = {"questions": len(data), "fit_questions": len(fit_qs), "held_out_questions": len(held),
            "texts": int(sum(len(d.owner) for d in data)), "queries": int(sum(d.is_kp.sum() for d in data)),
            "pairs": int(sum(((labels(d) >= 0).sum()) for d in data))}
    print(json.dumps({"data": size}), file=sys.stderr)
    base = evaluate(held, None, None)
    print(json.dumps({"held_out_unprojected": base}), file=sys.stderr)
    results = []
    for rank in [int(x) for x in args.ranks.split(",")]:
        for lr in [float(x) for x in args.lrs.split(",")]:
            t = time.perf_counter()

            def report(ep: int, a: np.ndarray, b: np.ndarray, rank: int = rank, lr: float = lr, t: float = t) -> None:
                m = evaluate(held, a, b)
                results.append({"rank": rank, "lr": lr, "epochs": ep, **m})
                print(json.dumps({"rank": rank, "lr": lr, "epochs": ep, "s": round(time.perf_counter() - t), **m}),
                      file=sys.stderr)

            train(fit_qs, rank, lr, args.epochs, queries=args.queries, on_epoch=report)
    best = max(results, key=lambda r: (r["auc"], r["pair_acc"], -r["rank"]))
    print(json.dumps({"chosen": best}), file=sys.stderr)
    a, b = train(data, best["rank"], best["lr"], best["epochs"], queries=args.queries)
    about = {
        "what": "v -> normalise(v + (v A) B^T) on MiniLM last-layer token vectors (interview_bot.scoring.embedder)",
        "command": "python -m bench.train_projection " + " ".join(argv if argv is not None else sys.argv[1:]),
        "bank_sha256_16": bank_hash(), "seed": SEED, "data": size,
        "held_out": {"unprojected": base, "chosen": best}, "grid": results,
        "trained_on": "every question of the bank with the chosen rank, learning rate and epochs",
        "seconds": round(time.perf_counter() - t0),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # float16: r = 64 stays under 100 KB (the projection is applied in float32)
    np.savez_compressed(args.out, A=a.astype(np.float16), B=b.astype(np.float16),
                        about=np.array(json.dumps(about)))
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
