"""The structured recruiter's own words. Variants rotate by turn so the conversation does not read like
a form. Question and probe texts come from the bank verbatim."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    "recruiter.greeting": {
        "en": [
            "Hello, and thank you for your time today. I'm Alex, technical recruiter for the {role} position. "
            "We'll go through {questions} {about}. Answer as you would in a real interview: explain your "
            "reasoning, give examples. I may ask a follow-up or two.",
        ],
        "fr": [
            "Bonjour et merci de votre temps. Je suis Alex, recruteur technique pour le poste de {role}. "
            "Nous allons parcourir {questions} {about}. Répondez comme en entretien réel\u00a0: expliquez "
            "votre raisonnement, donnez des exemples. Je poserai peut-être une ou deux relances.",
        ],
    },
    "recruiter.all_topics": {"en": "on the topics of the role", "fr": "sur les sujets du poste"},
    "recruiter.some_topics": {"en": "on {topics}", "fr": "sur ces thèmes\u00a0: {topics}"},
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
            "Très bien. Question {i} sur {n}, thème «\u00a0{topic}\u00a0»\u00a0:",
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
    # ---- replies to candidate turns that are not answers (none of them is scored) --------------
    "recruiter.clarify": {
        "en": ["Of course, let me put it another way.", "Sure, I'll rephrase."],
        "fr": ["Bien sûr, je reformule.", "Je vous le dis autrement."],
    },
    "recruiter.rephrase_parts": {"en": "There are {n} parts to it:", "fr": "La question a {n} parties\u00a0:"},
    "recruiter.rephrase_core": {"en": "What I would like to know: {ask}", "fr": "Ce que j'aimerais savoir\u00a0: {ask}"},
    "recruiter.rephrase_situation": {"en": "The situation: {context}", "fr": "La situation\u00a0: {context}"},
    "recruiter.rephrase_topic": {
        "en": "It is about {topic}; answer in your own words, with an example if you have one.",
        "fr": "Le sujet est {topic}\u00a0; répondez avec vos mots, avec un exemple si vous en avez un.",
    },
    "recruiter.repeat": {
        "en": ["Sure, here is the question again:"],
        "fr": ["Bien sûr, voici de nouveau la question\u00a0:"],
    },
    "recruiter.hint": {"en": ["Here is a hint:"], "fr": ["Voici un indice\u00a0:"]},
    "recruiter.hint_again": {
        "en": ["You already have every hint I have for this question. As a reminder:"],
        "fr": ["Vous avez déjà tous les indices que j'ai pour cette question. Pour rappel\u00a0:"],
    },
    "recruiter.hint_probe": {"en": "Think about this: {probe}", "fr": "Réfléchissez à ceci\u00a0: {probe}"},
    "recruiter.hint_criterion": {
        "en": "A strong answer also says something about {criterion}.",
        "fr": "Une réponse solide dit aussi quelque chose sur ce point\u00a0: {criterion}.",
    },
    "recruiter.dont_know": {
        "en": ["No problem, that happens. Would you like a hint? Say “yes” for a hint, or “no” and we will "
               "move on to the next question."],
        "fr": ["Pas de souci, cela arrive. Voulez-vous un indice\u00a0? Répondez «\u00a0oui\u00a0» pour un "
               "indice, ou «\u00a0non\u00a0» et nous passerons à la question suivante."],
    },
    "recruiter.after_dont_know": {
        "en": ["No problem, I have noted this one as not answered."],
        "fr": ["Pas de souci, je note cette question comme non traitée."],
    },
    "recruiter.after_skip": {"en": ["All right, we will skip that one."], "fr": ["Entendu, nous passons celle-ci."]},
    "recruiter.question_plain": {"en": ["Question {i} of {n} ({topic}):"], "fr": ["Question {i} sur {n} ({topic})\u00a0:"]},
    "recruiter.back_to_question": {"en": ["Now, back to the question:"], "fr": ["Revenons à la question\u00a0:"]},
    "recruiter.remaining": {
        "en": "We are on question {i} of {n}, so {left} more after this one.",
        "fr": "Nous en sommes à la question {i} sur {n}\u00a0: il en reste {left} après celle-ci.",
    },
    "recruiter.end_confirm": {
        "en": ["Do you want to end the interview now? Your answers so far are kept and the report will cover "
               "them. Reply “yes” to end, or “no” to continue."],
        "fr": ["Voulez-vous terminer l'entretien maintenant\u00a0? Vos réponses sont conservées et le rapport "
               "les couvrira. Répondez «\u00a0oui\u00a0» pour terminer, ou «\u00a0non\u00a0» pour continuer."],
    },
    "recruiter.closing_early": {
        "en": ["Understood, we will stop here. Thank you for your time. Your overall score on the questions you "
               "answered is {overall}/100, and your report is ready."],
        "fr": ["Entendu, nous nous arrêtons là. Merci pour votre temps. Votre score global sur les questions "
               "traitées est de {overall}/100, et votre rapport est prêt."],
    },
    "recruiter.other_greet": {"en": ["Hello! Whenever you are ready:"], "fr": ["Bonjour\u00a0! Quand vous voulez\u00a0:"]},
    "recruiter.other_thanks": {
        "en": ["You are welcome. Whenever you are ready:"], "fr": ["Je vous en prie. Quand vous voulez\u00a0:"],
    },
    "recruiter.other_think": {"en": ["Take your time, I am listening."], "fr": ["Prenez votre temps, je vous écoute."]},
    "recruiter.other_ready": {"en": ["Good. Here is the question:"], "fr": ["Parfait. Voici la question\u00a0:"]},
    "recruiter.other_no": {
        "en": ["Good, let us continue. Where we were:"], "fr": ["Très bien, continuons. Nous en étions là\u00a0:"],
    },
    "recruiter.other": {
        "en": ["I am not sure I followed. When you are ready, answer this:"],
        "fr": ["Je ne suis pas sûr d'avoir suivi. Quand vous voulez, répondez à ceci\u00a0:"],
    },
    # ---- the reader was unsure; replies that fit the answer just given ---------------------------
    "recruiter.answer_confirm": {
        "en": ["Shall I take that as your answer? Reply “yes” and I will score it, or “no” and the question "
               "stays open."],
        "fr": ["Je prends cela comme votre réponse\u00a0? Répondez «\u00a0oui\u00a0» et je l'évalue, ou "
               "«\u00a0non\u00a0» et la question reste ouverte."],
    },
    "recruiter.other_not_answer": {
        "en": ["All right, I have not counted it as an answer. The question is still open:"],
        "fr": ["Entendu, je ne l'ai pas compté comme une réponse. La question reste ouverte\u00a0:"],
    },
    "recruiter.off_topic": {
        "en": ["That seems to be about something other than the question, so I have not scored it. Here is "
               "the question again:"],
        "fr": ["Cela semble porter sur autre chose que la question, je ne l'ai donc pas évalué. La voici de "
               "nouveau\u00a0:"],
    },
    "recruiter.grader_only": {
        "en": ["Scores come from the rubric and the content of your answer only, so I have not scored that. "
               "The question is still open:"],
        "fr": ["Les scores viennent uniquement de la grille et du contenu de votre réponse, je n'ai donc pas "
               "évalué ce message. La question reste ouverte\u00a0:"],
    },
    "recruiter.note_grader": {
        "en": ["Scores come from the rubric and the content of your answer only."],
        "fr": ["Les scores viennent uniquement de la grille et du contenu de votre réponse."],
    },
    "recruiter.after_dont_know_probe": {
        "en": ["No problem, we will leave that follow-up there."],
        "fr": ["Pas de souci, restons-en là pour cette relance."],
    },
    "recruiter.probe_plain": {"en": ["A follow-up:"], "fr": ["Une relance\u00a0:"]},
}
