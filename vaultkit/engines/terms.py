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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol
from urllib.parse import unquote, urlsplit

from vaultkit.engines.concepts import CONFIG, EN, FR, Concept, Unit, builtin
from vaultkit.notes.values import display, norm_key

STOPWORDS = frozenset(
    # English
    "a an the to for of and or in on with at by from into about as per via my our your their his her its "
    "some any this that these those is are be been am was were we us i me you he she it they them who which "
    "what how also just more most very so such than then there here all each other own same"
    # French (accents already removed), with the first halves of elisions (d'un, l', qu'il)
    " un une des de du la le les pour et ou au aux en sur avec par dans ce cet cette ces mon ma mes ton "
    "ta tes son sa ses leur leurs notre nos votre vos qui que quoi dont est sont etre il elle ils elles nous "
    "vous on je tu se ne pas plus tres tout tous toute toutes chez entre vers afin ainsi aussi qu l d j s m t n c"
    # how people write a need or an offer: "looking for ...", "je cherche ...", "besoin de ..."
    " need needs needed needing looking look seeking seek want wants wanted find finding someone somebody "
    "people person good great new"
    " besoin besoins cherche cherchons cherchent chercher quelqu quelque un bon bonne bons bonnes nouveau "
    "nouvelle nouveaux nouvelles trouver".split()
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


# anything that is not a letter or digit (``str.isalnum``: the same as ``\w`` but ``_``) → a space
_ASCII_BLANKS = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalnum()})
_NOT_ALNUM_RE = re.compile(r"[\W_]")


def tokens(text: str) -> list[str]:
    """The words of a text: folded, cut at anything that is not a letter or digit."""
    folded = _LETTER_HYPHEN_RE.sub(r"\1", fold(text))  # e-mail → email, e-commerce → ecommerce
    cleaned = folded.translate(_ASCII_BLANKS) if folded.isascii() else _NOT_ALNUM_RE.sub(" ", folded)
    return [w for w in cleaned.split() if len(w) > 1]


# endings that make a (folded) word French for the stemmer: the two languages' stemmers
# disagree on them (``journaux``, ``investisseuses``, ``recrutement``)
_FRENCH_ENDINGS = ("eaux", "aux", "eur", "eurs", "euse", "euses", "rice", "rices", "ement", "ements", "ee",
                   "ees", "ique", "iques", "iste", "istes", "aire", "aires", "oire", "oires", "ienne",
                   "iennes", "ette", "ettes", "elle", "elles", "ais", "aise", "aises", "ait", "ant", "ants")


@lru_cache(maxsize=2)
def _stemmers() -> tuple:
    import Stemmer  # PyStemmer: the Snowball stemmers, in C

    return Stemmer.Stemmer("english"), Stemmer.Stemmer("french")


# words the stemmers would cut to another common word (``marketing`` → ``market``,
# ``engineer`` → ``engin``): kept whole, their plural made singular
_WHOLE = frozenset("marketing accounting accountant training engineer engineering hosting banking shipping "
                   "translation marketer".split())


def _stem_once(word: str) -> str:
    if word in _WHOLE:
        return word
    if word.endswith("s") and word[:-1] in _WHOLE:
        return word[:-1]
    if len(word) <= 3 or not word.isalpha() or not word.isascii():
        return word
    english, french = _stemmers()
    root = (french if word.endswith(_FRENCH_ENDINGS) else english).stemWord(word)
    return root if 1 < len(root) <= len(word) else word


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The root of an English or French word, by Snowball (French for words with French endings,
    else English): ``investors`` → ``investor``, ``journaux`` → ``journal``, ``recruiting`` →
    ``recruit``. Never raises, never longer. One pass: a root stemmed again may be cut further,
    so keys are made from the words as written, never from other keys."""
    return _stem_once(word)


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


def _ngrams(items: list) -> Iterable[list]:
    """Every contiguous run of items (words, units) shorter than the whole."""
    n = len(items)
    longest = n - 1 if n <= MAX_PART_WORDS else 4
    for size in range(1, longest + 1):
        for start in range(n - size + 1):
            yield items[start : start + size]


class Vocabulary:
    """Normalised keys of phrases, read with the built-in concepts and the vault's synonyms.

    ``full(phrase)`` are the keys the whole phrase stands for: its own key, and when it holds
    terms of concepts, its *meaning*: the concepts (``@fundraising``) with its other words, in
    any order, a concept that only qualifies another (``recruiting``, ``freelance``) left out
    (``data analyst candidates`` and ``recrutement d'un data analyst`` both mean
    ``@data_analyst``). ``parts(phrase)`` are the keys of the shorter runs of its units (a term
    of a concept is never cut), used for weaker, partial matches.
    """

    def __init__(self, synonyms: dict[str, list[str]] | None = None):
        self.lexicon = builtin(normalize).with_synonyms(synonyms, normalize)
        self._full: dict[str, frozenset[str]] = {}
        self._parts: dict[str, frozenset[str]] = {}

    def units(self, phrase: str) -> tuple[Unit, ...]:
        return self.lexicon.segment(normalize(phrase))

    def concept(self, key: str) -> Concept | None:
        """The concept of a key such as ``@fundraising``."""
        return self.lexicon.concepts.get(key[1:]) if key.startswith("@") else None

    def _meaning(self, units: tuple[Unit, ...] | list[Unit]) -> set[str]:
        """The concept keys of a run of units, with its other words (see the class)."""
        concepts = self.lexicon.concepts
        found = [concepts[u.concept] for u in units if u.concept]
        if not found:
            return set()
        main = list(dict.fromkeys(c for c in found if not c.qualifier))
        keep = main or found
        words = sorted({c.key for c in keep} | {u.words for u in units if not u.concept})
        out = {" ".join(words)}
        if len(main) == 1:
            out.add(main[0].key)  # about one thing, whatever the other words say of it
        if len(words) == 1:
            for c in keep:
                out.update("@" + x for x in c.also)
        return out

    def keys_of(self, units: tuple[Unit, ...] | list[Unit]) -> frozenset[str]:
        """The keys a run of units stands for: its words, and its meaning."""
        key = " ".join(u.words for u in units)
        return frozenset({key, *self._meaning(units)}) if key else frozenset()

    def full(self, phrase: str) -> frozenset[str]:
        found = self._full.get(phrase)
        if found is None:
            found = self._full[phrase] = self.keys_of(self.units(phrase))
        return found

    def parts(self, phrase: str) -> frozenset[str]:
        found = self._parts.get(phrase)
        if found is None:
            units = self.units(phrase)
            out: set[str] = set()
            for run in _ngrams(list(units)):
                if not all(u.vague and not u.concept for u in run):  # "press" alone is no part of "bench press"
                    out |= self.keys_of(run)
            found = self._parts[phrase] = frozenset(out) - self.full(phrase)
        return found

    def spellings(self, keys: Iterable[str]) -> list[str]:
        """The keys a text can hold for these keys: a word key itself, a concept (``@fundraising``)
        as each of its terms; meanings of several units are left out (their words are scattered)."""
        wanted = {k[1:] for k in keys if k.startswith("@") and " " not in k}
        out = {k for k in keys if not k.startswith("@")}
        if wanted:
            out.update(term for term, (cid, _, vague) in self.lexicon.terms.items() if cid in wanted and not vague)
        return sorted(out)

    def needers_offer(self, phrase: str) -> list[Concept]:
        """What someone who needs this offers by the same token (who is recruiting offers a job)."""
        concepts = self.lexicon.concepts
        out: list[Concept] = []
        for u in self.units(phrase):
            for cid in concepts[u.concept].needers_offer if u.concept else ():
                if cid in concepts and concepts[cid] not in out:
                    out.append(concepts[cid])
        return out

    def language(self, phrase: str) -> str:
        """``en`` or ``fr`` when the phrase reads as one of them (its terms, its small words), else ``""``."""
        units = self.units(phrase)
        votes = {EN: 0, FR: 0}
        for u in units:
            if u.concept and u.lang in votes:
                votes[u.lang] += 1
        for word in tokens(phrase):
            if word in _FRENCH_SMALL:
                votes[FR] += 1
            elif word in _ENGLISH_SMALL:
                votes[EN] += 1
        if not phrase.isascii():
            votes[FR] += 1
        if votes[EN] == votes[FR]:
            return ""
        return EN if votes[EN] > votes[FR] else FR

    def how(self, wanted: str, offered: str, strength: float) -> str:
        """How two phrases were found to match, in words: ``same words``, ``same concept: X``,
        ``same concept across languages: X``, ``both count as X`` (the user's synonyms), or a close match."""
        if normalize(wanted) == normalize(offered):
            return "same words"
        common = self.full(wanted) & self.full(offered) if strength == EXACT else (
            (self.full(wanted) & self.parts(offered)) | (self.parts(wanted) & self.full(offered)))
        names = []
        config = False
        users = {"@" + u.concept for u in (*self.units(wanted), *self.units(offered)) if u.lang == CONFIG}
        for key in sorted(common):
            ids = [k for k in key.split() if k.startswith("@")]
            if not ids:
                continue
            concepts = [self.concept(k) for k in ids]
            config = config or any(c and c.from_config for c in concepts) or bool(users & set(ids))
            names.append(" + ".join(c.label() if c else k[1:] for c, k in zip(concepts, ids, strict=True)))
        if strength != EXACT:
            return f"close match: {names[0]}" if names else "close match"
        if not names:
            return "same words"
        if config:
            return f"both count as {names[0]}"
        langs = {self.language(wanted), self.language(offered)}
        if len(langs) == 2 and langs & {EN, FR} and langs != {EN, ""}:  # French on one side only
            return f"same concept across languages: {names[0]}"
        return f"same concept: {names[0]}"


_FRENCH_SMALL = frozenset("un une des de du la le les pour et au aux sur avec dans ce cette ces mon ma mes son sa "
                          "ses leur leurs notre nos votre vos qui que est sont chez cherche besoin".split())
_ENGLISH_SMALL = frozenset("a an the to for of and in on with at by from into about my our your their some this "
                           "that is are looking need needs want".split())


# `company` values that name no company: a contact "at" one of them shares no workplace
NOT_COMPANIES = frozenset(norm_key(x) for x in (
    "freelance", "freelancer", "independent", "self-employed", "self employed", "retired", "student",
    "none", "n/a", "unemployed", "indépendant", "indépendante", "retraité", "retraitée", "étudiant",
    "étudiante", "sans emploi", "angel investor", "business angel", "investisseur", "investisseuse",
))
_REMARK_RE = re.compile(r"\s*\([^)]*\)")  # ``Retraité (ex-Carrefour)``: a remark in brackets


def is_company(name: str) -> bool:
    """Whether one ``company`` value names a company (``Freelance``, ``Retired`` or ``Retraité
    (ex-Carrefour)`` does not)."""
    key = norm_key(_REMARK_RE.sub("", name) if "(" in name else name)
    return bool(key) and key not in NOT_COMPANIES


# legal forms left out when comparing company names: ``Acme Inc.`` is ``ACME``
LEGAL_FORMS = frozenset(("inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "corp", "corporation",
                         "co", "gmbh", "ag", "sa", "sas", "sasu", "sarl", "eurl", "bv", "nv", "srl", "spa"))
_PUNCT_RE = re.compile(r"[^\w\s]|_")


def company_key(name: str) -> str:
    """The key two spellings of one company share: case, accents, punctuation and a trailing
    legal form ignored (``Acme, Inc.``, ``ACME Inc`` and ``[[Acme]]`` are all ``acme``); empty
    when ``name`` names no company (``is_company``)."""
    if not is_company(name):
        return ""
    words = _PUNCT_RE.sub(" ", norm_key(display(name)).replace("&", " and ")).split()
    while len(words) > 1 and (words[-1] in LEGAL_FORMS or words[-1] == "and"):
        words.pop()
    return " ".join(words)


@dataclass(frozen=True, eq=False)
class Phrase:
    """One need, offer, interest, tag or topic as written, with its matching keys (see
    ``Vocabulary``). Compared by identity: a network builds one per distinct text."""

    text: str
    full: frozenset[str]
    parts: frozenset[str]
    all: frozenset[str] = field(init=False, repr=False)  # full keys and the keys of their parts
    via: str = ""  # an offer read from a need (who is recruiting offers a job): that need as written

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


def containing(keys: Iterable[str]) -> Callable[[str], bool]:
    """``contains`` for any of ``keys``: a test of normalised texts, the keys padded once."""
    padded = [f" {k} " for k in keys if k]

    def test(text_key: str) -> bool:
        text = f" {text_key} "
        return any(k in text for k in padded)

    return test
