"""What did the candidate mean? An offline, pure FR/EN classifier of one candidate message.

Kinds: ``answer`` (anything that attempts the question, hedged or very short), ``clarify`` (asks to
rephrase or explain the question), ``repeat``, ``hint``, ``dont_know``, ``skip``,
``candidate_question`` (about the role, team, stack, process, time or questions left, scoring),
``end`` (wants to stop), ``other`` (greeting, thanks, "let me think", "ok").

How it decides: a non-answer kind needs one of its cue phrases AND little else in the message
(at most a few content words once the cues, politeness and filler words are removed, and no
technical term). Hedges or reasons after a cue ("I don't know exactly, but I think…", "Why not
fine-tune? Because…") make it an answer. Everything else is an answer: misreading a real answer
costs the candidate most, so the default is ``answer``. No model, no I/O: a few regexes per turn.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

TurnKind = Literal[
    "answer", "clarify", "repeat", "hint", "dont_know", "skip", "candidate_question", "end", "other"
]
TURN_KINDS: tuple[TurnKind, ...] = (
    "answer", "clarify", "repeat", "hint", "dont_know", "skip", "candidate_question", "end", "other",
)
Awaiting = Literal["end_confirm", "hint_offer", "answer_confirm"]

MAX_NON_ANSWER_WORDS = 30  # a longer message is an answer, whatever cue it contains


@dataclass(frozen=True)
class TurnReading:
    kind: TurnKind
    cue: str = ""  # which cue decided (e.g. "team", "thanks"): lets replies fit the message
    unsure: bool = False  # answer and request both plausible: ask before scoring (turn_model.decide)
    p_answer: float | None = None  # the learned reader's probability that this is an answer


def _fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes, single spaces."""
    t = unicodedata.normalize("NFKD", text.lower().replace("’", "'").replace("`", "'"))
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(t.split())


def _rx(*parts: str) -> re.Pattern[str]:
    # A cue may follow an elided article or pronoun (l'équipe, s'arrêter, j'arrête): only a letter
    # or digit before it blocks the match.
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?![\w])")


REPEAT = _rx(
    r"repeat\w*", r"say (?:that|it|the question) again", r"(?:read|show|give|ask) (?:me )?(?:it|that|the question) again",
    r"one more time", r"(?:what|which) was (?:the|your) question(?: again)?", r"what(?:'s| is) the question(?: again)?",
    r"(?:didn'?t|did not|couldn'?t) (?:catch|see|get|read|hear) (?:the|your|that) question", r"missed the question",
    r"come again", r"the question again",
    r"once more", r"(?:didn'?t|did not|couldn'?t) hear", r"quelle est la question", r"la question,? c'etait quoi",
    r"c'est quoi la question",
    r"repet\w*", r"redire", r"redites", r"redonne\w*", r"remett\w* la question", r"la remettre",
    r"(?:quelle|c'etait quoi) (?:etait )?la question", r"c'etait quoi la question", r"quelle etait la question",
    r"(?:pas|mal) (?:bien )?(?:vu|lu|entendu|saisi) la question", r"rappel\w* (?:moi )?la question",
)
CLARIFY = _rx(
    r"rephrase\w*", r"reword\w*", r"(?:put|say|ask|phrase) (?:that|it|the question) (?:differently|another way|more simply|simpler)",
    r"in simpler terms", r"simpler terms", r"in other words", r"what do you mean", r"what(?:'s| is| exactly is) meant by",
    r"what exactly (?:do you mean|are you asking)", r"(?:don'?t|do not|didn'?t|did not) (?:really |quite )?(?:understand|get|follow)",
    r"not sure (?:i|what you) (?:understand|mean|follow)", r"clarify\w*", r"explain (?:the|your) question",
    r"explain what (?:the question|you) (?:is asking|are asking|mean)", r"what (?:are you|is the question) asking",
    r"(?:be|more) (?:more )?specific", r"do you mean", r"you mean",
    r"(?:word|phrase|put|say) (?:it|that|this) (?:differently|another way|in another way)", r"reformulate",
    r"confus\w*", r"(?:i'?m|i am) lost", r"what (?:exactly )?do you want (?:me )?to (?:explain|say|know|hear)",
    r"what do you want to know", r"what (?:exactly )?are you (?:asking|looking for)", r"(?:be )?more precise",
    r"more simply", r"explain (?:that|it|this)(?: a bit| a little)?(?: more)? simpl\w*", r"more clear(?:ly)?",
    r"je ne vois pas ce que vous (?:voulez dire|demandez|entendez)", r"plus precis", r"plus clair",
    r"pas sur de (?:bien )?comprendre", r"vous parlez de (?:quel|quoi)",
    r"reformul\w*", r"dire autrement", r"(?:expliquer|poser) (?:la question )?autrement", r"expliquer la question",
    r"(?:ne|n') ?(?:comprends|comprend|saisis) pas", r"pas (?:bien |tres bien )?compris", r"pas (?:bien )?compris",
    r"que voulez-vous dire", r"qu'entendez-vous", r"vous entendez (?:quoi|par)", r"qu'est-ce que vous entendez",
    r"c'est-a-dire", r"vous voulez dire", r"voulez-vous dire", r"(?:pouvez-vous |pourriez-vous )?preciser",
    r"clarifi\w*",
)
HINT = _rx(
    r"hints?", r"(?<!no )(?<!not a )clues?", r"pointers?", r"point me", r"nudge", r"where to start",
    r"help me(?: out| a bit| a little)?", r"a tip", r"some help", r"right direction",
    r"tips?", r"(?:a )?little help", r"help (?:me )?(?:to )?get(?:ting)? started", r"get some help", r"any help",
    r"indication", r"coup de main", r"un peu d'aide",
    r"indices?", r"(?<!aucune )pistes?", r"coup de pouce", r"(?:mettre|mettez)(?:-moi)? sur la voie", r"aide[rz]?-moi",
    r"aidez", r"un peu d'aide", r"un conseil",
)
SKIP = _rx(
    r"skip\w*", r"next question", r"next one", r"move on", r"go (?:on )?to the next", r"let'?s pass", r"i'?ll pass",
    r"sauter", r"saute\w*", r"passons", r"question suivante", r"suivante", r"on passe", r"je passe",
    r"passer (?:a la suite|a la question suivante|cette question|celle-ci)", r"(?:prefere|veux) passer",
    r"change (?:the )?question", r"move to (?:another|the next)", r"changer de (?:question|sujet)",
    r"change de (?:question|sujet)", r"passe a autre chose",
)
# only in a short request ("Another question, please"), not in "another question is how to…"
SKIP_SHORT = _rx(r"(?:another|different|other) question", r"autre question")
PASS_ALONE = re.compile(r"^(?:pass|next|je passe|passe|suivant)[.! ]*$")
END = _rx(
    r"stop\w*", r"quit\w*", r"end (?:the |this )?interview", r"end (?:it )?(?:here|now)", r"(?:let'?s|can we|we can) (?:end|finish|stop)",
    r"finish (?:here|now|the interview)", r"wrap (?:it )?up", r"i'?m done", r"i am done", r"that'?s enough", r"call it a day",
    r"(?:have|need|got) to (?:go|leave)", r"arret\w*", r"on s'arrete", r"terminer", r"terminons", r"fin de l'entretien",
    r"j'en ai assez", r"je dois (?:partir|y aller|filer)", r"finir (?:ici|la|maintenant)",
    r"i'?m finished", r"i am finished", r"(?:finish|end|close) (?:the |this )?(?:interview|session)",
    r"that'?s it for me", r"mettre fin", r"on termine", r"c'est bon pour moi", r"fin a (?:la session|l'entretien)",
)
DONT_KNOW = _rx(
    r"(?:i )?(?:don'?t|do not|dont) know", r"no idea", r"no clue", r"not a clue", r"(?:haven'?t|have not) (?:got )?a clue",
    r"never (?:heard|worked|used|done|seen)", r"not familiar", r"not (?:really |so |too )?sure", r"(?:pas|plus) (?:tres |trop |vraiment )?sur\w*", r"(?:can'?t|cannot|can not|unable to) answer", r"dunno",
    r"beats me", r"draw(?:ing)? a blank", r"i'?m blank", r"(?:je )?(?:ne )?sais (?:toujours |vraiment |absolument |franchement )?pas", r"j'?sais pas", r"aucune idee",
    r"pas la moindre idee", r"(?:je )?(?:ne )?connais pas", r"jamais entendu", r"seche\w*", r"aucune piste", r"pas d'idee",
    r"n'en sais rien", r"(?:ne peux|peux pas|sais pas) repondre", r"aucune notion", r"je n'en ai aucune idee",
    r"beyond me", r"(?:i'?ve|i have) (?:got )?nothing", r"(?:no|don'?t have an?|do not have an?) answer",
    r"blank\w*", r"(?:my )?mind is blank", r"jamais (?:fait|travaille|utilise|pratique)", r"pas de reponse",
    r"(?:n'ai|ai) pas de reponse",
)
OTHER_CUES: dict[str, re.Pattern[str]] = {
    "greet": _rx(r"hi", r"hello", r"hey", r"good (?:morning|afternoon|evening)", r"nice to meet you", r"bonjour",
                 r"salut", r"bonsoir", r"enchante\w*"),
    "thanks": _rx(r"thanks?(?: you)?(?: (?:very much|a lot|so much))?", r"thx", r"cheers", r"merci(?: beaucoup| bien)?"),
    "think": _rx(r"let me think", r"(?:give me|one|a|just a) (?:a )?(?:sec(?:ond)?|moment|minute)", r"thinking", r"hmm+",
                 r"wait", r"je reflechis", r"laissez-moi reflechir", r"(?:un|une) (?:instant|seconde|minute)", r"attendez",
                 r"reflechir"),
    "ready": _rx(r"ok(?:ay)?", r"alright", r"all right", r"(?<!not )(?<!not really )sure", r"got it", r"ready", r"i'?m ready", r"let'?s go",
                 r"d'accord", r"c'est parti", r"je suis pret\w*", r"allons-y", r"ca marche", r"entendu", r"tres bien",
                 r"understood", r"compris", r"c'est clair", r"great", r"perfect", r"parfait", r"noted", r"cool", r"super",
                 r"nice", r"clear"),
}
CQ_TOPICS: dict[str, re.Pattern[str]] = {
    "remaining": _rx(r"questions? (?:are |do we have )?(?:left|remaining)", r"(?:how many|combien de) questions",
                     r"il reste", r"reste-t-il", r"questions? restantes?"),
    "duration": _rx(r"how long", r"combien de temps", r"duree", r"dure\w*", r"(?:interview|entretien) (?:take|last)",
                    r"how much time", r"time (?:is |do we have )?left"),
    "scoring": _rx(r"scor\w*", r"grad(?:e|ed|ing)", r"mark(?:ed|ing)", r"evaluated", r"assessed", r"not(?:e|es|ee|ees|ation)",
                   r"evalu\w*", r"corrig\w*"),
    "team": _rx(r"team", r"manager", r"colleagues?", r"report to", r"equipe", r"collegues"),
    "stack": _rx(r"stack", r"tech(?:nolog(?:y|ies))?", r"tools?", r"languages?", r"python", r"typescript", r"frameworks?",
                 r"do you (?:use|deploy|run|work with|host)", r"vous utilise[zs]?", r"utilisez", r"utilise l'equipe", r"cloud",
                 r"deploy on",
                 r"outils", r"technos?", r"technologies?", r"langages?"),
    "missions": _rx(r"missions?", r"day[- ]to[- ]day", r"responsibilit\w*", r"(?:the |this )?(?:role|job|position)",
                    r"(?:le |du )?poste", r"quotidien", r"taches"),
    "process": _rx(r"process\w*", r"recruit\w*", r"hiring", r"next steps?", r"recrutement", r"etapes?", r"la suite",
                   r"after (?:this|the|today'?s?) (?:interview|call|session)?", r"apres (?:cet|l') ?entretien", r"what happens next",
                   r"processus", r"prochaines? etapes?"),
    "remote": _rx(r"remote", r"on[- ]site", r"office", r"hybrid", r"teletravail", r"a distance", r"bureau", r"hybride"),
    "salary": _rx(r"salary", r"pay", r"compensation", r"salaire", r"remuneration"),
}
QUESTION_START = re.compile(
    r"^(?:(?:and|so|et|alors|sorry|pardon|desole)[, ]+)?(?:what|which|how|who|where|when|is|are|do|does|can i|could i|may i|will|would|"
    r"quel\w*|comment|combien|est-ce|qui|ou|dans quel\w*|il reste|y a-t-il|je peux|puis-je|pouvez-vous me dire)\b"
)
YES = _rx(r"yes", r"yeah", r"yep", r"yup", r"sure", r"ok(?:ay)?", r"please", r"confirm\w*", r"go ahead", r"absolutely",
          r"oui", r"ouais", r"volontiers", r"d'accord", r"absolument", r"exactement", r"je confirme", r"bien sur",
          r"avec plaisir", r"s'il vous plait", r"i do", r"do it", r"let'?s do (?:it|that)", r"go for it", r"go on",
          r"vas-y", r"allez-y", r"volontiers")
NO = re.compile(r"^(?:no|nope|nah|not yet|non|pas encore|pas maintenant)\b[ ,.!]*")
REASON = _rx(r"because", r"since", r"so that", r"parce que", r"car", r"puisque", r"pour que")
HEDGE = _rx(r"but", r"though", r"however", r"i think", r"i guess", r"i believe", r"maybe", r"perhaps", r"probably",
            r"i'?d say", r"i would say", r"mais", r"cependant", r"pourtant", r"je pense", r"je crois", r"peut-etre",
            r"sans doute", r"probablement", r"je dirais")
LIST_MARK = re.compile(r"[:;=\u2192]|->|\d")

STOP = set(
    """a an the this that these those it its is are was were be been am i me my we us our you your he she they them
    to of in on at for with by from as or and so if do does did done can could would should will shall may might must
    not no yes please sorry thanks thank really just quite bit little very much more some any all at one ones
    question questions answer here there now then again about what which who how why when where well ok okay um uh
    hmm let lets go get got have has had 'm 're 've 'd 's ll re ve
    le la les un une des du de d l au aux ce cet cette ces ca c est sont etre suis es et ou mais donc or ni car je j
    tu il elle on nous vous ils elles me m te t se s mon ma mes ton ta tes son sa ses notre votre nos vos leur leurs
    qui que qu quoi dont y en ne n pas plus tres bien peu si oui non merci svp plait vraiment juste celle celui ceci
    cela la-dessus ici maintenant encore deja alors bon euh ben voila question reponse peux pouvez pourriez
    voudrais veux aimerais est-ce""".split()
)
# Technical words: a leftover one means the message talks about the subject, so it is an answer.
DOMAIN = re.compile(
    r"(?<![\w])(?:rag|llms?|gpt|bert|tokens?|tokeni\w*|embeddings?|vectors?|vectori\w*|index\w*|prompts?|lora|peft|"
    r"fine[- ]?tun\w*|transformers?|attention|retriev\w*|rerank\w*|chunk\w*|cache\w*|caching|latenc\w*|cost|couts?|"
    r"gdpr|rgpd|api|langchain|llamaindex|semantic|kernel|quanti\w*|batch\w*|stream\w*|sse|websockets?|models?|modeles?|"
    r"hallucin\w*|evals?|evaluation|metrics?|metriques?|bm25|hnsw|faiss|cosine|cosinus|softmax|injection|owasp|"
    r"docker|kubernetes|gpu|inference|inferences?|pydantic|json|schemas?|agents?|tools? calling|decoder|encoder|"
    r"temperature|sampling|echantillonnage|donnees|data|datasets?|training|entrainement|weights?|poids)(?![\w])"
)
WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def _residual(folded: str, *patterns: re.Pattern[str]) -> list[str]:
    """Content words left once the cues of ``patterns`` and every filler word are removed."""
    t = folded
    for p in patterns:
        t = p.sub(" ", t)
    return [w for w in WORD.findall(t) if len(w) >= 3 and w.strip("'-") not in STOP]


def _short(folded: str, cue: re.Pattern[str], limit: int, allow_domain: bool = False) -> bool:
    if not cue.search(folded):
        return False
    rest = _residual(folded, cue, *OTHER_CUES.values())
    if len(rest) > limit:
        return False
    return allow_domain or not DOMAIN.search(" ".join(rest))


def _statement_after_question(folded: str) -> bool:
    head, sep, tail = folded.partition("?")
    tail = tail.strip()
    return bool(sep) and bool(tail) and not tail.endswith("?") and len(_residual(tail)) >= 3


def _is_question(folded: str) -> bool:
    return folded.rstrip().endswith("?") or bool(QUESTION_START.match(folded))


def _candidate_question(folded: str) -> str | None:
    if not _is_question(folded) or REASON.search(folded) or HEDGE.search(folded) or _statement_after_question(folded):
        return None
    for name, pat in CQ_TOPICS.items():
        if pat.search(folded):
            return name
    return None


def _other(folded: str) -> str | None:
    for name, pat in OTHER_CUES.items():
        if pat.search(folded) and len(_residual(folded, *OTHER_CUES.values())) <= 1:
            return name
    return None


def _classify_plain(folded: str) -> TurnReading:
    if not folded:
        return TurnReading("other", "empty")
    if len(folded.split()) > MAX_NON_ANSWER_WORDS:
        return TurnReading("answer")
    # "Do you mean the API? I would use…": a question followed by a statement is an answer.
    reasoned = bool(REASON.search(folded)) or _statement_after_question(folded)
    hedged = bool(HEDGE.search(folded)) or bool(LIST_MARK.search(folded))
    if not reasoned and _short(folded, REPEAT, 3):
        return TurnReading("repeat")
    if not reasoned and _short(folded, CLARIFY, 5, allow_domain=True):
        return TurnReading("clarify")
    if not reasoned and _short(folded, HINT, 3):
        return TurnReading("hint")
    short_skip = len(folded.split()) <= 5 and _short(folded, SKIP_SHORT, 2)
    if not hedged and (_short(folded, SKIP, 3) or short_skip or PASS_ALONE.match(folded)):
        return TurnReading("skip")
    if not hedged and _short(folded, END, 3):
        return TurnReading("end")
    if not hedged and _short(folded, DONT_KNOW, 4):
        return TurnReading("dont_know")
    topic = _candidate_question(folded)
    if topic is not None and len(folded.split()) <= 25:
        return TurnReading("candidate_question", topic)
    other = _other(folded)
    if other is not None:
        return TurnReading("other", other)
    return TurnReading("answer")


def _after(folded: str, pat: re.Pattern[str]) -> str:
    m = pat.match(folded)
    return folded[m.end():].strip(" ,.!") if m else folded


# what a bare yes / no means after each yes/no question of the recruiter
_YES_MEANS: dict[str, TurnKind] = {"end_confirm": "end", "hint_offer": "hint", "answer_confirm": "answer"}
_NO_MEANS: dict[str, TurnKind] = {"end_confirm": "other", "hint_offer": "dont_know", "answer_confirm": "other"}


def yes_no(text: str, awaiting: Awaiting) -> TurnReading | None:
    """A bare yes or no to the recruiter's pending yes/no question, else None."""
    reading = classify(text, awaiting)
    return reading if reading.cue in ("yes", "no") else None


def classify(text: str, awaiting: Awaiting | None = None) -> TurnReading:
    """Read one candidate message. ``awaiting``: the recruiter has just asked a yes/no question
    ("shall we stop?" / "would you like a hint?"), so a bare yes or no answers it."""
    folded = _fold(text)
    if awaiting is not None:
        if YES.match(folded) and not _residual(folded, YES, *OTHER_CUES.values()):  # starts with a yes
            return TurnReading(_YES_MEANS[awaiting], "yes")
        if NO.match(folded):
            rest = _classify_plain(_after(folded, NO))
            if rest.kind in ("other", "answer") and len(_residual(_after(folded, NO), *OTHER_CUES.values())) <= 2:
                return TurnReading(_NO_MEANS[awaiting], "no")
            return rest
    return _classify_plain(folded)


def cue_for(kind: TurnKind, text: str) -> str:
    """The cue the replies use, for a kind decided elsewhere (e.g. by an LLM)."""
    folded = _fold(text)
    if kind == "candidate_question":
        return next((name for name, pat in CQ_TOPICS.items() if pat.search(folded)), "general")
    if kind == "other":
        return _other(folded) or ""
    return ""
