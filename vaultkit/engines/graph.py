"""A picture of the network (`vaultkit graph`): the contacts and the ties between them
(``engines/network.py``), for the renderers to draw as an Obsidian canvas, Mermaid or DOT.

Two people tied by `knows`, `introduced_by`, an introduction or small events share one edge,
labelled with every reason. A company is drawn as a node of its own, with an edge to each
person there now or before (rather than an edge between every two of its people: a company
of 200 would make 20,000), when at least two of the people shown are or were there. The
user is never drawn: they know everyone.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vaultkit.engines.network import COMPANY, EVENT, INTRODUCED, INTRODUCED_BY, KINDS, KNOWS, Tie, Ties
from vaultkit.engines.phrasing import event_name
from vaultkit.notes.model import CONTACT
from vaultkit.notes.values import norm_key

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index

CONTACT_NODE, COMPANY_NODE = "contact", "company"


@dataclass
class Node:
    """A contact or a company; ``path`` is its note (a company may have none)."""

    id: str  # the contact's path, ``company:KEY``
    kind: str
    name: str
    path: str | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "name": self.name, "path": self.path}


@dataclass
class Edge:
    """Why two nodes are linked: the kinds of ties and their labels."""

    a: str
    b: str
    kinds: list[str]
    label: str

    def to_json(self) -> dict[str, Any]:
        return {"from": self.a, "to": self.b, "kinds": list(self.kinds), "label": self.label}


@dataclass
class Graph:
    """The nodes (contacts by name, then companies by name) and edges (by their two ids)."""

    date: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "nodes": [n.to_json() for n in self.nodes],
                "edges": [e.to_json() for e in self.edges]}


def graph(index: Index, config: Config, today: str, *, tags: tuple[str, ...] = (),
          companies: tuple[str, ...] = (), around: str | None = None, depth: int = 1) -> Graph:
    """The network of every contact (but the user), or of those with one of ``tags``, at one of
    ``companies`` (now or before), within ``depth`` ties of the contact ``around``."""
    ties = Ties(index, config, today)
    ties.load()
    kept = {p for p, c in ties.contacts.items() if not c.is_me}
    if tags:
        wanted = {norm_key(t) for t in tags}
        kept = {p for p in kept if wanted & {norm_key(t) for t in ties.contacts[p].tags}}
    if companies:
        at: set[str] = set()
        for name in companies:
            company = ties.companies.find(name)
            at |= {*company.now_paths, *company.before_paths}
        kept &= at
    if around is not None:
        from vaultkit.store.lookup import find_note

        centre = find_note(index, around, (CONTACT,))
        near = _around(ties, centre, depth)
        kept = (kept & near) | {centre}
    return _draw(ties, today, kept)


def _around(ties: Ties, centre: str, depth: int) -> set[str]:
    """Everyone within ``depth`` ties of ``centre`` (``centre`` included)."""
    seen = {centre: 0}
    queue = deque([centre])
    while queue:
        path = queue.popleft()
        if seen[path] >= depth:
            continue
        for other in ties.of(path):
            if other not in seen:
                seen[other] = seen[path] + 1
                queue.append(other)
    return set(seen)


def _draw(ties: Ties, today: str, kept: set[str]) -> Graph:
    contacts = ties.contacts
    out = Graph(today)
    out.nodes = [Node(p, CONTACT_NODE, contacts[p].name, p)
                 for p in sorted(kept, key=lambda p: (norm_key(contacts[p].name), p))]
    pairs: dict[tuple[str, str], list[Tie]] = defaultdict(list)
    for tie in ties.all_direct():
        if tie.a in kept and tie.b in kept:
            pairs[min(tie.a, tie.b), max(tie.a, tie.b)].append(tie)
    edges = [Edge(a, b, [found[0].kind] if len(found) == 1 else sorted({t.kind for t in found}, key=KINDS.index),
                  _label(found, contacts)) for (a, b), found in pairs.items()]
    companies = []
    for company in ties.companies.by_key.values():
        now = [p for p in company.now_paths if p in kept]
        before = [p for p in company.before_paths if p in kept]
        if len(now) + len(before) < 2:
            continue
        node = Node(f"company:{company.key}", COMPANY_NODE, company.name, company.note)
        companies.append(node)
        edges += [Edge(p, node.id, [COMPANY], "at") for p in now]
        edges += [Edge(p, node.id, ["past_company"], "was at") for p in before]
    out.nodes += sorted(companies, key=lambda n: (norm_key(n.name), n.id))
    out.edges = sorted(edges, key=lambda e: (e.a, e.b))
    return out


def _label(ties: list[Tie], contacts: dict) -> str:
    """``knows``, ``François Mercier introduced you``, ``you introduced them``, ``met at Dinner at Le Servan``,
    ``met at 3 small events``: each kind once, in the order of ``KINDS``."""
    if len(ties) == 1 and ties[0].kind in (KNOWS, EVENT):  # most pairs: one tie
        return "knows" if ties[0].kind == KNOWS else f"met at {_event(ties[0].label)}"
    parts = []
    kinds = {t.kind for t in ties}
    if KNOWS in kinds:
        parts.append("knows")
    for t in ties:
        if t.kind == INTRODUCED_BY:
            said = f"{contacts[t.b].name} introduced you"
            if said not in parts:
                parts.append(said)
    if INTRODUCED in kinds:
        parts.append("you introduced them")
    events = sorted({(t.date or "", t.label or "") for t in ties if t.kind == EVENT})
    if len(events) == 1:
        parts.append(f"met at {_event(events[0][1])}")
    elif events:
        parts.append(f"met at {len(events)} small events")
    return " · ".join(parts)


_EVENT_NAMES: dict[str | None, str] = {}


def _event(title: str | None) -> str:
    """An event's title as said in a label (each worked out once)."""
    found = _EVENT_NAMES.get(title)
    if found is None:
        found = _EVENT_NAMES[title] = event_name(title or "")
    return found
