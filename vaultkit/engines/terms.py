"""Term normalisation for matching needs, offers, interests and topics.

Two phrases match when they mean the same after normalisation: case, accents
and punctuation are ignored, small words (``a``, ``the``, ``de``, ``la``...)
dropped, English and French plurals reduced to one form (``investors`` →
``investor``, ``levées`` → ``levee``, ``réseaux`` → ``reseau``), and the vault's
``synonyms`` map each listed equivalent to its canonical term.

Whether what one person offers meets what another needs (or an article's topic
what someone cares about) is ``meets``: the one matcher of introductions, the
"who could help" line of drafted messages, sharing and event preparation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol
from urllib.parse import unquote, urlsplit

from vaultkit.notes.values import norm_key

STOPWORDS = frozenset(
    # English
    "a an the to for of and or in on with at by from into about as per via my our your their his her its "
    "some any this that these those is are be"
    # French (accents already removed)
    " un une des de du la le les pour et ou au aux en sur avec par dans ce cet cette ces mon ma mes ton "
    "ta tes son sa ses leur leurs notre nos votre vos qui que".split()
)
MAX_PART_WORDS = 8  # phrases longer than this only yield parts of up to 4 words
_LETTER_HYPHEN_RE = re.compile(r"(?<![^\W_])([^\W\d_])-(?=[^\W_])")
_URL_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)", re.IGNORECASE)
_URL_NOISE = frozenset(
    "blog blogs article articles news post posts p en fr amp index story stories tag tags category "
    "categories html htm php aspx www".split()
)


def _fold_once(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case without accents (``Levée`` → ``levee``), stable when applied again."""
    if text.isascii():
        return text.lower()
    for _ in range(4):
        folded = _fold_once(text)
        if folded == text:
            break
        text = folded
    return text


def tokens(text: str) -> list[str]:
    """The words of a text: folded, cut at anything that is not a letter or digit."""
    folded = _LETTER_HYPHEN_RE.sub(r"\1", fold(text))  # e-mail → email, e-commerce → ecommerce
    cleaned = "".join(c if c.isalnum() else " " for c in folded)
    return [w for w in cleaned.split() if len(w) > 1]


def _stem_once(word: str) -> str:
    n = len(word)
    if n <= 3 or not word.isascii():
        return word
    if word.endswith("ies") and n > 4:
        return word[:-3] + "y"
    if word.endswith("eaux"):
        return word[:-1]
    if word.endswith("aux"):
        return word[:-3] + "al"
    if word.endswith(("sses", "xes", "zzes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if word.endswith(("che", "she")) and n > 4:
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Singular form of an English or French plural (rule based, never raises, idempotent)."""
    for _ in range(len(word)):
        shorter = _stem_once(word)
        if shorter == word:
            break
        word = shorter
    return word


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """The matching key of a phrase: ``"Levée de fonds!"`` → ``"levee fond"``."""
    out = []
    for word in tokens(text):
        if word in STOPWORDS:
            continue
        root = stem(word)
        if root not in STOPWORDS and len(root) > 1:
            out.append(root)
    return " ".join(out)


def is_url(text: str) -> bool:
    return bool(_URL_RE.match(text.strip()))


def url_words(url: str) -> str:
    """The words of a URL's path (its slug), without file extensions, numbers and filler segments."""
    text = url.strip()
    if text.lower().startswith("www."):
        text = "https://" + text
    try:
        path = urlsplit(text).path
    except ValueError:
        return ""
    words = []
    for segment in unquote(path).split("/"):
        segment = re.sub(r"\.(html?|php|aspx?|jsp|md)$", "", segment, flags=re.IGNORECASE)
        for word in re.split(r"[-_+.~\s]+", segment):
            if not word or word.isdigit() or fold(word) in _URL_NOISE:
                continue
            if len(word) > 12 and any(c.isdigit() for c in word):
                continue  # an id, not a word
            words.append(word)
    return " ".join(words)


def _ngrams(words: list[str]) -> Iterable[str]:
    """Every contiguous run of words shorter than the whole phrase."""
    n = len(words)
    longest = n - 1 if n <= MAX_PART_WORDS else 4
    for size in range(1, longest + 1):
        for start in range(n - size + 1):
            yield " ".join(words[start : start + size])


class Vocabulary:
    """Normalised keys of phrases, with the vault's synonyms applied.

    ``full(phrase)`` are the keys the whole phrase stands for (its own key and
    the canonical term of any synonym group it belongs to); ``parts(phrase)``
    are the keys of the shorter runs of words inside it (``hiring engineers``
    holds ``hiring``), used for weaker, partial matches.
    """

    def __init__(self, synonyms: dict[str, list[str]] | None = None):
        self.canon: dict[str, frozenset[str]] = {}
        groups: dict[str, set[str]] = {}
        for canonical, equivalents in (synonyms or {}).items():
            head = normalize(str(canonical))
            if not head:
                continue
            for item in [canonical, *(equivalents or [])]:
                key = normalize(str(item))
                if key:
                    groups.setdefault(key, set()).add(head)
        self.canon = {k: frozenset(v) for k, v in groups.items()}
        self._full: dict[str, frozenset[str]] = {}
        self._parts: dict[str, frozenset[str]] = {}

    def keys_of(self, key: str) -> frozenset[str]:
        """A normalised key and the canonical terms it is a synonym of."""
        extra = self.canon.get(key)
        return frozenset((key, *extra)) if extra else frozenset((key,))

    def full(self, phrase: str) -> frozenset[str]:
        found = self._full.get(phrase)
        if found is None:
            key = normalize(phrase)
            found = self.keys_of(key) if key else frozenset()
            self._full[phrase] = found
        return found

    def parts(self, phrase: str) -> frozenset[str]:
        found = self._parts.get(phrase)
        if found is None:
            key = normalize(phrase)
            whole = self.full(phrase)
            out: set[str] = set()
            for gram in _ngrams(key.split()) if key else ():
                out.update(self.keys_of(gram))
            found = frozenset(out - whole)
            self._parts[phrase] = found
        return found


# `company` values that name no company: a contact "at" one of them shares no workplace
NOT_COMPANIES = frozenset(norm_key(x) for x in (
    "freelance", "freelancer", "independent", "self-employed", "self employed", "retired", "student",
    "none", "n/a", "unemployed", "indépendant", "indépendante", "retraité", "retraitée", "étudiant",
    "étudiante", "sans emploi",
))


def is_company(name: str) -> bool:
    """Whether one ``company`` value names a company (``Freelance`` or ``Retired`` does not)."""
    key = norm_key(name)
    return bool(key) and key not in NOT_COMPANIES


@dataclass(frozen=True, eq=False)
class Phrase:
    """One need, offer, interest, tag or topic as written, with its matching keys (see
    ``Vocabulary``). Compared by identity: a network builds one per distinct text."""

    text: str
    full: frozenset[str]
    parts: frozenset[str]
    all: frozenset[str] = field(init=False, repr=False)  # full keys and the keys of their parts

    def __post_init__(self) -> None:
        object.__setattr__(self, "all", self.full | self.parts)


class Keyed(Protocol):
    """A phrase, or a group of phrases with the union of their keys."""

    @property
    def full(self) -> frozenset[str]: ...

    @property
    def all(self) -> frozenset[str]: ...


EXACT = 1.0  # they mean the same: the same words once normalised, or synonyms
CLOSE = 0.5  # one is part of the other: ``dashboards`` and ``dashboard design``


def meets(wanted: Keyed, offered: Keyed) -> float:
    """How well what is ``offered`` meets what is ``wanted`` (a need and an offer; what someone
    cares about and a topic): ``EXACT``, ``CLOSE`` or 0. Either side may be a group of
    phrases (someone's needs, someone's offers): then the best of any two of them."""
    if not wanted.full.isdisjoint(offered.full):
        return EXACT
    if wanted.full.isdisjoint(offered.all) and wanted.all.isdisjoint(offered.full):
        return 0.0
    return CLOSE


class Phrases(Keyed, Protocol):
    """A group of phrases: the union of their keys, and the phrases."""

    def __iter__(self) -> Iterator[Phrase]: ...


def shared(mine: Phrases, theirs: Keyed) -> list[str]:
    """The texts of ``mine`` (someone's interests or tags, a group of phrases) that mean the
    same as one of ``theirs`` (``meets`` exactly): what two people both care about."""
    if meets(mine, theirs) != EXACT:
        return []
    return [x.text for x in mine if meets(x, theirs) == EXACT]


def contains(text_key: str, key: str) -> bool:
    """Whether the words of ``key`` appear, in order and together, in the normalised ``text_key``."""
    return bool(key) and f" {key} " in f" {text_key} "
