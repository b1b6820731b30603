"""What the page shows besides the chat, as pure functions of the interview state: the score card, the
progress with topic chips, and the small chart of scores per question. No Gradio here (easy to test).

Every piece of bank, candidate or model text is escaped: Markdown-escaped in the card, HTML/XML-escaped
in the chips and the chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..i18n import colon, flag_text, quote, shorten, t, tn
from ..report.bands import band
from ..report.evidence import covered_with_quotes
from ..report.markdown import esc, wrong_lines_of
from ..scoring.models import AnswerScore

CERTAIN, UNSURE = 0.75, 0.5  # confidence at or above CERTAIN reads "fairly sure", below UNSURE "unsure"


@dataclass(frozen=True)
class QuestionView:
    """One question of the interview as the page sees it."""

    index: int  # 1-based
    topic: str  # display name
    text: str  # the question, in the interview language
    overall: float | None  # cumulative score so far (None: not scored or not answered)
    answered: bool
    open: bool  # still being asked (a follow-up may come)


def certainty_sentence(confidence: float, lang: str) -> str:
    level = "high" if confidence >= CERTAIN else "mid" if confidence >= UNSURE else "low"
    return t(f"ui.certainty_{level}", lang)


def score_card(score: AnswerScore, q: QuestionView, total: int, lang: str, *, follow_up_pending: bool) -> str:
    """Markdown for the card under the chat. While a follow-up on the question is pending, the text of
    missed and contradicted key points stays hidden (it would give the follow-up away): only how many."""
    c = colon(lang)
    head = t("ui.card_question", lang, i=q.index, n=total, topic=q.topic)
    shown = t("common.not_scored", lang) if score.overall is None else f"{score.overall:.0f}/100"
    lines = [f"#### {esc(head)}", f"*{esc(shorten(q.text, 160))}*", "",
             f"### {esc(t('ui.card_score', lang, score=shown))}", ""]
    for cr in score.criteria:
        lines.append(f"- **{esc(cr.name)}**{c} {cr.level}/4" + (f" — {esc(cr.descriptor)}" if cr.descriptor else ""))
    lines += ["", f"**{esc(t('ui.card_key_points', lang))}**", ""]
    for k, said, repeat in covered_with_quotes(score.key_points):  # a sentence that earned several: quoted once
        ev = (f" — {quote(esc(shorten(said, 120)), lang)}" if said
              else f" — {esc(t('report.same_quote', lang))}" if repeat else "")
        lines.append(f"- ✓ {esc(k.text)}{ev}")
    not_covered = [k for k in score.key_points if not k.covered]
    if follow_up_pending:
        if not_covered:
            lines += ["", f"*{esc(tn('ui.card_pending', lang, len(not_covered)))}*"]
    else:
        for said, right in wrong_lines_of(score.key_points, score.misconceptions):
            lines.append(f"- ✗ **{esc(t('ui.card_wrong', lang))}**{c} {t('ui.card_you_said', lang)} "
                         f"{quote(esc(shorten(said, 160)), lang)} — {t('ui.card_in_fact', lang)}{c} {esc(right)}")
        for k in not_covered:
            if not k.contradicted:
                lines.append(f"- ✗ {esc(k.text)}")
    lines += ["", f"<small>{esc(certainty_sentence(score.confidence, lang))}</small>"]
    for f in score.flags:
        lines.append(f"\n> ⚠ {esc(flag_text(f, lang))}")
    return "\n".join(lines)


def closed_card(q: QuestionView, total: int, lang: str, note: str, key_points: list[str]) -> str:
    """Markdown for a question that closed without a score (skipped, or "I don't know"): what a strong
    answer covers, so the candidate still learns what the question was after."""
    head = t("ui.card_question", lang, i=q.index, n=total, topic=q.topic)
    lines = [f"#### {esc(head)}", f"*{esc(shorten(q.text, 160))}*", "",
             f"### {esc(t('ui.card_score', lang, score=t('common.not_scored', lang)))}", "", f"*{esc(note)}*", "",
             f"**{esc(t('ui.card_key_points', lang))}**", ""]
    lines += [f"- ✗ {esc(k)}" for k in key_points]
    return "\n".join(lines)


def progress_html(questions: list[QuestionView], total: int, lang: str, finished: bool, *,
                  show_scores: bool = True) -> str:
    """'Question 2 of 5' with one chip per question: its topic, and its score once answered."""
    asked = len(questions)
    title = t("ui.finished", lang) if finished else t("ui.progress", lang, i=max(asked, 1), n=total)
    chips = []
    for q in questions:
        state = "open" if q.open and not finished else "done" if q.answered else "skipped"
        score = "" if q.overall is None or not q.answered or not show_scores else f" · {q.overall:.0f}"
        # the tooltip on one line: a blank line in a question (before its code block) ended the HTML block
        # for the Markdown renderer, which then showed the code and the rest of the chips as raw text
        chips.append(f'<span class="chip {state}" title="{escape(shorten(q.text, 200))}">'
                     f"{q.index}. {escape(q.topic)}{escape(score)}</span>")
    chips += [f'<span class="chip todo">{i}</span>' for i in range(asked + 1, total + 1)] if not finished else []
    return (f'<div class="progress"><span class="progress-title">{escape(title)}</span>'
            f'<span class="chips">{"".join(chips)}</span></div>')


def score_chart_svg(questions: list[QuestionView], lang: str) -> str:
    """A small bar chart of the score per answered question (0–100), inline SVG, no script."""
    scored = [q for q in questions if q.answered]
    if not scored:
        return f'<p class="chart-empty">{escape(t("ui.chart_empty", lang))}</p>'
    w, h, left, top, bottom = 300, 130, 26, 12, 104
    step = (w - left - 6) / max(len(scored), 5)
    bar = step * 0.62
    parts = [f'<svg class="score-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
             f'aria-label="{escape(t("ui.chart_label", lang))}">',
             f'<title>{escape(t("ui.chart_label", lang))}</title>']
    for tick in (0, 50, 100):
        y = bottom - (bottom - top) * tick / 100
        parts.append(f'<line x1="{left}" x2="{w - 4}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{left - 4}" y="{y + 3:.1f}" text-anchor="end" class="tick">{tick}</text>')
    for i, q in enumerate(scored):
        x = left + 4 + i * step
        v = 0.0 if q.overall is None else max(0.0, min(100.0, q.overall))
        y = bottom - (bottom - top) * v / 100
        grade = band(q.overall)
        label = "–" if q.overall is None else f"{v:.0f}"
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{bottom - y:.1f}" rx="2" '
                     f'class="bar {grade}"><title>{escape(q.topic)}{escape(colon(lang))} {label}</title></rect>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" class="val">{label}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{bottom + 13}" text-anchor="middle" class="tick">'
                     f"Q{q.index}</text>")
    parts.append("</svg>")
    return '<div class="chart-box">' + "".join(parts) + "</div>"
