"""The report's Strengths and Gaps read as a fair senior interviewer writes them (issue 14, item 6): no topic
reads as both solid and weak, nothing the candidate earned disappears, weak rubric criteria are one line,
and a topic is named the same way everywhere in the report."""

from __future__ import annotations

import re

import pytest
from helpers import ScriptedScorer

from interview_bot.i18n import t, topic_name
from interview_bot.report.model import QuestionReport, TopicScore
from interview_bot.report.summary import gaps_of, strengths_of
from interview_bot.scoring.models import CriterionResult, KeyPointResult

NB = "\u00a0"
NAMES = {"rag": ("Pipelines RAG", "RAG pipelines"), "security": ("Sécurité des LLM", "LLM security"),
         "caching": ("Mise en cache", "Caching")}
ANSWER = {"fr": "On découpe les documents en morceaux, on les vectorise et on ajoute les plus proches au prompt avec leur source.",
          "en": "We split the documents into chunks, embed them and add the closest ones to the prompt with their source."}
CRITERIA = [("accuracy", "Exactitude", "Accuracy"), ("depth", "Profondeur", "Depth"),
            ("clarity", "Clarté", "Clarity"), ("practical", "Jugement pratique", "Practical judgement")]


def kp(i: str, covered: bool, text: str, weight: float = 1.0, **kw) -> KeyPointResult:
    return KeyPointResult(id=i, criterion="accuracy", weight=weight, text=text, covered=covered,
                          coverage=1.0 if covered else 0.0, **kw)


def question(topic: str, score: float | None, points: list[KeyPointResult], lang: str = "fr",
             levels: tuple[int, ...] = (2, 2, 2, 2), qid: str | None = None) -> QuestionReport:
    fr = lang == "fr"
    criteria = [CriterionResult(id=cid, name=fr_name if fr else en_name, weight=0.25, level=lv)
                for (cid, fr_name, en_name), lv in zip(CRITERIA, levels, strict=True)] if score is not None else []
    return QuestionReport(question_id=qid or f"{topic}.q", topic=topic, topic_name=NAMES[topic][0 if fr else 1],
                          difficulty=2, question="?", exchanges=[], overall=score, confidence=0.8, criteria=criteria,
                          key_points=points, strong_answer="", scorer="offline" if score is not None else "none",
                          status="answered" if score is not None else "skipped")


def topics_of(qs: list[QuestionReport]) -> list[TopicScore]:
    by: dict[str, list[float]] = {}
    for q in qs:
        if q.overall is not None:
            by.setdefault(q.topic, []).append(q.overall)
    return sorted((TopicScore(topic=tp, name=next(q.topic_name for q in qs if q.topic == tp), score=sum(v) / len(v),
                              n=len(v)) for tp, v in by.items()), key=lambda ts: -ts.score)


def lines_naming(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if name.casefold() in line.casefold()]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_weak_answer_is_named_once_in_gaps_with_what_it_got_right_and_what_it_missed(lang):
    """Seen in a real report: Strengths « Sécurité des LLM (45/100) : vous avez couvert … » and Gaps « Lacune
    sur le thème « sécurité des LLM » (45/100) ». The weak topic is now named once, in Gaps, with the point it
    earned and the points it missed; Strengths keep the strong answer."""
    qs = [question("rag", 94, [kp("r1", True, "Découper puis vectoriser"), kp("r2", True, "Récupérer les k plus proches")],
                   lang),
          question("security", 45, [kp("s1", True, "Injection indirecte par les documents"),
                                    kp("s2", False, "Moindre privilège des outils", 2.0),
                                    kp("s3", False, "Il n'existe pas de parade complète", 1.5),
                                    kp("s4", False, "Un point léger", 0.5)], lang)]
    topics = topics_of(qs)
    strengths, gaps = strengths_of(topics, qs, lang), gaps_of(topics, qs, lang)
    sec, rag = NAMES["security"][0 if lang == "fr" else 1], NAMES["rag"][0 if lang == "fr" else 1]
    assert lines_naming(strengths, sec) == [] and lines_naming(gaps, rag) == []
    assert len(lines_naming(strengths, rag)) == 1
    (line,) = lines_naming(gaps, sec)
    assert line.startswith(f"{sec} (45/100)")
    # what it earned stays in the report, next to the heaviest points it missed
    assert "Injection indirecte par les documents" in line
    assert "Moindre privilège des outils" in line and "Il n'existe pas de parade complète" in line
    assert "Un point léger" not in line
    assert line.index("Injection indirecte") < line.index("Moindre privilège")
    if lang == "fr":
        assert f"{NB}:" in line and f"«{NB}Moindre privilège des outils{NB}»" in line


def test_a_topic_averaging_under_the_weak_band_is_not_praised_for_its_better_answer():
    """Two answers on one topic, 55 and 21 (average 38): the topic is a gap, so its better answer is not
    listed as a strength; what that answer covered is named in the gap's line."""
    qs = [question("rag", 55, [kp("a", True, "Découper puis vectoriser"), kp("b", False, "Citer les sources")],
                   qid="rag.1"),
          question("rag", 21, [kp("c", False, "Mesurer le rappel")], qid="rag.2"),
          question("caching", 70, [kp("d", True, "Cache exact")])]
    topics = topics_of(qs)
    strengths, gaps = strengths_of(topics, qs, "fr"), gaps_of(topics, qs, "fr")
    assert lines_naming(strengths, "Pipelines RAG") == []
    (line,) = lines_naming(gaps, "Pipelines RAG")
    assert line.startswith("Pipelines RAG (38/100)") and "Découper puis vectoriser" in line
    assert "Citer les sources" in line or "Mesurer le rappel" in line
    assert lines_naming(strengths, "Mise en cache")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_point_earned_on_a_listed_topic_stays_in_strengths_or_gaps(lang):
    qs = [question("rag", 80, [kp("a", True, "Point A"), kp("b", True, "Point B")], lang),
          question("caching", 52, [kp("c", True, "Point C"), kp("d", False, "Point D")], lang),
          question("security", 30, [kp("e", True, "Point E"), kp("f", False, "Point F")], lang)]
    topics = topics_of(qs)
    text = " ".join(strengths_of(topics, qs, lang) + gaps_of(topics, qs, lang))
    for point in ("Point A", "Point B", "Point C", "Point E"):
        assert point in text
    for ts in topics:  # each topic in one list only
        assert bool(lines_naming(strengths_of(topics, qs, lang), ts.name)) != bool(lines_naming(gaps_of(topics, qs, lang), ts.name))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_unanswered_topic_is_named_in_gaps(lang):
    qs = [question("rag", 90, [kp("a", True, "Point A")], lang),
          question("security", None, [kp("s1", False, "Moindre privilège", 2.0), kp("s2", False, "Point léger", 0.5)],
                   lang)]
    gaps = gaps_of(topics_of(qs), qs, lang)
    (line,) = lines_naming(gaps, NAMES["security"][0 if lang == "fr" else 1])
    assert line.startswith(NAMES["security"][0 if lang == "fr" else 1]) and "Moindre privilège" in line


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_weak_criteria_at_one_level_are_one_line_not_four(lang):
    """Seen in a real report: four Gaps lines « Exactitude : niveau moyen 1,0/4 — … », « Profondeur : … », …"""
    qs = [question("rag", 60, [kp("a", True, "Point A")], lang, levels=(1, 1, 1, 1))]
    gaps = gaps_of(topics_of(qs), qs, lang)
    crit_lines = [g for g in gaps if any(n in g.casefold() for _, fr, en in CRITERIA for n in (fr.casefold(), en.casefold()))]
    assert len(crit_lines) == 1, gaps
    (line,) = crit_lines
    for _, fr_name, en_name in CRITERIA:
        assert (fr_name if lang == "fr" else en_name).casefold() in line.casefold()
    assert line.count("/4") == 1
    assert ("1,0/4" if lang == "fr" else "1.0/4") in line
    if lang == "fr":
        assert f"{NB}:" in line and " :" not in line.replace(f"{NB}:", "")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_weak_criteria_at_several_levels_are_one_line_weakest_first(lang):
    # levels averaged over two answers: depth 0.5, accuracy and clarity 1.0, practical 1.5
    qs = [question("rag", 60, [kp("a", True, "Point A")], lang, levels=(1, 0, 1, 1), qid="q1"),
          question("caching", 58, [kp("b", True, "Point B")], lang, levels=(1, 1, 1, 2), qid="q2")]
    gaps = gaps_of(topics_of(qs), qs, lang)
    crit_lines = [g for g in gaps if "/4" in g]
    assert len(crit_lines) == 1, gaps
    line = crit_lines[0].casefold()
    depth, accuracy, practical = (n.casefold() for n in (("Profondeur", "Exactitude", "Jugement pratique") if lang == "fr"
                                                         else ("Depth", "Accuracy", "Practical judgement")))
    assert line.index(depth) < line.index(accuracy) < line.index(practical)
    assert line.count("/4") == 3


def test_scored_but_nothing_strong_does_not_say_nothing_was_scored():
    """Only weak answers: Strengths must not say "nothing scored yet" (it was), and point to the gaps."""
    from datetime import datetime

    from interview_bot.report.html import render_html
    from interview_bot.report.markdown import render_markdown
    from interview_bot.report.model import Report

    qs = [question("security", 30, [kp("e", True, "Point E"), kp("f", False, "Point F")], "en", levels=(1, 1, 1, 1))]
    topics = topics_of(qs)
    r = Report(session_id="s", language="en", role="Dev", candidate="c", created_at=datetime(2026, 1, 1), backend="offline",
               finished=True, overall=30.0, answered=1, planned=1, topics=topics, strengths=strengths_of(topics, qs, "en"),
               gaps=gaps_of(topics, qs, "en"), questions=qs, study_plan=[], progress=[])
    assert r.strengths == []
    for page in (render_markdown(r), render_html(r)):
        assert t("report.none_strengths", "en") not in page
        assert t("report.none_strengths_scored", "en", score="50") in page


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_topic_is_named_the_same_way_everywhere_in_a_real_report(settings, lang):
    """Seen in a real report: « Rag » in Strengths, « rag » in the table and Gaps. The catalog's display name,
    capitalised, heads every line and cell that names the topic: table, Strengths, Gaps, question headings,
    study plan."""
    from interview_bot.interview.service import InterviewService
    from interview_bot.report import build_report
    from interview_bot.report.markdown import render_markdown

    svc = InterviewService(settings, scorer=ScriptedScorer([92, 30, 30, 30, 30, 30]))
    r = svc.start(language=lang, n_questions=2, topics=["rag", "security"], seed=3)
    for _ in range(8):
        if svc.load_state(r.session_id).status == "finished":
            break
        svc.answer(r.session_id, ANSWER[lang])
    report = build_report(svc, r.session_id)
    md = render_markdown(report)
    for tp in ("rag", "security"):
        name = topic_name(tp, lang)
        title = name[:1].upper() + name[1:]
        shown = [m for line in md.splitlines() if line.startswith(("|", "- ", "### ", "1. ", "2. "))
                 for m in re.findall(re.escape(name), line, flags=re.IGNORECASE)]
        assert shown and set(shown) == {title}, (tp, shown)
    assert "Rag" not in md.replace("RAG", "")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_two_good_answers_on_one_topic_are_one_strengths_line_with_the_tables_score(lang):
    """Two answers on one topic (80 and 60): one line naming the topic with the score the table shows (70)
    and what both answers covered, not two lines with two other scores."""
    qs = [question("rag", 80, [kp("a", True, "Point A"), kp("b", False, "Point B")], lang, qid="rag.1"),
          question("rag", 60, [kp("c", True, "Point C"), kp("d", False, "Point D")], lang, qid="rag.2")]
    topics = topics_of(qs)
    strengths = strengths_of(topics, qs, lang)
    (line,) = lines_naming(strengths, NAMES["rag"][0 if lang == "fr" else 1])
    assert line.startswith(f"{NAMES['rag'][0 if lang == 'fr' else 1]} (70/100)")
    assert "Point A" in line and "Point C" in line


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_no_weak_topic_with_missed_points_says_where_they_are(lang):
    """Seen in a real report: an 82/100 answer that missed three key points, and Gaps said "No gap
    identified." With no weak topic, Gaps now say where the missed points are; with none missed, the
    plain sentence stays."""
    from datetime import datetime

    from interview_bot.report.html import render_html
    from interview_bot.report.markdown import render_markdown
    from interview_bot.report.model import Report

    def report(points: list[KeyPointResult]) -> Report:
        qs = [question("rag", 82, points, lang, levels=(3, 3, 3, 3))]
        topics = topics_of(qs)
        return Report(session_id="s", language=lang, role="Dev", candidate="c", created_at=datetime(2026, 1, 1),
                      backend="offline", finished=True, overall=82.0, answered=1, planned=1, topics=topics,
                      strengths=strengths_of(topics, qs, lang), gaps=gaps_of(topics, qs, lang), questions=qs,
                      study_plan=[], progress=[])

    missed = report([kp("a", True, "Point A"), kp("b", False, "Point B")])
    complete = report([kp("a", True, "Point A"), kp("b", True, "Point B")])
    assert missed.gaps == [] and complete.gaps == []
    for render in (render_markdown, render_html):
        page = render(missed)
        assert t("report.none_gaps_missed", lang).split(".")[0] in page
        assert t("report.none_gaps", lang) not in page
        assert t("report.none_gaps", lang) in render(complete)
