"""Sharing an article: which contacts would care about a topic or a URL, with a short
drafted message for each ("you saw an article they would like? send it")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from vaultkit.config import Config
from vaultkit.engines import introducing
from vaultkit.engines.drafts import Draft, first_email
from vaultkit.engines.intros import Network, Person, join_phrases
from vaultkit.engines.terms import Phrase, Vocabulary, contains, is_url, meets, normalize, url_words
from vaultkit.errors import UsageError
from vaultkit.notes.values import norm_key
from vaultkit.store.index import Index

SHARE_RECENT_DAYS = 180
WEIGHT_SHARE = {"needs": 3.0, "interests": 2.0, "tags": 1.0}


def share(index: Index, config: Config, today: str, topic: str, tags: Iterable[str] = (),
          limit: int = 10) -> list[dict]:
    """Contacts who would care about an article on ``topic`` (text or URL), best first, each
    with the reasons and a short drafted message."""
    url = topic.strip() if is_url(topic) else None
    subject = url_words(url) if url else topic.strip()
    phrases = [x for x in [subject, *tags] if normalize(x)]
    if not phrases:
        raise UsageError("no words to match in that topic: give the topic as words, or add --tags a,b")
    net = Network(index, config, today)
    net.load_interests()
    strength = _topic_matcher(net.vocab, phrases)
    subject_keys = set(net.vocab.full(subject)) if normalize(subject) else set()
    words = normalize(subject).split()
    subject_keys |= {k for k in net.vocab.parts(subject) if len(k.split()) > 1 or len(words) == 1}
    mentions = recent_mentions(net, net.vocab.spellings(subject_keys))
    rows = []
    for p in net.people:
        if p.is_me:
            continue
        hits = {what: sorted(((strength(x), x.text) for x in group if strength(x)), key=lambda h: -h[0])
                for what, group in (("needs", p.needs), ("interests", p.interests), ("tags", p.tags))}
        notes = mentions.get(p.path, [])
        score = (sum(WEIGHT_SHARE[what] * s for what, found in hits.items() for s, _ in found)
                 + min(2.0, 1.0 * len(notes)))
        if score <= 0:
            continue
        needs, interests, tag_hits = ([t for _, t in hits[w]] for w in ("needs", "interests", "tags"))
        reasons = []
        if needs:
            reasons.append(f"{p.first} is looking for {join_phrases(needs)}")
        if interests:
            reasons.append(f"{p.first} is interested in {join_phrases(interests)}")
        if tag_hits:
            reasons.append(f"{p.first} is tagged {join_phrases(tag_hits)}")
        for date, title in notes[:2]:
            reasons.append(f"you talked about it on {date}" + (f" ({title})" if title else ""))
        reasons.append(net.relationship(p, p.first))
        best = max(((s, WEIGHT_SHARE[w] * s, w, t) for w, found in hits.items() for s, t in found), default=None,
                   key=lambda h: h[:2])  # exact matches first, then the heaviest
        kind, why = "notes", []
        if best:
            kind = best[2]
            why = [t for s, t in hits[kind] if s == best[0]]
        rows.append({
            "name": p.name, "path": p.path, "score": round(score, 2), "reasons": reasons,
            "last_contact": net.last.get(p.path), "_why": (p, kind, why),
        })
    rows.sort(key=lambda r: (-r["score"], norm_key(r["name"]), r["path"]))
    rows = rows[: max(0, limit)]
    fields = index.fields(r["path"] for r in rows) if rows else {}
    for row in rows:  # drafts only for the rows shown
        p, kind, why = row.pop("_why")
        _share_draft(net, p, subject, url, kind, why, fields.get(p.path, {})).into(row)
    return rows


def _topic_matcher(vocab: Vocabulary, phrases: list[str]):
    """``strength(phrase)``: how well the topic (its phrases) meets a need, an interest or a
    tag, by ``meets``, the topic standing as an offer of itself and of each run of several of
    its words: 1 for the topic, a run of several of its words or a synonym; 0.5 for one word of
    a longer topic, a phrase holding the topic among other words, or one sharing a run of
    several words with it; else 0."""
    full: set[str] = set()
    parts: set[str] = set()
    for text in phrases:
        full |= vocab.full(text)
        for key in vocab.parts(text):
            (full if " " in key else parts).add(key)
    topic = Phrase(" / ".join(phrases), frozenset(full), frozenset(parts - full))
    cache: dict[str, float] = {}

    def strength(phrase: Phrase) -> float:
        found = cache.get(phrase.text)
        if found is None:
            found = cache[phrase.text] = meets(phrase, topic)
        return found

    return strength


def recent_mentions(net: Network, keys: list[str]) -> dict[str, list[tuple[str, str]]]:
    """``path → [(date, title)]`` of the last months' notes about each contact that mention a key."""
    if not keys:
        return {}
    since = (dt.date.fromisoformat(net.today) - dt.timedelta(days=SHARE_RECENT_DAYS)).isoformat()
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)

    maybe = _prefilter(keys)

    def mentions(text: str) -> bool:
        if not maybe(text):
            return False
        for line in text.splitlines():  # a key is never cut by a line end: normalise only lines that may hold one
            if maybe(line):
                key_text = normalize(line)
                if any(contains(key_text, k) for k in keys):
                    return True
        return False

    for section in net.index.contact_sections(since, net.today):
        if mentions(f"{section.title}\n{section.text}"):
            out[section.path].add((section.date, section.title))
    resolved: dict[str, str | None] = {}
    for event in net.index.attendee_notes(since, net.today):
        for note in event.notes:
            if not mentions(note.text):
                continue
            if note.target not in resolved:
                resolved[note.target] = net.index.resolve_link(note.target)
            path = resolved[note.target]
            if path in net.by_path and path not in net.me_paths:
                out[path].add((event.date, event.title))
    result = {}
    for path, found in out.items():
        by_day: dict[str, str] = {}
        for date, title in sorted(found):
            by_day.setdefault(date, title)
        result[path] = sorted(by_day.items(), reverse=True)
    return result


_PLAIN = str.maketrans("àâäáãéèêëíîïìóôöòõúûüùçÿñœæ", "aaaaaeeeeiiiiooooouuuucynoa")


def _prefilter(keys: list[str]):
    """A quick test that a text may hold one of the keys: the root of a key's first word (a root is
    how its words begin, but for a final ``i`` from ``y``) in the text in lower case without
    accents. Normalising every note costs much more."""
    heads = set()
    for key in keys:
        first = key.split()[0] if key.split() else ""
        heads.add(first[:-1] if len(first) >= 5 and first.endswith("i") else first)
    heads.discard("")
    if not heads:
        return lambda text: False
    ordered = sorted(heads)

    def maybe(text: str) -> bool:
        low = text.lower() if text.isascii() else text.lower().translate(_PLAIN)
        return any(h in low for h in ordered)

    return maybe


def _share_draft(net: Network, p: Person, subject: str, url: str | None, what: str, items: list[str],
                 fields: dict) -> Draft:
    """A short message sending the article to ``p``, saying why they came to mind."""
    voice = net.drafter.voice(p.lang, fields)
    me = net.me_name.split()[0] if net.me_name.split() else ""
    text = introducing.share(voice, p.first, subject, url, what, items, me)
    return net.drafter.finish(text, "share", voice, first_email(fields), subject if not url else None)
