"""Who can help with something: the contacts whose offers meet it, or who know about it.

The topic is read as a need and matched by ``terms.meets``, the matcher of introductions:
someone's ``offers`` (and what their own needs offer: who recruits offers a job) count
most, then their ``role``, ``interests`` and ``tags``, and what the user noted about them
lately that mentions it.
"""

from __future__ import annotations

from typing import Any

from vaultkit.config import Config
from vaultkit.engines.intros import Network, Person, join_phrases
from vaultkit.engines.sharing import recent_mentions
from vaultkit.engines.terms import EXACT, Phrase, is_url, meets, normalize, url_words
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
    net = Network(index, config, today)
    net.load_interests()
    need = net.terms.phrase(subject)
    mentions = recent_mentions(net, net.vocab.spellings(need.full))
    rows = []
    for p in net.people:
        if p.is_me:
            continue
        row = _row(net, p, need, mentions.get(p.path, []))
        if row:
            rows.append(row)
    rows.sort(key=lambda r: (norm_key(r["name"]), r["path"]))
    rows.sort(key=lambda r: r["last_contact"] or "", reverse=True)  # equal scores: the latest talk first
    rows.sort(key=lambda r: -r["score"])
    return rows[: max(0, limit)]


def _hits(need: Phrase, group) -> list[tuple[float, Phrase]]:
    if not group or not meets(need, group):
        return []
    found = [(s, x) for x in group if (s := meets(need, x))]
    return sorted(found, key=lambda h: -h[0])


def _row(net: Network, p: Person, need: Phrase, notes: list[tuple[str, str]]) -> dict[str, Any] | None:
    offers = _hits(need, p.offers)
    interests = _hits(need, p.interests)
    tags = _hits(need, p.tags)
    role = _hits(need, net.terms.group((p.role,))) if p.role else []
    if not (offers or interests or tags or role or notes):
        return None
    score = (sum(WEIGHT_WHO[w] * s for w, found in (("offers", offers), ("role", role), ("interests", interests),
                                                    ("tags", tags)) for s, _ in found)
             + min(MAX_NOTES, len(notes)))
    first, vocab = p.first, net.vocab
    reasons = []
    for strength, offer in offers:
        if offer.via:
            how = "" if strength == EXACT else " (close match)"
            reasons.append(f"{first} is looking for {offer.via}, so offers {offer.text}{how}")
        else:
            reasons.append(f"{first} offers {offer.text} ({vocab.how(need.text, offer.text, strength)})")
    if role:
        reasons.append(f"{first} works as {p.role} ({vocab.how(need.text, p.role, role[0][0])})")
    if interests:
        reasons.append(f"{first} is interested in {join_phrases([x.text for _, x in interests])}")
    if tags:
        reasons.append(f"{first} is tagged {join_phrases([x.text for _, x in tags])}")
    for date, title in notes[:MAX_NOTES]:
        reasons.append(f"you talked about it on {date}" + (f" ({title})" if title else ""))
    reasons.append(net.relationship(p, first))
    return {"name": p.name, "path": p.path, "score": round(score, 2), "reasons": reasons,
            "last_contact": net.last.get(p.path), "offers": [x.text for _, x in offers if not x.via]}
