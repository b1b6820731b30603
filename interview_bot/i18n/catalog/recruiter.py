"""The structured recruiter's own words. Variants rotate by turn so the conversation does not read like
a form. Question and probe texts come from the bank verbatim."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    "recruiter.greeting": {
        "en": [
            "Hello, and thank you for your time today. I'm Alex, technical recruiter for the {role} position. "
            "We'll go through {questions} on {topics}. Answer as you would in a real interview: explain your "
            "reasoning, give examples. I may ask a follow-up or two. Ready?",
        ],
        "fr": [
            "Bonjour et merci de votre temps. Je suis Alex, recruteur technique pour le poste de {role}. "
            "Nous allons parcourir {questions} sur {topics}. Répondez comme en entretien réel\u00a0: expliquez "
            "votre raisonnement, donnez des exemples. Je poserai peut-être une ou deux relances. C'est parti\u00a0?",
        ],
    },
    "recruiter.all_topics": {"en": "the topics of the role", "fr": "les sujets du poste"},
    "recruiter.first_question": {
        "en": ["Let's start. Question {i} of {n} ({topic}):"],
        "fr": ["Commençons. Question {i} sur {n} ({topic})\u00a0:"],
    },
    "recruiter.next_question": {
        "en": [
            "Thank you. Let's move on. Question {i} of {n} ({topic}):",
            "Noted, thanks. Next one, question {i} of {n} ({topic}):",
            "All right. Question {i} of {n}, on {topic}:",
        ],
        "fr": [
            "Merci. Passons à la suite. Question {i} sur {n} ({topic})\u00a0:",
            "C'est noté, merci. Question suivante, {i} sur {n} ({topic})\u00a0:",
            "Très bien. Question {i} sur {n}, sur le thème {topic}\u00a0:",
        ],
    },
    "recruiter.probe": {
        "en": ["Let me dig a little deeper.", "Thanks. A follow-up on that:", "I'd like to hear more on one aspect."],
        "fr": ["Creusons un peu.", "Merci. Une relance sur ce point\u00a0:", "J'aimerais en savoir plus sur un aspect."],
    },
    "recruiter.closing": {
        "en": [
            "That was the last question, thank you. Your overall score is {overall}/100. Your feedback report "
            "is ready: it lists what you covered, what a strong answer adds, and what to study next."
        ],
        "fr": [
            "C'était la dernière question, merci. Votre score global est de {overall}/100. Votre rapport est "
            "prêt\u00a0: il indique ce que vous avez couvert, ce qu'une réponse solide ajoute et quoi réviser ensuite."
        ],
    },
    "recruiter.closing_unscored": {
        "en": [
            "Thank you, we'll stop here. No answer was scored, so there is no overall score this time; "
            "your report lists the questions and what a strong answer includes."
        ],
        "fr": [
            "Merci, nous nous arrêtons ici. Aucune réponse n'a été évaluée, il n'y a donc pas de score global "
            "cette fois\u00a0; votre rapport reprend les questions et ce que contient une réponse solide."
        ],
    },
    "recruiter.empty": {
        "en": ["I didn't get an answer. Take your time; here is the question again:"],
        "fr": ["Je n'ai pas reçu de réponse. Prenez votre temps\u00a0; voici de nouveau la question\u00a0:"],
    },
    "recruiter.llm_paused": {
        "en": "The language model is paused after failures (retrying in {seconds} s): offline recruiter.",
        "fr": "Le modèle de langage est en pause après des échecs (nouvel essai dans {seconds}\u00a0s)\u00a0: recruteur hors ligne.",
    },
    "recruiter.llm_failed": {
        "en": "The language model did not answer properly ({error}): the interview continues with the offline recruiter.",
        "fr": "Le modèle de langage n'a pas répondu correctement ({error})\u00a0: l'entretien continue avec le recruteur hors ligne.",
    },
}
