"""HTML / PDF / SVG report rendering: escaping of hostile text, no external resources, offline PDF."""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest

from interview_bot.i18n import t
from interview_bot.report.chart import progress_chart_svg, topic_chart_svg, wrap
from interview_bot.report.html import CSP, render_html, safe_https
from interview_bot.report.model import Exchange, PastSession, QuestionReport, Report, StudyItem, TopicScore
from interview_bot.scoring.models import CriterionResult, KeyPointResult

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<img src="http://example.com/track.png">',
    "{{7*7}}",
    "{x}",
]
HOSTILE_TEXT = " ".join(HOSTILE)

TOPICS = [
    ("rag", "pipelines RAG", "RAG pipelines"),
    ("llm_basics", "bases des LLM et Transformer", "LLM basics and the Transformer"),
    ("security", "sécurité des LLM", "LLM security"),
    ("caching", "mise en cache", "caching"),
]


def make_report(lang: str = "fr", n_questions: int = 3, n_topics: int = 3, hostile: bool = True) -> Report:
    fr = lang == "fr"
    bad = HOSTILE_TEXT if hostile else ""
    questions = []
    for i in range(n_questions):
        tid, name_fr, name_en = TOPICS[i % n_topics]
        answer = (
            ("Le découpage en fragments (chunking) améliore le rappel ; l'été dernier j'ai indexé 10 000 pages. "
             if fr else "Chunking improves recall; last summer I indexed 10,000 pages. ")
            + bad
            + "\nSecond paragraph with a very long word " + "x" * 120
        )
        questions.append(
            QuestionReport(
                question_id=f"q{i}",
                topic=tid,
                topic_name=name_fr if fr else name_en,
                difficulty=1 + i % 3,
                question="Comment évaluer un pipeline RAG ?" if fr else "How do you evaluate a RAG pipeline?",
                exchanges=[
                    Exchange(prompt="Comment évaluer un pipeline RAG ?" if fr else "How do you evaluate a RAG pipeline?",
                             answer=answer),
                    Exchange(prompt="Et la latence ? " + bad, answer="Mise en cache sémantique. " + bad),
                    Exchange(prompt="Autre chose ?", answer="   "),
                ],
                overall=[82.0, 47.0, None, 63.0][i % 4],
                confidence=0.8,
                criteria=[
                    CriterionResult(id="accuracy", name="Exactitude", weight=0.5, level=3,
                                    descriptor="Solide, quelques imprécisions.", evidence=bad or "chunking"),
                    CriterionResult(id="depth", name="Profondeur", weight=0.5, level=1,
                                    descriptor="Superficiel.", evidence=None),
                ],
                key_points=[
                    KeyPointResult(id="k1", criterion="accuracy", weight=1, text="Mesurer le rappel du retriever",
                                   covered=True, coverage=1.0, evidence="améliore le rappel " + bad),
                    KeyPointResult(id="k2", criterion="depth", weight=1, text="Évaluer la fidélité (faithfulness)",
                                   covered=False, coverage=0.0),
                ],
                flags=["Une partie de la réponse s'adressait au correcteur plutôt qu'à la question ; elle a été ignorée."],
                strong_answer="Une réponse solide distingue l'évaluation du retriever et celle du générateur.",
                study=[("Guide RAG", "https://example.org/rag")],
                scorer="llm-judge" if i % 2 == 0 else "offline",
                offline_overall=70.0 if i % 2 == 0 else None,
                rationale=("Le candidat a écrit : " + bad) if i % 2 == 0 else None,
            )
        )
    topics = [
        TopicScore(topic=t[0], name=t[1] if fr else t[2], score=s, n=1)
        for t, s in zip(TOPICS[:n_topics], [82.0, 47.0, 63.0, 30.0], strict=False)
    ]
    now = datetime(2025, 3, 14, 15, 9)
    return Report(
        session_id="s-éà-123",
        language=lang,
        role="Développeur ou développeuse Full Stack LLM" if lang == "fr" else "Full Stack LLM Developer",
        candidate="Zoé <b>",
        created_at=now,
        backend="openai-compatible " + bad,
        finished=False,
        overall=64.0,
        answered=n_questions,
        planned=8,
        topics=topics,
        strengths=["Pipelines RAG (82/100)\u00a0: solide sur l'ensemble de vos réponses. " + bad],
        gaps=["Sécurité des LLM (47/100)\u00a0: à retravailler."],
        questions=questions,
        study_plan=[
            StudyItem(topic="security", topic_name="sécurité des LLM", score=47.0,
                      missed=["Injection de prompt indirecte " + bad],
                      pointers=[("OWASP Top 10 for LLM", "https://owasp.org/www-project-top-10-for-large-language-model-applications/"),
                                ("Evil", "javascript:alert(1)"),
                                ("Plain http", "http://example.com/x")]),
            StudyItem(topic="rag", topic_name="pipelines RAG", score=82.0, missed=[],
                      pointers=[("Sans lien", None), ("Quote", 'https://example.org/"onmouseover=alert(1)')]),
        ],
        progress=[
            PastSession(session_id="a", date=now - timedelta(days=7), overall=40.0),
            PastSession(session_id="b", date=now - timedelta(days=3), overall=None),
            PastSession(session_id="s-éà-123", date=now, overall=64.0, current=True),
        ],
    )


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self.raw_text_tags: list[str] = []  # content of <style>/<script>: handled specially by the parser

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, attrs))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Collector:
    c = Collector()
    c.feed(html)
    c.close()
    return c


def assert_no_active_markup(html: str) -> Collector:
    c = parse(html)
    names = {t for t, _ in c.tags}
    assert "script" not in names
    assert not names & {"img", "iframe", "object", "embed", "link", "base", "form", "image", "use", "foreignobject"}
    for tag, attrs in c.tags:
        for k, v in attrs:
            v = (v or "").strip().lower()
            assert not k.lower().startswith("on"), (tag, k)
            assert k.lower() not in {"src", "srcset", "xlink:href", "action", "formaction", "background"}, (tag, k)
            assert "javascript:" not in v, (tag, k, v)
            if k.lower() == "href":
                assert tag == "a" and safe_https(v), (tag, v)
            if k.lower() == "style":
                assert "url(" not in v
    return c


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_html_escapes_hostile_text(lang):
    html = render_html(make_report(lang))
    c = assert_no_active_markup(html)
    text = "".join(c.text)
    # The hostile strings are shown verbatim as text ...
    for s in HOSTILE:
        assert s in text
    # ... and the template syntax was not evaluated.
    assert "{{7*7}}" in text
    assert "{{7*7}}" in html
    # A <style> is the only raw-text element; it is our constant stylesheet.
    assert html.count("<style>") == 1
    assert "@import" not in html and "url(" not in html


def test_html_document_shape_and_csp():
    html = render_html(make_report("fr"))
    assert html.startswith("<!DOCTYPE html>")
    c = parse(html)
    tags = dict((t, a) for t, a in reversed(c.tags))
    assert dict(tags["html"])["lang"] == "fr"
    metas = [dict(a) for t, a in c.tags if t == "meta"]
    assert {"charset": "utf-8"} in metas
    csp = [m for m in metas if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    assert csp and csp[0]["content"] == CSP == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert render_html(make_report("en")).count('<html lang="en">') == 1
    # Sections in the Markdown renderer's order, progress included.
    order = ["id=\"topics\"", "id=\"strengths\"", "id=\"gaps\"", "id=\"progress\"", "id=\"questions\"", "id=\"plan\""]
    pos = [html.index(s) for s in order]
    assert pos == sorted(pos)
    # Two inline charts.
    assert html.count("<svg") == 2


@pytest.mark.parametrize("bad", HOSTILE[:4] + ['<svg><a href="http://x">x</a></svg>', '<p style="background:url(http://x)">'])
def test_markup_checker_catches_active_markup(bad):
    # The checker used above is not vacuous: it rejects each hostile string when it is left as markup.
    with pytest.raises(AssertionError):
        assert_no_active_markup(f"<p>{bad}</p>")


def test_french_accents_and_labels():
    from interview_bot.identity import short_id

    html = render_html(make_report("fr"))
    text = "".join(parse(html).text)
    for s in ["Rapport d'entretien blanc — Développeur ou développeuse Full Stack LLM", "sécurité des LLM", "Évaluer la fidélité",
              "Mise en cache sémantique", "Question par question", "Ce que contient une réponse solide",
              "l'été dernier", "«\u00a0améliore le rappel", "Évalué par\u00a0:", short_id("s-éà-123"), "(entretien non terminé)", "✓", "✗", "⚠"]:
        assert s in text, s
    en = "".join(parse(render_html(make_report("en"))).text)
    assert "What a strong answer includes" in en and "Scores by topic" in en


def test_study_links_only_https():
    html = render_html(make_report("fr"))
    c = parse(html)
    hrefs = [dict(a).get("href") for t, a in c.tags if t == "a"]
    assert hrefs == ["https://owasp.org/www-project-top-10-for-large-language-model-applications/"]
    text = "".join(c.text)
    # The refused URLs are still shown, as text.
    assert "http://example.com/x" in text and "javascript:alert(1)" in text
    assert 'https://example.org/"onmouseover=alert(1)' in text
    assert not safe_https("https:// example.org") and not safe_https("https:///x") and not safe_https(" https://a.b")
    assert not safe_https("HTTPS://a.b\n") and safe_https("https://a.b/c?d=e#f")


def test_study_plan_order_kept():
    r = make_report("fr")
    html = render_html(r)
    assert html.index("OWASP Top 10 for LLM") < html.index("Sans lien")
    # The plan gives next steps, not the missed key points again (those are shown per question).
    assert "Injection de prompt indirecte" not in html


def test_empty_report_renders():
    r = make_report("en", n_questions=0)
    r = r.model_copy(update={"topics": [], "progress": [], "study_plan": [], "strengths": [], "gaps": [],
                             "overall": None, "language": "de"})
    html = render_html(r)
    assert_no_active_markup(html)
    assert 'lang="en"' in html and t("report.none_gaps", "en") in html and "<svg" not in html


# --- charts -------------------------------------------------------------------------------------------------


def _topics(n: int, name: str = "topic") -> list[TopicScore]:
    return [TopicScore(topic=f"t{i}", name=f"{name} {i}", score=20.0 * i, n=1) for i in range(n)]


@pytest.mark.parametrize("n,kind", [(1, "bars"), (2, "bars"), (3, "radar"), (8, "radar"), (23, "radar")])
def test_radar_vs_bars(n, kind):
    svg = topic_chart_svg(_topics(n), "en")
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("class") == f"chart chart-{kind}"
    ns = "{http://www.w3.org/2000/svg}"
    if kind == "radar":
        assert root.find(f".//{ns}polygon[@class='series']") is not None
        assert not root.findall(f".//{ns}rect")
    else:
        assert len(root.findall(f".//{ns}rect[@class='bar']")) == n
    assert "DejaVu Sans" in root.get("font-family")
    assert int(root.get("width")) == 520


def test_chart_scale_and_values_labelled():
    svg = topic_chart_svg(
        [TopicScore(topic="a", name="A", score=72.4, n=1), TopicScore(topic="b", name="B", score=150, n=1)], "fr"
    )
    texts = ["".join(e.itertext()) for e in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    for tick in ["0", "20", "40", "60", "80", "100"]:
        assert tick in texts
    assert "72" in texts and "150" in texts  # value shown as given, bar clamped
    assert "Score (0–100)" in texts


@pytest.mark.parametrize("n", [2, 4])
def test_svg_text_is_escaped(n):
    evil = "<script>alert(1)</script> & \"q\" 'a' {{7*7}}"
    svg = topic_chart_svg([TopicScore(topic="x", name=evil, score=50, n=1)] + _topics(n - 1), "en")
    assert "<script" not in svg
    root = ET.fromstring(svg)
    text = " ".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "<script>" in text  # shown as text (possibly wrapped across lines)
    assert "&amp;" in svg and "&lt;script&gt;" in svg
    tags = {e.tag.split("}")[1] for e in root.iter()}
    assert tags <= {"svg", "title", "g", "polygon", "line", "circle", "text", "tspan", "rect", "polyline"}


def test_progress_chart_highlights_current():
    now = datetime(2025, 1, 2, 9, 5)
    sessions = [PastSession(session_id=str(i), date=now + timedelta(days=i), overall=10.0 * i, current=i == 3)
                for i in range(5)]
    sessions[1] = sessions[1].model_copy(update={"overall": None})
    svg = progress_chart_svg(sessions, "fr")
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    current = [c for c in root.iter(f"{ns}circle") if c.get("class") == "point current"]
    assert len(current) == 1
    assert len(list(root.iter(f"{ns}circle"))) == 4  # the unscored session has no point
    texts = ["".join(e.itertext()) for e in root.iter(f"{ns}text")]
    assert "cette session" in texts and "02/01" in texts and "09:05" in texts
    assert "this session" in "".join(progress_chart_svg(sessions, "en"))


def test_wrap():
    assert wrap("a b c", 10) == ["a b c"]
    assert wrap("embeddings et bases vectorielles", 16) == ["embeddings et", "bases…"] or len(
        wrap("embeddings et bases vectorielles", 16)) == 2
    assert all(len(x) <= 17 for x in wrap("x" * 100, 16, max_lines=2))


# --- PDF ----------------------------------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    calls: list[object] = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return calls


def test_fetcher_refuses_everything(no_network):
    from interview_bot.report.pdf import URLRefusedError, refusing_url_fetcher

    fetcher = refusing_url_fetcher()
    for url in ["http://example.com/x.png", "https://example.com/x.png", "file:///etc/passwd",
                "data:image/png;base64,iVBORw0KGgo=", "ftp://example.com/x"]:
        with pytest.raises(URLRefusedError):
            fetcher(url)
        with pytest.raises(URLRefusedError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 10
    assert no_network == []


def test_weasyprint_uses_the_fetcher_and_never_connects(no_network):
    from weasyprint import HTML

    from interview_bot.report.pdf import refusing_url_fetcher

    fetcher = refusing_url_fetcher()
    doc = ('<p>x</p><img src="http://example.com/track.png">'
           '<div style="background: url(https://example.com/bg.png)">y</div>')
    pdf = HTML(string=doc, url_fetcher=fetcher).write_pdf()
    assert pdf.startswith(b"%PDF")
    assert "http://example.com/track.png" in fetcher.refused
    assert "https://example.com/bg.png" in fetcher.refused
    assert no_network == []


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_render_pdf(no_network, lang):
    from interview_bot.report import render
    from interview_bot.report.pdf import refusing_url_fetcher, render_pdf

    r = make_report(lang, n_questions=4, n_topics=4)
    fetcher = refusing_url_fetcher()
    pdf = render_pdf(r, url_fetcher=fetcher)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    assert fetcher.refused == []  # the report itself asks for nothing
    assert no_network == []
    if lang == "fr":
        assert render(r, "pdf").startswith(b"%PDF")
        assert render(r, "html").decode("utf-8").startswith("<!DOCTYPE html>")


def test_study_plan_gives_concrete_steps_in_our_own_words():
    from interview_bot.report.markdown import render_markdown
    from interview_bot.report.plan import study_item

    r = make_report("fr", hostile=False)
    security = [q for q in r.questions if q.topic == "security"]
    item = study_item(TopicScore(topic="security", name="sécurité des LLM", score=47.0, n=1), security, "fr")
    kinds = [s.kind for s in item.steps]
    assert kinds[0] == "read" and "build" in kinds and "retry" in kinds and "practise" in kinds
    retry = next(s.text for s in item.steps if s.kind == "retry")
    # the retry step names the point to cover this time (the one missed), not every rubric criterion
    assert "«\u00a0Comment évaluer un pipeline RAG ?\u00a0»" in retry
    assert "«\u00a0Évaluer la fidélité (faithfulness)\u00a0»" in retry and "profondeur" not in retry.lower()
    build = next(s.text for s in item.steps if s.kind == "build")
    assert "Attaquez votre propre RAG" in build
    for s in item.steps:  # apart from the retry, no key point repeated word for word
        assert s.kind == "retry" or all(k.text not in s.text for q in security for k in q.key_points)
    md = render_markdown(r.model_copy(update={"study_plan": [item]}))
    assert "À construire\u00a0: Attaquez" in md and "À retenter\u00a0:" in md
    unknown = study_item(TopicScore(topic="brand_new", name="brand new", score=30.0, n=1), security, "en")
    assert "A one-page note on brand new" in next(s.text for s in unknown.steps if s.kind == "build")


# ---- evidence, strengths, study plan, PDF length (issue 17) ------------------------------------------


def test_evidence_is_the_sentence_that_matched_cut_between_words():
    from interview_bot.report.evidence import evidence_sentence

    answer = ("J'ai fait du vélo hier. Le zero-shot donne seulement des instructions au modèle, sans exemple. "
              "Ensuite on a mangé.")
    # a window starting mid-word, or cut with an ellipsis, becomes the whole sentence it is in
    assert evidence_sentence(answer, "ot donne seulement des instru") == (
        "Le zero-shot donne seulement des instructions au modèle, sans exemple.")
    assert evidence_sentence(answer, "u vélo") == "J'ai fait du vélo hier."
    assert evidence_sentence(answer, "…Ensuite on") == "Ensuite on a mangé."
    long = "mot " * 80 + "la phrase clé ici " + "suite " * 80
    cut = evidence_sentence(long, "phrase clé", limit=60)
    assert "la phrase clé ici" in cut and cut.startswith("… ") and cut.endswith(" …") and len(cut) < 90
    assert all(w in ("…", "mot", "la", "phrase", "clé", "ici", "suite") for w in cut.split())  # whole words only
    assert evidence_sentence(answer, "not in the answer") == "not in the answer"
    assert evidence_sentence(answer, None) is None


def _kp(i: str, covered: bool, text: str, weight: float = 1.0, criterion: str = "accuracy", **kw) -> KeyPointResult:
    return KeyPointResult(id=i, criterion=criterion, weight=weight, text=text, covered=covered,
                          coverage=1.0 if covered else 0.0, **kw)


def test_strengths_name_what_scored_well_even_in_a_modest_interview():
    """Answers scored 59 and 64 (no topic reaches 65, no criterion level 3): the report still names
    the key points each answer covered, best answer first."""
    from interview_bot.report.summary import gaps_of, strengths_of

    qs = [make_report("fr", hostile=False).questions[0].model_copy(update={
        "overall": score, "topic": tid, "topic_name": name,
        "criteria": [CriterionResult(id="accuracy", name="Exactitude", weight=1, level=2, descriptor="Partiel.")],
        "key_points": [_kp("a", True, point), _kp("b", False, "Un point manqué")]})
        for score, tid, name, point in ((59.0, "rag", "Pipelines RAG", "Mesurer le rappel"),
                                        (64.0, "caching", "Mise en cache", "Cache exact"))]
    topics = [TopicScore(topic="rag", name="Pipelines RAG", score=59, n=1),
              TopicScore(topic="caching", name="Mise en cache", score=64, n=1)]
    strengths = strengths_of(topics, qs, "fr")
    assert strengths[0].startswith("Mise en cache (64/100)\u00a0: vous avez couvert «\u00a0Cache exact\u00a0»")
    assert "«\u00a0Mesurer le rappel\u00a0»" in strengths[1]
    assert gaps_of(topics, qs, "fr") == []
    nothing = [q.model_copy(update={"key_points": [_kp("b", False, "x")], "criteria": []}) for q in qs]
    assert strengths_of(topics, nothing, "en") == []


def test_retry_names_one_or_two_points_wrong_first_then_the_heaviest_missed():
    from interview_bot.report.plan import retry_points

    q = make_report("en", hostile=False).questions[0].model_copy(update={"key_points": [
        _kp("a", True, "covered"), _kp("b", False, "light", 0.5), _kp("c", False, "heavy", 2.0),
        _kp("d", False, "stated wrongly", contradicted=True, contradiction="x"), _kp("e", False, "other", 1.0)]})
    assert retry_points(q) == ["stated wrongly", "heavy"]


def _page_fill(pdf_doc) -> list[float]:
    """How far down each page its last line of text reaches (0–1)."""
    fills = []
    for page in pdf_doc.pages:
        bottoms: list[float] = []

        def walk(box) -> None:
            if type(box).__name__ in ("LineBox", "TableRowBox") and getattr(box, "height", None) is not None:
                bottoms.append(box.position_y + box.height)
            for child in getattr(box, "children", None) or []:
                walk(child)

        walk(page._page_box.children[0])
        fills.append(max(bottoms, default=0) / page.height)
    return fills


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_three_questions_fit_in_four_pdf_pages_with_no_half_empty_page(no_network, service, lang):
    """A real offline interview of 3 questions with long answers and follow-ups (two reference sentences
    per answer), a follow-up answered "I don't know" and the last question left with "I don't know" (its
    key points listed as missed): at most 4 pages, none but the last half empty."""
    import re as _re

    from weasyprint import HTML

    from interview_bot.report import build_report
    from interview_bot.report.html import render_html

    r = service.start(language=lang, n_questions=3, topics=["rag", "caching", "security"], seed=7)
    for _ in range(12):
        st = service.load_state(r.session_id)
        if st.status == "finished":
            break
        rec = st.records[-1]
        q = service.bank().question(rec.question_id)
        parts = _re.split(r"(?<=[.!?])\s+", q.reference_answer.get(lang).strip())
        n = len(rec.answers)
        text = " ".join(parts[2 * n:2 * n + 2]) or parts[-1]
        if len(st.records) == 2 and n == 1:
            text = "je ne sais pas" if lang == "fr" else "I don't know"
        if len(st.records) == 3:  # "I don't know", then no hint: the question is left unanswered
            text = ("non" if lang == "fr" else "no") if st.awaiting == "hint_offer" else \
                ("je ne sais pas" if lang == "fr" else "I don't know")
        service.answer(r.session_id, text)
    report = build_report(service, r.session_id)
    assert len(report.questions) == 3 and report.questions[2].overall is None and report.questions[2].key_points
    doc = HTML(string=render_html(report)).render()
    fills = _page_fill(doc)
    assert len(fills) <= 4, fills
    assert all(f > 0.6 for f in fills[:-1]), fills


def test_a_sentence_that_earned_several_points_is_quoted_once_and_its_points_stand_together():
    """Markdown and HTML: points earned by the same sentence follow each other, the sentence is quoted
    with the first and the others say "same passage"; a point without a quote stays as it is."""
    from interview_bot.report.evidence import covered_with_quotes
    from interview_bot.report.html import render_html
    from interview_bot.report.markdown import render_markdown

    kps = [_kp("a", True, "point A", evidence="Sentence one."), _kp("b", True, "point B", evidence="Sentence two."),
           _kp("c", True, "point C", evidence="Sentence one."), _kp("d", False, "point D"),
           _kp("e", True, "point E")]
    shown = [(k.id, quote, repeat) for k, quote, repeat in covered_with_quotes(kps)]
    assert shown == [("a", "Sentence one.", False), ("c", None, True), ("b", "Sentence two.", False),
                     ("e", None, False)]
    for lang, same in (("en", "same passage"), ("fr", "même passage")):
        report = make_report(lang, hostile=False)
        q = report.questions[0].model_copy(update={"key_points": kps})
        report = report.model_copy(update={"questions": [q]})
        md = render_markdown(report)
        assert md.count("Sentence one.") == 1 and f"point C — {same}" in md
        assert md.index("point A") < md.index("point C") < md.index("point B")
        html = render_html(report)
        assert html.count("Sentence one.") == 1 and same in html


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_question_left_unanswered_lists_its_key_points_and_leads_the_study_plan(service, lang):
    """A question closed with "I don't know" (or a skip) had an empty rubric heading and a scorer footer
    ("certainty: low") in the report, and its topic had no place in the study plan: the plan now starts
    with it, names the one or two key points to aim at, and the report lists them as missed, as the page's
    card does."""
    from interview_bot.report import build_report
    from interview_bot.report.markdown import render_markdown

    r = service.start(language=lang, n_questions=2, topics=["rag", "caching"], seed=3)
    first = service.load_state(r.session_id).records[0]
    service.answer(r.session_id, service.bank().question(first.question_id).reference_answer.get(lang))
    for _ in range(4):  # the follow-ups, if any, get the reference again
        st = service.load_state(r.session_id)
        if len(st.records) == 2:
            break
        service.answer(r.session_id, service.bank().question(first.question_id).reference_answer.get(lang))
    left = service.bank().question(service.load_state(r.session_id).records[1].question_id)
    service.answer(r.session_id, "Je ne sais pas." if lang == "fr" else "I don't know.")
    service.answer(r.session_id, "non" if lang == "fr" else "no")
    report = build_report(service, r.session_id)
    assert report.finished and report.questions[1].overall is None
    item = report.study_plan[0]
    assert item.topic == left.topic and item.score is None
    retry = next(s.text for s in item.steps if s.kind == "retry")
    assert any(shorten_start(k.text.get(lang)) in retry for k in left.key_points), retry
    assert t("plan.retry_more", lang) not in retry
    md = render_markdown(report)
    unanswered = md[md.index("### 2. "):md.index(f"## {t('report.plan', lang)}")]
    assert f"**{t('report.criteria', lang)}**" not in unanswered
    assert t("report.confidence", lang) not in unanswered and t("report.scorer", lang) not in unanswered
    assert f"**{t('report.missed', lang)}**" in unanswered and left.key_points[0].text.get(lang) in unanswered
    assert f"({t('report.not_scored', lang)})" in md[md.index(f"## {t('report.plan', lang)}"):]
    html = render_html(report)
    assert "–/100" not in html and html.count('<p class="foot keep">') == 1  # the scorer line: answered one only


def shorten_start(text: str) -> str:
    """The first words of a key point (a retry step quotes it, shortened)."""
    return " ".join(text.split()[:5])


def test_a_question_with_a_code_block_shows_its_prose_in_bold_and_its_code_as_code():
    """Bold as a whole, a bank question with a code block showed "**" and the fences as text in the page's
    report and the .md download, its code lines run together; its prose stays escaped."""
    from markdown_it import MarkdownIt

    from interview_bot.report.markdown import render_markdown

    question = ("Review this prompt <img src=x onerror=alert(1)>: what goes wrong?\n\n```text\nWrite a *catchy* "
                "email.\n<script>alert(1)</script>\n``` inside\n```\n\nAnd how would you test it?")
    report = make_report("en", hostile=False)
    report = report.model_copy(update={"questions": [report.questions[0].model_copy(update={"question": question})]})
    shown = MarkdownIt("commonmark").render(render_markdown(report))
    assert "<pre><code class=\"language-text\">Write a *catchy* email.\n&lt;script&gt;" in shown
    assert "``` inside" in shown  # a fence inside the code does not close the block
    assert "<strong>And how would you test it?</strong>" in shown and "**" not in shown and "<script>" not in shown
    assert "<img" not in shown
