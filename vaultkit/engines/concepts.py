"""The vocabulary of what people need and offer: concepts, each with English and French terms.

The built-in concepts are ``vaultkit/data/concepts.yaml`` (a file users can read, and copy
from); the config's ``synonyms`` add terms to them and can move a term to another concept.
``Lexicon.segment`` reads a normalised phrase as a run of *units*: the longest term of a
concept found at each place, else one word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "concepts.yaml"  # read as a file: quicker to import
EN, FR, BOTH = "en", "fr", ""
CONFIG = "config"  # the language of a term the user added: it says nothing of the language


@dataclass(frozen=True)
class Concept:
    """One concept: its id and how it combines with others (see concepts.yaml)."""

    id: str
    qualifier: bool = False
    also: tuple[str, ...] = ()
    needers_offer: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()  # (language, first term in it)
    from_config: bool = False
    offered: tuple[tuple[str, str], ...] = ()  # (language, how a message names it when a need offers it)

    @property
    def key(self) -> str:
        return "@" + self.id

    def label(self, lang: str = EN) -> str:
        """How a message names it: its first term in that language, else its id in words."""
        found = dict(self.labels)
        return found.get(lang) or found.get(EN) or self.id.replace("_", " ")

    def offered_label(self, lang: str = EN) -> str:
        """How a message names it when someone's need offers it (``a job``), else ``label``."""
        found = dict(self.offered)
        return found.get(lang) or found.get(EN) or self.label(lang)


@dataclass(frozen=True)
class Unit:
    """One part of a phrase: the words of a term of a concept (with the term's language), or one word."""

    words: str
    concept: str | None = None
    lang: str = BOTH
    vague: bool = False  # a word with other meanings too (``seed``, ``press``): see ``Lexicon.segment``


class Lexicon:
    """Normalised term → concept, read from concepts.yaml and the config's synonyms."""

    def __init__(self, concepts: dict[str, Concept], terms: dict[str, tuple[str, str, bool]]):
        self.concepts = concepts
        self.terms = terms  # normalised term → (concept id, language, vague)
        self.longest = max((len(t.split()) for t in terms), default=1)
        self._segments: dict[str, tuple[Unit, ...]] = {}

    def segment(self, key: str) -> tuple[Unit, ...]:
        """The units of a normalised phrase, longest terms first, left to right. A vague term (a word
        with other meanings: ``seed``, ``press``, ``pilot``) stands for its concept only alone, or
        among terms only, one of them not vague and saying what about: ``seed`` in ``levée de fonds
        seed``, not in ``seed catalogue``, ``pilot feedback`` or ``cloud seeding``."""
        found = self._segments.get(key)
        if found is not None:
            return found
        words = key.split()
        units: list[Unit] = []
        i, n = 0, len(words)
        while i < n:
            for size in range(min(self.longest, n - i), 0, -1):
                term = " ".join(words[i : i + size])
                hit = self.terms.get(term)
                if hit:
                    units.append(Unit(term, hit[0], hit[1], hit[2]))
                    i += size
                    break
            else:
                units.append(Unit(words[i]))
                i += 1
        if len(units) > 1 and any(u.vague for u in units):
            concepts = self.concepts
            plain = any(not u.concept for u in units)
            anchored = any(u.concept and not u.vague and not concepts[u.concept].qualifier for u in units)
            if plain or not anchored:
                units = [Unit(u.words, vague=True) if u.vague else u for u in units]
        found = self._segments[key] = tuple(units)
        return found

    def with_synonyms(self, synonyms: dict[str, list[str]] | None, normalize: Callable[[str], str]) -> Lexicon:
        """This lexicon with the config's synonyms: a group whose name is a concept (its id or one of
        its terms) adds its terms to that concept; any other group is a new concept, and the terms it
        lists leave the built-in concept they were in."""
        if not synonyms:
            return self
        concepts, terms = dict(self.concepts), dict(self.terms)
        ids = {normalize(c.replace("_", " ")): c for c in concepts}
        for name, equivalents in synonyms.items():
            head = normalize(str(name))
            if not head:
                continue
            target = ids.get(head) or (self.terms[head][0] if head in self.terms else None)
            if target is None:
                target = "_".join(str(name).split())
                concepts[target] = Concept(target, labels=((EN, str(name).strip()),), from_config=True)
                ids[head] = target
            for item in [name, *(equivalents or [])]:
                key = normalize(str(item))
                if key:
                    terms[key] = (target, CONFIG, False)
        return Lexicon(concepts, terms)


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(x) for x in value if x is not None]
    return [str(value)]


def parse(data: dict, normalize: Callable[[str], str]) -> Lexicon:
    """A lexicon from the mapping of concepts.yaml (id → en, fr, qualifier, also, needers_offer)."""
    concepts: dict[str, Concept] = {}
    terms: dict[str, tuple[str, str, bool]] = {}
    for cid, spec in data.items():
        spec = spec or {}
        labels = tuple((lang, _as_list(spec.get(lang))[0].lstrip("~")) for lang in (EN, FR) if _as_list(spec.get(lang)))
        offered = spec.get("offered") if isinstance(spec.get("offered"), dict) else {}
        concepts[cid] = Concept(str(cid), bool(spec.get("qualifier")), tuple(_as_list(spec.get("also"))),
                                tuple(_as_list(spec.get("needers_offer"))), labels,
                                offered=tuple((k, str(v)) for k, v in offered.items() if k in (EN, FR) and v))
        for lang in (EN, FR):
            for term in _as_list(spec.get(lang)):
                vague = term.startswith("~")
                key = normalize(term.lstrip("~"))
                if not key:
                    continue
                known = terms.get(key)
                if known and known[0] == cid:  # another spelling, or the same word in both languages
                    terms[key] = (cid, known[1] if known[1] == lang else BOTH, vague or known[2])
                elif not known:
                    terms[key] = (cid, lang, vague)
    return Lexicon(concepts, terms)


@lru_cache(maxsize=1)
def _builtin_data() -> dict:
    text = DATA_FILE.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader) or {}


_BUILTIN: dict[int, Lexicon] = {}


def builtin(normalize: Callable[[str], str]) -> Lexicon:
    """The built-in lexicon (read once per process)."""
    found = _BUILTIN.get(id(normalize))
    if found is None:
        found = _BUILTIN[id(normalize)] = parse(_builtin_data(), normalize)
    return found


def languages(units: Iterable[Unit]) -> set[str]:
    """The languages the terms of these units belong to (a term of both, or the user's, says nothing)."""
    return {u.lang for u in units if u.concept and u.lang in (EN, FR)}
