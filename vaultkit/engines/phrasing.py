"""Words for drafted messages: articles, French elision, durations, events, promises and the
language a short text is written in. English (``en``) and French (``fr``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from vaultkit.notes.values import LINK_RE, display

_FR_WORDS = frozenset("le la les du des de un une votre vos ton ta tes notre nos sur pour avec et est dans au "
                      "aux son sa ses chez à mon ma mes leur leurs ce cette ces pas qui que très lui "
                      "envoyer partager transmettre".split())
_EN_WORDS = frozenset("the your our my of for on with and to a an in is about his her their this that "
                      "new how what send share forward".split())
# English words in -ing that French uses as they are (never a sign of English)
_FR_LOANWORDS = frozenset("marketing coaching consulting mentoring networking parking branding sourcing staffing "
                          "meeting planning booking shopping camping brainstorming leasing crowdfunding benchmarking "
                          "learning scouting pricing trading lobbying reporting timing training podcasting "
                          "storytelling building casting listing monitoring outsourcing pressing rating ranking "
                          "streaming tracking hacking clustering design".split())
_FR_LETTERS = re.compile(r"[éèêëàâçùûôîïœ]|\b[ldjqnst]'", re.IGNORECASE)
_WORD_RE = re.compile(r"[a-zà-ÿœ]+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def language_of(text: str) -> str | None:
    """``en`` or ``fr`` when ``text`` clearly reads as one, else None (names, jargon)."""
    words = [w.lower() for w in _WORD_RE.findall(text)]
    fr = sum(w in _FR_WORDS for w in words) + len(_FR_LETTERS.findall(text))
    en = sum(w in _EN_WORDS or (len(w) > 5 and w.endswith("ing") and w not in _FR_LOANWORDS) for w in words)
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return None


_LANG_NAMES = {"en": "English", "fr": "French"}


def in_language(lang: str, items: Iterable[str], what: str, notices: list[str]) -> list[str]:
    """The ``items`` a ``lang`` draft may say: one clearly written in the other language is
    left out, and ``notices`` says so (``the need 'seed funding' is written in English...``)."""
    kept = []
    for text in items:
        found = language_of(text)
        if found and found != lang:
            notices.append(f"{what} {text!r} is written in {_LANG_NAMES[found]}: left out of this "
                           f"{_LANG_NAMES[lang]} draft (write it in {_LANG_NAMES[lang]} to have it said)")
        else:
            kept.append(text)
    return kept


# -- English articles -----------------------------------------------------------------------

_EN_DETERMINERS = frozenset("a an the some any my your our their his her its this that these those more "
                            "new".split())
_UNCOUNTABLE = frozenset("advice feedback help funding investment capital money support mentoring coaching "
                         "information software data research work talent visibility hiring recruiting "
                         "recruitment marketing design knowledge equipment furniture training consulting "
                         "staff legal accounting press exposure traction growth financing".split())


_PREPOSITIONS = frozenset("in for on at with from to near who that of by".split())
_FOUND = frozenset("job jobs office offices venue venues mission missions role roles position positions partner "
                   "partners cofounder cofounders co-founder co-founders intern interns expert experts coach "
                   "coaches mentor mentors lead leads hire hires agency agencies studio studios".split())
_PERSON_RE = re.compile(r"(?:er|or|ist|ant|ent|ian)s?$", re.IGNORECASE)


@lru_cache(maxsize=4096)
def to_find(phrase: str) -> bool:
    """Whether an English need is someone or something to find (``dbt freelancers``, ``a job in
    Lyon``, ``an A/B testing expert``) rather than help with (``seed funding``, ``maths``)."""
    words = phrase.split()
    if not words or words[0].lower().endswith("ing"):
        return False
    head = words
    for n, word in enumerate(words[1:], start=1):
        if word.lower() in _PREPOSITIONS:
            head = words[:n]
            break
    last = head[-1]
    return (last.lower() in _FOUND or bool(_PERSON_RE.search(last))
            or (last.isupper() and len(last) in (2, 3)))  # CTO, CFO, PM


@lru_cache(maxsize=4096)
def with_article(phrase: str) -> str:
    """An English noun phrase as said in a sentence: ``an A/B testing expert``, ``seed funding``,
    ``dbt freelancers``; a phrase that has a determiner already is kept."""
    words = phrase.split()
    if not words:
        return phrase
    first, last = words[0].lower(), words[-1].lower()
    if first in _EN_DETERMINERS or first[:1].isdigit() or first in ("someone", "somebody", "people"):
        return phrase
    if last in _UNCOUNTABLE or not to_find(phrase):
        return phrase
    head = next((words[:n] for n, w in enumerate(words[1:], start=1) if w.lower() in _PREPOSITIONS), words)
    if head[-1].endswith("s") and not head[-1].endswith("ss") and not head[-1].isupper():
        return phrase  # a plural
    article = "an" if re.match(r"[aeio]|u(?!ni|se|sa)|[AEFHILMNORSX]\b|[AEFHILMNORSX][A-Z/]", words[0]) else "a"
    if first.startswith("a/") or first[:1] in "aeio":
        article = "an"
    return f"{article} {phrase}"


# -- French elision ---------------------------------------------------------------------------

_FR_ARTICLE_RE = re.compile(r"^(le|la|les|un|une|des|du|l'|l’|mon|ma|mes|ton|ta|tes|votre|vos|son|sa|ses|"
                            r"notre|nos|leur|leurs|ce|cet|cette|ces)\b\s*", re.IGNORECASE)


@lru_cache(maxsize=4096)
def has_article_fr(phrase: str) -> bool:
    """Whether a French noun phrase starts with a determiner (``un``, ``la``, ``l'``, ``votre``...)."""
    return bool(_FR_ARTICLE_RE.match(phrase.strip()))


@lru_cache(maxsize=4096)
def de(phrase: str) -> str:
    """``de`` before a French noun phrase, contracted: ``du``, ``des``, ``de la``, ``d'un``."""
    lower = phrase.lower()
    for word, out in (("le ", "du "), ("les ", "des "), ("des ", "de ")):
        if lower.startswith(word):
            return out + phrase[len(word):]
    if re.match(r"[aeiouyéèêàâîïôûh]", lower):
        return "d'" + phrase
    return "de " + phrase


# -- durations and ages -------------------------------------------------------------------------

_SMALL = {"en": ("", "one", "two", "three", "four", "five"), "fr": ("", "un", "deux", "trois", "quatre", "cinq")}


def elapsed(days: int, lang: str) -> str:
    """How long ``days`` is, in words: ``3 weeks``, ``3 months``, ``a year``, ``over a year``."""
    fr = lang == "fr"
    if days < 14:
        return "quelques jours" if fr else "a few days"
    if days < 45:
        weeks = round(days / 7)
        return f"{weeks} semaines" if fr else f"{weeks} weeks"
    months = round(days / 30.44)
    if months < 12:
        return f"{months} mois" if fr else f"{months} months"
    years = days / 365.25
    if years < 1.1:
        return "un an" if fr else "a year"
    if years < 2:
        return "plus d'un an" if fr else "over a year"
    whole = int(years)
    count = _SMALL[lang if fr else "en"][whole] if whole < 6 else str(whole)
    return f"plus de {count} ans" if fr else f"over {count} years"


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``41st``, ``13th``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# -- events -------------------------------------------------------------------------------------

_LEADING_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2})?\s*[-–—:,]?\s*")
# the kind of event a title starts with: French gender (m, f, or v for a vowel)
_HEADS_FR = {"salon": "m", "meetup": "m", "petit-déjeuner": "m", "déjeuner": "m", "dîner": "m", "diner": "m",
             "forum": "m", "afterwork": "v", "atelier": "v", "apéro": "v", "apéritif": "v", "café": "m",
             "workshop": "m", "hackathon": "v", "sommet": "m", "brunch": "m", "cocktail": "m",
             "conférence": "f", "soirée": "f", "journée": "f", "réunion": "f", "rencontre": "f",
             "table ronde": "f", "masterclass": "f", "visio": "f"}
_HEADS_EN = ("salon", "meetup", "petit-déjeuner", "déjeuner", "dîner", "forum", "afterwork", "atelier",
             "conférence", "soirée", "journée", "rencontre", "breakfast", "lunch", "dinner", "workshop",
             "conference", "summit", "fair", "party", "drinks", "meeting")
_CALLS = ("call", "phone", "video call", "visio", "appel")


def event_name(title: str) -> str:
    """An event's title as said in a message: without a leading date (file-name titles)."""
    return _LEADING_DATE_RE.sub("", title).strip() or title


def at_event(title: str | None, kind: str | None, lang: str) -> str | None:
    """Where you met: ``at the Salon Data & IA``, ``at Demo Day``, ``lors du salon Data & IA``,
    ``lors de « Demo Day »``; a call is ``on our call`` / ``lors de notre appel``."""
    if not title:
        return None
    name = event_name(title)
    lower = name.lower()
    if (kind or "").lower() in _CALLS or re.match(r"(call|appel|visio)\b", lower):
        return "on our call" if lang == "en" else "lors de notre appel"
    if lang == "en":
        head = lower.split(" ")[0]
        return f"at the {name}" if head in _HEADS_EN else f"at {name}"
    for head, gender in sorted(_HEADS_FR.items(), key=lambda h: -len(h[0])):
        if lower == head or lower.startswith(head + " "):
            rest = name[len(head):]
            if gender == "v":
                return f"lors de l'{head}{rest}"
            return f"lors {'du' if gender == 'm' else 'de la'} {head}{rest}"
    return f"lors de « {name} »"


# -- promises -----------------------------------------------------------------------------------

# the words a promise starts with (``promise``): to find the tasks that may be promises
PROMISE_WORDS = ("send", "share", "forward", "mail", "envoyer", "partager", "transmettre", "faire suivre")
_PROMISE_WORD_RE = re.compile("|".join(map(re.escape, PROMISE_WORDS)))  # one of them, anywhere
_PROMISE_EN = re.compile(r"^(?:send|share|forward|e-?mail|mail)\s+(?:(?:him|her|them)\s+)?(.+?)"
                         r"(?:\s+(?:to|with))?$", re.IGNORECASE)
_PROMISE_FR = re.compile(r"^(?:lui\s+|leur\s+)?(?:envoyer|partager|transmettre|faire suivre)\s+"
                         r"(?:(?:à|a)\s+)?(.+?)(?:\s+(?:à|a|avec))?$", re.IGNORECASE)
_TAGS_RE = re.compile(r"(?:^|\s)#[\w/-]+|[🔼🔽⏫⏬🔺➕⏳🛫✅❌🔁]\s*\S*")


@lru_cache(maxsize=4096)
def promise(text: str, names: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """``(lang, what)`` when a task says the user will send something: ``send [[Ada]] the
    article on cold chain`` → ``("en", "the article on cold chain")``; None otherwise.
    ``names``: how the contact may be written on the line (full and first name)."""
    if not _PROMISE_WORD_RE.search(text.lower()):
        return None
    text = _TAGS_RE.sub(" ", text)
    keys = [n.lower() for n in names if n]

    def link(m: re.Match) -> str:  # a link to the contact goes, any other is read as its text
        shown = display(m.group(0))
        low = shown.lower()
        return " " if any(low == k or low.startswith(k + " ") for k in keys) else shown

    if "[[" in text:
        text = LINK_RE.sub(link, text)
    words = text.replace("**", "").split()
    plain = [w.lower().strip(".,;:") for w in words]
    name_words = sorted((k.split() for k in keys), key=len, reverse=True)
    firsts = {nw[0] for nw in name_words if nw}
    kept, i = [], 0
    while i < len(words):  # the contact's name written without a link goes too
        n = next((len(nw) for nw in name_words if plain[i:i + len(nw)] == nw), 0) if plain[i] in firsts else 0
        if n:
            i += n
        else:
            kept.append(words[i])
            i += 1
    text = " ".join(kept).strip(" .;,:")
    for lang, pattern in (("en", _PROMISE_EN), ("fr", _PROMISE_FR)):
        found = pattern.match(text)
        if found:
            what = found.group(1).strip(" .;,:")
            if what and what.lower() not in ("à", "a", "to", "it", "le", "la", "les"):
                return lang, what
    return None
