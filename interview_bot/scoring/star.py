"""STAR signals for behavioural answers (Situation, Action, Result, Reflection), FR and EN.

A behavioural answer is a story: whether it has a concrete situation, personal actions with their
reasons, a measured result and a lesson is visible in its wording, not in its similarity to a model
story. Each criterion gets a value in [0, 1] from the strength of its signals, plus the sentence that
shows it best (an exact substring of the answer) as evidence.
"""

from __future__ import annotations

import re

from .text import fold, sentence_spans

_SITUATION = [
    r"\b(at|in) my (last|previous|current|first) (job|company|team|role|internship|position)\b",
    r"\b(last|this) (year|month|quarter|spring|summer|autumn|winter)\b|\bone (morning|day|week)\b",
    r"\b(we|i) (had|were|was) (building|working|running|responsible|in charge)\b|\bi was (the|a|in charge|responsible)\b",
    r"\bwe (had|were|built|ran|launched|shipped)\b|\bi (joined|worked|led|owned|maintained)\b",
    r"\bje \w{3,}ais\b|\b(lundi|mardi|mercredi|jeudi|vendredi|monday|tuesday|wednesday|thursday|friday)\b",
    r"\bune? (dizaine|vingtaine|trentaine|quarantaine|cinquantaine|centaine|millier)\b|\b(dozens?|hundreds?)\b",
    r"\b(our|the) (team|client|customer|startup|product|project|feature|company|users?)\b",
    r"\b(dans|chez|a) (mon|ma) (ancien|ancienne|precedent|precedente|dernier|derniere|poste|entreprise|equipe|stage|mission)\b",
    r"\b(l'an dernier|l'annee derniere|un matin|un jour|il y a \w+ (mois|ans))\b",
    r"\b(nous avions|on avait|j'etais|je travaillais|j'avais la charge|j'etais responsable)\b",
    r"\b(l'equipe|le client|la startup|le produit|le projet|la fonctionnalite|les utilisateurs)\b",
    r"\b\d+\s*(users|people|engineers|developers|clients|customers|utilisateurs|personnes|developpeurs)\b",
]
_ACTION = [
    r"\bi (\w+ly )?(\w{3,}ed|built|wrote|ran|set|made|took|led|found|met|went|put|cut|sent|told|got|kept|began|chose|drew|rewrote|rebuilt|spoke|brought|sought|taught|caught)\b",
    r"\bj'ai (\w+ )?\w{2,}(e|i|is|it|u|ert|ait)\b|\bje me suis \w+",
    r"\bi (\w+ )?(decided|built|wrote|added|set up|pulled|looked|proposed|ran|measured|talked|organi[sz]ed|fixed|"
    r"rolled|replaced|introduced|implemented|tested|migrated|asked|convinced|shipped|moved|analy[sz]ed|identified|"
    r"designed|created|started|traced|reproduced|prototyped|benchmarked|wrote|paired|presented|split|capped|cached|"
    r"switched|refactored|documented|read|learned|reviewed|called|met|agreed|suggested|compared|removed|limited)\b",
    r"\bj'ai (\w+ )?(decide|construit|ecrit|ajoute|mis en place|regarde|propose|lance|mesure|parle|organise|corrige|"
    r"remplace|introduit|implemente|teste|migre|demande|convaincu|livre|deplace|analyse|identifie|concu|cree|"
    r"commence|trace|reproduit|prototype|compare|presente|decoupe|plafonne|bascule|documente|lu|appris|relu|"
    r"appele|rencontre|suggere|supprime|limite|reecrit|isole|ouvert|verifie)\w*\b",
]
_WE_ACTION = (
    r"\b(we|on|nous) (\w+ )?(looked|found|decided|built|added|fixed|replaced|moved|tested|changed|removed|"
    r"regarde|trouve|decide|construit|ajoute|corrige|remplace|teste|change|supprime|avons)\b"
)
_REASON = r"\b(because|so that|since|in order to|the reason|which meant|parce que|afin de|pour que|car |puisque|ce qui)\b"
_RESULT_WORDS = (
    r"\b(retombe|tombe|revenu|remis en service|plus aucun|aucun|zero|no more|none|back to|stopped|disappeared|"
    r"disparu|corrige|fixed|back in service|"
    r"reduced|cut|saved|increased|dropped|fell|rose|went from|down to|up to|improved|halved|doubled|resolved|"
    r"shipped|launched|adopted|result|outcome|reduit|divise|economise|augmente|passe de|baisse|ameliore|resolu|"
    r"livre|lance|adopte|resultat|au final|finalement|in the end)\b"
)
_NUMBER = r"\b\d+([.,]\d+)?\b(?!\s*(years? old|ans\b))|\b\d+([.,]\d+)?\s*(%|x\b|times|fois|ms|s\b|seconds?|secondes?|minutes?|hours?|heures?|days?|jours?|weeks?|semaines?|€|\$|k\b|users|utilisateurs|tickets|points?)"
_CAVEAT = r"\b(but|however|although|still|did not|didn't|wasn't|mais|cependant|pourtant|n'a pas|ne .{0,20} pas)\b"
_REFLECTION = [
    r"\b(i learned|i learnt|lesson|next time|since then|now i|today i|i would|in retrospect|looking back|"
    r"i realised|i realized|taught me|i changed how|i now)\b",
    r"\b(j'ai appris|lecon|la prochaine fois|depuis|desormais|aujourd'hui je|je referais|avec le recul|"
    r"j'ai compris|ca m'a appris|cela m'a appris|je fais maintenant|maintenant je)\b",
]


def _best(spans: list[tuple[int, int]], text: str, original: str, patterns: list[str]) -> tuple[int, str | None]:
    best_n, best = 0, None
    total = 0
    for s, e in spans:
        f = fold(text[s:e])
        n = sum(len(re.findall(p, f)) for p in patterns)
        total += n
        if n > best_n:
            best_n, best = n, original[s:e]
    return total, best


def star_values(text: str, original: str | None = None) -> dict[str, tuple[float, str | None]]:
    """criterion id → (value in [0, 1], evidence sentence or None).

    ``text`` may have spans blanked (same length as ``original``); evidence is sliced from ``original``
    so it is always an exact substring of what the candidate wrote."""
    original = text if original is None else original
    spans = sentence_spans(text)
    folded = fold(text)
    sit_n, sit_ev = _best(spans, text, original, _SITUATION)
    act_n, act_ev = _best(spans, text, original, _ACTION)
    reasons = len(re.findall(_REASON, folded))
    we_n = len(re.findall(_WE_ACTION, folded))
    res_n, res_ev = _best(spans, text, original, [_RESULT_WORDS, _NUMBER])
    numbers = len(re.findall(_NUMBER, folded))
    caveat = bool(re.search(_CAVEAT, folded))
    ref_n, ref_ev = _best(spans, text, original, _REFLECTION)
    situation = min(1.0, sit_n / 3)
    action = min(1.0, 0.25 * min(act_n, 3) + 0.1 * min(we_n, 2) + 0.125 * min(reasons, 2))
    result = 0.0 if res_n == 0 else min(1.0, 0.4 + 0.3 * min(numbers, 1) + 0.15 * min(res_n - 1, 1) + 0.15 * caveat)
    reflection = min(1.0, 0.5 * ref_n)
    return {
        "situation": (situation, sit_ev),
        "action": (action, act_ev),
        "result": (result, res_ev),
        "reflection": (reflection, ref_ev),
    }
