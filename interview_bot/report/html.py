"""Self-contained HTML rendering (also the input of the PDF).

One HTML5 document with inline CSS and inline SVG charts: no script, no external resource of any kind,
and a Content-Security-Policy that would block them anyway. Jinja2 autoescapes every value, so candidate
answers and LLM text (rationale, evidence) are shown as text, never interpreted as markup or template.
Study links are clickable only for plain https:// URLs.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..i18n import labels
from ..identity import short_id
from .bands import band
from .chart import progress_chart_svg, topic_chart_svg
from .evidence import covered_with_quotes
from .markdown import backend_words, certainty, report_labels, scorer_words, wrong_lines
from .model import QuestionReport, Report

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
@page { size: A4; margin: 10mm 11mm 12mm 11mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #718096; } }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; font-size: 10.5pt; color: #2d3748;
  line-height: 1.45; background: #fff; }
body { max-width: 52rem; margin: 0 auto; padding: 1.2rem; }
h1 { font-size: 1.55em; margin: 0 0 .3em; color: #1a365d; }
h2 { font-size: 1.2em; margin: 1.6em 0 .6em; padding-bottom: .2em; border-bottom: 2px solid #e2e8f0;
  color: #1a365d; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 1.02em; margin: 0; }
h4 { font-size: .92em; margin: .9em 0 .3em; color: #4a5568; break-after: avoid; page-break-after: avoid; }
p { margin: .35em 0; }
ul, ol { margin: .3em 0; padding-left: 1.4em; }
li { margin: .15em 0; }
.meta { color: #4a5568; font-size: .9em; margin: 0; }
.meta span + span::before { content: " · "; color: #a0aec0; }
.code { font-family: "DejaVu Sans Mono", monospace; font-size: .92em; }
.unfinished { color: #c05621; font-weight: bold; }
.headline { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: baseline; margin: .9em 0 .2em; }
.big { font-size: 2em; font-weight: bold; }
.big small { font-size: .45em; color: #718096; font-weight: normal; }
.good { color: #276749; } .mid { color: #b7791f; } .low { color: #c53030; } .na { color: #718096; }
.chart-wrap { text-align: center; margin: .6em 0; break-inside: avoid; page-break-inside: avoid; }
.chart-wrap svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; font-size: .93em; }
th, td { border-bottom: 1px solid #e2e8f0; padding: .3em .45em; text-align: left; vertical-align: top; }
th { background: #f7fafc; color: #4a5568; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; page-break-inside: avoid; }
.meter { display: inline-block; width: 9em; height: .65em; background: #edf2f7; border-radius: 2px;
  vertical-align: middle; }
.meter > span { display: block; height: 100%; background: #2b6cb0; border-radius: 2px; }
/* Cards flow across pages (moving a whole card to the next page left pages half empty); small parts
   (a heading and what follows it, a table row, a key point) stay whole, long texts keep 3 lines together. */
.card { border: 1px solid #e2e8f0; border-radius: 6px; padding: .8em 1em; margin: 0 0 1em; }
p, li, blockquote { orphans: 3; widows: 3; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.keep-next { break-after: avoid; page-break-after: avoid; }
.card-head { display: flex; justify-content: space-between; gap: 1em; align-items: baseline;
  border-bottom: 1px solid #edf2f7; padding-bottom: .35em; margin-bottom: .5em; }
.card-head .sub { color: #718096; font-size: .85em; font-weight: normal; }
.badge { font-weight: bold; white-space: nowrap; }
.question { font-weight: bold; margin: .4em 0 .5em; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; word-wrap: break-word; }
.probe { margin: .6em 0 .2em; font-style: italic; }
.exchange .lbl, .strong .lbl, .note .lbl { break-after: avoid; page-break-after: avoid; }
.lbl { font-size: .8em; text-transform: uppercase; letter-spacing: .04em; color: #718096; font-style: normal;
  font-weight: bold; }
blockquote.answer { margin: .2em 0 .5em; padding: .4em .7em; background: #f7fafc; border-left: 3px solid #a0aec0; }
blockquote.answer.empty { color: #a0aec0; font-style: italic; }
.pips { white-space: nowrap; letter-spacing: 1px; }
.pip { display: inline-block; width: .7em; height: .7em; border-radius: 50%; background: #e2e8f0;
  margin-right: 1px; vertical-align: -1px; }
.pip.on { background: #2b6cb0; }
.evidence { color: #4a5568; font-size: .92em; margin-top: .15em; }
span.evidence { margin-top: 0; }
.topics-grid { display: flex; flex-wrap: wrap; gap: .5em 1.5em; align-items: center; }
.topics-grid > .chart-wrap { flex: 0 1 40%; min-width: 14rem; }
.topics-grid > table { flex: 1 1 50%; width: auto; }
.evidence .text { font-style: italic; }
ul.kp { list-style: none; padding-left: .2em; }
ul.kp li { padding-left: 1.3em; text-indent: -1.3em; break-inside: avoid; page-break-inside: avoid; }
.foot { break-before: avoid; page-break-before: avoid; }
.ok { color: #276749; font-weight: bold; } .ko { color: #c53030; font-weight: bold; }
.flags { background: #fffaf0; border: 1px solid #fbd38d; border-radius: 4px; padding: .35em .7em; margin: .6em 0; }
.flags ul { list-style: none; padding-left: 0; margin: 0; }
.note { background: #ebf8ff; border-left: 3px solid #4299e1; padding: .35em .7em; margin: .6em 0; }
.strong { background: #f0fff4; border-left: 3px solid #48bb78; padding: .35em .7em; margin: .6em 0; }
.foot { color: #718096; font-size: .82em; margin-top: .6em; }
.foot span + span::before { content: " · "; }
ol.plan > li { margin-bottom: .7em; }
ol.plan > li > b { break-after: avoid; page-break-after: avoid; }
ul.steps li { break-inside: avoid; page-break-inside: avoid; }
.url { font-family: "DejaVu Sans Mono", monospace; font-size: .85em; overflow-wrap: anywhere; word-break: break-all;
  color: #2c5282; }
@media print {
  /* The PDF: denser type, the criteria's quotes left out (the key points quote the same sentences),
     scores by topic as a table of bars — three questions fit in four pages. */
  html { font-size: 8.8pt; line-height: 1.28; }
  span.evidence { font-size: .85em; }
  ul.kp li { line-height: 1.25; }
  blockquote.answer { font-size: .93em; }
  .strong p.text { font-size: .88em; line-height: 1.25; }
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  h2 { margin: 1em 0 .4em; }
  .card { padding: .5em .8em; margin-bottom: .7em; }
  .criteria .evidence { display: none; }
  /* at PDF size the radar's labels would be unreadable: the table's meters are the chart there */
  .topics-grid > .chart-wrap { display: none; }
  .topics-grid > table { flex-basis: 100%; }
  .meter { width: 14em; }
  blockquote.answer { padding: .25em .6em; }
  .strong, .note, .flags { padding: .25em .6em; margin: .4em 0; }
  ul.kp li { margin: .08em 0; }
}
"""

_TEMPLATE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t.title }} — {{ ref }}</title>
<style>{{ css }}</style>
</head>
<body>
<header>
<h1>{{ t.title }}</h1>
<p class="meta"><span>{{ t.generated }} {{ r.created_at.strftime("%Y-%m-%d %H:%M") }}</span><span>{{ t.session }} <span class="code">{{ ref }}</span></span><span>{{ t.backend }}{{ t.colon }} {{ r.backend|backend(lang) }}</span>{% if not r.finished %}<span class="unfinished">{{ t.unfinished }}</span>{% endif %}</p>
<div class="headline">
<div><div class="lbl">{{ t.overall }}</div><div class="big {{ r.overall|grade }}">{{ r.overall|score }}<small>/100</small></div></div>
<div><div class="lbl">{{ t.answered }}</div><div class="big">{{ r.answered }}<small>/{{ r.planned }}</small></div></div>
</div>
</header>

{% if r.topics %}
<section id="topics">
<h2>{{ t.by_topic }}</h2>
<div class="topics-grid">
<div class="chart-wrap">{{ topic_svg }}</div>
<table>
<thead><tr><th>{{ t.topic }}</th><th class="num">{{ t.score }}</th><th class="num">{{ t.n_questions }}</th><th></th></tr></thead>
<tbody>
{% for ts in r.topics %}
<tr><td>{{ ts.name }}</td><td class="num {{ ts.score|grade }}"><b>{{ ts.score|score }}</b></td><td class="num">{{ ts.n }}</td><td><span class="meter"><span style="width: {{ ts.score|pct }}%"></span></span></td></tr>
{% endfor %}
</tbody>
</table>
</div>
</section>
{% endif %}

<section id="strengths">
<h2>{{ t.strengths }}</h2>
{% if r.strengths %}<ul>{% for s in r.strengths %}<li>{{ s }}</li>{% endfor %}</ul>{% else %}<p>{{ t.none_strengths }}</p>{% endif %}
</section>

<section id="gaps">
<h2>{{ t.gaps }}</h2>
{% if r.gaps %}<ul>{% for g in r.gaps %}<li>{{ g }}</li>{% endfor %}</ul>{% else %}<p>{{ t.none_gaps }}</p>{% endif %}
</section>

{% if r.progress %}
<section id="progress">
<h2>{{ t.progress }}</h2>
<div class="chart-wrap">{{ progress_svg }}</div>
</section>
{% endif %}

{% if r.questions %}
<section id="questions">
<h2>{{ t.questions }}</h2>
{% for q in r.questions %}
<article class="card{% if q|is_long %} long{% endif %}" id="q{{ loop.index }}">
<div class="keep keep-next">
<div class="card-head"><h3>{{ loop.index }}. {{ q.topic_name }} <span class="sub">· {{ t.difficulty }} {{ q.difficulty }}/3</span></h3><span class="badge {{ q.overall|grade }}">{{ q.overall|score }}/100</span></div>
<p class="question text">{{ q.question }}</p>
{% for n in q.notes %}<p class="note text">{{ n }}</p>{% endfor %}
</div>
{% for ex in q.exchanges %}
<div class="exchange">
{% if ex.prompt and (not loop.first or ex.prompt != q.question) %}<p class="probe"><span class="lbl">{{ t.follow_up if not loop.first else t.question }}</span> <span class="text">{{ ex.prompt }}</span></p>{% endif %}
<div class="lbl">{{ t.your_answer }}</div>
{% if ex.answer.strip() %}<blockquote class="answer text">{{ ex.answer }}</blockquote>{% else %}<blockquote class="answer empty">{{ t.no_answer }}</blockquote>{% endif %}
</div>
{% endfor %}
{% if q.criteria %}
<div class="keep">
<h4>{{ t.criteria }}</h4>
<table class="criteria">
<thead><tr><th>{{ t.criterion }}</th><th>{{ t.level }}</th><th>{{ t.descriptor }}</th></tr></thead>
<tbody>
{% for c in q.criteria %}
<tr><td>{{ c.name }}</td><td class="pips">{% for i in range(4) %}<span class="pip{% if i < c.level %} on{% endif %}"></span>{% endfor %} {{ c.level }}/4</td><td>{{ c.descriptor or "" }}{% if c.evidence %}<div class="evidence">{{ t.evidence }}{{ t.colon }} <span class="text">{{ t.q_open }}{{ c.evidence }}{{ t.q_close }}</span></div>{% endif %}</td></tr>
{% endfor %}
</tbody>
</table>
</div>
{% endif %}
{% if q.key_points %}
<h4 class="keep-next">{{ t.key_points }}</h4>
<ul class="kp">
{% for k, quote, repeat in q.key_points|covered %}
<li><span class="ok">✓</span> <span class="lbl">{{ t.covered }}</span> {{ k.text }}{% if quote %} <span class="evidence">— {{ t.q_open }}<span class="text">{{ quote }}</span>{{ t.q_close }}</span>{% elif repeat %} <span class="evidence">— {{ t.same_quote }}</span>{% endif %}</li>
{% endfor %}
{% for said, right in q|wrong(lang) %}
<li class="wrong"><span class="ko">✗</span> <span class="lbl">{{ t.wrong }}</span> {{ t.you_said }}{{ t.colon }} <span class="text">{{ t.q_open }}{{ said }}{{ t.q_close }}</span><div class="evidence">{{ t.correction }}{{ t.colon }} {{ right }}</div></li>
{% endfor %}
{% for k in q.key_points if not k.covered and not k.contradicted %}
<li><span class="ko">✗</span> <span class="lbl">{{ t.missed }}</span> {{ k.text }}{% if k.evidence %}<div class="evidence">{{ t.evidence }}{{ t.colon }} <span class="text">{{ t.q_open }}{{ k.evidence }}{{ t.q_close }}</span></div>{% endif %}</li>
{% endfor %}
</ul>
{% endif %}
{% if q.flags %}
<div class="flags keep"><span class="lbl">{{ t.warnings }}</span><ul>{% for f in q.flags %}<li>⚠ {{ f }}</li>{% endfor %}</ul></div>
{% endif %}
{% if q.rationale %}
<div class="note"><span class="lbl">{{ t.judge_note }}</span><p class="text">{{ q.rationale }}</p></div>
{% endif %}
{% if q.strong_answer %}
<div class="strong"><span class="lbl">{{ t.strong }}</span><p class="text">{{ q.strong_answer }}</p></div>
{% endif %}
<p class="foot keep"><span>{{ t.scorer }}{{ t.colon }} {{ q.scorer|scorer(lang) }}</span><span>{{ t.confidence }}{{ t.colon }} {{ q.confidence|certainty(lang) }}</span>{% if q.offline_overall is not none %}<span>{{ t.offline }}{{ t.colon }} {{ q.offline_overall|score }}</span>{% endif %}</p>
</article>
{% endfor %}
</section>
{% endif %}

{% if r.study_plan %}
<section id="plan">
<h2>{{ t.plan }}</h2>
<ol class="plan">
{% for item in r.study_plan %}
<li><b>{{ item.topic_name }}</b> <span class="{{ item.score|grade }}">({{ item.score|score }}/100)</span>
<ul class="steps">{% for step in item.shown_steps %}<li><span class="lbl">{{ plan[step.kind] }}</span> {{ step.text }}{% if step.url %} — {% if step.url|safe_https %}<a class="url" href="{{ step.url }}" rel="noopener noreferrer nofollow">{{ step.url }}</a>{% else %}<span class="url">{{ step.url }}</span>{% endif %}{% endif %}</li>{% endfor %}</ul>
</li>
{% endfor %}
</ol>
</section>
{% endif %}
</body>
</html>
"""


def _score(v: float | None) -> str:
    return "–" if v is None else f"{v:.0f}"


def _text_lines(text: str | None, per_line: int = 90) -> int:
    if not text:
        return 0
    return sum(1 + len(line) // per_line for line in text.splitlines() or [""])


def _is_long(q: QuestionReport) -> bool:
    """Roughly: would the question card take more than about two thirds of an A4 page?"""
    lines = 6 + _text_lines(q.question) + _text_lines(q.strong_answer) + 2 * _text_lines(q.rationale)
    lines += sum(3 + _text_lines(ex.prompt) + _text_lines(ex.answer, 80) for ex in q.exchanges)
    lines += sum(2 + _text_lines(c.descriptor, 50) + _text_lines(c.evidence, 55) for c in q.criteria)
    lines += sum(1 + _text_lines(k.text) + _text_lines(quote) for k, quote, _ in covered_with_quotes(q.key_points))
    lines += sum(1 + _text_lines(k.text) for k in q.key_points if not k.covered)
    lines += sum(1 + _text_lines(f) for f in q.flags)
    return lines > 38


def _pct(v: float | None) -> str:
    if v is None:
        return "0"
    return f"{max(0.0, min(100.0, float(v))):.0f}"


def safe_https(url: object) -> bool:
    """True only for a plain absolute https:// URL with a host and no whitespace, control or quote chars."""
    if not isinstance(url, str) or not url.startswith("https://") or len(url) > 2000:
        return False
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch in "\"'<>`\\" for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme == "https" and bool(parts.hostname)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(score=_score, grade=band, pct=_pct, safe_https=safe_https, is_long=_is_long,
                       certainty=certainty, wrong=wrong_lines, covered=covered_with_quotes, backend=backend_words, scorer=scorer_words)
    return env.from_string(_TEMPLATE)


def render_html(report: Report) -> str:
    lg = report.language if report.language in ("en", "fr") else "en"
    ctx: dict[str, Any] = {
        "r": report,
        "ref": short_id(report.session_id),  # a reference, not the id (see markdown.py)
        "lang": lg,
        "t": report_labels(lg, report.role),
        "plan": labels("plan.", lg),
        "csp": CSP,
        "css": Markup(_CSS),  # noqa: S704 - our constant stylesheet
        # The charts are built by chart.py, which XML-escapes every piece of text it writes.
        "topic_svg": Markup(topic_chart_svg(report.topics, lg)) if report.topics else "",  # noqa: S704
        "progress_svg": Markup(progress_chart_svg(report.progress, lg)) if report.progress else "",  # noqa: S704
    }
    return _template().render(**ctx)
