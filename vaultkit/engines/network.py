"""Who is linked to whom among the user's contacts: the ties `reach` walks and `graph` draws.

A tie between two contacts is one of (strongest first):
- ``knows``: one's note lists the other in `knows`;
- ``introduced_by``: one's note says the other introduced the user to them (`introduced_by`);
- ``introduced``: the user introduced them (an introduction note, `status: made`);
- ``event``: both attended a small event: at most ``small_event`` people besides the user
  listed, and not of a large kind (``LARGE_KINDS``: a conference lists only the few people
  the user met there, who need not have met each other); an event called off, or in the
  future, does not count;
- ``company`` / ``past_company``: both are (or were) at the same company
  (``engines/companies.py``: one rule says which spellings are one company).
The user is never part of a tie: they know everyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vaultkit.engines.companies import Companies, Company
from vaultkit.notes.model import is_introduction, met_there, small_gathering
from vaultkit.notes.values import display, norm_key
from vaultkit.store import network as store

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index
    from vaultkit.store.records import Contact

KNOWS, INTRODUCED_BY, INTRODUCED, EVENT, COMPANY, PAST_COMPANY = (
    "knows", "introduced_by", "introduced", "event", "company", "past_company")
KINDS = (KNOWS, INTRODUCED_BY, INTRODUCED, EVENT, COMPANY, PAST_COMPANY)
# how strongly each kind of tie says two people know each other (0 to 1)
STRENGTH = {KNOWS: 1.0, INTRODUCED_BY: 0.9, INTRODUCED: 0.85, EVENT: 0.6, COMPANY: 0.6, PAST_COMPANY: 0.45}
DINNER = 6  # an event of at most this many people (besides the user) is a close one: stronger
W_DINNER = 0.75
EXTRA = 0.1  # each further reason adds this much to the strongest one (at most 1)


@dataclass(frozen=True, slots=True)
class Tie:
    """One reason why ``a`` and ``b`` (contacts' paths) know each other."""

    a: str
    b: str
    kind: str
    via: str | None  # the note that says so: a's note, an event, a company's note
    label: str | None  # the event's title, the company's name
    date: str | None  # the event's day
    people: int | None  # how many attended the event
    strength: float
    before: tuple[str, ...] = ()  # of a past_company tie: who was there only before

    def other(self, path: str) -> str:
        return self.b if path == self.a else self.a

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "via": self.via, "label": self.label, "date": self.date,
                "people": self.people, "strength": self.strength}


def path_strength(ties: Iterable[Tie]) -> float:
    """How strong a set of reasons is: the strongest, plus ``EXTRA`` per further kind of reason."""
    best: dict[str, float] = {}
    for t in ties:
        best[t.kind] = max(best.get(t.kind, 0.0), t.strength)
    if not best:
        return 0.0
    values = sorted(best.values(), reverse=True)
    return round(min(1.0, values[0] + EXTRA * (len(values) - 1)), 3)


class Ties:
    """Every tie of a vault, read once per command: the direct ones (fields, introductions,
    small events) by contact, and who is at which company (the pairs of a company are made
    only when asked: a company of 200 people would make 20,000)."""

    def __init__(self, index: Index, config: Config, today: str) -> None:
        self.index = index
        self.today = today
        self.small_event = config.small_event
        self.me_key = norm_key(config.me) if config.me else ""
        self.contacts: dict[str, Contact] = index.contacts()
        self.me = frozenset(p for p, c in self.contacts.items() if c.is_me)
        self._direct: dict[str, list[Tie]] = defaultdict(list)
        self._loaded: set[str] | None = set()  # whose direct ties are read (None: everyone's)
        self.companies = Companies(index, today)
        self.member_of: dict[str, list[tuple[Company, bool]]] = defaultdict(list)  # path → (company, now)
        for company in self.companies.by_key.values():
            for path in company.now_paths:
                self.member_of[path].append((company, True))
            for path in company.before_paths:
                self.member_of[path].append((company, False))

    def _add(self, tie: Tie) -> None:
        if tie.a in self.me or tie.b in self.me or tie.a == tie.b:
            return
        self._direct[tie.a].append(tie)
        self._direct[tie.b].append(tie)

    def load(self, paths: Collection[str] | None = None) -> None:
        """Read the direct ties of everyone (``paths`` None), or of these contacts only (a
        handful: each tie is read through the index for them alone)."""
        if self._loaded is None:
            return
        if paths is None:
            self._direct.clear()
            self._loaded = None
            self._read_fields(None)
            self._read_events(None)
            return
        new = set(paths) - self._loaded
        if not new:
            return
        self._direct.clear()  # read again with the new ones: no tie twice
        self._loaded |= new
        self._read_fields(self._loaded)
        self._read_events(self._loaded)

    def _read_fields(self, paths: Collection[str] | None) -> None:
        for link in store.field_links(self.index, paths):
            self._add(Tie(link.src, link.dst, link.field, link.src, None, None, None, STRENGTH[link.field]))
        # `knows` written as plain names (`knows: Ada Lovelace, Bob`): resolved as links are
        for c in self.contacts.values():
            for value in c.knows:
                if "[[" in value or c.is_me:
                    continue
                dst = self.index.resolve_link(display(value))
                if dst in self.contacts and (paths is None or c.path in paths or dst in paths):
                    self._add(Tie(c.path, dst, KNOWS, c.path, None, None, None, STRENGTH[KNOWS]))

    def _read_events(self, paths: Collection[str] | None) -> None:
        for g in store.gatherings(self.index, self.today, self.me, self.me_key, paths):
            fields = {"type": g.type, "kind": g.kind, "status": g.status}
            if not met_there(fields):
                continue
            intro = is_introduction(fields)
            if not intro and not small_gathering(g.people, g.kind, self.small_event):
                continue
            kind = INTRODUCED if intro else EVENT
            strength = STRENGTH[kind] if intro or g.people > DINNER else W_DINNER
            people = sorted(set(g.contacts) - self.me)
            for i, a in enumerate(people):
                for b in people[i + 1:]:
                    self._add(Tie(a, b, kind, g.path, g.title, g.date[:10], g.people, strength))

    def direct(self, path: str) -> list[Tie]:
        """The ties of ``path`` but companies' (read first when they are not yet)."""
        if self._loaded is not None and path not in self._loaded:
            self.load([path])
        return self._direct.get(path, [])

    def company_ties(self, path: str, leave_out: str | None = None, but: Collection[str] = ()) -> list[Tie]:
        """``path``'s ties to everyone at one of their companies now or before; at the company
        of key ``leave_out``, only to those of ``but``."""
        out = []
        for company, now in self.member_of.get(path, ()):
            others = (*company.now_paths, *company.before_paths) if company.key != leave_out else but
            for other in others:
                if other == path or other in self.me or (other not in company.now_paths
                                                         and other not in company.before_paths):
                    continue
                other_now = other in company.now_paths
                kind = COMPANY if now and other_now else PAST_COMPANY
                before = tuple(p for p, there in ((path, now), (other, other_now)) if not there)
                out.append(Tie(path, other, kind, company.note, company.name, None, None, STRENGTH[kind], before))
        return out

    def of(self, path: str, leave_out: str | None = None, but: Collection[str] = ()) -> dict[str, list[Tie]]:
        """Everyone ``path`` is tied to, with every reason, strongest first (at the company of
        key ``leave_out``, only those of ``but``)."""
        out: dict[str, list[Tie]] = defaultdict(list)
        for tie in (*self.direct(path), *self.company_ties(path, leave_out, but)):
            out[tie.other(path)].append(tie)
        for ties in out.values():
            ties.sort(key=lambda t: (-t.strength, KINDS.index(t.kind), t.date or "", t.label or ""))
        return dict(out)

    def all_direct(self) -> list[Tie]:
        """Every tie but companies', each once, by the two paths and kind."""
        self.load()
        seen = {}
        for ties in self._direct.values():
            for t in ties:
                seen[(t.a, t.b, t.kind, t.via)] = t
        return [seen[k] for k in sorted(seen, key=lambda k: (k[0], k[1], k[2], k[3] or ""))]
