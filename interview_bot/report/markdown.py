"""Markdown rendering. Candidate and model text is escaped (HTML and Markdown syntax), so the report
can be shown in a Markdown-rendering page without running or linking anything it contains."""

from __future__ import annotations

import re

from .model import Report

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")

T = {
    "title": {"en": "Mock interview report — Full Stack LLM Developer", "fr": "Rapport d'entretien blanc — Développeur Full Stack LLM"},
    "overall": {"en": "Overall score", "fr": "Score global"},
    "answered": {"en": "Questions answered", "fr": "Questions traitées"},
    "unfinished": {"en": "(interview not finished)", "fr": "(entretien non terminé)"},
    "by_topic": {"en": "Scores by topic", "fr": "Scores par thème"},
    "strengths": {"en": "Strengths", "fr": "Points forts"},
    "gaps": {"en": "Gaps", "fr": "Lacunes"},
    "none": {"en": "None identified yet.", "fr": "Aucun identifié pour l'instant."},
    "questions": {"en": "Question by question", "fr": "Question par question"},
    "your_answer": {"en": "Your answer", "fr": "Votre réponse"},
    "criteria": {"en": "Rubric", "fr": "Grille"},
    "evidence": {"en": "evidence", "fr": "preuve"},
    "covered": {"en": "Covered", "fr": "Couvert"},
    "missed": {"en": "Missed", "fr": "Manqué"},
    "strong": {"en": "What a strong answer includes", "fr": "Ce que contient une réponse solide"},
    "plan": {"en": "Study plan (largest gap first)", "fr": "Plan de révision (plus grande lacune d'abord)"},
    "progress": {"en": "Progress over sessions", "fr": "Progression sur les sessions"},
    "this": {"en": "this session", "fr": "cette session"},
    "scorer": {"en": "Scored by", "fr": "Évalué par"},
    "confidence": {"en": "confidence", "fr": "confiance"},
    "offline": {"en": "offline cross-check", "fr": "contrôle hors ligne"},
    "judge_note": {"en": "Judge's note", "fr": "Note du juge"},
    "topic": {"en": "Topic", "fr": "Thème"},
    "score": {"en": "Score", "fr": "Score"},
    "date": {"en": "Date", "fr": "Date"},
    "read": {"en": "Read", "fr": "À lire"},
}


def esc(text: str) -> str:
    """Escape for inline Markdown: no HTML, no links, no emphasis survive."""
    t = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", t)


def quote_block(text: str) -> str:
    return "\n".join("> " + esc(line) if line.strip() else ">" for line in text.splitlines() or [""])


def bar(score: float | None, width: int = 20) -> str:
    if score is None:
        return "–"
    n = int(round(score / 100 * width))
    return "█" * n + "░" * (width - n)


def render_markdown(r: Report) -> str:
    lg = r.language

    def t(k: str) -> str:
        return T[k][lg]

    out = [f"# {t('title')}", ""]
    when = r.created_at.strftime("%Y-%m-%d %H:%M")
    out.append(f"*{when} · session `{r.session_id}` · {esc(r.backend)}*" + ("" if r.finished else f" {t('unfinished')}"))
    out.append("")
    ov = "–" if r.overall is None else f"{r.overall:.0f}/100"
    out += [f"**{t('overall')}: {ov}** · {t('answered')}: {r.answered}/{r.planned}", ""]
    if r.topics:
        out += [f"## {t('by_topic')}", "", f"| {t('topic')} | {t('score')} | |", "|---|---:|---|"]
        for ts in r.topics:
            out.append(f"| {esc(ts.name)} | {ts.score:.0f} | `{bar(ts.score)}` |")
        out.append("")
    out += [f"## {t('strengths')}", ""] + ([f"- {esc(s)}" for s in r.strengths] or [t("none")]) + [""]
    out += [f"## {t('gaps')}", ""] + ([f"- {esc(g)}" for g in r.gaps] or [t("none")]) + [""]
    if r.progress:
        out += [f"## {t('progress')}", "", f"| {t('date')} | {t('overall')} | |", "|---|---:|---|"]
        for p in r.progress:
            mark = f" ← {t('this')}" if p.current else ""
            o = "–" if p.overall is None else f"{p.overall:.0f}"
            out.append(f"| {p.date:%Y-%m-%d %H:%M}{mark} | {o} | `{bar(p.overall)}` |")
        out.append("")
    out += [f"## {t('questions')}", ""]
    for i, q in enumerate(r.questions, 1):
        ov = "–" if q.overall is None else f"{q.overall:.0f}/100"
        out += [f"### {i}. {esc(q.topic_name)} — {ov}", "", f"**{esc(q.question)}**", ""]
        for j, ex in enumerate(q.exchanges):
            if j > 0:
                out += [f"*{esc(ex.prompt)}*", ""]
            out += [f"{t('your_answer')}:", "", quote_block(ex.answer), ""]
        out += [f"**{t('criteria')}**", ""]
        for c in q.criteria:
            ev = f" — {t('evidence')}: «{esc(c.evidence)}»" if c.evidence else ""
            out.append(f"- {esc(c.name)}: **{c.level}/4** — {esc(c.descriptor)}{ev}")
        out.append("")
        cov = [k for k in q.key_points if k.covered]
        mis = [k for k in q.key_points if not k.covered]
        if cov:
            out += [f"**{t('covered')}**", ""]
            out += [f"- ✓ {esc(k.text)}" + (f" — «{esc(k.evidence)}»" if k.evidence else "") for k in cov]
            out.append("")
        if mis:
            out += [f"**{t('missed')}**", ""] + [f"- ✗ {esc(k.text)}" for k in mis] + [""]
        for f in q.flags:
            out.append(f"> ⚠ {esc(f)}")
        if q.flags:
            out.append("")
        if q.rationale:
            out += [f"*{t('judge_note')}:* {esc(q.rationale)}", ""]
        out += [f"**{t('strong')}**", "", esc(q.strong_answer), ""]
        extra = f" · {t('offline')}: {q.offline_overall:.0f}" if q.offline_overall is not None else ""
        out += [f"<sub>{t('scorer')}: {esc(q.scorer)} · {t('confidence')} {q.confidence:.2f}{extra}</sub>", ""]
    if r.study_plan:
        out += [f"## {t('plan')}", ""]
        for n, item in enumerate(r.study_plan, 1):
            out.append(f"{n}. **{esc(item.topic_name)}** ({item.score:.0f}/100)")
            for m in item.missed[:5]:
                out.append(f"   - {esc(m)}")
            for title, url in item.pointers[:3]:
                link = f" — {esc(url)}" if url else ""
                out.append(f"   - {t('read')}: {esc(title)}{link}")
        out.append("")
    return "\n".join(out)
