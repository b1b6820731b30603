"""Error messages raised with a key (``InputError("error.bad_sid", value=...)``, see interview_bot/errors.py)
and rendered in the reader's language by the page, the API or the CLI. Values that echo input are
bounded by ``errors.shown`` where they come from a person."""

from __future__ import annotations

NB = "\u00a0"

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    # ---- sessions ----------------------------------------------------------------------------------------
    "error.bad_sid": {
        "en": "'{value}' is not a session id (32 characters, 0-9 and a-f). "
              "Copy it from the session list or start a new interview.",
        "fr": f"«{NB}{{value}}{NB}» n'est pas un identifiant de session (32 caractères, 0-9 et a-f). "
              "Copiez-le depuis la liste des sessions ou commencez un nouvel entretien.",
    },
    "error.no_session": {
        "en": "No interview session '{sid}'. Start a new one or list them with: interview-bot sessions",
        "fr": f"Aucune session d'entretien «{NB}{{sid}}{NB}». Commencez-en une nouvelle ou listez-les avec{NB}: "
              "interview-bot sessions",
    },
    "error.no_session_in": {
        "en": "{message} (database: {database})",
        "fr": f"{{message}} (base de données{NB}: {{database}})",
    },
    "error.bad_options": {
        "en": "Invalid interview options: {problems}.",
        "fr": f"Options d'entretien non valides{NB}: {{problems}}.",
    },
    "error.no_open_question": {
        "en": "This interview has no open question. Open its report or start a new one.",
        "fr": "Cet entretien n'a plus de question ouverte. Ouvrez son rapport ou commencez-en un nouveau.",
    },
    "error.candidate_token": {
        "en": "This candidate token was not issued by this app (it is the value returned as 'candidate_token' by "
              "an earlier interview). Leave it empty to get a new one.",
        "fr": f"Ce jeton de candidat n'a pas été émis par cette application (c'est la valeur renvoyée comme "
              f"«{NB}candidate_token{NB}» par un entretien précédent). Laissez-le vide pour en obtenir un nouveau.",
    },
    "error.report_format": {
        "en": "Unknown report format '{fmt}': use {formats}.",
        "fr": f"Format de rapport inconnu «{NB}{{fmt}}{NB}»{NB}: utilisez {{formats}}.",
    },
    # ---- report downloads (signed links, web.py) ------------------------------------------------------------
    "error.link_expired": {
        "en": "This download link has expired: open the report again on the page (or ask /report_url).",
        "fr": f"Ce lien de téléchargement a expiré{NB}: rouvrez le rapport sur la page (ou demandez /report_url).",
    },
    "error.no_report": {
        "en": "No such report: the link is wrong, or the session does not exist (or was deleted).",
        "fr": f"Rapport introuvable{NB}: le lien est erroné, ou la session n'existe pas (ou a été supprimée).",
    },
    "error.reports_busy": {
        "en": "Too many reports are being rendered: try again in a minute.",
        "fr": f"Trop de rapports sont en cours de préparation{NB}: réessayez dans une minute.",
    },
    # ---- requests the server refuses before the app reads them (web.py Gate) ----------------------------------
    "error.unknown_host": {
        "en": "Unknown host: add it to INTERVIEW_BOT_ALLOWED_HOSTS to serve it.",
        "fr": f"Hôte inconnu{NB}: ajoutez-le à INTERVIEW_BOT_ALLOWED_HOSTS pour le servir.",
    },
    "error.cross_origin": {
        "en": "Cross-origin requests are refused.",
        "fr": "Les requêtes d'une autre origine sont refusées.",
    },
    "error.no_uploads": {
        "en": "This app takes no file uploads.",
        "fr": "Cette application n'accepte aucun envoi de fichier.",
    },
    "error.body_too_large": {
        "en": "Request body too large: at most {limit} bytes.",
        "fr": f"Corps de requête trop volumineux{NB}: {{limit}} octets au plus.",
    },
    # ---- the HTTP API's parameters -------------------------------------------------------------------------
    "error.api_language": {
        "en": "language must be 'fr' or 'en'",
        "fr": f"language doit valoir «{NB}fr{NB}» ou «{NB}en{NB}»",
    },
    "error.api_topics_chars": {
        "en": "topics: at most {limit} characters",
        "fr": f"topics{NB}: {{limit}} caractères au plus",
    },
    "error.api_topic_id": {
        "en": "topics: a topic id has at most {limit} characters ('{value}' is longer)",
        "fr": f"topics{NB}: un identifiant de thème a {{limit}} caractères au plus («{NB}{{value}}{NB}» est plus long)",
    },
    "error.api_fmt": {
        "en": "fmt must be md, html or pdf",
        "fr": "fmt doit valoir md, html ou pdf",
    },
    "error.bad_settings": {
        "en": "Invalid settings:\n{problems}",
        "fr": f"Réglages non valides{NB}:\n{{problems}}",
    },
    # ---- the role profile and shared deployments --------------------------------------------------------
    "error.profile_unreadable": {
        "en": "Role profile {path}: cannot read it ({reason}). Set INTERVIEW_BOT_ROLE_PROFILE to an existing YAML file.",
        "fr": f"Profil de poste {{path}}{NB}: lecture impossible ({{reason}}). Indiquez dans INTERVIEW_BOT_ROLE_PROFILE "
              "un fichier YAML existant.",
    },
    "error.profile_invalid": {
        "en": "Role profile problems:\n{problems}",
        "fr": f"Problèmes dans le profil de poste{NB}:\n{{problems}}",
    },
    "error.shared_secret": {
        "en": "INTERVIEW_BOT_SESSION_SECRET is not set, and the database is shared (INTERVIEW_BOT_DATABASE_URL): "
              "every replica would make its own secret and browsers would lose their sessions when served by "
              "another one. Set the same INTERVIEW_BOT_SESSION_SECRET on every replica, e.g. the output of: "
              "{command}",
        "fr": f"INTERVIEW_BOT_SESSION_SECRET n'est pas défini alors que la base de données est partagée "
              f"(INTERVIEW_BOT_DATABASE_URL){NB}: chaque réplique créerait son propre secret et les navigateurs "
              "perdraient leurs sessions en passant de l'une à l'autre. Donnez la même valeur à "
              f"INTERVIEW_BOT_SESSION_SECRET sur chaque réplique, par exemple la sortie de{NB}: {{command}}",
    },
    # ---- the CLI -------------------------------------------------------------------------------------------
    "error.no_database": {
        "en": "No database at {path}: no interview was recorded with this data directory. "
              "Pass --data-dir (or set INTERVIEW_BOT_DATA_DIR) to the directory you used.",
        "fr": f"Aucune base de données dans {{path}}{NB}: aucun entretien n'a été enregistré avec ce répertoire de "
              "données. Passez --data-dir (ou définissez INTERVIEW_BOT_DATA_DIR) avec le répertoire utilisé.",
    },
    "error.nothing_to_purge": {
        "en": "Nothing to purge by: set INTERVIEW_BOT_RETENTION_DAYS or pass --older-than-days N.",
        "fr": f"Aucune durée de conservation{NB}: définissez INTERVIEW_BOT_RETENTION_DAYS ou passez --older-than-days N.",
    },
    "error.answer_too_long": {
        "en": "Answer is {length} characters; the limit is {limit}.",
        "fr": f"La réponse fait {{length}} caractères{NB}; la limite est de {{limit}}.",
    },
    "error.answer_empty": {
        "en": "The answer is empty: pass the text with --answer (or --answer - to read stdin).",
        "fr": f"La réponse est vide{NB}: passez le texte avec --answer (ou --answer - pour lire l'entrée standard).",
    },
    "error.cannot_read": {
        "en": "Cannot read {path}: {reason}",
        "fr": f"Impossible de lire {{path}}{NB}: {{reason}}",
    },
    "error.cannot_read_turns": {
        "en": "Cannot read labelled turns {path}: {reason}",
        "fr": f"Impossible de lire les tours annotés {{path}}{NB}: {{reason}}",
    },
    "error.cannot_read_answers": {
        "en": "Cannot read answers file {path}: {reason}",
        "fr": f"Impossible de lire le fichier de réponses {{path}}{NB}: {{reason}}",
    },
    "error.cannot_write_predictions": {
        "en": "Cannot write predictions to {path}: {reason}",
        "fr": f"Impossible d'écrire les prédictions dans {{path}}{NB}: {{reason}}",
    },
    "error.bad_line": {
        "en": "{where}: {field}: {problem}",
        "fr": f"{{where}}{NB}: {{field}}{NB}: {{problem}}",
    },
    "error.no_labelled_turn": {
        "en": "{path} holds no labelled turn.",
        "fr": "{path} ne contient aucun tour annoté.",
    },
    # ---- bank authoring (interview-bot bank …) ---------------------------------------------------------------
    "error.missing_flag": {
        "en": "missing --{name} ({label}); pass it as a flag (no prompting with --yes or without a terminal)",
        "fr": f"--{{name}} manquant ({{label}}){NB}; passez-le en option (aucune question n'est posée avec --yes "
              "ou sans terminal)",
    },
    "error.bad_pair": {
        "en": "--{what} '{value}': expected 'criterion:English text|French text'",
        "fr": f"--{{what}} «{NB}{{value}}{NB}»{NB}: forme attendue «{NB}critère{NB}: texte anglais | texte français{NB}»",
    },
    "error.bad_topic_id": {
        "en": "topic '{topic}' must be lowercase letters, digits, '_', '.', '-' (e.g. rag)",
        "fr": f"le thème «{NB}{{topic}}{NB}» ne doit contenir que des minuscules, des chiffres, _, . et - (par ex. rag)",
    },
    "error.unknown_rubric": {
        "en": "rubric '{rubric}' does not exist. Known rubrics: {known}",
        "fr": f"la grille «{NB}{{rubric}}{NB}» n'existe pas. Grilles connues{NB}: {{known}}",
    },
    "error.bad_difficulty": {
        "en": "difficulty must be 1, 2 or 3 (got '{value}')",
        "fr": f"la difficulté doit valoir 1, 2 ou 3 (reçu{NB}: «{NB}{{value}}{NB}»)",
    },
    "error.question_exists": {
        "en": "question id '{qid}' already exists ({origin}); choose another with --id",
        "fr": f"l'identifiant de question «{NB}{{qid}}{NB}» existe déjà ({{origin}}){NB}; choisissez-en un autre avec --id",
    },
    "error.question_invalid": {
        "en": "The question is not valid:\n{problems}",
        "fr": f"La question n'est pas valide{NB}:\n{{problems}}",
    },
    "error.criteria_not_in_rubric": {
        "en": "criteria {bad} are not in rubric '{rubric}' ({known})",
        "fr": f"les critères {{bad}} ne sont pas dans la grille «{NB}{{rubric}}{NB}» ({{known}})",
    },
    "error.file_exists": {
        "en": "{path} already exists; it was not changed. Choose another --id.",
        "fr": f"{{path}} existe déjà{NB}; il n'a pas été modifié. Choisissez un autre --id.",
    },
    "error.written_invalid": {
        "en": "The written file did not validate (removed):\n{problems}",
        "fr": f"Le fichier écrit n'est pas valide (supprimé){NB}:\n{{problems}}",
    },
    "error.unknown_question": {
        "en": "Unknown question id '{qid}'. List the ids with: interview-bot bank list",
        "fr": f"Identifiant de question inconnu «{NB}{{qid}}{NB}». Listez les identifiants avec{NB}: interview-bot bank list",
    },
    # ---- scorer evaluation (interview-bot eval) --------------------------------------------------------------
    "error.unknown_labelled_questions": {
        "en": "Unknown question ids in the labelled set: {ids}",
        "fr": f"Identifiants de question inconnus dans le jeu annoté{NB}: {{ids}}",
    },
    "error.bad_fit_split": {
        "en": "--fit-split '{split}': no answer has that split (splits: {splits})",
        "fr": f"--fit-split «{NB}{{split}}{NB}»{NB}: aucune réponse n'a cette partition (partitions{NB}: {{splits}})",
    },
    "error.judge_needs_llm": {
        "en": "--judge needs an LLM backend: set --backend and --model (and --base-url or a key).",
        "fr": f"--judge demande un moteur LLM{NB}: indiquez --backend et --model (et --base-url ou une clé).",
    },
    "error.bank_has_errors": {
        "en": "The bank has errors:\n{problems}",
        "fr": f"La banque contient des erreurs{NB}:\n{{problems}}",
    },
    "error.no_labelled_answers": {
        "en": "No labelled answers: pass --answers FILE.jsonl",
        "fr": f"Aucune réponse annotée{NB}: passez --answers FICHIER.jsonl",
    },
    "error.too_few_labelled": {
        "en": "At least 3 labelled answers are needed to measure agreement.",
        "fr": "Il faut au moins 3 réponses annotées pour mesurer l'accord.",
    },
    "error.bad_pair_labels": {
        "en": "--pair takes two labels separated by a comma, e.g. --pair correct,contradictory",
        "fr": "--pair prend deux étiquettes séparées par une virgule, par ex. --pair correct,contradictory",
    },
}
