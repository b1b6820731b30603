"""Markdown rendering. Candidate and model text is escaped (HTML and Markdown syntax), so the report
can be shown in a Markdown-rendering page without running or linking anything it contains."""

from __future__ import annotations

import re

from ..i18n import QUOTES, colon, labels, lang_of, quote, t
from ..identity import short_id
from ..providers import PROVIDERS
from ..scoring.models import KeyPointResult, MisconceptionHit
from . import bands
from .evidence import covered_with_quotes
from .model import QuestionReport, Report

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#$])")
# At the start of a line (after up to 3 spaces): list and setext-underline markers (- + =) and ordered
# list numbers ("1." "1)"); ">" is already "&gt;" and "#" "*" are escaped everywhere.
_LINE_START = re.compile(r"^( {0,3})([-+=])|^( {0,3}\d{1,9})([.)])", re.MULTILINE)
_INDENT = re.compile(r"^[ \t]*\t[ \t]*|^ {4,}", re.MULTILINE)
# What GitHub-flavoured renderers turn into links without any bracket: scheme://, www., e-mail addresses.
_BARE_LINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<![\w.])(www)(\.)|(@)(?=[\w-]+\.)")

# A fenced code block in a bank question (```lang … ```), as the bank writes them.
_FENCE = re.compile(r"^```([A-Za-z0-9_+-]*)[ \t]*\n(.*?)\n```[ \t]*$", re.MULTILINE | re.DOTALL)


def question_block(text: str) -> list[str]:
    """A bank question as Markdown lines: its prose in bold (escaped), its code blocks as code blocks. (In
    bold as a whole, a question with a code block showed "**" and the fences as text, its code lines run
    together.) The fence is longer than any backtick run in the code, so the code cannot close it."""
    out: list[str] = []
    pos = 0
    for m in _FENCE.finditer(text):
        out += _bold_paragraphs(text[pos:m.start()])
        code = m.group(2)
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
        out += [f"{fence}{m.group(1)}", code, fence, ""]
        pos = m.end()
    return out + _bold_paragraphs(text[pos:])


def _bold_paragraphs(text: str) -> list[str]:
    return [line for para in re.split(r"\n[ \t]*\n", text) if para.strip() for line in (f"**{esc(para.strip())}**", "")]


def report_labels(lang: str, role: str) -> dict[str, str]:
    """The report's labels (``report.*`` in the catalog) plus the title (``role``: the job title) and the
    language's punctuation."""
    lg = lang_of(lang)
    out = labels("report.", lg)
    out.update(title=t("report.title", lg, role=role), colon=colon(lg),
               q_open=QUOTES[lg][0], q_close=QUOTES[lg][1])
    return out


def certainty(confidence: float, lang: str) -> str:
    """The scorer's confidence in words (high / medium / low) instead of a bare 0.72."""
    level = "high" if confidence >= 0.75 else "mid" if confidence >= 0.5 else "low"
    return t(f"certainty.{level}", lang)


def scorer_words(scorer: str, lang: str) -> str:
    """Who scored, in words ("offline-minilm" → "the offline scorer (MiniLM)")."""
    if scorer.startswith("llm"):
        return t("report.scorer_llm", lang)
    if scorer.startswith("offline"):
        return t("report.scorer_offline", lang)
    return t("report.scorer_none", lang) if scorer == "none" else scorer


def backend_words(backend: str, lang: str) -> str:
    """The engine, in words: offline, OpenAI, an OpenAI-compatible server, or a chat provider's name."""
    if backend in PROVIDERS:
        return PROVIDERS[backend].label
    return {"offline": t("report.backend_offline", lang),
            "openai-compatible": t("report.backend_compatible", lang)}.get(backend, backend)


def esc(text: str) -> str:
    """Candidate or model text made literal in Markdown: no HTML, link, autolink, emphasis, heading
    (ATX or setext), list, table or math survives; every line renders as the text typed."""
    t = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    t = _MD_SPECIAL.sub(r"\\\1", t)
    t = _INDENT.sub(lambda m: "\u00a0" * len(m[0].expandtabs(4)), t)  # indented code: no-break spaces
    t = _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", t)
    return _BARE_LINK.sub(lambda m: "".join(f"\\{g}" if g in (":", ".", "@") else g for g in m.groups() if g), t)


def quote_block(text: str) -> str:
    return "\n".join("> " + esc(line) if line.strip() else ">" for line in text.splitlines() or [""])


def bar(score: float | None, width: int = 20) -> str:
    if score is None:
        return "–"
    n = int(round(score / 100 * width))
    return "█" * n + "░" * (width - n)


def score_text(score: float | None, lang: str) -> str:
    return t("report.not_scored", lang) if score is None else f"{score:.0f}/100"


def wrong_lines_of(key_points: list[KeyPointResult], misconceptions: list[MisconceptionHit]) -> list[tuple[str, str]]:
    """(what the answer said, what is right) for each contradicted key point and misconception stated."""
    out: list[tuple[str, str]] = []
    for k in key_points:
        if k.contradicted:
            out.append((k.contradiction or "", k.correction or k.text))
    seen = {said for said, _ in out}
    for m in misconceptions:
        if m.evidence not in seen:
            out.append((m.evidence, m.correction))
    return out


def wrong_lines(q: QuestionReport, lang: str = "en") -> list[tuple[str, str]]:
    return wrong_lines_of(q.key_points, q.misconceptions)


def _question_md(i: int, q: QuestionReport, lg: str, lab: dict[str, str]) -> list[str]:
    c = lab["colon"]
    out = [f"### {i}. {esc(q.topic_name)} — {score_text(q.overall, lg)}", "", *question_block(q.question)]
    out += [line for n in q.notes for line in (f"*{esc(n)}*", "")]
    for j, ex in enumerate(q.exchanges):
        if j > 0:
            out += [f"*{esc(ex.prompt)}*", ""]
        out += [f"{lab['your_answer']}{c}", "", quote_block(ex.answer), ""]
    if q.criteria:
        out += [f"**{lab['criteria']}**", ""]
    for cr in q.criteria:
        ev = f" — {lab['evidence']}{c} {quote(esc(cr.evidence), lg)}" if cr.evidence else ""
        desc = f" — {esc(cr.descriptor)}" if cr.descriptor else ""
        out.append(f"- {esc(cr.name)}{c} **{cr.level}/4**{desc}{ev}")
    if q.criteria:
        out.append("")
    cov = [k for k in q.key_points if k.covered]
    mis = [k for k in q.key_points if not k.covered and not k.contradicted]
    if cov:
        out += [f"**{lab['covered']}**", ""]
        out += [f"- ✓ {esc(k.text)}" + (f" — {quote(esc(said), lg)}" if said else f" — {lab['same_quote']}" if repeat else "")
                for k, said, repeat in covered_with_quotes(cov)]
        out.append("")
    if wrong := wrong_lines(q, lg):
        out += [f"**{lab['wrong']}**", ""]
        out += [f"- ✗ {lab['you_said']}{c} {quote(esc(said), lg)} — {lab['correction']}{c} {esc(right)}"
                for said, right in wrong]
        out.append("")
    if mis:
        out += [f"**{lab['missed']}**", ""] + [f"- ✗ {esc(k.text)}" for k in mis] + [""]
    out += [f"> ⚠ {esc(f)}" for f in q.flags] + ([""] if q.flags else [])
    if q.rationale:
        out += [f"*{lab['judge_note']}{c}* {esc(q.rationale)}", ""]
    out += [f"**{lab['strong']}**", "", esc(q.strong_answer), ""]
    if q.overall is None:  # nothing was scored: no scorer, no certainty to speak of
        return out
    extra = f" · {lab['offline']}{c} {q.offline_overall:.0f}" if q.offline_overall is not None else ""
    foot = f"{lab['scorer']}{c} {esc(scorer_words(q.scorer, lg))} · {lab['confidence']}{c} {certainty(q.confidence, lg)}{extra}"
    return [*out, f"<sub>{foot}</sub>", ""]


def no_strengths(r: Report, lang: str) -> str:
    """What Strengths say when they name nothing: nothing scored yet, or no answer reached the weak band
    (what those answers covered is then in their gap lines)."""
    if any(q.overall is not None for q in r.questions):
        return t("report.none_strengths_scored", lang, score=f"{bands.WEAK:.0f}")
    return t("report.none_strengths", lang)


def no_gaps(r: Report, lang: str) -> str:
    """What Gaps say when they name nothing: no weak topic — and, when scored answers still missed key
    points, where those are (under each question), so "no gap" never reads as "nothing missed"."""
    if any(q.overall is not None and any(not k.covered for k in q.key_points) for q in r.questions):
        return t("report.none_gaps_missed", lang)
    return t("report.none_gaps", lang)


def render_markdown(r: Report) -> str:
    lg = lang_of(r.language)
    lab = report_labels(lg, r.role)
    c = lab["colon"]
    out = [f"# {lab['title']}", ""]
    when = r.created_at.strftime("%Y-%m-%d %H:%M")
    ref = short_id(r.session_id)  # a reference, not the id: a shared report names nothing to call
    out.append(f"*{when} · {lab['session']} `{ref}` · {esc(backend_words(r.backend, lg))}*" + ("" if r.finished else f" {lab['unfinished']}"))
    out.append("")
    out += [f"**{lab['overall']}{c} {score_text(r.overall, lg)}** · {lab['answered']}{c} {r.answered}/{r.planned}", ""]
    if r.topics:
        out += [f"## {lab['by_topic']}", "", f"| {lab['topic']} | {lab['score']} | |", "|---|---:|---|"]
        for ts in r.topics:
            out.append(f"| {esc(ts.name)} | {ts.score:.0f} | `{bar(ts.score)}` |")
        out.append("")
    out += [f"## {lab['strengths']}", ""] + ([f"- {esc(s)}" for s in r.strengths] or [no_strengths(r, lg)]) + [""]
    out += [f"## {lab['gaps']}", ""] + ([f"- {esc(g)}" for g in r.gaps] or [no_gaps(r, lg)]) + [""]
    if r.progress:
        out += [f"## {lab['progress']}", "", f"| {lab['date']} | {lab['overall']} | |", "|---|---:|---|"]
        for p in r.progress:
            mark = f" ← {lab['this']}" if p.current else ""
            o = "–" if p.overall is None else f"{p.overall:.0f}"
            out.append(f"| {p.date:%Y-%m-%d %H:%M}{mark} | {o} | `{bar(p.overall)}` |")
        out.append("")
    out += [f"## {lab['questions']}", ""]
    for i, q in enumerate(r.questions, 1):
        out += _question_md(i, q, lg, lab)
    if r.study_plan:
        out += [f"## {lab['plan']}", ""]
        for n, item in enumerate(r.study_plan, 1):
            out.append(f"{n}. **{esc(item.topic_name)}** ({score_text(item.score, lg)})")
            for step in item.shown_steps:
                link = f" — {esc(step.url)}" if step.url else ""
                out.append(f"   - {t('plan.' + step.kind, lg)}{c} {esc(step.text)}{link}")
        out.append("")
    return "\n".join(out)
