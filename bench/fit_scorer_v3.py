"""Fit the scorer's learned heads on graded interview answers, and report what they do on answers
to questions they were not fitted on.

    python -m bench.scorer_v3_data PATH/TO/interview-answers/dev.jsonl /tmp/v3.pkl   # measurements
    python -m bench.fit_scorer_v3 /tmp/v3.pkl                  # grouped cross-validation (48 questions)
    python -m bench.hard_negatives /tmp/hard.jsonl --exclude PATH/TO/dev.jsonl               # generated denials
    python -m bench.scorer_v3_data /tmp/hard.jsonl /tmp/hard.pkl --no-foreign
    python -m bench.fit_scorer_v3 /tmp/v3.pkl --hard /tmp/hard.pkl --hard-weight 1 --wrong-share 0.7 --write   # fit, write params
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
    CONTRA_WITHOUT_MIS,
    GRADE_INPUTS,
    MIS_INPUTS,
    PARAMS_FILE,
    POINT_INPUTS,
    STAR_INPUTS,
    Linear,
    closest_phrasing,
    contra_inputs,
    fit_linear,
    grade_inputs,
    mis_inputs,
    point_inputs,
)
from interview_bot.scoring.offline import mis_denied, negated_points

SPLIT = Path(__file__).with_name("scorer_v3_split.json")
CORRECT_LEVELS = ("excellent", "strong-style", "good-partial", "minimal-core")
L2 = {"covered": 3.0, "contradicted": 10.0, "misconception": 10.0, "misconception_answer": 10.0, "grade": 3.0,
      "grade_behavioral": 10.0}
FOLDS = 8


PHRASINGS = True  # credit the closest of a key point's phrasings (``also``); --text-only: its text alone

# --proj / --proj-mis: the best-window recall on token vectors under the learned projection
# (bench/train_projection.py; measured by bench/scorer_v3_data.py as ``proj_*_all``), appended to the
# inputs of the coverage head (and of the misconception head): the closest phrasing's value in the
# answer's language, in the other one, and how far the best of the two stands above the reference
# answer's.
PROJ = False
PROJ_MIS = False
PROJ_INPUTS = ("proj_same", "proj_other", "d_proj_ref")


def proj_cols(k: dict, phrasings: bool) -> list[float]:
    """The projected recall of the phrasing the other inputs read (``closest_phrasing``: highest
    recall times coherence, in each language), or of the text alone (``phrasings`` False), as the
    product would compute it with the value appended to ``POINT_FEATURES``."""
    if phrasings:
        i, j = closest_phrasing(k["same_all"]), closest_phrasing(k["other_all"])
    else:
        i = j = 0
    same, other = float(k["proj_same_all"][i]), float(k["proj_other_all"][j])
    return [same, other, max(same, other) - float(k["proj_base_all"][i])]


def point_rows(a: dict) -> np.ndarray:
    if not PHRASINGS or "same_all" not in (a["key_points"] or [{}])[0]:
        rows = text_rows(a)
        if PROJ:
            rows = np.hstack([rows, [proj_cols(k, False) for k in a["key_points"]]])
        return rows
    fr = a["score_lang"] == "fr"
    rows = []
    for k in a["key_points"]:
        i = closest_phrasing(k["same_all"])
        row = point_inputs(k["same_all"][i], k["other_all"][closest_phrasing(k["other_all"])], fr, k["base_all"][i])
        rows.append(np.concatenate([row, proj_cols(k, True)]) if PROJ else row)
    return np.array(rows)


def text_rows(a: dict) -> np.ndarray:
    """The key points' own texts: polarity (the contradiction head, the denial rule) is read on them."""
    fr = a["score_lang"] == "fr"
    return np.array([point_inputs(k["same"], k["other"], fr, k["base"]) for k in a["key_points"]])


MIS_DENIAL = True  # a misconception the answer negates is never named (scoring/offline.py)
MIS_PHRASINGS = True  # name a misconception by the closest of its phrasings; --text-only: its text alone


def mis_point_rows(a: dict) -> np.ndarray:
    fr = a["score_lang"] == "fr"
    rows = []
    for m in a["misconceptions"]:
        if MIS_PHRASINGS and "same_all" in m:
            i = closest_phrasing(m["same_all"])
            row = point_inputs(m["same_all"][i], m["other_all"][closest_phrasing(m["other_all"])], fr,
                               m["base_all"][i])
        else:
            row = point_inputs(m["same"], m["other"], fr, m["base"])
        rows.append(np.concatenate([row, proj_cols(m, MIS_PHRASINGS and "same_all" in m)]) if PROJ_MIS else row)
    return np.array(rows)


def coverage(heads: dict[str, Linear], pts: np.ndarray, order: float) -> tuple[np.ndarray, np.ndarray]:
    """P(covered) from the head, then times the coherence factor of the best windows: a window of
    shuffled words or a bare term list keeps only that share (as in ``OfflineScorer``)."""
    p_raw = heads["covered"](pts)
    return p_raw, p_raw * np.minimum(np.minimum(pts[:, I_FACTOR], pts[:, I_OTHER_FACTOR]), order)


def mis_matrix(a: dict, pts: np.ndarray, p_cov: np.ndarray, ids: list[str]) -> np.ndarray:
    mp = mis_point_rows(a)
    w = np.array([k["weight"] for k in a["key_points"]], dtype=float)
    content = float(p_cov @ w / w.sum())
    n = len(mp)
    rows = []
    for j, m in enumerate(a["misconceptions"]):
        r = ids.index(m["key_point"]) if m["key_point"] in ids else None
        others = [float(mp[i][I_MAX_RECALL]) for i in range(n) if i != j]
        rows.append(mis_inputs(mp[j], pts[r] if r is not None else None,
                               float(p_cov[r]) if r is not None else 0.0, content, others))
    return np.array(rows)


# Tried in the fifth session and NOT shipped (docs/scoring.md): an answer-level stage, P(the answer states
# any listed misconception), over the per-misconception head. ``--answer-stage`` reproduces it.
MIS_ANSWER = False
INNER_FOLDS = 4  # the answer-level stage learns from inner out-of-fold misconception probabilities
MIS_ANSWER_INPUTS = ("top_logit", "margin", "top_d_other", "top_recall", "top_d_recall", "top_rival_p", "content",
                     "max_covered")
_P_FLOOR = 1e-4  # probabilities are clipped here before taking logits


def _logit(p: float) -> float:
    p = min(max(float(p), _P_FLOOR), 1.0 - _P_FLOOR)
    return float(np.log(p / (1.0 - p)))


def mis_answer_inputs(p_mis: np.ndarray, mis_rows: np.ndarray, p_cov: np.ndarray) -> np.ndarray:
    """Answer-level evidence that the answer states one of the question's listed misconceptions: the most
    probable one, its lead over the second, how far it stands out from its siblings and from the key point
    it opposes, that key point's coverage, the answer's mean and best coverage."""
    t = int(np.argmax(p_mis))
    second = float(np.partition(p_mis, -2)[-2]) if len(p_mis) > 1 else 0.0
    row = mis_rows[t]

    def col(name: str) -> float:
        return float(row[MIS_INPUTS.index(name)])

    return np.array([_logit(p_mis[t]), _logit(p_mis[t]) - _logit(second), col("d_other_mis"), col("mis_max_recall"),
                     col("d_recall"), col("rival_p"), col("content"), float(p_cov.max(initial=0.0))])


def answer_level(p_mis: np.ndarray, p_any: float) -> np.ndarray:
    """Each misconception's final probability: P(states one) for the most probable, the others in proportion."""
    top = float(p_mis.max(initial=0.0))
    return p_any * p_mis / top if top > 0 else np.zeros_like(p_mis)


def mis_parts(a: dict, heads: dict[str, Linear]) -> tuple:
    """Coverage, then the misconception head (after the denial rule), before the answer-level stage."""
    pts = point_rows(a)
    p_raw, p_cov = coverage(heads, pts, a["order"])
    ids = [k["id"] for k in a["key_points"]]
    mis = a["misconceptions"]
    p_mis = np.zeros(len(mis))
    mx = np.zeros((0, len(MIS_INPUTS)))
    if mis:
        mx = mis_matrix(a, pts, p_cov, ids)
        p_mis = heads["misconception"](mx)
        if MIS_DENIAL:  # a misconception the answer negates is never named
            p_mis = np.where(mis_denied(mis_point_rows(a)), 0.0, p_mis)
    return pts, p_raw, p_cov, ids, mx, p_mis


def answer_parts(a: dict, heads: dict[str, Linear]) -> dict:
    """Every head applied to one answer; the same composition as ``OfflineScorer``."""
    pts, p_raw, p_cov, ids, mx, p_mis = mis_parts(a, heads)
    mis = a["misconceptions"]
    if mis and "misconception_answer" in heads:  # the head ranks, the answer-level stage decides whether
        p_mis = answer_level(p_mis, float(heads["misconception_answer"](mis_answer_inputs(p_mis, mx, p_cov))[0]))
    tied = np.zeros(len(ids))
    for j, m in enumerate(mis):
        if m["key_point"] in ids:
            i = ids.index(m["key_point"])
            tied[i] = max(tied[i], p_mis[j])
    tpts = text_rows(a)
    names = heads["contradicted"].names
    p_con = heads["contradicted"](np.array([contra_inputs(tpts[i], p_cov[i], tied[i], names) for i in range(len(ids))]))
    w = np.array([k["weight"] for k in a["key_points"]], dtype=float)
    beh = a["kind"] == "behavioral"
    g_in = grade_inputs(p_cov * (1 - p_con), w, p_con, p_mis, a["star"] if beh else None)
    return {"p_cov": p_cov, "p_raw": p_raw, "pts": pts, "tpts": tpts, "p_mis": p_mis, "p_con": p_con, "g_in": g_in, "beh": beh,
            "ids": ids}


# The contradiction head's inputs: the shipped ones, or (``--contra-without-mis``) without the probability of
# the tied misconception (the sixth session's change A, docs/scoring.md).
CONTRA_NAMES: tuple[str, ...] = CONTRA_INPUTS

# Generated hard negatives (bench/hard_negatives.py: other questions, own phrasings and seeds): they
# train the key-point heads only, each row counting HARD_WEIGHT. Set by ``--hard``.
HARD: list[dict] = []
HARD_WEIGHT = 1.0
COVERAGE_HARD: tuple[str, ...] = ()


def _states_listed(a: dict) -> bool:
    return bool(set(a["labels"]["misconceptions"] or []) & {m["id"] for m in a["misconceptions"]})


def fit(answers: list[dict]) -> dict[str, Linear]:
    heads = fit_points(answers)
    if MIS_ANSWER:
        # The answer-level stage learns from misconception probabilities like the ones it will read: each
        # from coverage and misconception heads fitted without that answer's question (inner folds).
        ax, ay = [], []
        for test in folds_of(answers, INNER_FOLDS):
            inner = fit_points([a for j, a in enumerate(answers) if j not in set(test)])
            for j in test:
                if answers[j]["misconceptions"]:
                    _, _, p_cov, _, mx, p_mis = mis_parts(answers[j], inner)
                    ax.append(mis_answer_inputs(p_mis, mx, p_cov))
                    ay.append(_states_listed(answers[j]))
        heads["misconception_answer"] = fit_linear(np.array(ax), np.array(ay), MIS_ANSWER_INPUTS, logistic=True,
                                                   l2=L2["misconception_answer"])
    return fit_rest(answers, heads)


def fit_points(answers: list[dict]) -> dict[str, Linear]:
    """The coverage head, then the per-misconception head (which reads coverage)."""
    heads: dict[str, Linear] = {}
    hard = {id(h) for h in HARD}
    # A denied or swapped key point measures like a stated one (same words): telling them apart is the
    # contradiction head's job, so the coverage head sees only the hedged and scrambled rows.
    cov_rows = answers + [h for h in HARD if h["labels"]["level"] in COVERAGE_HARD]
    x = np.vstack([point_rows(a) for a in cov_rows])
    y = np.concatenate([[k["id"] in a["labels"]["covered"] for k in a["key_points"]] for a in cov_rows])
    sw = np.concatenate([np.full(len(a["key_points"]), HARD_WEIGHT if id(a) in hard else 1.0) for a in cov_rows])
    heads["covered"] = fit_linear(x, y, POINT_INPUTS + (PROJ_INPUTS if PROJ else ()), logistic=True,
                                  l2=L2["covered"], sample_weight=sw)
    # misconceptions
    mx, my = [], []
    for a in answers:
        pts = point_rows(a)
        _, p_cov = coverage(heads, pts, a["order"])
        ids = [k["id"] for k in a["key_points"]]
        if not a["misconceptions"]:
            continue
        mx.extend(mis_matrix(a, pts, p_cov, ids))
        my.extend(m["id"] in (a["labels"]["misconceptions"] or []) for m in a["misconceptions"])
    mis_names = MIS_INPUTS if not PROJ_MIS else (
        MIS_INPUTS[: len(POINT_INPUTS)] + tuple(f"mis_{n}" for n in PROJ_INPUTS) + MIS_INPUTS[len(POINT_INPUTS):])
    heads["misconception"] = fit_linear(np.array(mx), np.array(my), mis_names, logistic=True, l2=L2["misconception"])
    return heads


def fit_rest(answers: list[dict], heads: dict[str, Linear]) -> dict[str, Linear]:
    """The contradiction head (with the generated rows), then the grade heads, on the stages above."""
    kp_rows = answers + HARD
    hard = {id(h) for h in HARD}
    # contradictions
    cx, cy, cw = [], [], []
    m = len(CONTRA_NAMES)
    heads["contradicted"] = Linear(CONTRA_NAMES, np.zeros(m), np.ones(m), np.zeros(m), -10.0)  # placeholder
    for a in kp_rows:
        parts = answer_parts(a, heads)
        tied = np.zeros(len(parts["ids"]))
        for j, m in enumerate(a["misconceptions"]):
            if m["key_point"] in parts["ids"]:
                i = parts["ids"].index(m["key_point"])
                tied[i] = max(tied[i], parts["p_mis"][j])
        for i, kid in enumerate(parts["ids"]):
            cx.append(contra_inputs(parts["tpts"][i], parts["p_cov"][i], tied[i], CONTRA_NAMES))
            cy.append(kid in (a["labels"]["contradicted"] or []))
            cw.append(HARD_WEIGHT if id(a) in hard else 1.0)
    heads["contradicted"] = fit_linear(np.array(cx), np.array(cy), CONTRA_NAMES, logistic=True,
                                       l2=L2["contradicted"], sample_weight=np.array(cw))
    # grades
    for beh, key, names in ((False, "grade", GRADE_INPUTS), (True, "grade_behavioral", GRADE_INPUTS + STAR_INPUTS)):
        sub = [a for a in answers if (a["kind"] == "behavioral") == beh]
        gx = np.array([answer_parts(a, heads)["g_in"] for a in sub])
        gy = np.array([a["labels"]["grade"] for a in sub], dtype=float)
        sw = np.array([OFF_TOPIC_WEIGHT if _off(a) else 1.0 for a in sub])
        if not len(sub):
            continue
        heads[key] = fit_linear(gx, gy, names, logistic=False, l2=L2[key], sample_weight=sw)
    return heads


EVIDENCE_GATE = 0.5  # chosen by cross-validation (0 to 0.5 tried): see scoring/offline.py
WRONG_SHARE = 1.0  # the score kept per wrong statement named (scoring/offline.py; set by --wrong-share)


I_MAX_RECALL = POINT_INPUTS.index("max_recall")
I_FACTOR = POINT_INPUTS.index("same_factor")
I_OTHER_FACTOR = POINT_INPUTS.index("other_factor")


def decide(a: dict, parts: dict, heads: dict[str, Linear], thr: dict[str, float]) -> dict:
    g = heads["grade_behavioral" if parts["beh"] else "grade"](parts["g_in"])[0]
    g = float(np.clip(g, 0, 100)) * min(1.0, float(parts["p_cov"].max(initial=0.0)) / EVIDENCE_GATE)
    mis_named = [m["id"] for m, p in zip(a["misconceptions"], parts["p_mis"], strict=True) if p >= thr["misconception"]]
    named_kp = {m["key_point"] for m in a["misconceptions"] if m["id"] in mis_named}
    negated = negated_points(parts["tpts"])
    contradicted = (parts["p_con"] >= thr["contradicted"]) | np.array([i in named_kp for i in parts["ids"]]) | negated
    covered = (parts["p_cov"] >= thr["covered"]) & ~contradicted
    wrong = int(contradicted.sum()) + sum(1 for m in a["misconceptions"]
                                          if m["id"] in mis_named and m["key_point"] not in parts["ids"])
    g *= WRONG_SHARE ** wrong
    return {"score": g, "covered": covered, "contradicted": contradicted, "mis": mis_named, **parts}


def predict(a: dict, heads: dict[str, Linear], thr: dict[str, float]) -> dict:
    return decide(a, answer_parts(a, heads), heads, thr)


def metrics(answers: list[dict], preds: list[dict]) -> dict:
    off = [p["score"] for a, p in zip(answers, preds, strict=True) if _off(a)]
    pairs = [(a, p) for a, p in zip(answers, preds, strict=True) if not _off(a)]
    answers, preds = [a for a, _ in pairs], [p for _, p in pairs]
    res = _metrics(answers, preds)
    if off:
        res["off_topic_mean"] = round(float(np.mean(off)), 1)
        res["off_topic_above_25"] = round(float(np.mean(np.array(off) > 25)), 3)
    return res


def _metrics(answers: list[dict], preds: list[dict]) -> dict:
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
    for lg in ("en", "fr"):
        m = correct & (lang == lg)
        out[f"what_was_wrong_on_correct_{lg}"] = round(float(wrong_shown[m].mean()), 3) if m.any() else 0.0
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


OFF_TOPIC_WEIGHT = 0.3  # an off-topic copy counts this much in the grade fit (there is one per answer)


def _off(a: dict) -> bool:
    """Training-only rows (off-topic copies and generated ones): never in the reported figures."""
    return a["labels"].get("level") == "off-topic" or a["labels"].get("level", "").startswith("hard-")


def _group(a: dict) -> str:
    """The question an answer was written for (an off-topic copy stays with its original)."""
    return a["labels"].get("source_question") or a["question_id"]


def folds_of(answers: list[dict], k: int = FOLDS) -> list[list[int]]:
    qs = sorted({_group(a) for a in answers})
    rng = np.random.default_rng(7)
    rng.shuffle(qs)
    fold_of = {q: i % k for i, q in enumerate(qs)}
    return [[j for j, a in enumerate(answers) if fold_of[_group(a)] == f] for f in range(k)]


WRONG_GRID: list[float] = []
THRESHOLDS = {"covered": 0.5, "contradicted": 0.5, "misconception": 0.5}


WRONG_BUDGET = 0.03  # "what was wrong" on correct answers
MIN_PRECISION = 0.8  # of the misconceptions named (--per-language rule only)
GRID = False  # --grid: print the figures at every misconception threshold (contradiction threshold below)
GRID_CONTRADICTED = 0.95
RULE_FAILED = False  # set when no pair passes the per-language rule (then nothing is written)
PER_LANGUAGE = False  # --per-language: the fifth session's pre-registered rule (docs/scoring.md)


def passes_budget(m: dict, per_language: bool | None = None) -> bool:
    """"What was wrong" on at most 3 % of correct answers. With ``PER_LANGUAGE`` (the rule written
    before the fifth session's first CV run): overall and in each language, and misconception
    precision >= 0.8."""
    if not (PER_LANGUAGE if per_language is None else per_language):
        return bool(m["what_was_wrong_on_correct"] <= WRONG_BUDGET)
    return (max(m["what_was_wrong_on_correct"], m["what_was_wrong_on_correct_en"],
                m["what_was_wrong_on_correct_fr"]) <= WRONG_BUDGET
            and (m["misconception_precision"] is None or m["misconception_precision"] >= MIN_PRECISION))


def cross_validate(answers: list[dict], thr: dict[str, float]) -> tuple[dict, list[dict]]:
    """Out-of-fold predictions; the thresholds for "what was wrong" are then chosen on them:
    the misconception and contradiction thresholds with the most misconceptions named within
    ``passes_budget`` (ties: less "what was wrong", then higher precision)."""
    outs: list[tuple[dict, dict, dict[str, Linear]] | None] = [None] * len(answers)
    for test in folds_of(answers):
        train = [a for j, a in enumerate(answers) if j not in set(test)]
        heads = fit(train)
        for j in test:
            outs[j] = (answers[j], answer_parts(answers[j], heads), heads)
    done = [o for o in outs if o is not None]
    best = None
    overall: tuple | None = None
    for t_mis in np.arange(0.1, 0.95, 0.05):
        for t_con in np.arange(0.3, 0.99, 0.05):  # up to 0.95
            th = {**thr, "misconception": round(float(t_mis), 2), "contradicted": round(float(t_con), 2)}
            preds = [decide(a, parts, h, th) for a, parts, h in done]
            m = metrics(answers, preds)
            if GRID and th["contradicted"] == GRID_CONTRADICTED:
                print(json.dumps({"misconception": th["misconception"], "contradicted": th["contradicted"],
                                  "named": m["misconception_named"], "precision": m["misconception_precision"],
                                  **{k: m[f"what_was_wrong_on_correct{s}"] for k, s in
                                     (("www", ""), ("www_en", "_en"), ("www_fr", "_fr"))}}))
            key = (m["misconception_named"] or 0.0, -m["what_was_wrong_on_correct"])
            if PER_LANGUAGE:
                key += (m["misconception_precision"] or 1.0,)
            if passes_budget(m):
                if best is None or key > best[0]:
                    best = (key, th, m, preds)
            elif PER_LANGUAGE and passes_budget(m, per_language=False) and (overall is None or key > overall[0]):
                overall = (key, th, m, preds)
    if best is None:
        if overall is None:
            raise SystemExit("no threshold pair keeps 'what was wrong' within the budget (passes_budget)")
        # Say what the overall-only rule would have chosen, and go on with it (never written: see main).
        global RULE_FAILED
        RULE_FAILED = True
        print("no threshold pair keeps 'what was wrong' within the per-language budget: the figures below are "
              "at the overall-only choice")
        best = overall
    thr.update(best[1])
    global WRONG_SHARE
    shipped = WRONG_SHARE
    for share in WRONG_GRID:  # the score kept per wrong statement: same folds, thresholds as chosen
        WRONG_SHARE = share
        m = metrics(answers, [decide(a, parts, h, best[1]) for a, parts, h in done])
        print(json.dumps({"wrong_share": share, "spearman": m["spearman"], "spearman_en": m["spearman_en"],
                          "spearman_fr": m["spearman_fr"], "bias": m["bias_excellent_strong"],
                          "levels": m["mean_by_level"]}))
    WRONG_SHARE = shipped
    return best[2], best[3]


HARD_LEVEL = "hard-negation"  # generated answers that deny key points (bench/hard_negatives.py)


def hard_denials(pool: list[dict], thr: dict[str, float], k: int = 4) -> dict:
    """How often the generated denials are marked contradicted: the heads fitted on ``pool`` with the
    generated rows of a quarter of their questions left out, each quarter decided in turn."""
    global HARD
    every = list(HARD)
    qs = sorted({h["question_id"] for h in every})
    rng = np.random.default_rng(11)
    rng.shuffle(qs)
    fold_of = {q: i % k for i, q in enumerate(qs)}
    caught = by_rule = total = 0
    try:
        for f in range(k):
            HARD[:] = [h for h in every if fold_of[h["question_id"]] != f]
            heads = fit(pool)
            for h in every:
                if fold_of[h["question_id"]] != f or h["labels"]["level"] != HARD_LEVEL:
                    continue
                p = predict(h, heads, thr)
                rule = negated_points(p["tpts"])
                for i, kid in enumerate(p["ids"]):
                    if kid in (h["labels"]["contradicted"] or []):
                        total += 1
                        caught += int(p["contradicted"][i])
                        by_rule += int(rule[i])
    finally:
        HARD[:] = every
    return {"denied_key_points": total, "contradicted": round(caught / total, 3) if total else None,
            "by_sentence_rule": round(by_rule / total, 3) if total else None}


def main(argv: list[str] | None = None) -> int:
    global HARD_WEIGHT
    ap = argparse.ArgumentParser()
    ap.add_argument("features", type=Path)
    ap.add_argument("--write", action="store_true", help="fit on the 48 questions and write params/heads.json")
    ap.add_argument("--locked", action="store_true", help="report the 12 locked questions (run once, at the end)")
    ap.add_argument("--hard", type=Path, help="measured hard negatives (bench.hard_negatives + scorer_v3_data)")
    ap.add_argument("--hard-weight", type=float, default=1.0)
    ap.add_argument("--text-only", action="store_true", help="measure key points by their text alone, not 'also'")
    ap.add_argument("--mis-text-only", action="store_true", help="misconceptions by their text alone, not 'also'")
    ap.add_argument("--answer-stage", action="store_true",
                    help="the answer-level misconception stage tried in the fifth session (not shipped)")
    ap.add_argument("--per-language", action="store_true",
                    help="thresholds: 'what was wrong' <= 3 %% overall and per language, precision >= 0.8")
    ap.add_argument("--contra-without-mis", action="store_true",
                    help="the contradiction head without the tied misconception's probability (sixth session, A)")
    ap.add_argument("--hard-report", action="store_true",
                    help="after CV: generated denials marked contradicted (their questions' quarter held out)")
    ap.add_argument("--grid", action="store_true", help="print named / 'what was wrong' at every misconception "
                    "threshold (contradiction threshold 0.95)")
    ap.add_argument("--wrong-share", type=float, default=None, help="score kept per wrong statement (default: shipped)")
    ap.add_argument("--wrong-grid", default="", help="comma-separated shares to compare on the folds")
    ap.add_argument("--proj", action="store_true", help="the projected recall (proj_*_all) in the coverage head")
    ap.add_argument("--proj-mis", action="store_true", help="… and in the misconception head")
    args = ap.parse_args(argv)
    global PHRASINGS, MIS_PHRASINGS, WRONG_SHARE, MIS_ANSWER, PER_LANGUAGE, PROJ, PROJ_MIS
    global CONTRA_NAMES
    CONTRA_NAMES = CONTRA_WITHOUT_MIS if args.contra_without_mis else CONTRA_INPUTS
    global GRID
    GRID = args.grid
    MIS_ANSWER = args.answer_stage
    PER_LANGUAGE = args.per_language
    if MIS_ANSWER and args.write:
        raise SystemExit("--answer-stage is not in the product (scoring/offline.py): not written")
    PROJ, PROJ_MIS = args.proj or args.proj_mis, args.proj_mis
    if args.write and PROJ:
        raise SystemExit("--write with --proj: the product does not compute the projected recall yet")
    WRONG_GRID[:] = [float(x) for x in args.wrong_grid.split(",") if x]
    WRONG_SHARE = args.wrong_share if args.wrong_share is not None else float(
        json.loads(PARAMS_FILE.read_text(encoding="utf-8"))["thresholds"].get("wrong_share", 1.0))
    PHRASINGS = not args.text_only
    MIS_PHRASINGS = not (args.text_only or args.mis_text_only)
    answers = pickle.loads(args.features.read_bytes())
    if args.hard:
        HARD_WEIGHT = args.hard_weight
        dev_questions = {_group(a) for a in answers}  # the graded answers' own questions (not off-topic copies')
        HARD[:] = [h for h in pickle.loads(args.hard.read_bytes()) if h["question_id"] not in dev_questions]
        # Generated rows are built from a key point's own text (denied, swapped, hedged, scrambled), so
        # they are measured on that text alone. Measured on the phrasings too, the hedged and scrambled
        # rows left no threshold pair with "what was wrong" on at most 3 % of correct answers.
        for h in HARD:
            for k in h["key_points"] + h["misconceptions"]:
                for f in ("same_all", "other_all", "base_all"):
                    k.pop(f, None)
                for f in ("proj_same_all", "proj_other_all", "proj_base_all"):
                    if f in k:
                        k[f] = k[f][:1]
    locked = set(json.loads(SPLIT.read_text())["locked_questions"])
    pool = [a for a in answers if _group(a) not in locked and a["question_id"] not in locked]
    thr = dict(THRESHOLDS)
    if args.locked:  # the product as shipped: heads fitted on the 48, the thresholds chosen on their folds
        thr = dict(json.loads(PARAMS_FILE.read_text(encoding="utf-8"))["thresholds"])
        heads = fit(pool)
        held = [a for a in answers if _group(a) in locked]
        print(json.dumps({"locked": metrics(held, [predict(a, heads, thr) for a in held])}, indent=1))
        return 0
    res, _ = cross_validate(pool, thr)
    print(json.dumps({"cv_48_questions": res, "thresholds": thr,
                      "per_language_rule": (None if not PER_LANGUAGE else "FAILED" if RULE_FAILED else "passed")},
                     indent=1))
    if args.hard_report and HARD:
        print(json.dumps({"hard_denials": hard_denials(pool, thr)}, indent=1))
    if args.write and RULE_FAILED:
        raise SystemExit("not written: no threshold pair passes the per-language rule")
    if args.write:
        heads = fit(pool)
        PARAMS_FILE.parent.mkdir(exist_ok=True)
        doc = {name: h.to_json() for name, h in heads.items()}
        doc["thresholds"] = {**thr, "wrong_share": WRONG_SHARE}
        doc["about"] = {
            "data": "../shared/data/interview-answers/dev.jsonl (CC BY 4.0, written for this project): the 48 "
                    "development questions not locked in bench/scorer_v3_split.json, 8 graded answers each",
            "script": "python -m bench.scorer_v3_data DEV.jsonl F.pkl && python -m bench.hard_negatives H.jsonl "
                      "--exclude DEV.jsonl && python -m bench.scorer_v3_data H.jsonl HF.pkl --no-foreign && "
                      "python -m bench.fit_scorer_v3 F.pkl --hard HF.pkl --hard-weight 1 --wrong-share 0.7 --write",
            "hard_negatives": (f"{len(HARD)} generated answers to {len({h['question_id'] for h in HARD})} questions "
                               "outside the graded set (bench/hard_negatives.py, seed 7000): contradiction head only"
                               if HARD else None),
            "cross_validation": res,
        }
        PARAMS_FILE.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {PARAMS_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
