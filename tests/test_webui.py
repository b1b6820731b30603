"""The page's pure pieces: the score card (hidden points while a follow-up is pending), progress chips,
the score chart, the closing message added once, settings read back from the browser."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from interview_bot.i18n import t
from interview_bot.scoring.models import AnswerScore, CriterionResult, KeyPointResult, MisconceptionHit
from interview_bot.webui.text import clean_prefs, content_text, with_closing
from interview_bot.webui.widgets import (
    QuestionView,
    certainty_sentence,
    progress_html,
    score_card,
    score_chart_svg,
)

Q = QuestionView(index=2, topic="pipelines RAG", text="Comment évaluer un pipeline RAG ?", overall=40.0,
                 answered=True, open=True)


def make_score() -> AnswerScore:
    return AnswerScore(
        question_id="rag.eval", language="fr", overall=40.0, confidence=0.62, scorer="offline",
        criteria=[CriterionResult(id="accuracy", name="Exactitude", weight=1, level=2, descriptor="Partiel.")],
        key_points=[
            KeyPointResult(id="a", criterion="accuracy", weight=1, text="Mesurer le rappel du retriever",
                           covered=True, coverage=1.0, evidence="le rappel"),
            KeyPointResult(id="b", criterion="accuracy", weight=1, text="Évaluer la fidélité de la réponse",
                           covered=False, coverage=0.1),
            KeyPointResult(id="c", criterion="accuracy", weight=1, text="Le reranking améliore la précision",
                           covered=False, coverage=0.0, contradicted=True, contradiction="le reranking ne sert à rien",
                           correction="Un reranker réordonne les candidats et améliore la précision du top-k."),
        ],
        misconceptions=[MisconceptionHit(id="m", text="Plus de contexte est toujours mieux",
                                         correction="Trop de contexte dilue l'attention et coûte cher.",
                                         evidence="plus de contexte c'est mieux")],
        flags=["too_short"],
    )


def test_card_names_the_question_and_hides_missed_points_while_a_follow_up_is_pending():
    card = score_card(make_score(), Q, 5, "fr", follow_up_pending=True)
    assert "Question 2 sur 5 — pipelines RAG" in card and "Comment évaluer" in card
    assert "Score\u00a0: 40/100" in card and "Mesurer le rappel du retriever" in card
    for hidden in ("Évaluer la fidélité", "reranking", "Un reranker", "Trop de contexte", "Plus de contexte"):
        assert hidden not in card
    assert "2 points clés pas encore couverts" in card
    assert "Réponse très courte" in card and "too_short" not in card
    assert "0.62" not in card and "0,62" not in card and "moyennement sûr" in card


def test_card_shows_what_was_wrong_and_the_correction_once_the_question_closes():
    card = score_card(make_score(), Q, 5, "fr", follow_up_pending=False)
    assert "Évaluer la fidélité de la réponse" in card
    assert "Ce qui était faux" in card and "le reranking ne sert à rien" in card and "Un reranker réordonne" in card
    assert "plus de contexte c'est mieux" in card and "Trop de contexte dilue" in card
    assert "«\u00a0" in card


def test_card_escapes_markdown_and_html():
    s = make_score()
    s.key_points[0].text = "<img src=x onerror=alert(1)> **bold**"
    card = score_card(s, Q, 5, "en", follow_up_pending=False)
    assert "<img" not in card and "**bold**" not in card


def test_certainty_in_words():
    assert "fairly sure" in certainty_sentence(0.9, "en") and "unsure" in certainty_sentence(0.3, "en")


def test_progress_chips_and_chart():
    views = [QuestionView(index=1, topic="caching <b>", text="q1", overall=72.0, answered=True, open=False), Q]
    html = progress_html(views, 4, "en", False)
    assert "Question 2 of 4" in html and "caching &lt;b&gt; · 72" in html and html.count("chip todo") == 2
    assert "· 72" not in progress_html(views, 4, "en", False, show_scores=False)
    assert "Interview finished" in progress_html(views, 4, "en", True)
    svg = score_chart_svg(views, "fr")
    ET.fromstring(svg)  # well-formed
    assert svg.count("<rect") == 2 and ">72<" in svg and "Q2" in svg
    assert "au fil de vos réponses" in score_chart_svg([], "fr")


def test_closing_is_added_once_whatever_the_content_format():
    closing = "That was the last question, thank you."
    shown = [{"role": "assistant", "content": [{"type": "text", "text": "Hello"}]},
             {"role": "user", "content": "my answer"}]
    once = with_closing(shown, closing)
    assert [m["content"] for m in once] == ["Hello", "my answer", closing]
    again = with_closing([*shown, {"role": "assistant", "content": [{"type": "text", "text": closing}]}], closing)
    assert sum(content_text(m["content"]) == closing for m in again) == 1


def test_settings_from_the_browser_are_checked():
    assert clean_prefs({"lang": "fr", "n": 4, "difficulty": "2", "hide": True, "topics": ["rag", "nope"]},
                       ["rag", "security"]) == {"lang": "fr", "n": 4, "difficulty": "2", "hide": True, "topics": ["rag"]}
    assert clean_prefs({"lang": "de", "n": 99, "difficulty": "9", "hide": "yes"}, []) == {}
    assert clean_prefs("garbage", []) == {}


def test_browser_language_from_accept_language():
    from interview_bot.webui.text import browser_language

    assert browser_language("fr-FR,fr;q=0.9,en;q=0.8") == "fr"
    assert browser_language("de-DE,en-GB;q=0.7") == "en"
    assert browser_language("de-DE") is None and browser_language("") is None


def test_topics_sorted_by_their_name_in_the_page_language_behavioural_last():
    from interview_bot.webui.text import topic_choices

    fr = [label for label, _ in topic_choices(["rag", "ethics_privacy", "llm_evaluation", "behavioral", "caching"],
                                              {"behavioral"}, "fr")]
    assert fr == ["Éthique, biais et RGPD", "Évaluation des applications LLM", "Mise en cache", "Pipelines RAG",
                  "Votre expérience"]
    en = [tp for _, tp in topic_choices(["rag", "caching", "behavioral"], {"behavioral"}, "en")]
    assert en == ["caching", "rag", "behavioral"]


def test_a_past_session_reads_as_date_topics_status_score():
    from datetime import datetime

    from interview_bot.webui.text import session_label

    when = datetime(2026, 12, 7, 8, 5)
    assert session_label(when, ["rag", "caching", "rag"], True, 63.6, "fr") == (
        "07/12/2026 08:05 · pipelines RAG, mise en cache · terminé · 64/100")
    assert session_label(when, ["rag", "caching", "security", "mcp"], False, None, "en") == (
        "2026-12-07 08:05 · RAG pipelines, caching, LLM security +1 · in progress")


def test_merged_updates_keep_every_property():
    import gradio as gr

    from interview_bot.webui.handlers import merge

    a, b = object(), object()
    out = merge({a: gr.update(label="Langue"), b: []}, {a: gr.update(interactive=False), b: gr.update(placeholder="p")},
                {a: "fr"})
    assert out[a] == {"__type__": "update", "label": "Langue", "interactive": False, "value": "fr"}
    assert out[b] == {"__type__": "update", "value": [], "placeholder": "p"}


def test_an_answer_from_a_stale_tab_is_refused_and_nothing_is_recorded(service):
    """Every answer carries the turn the tab displayed; another tab answered meanwhile: refused."""
    import pytest

    from interview_bot.store import StaleWrite

    r = service.start(language="fr", n_questions=2)
    shown = service.load_state(r.session_id).turn
    service.answer(r.session_id, "Le RAG récupère des passages puis les donne au modèle.", shown)  # tab 1
    before = service.load_state(r.session_id)
    with pytest.raises(StaleWrite, match="autre onglet"):
        service.answer(r.session_id, "Réponse de l'onglet 2 à la question qu'il affiche.", shown)  # tab 2
    after = service.load_state(r.session_id)
    assert after == before and service.store.get_session(r.session_id).version == 3
    service.answer(r.session_id, "Une réponse à la question affichée.", after.turn)  # up to date: accepted
    assert service.load_state(r.session_id).turn == after.turn + 1


def test_the_page_script_carries_both_languages_and_no_closing_tag():
    from interview_bot.webui.assets import gradio_translations, head

    script = head()
    assert script.count("</script>") == 1 and "Copier le message" in script and "Copy message" in script
    assert "common.complete" in script and "Saisir un nombre" in script
    assert gradio_translations()["fr"]["common.complete"] == "Page mise à jour"


def test_card_quotes_a_sentence_that_earned_two_points_once():
    s = make_score()
    said = "on suit recall@k sur un jeu annoté"
    kps = [s.key_points[0].model_copy(update={"evidence": said}), *s.key_points[1:],
           KeyPointResult(id="d", criterion="accuracy", weight=1, text="Mesurer la précision du retriever",
                          covered=True, coverage=1.0, evidence=said)]
    card = score_card(s.model_copy(update={"key_points": kps}), Q, 5, "fr", follow_up_pending=True)
    assert card.count(said) == 1
    assert "Mesurer la précision du retriever — même passage" in card


def test_settings_and_start_stay_disabled_until_the_load_has_put_the_kept_settings_back(service):
    """A count typed (or a topic ticked, or Start clicked) before the page's load event answers was
    overwritten by it — seconds later on a busy server: those controls start disabled, the load enables them
    together with the settings it puts back."""
    from types import SimpleNamespace

    from interview_bot.web import RateLimiter
    from interview_bot.webui.handlers import Handlers
    from interview_bot.webui.page import build_page

    p = build_page(service.settings, service)
    assert {p.n_q, p.topics, p.lang, p.start_btn} <= set(p.until_loaded)
    assert [c for c in p.until_loaded if c.interactive is not False] == []
    h = Handlers(service, p, service.settings, RateLimiter(100))
    prefs = {"lang": "en", "n": 2, "difficulty": "auto", "hide": False, "topics": ["caching"]}
    out = h.on_load(prefs, "", [], SimpleNamespace(headers={}))
    assert [c for c in p.until_loaded if out[c].get("interactive") is not True] == []
    assert out[p.n_q]["value"] == 2 and out[p.topics]["value"] == ["caching"]


def test_progress_chips_stay_html_when_a_question_holds_a_code_block():
    """A question with a code block (a blank line, then a fence) as a chip's tooltip ended the HTML block
    for the Markdown renderer: the page showed the code and the next chips' markup as text."""
    from markdown_it import MarkdownIt

    code_q = QuestionView(index=2, topic="revue de prompts", text="Faites-en la revue :\n\n```text\nWrite a "
                          "marketing email.\n\nUse emojis.\n```", overall=0.0, answered=True, open=False)
    first = QuestionView(index=1, topic="API de LLM", text="Un appel ?", overall=None, answered=False, open=False)
    last = QuestionView(index=3, topic="lecture de code", text="Et ceci ?", overall=None, answered=False, open=True)
    html = progress_html([first, code_q, last], 3, "fr", False)
    shown = MarkdownIt("commonmark").render(html)
    assert "<pre>" not in shown and "<code>" not in shown and "&lt;span" not in shown
    assert shown.count('<span class="chip ') == 3 and "2. revue de prompts · 0</span>" in shown
    assert "Write a marketing email. Use emojis." in shown  # the tooltip keeps the text, on one line


def test_the_card_follows_a_question_closed_by_i_dont_know_or_a_skip(service):
    """The card stayed on the previous answer when a question closed with "I don't know" or a skip: it
    now shows that question, not scored, with the key points a strong answer covers."""
    from interview_bot.web import RateLimiter
    from interview_bot.webui.handlers import Handlers
    from interview_bot.webui.page import build_page

    p = build_page(service.settings, service)
    h = Handlers(service, p, service.settings, RateLimiter(100))
    r = service.start(language="fr", n_questions=3, seed=5)
    for words, outcome in ((("Je ne sais pas.", "non"), "not_answered"), (("On peut passer cette question ?",), "skipped")):
        closed = service.load_state(r.session_id).records[-1]
        for text in words:
            service.answer(r.session_id, text)
        state = service.load_state(r.session_id)
        assert state.records[-2].question_id == closed.question_id and state.records[-2].outcome == outcome
        q = service.bank().question(closed.question_id)
        card = h._card(state, "fr", hide=False)
        assert card.startswith(f"#### Question {len(state.records) - 1} sur 3"), card[:80]
        assert t(f"report.{outcome}", "fr") in card and q.key_points[0].text.fr[:40] in card
