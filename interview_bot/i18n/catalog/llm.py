"""Messages about the LLM backend and chat providers (settings errors shown by the CLI and the server)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str | list[str]]] = {
    "llm.openai_key": {
        "en": "The 'openai' backend needs an API key: set OPENAI_API_KEY (or INTERVIEW_BOT_OPENAI_API_KEY), "
              "or use --backend offline.",
        "fr": "Le moteur «\u00a0openai\u00a0» a besoin d'une clé d'API\u00a0: définissez OPENAI_API_KEY "
              "(ou INTERVIEW_BOT_OPENAI_API_KEY), ou utilisez --backend offline.",
    },
    "llm.base_url": {
        "en": "The 'openai-compatible' backend needs a server URL: set INTERVIEW_BOT_BASE_URL "
              "(e.g. http://127.0.0.1:11434/v1 for Ollama) or pass --base-url.",
        "fr": "Le moteur «\u00a0openai-compatible\u00a0» a besoin de l'URL d'un serveur\u00a0: définissez INTERVIEW_BOT_BASE_URL "
              "(pour Ollama, son port 11434 et le chemin /v1) ou passez --base-url.",
    },
    "llm.no_provider": {
        "en": "The 'provider' backend needs --model written {form}, e.g. {example} (got '{model}'; providers: {known}).",
        "fr": "Le moteur «\u00a0provider\u00a0» attend --model sous la forme {form}, par exemple {example} "
              "(reçu '{model}'\u00a0; fournisseurs\u00a0: {known}).",
    },
    "llm.needs_extra": {
        "en": "The {provider} provider needs its LangChain package, which is not installed: "
              "pip install 'interview-bot[{extra}]'",
        "fr": "Le fournisseur {provider} a besoin de son paquet LangChain, qui n'est pas installé\u00a0: "
              "pip install 'interview-bot[{extra}]'",
    },
    "llm.needs_package": {
        "en": "The {provider} provider needs the package {package}, which is not installed: pip install {package}",
        "fr": "Le fournisseur {provider} a besoin du paquet {package}, qui n'est pas installé\u00a0: pip install {package}",
    },
    "llm.needs_variables": {
        "en": "The {provider} provider needs {variables} in the environment (see docs/providers.md), "
              "or use --backend offline.",
        "fr": "Le fournisseur {provider} a besoin de {variables} dans l'environnement (voir docs/providers.md), "
              "ou utilisez --backend offline.",
    },
    "llm.build_failed": {
        "en": "Could not set up the model {model} of the {provider} provider: {error}",
        "fr": "Impossible de préparer le modèle {model} du fournisseur {provider}\u00a0: {error}",
    },
}
