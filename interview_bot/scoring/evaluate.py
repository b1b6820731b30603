"""``interview-bot eval``: agreement between the offline scorer and human grades.

Input: JSONL lines ``{"question_id", "answer", "score"[, "language"]}`` with human scores on any
numeric scale. Optional fields: ``split`` (metrics are also given per split; a threshold is fitted on one split
and applied to the others) and ``label`` (a class name, for ``--pair A,B`` ROC-AUC). Output: n, Pearson, Spearman, quadratic weighted kappa (integer human scales: the
scorer's 0–100 is mapped linearly onto the human range and rounded) and pairwise ordering accuracy
(for every pair of answers to the same question with different human scores, how often the better
one scores higher; a tie counts half).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationError

from ..bank import current_bank
from ..bank.loader import load_bank
from ..config import Settings, shipped_dir
from ..errors import InputError
from .models import GAMING_FLAGS


class Labelled(BaseModel):
    """One graded answer. Also reads the interview-answers format (``grade``, ``lang``, ``level`` and
    the key-point labels ``covered`` / ``contradicted`` / ``misconceptions``)."""

    model_config = ConfigDict(populate_by_name=True)

    question_id: str
    answer: str
    score: float = Field(validation_alias=AliasChoices("score", "grade"))
    language: str | None = Field(
        default=None, pattern="^(fr|en)$", validation_alias=AliasChoices("language", "lang")
    )
    split: str | None = Field(default=None, max_length=40, description="e.g. train / test_ua / test_uq")
    label: str | None = Field(default=None, max_length=80, description="a class name, for --pair")
    level: str | None = Field(default=None, max_length=40, description="a quality level (excellent, vague…)")
    covered: list[str] | None = None
    contradicted: list[str] | None = None
    misconceptions: list[str] | None = None


def read_jsonl(path: Path) -> list[Labelled]:
    items = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError("error.cannot_read", path=path, reason=exc.strerror) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(Labelled.model_validate_json(line))
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError("error.bad_line", where=f"{path}:{n}", field=".".join(map(str, err["loc"])),
                             problem=err["msg"]) from None
    return items


def _rank(x: np.ndarray) -> np.ndarray:
    order = np.argsort(x, kind="mergesort")
    ranks = np.empty(len(x), dtype=float)
    ranks[order] = np.arange(len(x), dtype=float)
    # average ties
    vals, inv = np.unique(x, return_inverse=True)
    sums = np.bincount(inv, weights=ranks)
    counts = np.bincount(inv)
    return (sums / counts)[inv]


def pearson(a: np.ndarray, b: np.ndarray) -> float:
    if a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    return pearson(_rank(a), _rank(b))


def qwk(human: np.ndarray, pred: np.ndarray) -> float:
    lo, hi = int(human.min()), int(human.max())
    k = hi - lo + 1
    if k < 2:
        return float("nan")
    h = (human - lo).astype(int)
    p = np.clip(np.rint(pred), lo, hi).astype(int) - lo
    obs = np.zeros((k, k))
    for i, j in zip(h, p, strict=True):
        obs[i, j] += 1
    w = np.array([[(i - j) ** 2 for j in range(k)] for i in range(k)]) / (k - 1) ** 2
    exp = np.outer(obs.sum(1), obs.sum(0)) / obs.sum()
    return float(1 - (w * obs).sum() / (w * exp).sum())


def ordering(qids: list[str], human: np.ndarray, pred: np.ndarray) -> tuple[float, int]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(qids):
        groups[q].append(i)
    good = 0.0
    pairs = 0
    for idx in groups.values():
        for a in idx:
            for b in idx:
                if human[a] > human[b]:
                    pairs += 1
                    if pred[a] > pred[b]:
                        good += 1
                    elif pred[a] == pred[b]:
                        good += 0.5
    return (good / pairs if pairs else float("nan")), pairs


def roc_auc(positive: np.ndarray, score: np.ndarray) -> float:
    """Probability that a random positive scores above a random negative (ties count half)."""
    pos = np.asarray(positive, dtype=bool)
    n1, n0 = int(pos.sum()), int((~pos).sum())
    if n1 == 0 or n0 == 0:
        return float("nan")
    ranks = _rank(np.asarray(score, dtype=float)) + 1
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    t, p = np.asarray(truth, dtype=bool), np.asarray(predicted, dtype=bool)
    f1s = []
    for cls in (True, False):
        tp = int(((p == cls) & (t == cls)).sum())
        fp = int(((p == cls) & (t != cls)).sum())
        fn = int(((p != cls) & (t == cls)).sum())
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1s))


def fit_threshold(truth: np.ndarray, score: np.ndarray) -> float:
    """The score threshold (answer counts as positive at or above it) that maximises macro-F1."""
    best_f, best_t = -1.0, 50.0
    for t in np.unique(score):
        f = macro_f1(truth, score >= t)
        if f > best_f:
            best_f, best_t = f, float(t)
    return best_t


def _agreement(human: np.ndarray, pred: np.ndarray, qids: list[str], langs: list[str]) -> dict:
    integer = bool(np.all(human == np.round(human)))
    lo, hi = human.min(), human.max()
    mapped = lo + pred / 100 * (hi - lo)
    order, pairs = ordering(qids, human, pred)
    per_lang = {}
    for lang in ("en", "fr"):
        m = np.array([x == lang for x in langs])
        if m.sum() >= 3:
            per_lang[lang] = {"n": int(m.sum()), "spearman": round(spearman(human[m], pred[m]), 3)}
    return {
        "n": len(human),
        "questions": len(set(qids)),
        "pearson": round(pearson(human, pred), 3),
        "spearman": round(spearman(human, pred), 3),
        "qwk": round(qwk(human, mapped), 3) if integer and hi > lo else None,
        "ordering_accuracy": round(order, 3),
        "ordered_pairs": pairs,
        "by_language": per_lang,
        "mean_score_by_human_level": {
            str(int(v) if float(v).is_integer() else v): round(float(pred[human == v].mean()), 1)
            for v in sorted(set(human))
        },
    }


def evaluate(
    items: list[Labelled],
    bank,
    default_lang: str = "en",
    scorer=None,
    fit_split: str | None = None,
    pair: tuple[str, str] | None = None,
) -> tuple[dict, list]:
    """Agreement of ``scorer`` with the human scores of ``items``; returns (metrics, scores)."""
    from .offline import OfflineScorer

    scorer = scorer or OfflineScorer()
    missing = sorted({it.question_id for it in items if it.question_id not in bank.questions})
    if missing:
        raise InputError("error.unknown_labelled_questions", ids=", ".join(missing[:10]))
    batch = []
    for it in items:
        q = bank.questions[it.question_id]
        batch.append((q, bank.rubric_for(q), it.answer, it.language or default_lang))
    started = time.perf_counter()
    many = getattr(scorer, "score_many", None)
    scores = many(batch) if many else [scorer.score(*b) for b in batch]
    elapsed = time.perf_counter() - started
    pred = np.array([s.overall or 0.0 for s in scores])
    human = np.array([it.score for it in items], dtype=float)
    qids = [it.question_id for it in items]
    langs = [it.language or default_lang for it in items]
    res = _agreement(human, pred, qids, langs)
    res["answers_per_second"] = round(len(items) / elapsed, 1) if elapsed > 0 else None
    flagged = np.array([bool(set(s.flags) & set(GAMING_FLAGS)) for s in scores])
    res["gaming_flag_rate"] = round(float(flagged.mean()), 4)
    res["quality"] = quality(items, scores)
    splits: list[str] = sorted({it.split for it in items if it.split})
    split_of = np.array([it.split or "" for it in items])
    if splits:
        res["splits"] = {}
        for sp in splits:
            m = split_of == sp
            sub = _agreement(human[m], pred[m], [q for q, k in zip(qids, m, strict=True) if k],
                             [x for x, k in zip(langs, m, strict=True) if k])
            sub["gaming_flag_rate"] = round(float(flagged[m].mean()), 4)
            res["splits"][sp] = sub
    binary = set(np.unique(human)) <= {0.0, 1.0} and len(np.unique(human)) == 2
    if binary:
        if fit_split is not None and fit_split not in splits:
            raise InputError("error.bad_fit_split", split=fit_split, splits=", ".join(splits) or "–")
        fit_mask = split_of == fit_split if fit_split else np.ones(len(items), dtype=bool)
        thr = fit_threshold(human[fit_mask] == 1, pred[fit_mask])
        res["binary"] = {"threshold": thr, "fitted_on": fit_split or "all", "by_split": {}}
        for sp in [*splits, ""]:
            m = split_of == sp if sp else np.ones(len(items), dtype=bool)
            res["binary"]["by_split"][sp or "all"] = {
                "n": int(m.sum()),
                "macro_f1": round(macro_f1(human[m] == 1, pred[m] >= thr), 3),
                "roc_auc": round(roc_auc(human[m] == 1, pred[m]), 3),
            }
    if pair:
        labels = np.array([it.label or "" for it in items])
        res["pair"] = {"positive": pair[0], "negative": pair[1], "by_split": {}}
        for sp in [*splits, ""]:
            m = (split_of == sp if sp else np.ones(len(items), dtype=bool)) & np.isin(labels, pair)
            res["pair"]["by_split"][sp or "all"] = {
                "n": int(m.sum()), "roc_auc": round(roc_auc(labels[m] == pair[0], pred[m]), 3)
            }
    return res, scores


CORRECT_LEVELS = ("excellent", "strong-style", "good-partial", "minimal-core")
GRADE_BANDS = ((0, 20), (20, 45), (45, 65), (65, 85), (85, 101))


def _f1(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def quality(items: list[Labelled], scores: list) -> dict:
    """What a candidate sees, against graded answers with levels and key-point labels: calibration
    per level and grade band, key-point decisions, misconceptions, and "what was wrong" shown on
    answers that had nothing wrong."""
    grade = np.array([it.score for it in items], dtype=float)
    pred = np.array([s.overall or 0.0 for s in scores])
    out: dict = {}
    levels = np.array([it.level or "" for it in items])
    if levels.any():
        out["mean_score_by_level"] = {
            lv: round(float(pred[levels == lv].mean()), 1) for lv in sorted(set(levels)) if lv
        }
        exc = levels == "excellent"
        if exc.any():
            out["excellent_share_ge_70"] = round(float((pred[exc] >= 70).mean()), 3)
        top = np.isin(levels, ["excellent", "strong-style"])
        if top.any():
            out["mean_score_minus_grade_excellent_strong"] = round(float((pred[top] - grade[top]).mean()), 1)
        correct = np.isin(levels, CORRECT_LEVELS)
        if correct.any():
            shown = np.array([bool(s.contradicted or s.misconceptions) for s in scores])
            out["what_was_wrong_on_correct_answers"] = round(float(shown[correct].mean()), 3)
    out["mean_score_by_grade_band"] = {
        f"{lo}-{hi - 1}": round(float(pred[(grade >= lo) & (grade < hi)].mean()), 1)
        for lo, hi in GRADE_BANDS if ((grade >= lo) & (grade < hi)).any()
    }
    by_lang: dict[str, list[int]] = {}
    for it, s in zip(items, scores, strict=True):
        if it.covered is None:
            continue
        truth = set(it.covered)
        c = by_lang.setdefault(it.language or "?", [0, 0, 0])
        for k in s.key_points:
            c[0] += int(k.covered and k.id in truth)
            c[1] += int(k.covered and k.id not in truth)
            c[2] += int(not k.covered and k.id in truth)
    if by_lang:
        tot = [sum(v[i] for v in by_lang.values()) for i in range(3)]
        out["key_points"] = {"all": _f1(*tot), **{lg: _f1(*v) for lg, v in sorted(by_lang.items())}}
    stated = [(it, s) for it, s in zip(items, scores, strict=True) if it.misconceptions]
    if stated:
        out["misconceptions_named_when_stated"] = round(float(np.mean(
            [bool(set(it.misconceptions or []) & {m.id for m in s.misconceptions}) for it, s in stated])), 3)
    named = [(it, m.id) for it, s in zip(items, scores, strict=True) if it.misconceptions is not None
             for m in s.misconceptions]
    if named:
        out["misconceptions_precision"] = round(float(np.mean([m in (it.misconceptions or []) for it, m in named])), 3)
    return out


def shipped_labelled() -> list[Path]:
    return sorted(shipped_dir("eval").glob("*.jsonl"))


def add_arguments(e: argparse.ArgumentParser) -> None:
    e.add_argument("--bank", type=Path, action="append",
                   help="question folder replacing the shipped questions (repeatable; shipped rubrics kept)")
    e.add_argument("--answers", type=Path, action="append",
                   help="JSONL: question_id, answer, score[, language, split, label] (repeatable)")
    e.add_argument("--fit-split", help="fit the 0/1 threshold on this split only (e.g. train)")
    e.add_argument("--pair", help="POS,NEG: ROC-AUC of answers labelled POS against those labelled NEG")
    e.add_argument("--predictions", type=Path, help="write one JSON line per answer, in input order")
    e.add_argument("--judge", action="store_true", help="score with the configured LLM judge (needs a backend)")
    e.add_argument("--json", action="store_true")


def _scorer(args: argparse.Namespace, settings: Settings):
    from .offline import OfflineScorer

    offline = OfflineScorer(layers=settings.scorer_layers)
    if not args.judge:
        return offline
    if settings.backend == "offline":
        raise InputError("error.judge_needs_llm")
    from ..llm import build_chat_model
    from . import build_scorer

    return build_scorer(settings, build_chat_model(settings))


def evaluate_cli(args: argparse.Namespace, settings: Settings) -> int:
    if args.bank:
        bank = load_bank([shipped_dir("rubrics"), *args.bank])
        if bank.errors:
            raise InputError("error.bank_has_errors", problems="\n".join(map(str, bank.errors[:20])))
    else:
        bank = current_bank(settings)
    paths = args.answers or shipped_labelled()
    if not paths:
        raise InputError("error.no_labelled_answers")
    items = [it for p in paths for it in read_jsonl(p)]
    if len(items) < 3:
        raise InputError("error.too_few_labelled")
    pair = None
    if args.pair:
        parts = [x.strip() for x in args.pair.split(",")]
        if len(parts) != 2 or not all(parts):
            raise InputError("error.bad_pair_labels")
        pair = (parts[0], parts[1])
    res, scores = evaluate(items, bank, settings.language, scorer=_scorer(args, settings),
                           fit_split=args.fit_split, pair=pair)
    if args.predictions:
        _write_predictions(args.predictions, scores)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    _print(res)
    return 0


def _write_predictions(path: Path, scores: list) -> None:
    try:
        with path.open("w", encoding="utf-8") as f:
            for s in scores:
                f.write(json.dumps({
                    "question_id": s.question_id,
                    "overall": s.overall,
                    "flags": list(s.flags),
                    "covered": [k.id for k in s.key_points if k.covered],
                    "contradicted": [k.id for k in s.key_points if k.contradicted],
                    "misconceptions": [m.id for m in s.misconceptions],
                    "scorer": s.scorer,
                }, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise InputError("error.cannot_write_predictions", path=path, reason=exc.strerror) from None


def _print(res: dict) -> None:
    def block(r: dict, indent: str = "") -> None:
        print(f"{indent}n = {r['n']} answers to {r['questions']} questions")
        print(f"{indent}Pearson            {r['pearson']:.3f}")
        print(f"{indent}Spearman           {r['spearman']:.3f}")
        if r["qwk"] is not None:
            print(f"{indent}QWK                {r['qwk']:.3f}")
        print(f"{indent}Ordering accuracy  {r['ordering_accuracy'] * 100:.1f} % of {r['ordered_pairs']} pairs")
        print(f"{indent}Gaming flags on    {r['gaming_flag_rate'] * 100:.2f} % of answers")
        for lang, v in r["by_language"].items():
            print(f"{indent}  {lang}: n={v['n']} Spearman {v['spearman']:.3f}")
        levels = ", ".join(f"{k}→{v}" for k, v in r["mean_score_by_human_level"].items())
        print(f"{indent}Mean score by human level: {levels}")

    block(res)
    qual = res.get("quality", {})
    for key, val in qual.items():
        if isinstance(val, dict):
            inner = ", ".join(f"{k}: {v}" for k, v in val.items())
            print(f"{key.replace('_', ' ')}: {inner}")
        else:
            print(f"{key.replace('_', ' ')}: {val}")
    if res.get("answers_per_second"):
        print(f"Throughput         {res['answers_per_second']} answers/s")
    for sp, r in res.get("splits", {}).items():
        print(f"-- split {sp}")
        block(r, "  ")
    if "binary" in res:
        b = res["binary"]
        print(f"Correct/incorrect threshold {b['threshold']:.1f} (fitted on {b['fitted_on']}):")
        for sp, v in b["by_split"].items():
            print(f"  {sp:10s} n={v['n']:5d}  macro-F1 {v['macro_f1']:.3f}  ROC-AUC {v['roc_auc']:.3f}")
    if "pair" in res:
        pr = res["pair"]
        print(f"ROC-AUC {pr['positive']} vs {pr['negative']}:")
        for sp, v in pr["by_split"].items():
            print(f"  {sp:10s} n={v['n']:5d}  ROC-AUC {v['roc_auc']:.3f}")
    sys.stdout.flush()
