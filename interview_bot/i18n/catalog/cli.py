"""The terminal: the interview transcript, score lines and messages of ``interview-bot``."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    "cli.you": {"en": "You", "fr": "Vous"},
    "cli.recruiter": {"en": "Recruiter", "fr": "Recruteur"},
    "cli.prompt": {
        "en": "Your answer (finish with an empty line; /end to stop):",
        "fr": "Votre réponse (terminez par une ligne vide\u00a0; /end pour arrêter)\u00a0:",
    },
    "cli.score_line": {"en": "score {score}/100 · {covered}/{total} key points covered", "fr": "score {score}/100 · {covered}/{total} points clés couverts"},
    "cli.not_scored": {"en": "not scored", "fr": "non évalué"},
    "cli.resuming": {"en": "[resuming session {sid}]", "fr": "[reprise de la session {sid}]"},
    "cli.header": {"en": "[session {sid} — engine: {backend}]", "fr": "[session {sid} — moteur\u00a0: {backend}]"},
    "cli.exhausted": {
        "en": "[no answer left in the answers file: ending the interview]",
        "fr": "[plus de réponse dans le fichier\u00a0: fin de l'entretien]",
    },
    "cli.interrupted": {
        "en": "[interrupted — resume with: interview-bot interview --resume {sid}]",
        "fr": "[interrompu — reprenez avec\u00a0: interview-bot interview --resume {sid}]",
    },
    "cli.report_written": {"en": "Report written to {path}", "fr": "Rapport écrit dans {path}"},
    "cli.report_other_formats": {
        "en": "As HTML or PDF: interview-bot report {sid} --format html (or pdf)",
        "fr": "En HTML ou PDF\u00a0: interview-bot report {sid} --format html (ou pdf)",
    },
    "cli.col_id": {"en": "SESSION", "fr": "SESSION"},
    "cli.col_date": {"en": "DATE", "fr": "DATE"},
    "cli.col_status": {"en": "STATUS", "fr": "ÉTAT"},
    "cli.col_lang": {"en": "LANG", "fr": "LANGUE"},
    "cli.col_score": {"en": "SCORE", "fr": "SCORE"},
    "cli.no_sessions": {"en": "No session recorded yet.", "fr": "Aucune session enregistrée pour l'instant."},
    "cli.session_id": {"en": "Session id: {sid}", "fr": "Identifiant de session\u00a0: {sid}"},
    "cli.shortened": {"en": "[… {n} characters in all]", "fr": "[… {n} caractères en tout]"},
    "cli.resend": {
        "en": "Your answer was not sent. Shorten it and type it again.",
        "fr": "Votre réponse n'a pas été envoyée. Raccourcissez-la et saisissez-la de nouveau.",
    },
    "cli.candidate_token": {
        "en": "[your candidate token, private: pass --candidate {token} to link your next interviews to this one]",
        "fr": "[votre jeton de candidat, privé : passez --candidate {token} pour relier vos prochains entretiens à celui-ci]",
    },
}
