"""The web page: every label, button, hint and message the Gradio app shows."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    "ui.title": {"en": "Mock interview — {role}", "fr": "Entretien blanc — {role}"},
    "ui.role_example": {
        "en": "This is an example role: edit role/profile.yaml to describe yours.",
        "fr": "Ce poste est un exemple\u00a0: modifiez role/profile.yaml pour décrire le vôtre.",
    },
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
    "ui.topics": {"en": "Topics", "fr": "Thèmes"},
    "ui.topics_hint": {
        "en": "None ticked: every technical topic. “Your experience” (behavioural questions) only when ticked.",
        "fr": "Aucun coché\u00a0: tous les thèmes techniques. «\u00a0Votre expérience\u00a0» (questions comportementales) seulement si coché.",
    },
    "ui.sessions": {"en": "My past sessions / resume", "fr": "Mes sessions passées / reprendre"},
    "ui.status_active": {"en": "in progress", "fr": "en cours"},
    "ui.status_finished": {"en": "finished", "fr": "terminé"},
    "ui.resume_id": {
        "en": "Resume code (private: whoever has it can open, answer and delete this interview; "
              "paste it here in another browser to continue)",
        "fr": "Code de reprise (privé\u00a0: qui le détient peut ouvrir, poursuivre et supprimer cet entretien\u00a0; "
              "collez-le ici dans un autre navigateur pour continuer)",
    },
    "ui.resume": {"en": "Resume", "fr": "Reprendre"},
    "ui.chat": {"en": "Interview", "fr": "Entretien"},
    "ui.answer": {"en": "Your answer", "fr": "Votre réponse"},
    "ui.placeholder": {
        "en": "Type your answer. Enter sends it, Shift+Enter starts a new line (at most {limit} characters).",
        "fr": "Tapez votre réponse. Entrée l'envoie, Maj+Entrée passe à la ligne ({limit} caractères au plus).",
    },
    "ui.placeholder_touch": {
        "en": "Type your answer, then tap Send answer (at most {limit} characters).",
        "fr": "Tapez votre réponse, puis touchez Envoyer la réponse ({limit} caractères au plus).",
    },
    "ui.placeholder_idle": {
        "en": "Start an interview to answer here.",
        "fr": "Commencez un entretien pour répondre ici.",
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
    "ui.confirm_start": {
        "en": "An interview is in progress. Continue it, or end it and start a new one? (The one in progress keeps its report.)",
        "fr": "Un entretien est en cours. Le poursuivre, ou le terminer et en commencer un nouveau\u00a0? (Celui en cours garde son rapport.)",
    },
    "ui.start_keep": {"en": "Continue this interview", "fr": "Poursuivre cet entretien"},
    "ui.start_new": {"en": "End it and start a new one", "fr": "Le terminer et en commencer un nouveau"},
    "ui.moved_on": {
        "en": "This interview moved on in another tab: your answer was not sent and is still in the box. "
              "Show the latest question, then send it again if it still fits.",
        "fr": "Cet entretien a avancé dans un autre onglet\u00a0: votre réponse n'a pas été envoyée et reste dans "
              "la zone de saisie. Affichez la dernière question, puis renvoyez-la si elle convient toujours.",
    },
    "ui.refresh": {"en": "Show the latest question", "fr": "Afficher la dernière question"},
    "ui.pick_session": {
        "en": "Pick a session in the list, or paste a session id, then Resume.",
        "fr": "Choisissez une session dans la liste, ou collez son identifiant, puis Reprendre.",
    },
    "ui.no_sessions": {
        "en": "The interviews started in this browser, newest first.",
        "fr": "Les entretiens commencés dans ce navigateur, du plus récent au plus ancien.",
    },
    "ui.toast_warning": {"en": "Warning", "fr": "Attention"},
    "ui.toast_info": {"en": "Note", "fr": "À noter"},
    # ---- Gradio's own accessible names, said in the page's language (webui/assets.py) -------------
    "ui.aria_copy": {"en": "Copy message", "fr": "Copier le message"},
    "ui.aria_copied": {"en": "Message copied", "fr": "Message copié"},
    "ui.aria_clear": {"en": "Clear the conversation shown", "fr": "Effacer la conversation affichée"},
    "ui.aria_chat_log": {"en": "Interview conversation", "fr": "Conversation de l'entretien"},
    "ui.aria_footer": {"en": "Page footer", "fr": "Pied de page"},
    "ui.aria_done": {"en": "Page updated", "fr": "Page mise à jour"},
    "ui.aria_queue": {"en": "Waiting: {position} of {size} in the queue",
                      "fr": "En attente\u00a0: {position} sur {size} dans la file"},
    "ui.aria_error": {"en": "Something went wrong", "fr": "Un problème est survenu"},
    "ui.aria_close": {"en": "Close", "fr": "Fermer"},
    "ui.aria_loading": {"en": "Loading", "fr": "Chargement"},
    "ui.aria_scroll": {"en": "Scroll to the latest message", "fr": "Aller au dernier message"},
    "ui.aria_fullscreen": {"en": "Full screen", "fr": "Plein écran"},
    "ui.aria_dropdown": {"en": "Open the list", "fr": "Ouvrir la liste"},
    "ui.footer_api": {"en": "Use via API", "fr": "Utiliser via l'API"},
    "ui.aria_number": {"en": "Type a number: {label}", "fr": "Saisir un nombre\u00a0: {label}"},
    "ui.aria_bot_message": {"en": "Recruiter: {label}", "fr": "Recruteur\u00a0: {label}"},
    "ui.aria_user_message": {"en": "You: {label}", "fr": "Vous\u00a0: {label}"},
    "ui.aria_range": {"en": "Slider: {label}", "fr": "Curseur\u00a0: {label}"},
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
