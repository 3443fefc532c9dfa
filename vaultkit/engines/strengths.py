"""How strongly one person's needs are met by another's offers, for a whole network at once.

The strength of a pair one way is ``meets`` summed over the needs (``EXACT`` or ``CLOSE``
each), counted here in halves: 2 for a need met exactly, 1 for a close match. It depends
only on the two groups of phrases, so it is worked out once per needs group and per
offers group that meet, from inverted indexes (key → groups), never over all pairs; the
people come from the groups. ``givers(needs, h)`` are the people whose offers meet
``needs`` at strength ``h``, ``takers(offers, h)`` those whose needs ``offers`` meet at
``h``: the pairs of one level of strength, both ways, are an intersection of the two.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Protocol

from vaultkit.engines.terms import Phrase


class Grouped(Protocol):
    """A need or offer group (``intros.Group``): its phrases and their keys, ``sig`` the same
    for the same phrases."""

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


def _levels(counts: Counter[int]) -> dict[int, list[int]]:
    """Strength → the groups counted at that strength."""
    by_level: dict[int, list[int]] = defaultdict(list)
    for sig, h in counts.items():
        by_level[h].append(sig)
    return by_level


class Strengths:
    """The strengths between the needs and offers of ``people`` (the user left out by the caller)."""

    def __init__(self, people: Iterable[Someone]):
        self.by_needs: dict[int, list[int]] = defaultdict(list)  # needs sig → who has those needs
        self.by_offers: dict[int, list[int]] = defaultdict(list)
        self.needs: dict[int, Grouped] = {}
        self.offers: dict[int, Grouped] = {}
        for p in people:
            if p.needs:
                self.by_needs[p.needs.sig].append(p.id)
                self.needs.setdefault(p.needs.sig, p.needs)
            if p.offers:
                self.by_offers[p.offers.sig].append(p.id)
                self.offers.setdefault(p.offers.sig, p.offers)
        self.most = max((len(g.phrases) for g in self.needs.values()), default=0)  # the most needs of anyone
        # offers groups by key; needs phrases by key, and the needs groups of each phrase
        self._offer_full: dict[str, list[int]] = defaultdict(list)
        self._offer_all: dict[str, list[int]] = defaultdict(list)
        for sig, g in self.offers.items():
            for key in g.full:
                self._offer_full[key].append(sig)
            for key in g.all:
                self._offer_all[key].append(sig)
        self._need_full: dict[str, list[Phrase]] = defaultdict(list)
        self._need_all: dict[str, list[Phrase]] = defaultdict(list)
        self._groups_of: dict[Phrase, list[int]] = defaultdict(list)  # a need → the needs groups holding it
        for sig, g in self.needs.items():
            for need in g.phrases:
                if need not in self._groups_of:
                    for key in need.full:
                        self._need_full[key].append(need)
                    for key in need.all:
                        self._need_all[key].append(need)
                self._groups_of[need].append(sig)
        self._offers_at: dict[int, dict[int, list[int]]] = {}  # needs → strength → offers groups
        self._needs_at: dict[int, dict[int, list[int]]] = {}  # offers → strength → needs groups
        self._givers: dict[tuple[int, int], set[int]] = {}
        self._takers: dict[tuple[int, int], set[int]] = {}
        self._anyone: dict[int, set[int]] = {}

    def givers(self, needs: int, h: int) -> set[int]:
        """Everyone whose offers meet the needs of sig ``needs`` at strength ``h`` (in halves)."""
        found = self._givers.get((needs, h))
        if found is None:
            sigs = self.offers_at(needs).get(h, ())
            found = self._givers[needs, h] = set().union(*(self.by_offers[s] for s in sigs))
        return found

    def takers(self, offers: int, h: int) -> set[int]:
        """Everyone whose needs the offers of sig ``offers`` meet at strength ``h`` (in halves)."""
        found = self._takers.get((offers, h))
        if found is None:
            sigs = self.needs_at(offers).get(h, ())
            found = self._takers[offers, h] = set().union(*(self.by_needs[s] for s in sigs))
        return found

    def anyone(self, offers: int) -> set[int]:
        """Everyone with a need the offers of sig ``offers`` meet, at any strength."""
        found = self._anyone.get(offers)
        if found is None:
            found = self._anyone[offers] = set().union(
                *(self.by_needs[s] for sigs in self.needs_at(offers).values() for s in sigs))
        return found

    def offers_at(self, needs: int) -> dict[int, list[int]]:
        """Strength → the offers groups meeting the needs of sig ``needs`` that strongly."""
        found = self._offers_at.get(needs)
        if found is None:
            counts: Counter[int] = Counter()
            for need in self.needs[needs].phrases:
                exact = _union(self._offer_full, need.full)
                close = (_union(self._offer_all, need.full) | _union(self._offer_full, need.all)) - exact
                counts.update(exact)
                counts.update(exact)
                counts.update(close)
            found = self._offers_at[needs] = _levels(counts)
        return found

    def needs_at(self, offers: int) -> dict[int, list[int]]:
        """Strength → the needs groups the offers of sig ``offers`` meet that strongly."""
        found = self._needs_at.get(offers)
        if found is None:
            exact: set[Phrase] = set()
            close: set[Phrase] = set()
            for offer in self.offers[offers].phrases:
                exact.update(*(self._need_full.get(k, ()) for k in offer.full))
                close.update(*(self._need_all.get(k, ()) for k in offer.full))
                close.update(*(self._need_full.get(k, ()) for k in offer.all))
            counts: Counter[int] = Counter()
            for need in exact:
                counts.update(self._groups_of[need])
                counts.update(self._groups_of[need])
            for need in close - exact:
                counts.update(self._groups_of[need])
            found = self._needs_at[offers] = _levels(counts)
        return found

    def levels(self) -> list[tuple[int, int]]:
        """Every (one way, other way) pair of strengths, the first at least the second, the
        second 0 for a one-way match: by their sum, both ways first."""
        top = 2 * self.most
        return sorted(((h1, h2) for h1 in range(1, top + 1) for h2 in range(h1 + 1)),
                      key=lambda x: (-(x[0] + x[1]), x[1] == 0, -x[0]))

