"""Pure-Python SVG charts for the HTML/PDF report (no plotting library, no external resources).

Every piece of text that goes into an SVG is XML-escaped here; numbers are formatted by this module.
The output is well-formed XML, usable inline in HTML5 and by WeasyPrint.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from xml.sax.saxutils import escape as _xml_escape

from ..i18n import t
from .model import PastSession, TopicScore

FONT = "'DejaVu Sans', sans-serif"
WIDTH = 520
HEIGHT = 360

INK = "#2d3748"
MUTED = "#718096"
GRID = "#d5dbe3"
BLUE = "#2b6cb0"
BLUE_FILL = "#2b6cb0"
ORANGE = "#dd6b20"

_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _lang(lang: str) -> str:
    return lang if lang in ("en", "fr") else "en"


def esc(text: object) -> str:
    """Escape for XML text and attribute values; drops control characters XML does not allow."""
    return _xml_escape(_CTRL.sub("", str(text)), {'"': "&quot;", "'": "&apos;"})


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _clamp(score: float | None) -> float:
    if score is None or math.isnan(score):
        return 0.0
    return max(0.0, min(100.0, float(score)))


def _score_text(score: float | None) -> str:
    return "–" if score is None else f"{score:.0f}"


def wrap(text: str, width: int, max_lines: int = 2) -> list[str]:
    """Greedy word wrap to at most ``max_lines`` lines of ``width`` characters (ellipsis if cut)."""
    words = text.split()
    lines: list[str] = []
    cur = ""
    for w in words:
        while len(w) > width:  # a single very long word: hard cut
            if cur:
                lines.append(cur)
                cur = ""
            lines.append(w[: width - 1] + "-")
            w = w[width - 1 :]
        if not cur:
            cur = w
        elif len(cur) + 1 + len(w) <= width:
            cur += " " + w
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    if not lines:
        return [""]
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        lines = lines[:max_lines]
        lines[-1] = (last[: width - 1] if len(last) >= width else last) + "…"
    return lines


def _svg(kind: str, width: int, height: int, title: str, body: Iterable[str]) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="{esc(FONT)}" font-size="11" fill="{INK}" aria-label="{esc(title)}">'
    )
    return "\n".join([head, f"<title>{esc(title)}</title>", *body, "</svg>"])


def _text(x: float, y: float, s: str, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{esc(v)}"' for k, v in attrs.items())
    return f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}"{extra}>{esc(s)}</text>'


def _no_data(kind: str, title: str, lg: str) -> str:
    return _svg(kind, WIDTH, 80, title, [_text(WIDTH / 2, 45, t("chart.no_data", lg), "middle", fill=MUTED)])


# --- topics -----------------------------------------------------------------------------------------------


def topic_chart_svg(topics: list[TopicScore], lang: str) -> str:
    """Radar chart for three topics or more, horizontal bars otherwise. Scores on a 0–100 scale."""
    lg = _lang(lang)
    title = t("chart.topics", lg)
    if not topics:
        return _no_data("bars", title, lg)
    if len(topics) >= 3:
        return _radar(topics, title)
    return _bars(topics, title, lg)


def _radar(topics: list[TopicScore], title: str) -> str:
    n = len(topics)
    cx, cy, radius = WIDTH / 2, HEIGHT / 2 + 2, 112.0
    angles = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]

    def pt(angle: float, r: float) -> tuple[float, float]:
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    def poly(points: list[tuple[float, float]]) -> str:
        return " ".join(f"{_num(x)},{_num(y)}" for x, y in points)

    body = ['<g class="grid" fill="none" stroke="' + GRID + '" stroke-width="1">']
    for ring in (20, 40, 60, 80, 100):
        r = radius * ring / 100
        body.append(f'<polygon points="{poly([pt(a, r) for a in angles])}"/>')
    for a in angles:
        x, y = pt(a, radius)
        body.append(f'<line x1="{_num(cx)}" y1="{_num(cy)}" x2="{_num(x)}" y2="{_num(y)}"/>')
    body.append("</g>")
    # Scale labels along the first (vertical) axis.
    body.append(f'<g class="scale" font-size="9" fill="{MUTED}">')
    for ring in (20, 40, 60, 80, 100):
        body.append(_text(cx + 4, cy - radius * ring / 100 + 3, str(ring)))
    body.append("</g>")

    data = [pt(a, radius * _clamp(ts.score) / 100) for a, ts in zip(angles, topics, strict=True)]
    body.append(
        f'<polygon class="series" points="{poly(data)}" fill="{BLUE_FILL}" fill-opacity="0.22" '
        f'stroke="{BLUE}" stroke-width="2" stroke-linejoin="round"/>'
    )
    body.append(f'<g class="points" fill="{BLUE}">')
    for x, y in data:
        body.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5"/>')
    body.append("</g>")

    body.append('<g class="labels">')
    line_h = 12.5
    for a, ts in zip(angles, topics, strict=True):
        c, s = math.cos(a), math.sin(a)
        x, y = pt(a, radius + 12)
        anchor = "start" if c > 0.3 else "end" if c < -0.3 else "middle"
        lines = wrap(ts.name, 16 if anchor != "middle" else 26)
        block = len(lines) + 1  # name lines + the score line
        if s < -0.3:  # above the centre: the block ends just above the point
            y0 = y - (block - 1) * line_h
        elif s > 0.3:  # below: the block starts just below
            y0 = y + 9
        else:
            y0 = y - (block - 1) * line_h / 2 + 4
        parts = [f'<text x="{_num(x)}" y="{_num(y0)}" text-anchor="{anchor}">']
        for i, ln in enumerate(lines):
            dy = "0" if i == 0 else _num(line_h)
            parts.append(f'<tspan x="{_num(x)}" dy="{dy}">{esc(ln)}</tspan>')
        parts.append(
            f'<tspan x="{_num(x)}" dy="{_num(line_h)}" font-weight="bold" fill="{BLUE}">'
            f"{esc(_score_text(ts.score))}</tspan>"
        )
        parts.append("</text>")
        body.append("".join(parts))
    body.append("</g>")
    return _svg("radar", WIDTH, HEIGHT, title, body)


def _bars(topics: list[TopicScore], title: str, lg: str) -> str:
    left, right = 190.0, WIDTH - 50.0
    top, row = 18.0, 46.0
    plot_h = row * len(topics)
    height = int(top + plot_h + 46)
    span = right - left

    def xs(v: float) -> float:
        return left + span * v / 100

    body = [f'<g class="grid" stroke="{GRID}" stroke-width="1">']
    for tick in range(0, 101, 20):
        body.append(f'<line x1="{_num(xs(tick))}" y1="{_num(top)}" x2="{_num(xs(tick))}" y2="{_num(top + plot_h)}"/>')
    body.append("</g>")
    body.append(f'<g class="ticks" font-size="9" fill="{MUTED}">')
    for tick in range(0, 101, 20):
        body.append(_text(xs(tick), top + plot_h + 14, str(tick), "middle"))
    body.append("</g>")
    body.append(_text((left + right) / 2, top + plot_h + 32, t("chart.axis", lg), "middle", fill=MUTED, font_size="10"))
    for i, ts in enumerate(topics):
        y = top + i * row
        bar_y, bar_h = y + 11, row - 22
        w = span * _clamp(ts.score) / 100
        body.append(
            f'<rect class="bar" x="{_num(left)}" y="{_num(bar_y)}" width="{_num(w)}" height="{_num(bar_h)}" '
            f'fill="{BLUE}" rx="2"/>'
        )
        lines = wrap(ts.name, 28)
        ly = y + row / 2 + 4 - (len(lines) - 1) * 6.5
        parts = [f'<text x="{_num(left - 8)}" y="{_num(ly)}" text-anchor="end">']
        for j, ln in enumerate(lines):
            parts.append(f'<tspan x="{_num(left - 8)}" dy="{"0" if j == 0 else "13"}">{esc(ln)}</tspan>')
        parts.append("</text>")
        body.append("".join(parts))
        body.append(
            _text(left + w + 6, y + row / 2 + 4, _score_text(ts.score), font_weight="bold", fill=BLUE)
        )
    body.append(f'<line x1="{_num(left)}" y1="{_num(top)}" x2="{_num(left)}" y2="{_num(top + plot_h)}" stroke="{INK}"/>')
    return _svg("bars", WIDTH, height, title, body)


# --- progress ---------------------------------------------------------------------------------------------


def _date_lines(p: PastSession, lg: str) -> tuple[str, str]:
    d = p.date
    day = f"{d.day:02d}/{d.month:02d}" if lg == "fr" else f"{_MONTHS[d.month - 1]} {d.day}"
    return day, f"{d.hour:02d}:{d.minute:02d}"


def progress_chart_svg(progress: list[PastSession], lang: str) -> str:
    """Line chart of the overall score per session (oldest first); the current session is highlighted."""
    lg = _lang(lang)
    title = t("chart.progress", lg)
    if not progress:
        return _no_data("progress", title, lg)
    width, height = WIDTH, 250
    left, right, top, bottom = 44.0, width - 24.0, 22.0, 176.0
    n = len(progress)

    def xs(i: int) -> float:
        return (left + right) / 2 if n == 1 else left + 16 + (right - left - 32) * i / (n - 1)

    def ys(v: float) -> float:
        return bottom - (bottom - top) * _clamp(v) / 100

    body = [f'<g class="grid" stroke="{GRID}" stroke-width="1">']
    for tick in range(0, 101, 25):
        body.append(f'<line x1="{_num(left)}" y1="{_num(ys(tick))}" x2="{_num(right)}" y2="{_num(ys(tick))}"/>')
    body.append("</g>")
    body.append(f'<g class="ticks" font-size="9" fill="{MUTED}">')
    for tick in range(0, 101, 25):
        body.append(_text(left - 6, ys(tick) + 3, str(tick), "end"))
    body.append("</g>")

    pts = [(xs(i), ys(p.overall)) for i, p in enumerate(progress) if p.overall is not None]
    if len(pts) > 1:
        coords = " ".join(f"{_num(x)},{_num(y)}" for x, y in pts)
        body.append(f'<polyline class="series" points="{coords}" fill="none" stroke="{BLUE}" stroke-width="2"/>')

    for i, p in enumerate(progress):
        x = xs(i)
        color = ORANGE if p.current else BLUE
        weight = "bold" if p.current else "normal"
        if p.overall is not None:
            y = ys(p.overall)
            r = "6" if p.current else "3.5"
            cls = "point current" if p.current else "point"
            body.append(
                f'<circle class="{cls}" cx="{_num(x)}" cy="{_num(y)}" r="{r}" fill="{color}" stroke="#fff" stroke-width="1.5"/>'
            )
            body.append(_text(x, y - 10, _score_text(p.overall), "middle", fill=color, font_weight=weight))
        else:
            body.append(_text(x, bottom - 6, "–", "middle", fill=MUTED))
        day, hm = _date_lines(p, lg)
        body.append(_text(x, bottom + 16, day, "middle", font_size="9.5", fill=color, font_weight=weight))
        body.append(_text(x, bottom + 28, hm, "middle", font_size="9", fill=MUTED))
        if p.current:
            body.append(_text(x, bottom + 42, t("report.this", lg), "middle", font_size="9.5", fill=ORANGE, font_weight="bold"))
    return _svg("progress", width, height, title, body)
