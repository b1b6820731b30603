"""The structured recruiter's own words, in French and English. Variants rotate by turn so the
conversation does not read like a form. Question and probe texts come from the bank verbatim."""

from __future__ import annotations

PHRASES: dict[str, dict[str, list[str]]] = {
    "greeting": {
        "en": [
            "Hello, and thank you for your time today. I'm Alex, technical recruiter for the Full Stack "
            "LLM Developer position. We'll go through {n} {questions} on {topics}. Answer as you would in a "
            "real interview: explain your reasoning, give examples. I may ask a follow-up or two. Ready?",
        ],
        "fr": [
            "Bonjour et merci de votre temps. Je suis Alex, recruteur technique pour le poste de "
            "Développeur Full Stack LLM. Nous allons parcourir {n} {questions} sur {topics}. Répondez comme "
            "en entretien réel : expliquez votre raisonnement, donnez des exemples. Je poserai peut-être "
            "une ou deux relances. C'est parti ?",
        ],
    },
    "first_question": {
        "en": ["Let's start. Question {i} of {n} ({topic}):"],
        "fr": ["Commençons. Question {i} sur {n} ({topic}) :"],
    },
    "next_question": {
        "en": [
            "Thank you. Let's move on. Question {i} of {n} ({topic}):",
            "Noted, thanks. Next one, question {i} of {n} ({topic}):",
            "All right. Question {i} of {n}, on {topic}:",
        ],
        "fr": [
            "Merci. Passons à la suite. Question {i} sur {n} ({topic}) :",
            "C'est noté, merci. Question suivante, {i} sur {n} ({topic}) :",
            "Très bien. Question {i} sur {n}, sur le thème {topic} :",
        ],
    },
    "probe": {
        "en": [
            "Let me dig a little deeper.",
            "Thanks. A follow-up on that:",
            "I'd like to hear more on one aspect.",
        ],
        "fr": [
            "Creusons un peu.",
            "Merci. Une relance sur ce point :",
            "J'aimerais en savoir plus sur un aspect.",
        ],
    },
    "closing": {
        "en": [
            "That was the last question, thank you. Your overall score is {overall}/100. Your feedback "
            "report is ready: it lists what you covered, what a strong answer adds, and what to study next."
        ],
        "fr": [
            "C'était la dernière question, merci. Votre score global est de {overall}/100. Votre rapport "
            "est prêt : il indique ce que vous avez couvert, ce qu'une réponse solide ajoute et quoi "
            "réviser ensuite."
        ],
    },
    "empty": {
        "en": ["I didn't get an answer. Take your time; here is the question again:"],
        "fr": ["Je n'ai pas reçu de réponse. Prenez votre temps ; voici de nouveau la question :"],
    },
}

TOPIC_NAMES: dict[str, dict[str, str]] = {
    "llm_basics": {"en": "LLM basics and the Transformer", "fr": "bases des LLM et Transformer"},
    "pretraining": {"en": "pre-training objectives", "fr": "objectifs de pré-entraînement"},
    "foundation_multimodal": {"en": "foundation and multimodal models", "fr": "modèles de fondation et multimodaux"},
    "langchain": {"en": "LangChain", "fr": "LangChain"},
    "semantic_kernel": {"en": "Semantic Kernel", "fr": "Semantic Kernel"},
    "llamaindex": {"en": "LlamaIndex", "fr": "LlamaIndex"},
    "fine_tuning": {"en": "fine-tuning", "fr": "fine-tuning"},
    "prompt_engineering": {"en": "prompt engineering", "fr": "prompt engineering"},
    "ethics_privacy": {"en": "ethics, bias and GDPR", "fr": "éthique, biais et RGPD"},
    "cost_latency": {"en": "cost and latency", "fr": "coût et latence"},
    "llm_apis": {"en": "LLM APIs", "fr": "API de LLM"},
    "applications": {"en": "LLM applications", "fr": "applications des LLM"},
    "rag": {"en": "RAG pipelines", "fr": "pipelines RAG"},
    "embeddings_vector_stores": {"en": "embeddings and vector stores", "fr": "embeddings et bases vectorielles"},
    "llm_evaluation": {"en": "evaluating LLM apps", "fr": "évaluation des applications LLM"},
    "streaming_backends": {"en": "streaming back ends", "fr": "back ends en streaming"},
    "chat_frontends": {"en": "chat front ends", "fr": "interfaces de chat"},
    "deployment_scaling": {"en": "deployment and scaling", "fr": "déploiement et montée en charge"},
    "caching": {"en": "caching", "fr": "mise en cache"},
    "security": {"en": "LLM security", "fr": "sécurité des LLM"},
    "observability": {"en": "observability", "fr": "observabilité"},
    "testing_llm_apps": {"en": "testing LLM apps", "fr": "tests des applications LLM"},
    "mcp": {"en": "Model Context Protocol (MCP)", "fr": "Model Context Protocol (MCP)"},
    "agents": {"en": "agent design", "fr": "conception d'agents"},
    "guardrails": {"en": "guardrails and moderation", "fr": "garde-fous et modération"},
    "ai_regulation": {"en": "AI regulation, sovereignty and licences", "fr": "réglementation de l'IA, souveraineté et licences"},
    "code_reading": {"en": "code reading", "fr": "lecture de code"},
    "behavioral": {"en": "your experience", "fr": "votre expérience"},
}


def topic_name(topic: str, lang: str) -> str:
    return TOPIC_NAMES.get(topic, {}).get(lang, topic.replace("_", " "))


def phrase(kind: str, lang: str, turn: int = 0, **values: object) -> str:
    variants = PHRASES[kind][lang]
    # str.format on our own constant templates only; values are inserted, never re-formatted.
    return variants[turn % len(variants)].format(**values)
