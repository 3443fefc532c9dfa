"""Warm paths: who among the user's contacts could introduce them to a person, to someone at
a company, or to someone who offers what they need (`vaultkit reach TARGET`).

The target is read as (first that fits): a contact (their name, file name or an alias,
exactly), a company of the vault (``engines/companies.py``), a need (matched with the
introductions' matcher: those whose offers meet it), then a contact or company by the start
of its words. ``--contact``, ``--company`` and ``--need`` say which.

A path goes from a *connector* (a contact tied to the person: ``engines/network.py``) to a
*target person*. Its score is how warm the user's relationship with the connector is (their
health bucket: ``engines/health.py``) × how strong the tie is (× 0.7 to someone at a company
only before). For a company or a need, the people the user already knows well (active or
new) are listed as targets to ask directly, and no path is sought to them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vaultkit.engines.drafts import Draft, Drafter, first_email, first_name
from vaultkit.engines.health import health_of
from vaultkit.engines.introducing import ask_intro
from vaultkit.engines.network import (
    COMPANY,
    EVENT,
    INTRODUCED,
    INTRODUCED_BY,
    KNOWS,
    Tie,
    Ties,
    path_strength,
)
from vaultkit.engines.phrasing import at_event, event_name
from vaultkit.engines.terms import company_key
from vaultkit.errors import Ambiguous, NotFound, UsageError
from vaultkit.notes.model import CONTACT
from vaultkit.notes.values import norm_key

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.engines.companies import Company
    from vaultkit.store.index import Index

KINDS = ("contact", "company", "need")
# how much a connector's warmth counts, by the user's health bucket with them
WARMTH = {"active": 1.0, "new": 0.8, "cooling": 0.6, "at_risk": 0.4, "dormant": 0.15}
KNOWN_WELL = ("active", "new")  # no introduction needed: ask them yourself
BEFORE = 0.7  # a path to someone who was at the company before counts this much
LIMIT = 10
MAX_HELPERS = 20  # for a need: the people who meet it best, at most


@dataclass
class Person:
    """A target person: why they are one, and how warm the user is with them."""

    name: str
    path: str
    why: str  # ``offers seed funding (same words)``, ``at Coldline now (CTO)``, ``the contact asked for``
    bucket: str | None
    warmth_why: list[str]
    last_contact: str | None
    factor: float = 1.0  # how much a path to them counts

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "path": self.path, "why": self.why, "bucket": self.bucket,
                "warmth_why": list(self.warmth_why), "last_contact": self.last_contact,
                "known_well": self.bucket in KNOWN_WELL}


@dataclass
class WarmPath:
    """A connector who could introduce the user to a target person, with the reasons."""

    connector: str
    connector_path: str
    to: str
    to_path: str
    ties: list[Tie]
    reasons: list[str]
    strength: float
    bucket: str
    warmth: float
    warmth_why: list[str]
    last_contact: str | None
    score: float
    draft: Draft | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"connector": self.connector, "connector_path": self.connector_path, "to": self.to,
               "to_path": self.to_path, "reasons": list(self.reasons), "ties": [t.to_json() for t in self.ties],
               "strength": self.strength, "bucket": self.bucket, "warmth": self.warmth,
               "warmth_why": list(self.warmth_why), "last_contact": self.last_contact, "score": self.score}
        (self.draft or Draft("")).into(out)
        return out


@dataclass
class Reach:
    """`vaultkit reach TARGET`: what the target was read as, the people it means, the paths."""

    date: str
    query: str
    kind: str  # contact, company or need
    name: str  # the contact's or company's name, the need as typed
    path: str | None  # the contact's note, the company's note
    targets: list[Person] = field(default_factory=list)
    paths: list[WarmPath] = field(default_factory=list)
    more: int = 0  # paths found beyond the limit

    def to_json(self) -> dict[str, Any]:
        return {"date": self.date, "query": self.query, "kind": self.kind, "name": self.name, "path": self.path,
                "targets": [t.to_json() for t in self.targets], "paths": [p.to_json() for p in self.paths],
                "more": self.more}


def reach(index: Index, config: Config, today: str, target: str, kind: str | None = None,
          limit: int = LIMIT) -> Reach:
    """The warm paths to ``target`` (read as ``kind`` when given, else as the module says),
    best first, at most ``limit`` (0: all)."""
    if kind is not None and kind not in KINDS:
        raise UsageError(f"cannot reach a {kind!r}: say a contact, a company or a need")
    text = " ".join(target.split())
    if not text:
        raise UsageError("say whom to reach: a contact, a company or a need")
    ties = Ties(index, config, today)
    result = _target(index, config, today, ties, text, kind)
    ties.load([t.path for t in result.targets])
    _paths(index, config, today, ties, result, limit)
    return result


# -- what the target is -------------------------------------------------------------------


def _target(index: Index, config: Config, today: str, ties: Ties, text: str, kind: str | None) -> Reach:
    contacts = ties.contacts
    if kind in (None, "contact"):
        path = index.resolve_link(text)
        if path in contacts and not contacts[path].is_me:
            return _contact(today, text, contacts[path].name, path)
        if kind == "contact":
            from vaultkit.store.lookup import find_note

            path = find_note(index, text, (CONTACT,))
            if contacts[path].is_me:
                raise UsageError(f"{text!r} is you: say whom you would like to reach")
            return _contact(today, text, contacts[path].name, path)
    if kind in (None, "company"):
        key = company_key(text)
        if key in ties.companies.by_key or kind == "company":
            company = ties.companies.by_key.get(key) or ties.companies.find(text)
            return _company(index, today, text, company)
    found = _need(index, config, today, text)
    if found.targets or kind == "need":
        return found
    for guess in (lambda: _company(index, today, text, ties.companies.find(text)), lambda: _guess_contact(
            index, today, text, contacts)):
        try:
            return guess()
        except Ambiguous:
            raise
        except NotFound:
            continue
    raise NotFound(f"{text!r} is no contact, no company of the vault, and nobody offers it (try "
                   "`vaultkit who` for a broader search, or --need to see nobody offers it)")


def _guess_contact(index: Index, today: str, text: str, contacts: dict) -> Reach:
    from vaultkit.store.lookup import find_note

    path = find_note(index, text, (CONTACT,))
    if contacts[path].is_me:
        raise NotFound(text)
    return _contact(today, text, contacts[path].name, path)


def _contact(today: str, text: str, name: str, path: str) -> Reach:
    return Reach(today, text, "contact", name, path, [Person(name, path, "the contact asked for", None, [], None)])


def _company(index: Index, today: str, text: str, company: Company) -> Reach:
    found = Reach(today, text, "company", company.name, company.note)
    people = index.contacts({*company.now_paths, *company.before_paths})
    for path in sorted(people, key=lambda p: (norm_key(people[p].name), p)):
        c = people[path]
        if path in company.now_paths:
            role = f" ({c.role})" if c.role else ""
            found.targets.append(Person(c.name, path, f"at {company.name} now{role}", None, [], None))
        else:
            where = ", ".join(c.companies)
            found.targets.append(Person(c.name, path, f"at {company.name} before" + (f", now at {where}" if where
                                                                                      else ""),
                                        None, [], None, BEFORE))
    found.targets.sort(key=lambda t: t.factor < 1)  # those there now first, by name
    return found


def _need(index: Index, config: Config, today: str, text: str) -> Reach:
    from vaultkit.engines.intros import Network

    net = Network(index, config, today)
    need = net.terms.phrase(text)
    found = Reach(today, text, "need", text, None)
    if not need.full:
        return found
    from vaultkit.engines.terms import meets

    for p in net.helpers(need)[:MAX_HELPERS]:
        best = max(p.offers, key=lambda o: meets(need, o))
        how = net.vocab.how(need.text, best.text, meets(need, best))
        offer = f"is looking for {best.via}, so offers {best.text}" if best.via else f"offers {best.text}"
        found.targets.append(Person(p.name, p.path, f"{offer} ({how})", None, [], None))
    return found


# -- the paths ------------------------------------------------------------------------------


def _paths(index: Index, config: Config, today: str, ties: Ties, result: Reach, limit: int) -> None:
    targets = {t.path: t for t in result.targets}
    for path, h in health_of(index, config, today, targets).items():
        t = targets[path]
        t.bucket, t.warmth_why, t.last_contact = h.bucket, list(h.why), h.last_contact
    well = {p for p, t in targets.items() if t.bucket in KNOWN_WELL}
    # at the company asked about, only those the user knows well can introduce them to the others
    company = company_key(result.name) if result.kind == "company" else None
    found: dict[tuple[str, str], list[Tie]] = {}
    for t in result.targets:
        if result.kind != "contact" and t.path in well:
            continue  # ask them yourself
        for other, why in ties.of(t.path, company, well).items():
            if other in targets and result.kind == "contact":
                continue
            if other in targets and other not in well:
                continue  # someone the user would need an introduction to as well
            found[(other, t.path)] = why
    health = health_of(index, config, today, {c for c, _ in found})
    contacts = ties.contacts
    ranked = []  # scored first; the paths themselves are made for those shown only
    for (connector, to), why in found.items():
        h = health.get(connector)
        if h is None:
            continue
        target = targets[to]
        strength = path_strength(why)
        score = round(WARMTH[h.bucket] * strength * target.factor, 3)
        ranked.append((-score, -strength, contacts[connector].name_key, connector, norm_key(target.name), to))
    ranked.sort()
    shown = ranked[:limit] if limit > 0 else ranked
    result.more = len(ranked) - len(shown)
    for score, strength, _, connector, _, to in shown:
        h, target, why = health[connector], targets[to], found[(connector, to)]
        reasons = _reasons({connector: contacts[connector].name, to: target.name}, why)
        result.paths.append(WarmPath(contacts[connector].name, connector, target.name, to, why, reasons, -strength,
                                     h.bucket, WARMTH[h.bucket], list(h.why), h.last_contact, -score))
    _drafts(index, config, result)


def _reasons(names: dict[str, str], ties: list[Tie]) -> list[str]:
    """Each tie in words, each once: ``Ada lists Bob in knows``, ``both at Dinner at Le Servan
    (5 people, 2026-11-05)``; ``names``: the two people's names by path."""
    out = []
    for t in ties:
        a, b = names.get(t.a, t.a), names.get(t.b, t.b)
        if t.kind == KNOWS:
            text = f"{a} lists {b} in knows"
        elif t.kind == INTRODUCED_BY:
            text = f"{b} introduced you to {a} (introduced_by)"
        elif t.kind == INTRODUCED:
            text = f"you introduced {a} and {b} on {t.date}"
        elif t.kind == EVENT:
            text = f"both at {event_name(t.label or '')} ({t.people} people, {t.date})"
        elif t.kind == COMPANY:
            text = f"both at {t.label} now"
        elif len(t.before) == 1:
            now = b if t.before[0] == t.a else a
            text = f"{names.get(t.before[0], t.before[0])} was at {t.label} before; {now} is there now"
        else:
            text = f"both were at {t.label} before"
        if text not in out:
            out.append(text)
    return out


def _drafts(index: Index, config: Config, result: Reach) -> None:
    drafter = Drafter.for_config(config)
    fields = index.fields({p.connector_path for p in result.paths})
    contacts = index.contacts({p.connector_path for p in result.paths} | {p.to_path for p in result.paths})
    me = next((c.name for c in index.contacts().values() if c.is_me), None) or config.me or ""
    for p in result.paths:
        connector, target = contacts[p.connector_path], contacts[p.to_path]
        f = fields.get(p.connector_path, {})
        voice = drafter.voice(connector.lang, f)
        extra = ", ".join(x for x in (target.role, ", ".join(target.companies)) if x)
        who = target.name + (f" ({extra})" if extra else "")
        other = first_name(target.name)
        if norm_key(other) == norm_key(first_name(connector.name)):
            other = target.name
        best = p.ties[0]
        at = at_event(best.label, None, voice.lang) if best.kind == EVENT else None
        text = ask_intro(voice, first_name(connector.name), who, other, best.kind, best.label, at,
                         result.name if result.kind == "need" else None,
                         result.name if result.kind == "company" else None, first_name(me) if me else "")
        p.draft = drafter.finish(text, "reach", voice, first_email(f), target.name)

