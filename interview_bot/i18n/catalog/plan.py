"""The study plan: per gap, what to read, what to build, which question to retry, what to practise.
``plan.build.<topic>`` is a small project that exercises the topic (our own words, not the key points)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    "plan.read": {"en": "Read", "fr": "À lire"},
    "plan.build": {"en": "Build", "fr": "À construire"},
    "plan.retry": {"en": "Retry", "fr": "À retenter"},
    "plan.practise": {"en": "Practise", "fr": "À travailler"},
    "plan.retry_text": {
        "en": "{question} — this time, make sure to cover {points}.",
        "fr": "{question} — cette fois, pensez à couvrir {points}.",
    },
    "plan.retry_more": {"en": "more of the key points", "fr": "davantage de points clés"},
    "plan.build_generic": {
        "en": "A one-page note on {topic}: the idea in two sentences, one diagram, one trade-off, one pitfall you have seen or read about.",
        "fr": "Une note d'une page sur le thème «\u00a0{topic}\u00a0»\u00a0: l'idée en deux phrases, un schéma, un compromis, un piège rencontré ou lu.",
    },
    # ---- per rubric criterion: how to answer better, whatever the topic ---------------------------
    "plan.practise.accuracy": {
        "en": "Check each definition you gave against the reading; say what a term is before what it does.",
        "fr": "Vérifiez chaque définition donnée avec les lectures\u00a0; dites ce qu'est un terme avant ce qu'il fait.",
    },
    "plan.practise.depth": {
        "en": "Explain the mechanism behind each claim (how and why), then one limit or trade-off.",
        "fr": "Expliquez le mécanisme derrière chaque affirmation (comment et pourquoi), puis une limite ou un compromis.",
    },
    "plan.practise.practice": {
        "en": "Tie each answer to a system: what you would choose, what it costs, how you would know it works.",
        "fr": "Reliez chaque réponse à un système\u00a0: ce que vous choisiriez, ce que cela coûte, comment vérifier que cela marche.",
    },
    "plan.practise.communication": {
        "en": "Answer in three moves: a one-sentence answer, the explanation, a concrete example.",
        "fr": "Répondez en trois temps\u00a0: une phrase de réponse, l'explication, un exemple concret.",
    },
    "plan.practise.situation": {
        "en": "Set the scene in two sentences: the team, the goal, what was at stake.",
        "fr": "Posez le contexte en deux phrases\u00a0: l'équipe, l'objectif, l'enjeu.",
    },
    "plan.practise.action": {
        "en": "Say what you did yourself (I, not we), and why you chose it over an alternative.",
        "fr": "Dites ce que vous avez fait vous-même (je, pas nous) et pourquoi ce choix plutôt qu'un autre.",
    },
    "plan.practise.result": {
        "en": "End with a measurable result: a number, a date, a before and after.",
        "fr": "Terminez par un résultat mesurable\u00a0: un chiffre, une date, un avant-après.",
    },
    "plan.practise.reflection": {
        "en": "Add what you learned and what you would do differently next time.",
        "fr": "Ajoutez ce que vous en avez appris et ce que vous feriez autrement la prochaine fois.",
    },
    # ---- per topic: a small project --------------------------------------------------------------
    "plan.build.llm_basics": {
        "en": "Tokenise three sentences with a real tokenizer, count the tokens, and explain how the model picks the next one (temperature 0 vs 1).",
        "fr": "Découpez trois phrases avec un vrai tokenizer, comptez les tokens et expliquez comment le modèle choisit le suivant (température 0 ou 1).",
    },
    "plan.build.pretraining": {
        "en": "Write a masked-word and a next-word example from the same sentence; say which model family learns from each and what it is then good at.",
        "fr": "Tirez d'une même phrase un exemple de mot masqué et un de mot suivant\u00a0; dites quelle famille de modèles apprend de chacun et ce qu'elle sait alors bien faire.",
    },
    "plan.build.foundation_multimodal": {
        "en": "Use an image-text embedding model to search ten of your photos by a sentence; note where it fails.",
        "fr": "Utilisez un modèle d'embeddings image-texte pour chercher dix de vos photos à partir d'une phrase\u00a0; notez où il échoue.",
    },
    "plan.build.langchain": {
        "en": "A LangChain chain prompt | model | parser with a fake chat model in a test, then swap in a real model by configuration only.",
        "fr": "Une chaîne LangChain prompt | modèle | parseur testée avec un faux modèle de chat, puis un vrai modèle branché par simple configuration.",
    },
    "plan.build.semantic_kernel": {
        "en": "A Semantic Kernel app with one native function exposed as a tool; log when the model decides to call it.",
        "fr": "Une application Semantic Kernel avec une fonction native exposée comme outil\u00a0; journalisez quand le modèle décide de l'appeler.",
    },
    "plan.build.llamaindex": {
        "en": "Index a folder of documents with LlamaIndex, ask five questions, and print which chunks each answer used.",
        "fr": "Indexez un dossier de documents avec LlamaIndex, posez cinq questions et affichez les morceaux utilisés par chaque réponse.",
    },
    "plan.build.fine_tuning": {
        "en": "Write down one task where you would fine-tune and one where RAG or a better prompt suffices; for the first, sketch the data set and the evaluation.",
        "fr": "Notez une tâche où vous feriez du fine-tuning et une où le RAG ou un meilleur prompt suffit\u00a0; pour la première, esquissez le jeu de données et l'évaluation.",
    },
    "plan.build.prompt_engineering": {
        "en": "Take one prompt, write three variants (instructions, examples, output format) and compare them on ten fixed inputs.",
        "fr": "Prenez un prompt, écrivez trois variantes (consignes, exemples, format de sortie) et comparez-les sur dix entrées fixes.",
    },
    "plan.build.ethics_privacy": {
        "en": "List the personal data a chatbot of yours could see, and add a redaction step before any call to a remote model.",
        "fr": "Listez les données personnelles qu'un de vos chatbots pourrait voir et ajoutez une étape d'anonymisation avant tout appel à un modèle distant.",
    },
    "plan.build.cost_latency": {
        "en": "Measure tokens, cost and time to first token for one feature; then try a smaller model and a cache and compare.",
        "fr": "Mesurez tokens, coût et temps jusqu'au premier token d'une fonctionnalité\u00a0; essayez ensuite un modèle plus petit et un cache, et comparez.",
    },
    "plan.build.llm_apis": {
        "en": "Call a chat API with streaming, a timeout, retries with backoff and a structured (JSON) answer validated by a schema.",
        "fr": "Appelez une API de chat en streaming, avec délai maximal, nouvelles tentatives espacées et réponse structurée (JSON) validée par un schéma.",
    },
    "plan.build.applications": {
        "en": "Build a small summariser or classifier and write ten test cases with the output you expect before running it.",
        "fr": "Construisez un petit résumeur ou classifieur et écrivez dix cas de test avec la sortie attendue avant de le lancer.",
    },
    "plan.build.rag": {
        "en": "A RAG over 30 of your own documents: write 15 questions with their source passage and measure how often retrieval finds it.",
        "fr": "Un RAG sur 30 de vos documents\u00a0: écrivez 15 questions avec leur passage source et mesurez combien de fois la recherche le retrouve.",
    },
    "plan.build.embeddings_vector_stores": {
        "en": "Embed 200 short texts, try two chunk sizes and two distance measures, and compare the top-5 results for five queries.",
        "fr": "Calculez les embeddings de 200 textes courts, essayez deux tailles de morceaux et deux distances, et comparez le top 5 pour cinq requêtes.",
    },
    "plan.build.llm_evaluation": {
        "en": "A 20-case evaluation set for one feature, scored automatically, run on every change; track the score over a week.",
        "fr": "Un jeu d'évaluation de 20 cas pour une fonctionnalité, noté automatiquement et lancé à chaque modification\u00a0; suivez le score sur une semaine.",
    },
    "plan.build.streaming_backends": {
        "en": "An endpoint that streams tokens (server-sent events), stops cleanly when the client leaves, and logs time to first token.",
        "fr": "Un endpoint qui diffuse les tokens (server-sent events), s'arrête proprement quand le client part et journalise le temps jusqu'au premier token.",
    },
    "plan.build.chat_frontends": {
        "en": "A chat page that streams the answer, can stop it, keeps the history on reload and is usable with the keyboard only.",
        "fr": "Une page de chat qui affiche la réponse au fil de l'eau, peut l'interrompre, garde l'historique au rechargement et s'utilise au clavier seul.",
    },
    "plan.build.deployment_scaling": {
        "en": "Containerise a small LLM app, run two replicas behind a proxy, and check that a session survives hitting either one.",
        "fr": "Mettez une petite application LLM en conteneur, lancez deux réplicas derrière un proxy et vérifiez qu'une session survit quel que soit le réplica.",
    },
    "plan.build.caching": {
        "en": "Add an exact cache and then a semantic cache in front of a model call; measure hit rate and wrong hits on 50 queries.",
        "fr": "Ajoutez un cache exact puis un cache sémantique devant un appel de modèle\u00a0; mesurez le taux de succès et les faux succès sur 50 requêtes.",
    },
    "plan.build.security": {
        "en": "Attack your own RAG with a document that hides instructions; then add defences and keep the attack as a test.",
        "fr": "Attaquez votre propre RAG avec un document qui cache des instructions\u00a0; ajoutez ensuite des défenses et gardez l'attaque comme test.",
    },
    "plan.build.observability": {
        "en": "Trace one request end to end (retrieval, prompt, model, tokens, latency) and build a dashboard of cost and errors per day.",
        "fr": "Tracez une requête de bout en bout (recherche, prompt, modèle, tokens, latence) et construisez un tableau de bord du coût et des erreurs par jour.",
    },
    "plan.build.testing_llm_apps": {
        "en": "Unit-test your chain with a fake model, add property tests for the parser, and one slow test against a real local model.",
        "fr": "Testez votre chaîne avec un faux modèle, ajoutez des tests de propriétés pour le parseur et un test lent contre un vrai modèle local.",
    },
    "plan.build.behavioral": {
        "en": "Write two stories from your own work in four parts (situation, what you did, the result with a number, what you learned) and tell them aloud in two minutes.",
        "fr": "Écrivez deux histoires tirées de votre travail en quatre temps (situation, ce que vous avez fait, le résultat chiffré, ce que vous en avez appris) et racontez-les à voix haute en deux minutes.",
    },
    "plan.build.mcp": {
        "en": "Write a small MCP server with one tool and one resource, connect a client to it, and list what it lets the model do.",
        "fr": "Écrivez un petit serveur MCP avec un outil et une ressource, connectez-y un client et listez ce qu'il permet au modèle de faire.",
    },
    "plan.build.agents": {
        "en": "Build the same task twice, as a fixed workflow and as an agent with two tools; compare steps, cost and failures on ten runs.",
        "fr": "Construisez la même tâche deux fois, en workflow fixe puis en agent à deux outils\u00a0; comparez étapes, coût et échecs sur dix essais.",
    },
    "plan.build.guardrails": {
        "en": "Put an input check and an output check around one feature; collect ten inputs that should pass and ten that should not.",
        "fr": "Placez un contrôle en entrée et un en sortie autour d'une fonctionnalité\u00a0; rassemblez dix entrées qui doivent passer et dix qui ne le doivent pas.",
    },
    "plan.build.ai_regulation": {
        "en": "Classify three AI features you know by risk level, and list for each the duties and the licence of the model used.",
        "fr": "Classez trois fonctionnalités d'IA que vous connaissez par niveau de risque et listez pour chacune les obligations et la licence du modèle utilisé.",
    },
    "plan.build.code_reading": {
        "en": "Read a short open-source LLM app, then explain in writing what one request does from input to answer and where it could fail.",
        "fr": "Lisez une courte application LLM open source, puis expliquez par écrit ce que fait une requête de l'entrée à la réponse et où elle pourrait échouer.",
    },
    "plan.build.system_design": {
        "en": "Size one service on paper: users, requests per second at peak, tokens per answer, monthly cost, p95 latency budget per stage; then check each figure against a small load test.",
        "fr": "Dimensionnez un service sur papier\u00a0: utilisateurs, requêtes par seconde en pointe, tokens par réponse, coût mensuel, budget de latence p95 par étape\u00a0; puis vérifiez chaque chiffre par un petit test de charge.",
    },
    "plan.build.debugging": {
        "en": "Break a small RAG or agent demo on purpose (cut top_k, mismatch a tool schema, cap max tokens), keep the trace, and write the diagnosis as if for a colleague.",
        "fr": "Cassez volontairement une petite démo RAG ou agent (top_k réduit, schéma d'outil incohérent, max tokens plafonné), gardez la trace et rédigez le diagnostic comme pour un collègue.",
    },
    "plan.build.cost_estimation": {
        "en": "Log a day of your own LLM calls with their usage fields, compute the cost per request and per month at list prices, and find the biggest line.",
        "fr": "Journalisez une journée de vos propres appels LLM avec leurs champs d'usage, calculez le coût par requête et par mois aux prix publics, et trouvez la ligne la plus lourde.",
    },
    "plan.build.code_writing": {
        "en": "Write the function from the question for real, with a fake model and three tests (valid output, invalid output, empty input), in under an hour.",
        "fr": "Écrivez pour de bon la fonction de la question, avec un faux modèle et trois tests (sortie valide, sortie invalide, entrée vide), en moins d'une heure.",
    },
    "plan.build.prompt_review": {
        "en": "Take a prompt you use, list its defects, rewrite it, and compare both versions on ten real inputs, including one hostile.",
        "fr": "Prenez un prompt que vous utilisez, listez ses défauts, réécrivez-le et comparez les deux versions sur dix vraies entrées, dont une malveillante.",
    },
    "plan.build.speech_audio": {
        "en": "Transcribe ten minutes of your own voice with an open Whisper model, correct it by hand, and compute the word error rate.",
        "fr": "Transcrivez dix minutes de votre propre voix avec un modèle Whisper ouvert, corrigez-les à la main et calculez le taux d'erreur de mots.",
    },
    "plan.build.content_generation": {
        "en": "Generate three short articles from a brief and a fact sheet, then check every figure and name against the sheet and count the errors.",
        "fr": "Générez trois courts articles à partir d'un brief et d'une fiche de faits, puis vérifiez chaque chiffre et chaque nom par rapport à la fiche et comptez les erreurs.",
    },
    "plan.build.open_weight_models": {
        "en": "Run a small open-weight model locally (4-bit), measure tokens per second and memory, and compare its answers with a hosted model on ten of your questions.",
        "fr": "Faites tourner localement un petit modèle ouvert (4 bits), mesurez les tokens par seconde et la mémoire, et comparez ses réponses à celles d'un modèle hébergé sur dix de vos questions.",
    },
    "plan.build.bias_fairness": {
        "en": "Build twenty counterfactual pairs for an LLM task (only a name or gender changed), run them, and report the gap with its uncertainty.",
        "fr": "Construisez vingt paires contrefactuelles pour une tâche LLM (seul un prénom ou un genre change), faites-les passer et présentez l'écart avec son incertitude.",
    },
    "plan.build.agent_framework": {
        "en": "Build a one-tool agent with Microsoft Agent Framework, add a conversation thread and an approval on the tool, and read its trace.",
        "fr": "Construisez un agent à un seul outil avec Microsoft Agent Framework, ajoutez un fil de conversation et une validation sur l'outil, et lisez sa trace.",
    },
    "plan.build.typescript_fullstack": {
        "en": "Build a React page that streams an answer from your API with fetch, validates each event with zod and has a working Stop button.",
        "fr": "Construisez une page React qui affiche en streaming une réponse de votre API avec fetch, valide chaque événement avec zod et a un bouton Arrêter qui fonctionne.",
    },
}
