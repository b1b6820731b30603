"""Train the learned turn reader (``turn_model.npz``) and the role router (``role_router.npz``), and
measure them. Command: ``python -m bench.train_turns PATH/TO/turns-dev.jsonl`` (see docs/turns.md).

Data: the development set given as an argument (it stays outside the repository) and the project's own
labelled splits ``eval/turns/{train,test,test3,train-v4}.jsonl`` (``blind-v4.jsonl`` is never read here).

Measured: cross-validation on the development set only, 5 folds stratified by kind and **grouped** so
near-duplicates never straddle train and test: answers by the question they answer (folds hold
unseen questions), other messages by their translation pair (the n-th French message of a kind is
the translation of the n-th English one). The project's own splits are added to every training fold
and never tested on. Out-of-fold probabilities fit the temperature and the two "ask" thresholds;
the final model is then trained on everything. The role router is trained on the ``tune`` part of
``eval/turns/role-questions.jsonl`` and measured on its ``held`` part.

The heads are multinomial logistic regression (softmax, L2) trained with Adam in numpy.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from . import turn_model as TM
from . import turns as T
from .turns import TURN_KINDS

ROOT = Path(__file__).resolve().parents[2]  # the repository: eval/turns/ lives there
OWN = ["train", "test", "test3", "train-v4"]
L2 = 1e-3
ITERS = 300
LR = 0.05
ANSWER_WEIGHT = 1.0  # extra weight of the answer class (after balancing the classes)
MAX_NON_ANSWER_SCORED = 0.03  # "ask" thresholds keep OOF non-answers scored unasked at or below this share


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def own_rows(root: Path = ROOT) -> list[dict]:
    folder = root / "eval" / "turns"
    return [{**r, "_src": name} for name in OWN if (folder / f"{name}.jsonl").exists()
            for r in load(folder / f"{name}.jsonl") if not r.get("awaiting")]


def assign_groups(dev: list[dict]) -> None:
    seen: Counter[tuple[str, str]] = Counter()
    for r in dev:
        if r["kind"] == "answer":
            r["group"] = "answer:" + (r.get("question") or r["text"])
        else:
            key = (r["lang"], r["kind"])
            r["group"] = f"{r['kind']}:{seen[key]}"
            seen[key] += 1


def folds(rows: list[dict], k: int, seed: int) -> np.ndarray:
    """A fold per group, groups of each kind dealt round-robin after a seeded shuffle."""
    rng = np.random.default_rng(seed)
    by_kind: dict[str, list[str]] = defaultdict(list)
    for g in dict.fromkeys(r["group"] for r in rows):
        by_kind[g.split(":")[0]].append(g)
    fold_of: dict[str, int] = {}
    for kind in sorted(by_kind):
        gs = by_kind[kind]
        rng.shuffle(gs)
        for i, g in enumerate(gs):
            fold_of[g] = i % k
    return np.array([fold_of[r["group"]] for r in rows])


def give_questions(rows: list[dict], questions: list[str], seed: int) -> None:
    """A message without a question (a request) is paired with a random question of the set: in an
    interview every message is typed under some open question."""
    rng = np.random.default_rng(seed)
    for r in rows:
        if not r.get("question"):
            r["question"] = questions[int(rng.integers(len(questions)))]


_VEC_CACHE = Path(tempfile.gettempdir()) / "interview_bot_turn_vectors.npz"


def vectors(texts: list[str]) -> np.ndarray:
    """Sentence vectors, cached on disk by text and encoder settings (training only)."""
    tag = f"{TM.LAYERS}:{TM.MAX_TOKENS}:{TM.HEAD_TOKENS}:{TM.encoder().model.name}"
    keys = [hashlib.sha256((tag + "\0" + t).encode()).hexdigest() for t in texts]
    cache = dict(np.load(_VEC_CACHE)) if _VEC_CACHE.exists() else {}
    missing = [i for i, k in enumerate(keys) if k not in cache]
    for i in missing:
        cache[keys[i]] = TM.sentence_vector(texts[i])
    if missing:
        np.savez(_VEC_CACHE, **cache)
    return np.array([cache[k] for k in keys], dtype=np.float32)


def design(rows: list[dict]) -> np.ndarray:
    vecs = vectors([r["text"] for r in rows])
    qs = sorted({r["question"] for r in rows})
    qv = dict(zip(qs, vectors(qs), strict=True))
    return np.array([TM.features(r["text"], r["question"], v, qv[r["question"]])
                     for r, v in zip(rows, vecs, strict=True)])


def train_softmax(X: np.ndarray, y: np.ndarray, k: int, l2: float = L2, iters: int = ITERS, lr: float = LR,
                  weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    n, d = X.shape
    W = np.zeros((d, k))
    b = np.zeros(k)
    Y = np.eye(k)[y]
    sw = np.ones(n) if weights is None else weights
    state = [(W, np.zeros_like(W), np.zeros_like(W)), (b, np.zeros_like(b), np.zeros_like(b))]
    for it in range(1, iters + 1):
        p = TM.softmax(X @ W + b)
        g = (p - Y) * (sw / sw.sum())[:, None]
        grads = [X.T @ g + l2 * W, g.sum(0)]
        for (P, M, V), G in zip(state, grads, strict=True):
            M *= 0.9
            M += 0.1 * G
            V *= 0.999
            V += 0.001 * G * G
            P -= lr * (M / (1 - 0.9**it)) / (np.sqrt(V / (1 - 0.999**it)) + 1e-8)
    return W, b


def class_weights(y: np.ndarray, k: int, answer_weight: float = ANSWER_WEIGHT) -> np.ndarray:
    counts = np.bincount(y, minlength=k).astype(float)
    w = (len(y) / (k * np.maximum(counts, 1)))[y]
    w[y == TURN_KINDS.index("answer")] *= answer_weight
    return w


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    best, best_nll = 1.0, np.inf
    for t in np.arange(0.3, 3.01, 0.05):
        p = TM.softmax(logits / t)
        nll = -np.log(p[np.arange(len(y)), y] + 1e-12).mean()
        if nll < best_nll:
            best, best_nll = float(t), nll
    return round(best, 2)


def asked_mask(P: np.ndarray, rules: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Messages the recruiter asks about (see ``turn_model.decide``)."""
    ans = TURN_KINDS.index("answer")
    top = P.argmax(1)
    p_ans = P[:, ans]
    agreed = (top == rules) & (top != ans)
    return ~agreed & (((top == ans) & (p_ans < hi)) | ((top != ans) & (p_ans >= lo)))


def fit_thresholds(P: np.ndarray, y: np.ndarray, rules: np.ndarray) -> tuple[float, float]:
    """``ask_high``: an answer reading below it is asked about; ``ask_low``: a request reading with
    p(answer) at or above it is asked about. Chosen on out-of-fold probabilities: the least asking
    that scores at most MAX_NON_ANSWER_SCORED of the non-answers unasked and acts on no genuine
    answer as a request."""
    ans = TURN_KINDS.index("answer")
    is_ans = y == ans
    top = P.argmax(1)
    best: tuple[float, float, float] | None = None
    for hi in np.arange(0.5, 0.96, 0.025):
        scored_unasked = (~is_ans) & (top == ans) & ~asked_mask(P, rules, 1.0, hi)
        if scored_unasked.sum() > MAX_NON_ANSWER_SCORED * (~is_ans).sum():
            continue
        for lo in np.arange(0.5, 0.0, -0.01):
            asked = asked_mask(P, rules, lo, hi)
            if (is_ans & (top != ans) & ~asked).any():  # a genuine answer acted on as a request
                continue
            cost = float(asked.mean())
            if best is None or cost < best[0]:
                best = (cost, float(lo), float(hi))
            break  # a smaller lo only asks more: the largest valid lo is the best for this hi
    if best is None:
        return 0.01, 0.95
    return round(best[1], 3), round(best[2], 3)


def report(rows: list[dict], P: np.ndarray, y: np.ndarray, rules: np.ndarray, lo: float, hi: float) -> dict:
    ans = TURN_KINDS.index("answer")
    top = P.argmax(1)
    asked = asked_mask(P, rules, lo, hi)
    langs = np.array([r["lang"] for r in rows])
    out: dict = {"n": len(rows), "accuracy": round(float((top == y).mean()), 4)}
    for lang in ("en", "fr"):
        out[f"accuracy_{lang}"] = round(float((top == y)[langs == lang].mean()), 4)
    out["per_kind"] = {kind: {lang: [int((top[(y == i) & (langs == lang)] == i).sum()),
                                     int(((y == i) & (langs == lang)).sum())] for lang in ("en", "fr")}
                       for i, kind in enumerate(TURN_KINDS)}
    is_ans = y == ans
    out["n_answers"], out["n_non_answers"] = int(is_ans.sum()), int((~is_ans).sum())
    out["answers_read_as_other"] = int((is_ans & (top != ans)).sum())
    out["answers_acted_on_as_other"] = int((is_ans & (top != ans) & ~asked).sum())
    out["non_answers_read_as_answer"] = int((~is_ans & (top == ans)).sum())
    out["non_answers_scored_unasked"] = int((~is_ans & (top == ans) & ~asked).sum())
    out["asked_answers"] = int((asked & is_ans).sum())
    out["asked_non_answers"] = int((asked & ~is_ans).sum())
    return out


def cross_validate(dev: list[dict], own: list[dict], n_folds: int = 5, seed: int = 0, l2: float = L2,
                   answer_weight: float = ANSWER_WEIGHT) -> tuple[dict, np.ndarray, np.ndarray]:
    """Out-of-fold figures on ``dev``; returns (figures, features of dev + own, labels)."""
    assign_groups(dev)
    questions = sorted({r["question"] for r in dev + own if r.get("question")})
    give_questions(dev + own, questions, seed)
    rows = dev + own
    nd = len(dev)
    X = design(rows)
    k = len(TURN_KINDS)
    y = np.array([TURN_KINDS.index(r["kind"]) for r in rows])
    w = class_weights(y, k, answer_weight)
    fold = folds(dev, n_folds, seed)
    logits = np.zeros((nd, k))
    for f in range(n_folds):
        tr = np.concatenate([np.where(fold != f)[0], np.arange(nd, len(rows))])
        te = np.where(fold == f)[0]
        W, b = train_softmax(X[tr], y[tr], k, l2, weights=w[tr])
        logits[te] = X[te] @ W + b
    temp = fit_temperature(logits, y[:nd])
    P = TM.softmax(logits / temp)
    for i, r in enumerate(dev):  # the precise pattern the reader applies after the model
        p = TM.apply_rules(dict(zip(TURN_KINDS, P[i], strict=True)), r["text"])
        P[i] = [p[k] for k in TURN_KINDS]
    rules = np.array([TURN_KINDS.index(T.classify(r["text"]).kind) for r in dev])
    lo, hi = fit_thresholds(P, y[:nd], rules)
    cv = report(dev, P, y[:nd], rules, lo, hi)
    cv.update(temperature=temp, ask_low=lo, ask_high=hi, folds=n_folds, seed=seed, l2=l2,
              answer_weight=answer_weight)
    return cv, X, y


def train_router(out: Path | None, l2: float = L2, root: Path = ROOT) -> dict:
    """The role-question router: its L2 chosen by 5-fold cross-validation on the ``tune`` part, then
    trained on the whole ``tune`` part and measured once on the ``held`` part."""
    from . import route as R

    rows = load(root / "eval" / "turns" / "role-questions.jsonl")
    secs = list(R.SECTIONS)
    enc = TM.encoder()
    X = np.array([R.router_features(r["text"], enc.vector(r["text"], whole=True)) for r in rows])
    y = np.array([secs.index(r["section"]) for r in rows])
    tune = np.array([r["split"] == "tune" for r in rows])
    Xt, yt = X[tune], y[tune]
    fold = np.random.default_rng(0).permutation(len(yt)) % 5
    cv_acc = {}
    for reg in (1e-4, 3e-4, 1e-3, 3e-3):
        pred = np.zeros(len(yt), dtype=int)
        for f in range(5):
            W, b = train_softmax(Xt[fold != f], yt[fold != f], len(secs), reg)
            pred[fold == f] = (Xt[fold == f] @ W + b).argmax(1)
        cv_acc[reg] = round(float((pred == yt).mean()), 4)
    best = max(cv_acc, key=lambda r: (cv_acc[r], r))
    W, b = train_softmax(Xt, yt, len(secs), best)
    ok = (X @ W + b).argmax(1) == y
    langs = np.array([r["lang"] for r in rows])
    res: dict = {"n_tune": int(tune.sum()), "l2": best, "tune_cv_accuracy": cv_acc[best]}
    for part in sorted({r["split"] for r in rows} - {"tune"}):  # held: first router; held2: written after it
        m = np.array([r["split"] == part for r in rows])
        res[part] = {"n": int(m.sum()), "accuracy": round(float(ok[m].mean()), 4),
                     **{lang: round(float(ok[m & (langs == lang)].mean()), 4) for lang in ("en", "fr")}}
    if out is not None:
        meta = {"trained_on": f"eval/turns/role-questions.jsonl split=tune ({int(tune.sum())})",
                "held_out": res, "script": "bench/train_turns.py"}
        np.savez_compressed(out, W=W.astype(np.float16), b=b.astype(np.float32), sections=np.array(secs),
                            meta=np.array(json.dumps(meta)))
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train and measure the learned turn reader and the role router.")
    ap.add_argument("dev", type=Path, help="turns-dev.jsonl (kept outside the repository)")
    ap.add_argument("--out", type=Path, default=TM.MODEL_FILE)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--answer-weight", type=float, default=ANSWER_WEIGHT)
    ap.add_argument("--no-write", action="store_true", help="measure only")
    ap.add_argument("--json", type=Path, help="write the measured figures here")
    args = ap.parse_args(argv)

    t0 = time.time()
    from .route import ROUTER_FILE

    routing = train_router(None if args.no_write else args.out.with_name(ROUTER_FILE.name), args.l2)
    print("role routing (held part):", json.dumps(routing))
    dev = load(args.dev)
    own = own_rows()
    cv, X, y = cross_validate(dev, own, args.folds, args.seed, args.l2, args.answer_weight)
    print(json.dumps({k: v for k, v in cv.items() if k != "per_kind"}, indent=1))
    for kind, by in cv["per_kind"].items():
        print(f"  {kind:<19} en {by['en'][0]:>3}/{by['en'][1]:<3} fr {by['fr'][0]:>3}/{by['fr'][1]:<3}")
    if args.json:
        args.json.write_text(json.dumps({"cv_dev": cv, "role_routing": routing}, indent=1) + "\n", encoding="utf-8")
    if args.no_write:
        return 0
    k = len(TURN_KINDS)
    W, b = train_softmax(X, y, k, args.l2, weights=class_weights(y, k, args.answer_weight))
    meta = {
        "trained_on": {"dev": f"{args.dev.name} ({len(dev)} messages)",
                       "own": {n: sum(1 for r in own if r["_src"] == n) for n in OWN}, "total": len(y)},
        "features": {"layers": TM.LAYERS, "max_tokens": TM.MAX_TOKENS, "char_dim": TM.CHAR_DIM,
                     "patterns": list(TM.PATTERN_NAMES)},
        "head": {"l2": args.l2, "iters": ITERS, "lr": LR, "class_balanced": True, "answer_weight": args.answer_weight},
        "cv_on_dev": {k2: v for k2, v in cv.items() if k2 != "per_kind"},
        "script": "bench/train_turns.py",
    }
    np.savez_compressed(args.out, W=W.astype(np.float16), b=b.astype(np.float32),
                        temperature=np.float32(cv["temperature"]), kinds=np.array(TURN_KINDS),
                        ask_low=np.float32(cv["ask_low"]), ask_high=np.float32(cv["ask_high"]),
                        meta=np.array(json.dumps(meta)))
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB) in {time.time() - t0:.0f} s", file=sys.stderr)
    return 0
