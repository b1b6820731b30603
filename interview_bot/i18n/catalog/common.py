"""Shared words: topic names, score flags, plurals, errors raised by the engine."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    # ---- topics (an id the catalog does not name is shown with spaces instead of "_") -------------
    "topic.llm_basics": {"en": "LLM basics and the Transformer", "fr": "bases des LLM et Transformer"},
    "topic.pretraining": {"en": "pre-training objectives", "fr": "objectifs de pré-entraînement"},
    "topic.foundation_multimodal": {"en": "foundation and multimodal models", "fr": "modèles de fondation et multimodaux"},
    "topic.langchain": {"en": "LangChain", "fr": "LangChain"},
    "topic.semantic_kernel": {"en": "Semantic Kernel", "fr": "Semantic Kernel"},
    "topic.llamaindex": {"en": "LlamaIndex", "fr": "LlamaIndex"},
    "topic.fine_tuning": {"en": "fine-tuning", "fr": "fine-tuning"},
    "topic.prompt_engineering": {"en": "prompt engineering", "fr": "prompt engineering"},
    "topic.ethics_privacy": {"en": "ethics, bias and GDPR", "fr": "éthique, biais et RGPD"},
    "topic.cost_latency": {"en": "cost and latency", "fr": "coût et latence"},
    "topic.llm_apis": {"en": "LLM APIs", "fr": "API de LLM"},
    "topic.applications": {"en": "LLM applications", "fr": "applications des LLM"},
    "topic.rag": {"en": "RAG pipelines", "fr": "pipelines RAG"},
    "topic.embeddings_vector_stores": {"en": "embeddings and vector stores", "fr": "embeddings et bases vectorielles"},
    "topic.llm_evaluation": {"en": "evaluating LLM apps", "fr": "évaluation des applications LLM"},
    "topic.streaming_backends": {"en": "streaming back ends", "fr": "back ends en streaming"},
    "topic.chat_frontends": {"en": "chat front ends", "fr": "interfaces de chat"},
    "topic.deployment_scaling": {"en": "deployment and scaling", "fr": "déploiement et montée en charge"},
    "topic.caching": {"en": "caching", "fr": "mise en cache"},
    "topic.security": {"en": "LLM security", "fr": "sécurité des LLM"},
    "topic.observability": {"en": "observability", "fr": "observabilité"},
    "topic.testing_llm_apps": {"en": "testing LLM apps", "fr": "tests des applications LLM"},
    "topic.behavioral": {"en": "your experience", "fr": "votre expérience"},
    "topic.mcp": {"en": "Model Context Protocol (MCP)", "fr": "Model Context Protocol (MCP)"},
    "topic.agents": {"en": "agent design", "fr": "conception d'agents"},
    "topic.guardrails": {"en": "guardrails and moderation", "fr": "garde-fous et modération"},
    "topic.ai_regulation": {"en": "AI regulation, sovereignty and licences", "fr": "réglementation de l'IA, souveraineté et licences"},
    "topic.code_reading": {"en": "code reading", "fr": "lecture de code"},
    "topic.system_design": {"en": "system design with numbers", "fr": "conception de systèmes chiffrée"},
    "topic.debugging": {"en": "debugging LLM systems", "fr": "débogage de systèmes LLM"},
    "topic.cost_estimation": {"en": "cost estimation", "fr": "estimation des coûts"},
    "topic.code_writing": {"en": "writing code", "fr": "écriture de code"},
    "topic.prompt_review": {"en": "prompt review", "fr": "revue de prompts"},
    "topic.speech_audio": {"en": "speech and transcription", "fr": "parole et transcription"},
    "topic.content_generation": {"en": "content generation", "fr": "génération de contenu"},
    "topic.open_weight_models": {"en": "open-weight models", "fr": "modèles ouverts"},
    "topic.bias_fairness": {"en": "bias and fairness", "fr": "biais et équité"},
    "topic.agent_framework": {"en": "Microsoft Agent Framework", "fr": "Microsoft Agent Framework"},
    "topic.typescript_fullstack": {"en": "TypeScript side of full stack", "fr": "TypeScript côté full stack"},
    # ---- plurals (used with tn) ---------------------------------------------------------------
    "common.questions.one": {"en": "{n} question", "fr": "{n} question"},
    "common.questions.other": {"en": "{n} questions", "fr": "{n} questions"},
    "common.not_scored": {"en": "not scored", "fr": "non évalué"},
    # how sure the scorer is of a score, in words (thresholds in report/markdown.py ``certainty``)
    "certainty.high": {"en": "high", "fr": "élevée"},
    "certainty.mid": {"en": "medium", "fr": "moyenne"},
    "certainty.low": {"en": "low", "fr": "faible"},
    # ---- what the scorer noticed about an answer -----------------------------------------------
    "flag.empty": {"en": "No answer given.", "fr": "Aucune réponse donnée."},
    "flag.too_short": {"en": "Very short answer: little to score.", "fr": "Réponse très courte\u00a0: peu d'éléments à évaluer."},
    "flag.addresses_grader": {
        "en": "Part of the answer addressed the grader instead of the question; it was ignored.",
        "fr": "Une partie de la réponse s'adressait au correcteur plutôt qu'à la question\u00a0; elle a été ignorée.",
    },
    "flag.keyword_stuffing": {
        "en": "Keywords without explanation: terms alone earn little.",
        "fr": "Mots-clés sans explication\u00a0: des termes seuls rapportent peu.",
    },
    "flag.copies_question": {"en": "The answer mostly repeats the question.", "fr": "La réponse reprend surtout la question."},
    "flag.gibberish": {"en": "The answer is not readable text.", "fr": "La réponse n'est pas un texte lisible."},
    "flag.incoherent": {
        "en": "The words do not form sentences (shuffled or pasted fragments).",
        "fr": "Les mots ne forment pas de phrases (mélangés ou fragments collés).",
    },
    "flag.other_language": {
        "en": "Answered in the other language; scored against that language's key points.",
        "fr": "Réponse dans l'autre langue\u00a0; évaluée avec les points clés de cette langue.",
    },
    "flag.off_topic": {"en": "The answer does not address the question.", "fr": "La réponse ne traite pas la question."},
    "flag.llm_disagreement": {
        "en": "The LLM judge and the offline scorer disagree strongly: treat this score with care.",
        "fr": "Le juge LLM et le correcteur hors ligne divergent fortement\u00a0: score à prendre avec prudence.",
    },
    "flag.llm_unscored": {
        "en": "The LLM judge gave no usable verdict; the offline score is shown.",
        "fr": "Le juge LLM n'a pas rendu de verdict exploitable\u00a0; le score hors ligne est affiché.",
    },
    "flag.llm_invalid_quote": {
        "en": "The LLM judge cited text that is not in the answer; that evidence was discarded.",
        "fr": "Le juge LLM a cité un texte absent de la réponse\u00a0; cette preuve a été écartée.",
    },
    # ---- errors and notices from the interview itself ------------------------------------------
    "error.finished": {
        "en": "This interview is finished: open its report, or start a new interview to practise again.",
        "fr": "Cet entretien est terminé\u00a0: ouvrez son rapport, ou commencez un nouvel entretien pour vous entraîner à nouveau.",
    },
    "error.too_long": {
        "en": "Your answer is {length} characters; the limit is {limit}. Shorten it and send it again.",
        "fr": "Votre réponse fait {length} caractères\u00a0; la limite est de {limit}. Raccourcissez-la puis renvoyez-la.",
    },
    "error.unknown_topics": {
        "en": "Unknown topic(s): {unknown}. Valid topics: {valid}.",
        "fr": "Thème(s) inconnu(s)\u00a0: {unknown}. Thèmes valides\u00a0: {valid}.",
    },
    "error.no_question": {
        "en": "No question matches these topics. Valid topics: {valid}.",
        "fr": "Aucune question ne correspond à ces thèmes. Thèmes valides\u00a0: {valid}.",
    },
    "notice.fewer_questions": {
        "en": "Only {n} questions match these topics; the interview will have {n}.",
        "fr": "Seules {n} questions correspondent à ces thèmes\u00a0; l'entretien en comptera {n}.",
    },
    "error.moved_on": {
        "en": "This interview moved on in another tab or window: reload it to see the latest question "
              "(your text was not recorded; copy it before reloading).",
        "fr": "Cet entretien a avancé dans un autre onglet ou une autre fenêtre : rechargez-le pour voir la "
              "dernière question (votre texte n'a pas été enregistré ; copiez-le avant de recharger).",
    },
    "error.moved_on_after": {
        "en": "Your answer was recorded, but this interview moved on in another tab or window meanwhile: "
              "reload it to see the latest question.",
        "fr": "Votre réponse est enregistrée, mais cet entretien a avancé entre-temps dans un autre onglet ou "
              "une autre fenêtre : rechargez-le pour voir la dernière question.",
    },
    "error.resume_code": {
        "en": "This is not a resume code of a session on this server (a session id alone opens nothing). "
              "Paste the resume code shown under “My past sessions” in the browser that started the interview.",
        "fr": "Ceci n'est pas un code de reprise d'une session de ce serveur (un identifiant seul n'ouvre rien). "
              "Collez le code de reprise affiché sous «\u00a0Mes sessions passées\u00a0» dans le navigateur qui a "
              "commencé l'entretien.",
    },
    "error.rate_limited": {
        "en": "Too many requests from your connection: wait {seconds} s and send again (your text is kept).",
        "fr": "Trop de requêtes depuis votre connexion : attendez {seconds} s puis renvoyez (votre texte est conservé).",
    },
}
