"""How strongly one person's needs are met by another's offers, for a whole network at once.

The strength of a pair one way is ``meets`` summed over the needs (``EXACT`` or ``CLOSE``
each), counted here in halves: 2 for a need met exactly, 1 for a close match. It depends
only on the two groups of phrases, so it is worked out per needs group, from inverted
indexes (key → offers groups), never over all pairs: the offers groups meeting each need
exactly or closely, then, need after need, those at each strength (set operations). The
people come from the groups: ``givers(needs, h)`` are those whose offers meet ``needs`` at
strength ``h``, ``takers(offers, h)`` those whose needs ``offers`` meet at ``h``; the pairs
of one level of strength both ways are an intersection of the two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from operator import attrgetter
from typing import Protocol

from vaultkit.engines.terms import Phrase


class Grouped(Protocol):
    """A need or offer group (``intros.Group``): its phrases and their keys, ``sig`` the same
    for the same phrases (0 for none)."""

    phrases: tuple[Phrase, ...]
    full: frozenset[str]
    all: frozenset[str]
    sig: int


class Someone(Protocol):
    id: int
    needs: Grouped
    offers: Grouped


def _union(ix: dict[str, list[int]], keys: Iterable[str]) -> set[int]:
    found: set[int] = set()
    for key in keys:
        found.update(ix.get(key, ()))
    return found


def _add(levels: dict[int, set[int]], h: int, sigs: set[int]) -> None:
    if sigs:
        if h in levels:
            levels[h] |= sigs
        else:
            levels[h] = sigs


class Strengths:
    """The strengths between the needs and offers of ``people`` (the user left out by the caller).
    ``profiles``: (needs sig, offers sig) → who has those needs and offers, for those with needs."""

    def __init__(self, people: Iterable[Someone]):
        self.profiles: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.by_needs: dict[int, list[int]] = defaultdict(list)  # needs sig → who has those needs
        self.by_offers: dict[int, list[int]] = defaultdict(list)
        people = list(people)
        self.needs: dict[int, Grouped] = {p.needs.sig: p.needs for p in people}
        offers: dict[int, Grouped] = {p.offers.sig: p.offers for p in people}
        self.needs.pop(0, None)
        offers.pop(0, None)
        by_needs, by_offers, profiles = self.by_needs, self.by_offers, self.profiles
        for i, needs, offered in zip(map(attrgetter("id"), people), map(attrgetter("needs.sig"), people),
                                     map(attrgetter("offers.sig"), people), strict=True):
            if offered:
                by_offers[offered].append(i)
            if needs:
                by_needs[needs].append(i)
                profiles[needs, offered].append(i)
        self.most = max((len(g.phrases) for g in self.needs.values()), default=0)  # the most needs of anyone
        self._full: dict[str, list[int]] = defaultdict(list)  # key → the offers groups with it as a full key
        self._all: dict[str, list[int]] = defaultdict(list)
        for sig, g in offers.items():
            for key in g.full:
                self._full[key].append(sig)
            for key in g.all:
                self._all[key].append(sig)
        self._met: dict[Phrase, tuple[set[int], set[int]]] = {}
        self._offers_at: dict[int, dict[int, set[int]]] = {}
        self._needs_at: dict[int, dict[int, list[int]]] = {}
        self._givers: dict[tuple[int, int], set[int]] = {}
        self._takers: dict[tuple[int, int], set[int]] = {}
        self._anyone: dict[int, set[int]] = {}

    def met(self, need: Phrase) -> tuple[set[int], set[int]]:
        """The offers groups meeting one need exactly, and those meeting it closely only (``meets``)."""
        found = self._met.get(need)
        if found is None:
            exact = _union(self._full, need.full)
            close = (_union(self._all, need.full) | _union(self._full, need.all)) - exact
            found = self._met[need] = (exact, close)
        return found

    def offers_at(self, needs: int) -> dict[int, set[int]]:
        """Strength → the offers groups meeting the needs of sig ``needs`` that strongly."""
        found = self._offers_at.get(needs)
        if found is None:
            found = {}
            seen: set[int] = set()  # the groups meeting one of the needs so far
            for need in self.needs[needs].phrases:
                exact, close = self.met(need)
                either = exact | close
                after: dict[int, set[int]] = {}
                for h, sigs in found.items():
                    _add(after, h, sigs - either)
                    _add(after, h + 1, sigs & close)
                    _add(after, h + 2, sigs & exact)
                _add(after, 1, close - seen)
                _add(after, 2, exact - seen)
                seen |= either
                found = after
            self._offers_at[needs] = found
        return found

    def needs_at(self, h: int) -> dict[int, list[int]]:
        """Offers group → the needs groups it meets at strength ``h``."""
        found = self._needs_at.get(h)
        if found is None:
            found = self._needs_at[h] = defaultdict(list)
            for needs in self.needs:
                for sig in self.offers_at(needs).get(h, ()):
                    found[sig].append(needs)
        return found

    def givers(self, needs: int, h: int) -> set[int]:
        """Everyone whose offers meet the needs of sig ``needs`` at strength ``h`` (in halves)."""
        found = self._givers.get((needs, h))
        if found is None:
            sigs = self.offers_at(needs).get(h, ())
            found = self._givers[needs, h] = set().union(*map(self.by_offers.__getitem__, sigs))
        return found

    def takers(self, offers: int, h: int) -> set[int]:
        """Everyone whose needs the offers of sig ``offers`` meet at strength ``h`` (in halves)."""
        found = self._takers.get((offers, h))
        if found is None:
            sigs = self.needs_at(h).get(offers, ())
            found = self._takers[offers, h] = set().union(*map(self.by_needs.__getitem__, sigs))
        return found

    def anyone(self, offers: int) -> set[int]:
        """Everyone with a need the offers of sig ``offers`` meet, at any strength."""
        found = self._anyone.get(offers)
        if found is None:
            found = self._anyone[offers] = set().union(*(self.takers(offers, h) for h in range(1, 2 * self.most + 1)))
        return found

    def levels(self) -> list[tuple[int, int]]:
        """Every (one way, other way) pair of strengths, the first at least the second, the
        second 0 for a one-way match."""
        top = 2 * self.most
        return [(h1, h2) for h1 in range(1, top + 1) for h2 in range(h1 + 1)]
