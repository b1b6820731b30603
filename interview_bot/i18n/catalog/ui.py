"""The web page: every label, button, hint and message the Gradio app shows."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    "ui.title": {"en": "Mock interview — {role}", "fr": "Entretien blanc — {role}"},
    "ui.language": {"en": "Language", "fr": "Langue"},
    "ui.n_questions": {"en": "Number of questions", "fr": "Nombre de questions"},
    "ui.difficulty": {"en": "Starting difficulty", "fr": "Difficulté de départ"},
    "ui.difficulty_auto": {"en": "Adaptive, from 1", "fr": "Adaptative, à partir de 1"},
    "ui.hide_scores": {"en": "Hide scores until the end", "fr": "Masquer les scores jusqu'à la fin"},
    "ui.start": {"en": "Start interview", "fr": "Commencer l'entretien"},
    "ui.new": {"en": "Start a new interview", "fr": "Commencer un nouvel entretien"},
    "ui.backend": {"en": "Engine: {backend}", "fr": "Moteur\u00a0: {backend}"},
    "ui.backend_offline": {
        "en": "offline (structured recruiter + embedded MiniLM scorer)",
        "fr": "hors ligne (recruteur structuré + correcteur MiniLM intégré)",
    },
    "ui.backend_llm": {
        "en": "{backend}, model {model} (checked by the offline scorer)",
        "fr": "{backend}, modèle {model} (contrôlé par le correcteur hors ligne)",
    },
    "ui.topics": {"en": "Topics (none ticked = all technical topics)", "fr": "Thèmes (aucun coché = tous les thèmes techniques)"},
    "ui.sessions": {"en": "My past sessions / resume", "fr": "Mes sessions passées / reprendre"},
    "ui.col_id": {"en": "Session", "fr": "Session"},
    "ui.col_date": {"en": "Date", "fr": "Date"},
    "ui.col_status": {"en": "Status", "fr": "État"},
    "ui.col_lang": {"en": "Language", "fr": "Langue"},
    "ui.col_overall": {"en": "Score", "fr": "Score"},
    "ui.status_active": {"en": "in progress", "fr": "en cours"},
    "ui.status_finished": {"en": "finished", "fr": "terminé"},
    "ui.resume_id": {"en": "Session id to resume", "fr": "Identifiant de la session à reprendre"},
    "ui.resume": {"en": "Resume", "fr": "Reprendre"},
    "ui.chat": {"en": "Interview", "fr": "Entretien"},
    "ui.answer": {"en": "Your answer", "fr": "Votre réponse"},
    "ui.placeholder": {
        "en": "Type your answer. Enter sends it, Shift+Enter starts a new line (at most {limit} characters).",
        "fr": "Tapez votre réponse. Entrée l'envoie, Maj+Entrée passe à la ligne ({limit} caractères au plus).",
    },
    "ui.placeholder_done": {
        "en": "The interview is over. Start a new interview to practise again.",
        "fr": "L'entretien est terminé. Commencez un nouvel entretien pour vous entraîner à nouveau.",
    },
    "ui.send": {"en": "Send answer", "fr": "Envoyer la réponse"},
    "ui.end": {"en": "End interview", "fr": "Terminer l'entretien"},
    "ui.report_heading": {"en": "Your feedback report", "fr": "Votre rapport"},
    "ui.end_yes": {"en": "Yes, end now", "fr": "Oui, terminer maintenant"},
    "ui.end_no": {"en": "Keep answering", "fr": "Continuer l'entretien"},
    "ui.progress": {"en": "Question {i} of {n}", "fr": "Question {i} sur {n}"},
    "ui.finished": {"en": "Interview finished", "fr": "Entretien terminé"},
    "ui.report_below": {
        "en": "Your report is shown below the conversation, with Markdown, HTML and PDF downloads.",
        "fr": "Votre rapport s'affiche sous la conversation, avec les téléchargements Markdown, HTML et PDF.",
    },
    "ui.start_first": {"en": "Start an interview first.", "fr": "Commencez d'abord un entretien."},
    "ui.no_interview": {"en": "No interview in progress.", "fr": "Aucun entretien en cours."},
    "ui.confirm_clear": {
        "en": "Clear the conversation shown? The interview itself is kept and can be resumed.",
        "fr": "Effacer la conversation affichée\u00a0? L'entretien lui-même est conservé et peut être repris.",
    },
    "ui.confirm_end": {
        "en": "End the interview now? Questions not answered yet will not be scored.",
        "fr": "Terminer l'entretien maintenant\u00a0? Les questions sans réponse ne seront pas évaluées.",
    },
    "ui.welcome": {
        "en": "Choose the language, the number of questions and, if you like, the topics, then start the interview.",
        "fr": "Choisissez la langue, le nombre de questions et, si vous le souhaitez, les thèmes, puis commencez l'entretien.",
    },
    # ---- score card ------------------------------------------------------------------------------
    "ui.card_question": {"en": "Question {i} of {n} — {topic}", "fr": "Question {i} sur {n} — {topic}"},
    "ui.card_score": {"en": "Score: {score}", "fr": "Score\u00a0: {score}"},
    "ui.card_hidden": {"en": "Scores are hidden until the end of the interview.", "fr": "Les scores sont masqués jusqu'à la fin de l'entretien."},
    "ui.card_key_points": {"en": "Key points of a strong answer", "fr": "Points clés d'une réponse solide"},
    "ui.card_wrong": {"en": "What was wrong", "fr": "Ce qui était faux"},
    "ui.card_you_said": {"en": "you said", "fr": "vous avez dit"},
    "ui.card_in_fact": {"en": "in fact", "fr": "en réalité"},
    "ui.card_pending.one": {
        "en": "{n} key point not covered yet: a follow-up is coming, so it stays hidden until this question closes.",
        "fr": "{n} point clé pas encore couvert\u00a0: une relance arrive, il reste masqué jusqu'à la fin de cette question.",
    },
    "ui.card_pending.other": {
        "en": "{n} key points not covered yet: a follow-up is coming, so they stay hidden until this question closes.",
        "fr": "{n} points clés pas encore couverts\u00a0: une relance arrive, ils restent masqués jusqu'à la fin de cette question.",
    },
    "ui.certainty_high": {"en": "The scorer is fairly sure of this score.", "fr": "Le correcteur est assez sûr de ce score."},
    "ui.certainty_mid": {
        "en": "The scorer is only moderately sure of this score: part of the answer was hard to match.",
        "fr": "Le correcteur n'est que moyennement sûr de ce score\u00a0: une partie de la réponse était difficile à rapprocher.",
    },
    "ui.certainty_low": {
        "en": "The scorer is unsure of this score: take it as a rough indication.",
        "fr": "Le correcteur est peu sûr de ce score\u00a0: prenez-le comme une indication.",
    },
    "ui.chart_empty": {"en": "Scores appear here as you answer.", "fr": "Les scores s'affichent ici au fil de vos réponses."},
    "ui.chart_label": {"en": "Score per question", "fr": "Score par question"},
    "ui.download_links": {
        "en": "Download the report: [Markdown]({md}) · [HTML]({html}) · [PDF]({pdf})",
        "fr": "Télécharger le rapport : [Markdown]({md}) · [HTML]({html}) · [PDF]({pdf})",
    },
    "ui.delete": {"en": "Delete this session", "fr": "Supprimer cette session"},
    "ui.deleted": {
        "en": "Session deleted: its answers, scores, transcript and reports are gone.",
        "fr": "Session supprimée : ses réponses, scores, transcription et rapports sont effacés.",
    },
}
