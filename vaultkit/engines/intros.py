"""Introductions and sharing: who in the user's network should meet whom, and why.

A pair is suggested when one's ``needs`` meet the other's ``offers`` (one way
or both), or, further down, when they share ``interests``. Terms are compared
after normalisation (see ``terms``). Candidates come from inverted indexes
(term → groups of needs or offers, ``strengths``), never from a loop over all
pairs, level by level of how strongly needs are met, and the best ``limit`` are
found with score bounds: a level or a pair whose best possible score is below
the current ``limit``-th score is never scored; how recently the user talked
with someone is only read, and whether two people already know each other only
looked up, for pairs that could make the top.

Score of a pair (A, B)::

    (5 × matched needs  [a close match counts half]
     + 3 when both sides help each other
     + 0.5 per shared interest (at most 1.5) + 0.25 per shared tag (at most 0.5))
    × (0.6 + 0.4 × how recently the user talked with them, averaged over both)
    × 0.5 when they work at the same company
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations, repeat
from typing import TYPE_CHECKING, Any

from vaultkit.config import Config
from vaultkit.engines.drafts import Draft, Drafter, first_email
from vaultkit.engines.introducing import opt_in
from vaultkit.engines.phrasing import in_language
from vaultkit.engines.strengths import Strengths
from vaultkit.engines.terms import EXACT, Phrase, Vocabulary, company_key, meets, normalize, shared
from vaultkit.errors import UsageError
from vaultkit.notes.model import INTRO_STATUSES, is_introduction, met_there, small_gathering
from vaultkit.notes.values import display, norm_key
from vaultkit.store.index import Index

if TYPE_CHECKING:
    from vaultkit.store.records import AttendedEvent, Contact

W_MATCH = 5.0
TWO_WAY_BONUS = 3.0
W_INTEREST, MAX_INTEREST = 0.5, 1.5
W_TAG, MAX_TAG = 0.25, 0.5
EXTRA_MAX = MAX_INTEREST + MAX_TAG
SAME_COMPANY = 0.5
FRESH_FLOOR = 0.6
FRESH_DAYS, STALE_DAYS = 30, 730
PENDING_MAX = 20000  # pairs kept before they are scored: how recently the user talked with them is read in between
INTEREST_BUCKET_MAX = 200  # an interest shared by more contacts is too common to pair people on alone


class Group:
    """A contact's needs (or offers, interests, tags): the phrases and the union of their keys.
    Compared by identity: the network builds one per distinct value."""

    __slots__ = ("phrases", "full", "all", "sig")

    def __init__(self, phrases: tuple[Phrase, ...] = (), full: frozenset[str] = frozenset(),
                 all: frozenset[str] = frozenset(), sig: int = 0):
        self.phrases = phrases
        self.full = full
        self.all = all  # full keys and the keys of their parts
        self.sig = sig  # the same for groups of the same phrases in any order

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def __len__(self) -> int:
        return len(self.phrases)

    def __iter__(self):
        return iter(self.phrases)

    def __repr__(self) -> str:
        return f"Group({[x.text for x in self.phrases]!r})"


EMPTY = Group()


class Person:
    """One contact as the matcher sees it: who they are, their needs, offers and tags (read of
    everyone, ``Index.network_people``); the rest of their note's fields (``contact``) is read
    on first use, for the few people a command scores or shows (``Network.read_contacts``)."""

    __slots__ = ("id", "path", "is_me", "name_key", "needs", "offers", "tags", "_contact", "_interests",
                 "_company_keys", "_net")

    def __init__(self, id: int, path: str, is_me: bool, name_key: str, needs: Group, offers: Group, tags: Group,
                 net: Network):
        self.id, self.path, self.is_me, self.name_key = id, path, is_me, name_key
        self.needs, self.offers, self.tags = needs, offers, tags
        self._contact: Contact | None = None
        self._interests: Group | None = None
        self._company_keys: frozenset[str] | None = None
        self._net = net

    @property
    def contact(self) -> Contact:
        """The store's record of them, read on first use (``Network.read_contacts`` reads many at once)."""
        found = self._contact
        if found is None:
            self._net.read_contacts((self,))
            found = self._contact
            assert found is not None
        return found

    @property
    def interests(self) -> Group:
        """Built on first use (most contacts' interests are never looked at)."""
        found = self._interests
        if found is None:
            found = self._interests = self._net.terms.group(self.contact.interests)
        return found

    @property
    def company_keys(self) -> frozenset[str]:
        """The keys of their companies (``company_key``), on first use."""
        found = self._company_keys
        if found is None:
            found = self._company_keys = self._net.company_keys(self.contact.companies)
        return found

    @property
    def name(self) -> str:
        return self.contact.name

    @property
    def role(self) -> str | None:
        return self.contact.role

    @property
    def lang(self) -> str | None:
        return self.contact.lang

    @property
    def companies(self) -> tuple[str, ...]:
        return self.contact.companies

    @property
    def knows(self) -> tuple[str, ...]:
        return self.contact.knows

    @property
    def company(self) -> str:
        """Their companies, as one text."""
        return ", ".join(self.companies)

    def company_in(self, keys: frozenset[str]) -> str:
        """The first of their companies whose key is one of ``keys``."""
        return next(c for c in self.companies if company_key(c) in keys)

    @property
    def first(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


@dataclass
class Match:
    """A pair as scored: who helps whom with what, and what they share."""

    a: Person
    b: Person
    score: float
    a_gets: list[tuple[Phrase, Phrase, float]] = field(default_factory=list)  # a's need, b's offer
    b_gets: list[tuple[Phrase, Phrase, float]] = field(default_factory=list)
    interests: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    same_company: str | None = None

    @property
    def matched(self) -> bool:
        """Whether a need of one meets an offer of the other (else they only share interests or tags)."""
        return bool(self.a_gets or self.b_gets)


def _meeting(every: Iterable[str], full: Iterable[str], full_ix: dict[str, list[int]],
             part_ix: dict[str, list[int]]) -> set[int]:
    """Everyone whose terms meet these keys, exactly or closely: any of ``every`` (the full
    keys and their parts) among their full keys, or one of ``full`` among their parts."""
    found: set[int] = set()
    for key in every:
        found.update(full_ix.get(key, ()))
    for key in full:
        found.update(part_ix.get(key, ()))
    return found


def _strength(matches: list[tuple[Phrase, Phrase, float]]) -> float:
    return sum(m[2] for m in matches)


def _direction(needer: Person, giver: Person) -> list[tuple[Phrase, Phrase, float]]:
    """Each of ``needer``'s needs that ``giver`` offers, with the first of the offers that meet
    it best and how well (``meets``)."""
    offers = giver.offers
    if not meets(needer.needs, offers):
        return []
    out = []
    for need in needer.needs:
        strength = meets(need, offers)
        if strength:
            out.append((need, next(x for x in offers if meets(need, x) == strength), strength))
    return out


def _matched_score(h1: int, h2: int) -> float:
    """The score of needs met with strengths ``h1`` one way and ``h2`` the other (in halves of a
    need met, see ``strengths``), before the extras and how recently the user talked with them."""
    return W_MATCH * (h1 + h2) / 2 + (TWO_WAY_BONUS if h1 and h2 else 0.0)


def freshness(days: int | None) -> float:
    """1 when the user talked with them this month, falling to 0 at two years (or never)."""
    if days is None or days >= STALE_DAYS:
        return 0.0
    if days <= FRESH_DAYS:
        return 1.0
    return 1.0 - (days - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS)


class Terms:
    """The phrases and groups of one network, each built once: many contacts share the same
    values. Holds no contact, so that contacts may hold it."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self._phrases: dict[str, Phrase] = {}
        self._groups: dict[tuple[str, ...], Group] = {}
        self._sigs: dict[frozenset[Phrase], int] = {}
        self._items: dict[str, Phrase | bool] = {}  # a value as written → its phrase (False: no words)
        self._offers: dict[tuple[tuple[str, ...], tuple[str, ...]], Group] = {}
        self._implied: dict[str, list[Phrase]] = {}
        self._implied_by: dict[tuple[str, ...], list[Phrase]] = {}  # needs → the offers they make

    def phrase(self, text: str) -> Phrase:
        found = self._phrases.get(text)
        if found is None:
            found = Phrase(text, self.vocab.full(text), self.vocab.parts(text))
            self._phrases[text] = found
        return found

    def group(self, values: tuple[str, ...]) -> Group:
        """The phrases of one field's values."""
        if not values:
            return EMPTY
        found = self._groups.get(values)
        if found is None:
            found = self._add(values)
        return found

    def groups(self, values: Iterable[tuple[str, ...]]) -> dict[tuple[str, ...], Group]:
        """Build the groups of all these values at once; values → group."""
        groups = self._groups
        for value in values:
            if value and value not in groups:
                self._add(value)
        return groups

    def offers(self, offers: tuple[str, ...], needs: tuple[str, ...]) -> Group:
        """Someone's offers: what they wrote, and what their needs offer by the same token (who is
        recruiting offers a job; who looks for a job is a candidate)."""
        implied = self._implied_by.get(needs)
        if implied is None:
            implied = self._implied_by[needs] = [x for text in dict.fromkeys(needs) for x in self.implied(text)]
        if not implied:
            return self.group(offers)
        found = self._offers.get((offers, needs))
        if found is None:
            phrases = [*self.group(offers).phrases, *implied]
            found = self._offers[(offers, needs)] = self._make_group(list(dict.fromkeys(phrases)))
        return found

    def implied(self, need: str) -> list[Phrase]:
        """The offers one need makes (``Vocabulary.needers_offer``), each named by its concept."""
        found = self._implied.get(need)
        if found is None:
            text = display(need) if need else ""
            found = self._implied[need] = [
                Phrase(c.offered_label(), frozenset({c.key}), frozenset(), via=text)
                for c in (self.vocab.needers_offer(text) if text else ())]
        return found

    def _add(self, values: tuple[str, ...]) -> Group:
        items = self._items
        phrases: list[Phrase] = []
        for item in values:
            phrase = items.get(item)
            if phrase is None:
                phrase = self._item(item)
            if phrase and phrase not in phrases:
                phrases.append(phrase)
        found = self._groups[values] = self._make_group(phrases) if phrases else EMPTY
        return found

    def item(self, item: str) -> Phrase | None:
        """The phrase of one value as written (one of a field's values), None when it has no
        words to match."""
        phrase = self._items.get(item)
        if phrase is None:
            phrase = self._item(item)
        return phrase or None

    def _item(self, item: str) -> Phrase | bool:
        """The phrase of one value as written, False when it has no words to match."""
        text = display(item) if item else ""
        phrase = self.phrase(text) if text else None
        found = self._items[item] = phrase if phrase and phrase.full else False
        return found

    def _make_group(self, phrases: list[Phrase]) -> Group:
        sig = self._sigs.setdefault(frozenset(phrases), len(self._sigs) + 1)
        full, every = phrases[0].full, phrases[0].all
        for x in phrases[1:]:
            full, every = full | x.full, every | x.all
        return Group(tuple(phrases), full, every, sig)


class Network:
    """The contacts with their terms and the user's last contact with each, loaded once; who
    already knows whom, read as the suggestions need it."""

    def __init__(self, index: Index, config: Config, today: str, paths: Iterable[str] | None = None,
                 terms: Terms | None = None):
        """Everyone, or only the contacts of ``paths`` (with the user): a command that looks at
        a few people (``who``, ``share``) reads no one else."""
        self.index = index
        self.config = config
        self.today = today
        self.terms = terms or Terms(Vocabulary(config.synonyms))
        self.vocab = self.terms.vocab
        self._companies: dict[tuple[str, ...], frozenset[str]] = {}  # companies → their keys
        self.n = 0
        self.people: list[Person] = self._load(None if paths is None else set(paths))
        self.by_path = {p.path: p for p in self.people}
        self.n = len(self.people)
        self.me_paths = {p.path for p in self.people if p.is_me}
        me = next((p for p in self.people if p.is_me), None)
        self.me_name = me.name if me else (config.me or "")
        self._last: dict[str, str] | None = None
        self._some_last: dict[str, str | None] = {}  # read for a few (``read_some_last``): None, never
        self._day = dt.date.fromisoformat(today).toordinal()
        self._days: dict[str, int | None] = {}
        self._acquainted: dict[int, set[int]] = {}
        self._knows: dict[int, set[int]] = {}
        self._events: dict[str, frozenset[int]] = {}
        self._helpers: dict[str, list[Person]] = {}
        self._interest_ix: dict[str, list[int]] | None = None
        self._indexed = False

    # -- loading -------------------------------------------------------------------

    @property
    def last(self) -> dict[str, str]:
        """The user's last contact with each (the store's, not to be changed), read on first use:
        of everyone, or of those of ``read_last``."""
        if self._last is None:
            self._last = self.index.last_contacts(self.today)
        return self._last

    def read_last(self, paths: Iterable[str]) -> None:
        """Read the last contacts of these people only: the others' are never asked for."""
        if self._last is None:
            self._last = self.index.last_contacts_of(paths, self.today)

    def read_some_last(self, paths: Iterable[str]) -> None:
        """Read the last contacts of these people now, when everyone's are not read yet: ``days``
        and ``last_of`` answer for them without reading everyone's."""
        if self._last is None:
            wanted = [p for p in paths if p not in self._some_last]
            found = self.index.last_contacts_of(wanted, self.today)
            for path in wanted:
                self._some_last[path] = found.get(path)

    def last_read(self) -> frozenset[str] | None:
        """The people whose last contact was read so far (None: everyone's)."""
        return None if self._last is not None else frozenset(self._some_last)

    def last_of(self, path: str) -> str | None:
        """The user's last contact with them (None: never)."""
        if self._last is None and path in self._some_last:
            return self._some_last[path]
        return self.last.get(path)

    def days(self, path: str) -> int | None:
        """Days since the user's last contact with them (None: never)."""
        if path not in self._days:
            seen = self.last_of(path)
            self._days[path] = self._day - dt.date.fromisoformat(seen[:10]).toordinal() if seen else None
        return self._days[path]

    def _load(self, paths: set[str] | None) -> list[Person]:
        """Everyone, by path (the store's order): their needs, offers and tags, each list as
        stored (``Index.network_people``), the rest of each contact read when first used; or
        the few of ``paths``, each read whole (``Index.contacts``: every field is looked at)."""
        if paths is None:
            found = self.index.network_people()
            contacts = None
            items: Mapping[Any, tuple[str, ...]] = found.items
            columns = (found.paths, found.is_me, found.name_keys, found.needs, found.offers, found.tags)
        else:
            read = self.index.contacts(paths)
            contacts = [read[p] for p in sorted(read)]
            columns = tuple([getattr(c, f) for c in contacts]
                            for f in ("path", "is_me", "name_key", "needs", "offers", "tags"))
            items = {v: v for column in columns[3:] for v in column}  # the lists themselves
        paths_, is_me, keys, needs, offers, tags = columns
        group = self.terms.group
        groups: dict[Any, Group] = {}  # each distinct list (as stored) → its group
        for column in (needs, offers, tags):
            for value in dict.fromkeys(column):
                if value not in groups:
                    groups[value] = group(items[value])
        offers_of = self.terms.offers
        both: dict[tuple[Any, Any], Group] = {}  # what someone offers (``Terms.offers``)
        for offered, needed in dict.fromkeys(zip(offers, needs, strict=True)):
            both[offered, needed] = offers_of(items[offered], items[needed]) if items[needed] else groups[offered]
        of = groups.__getitem__
        people = list(map(Person, range(len(paths_)), paths_, is_me, keys, map(of, needs),
                          map(both.__getitem__, zip(offers, needs, strict=True)), map(of, tags), repeat(self)))
        if contacts is not None:
            for p, c in zip(people, contacts, strict=True):
                p._contact = c
        return people

    def read_contacts(self, people: Iterable[Person]) -> None:
        """Read the store's records of these people now, in one go (those not read yet)."""
        wanted = [p for p in people if p._contact is None]
        if not wanted:
            return
        if len(wanted) > self.n // 2 > 10000:  # most of a large vault: the whole table at once
            found = self.index.contacts()
        else:
            found = self.index.contacts([p.path for p in wanted])
        for p in wanted:
            p._contact = found[p.path]

    def company_keys(self, companies: tuple[str, ...]) -> frozenset[str]:
        """The keys of a list of companies (``company_key``), each list worked out once."""
        keys = self._companies.get(companies)
        if keys is None:
            keys = self._companies[companies] = frozenset(k for k in map(company_key, companies) if k)
        return keys

    def load_interests(self) -> None:
        """Build everyone's interests now."""
        waiting = [p for p in self.people if p._interests is None]
        self.read_contacts(waiting)
        self.terms.groups(p.contact.interests for p in waiting)

    def _build_indexes(self) -> None:
        if self._indexed:
            return
        self.offer_full_ix: dict[str, list[int]] = defaultdict(list)
        self.offer_part_ix: dict[str, list[int]] = defaultdict(list)
        self.need_full_ix: dict[str, list[int]] = defaultdict(list)
        self.need_part_ix: dict[str, list[int]] = defaultdict(list)
        for p in self.people:
            if p.is_me:
                continue
            for key in p.offers.full:
                self.offer_full_ix[key].append(p.id)
            for key in p.offers.all - p.offers.full:
                self.offer_part_ix[key].append(p.id)
            for key in p.needs.full:
                self.need_full_ix[key].append(p.id)
            for key in p.needs.all - p.needs.full:
                self.need_part_ix[key].append(p.id)
        self._givers: dict[tuple[frozenset[str], frozenset[str]], set[int]] = {}
        self._takers: dict[tuple[frozenset[str], frozenset[str]], set[int]] = {}
        self._phrase_givers: dict[str, set[int]] = {}
        self._indexed = True

    @property
    def interest_ix(self) -> dict[str, list[int]]:
        """Interest key → everyone who has that interest (built on first use)."""
        if self._interest_ix is None:
            self.load_interests()
            self._interest_ix = defaultdict(list)
            for p in self.people:
                if not p.is_me:
                    for key in p.interests.full:
                        self._interest_ix[key].append(p.id)
        return self._interest_ix

    def givers(self, p: Person) -> set[int]:
        """Everyone whose offers meet one of ``p``'s needs (exactly or closely)."""
        sig = (p.needs.full, p.needs.all)
        found = self._givers.get(sig)
        if found is None:
            found = self._givers[sig] = _meeting(p.needs.all, p.needs.full, self.offer_full_ix,
                                                 self.offer_part_ix)
        return found

    def phrase_givers(self, need: Phrase) -> set[int]:
        """Everyone with an offer that meets this one need (exactly or closely)."""
        found = self._phrase_givers.get(need.text)
        if found is None:
            found = self._phrase_givers[need.text] = _meeting(need.all, need.full, self.offer_full_ix,
                                                              self.offer_part_ix)
        return found

    def helpers(self, need: Phrase) -> list[Person]:
        """Everyone who could help with this need: whose offers meet it (``meets``, as for an
        introduction), best first: exact matches, then offers in the same words before
        synonyms, then by name. The user is never one of them. Ranked once per need."""
        found = self._helpers.get(need.text)
        if found is None:
            self._build_indexes()
            words = normalize(need.text)
            ranked = []
            by_group: dict[Group, tuple[float, bool]] = {}  # many share their offers: each group once
            for j in self.phrase_givers(need):
                p = self.people[j]
                rank = by_group.get(p.offers)
                if rank is None:
                    same = any(normalize(offer.text) == words for offer in p.offers)
                    rank = by_group[p.offers] = (-meets(need, p.offers), not same)
                ranked.append((*rank, _name_key(p), j))
            found = self._helpers[need.text] = [self.people[r[-1]] for r in sorted(ranked)]
        return found

    def takers(self, p: Person) -> set[int]:
        """Everyone with a need that one of ``p``'s offers meets."""
        sig = (p.offers.full, p.offers.all)
        found = self._takers.get(sig)
        if found is None:
            found = self._takers[sig] = _meeting(p.offers.all, p.offers.full, self.need_full_ix,
                                                 self.need_part_ix)
        return found

    # -- who already know each other -----------------------------------------------

    def key(self, i: int, j: int) -> int:
        return i * self.n + j if i < j else j * self.n + i

    def acquainted(self, i: int, j: int) -> bool:
        """Whether they already know each other, so that introducing them makes no sense: a link
        between their notes, a `knows` entry, a small event (or an introduction) together."""
        if j in self._acquainted and i not in self._acquainted:
            i, j = j, i  # look from the side already read
        return j in self.acquaintances(i) or i in self._knows_of(j)

    def acquaintances(self, i: int) -> set[int]:
        """Everyone ``i`` already knows (see ``acquainted``) but those whose `knows` field alone
        names ``i``, read on first use: only the pairs that could make the top are ever asked about."""
        found = self._acquainted.get(i)
        if found is None:
            found = self._acquainted[i] = self._read_acquaintances(i)
        return found

    def _read_acquaintances(self, i: int) -> set[int]:
        out = set(self._knows_of(i))
        ties = self.index.ties(self.people[i].path)
        out.update(self.by_path[other].id for other in ties.contacts)
        for event, attended in ties.events.items():
            if self._a_meeting(attended):
                out |= self._met_at(event, attended.kind)
        out.discard(i)
        return out

    def _knows_of(self, i: int) -> set[int]:
        """Whom ``i``'s `knows` field names, read on first use."""
        found = self._knows.get(i)
        if found is None:
            values = self.people[i].contact.knows
            paths = self.index.resolve_links(display(v) for v in values) if values else {}
            found = self._knows[i] = {self.by_path[p].id for p in paths.values() if p in self.by_path} - {i}
        return found

    def _a_meeting(self, event: AttendedEvent) -> bool:
        """Whether its attendees met at an event: any introduction (made, proposed or
        declined: never suggested again), else one that took place (`reach` and `graph`'s
        rule: dated up to today, not called off)."""
        fields = {"type": event.type, "kind": event.kind, "status": event.status}
        if is_introduction(fields):
            return True
        return bool(event.date) and event.date[:10] <= self.today and met_there(fields)

    def _met_at(self, event: str, kind: str | None) -> frozenset[int]:
        """The contacts who met at this event: its attendees when it is small (or an introduction),
        else nobody. The user is left out: they are there whether listed or not."""
        found = self._events.get(event)
        if found is None:
            me_key = norm_key(self.config.me) if self.config.me else ""
            who = self.index.attendance(event, sorted(self.me_paths), me_key)
            small = small_gathering(who.people, kind, self.config.small_event)
            found = frozenset(self.by_path[w].id for w in who.paths if w in self.by_path) if small else frozenset()
            self._events[event] = found
        return found

    # -- scoring -------------------------------------------------------------------

    def evaluate(self, i: int, j: int, check: bool = True) -> Match | None:
        """The scored pair, or None when it must not be suggested (or has nothing in common)."""
        m = self.score(i, j, check)
        return None if m is None or (check and self.acquainted(i, j)) else m

    def score(self, i: int, j: int, check: bool = True) -> Match | None:
        """The scored pair, or None when it is the user or the same contact twice, or when they have
        nothing in common (without ``check``, never None). Whether they know each other is
        ``acquainted``'s question."""
        if i > j:
            i, j = j, i  # one order only: shared interests are counted from a's side
        a, b = self.people[i], self.people[j]
        if check and (a.is_me or b.is_me or i == j):
            return None
        a_gets, b_gets = _direction(a, b), _direction(b, a)
        interests = shared(a.interests, b.interests)
        if check and not (a_gets or b_gets or interests):
            return None
        tags = shared(a.tags, b.tags)
        base = W_MATCH * (_strength(a_gets) + _strength(b_gets))
        if a_gets and b_gets:
            base += TWO_WAY_BONUS
        base += min(MAX_INTEREST, W_INTEREST * len(interests)) + min(MAX_TAG, W_TAG * len(tags))
        fresh = (freshness(self.days(a.path)) + freshness(self.days(b.path))) / 2
        score = base * (FRESH_FLOOR + (1 - FRESH_FLOOR) * fresh)
        same = a.company_keys & b.company_keys
        company = None
        if same:
            score *= SAME_COMPANY
            company = a.company_in(same)
        return Match(a, b, round(score, 2), a_gets, b_gets, interests, tags, company)

    def top(self, limit: int, weak: bool = False) -> list[Match]:
        """The ``limit`` best pairs of the whole network: pairs where a need meets an offer, then,
        with ``weak`` and while there is room, pairs that only share interests."""
        found: list[Match] = []
        scores: list[float] = []  # min-heap of the best ``limit`` scores
        seen: set[int] = set()

        def threshold() -> float:
            return scores[0] if len(scores) >= limit else float("-inf")

        def consider(i: int, j: int) -> None:
            m = self.score(i, j)
            if m is None or m.score < threshold() or self.acquainted(i, j):
                return  # below the limit-th best score so far: it will never make the top
            found.append(m)
            if len(scores) < limit:
                heapq.heappush(scores, m.score)
            elif m.score > scores[0]:
                heapq.heapreplace(scores, m.score)

        def consider_new(i: int, j: int) -> None:
            k = self.key(i, j)
            if k not in seen:
                seen.add(k)
                consider(i, j)

        def reachable(bound: float) -> bool:
            return round(bound, 2) >= threshold()

        people = [p for p in self.people if not p.is_me]
        strengths = Strengths(people)
        # how recently the user talked with each: 1 (the most it can be) until read, and read
        # only for those in a pair that could make the top
        fresh = [1.0] * self.n
        read = [False] * self.n

        def learn(ids: set[int]) -> None:
            ids = {i for i in ids if not read[i]}
            self.read_some_last(self.people[i].path for i in ids)
            self.read_contacts(self.people[i] for i in ids)  # the fields scoring them reads
            for i in ids:
                fresh[i], read[i] = freshness(self.days(self.people[i].path)), True

        floor, rise = FRESH_FLOOR, 1 - FRESH_FLOOR
        pending: list[tuple[int, int]] = []  # pairs that could make the top, with a ceiling of their level

        def flush(ceiling: float) -> None:
            """Score the pending pairs that still could make the top, the best first (the limit rises sooner)."""
            learn({i for pair in pending for i in pair})
            pending.sort(key=lambda x: -(fresh[x[0]] + fresh[x[1]]))
            for i, j in pending:
                if not reachable(ceiling * (floor + rise * ((fresh[i] + fresh[j]) / 2))):
                    break
                seen.add(self.key(i, j))
                consider(i, j)
            pending.clear()

        # every pair where a need meets an offer, by how strongly (in halves of a need met),
        # one way (h1) and the other (h2); a level or a pair whose best possible score (every
        # extra; how recently the user talked with them as it is) is below the limit-th best
        # so far is left out
        for h1, h2 in sorted(strengths.levels(), key=lambda h: -_matched_score(*h)):
            ceiling = _matched_score(h1, h2) + EXTRA_MAX
            if not reachable(ceiling):
                break
            for (needs, offers), group in strengths.profiles.items():
                if h1 > 2 * len(strengths.needs[needs].phrases):
                    continue  # more than all their needs met
                givers = strengths.givers(needs, h1)
                if not givers:
                    continue
                partners = givers & strengths.takers(offers, h2) if h2 else givers - strengths.anyone(offers)
                if not partners:
                    continue
                for i in group:
                    fi = fresh[i]
                    if not reachable(ceiling * (floor + rise * (fi + 1) / 2)):
                        continue
                    for j in partners:
                        if j == i or (h1 == h2 and j < i):
                            continue  # the same pair is met from the other side
                        if reachable(ceiling * (floor + rise * ((fi + fresh[j]) / 2))):
                            pending.append((i, j))
                    if len(pending) >= PENDING_MAX:
                        flush(ceiling)
            flush(ceiling)
        best = _best(found, limit)
        if not weak or len(best) >= limit:
            return best
        # 5. shared interests only, below every pair where a need meets an offer
        found.clear()
        scores.clear()
        limit -= len(best)
        for key in sorted(self.interest_ix):
            ids = self.interest_ix[key]
            if len(ids) <= INTEREST_BUCKET_MAX:
                for i, j in combinations(ids, 2):
                    consider_new(i, j)
        return best + _best(found, limit)

    def around(self, path: str, limit: int, weak: bool = False) -> list[Match]:
        """The ``limit`` best pairs involving one contact (with ``weak``, also those that only
        share interests, after the others)."""
        self._build_indexes()
        p = self.by_path[path]
        partners = self.givers(p) | self.takers(p)
        if weak:
            for key in p.interests.full:
                partners.update(self.interest_ix.get(key, ()))
        self.read_contacts([p, *(self.people[j] for j in partners)])
        found = [m for m in (self.evaluate(p.id, j) for j in sorted(partners)) if m and (weak or m.matched)]
        return _best(found, limit)

    # -- words -----------------------------------------------------------------------

    def oriented(self, m: Match) -> Match:
        """``a`` is the one who gains most (the one asked first), else the first by name."""
        ga, gb = _strength(m.a_gets), _strength(m.b_gets)
        swap = gb > ga or (gb == ga and _name_key(m.b) < _name_key(m.a))
        return self.swapped(m) if swap else m

    @staticmethod
    def swapped(m: Match) -> Match:
        """The same pair seen from ``b``'s side (same score)."""
        interests, tags = shared(m.b.interests, m.a.interests), shared(m.b.tags, m.a.tags)
        company = m.b.company_in(m.a.company_keys & m.b.company_keys) if m.same_company else None
        return Match(m.b, m.a, m.score, m.b_gets, m.a_gets, interests, tags, company)

    def describe(self, m: Match) -> dict[str, Any]:
        item = {"a": m.a.name, "b": m.b.name, "a_path": m.a.path, "b_path": m.b.path, "score": m.score,
                "reasons": self.reasons(m)}
        fields = self.index.fields([m.a.path, m.b.path])
        self.drafts(m, fields).into(item)
        self.drafts(self.swapped(m), fields).into(item, "_b")
        return item

    @cached_property
    def drafter(self) -> Drafter:
        return Drafter.for_config(self.config)

    def _labels(self, m: Match) -> tuple[str, str]:
        if norm_key(m.a.first) == norm_key(m.b.first):
            return m.a.name, m.b.name
        return m.a.first, m.b.first

    def reasons(self, m: Match) -> list[str]:
        na, nb = self._labels(m)
        out = []
        if m.a_gets and m.b_gets:
            out.append("two-way match: each can help the other")
        out.extend(self.need_reason(who, giver, need, offer, s)
                   for who, giver, gets in ((na, nb, m.a_gets), (nb, na, m.b_gets))
                   for need, offer, s in gets)
        if m.interests:
            out.append(f"both interested in {join_phrases(m.interests)}")
        if not m.matched:
            out.append("no need of one meets an offer of the other: a weak reason to meet")
        if m.tags:
            out.append(f"both tagged {join_phrases(m.tags)}")
        if m.same_company:
            out.append(f"both at {m.same_company}: they may already know each other (score lowered)")
        out.append(self.relationship(m.a, na))
        out.append(self.relationship(m.b, nb))
        return out

    def need_reason(self, who: str, giver: str, need: Phrase, offer: Phrase, strength: float) -> str:
        """``Ada needs X; Bob offers Y (how the match was found)``."""
        if offer.via:
            how = "" if strength == EXACT else " (close match)"
            return f"{who} needs {need.text}; {giver} is looking for {offer.via}, so offers {offer.text}{how}"
        how = self.vocab.how(need.text, offer.text, strength)
        if how == "same words":
            return f"{who} needs {need.text}, which {giver} offers (same words)"
        return f"{who} needs {need.text}; {giver} offers {offer.text} ({how})"

    def offered(self, offer: Phrase, lang: str) -> str:
        """An offer as a message names it: as written, or the concept a need offers in that language."""
        if not offer.via:
            return offer.text
        concept = next((self.vocab.concept(k) for k in offer.full), None)
        return concept.offered_label(lang) if concept else offer.text

    def relationship(self, p: Person, label: str) -> str:
        days = self.days(p.path)
        if days is None:
            return f"you have no recorded interaction with {label} yet"
        if days == 0:
            return f"you talked with {label} today"
        if days == 1:
            return f"you last talked with {label} yesterday"
        if days <= 60:
            return f"you last talked with {label} {days} days ago"
        return f"you haven't talked with {label} since {(self.last_of(p.path) or '')[:10]}"

    def language(self, p: Person) -> str:
        lang = (p.lang or "").lower()[:2]
        return lang if lang in ("en", "fr") else (self.config.language if self.config.language in ("en", "fr")
                                                  else "en")

    def draft(self, m: Match) -> str:
        """The double opt-in message to ``a``: would they like an introduction to ``b``?"""
        return self.drafts(m, {}).text

    def drafts(self, m: Match, fields: dict[str, dict[str, Any]]) -> Draft:
        """The message asking ``a`` (in their voice, from their note's ``fields``) whether they
        would like an introduction to ``b``, with its ``mailto:`` link."""
        a, b = m.a, m.b
        other = self._labels(m)[1]  # b's first name, or full name when both share it
        f = fields.get(a.path, {})
        voice = self.drafter.voice(a.lang, f)
        who = b.name + (f" ({', '.join(x for x in (b.role, b.company) if x)})" if (b.role or b.company) else "")
        me = self.me_name.split()[0] if self.me_name.split() else ""
        notices: list[str] = []  # what is written in the other language stays out of the draft
        gets = in_language(voice.lang, dict.fromkeys(need.text for need, _, _ in m.a_gets), "the need", notices)
        gives = in_language(voice.lang, dict.fromkeys(need.text for need, _, _ in m.b_gets), "the need", notices)
        interests = in_language(voice.lang, m.interests, "the interest", notices)
        text = opt_in(voice, a.first, who, other, gets, gives, interests, me)
        return self.drafter.finish(text, "intro", voice, first_email(f), b.name, notices=notices)


def join_phrases(items: list[str], lang: str = "en", quote: bool = False) -> str:
    items = [f"« {x} »" if quote else x for x in items]
    if len(items) <= 1:
        return "".join(items)
    word = " et " if lang == "fr" else " and "
    return ", ".join(items[:-1]) + word + items[-1]


def _name_key(p: Person) -> tuple[str, str]:
    return p.name_key, p.path  # the index's ``norm_key`` of the name


def _best(found: list[Match], limit: int) -> list[Match]:
    """The ``limit`` best: pairs where a need meets an offer first, then by score and names."""
    if 0 < limit < len(found) and len({m.matched for m in found}) == 1:
        # only the scores up to the limit-th best can make it: sort only those
        cut = heapq.nlargest(limit, (m.score for m in found))[-1]
        found = [m for m in found if m.score >= cut]
    found.sort(key=lambda m: (not m.matched, -m.score, *sorted((_name_key(m.a), _name_key(m.b)))))
    return found[:limit]


def suggest(index: Index, config: Config, today: str, name_path: str | None = None,
            limit: int = 20, net: Network | None = None, weak: bool = False) -> list[dict]:
    """The best introductions to make, best first: the whole network, or those involving
    the contact at ``name_path``. Each is ``{a, b, a_path, b_path, score, reasons, draft}``,
    the draft asking ``a`` whether they would like an introduction to ``b``. Only pairs where
    a need meets an offer, unless ``weak``: then pairs that only share interests follow them.
    ``net``: the network of that day when the caller has it already."""
    if limit <= 0:
        return []
    net = net or Network(index, config, today)
    if name_path is not None:
        if name_path not in net.by_path:
            raise UsageError(f"{name_path} is not a contact")
        if net.by_path[name_path].is_me:
            raise UsageError(f"{name_path} is your own note: introductions are between two of your contacts")
        matches = net.around(name_path, limit, weak)
    else:
        matches = net.top(limit, weak)
    return [net.describe(net.oriented(m)) for m in matches]


def explain(index: Index, config: Config, today: str, a_path: str, b_path: str) -> dict:
    """The score, reasons and draft for one chosen pair, ``a`` first (nothing is excluded)."""
    net = Network(index, config, today)
    for path in (a_path, b_path):
        if path not in net.by_path:
            raise UsageError(f"{path} is not a contact")
    m = net.evaluate(net.by_path[a_path].id, net.by_path[b_path].id, check=False)
    assert m is not None
    return net.describe(m if m.a.path == a_path else net.swapped(m))


def check_status(status: str) -> str:
    status = status.strip().lower()
    if status not in INTRO_STATUSES:
        raise UsageError(f"unknown status {status!r}: use one of {', '.join(INTRO_STATUSES)}")
    return status


# -- recording an introduction --------------------------------------------------------


def record_intro(index: Index, config: Config, today: str, a_path: str, b_path: str,
                 status: str | None = None, date: str | None = None) -> dict[str, Any]:
    """Write the introduction event note for A and B, or set the status of the one that exists.

    Returns ``{action: created|updated|unchanged, path, status, a, b}``.
    """
    from vaultkit.notes import writer
    from vaultkit.notes.links import note_link

    if a_path == b_path:
        raise UsageError("an introduction needs two different contacts")
    status = check_status(status) if status else None
    contacts = index.contacts([a_path, b_path])
    for path in (a_path, b_path):
        if path not in contacts:
            raise UsageError(f"{path} is not a contact")
        if contacts[path].is_me:
            raise UsageError(f"{path} is your own note: introductions are between two of your contacts")
    info = explain(index, config, today, a_path, b_path)
    existing = index.introductions_between(a_path, b_path)
    result = {"a": info["a"], "b": info["b"]}
    if existing:
        path, current = existing[0].path, existing[0].status
        if status is None or status == current:
            return {**result, "action": "unchanged", "path": path, "status": current}
        # the day of the change: the agenda counts from it (intro_answer_days, intro_checkin_days)
        writer.set_fields(config.vault / path, {"status": status, "status_date": date or today})
        return {**result, "action": "updated", "path": path, "status": status, "previous": current}
    status = status or INTRO_STATUSES[0]
    day = date or today
    title = f"Introduction {info['a']} - {info['b']}"
    front = {
        "type": "event", "kind": "introduction", "title": title, "date": day, "status": status,
        "attendees": [note_link(a_path, info["a"]), note_link(b_path, info["b"])],
    }
    lines = [f"## Why (as of {today})", *(f"- {r}" for r in info["reasons"]), "",
             f"## Message to {info['a']}", *("> " + x if x else ">" for x in info["draft"].split("\n")), "",
             f"## Message to {info['b']}, after {info['a']}'s yes",
             *("> " + x if x else ">" for x in info["draft_b"].split("\n"))]
    from vaultkit.config import note_folder

    folder = note_folder(config, contact=False)
    written = writer.create_note(config.vault, folder, f"{day} {title}", writer.note_text(front, "\n".join(lines)))
    rel = written.relative_to(config.vault.resolve()).as_posix()
    return {**result, "action": "created", "path": rel, "status": status}
