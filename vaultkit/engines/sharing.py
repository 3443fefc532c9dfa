"""Sharing an article: which contacts would care about a topic or a URL, with a short
drafted message for each ("you saw an article they would like? send it")."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from vaultkit.config import Config
from vaultkit.engines import introducing
from vaultkit.engines.candidates import holding
from vaultkit.engines.drafts import Draft, first_email
from vaultkit.engines.intros import Network, Person, Terms, join_phrases
from vaultkit.engines.terms import Phrase, Vocabulary, containing, is_url, meets, normalize, url_words
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
    terms = Terms(Vocabulary(config.synonyms))
    vocab = terms.vocab
    topic = _topic(vocab, phrases)
    strength = _matcher(topic)
    subject_keys = set(vocab.full(subject)) if normalize(subject) else set()
    words = normalize(subject).split()
    subject_keys |= {k for k in vocab.parts(subject) if len(k.split()) > 1 or len(words) == 1}
    mentions = recent_mentions(index, today, vocab.spellings(subject_keys))
    paths = holding(index, terms, lambda x: bool(meets(x, topic)), ("needs", "interests", "tags"))
    net = Network(index, config, today, paths | mentions.keys(), terms)  # only those who may care
    net.load_interests()
    scored = []
    for p in net.people:
        if p.is_me:
            continue
        hits = {what: sorted(((strength(x), x.text) for x in group if strength(x)), key=lambda h: -h[0])
                for what, group in (("needs", p.needs), ("interests", p.interests), ("tags", p.tags))}
        notes = mentions.get(p.path, [])
        score = (sum(WEIGHT_SHARE[what] * s for what, found in hits.items() for s, _ in found)
                 + min(2.0, 1.0 * len(notes)))
        if score > 0:
            scored.append((round(score, 2), p, hits, notes))
    scored.sort(key=lambda f: (-f[0], norm_key(f[1].name), f[1].path))
    scored = scored[: max(0, limit)]
    net.read_last(p.path for _, p, _, _ in scored)  # reasons and drafts only for the rows shown
    fields = index.fields(p.path for _, p, _, _ in scored) if scored else {}
    rows = []
    for score, p, hits, notes in scored:
        row = {"name": p.name, "path": p.path, "score": score, "reasons": _reasons(net, p, hits, notes),
               "last_contact": net.last.get(p.path)}
        best = max(((s, WEIGHT_SHARE[w] * s, w, t) for w, found in hits.items() for s, t in found), default=None,
                   key=lambda h: h[:2])  # exact matches first, then the heaviest
        kind, why = "notes", []
        if best:
            kind = best[2]
            why = [t for s, t in hits[kind] if s == best[0]]
        _share_draft(net, p, subject, url, kind, why, fields.get(p.path, {})).into(row)
        rows.append(row)
    return rows


def _reasons(net: Network, p: Person, hits: dict[str, list[tuple[float, str]]],
             notes: list[tuple[str, str]]) -> list[str]:
    needs, interests, tag_hits = ([t for _, t in hits[w]] for w in ("needs", "interests", "tags"))
    reasons = []
    if needs:
        reasons.append(f"{p.first} is looking for {join_phrases(needs)}")
    if interests:
        reasons.append(f"{p.first} is interested in {join_phrases(interests)}")
    if tag_hits:
        reasons.append(f"{p.first} is tagged {join_phrases(tag_hits)}")
    reasons += talked_about(notes[:2])
    reasons.append(net.relationship(p, p.first))
    return reasons


def talked_about(notes: list[tuple[str, str]]) -> list[str]:
    """The reasons of ``recent_mentions``' notes: ``you talked about it on DAY (TITLE)``."""
    return [f"you talked about it on {date}" + (f" ({title})" if title else "") for date, title in notes]


def _topic(vocab: Vocabulary, phrases: list[str]) -> Phrase:
    """The topic (its phrases) standing as an offer of itself and of each run of several of its
    words (see ``_matcher``)."""
    full: set[str] = set()
    parts: set[str] = set()
    for text in phrases:
        full |= vocab.full(text)
        for key in vocab.parts(text):
            (full if " " in key else parts).add(key)
    return Phrase(" / ".join(phrases), frozenset(full), frozenset(parts - full))


def _matcher(topic: Phrase):
    """``strength(phrase)``: how well the topic (``_topic``) meets a need, an interest or a
    tag, by ``meets``: 1 for the topic, a run of several of its words or a synonym; 0.5 for
    one word of a longer topic, a phrase holding the topic among other words, or one sharing a
    run of several words with it; else 0."""
    cache: dict[str, float] = {}

    def strength(phrase: Phrase) -> float:
        found = cache.get(phrase.text)
        if found is None:
            found = cache[phrase.text] = meets(phrase, topic)
        return found

    return strength


def recent_mentions(index: Index, today: str, keys: list[str]) -> dict[str, list[tuple[str, str]]]:
    """``path → [(date, title)]`` of the last months' notes about each contact that mention a key
    (the user's own note left out; an attendee note may name a note that is no contact, or the
    user: the callers look at their contacts only, the user never)."""
    if not keys:
        return {}
    since = (dt.date.fromisoformat(today) - dt.timedelta(days=SHARE_RECENT_DAYS)).isoformat()
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)

    maybe = _prefilter(keys)
    holds = containing(keys)

    def mentions(text: str) -> bool:
        if not maybe(text):
            return False
        # a key is never cut by a line end: normalise only lines that may hold one
        return any(maybe(line) and holds(normalize(line)) for line in text.splitlines())

    for section in index.contact_sections(since, today):
        if mentions(f"{section.title}\n{section.text}"):
            out[section.path].add((section.date, section.title))
    resolved: dict[str, str | None] = {}
    for event in index.attendee_notes(since, today):
        for note in event.notes:
            if not mentions(note.text):
                continue
            if note.target not in resolved:
                resolved[note.target] = index.resolve_link(note.target)
            path = resolved[note.target]
            if path is not None:
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
    search = re.compile("|".join(map(re.escape, sorted(heads)))).search  # any of them, in one pass

    def maybe(text: str) -> bool:
        low = text.lower() if text.isascii() else text.lower().translate(_PLAIN)
        return search(low) is not None

    return maybe


def _share_draft(net: Network, p: Person, subject: str, url: str | None, what: str, items: list[str],
                 fields: dict) -> Draft:
    """A short message sending the article to ``p``, saying why they came to mind."""
    voice = net.drafter.voice(p.lang, fields)
    me = net.me_name.split()[0] if net.me_name.split() else ""
    text = introducing.share(voice, p.first, subject, url, what, items, me)
    return net.drafter.finish(text, "share", voice, first_email(fields), subject if not url else None)
