"""Build the report model from a stored session, as the service shows it (``SessionView``)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from ..bank import Bank
from ..bank.schema import Lang, Question
from ..i18n import flag_text, t, topic_title
from ..interview.state import QuestionRecord
from ..interview.views import SessionSummary, SessionView
from ..scoring.models import KeyPointResult
from .evidence import with_sentences
from .model import Exchange, PastSession, QuestionReport, Report, TopicScore
from .plan import study_plan
from .summary import gaps_of, strengths_of

QUOTE_LIMIT = 100  # characters of a quoted sentence in the report (cut between words)

if TYPE_CHECKING:
    from ..interview.service import InterviewService

def _notes(rec: QuestionRecord, lang: str) -> list[str]:
    notes = [t(f"report.{rec.outcome}", lang)] if rec.outcome else []
    notes += [t("report.hint_given", lang, hint=h) for h in rec.hints]
    if rec.answers and rec.events and rec.events[-1] in ("skip", "dont_know"):
        notes.append(t("report.followup_left", lang, what=t(f"report.what_{rec.events[-1]}", lang)))
    return notes


def _unanswered(rec: QuestionRecord, q: Question | None, lang: Lang) -> QuestionReport:
    """A question left without a scored answer (skipped, "I don't know", a hint only): its key points are
    listed as missed, as the page's card shows them, so the study plan can name the ones to aim at."""
    missed = [KeyPointResult(id=k.id, criterion=k.criterion, weight=k.weight, text=k.text.get(lang), covered=False,
                             coverage=0.0) for k in (q.key_points if q else [])]
    return QuestionReport(
        status=rec.outcome or "not_answered", notes=_notes(rec, lang), question_id=rec.question_id,
        topic=rec.topic, topic_name=topic_title(rec.topic, lang), difficulty=rec.difficulty,
        question=q.text.get(lang) if q else rec.question_id, exchanges=[], overall=None, confidence=0.0,
        criteria=[], key_points=missed, strong_answer=q.reference_answer.get(lang) if q else "",
        study=[(s.title.get(lang), s.url) for s in q.study] if q else [], scorer="none",
    )


def build_report(svc: InterviewService, sid: str) -> Report:
    """The report of session ``sid``, with the progress of earlier sessions of the same candidate."""
    view = svc.session(sid)
    return report_of(view, svc.bank(), svc.sessions(limit=200, candidate=view.candidate),
                     svc.role_name(view.state.options.language))


def report_of(view: SessionView, bank: Bank, earlier: list[SessionSummary], role: str) -> Report:
    """The report of ``view``; ``earlier``: the candidate's sessions (newest first), for the progress chart;
    ``role``: the job title."""
    sid, state = view.session_id, view.state
    lang = state.options.language
    questions: list[QuestionReport] = []
    for rec in state.records:
        if not rec.answers or rec.score is None:
            if rec.outcome or rec.hints:
                questions.append(_unanswered(rec, bank.questions.get(rec.question_id), lang))
            continue
        score = with_sentences(rec.score, "\n\n".join(rec.answers), QUOTE_LIMIT)
        q = bank.questions.get(rec.question_id)
        prompts = []
        if q is not None:
            prompts = [q.text.get(lang)] + [rec.followups.get(str(i)) or q.probes[i].text.get(lang)
                                            for i in rec.probe_indices]
        exchanges = [
            Exchange(prompt=prompts[i] if i < len(prompts) else "", answer=a) for i, a in enumerate(rec.answers)
        ]
        questions.append(
            QuestionReport(
                notes=_notes(rec, lang),
                question_id=rec.question_id,
                topic=rec.topic,
                topic_name=topic_title(rec.topic, lang),
                difficulty=rec.difficulty,
                question=prompts[0] if prompts else rec.question_id,
                exchanges=exchanges,
                overall=score.overall,
                confidence=score.confidence,
                criteria=score.criteria,
                key_points=score.key_points,
                misconceptions=score.misconceptions,
                flags=[flag_text(f, lang) for f in score.flags],
                strong_answer=q.reference_answer.get(lang) if q else "",
                study=[(s.title.get(lang), s.url) for s in q.study] if q else [],
                scorer=score.scorer,
                offline_overall=score.offline_overall,
                rationale=score.rationale,
            )
        )

    by_topic: dict[str, list[float]] = defaultdict(list)
    for qr in questions:
        if qr.overall is not None:
            by_topic[qr.topic].append(qr.overall)
    topics = sorted(
        (TopicScore(topic=tp, name=topic_title(tp, lang), score=round(sum(v) / len(v), 1), n=len(v))
         for tp, v in by_topic.items()),
        key=lambda ts: -ts.score,
    )
    strengths, gaps = strengths_of(topics, questions, lang), gaps_of(topics, questions, lang)
    plan = study_plan(topics, questions, lang)

    past = [r for r in earlier if (r.status == "finished" and r.overall is not None) or r.session_id == sid]
    progress = sorted(
        (PastSession(session_id=r.session_id, date=r.created_at, overall=r.overall, current=r.session_id == sid)
         for r in past),
        key=lambda p: p.date,
    )[-10:]
    return Report(
        session_id=sid,
        language=lang,
        role=role,
        candidate=view.candidate,
        created_at=view.created_at,
        backend=view.backend,
        finished=state.status == "finished",
        overall=state.overall,
        answered=sum(qr.status == "answered" for qr in questions),
        planned=state.n_questions,
        topics=topics,
        strengths=strengths,
        gaps=gaps,
        questions=questions,
        study_plan=plan,
        progress=progress if len(progress) > 1 else [],
    )
