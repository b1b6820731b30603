"""The feedback report (Markdown, HTML, PDF) and its charts. ``report.*`` keys without a placeholder are
handed to the HTML template as ``t.<name>`` (e.g. ``report.overall`` → ``t.overall``)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    "report.filename": {"en": "interview-report-{ref}.{fmt}", "fr": "rapport-entretien-{ref}.{fmt}"},
    "report.title": {"en": "Mock interview report — {role}", "fr": "Rapport d'entretien blanc — {role}"},
    "report.overall": {"en": "Overall score", "fr": "Score global"},
    "report.answered": {"en": "Questions answered", "fr": "Questions traitées"},
    "report.unfinished": {"en": "(interview not finished)", "fr": "(entretien non terminé)"},
    "report.by_topic": {"en": "Scores by topic", "fr": "Scores par thème"},
    "report.strengths": {"en": "Strengths", "fr": "Points forts"},
    "report.gaps": {"en": "Gaps", "fr": "Lacunes"},
    "report.none_strengths": {
        "en": "Nothing scored yet: answer a question to see what you do well.",
        "fr": "Rien d'évalué pour l'instant\u00a0: répondez à une question pour voir ce que vous faites bien.",
    },
    "report.none_gaps": {"en": "No gap identified.", "fr": "Aucune lacune identifiée."},
    "report.none_gaps_missed": {
        "en": "No weak topic. The key points your answers missed are listed under each question below.",
        "fr": "Aucun thème faible. Les points clés que vos réponses ont manqués sont listés sous chaque question ci-dessous.",
    },
    "report.and": {"en": "and", "fr": "et"},
    "report.questions": {"en": "Question by question", "fr": "Question par question"},
    "report.your_answer": {"en": "Your answer", "fr": "Votre réponse"},
    "report.criteria": {"en": "Rubric", "fr": "Grille"},
    "report.evidence": {"en": "evidence", "fr": "preuve"},
    "report.same_quote": {"en": "same passage", "fr": "même passage"},
    "report.covered": {"en": "Covered", "fr": "Couvert"},
    "report.missed": {"en": "Missed", "fr": "Manqué"},
    "report.wrong": {"en": "What was wrong", "fr": "Ce qui était faux"},
    "report.you_said": {"en": "you said", "fr": "vous avez dit"},
    "report.correction": {"en": "in fact", "fr": "en réalité"},
    "report.strong": {"en": "What a strong answer includes", "fr": "Ce que contient une réponse solide"},
    "report.plan": {"en": "Study plan (largest gap first)", "fr": "Plan de révision (plus grande lacune d'abord)"},
    "report.progress": {"en": "Progress over sessions", "fr": "Progression sur les sessions"},
    "report.this": {"en": "this session", "fr": "cette session"},
    "report.scorer": {"en": "Scored by", "fr": "Évalué par"},
    "report.scorer_offline": {"en": "the offline scorer (MiniLM)", "fr": "le correcteur hors ligne (MiniLM)"},
    "report.scorer_llm": {"en": "the LLM judge, cross-checked offline", "fr": "le juge LLM, contrôlé hors ligne"},
    "report.scorer_none": {"en": "not scored", "fr": "non évalué"},
    "report.backend_offline": {"en": "offline", "fr": "hors ligne"},
    "report.backend_compatible": {"en": "OpenAI-compatible server", "fr": "serveur compatible OpenAI"},
    "report.confidence": {"en": "scorer's certainty", "fr": "certitude du correcteur"},
    "report.offline": {"en": "offline cross-check", "fr": "contrôle hors ligne"},
    "report.judge_note": {"en": "Judge's note", "fr": "Note du juge"},
    "report.topic": {"en": "Topic", "fr": "Thème"},
    "report.score": {"en": "Score", "fr": "Score"},
    "report.date": {"en": "Date", "fr": "Date"},
    "report.read": {"en": "Read", "fr": "À lire"},
    "report.session": {"en": "Session", "fr": "Session"},
    "report.backend": {"en": "Engine", "fr": "Moteur"},
    "report.generated": {"en": "Date", "fr": "Date"},
    "report.difficulty": {"en": "difficulty", "fr": "difficulté"},
    "report.follow_up": {"en": "Follow-up", "fr": "Relance"},
    "report.no_answer": {"en": "(no answer)", "fr": "(pas de réponse)"},
    "report.n_questions": {"en": "Questions", "fr": "Questions"},
    "report.criterion": {"en": "Criterion", "fr": "Critère"},
    "report.level": {"en": "Level", "fr": "Niveau"},
    "report.descriptor": {"en": "Assessment", "fr": "Appréciation"},
    "report.key_points": {"en": "Key points", "fr": "Points clés"},
    "report.warnings": {"en": "Warnings", "fr": "Alertes"},
    "report.to_work": {"en": "To work on", "fr": "À travailler"},
    "report.question": {"en": "Question", "fr": "Question"},
    "report.not_scored": {"en": "not scored", "fr": "non évalué"},
    # ---- summary sentences -----------------------------------------------------------------------
    # Every line naming a topic starts with its name and score, so a topic reads the same in the table, the
    # Strengths and the Gaps; a topic is in one of the two lists, never both.
    "report.strong_topic": {
        "en": "{topic} ({score}/100): solid across your answers.",
        "fr": "{topic} ({score}/100)\u00a0: solide sur l'ensemble de vos réponses.",
    },
    "report.strong_points": {
        "en": "{topic} ({score}/100): you covered {points}.",
        "fr": "{topic} ({score}/100)\u00a0: vous avez couvert {points}.",
    },
    "report.strong_best_crit": {
        "en": "{criterion} is your strongest criterion so far (average level {level}/4).",
        "fr": "{criterion} est votre meilleur critère pour l'instant (niveau moyen {level}/4).",
    },
    "report.none_strengths_scored": {
        "en": "No answer reached {score}/100 yet, so no strength is named; each gap below says what your answer covered and what it missed.",
        "fr": "Aucune réponse n'a encore atteint {score}/100, donc aucun point fort n'est cité\u00a0; chaque lacune ci-dessous dit ce que votre réponse couvrait et ce qui manquait.",
    },
    "report.weak_topic": {"en": "{topic} ({score}/100): to work on.", "fr": "{topic} ({score}/100)\u00a0: à retravailler."},
    "report.weak_topic_missed": {
        "en": "{topic} ({score}/100): your answer missed {missed}.",
        "fr": "{topic} ({score}/100)\u00a0: il manquait {missed}.",
    },
    "report.weak_topic_partial": {
        "en": "{topic} ({score}/100): you covered {covered}, but missed {missed}.",
        "fr": "{topic} ({score}/100)\u00a0: vous avez couvert {covered}, mais il manquait {missed}.",
    },
    "report.unanswered_topic": {"en": "{topic}: not answered.", "fr": "{topic}\u00a0: sans réponse."},
    "report.unanswered_topic_missed": {
        "en": "{topic}: not answered; a strong answer would cover {missed}.",
        "fr": "{topic}\u00a0: sans réponse\u00a0; une réponse solide couvrirait {missed}.",
    },
    "report.strong_crit": {"en": "{criterion}: consistently at level {level}/4.", "fr": "{criterion}\u00a0: niveau moyen {level}/4."},
    "report.weak_crit": {
        "en": "{criterion}: average level {level}/4 — work on this across topics.",
        "fr": "{criterion}\u00a0: niveau moyen {level}/4 — à travailler sur tous les thèmes.",
    },
    "report.weak_crits": {
        "en": "{criteria}: average level {level}/4 — work on these across topics.",
        "fr": "{criteria}\u00a0: niveau moyen {level}/4 — à travailler sur tous les thèmes.",
    },
    "report.weak_crits_mixed": {
        "en": "Criteria to work on across topics, weakest first: {criteria}.",
        "fr": "Critères à travailler sur tous les thèmes, du plus faible au moins faible\u00a0: {criteria}.",
    },
    "report.crit_at": {"en": "{criteria} (level {level}/4)", "fr": "{criteria} (niveau {level}/4)"},
    "report.list_sep": {"en": "; ", "fr": "\u00a0; "},
    # ---- charts ----------------------------------------------------------------------------------
    "chart.no_data": {"en": "No scored answer yet.", "fr": "Aucune réponse évaluée pour l'instant."},
    "chart.topics": {"en": "Scores by topic (0–100)", "fr": "Scores par thème (0–100)"},
    "chart.progress": {"en": "Overall score per session (0–100)", "fr": "Score global par session (0–100)"},
    "chart.axis": {"en": "Score (0–100)", "fr": "Score (0–100)"},
    "chart.per_question": {"en": "Score per question (0–100)", "fr": "Score par question (0–100)"},
    # questions the candidate did not answer, and hints (a recruiter that listens)
    "report.skipped": {
        "en": "Skipped at your request: not scored.",
        "fr": "Passée à votre demande\u00a0: non notée.",
    },
    "report.not_answered": {
        "en": "Not answered (you said you did not know): not scored.",
        "fr": "Non traitée (vous ne saviez pas)\u00a0: non notée.",
    },
    "report.hint_given": {"en": "Hint given: {hint}", "fr": "Indice donné\u00a0: {hint}"},
    "report.followup_left": {
        "en": "A follow-up was left unanswered ({what}).",
        "fr": "Une relance est restée sans réponse ({what}).",
    },
    "report.what_skip": {"en": "skipped", "fr": "passée"},
    "report.what_dont_know": {"en": "did not know", "fr": "ne savait pas"},
}
