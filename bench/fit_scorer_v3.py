"""Fit the scorer's learned heads on graded interview answers, and report what they do on answers
to questions they were not fitted on.

    python -m bench.scorer_v3_data PATH/TO/interview-answers/dev.jsonl /tmp/v3.pkl   # measurements
    python -m bench.fit_scorer_v3 /tmp/v3.pkl                  # grouped cross-validation (48 questions)
    python -m bench.fit_scorer_v3 /tmp/v3.pkl --write          # fit on the 48, write params/heads.json
    python -m bench.fit_scorer_v3 /tmp/v3.pkl --locked         # once, at the end: the 12 locked questions

Protocol, fixed before fitting: 12 of the 60 development questions are locked away
(``bench/scorer_v3_split.json``, chosen by hash); every choice below was compared only by 8-fold
cross-validation grouped by question on the other 48; the shipped heads are fitted on the 48.
"""

from __future__ import annotations

import argparse
import json
import pickle
from pathlib import Path

import numpy as np

from interview_bot.scoring.evaluate import spearman
from interview_bot.scoring.heads import (
    CONTRA_INPUTS,
    GRADE_INPUTS,
    MIS_INPUTS,
    PARAMS_FILE,
    POINT_INPUTS,
    STAR_INPUTS,
    Linear,
    contra_inputs,
    fit_linear,
    grade_inputs,
    mis_inputs,
    point_inputs,
)

SPLIT = Path(__file__).with_name("scorer_v3_split.json")
CORRECT_LEVELS = ("excellent", "strong-style", "good-partial", "minimal-core")
L2 = {"covered": 3.0, "contradicted": 10.0, "misconception": 10.0, "grade": 3.0, "grade_behavioral": 10.0}
FOLDS = 8


def point_rows(a: dict) -> np.ndarray:
    fr = a["score_lang"] == "fr"
    return np.array([point_inputs(k["same"], k["other"], fr) for k in a["key_points"]])


def mis_point_rows(a: dict) -> np.ndarray:
    fr = a["score_lang"] == "fr"
    return np.array([point_inputs(m["same"], m["other"], fr) for m in a["misconceptions"]])


def answer_parts(a: dict, heads: dict[str, Linear]) -> dict:
    """Every head applied to one answer; the same composition as ``OfflineScorer``."""
    pts = point_rows(a)
    p_cov = heads["covered"](pts)
    ids = [k["id"] for k in a["key_points"]]
    mis = a["misconceptions"]
    p_mis = np.zeros(len(mis))
    if mis:
        mp = mis_point_rows(a)
        rows = []
        for j, m in enumerate(mis):
            r = ids.index(m["key_point"]) if m["key_point"] in ids else None
            rows.append(mis_inputs(mp[j], pts[r] if r is not None else None, float(p_cov[r]) if r is not None else 0.0))
        p_mis = heads["misconception"](np.array(rows))
    tied = np.zeros(len(ids))
    for j, m in enumerate(mis):
        if m["key_point"] in ids:
            i = ids.index(m["key_point"])
            tied[i] = max(tied[i], p_mis[j])
    p_con = heads["contradicted"](np.array([contra_inputs(pts[i], p_cov[i], tied[i]) for i in range(len(ids))]))
    w = np.array([k["weight"] for k in a["key_points"]], dtype=float)
    beh = a["kind"] == "behavioral"
    g_in = grade_inputs(p_cov * (1 - p_con), w, p_con, p_mis, a["order"], a["star"] if beh else None)
    return {"p_cov": p_cov, "p_mis": p_mis, "p_con": p_con, "g_in": g_in, "beh": beh, "ids": ids}


def fit(answers: list[dict]) -> dict[str, Linear]:
    heads: dict[str, Linear] = {}
    x = np.vstack([point_rows(a) for a in answers])
    y = np.concatenate([[k["id"] in a["labels"]["covered"] for k in a["key_points"]] for a in answers])
    heads["covered"] = fit_linear(x, y, POINT_INPUTS, logistic=True, l2=L2["covered"])
    # misconceptions
    mx, my = [], []
    for a in answers:
        pts = point_rows(a)
        p_cov = heads["covered"](pts)
        ids = [k["id"] for k in a["key_points"]]
        if not a["misconceptions"]:
            continue
        mp = mis_point_rows(a)
        for j, m in enumerate(a["misconceptions"]):
            r = ids.index(m["key_point"]) if m["key_point"] in ids else None
            mx.append(mis_inputs(mp[j], pts[r] if r is not None else None, float(p_cov[r]) if r is not None else 0.0))
            my.append(m["id"] in (a["labels"]["misconceptions"] or []))
    heads["misconception"] = fit_linear(np.array(mx), np.array(my), MIS_INPUTS, logistic=True, l2=L2["misconception"])
    # contradictions
    cx, cy = [], []
    heads["contradicted"] = Linear(CONTRA_INPUTS, np.zeros(6), np.ones(6), np.zeros(6), -10.0)  # placeholder
    for a in answers:
        parts = answer_parts(a, heads)
        pts = point_rows(a)
        tied = np.zeros(len(parts["ids"]))
        for j, m in enumerate(a["misconceptions"]):
            if m["key_point"] in parts["ids"]:
                i = parts["ids"].index(m["key_point"])
                tied[i] = max(tied[i], parts["p_mis"][j])
        for i, kid in enumerate(parts["ids"]):
            cx.append(contra_inputs(pts[i], parts["p_cov"][i], tied[i]))
            cy.append(kid in (a["labels"]["contradicted"] or []))
    heads["contradicted"] = fit_linear(np.array(cx), np.array(cy), CONTRA_INPUTS, logistic=True, l2=L2["contradicted"])
    # grades
    for beh, key, names in ((False, "grade", GRADE_INPUTS), (True, "grade_behavioral", GRADE_INPUTS + STAR_INPUTS)):
        sub = [a for a in answers if (a["kind"] == "behavioral") == beh]
        gx = np.array([answer_parts(a, heads)["g_in"] for a in sub])
        gy = np.array([a["labels"]["grade"] for a in sub], dtype=float)
        heads[key] = fit_linear(gx, gy, names, logistic=False, l2=L2[key])
    return heads


def predict(a: dict, heads: dict[str, Linear], thr: dict[str, float]) -> dict:
    parts = answer_parts(a, heads)
    g = heads["grade_behavioral" if parts["beh"] else "grade"](parts["g_in"])[0]
    covered = parts["p_cov"] >= thr["covered"]
    contradicted = parts["p_con"] >= thr["contradicted"]
    mis_named = [m["id"] for m, p in zip(a["misconceptions"], parts["p_mis"], strict=True) if p >= thr["misconception"]]
    return {"score": float(np.clip(g, 0, 100)), "covered": covered & ~contradicted, "contradicted": contradicted,
            "mis": mis_named, **parts}


def metrics(answers: list[dict], preds: list[dict]) -> dict:
    grade = np.array([a["labels"]["grade"] for a in answers], dtype=float)
    score = np.array([p["score"] for p in preds])
    lang = np.array([a["lang"] for a in answers])
    level = np.array([a["labels"]["level"] for a in answers])
    beh = np.array([a["kind"] == "behavioral" for a in answers])
    out: dict = {"n": len(answers), "spearman": round(spearman(grade, score), 3)}
    for lg in ("en", "fr"):
        m = lang == lg
        out[f"spearman_{lg}"] = round(spearman(grade[m], score[m]), 3)
    out["mean_by_level"] = {lv: round(float(score[level == lv].mean()), 1) for lv in sorted(set(level))}
    exc = level == "excellent"
    out["excellent_ge70"] = round(float((score[exc] >= 70).mean()), 3)
    out["excellent_star_mean"] = round(float(score[exc & beh].mean()), 1) if (exc & beh).any() else None
    top = np.isin(level, ["excellent", "strong-style"])
    out["bias_excellent_strong"] = round(float((score[top] - grade[top]).mean()), 1)
    bands = [(0, 20), (20, 45), (45, 65), (65, 85), (85, 101)]
    out["mean_by_band"] = {f"{lo}-{hi - 1}": round(float(score[(grade >= lo) & (grade < hi)].mean()), 1)
                           for lo, hi in bands if ((grade >= lo) & (grade < hi)).any()}
    correct = np.isin(level, CORRECT_LEVELS)
    wrong_shown = np.array([bool(p["contradicted"].any() or p["mis"]) for p in preds])
    out["what_was_wrong_on_correct"] = round(float(wrong_shown[correct].mean()), 3)
    stated = [(a, p) for a, p in zip(answers, preds, strict=True) if a["labels"]["misconceptions"]]
    out["misconception_named"] = round(float(np.mean([bool(set(a["labels"]["misconceptions"]) & set(p["mis"]))
                                                       for a, p in stated])), 3) if stated else None
    named = [(a, m) for a, p in zip(answers, preds, strict=True) for m in p["mis"]]
    out["misconception_precision"] = round(float(np.mean([m in (a["labels"]["misconceptions"] or [])
                                                          for a, m in named])), 3) if named else None
    for lg in ("en", "fr", "all"):
        tp = fp = fn = 0
        for a, p in zip(answers, preds, strict=True):
            if lg != "all" and a["lang"] != lg:
                continue
            truth = np.array([k["id"] in a["labels"]["covered"] for k in a["key_points"]])
            tp += int((truth & p["covered"]).sum())
            fp += int((~truth & p["covered"]).sum())
            fn += int((truth & ~p["covered"]).sum())
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out[f"kp_{lg}"] = {"precision": round(prec, 3), "recall": round(rec, 3),
                           "f1": round(2 * prec * rec / (prec + rec), 3) if prec + rec else 0.0}
    return out


def folds_of(answers: list[dict], k: int = FOLDS) -> list[list[int]]:
    qs = sorted({a["question_id"] for a in answers})
    rng = np.random.default_rng(7)
    rng.shuffle(qs)
    fold_of = {q: i % k for i, q in enumerate(qs)}
    return [[j for j, a in enumerate(answers) if fold_of[a["question_id"]] == f] for f in range(k)]


THRESHOLDS = {"covered": 0.5, "contradicted": 0.5, "misconception": 0.5}


def cross_validate(answers: list[dict], thr: dict[str, float]) -> tuple[dict, list[dict]]:
    preds: list[dict | None] = [None] * len(answers)
    for test in folds_of(answers):
        train = [a for j, a in enumerate(answers) if j not in set(test)]
        heads = fit(train)
        for j in test:
            preds[j] = predict(answers[j], heads, thr)
    done = [p for p in preds if p is not None]
    return metrics(answers, done), done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("features", type=Path)
    ap.add_argument("--write", action="store_true", help="fit on the 48 questions and write params/heads.json")
    ap.add_argument("--locked", action="store_true", help="report the 12 locked questions (run once, at the end)")
    args = ap.parse_args(argv)
    answers = pickle.loads(args.features.read_bytes())
    locked = set(json.loads(SPLIT.read_text())["locked_questions"])
    pool = [a for a in answers if a["question_id"] not in locked]
    thr = dict(THRESHOLDS)
    if args.locked:
        heads = fit(pool)
        held = [a for a in answers if a["question_id"] in locked]
        print(json.dumps({"locked": metrics(held, [predict(a, heads, thr) for a in held])}, indent=1))
        return 0
    res, _ = cross_validate(pool, thr)
    print(json.dumps({"cv_48_questions": res}, indent=1))
    if args.write:
        heads = fit(pool)
        PARAMS_FILE.parent.mkdir(exist_ok=True)
        doc = {name: h.to_json() for name, h in heads.items()}
        doc["thresholds"] = thr
        doc["about"] = {
            "data": "../shared/data/interview-answers/dev.jsonl (CC BY 4.0, written for this project): the 48 "
                    "development questions not locked in bench/scorer_v3_split.json, 8 graded answers each",
            "script": "python -m bench.scorer_v3_data DEV.jsonl F.pkl && python -m bench.fit_scorer_v3 F.pkl --write",
            "cross_validation": res,
        }
        PARAMS_FILE.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {PARAMS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
