"""Who can help with something: the contacts whose offers meet it, or who know about it.

The topic is read as a need and matched by ``terms.meets``, the matcher of introductions:
someone's ``offers`` (and what their own needs offer: who recruits offers a job) count
most, then their ``role``, ``interests`` and ``tags``, and what the user noted about them
lately that mentions it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vaultkit.config import Config
from vaultkit.engines.candidates import holding
from vaultkit.engines.intros import Network, Person, Terms, join_phrases
from vaultkit.engines.sharing import recent_mentions, talked_about
from vaultkit.engines.terms import EXACT, Phrase, Vocabulary, is_url, meets, normalize, url_words
from vaultkit.errors import UsageError
from vaultkit.notes.values import norm_key
from vaultkit.store.index import Index

WEIGHT_WHO = {"offers": 3.0, "role": 2.0, "interests": 1.5, "tags": 1.0}
MAX_NOTES = 2


def who(index: Index, config: Config, today: str, topic: str, limit: int = 10) -> list[dict[str, Any]]:
    """The contacts who offer or know about ``topic`` (words or a URL), best first, each
    ``{name, path, score, reasons, last_contact, offers}`` (``offers``: theirs that meet it)."""
    subject = url_words(topic) if is_url(topic) else topic.strip()
    if not normalize(subject):
        raise UsageError("no words to match in that topic: say what you need help with, in words")
    terms = Terms(Vocabulary(config.synonyms))
    need = terms.phrase(subject)
    keys = need.all  # any match shares one of them (``meets``): a quick test first
    mentions = recent_mentions(index, today, terms.vocab.spellings(need.full))
    paths = holding(index, terms, lambda x: not keys.isdisjoint(x.all), ("offers", "interests", "tags", "role"),
                    implied_offers=True)
    net = Network(index, config, today, paths | mentions.keys(), terms)  # only those who may meet it
    net.load_interests()
    found = []
    roles: dict[str, bool] = {}
    for p in net.people:
        notes = mentions.get(p.path, [])
        if p.is_me or (not notes and keys.isdisjoint(p.offers.all) and keys.isdisjoint(p.interests.all)
                       and keys.isdisjoint(p.tags.all) and not _role_may(net, roles, keys, p.role)):
            continue
        hits = _find(net, p, need, notes)
        if hits:
            found.append(hits)
    found.sort(key=lambda h: -h.score)
    if len(found) > limit > 0:  # ties with the last shown are ordered by last contact: read theirs only
        found = [h for h in found if h.score >= found[limit - 1].score]
    net.read_last(h.person.path for h in found)
    found.sort(key=lambda h: (norm_key(h.person.name), h.person.path))
    found.sort(key=lambda h: net.last.get(h.person.path) or "", reverse=True)  # equal scores: the latest talk first
    found.sort(key=lambda h: -h.score)
    return [_row(net, h, need) for h in found[: max(0, limit)]]  # reasons for those listed only


@dataclass
class Hits:
    """What of one person meets the topic, and the score."""

    person: Person
    score: float
    offers: list[tuple[float, Phrase]]
    role: list[tuple[float, Phrase]]
    interests: list[tuple[float, Phrase]]
    tags: list[tuple[float, Phrase]]
    notes: list[tuple[str, str]]


def _role_may(net: Network, seen: dict[str, bool], keys: frozenset[str], role: str | None) -> bool:
    if not role:
        return False
    found = seen.get(role)
    if found is None:
        found = seen[role] = not keys.isdisjoint(net.terms.group((role,)).all)
    return found


def _hits(need: Phrase, group) -> list[tuple[float, Phrase]]:
    if not group or not meets(need, group):
        return []
    found = [(s, x) for x in group if (s := meets(need, x))]
    return sorted(found, key=lambda h: -h[0])


def _find(net: Network, p: Person, need: Phrase, notes: list[tuple[str, str]]) -> Hits | None:
    offers = _hits(need, p.offers)
    interests = _hits(need, p.interests)
    tags = _hits(need, p.tags)
    role = _hits(need, net.terms.group((p.role,))) if p.role else []
    if not (offers or interests or tags or role or notes):
        return None
    score = (sum(WEIGHT_WHO[w] * s for w, found in (("offers", offers), ("role", role), ("interests", interests),
                                                    ("tags", tags)) for s, _ in found)
             + min(MAX_NOTES, len(notes)))
    return Hits(p, round(score, 2), offers, role, interests, tags, notes)


def _row(net: Network, h: Hits, need: Phrase) -> dict[str, Any]:
    p, first, vocab = h.person, h.person.first, net.vocab
    reasons = []
    for strength, offer in h.offers:
        if offer.via:
            how = "" if strength == EXACT else " (close match)"
            reasons.append(f"{first} is looking for {offer.via}, so offers {offer.text}{how}")
        else:
            reasons.append(f"{first} offers {offer.text} ({vocab.how(need.text, offer.text, strength)})")
    if h.role:
        reasons.append(f"{first} works as {p.role} ({vocab.how(need.text, p.role, h.role[0][0])})")
    if h.interests:
        reasons.append(f"{first} is interested in {join_phrases([x.text for _, x in h.interests])}")
    if h.tags:
        reasons.append(f"{first} is tagged {join_phrases([x.text for _, x in h.tags])}")
    reasons += talked_about(h.notes[:MAX_NOTES])
    reasons.append(net.relationship(p, first))
    return {"name": p.name, "path": p.path, "score": h.score, "reasons": reasons,
            "last_contact": net.last.get(p.path), "offers": [x.text for _, x in h.offers if not x.via]}
