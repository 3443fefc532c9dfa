"""Contact or mention: what a line of a dated note says about the people it links.

A *contact* is an exchange with a person (a call, a coffee, an email...); a *mention*
only names them. In a dated note (a daily note, a meeting note) or under a dated
heading, a line that links someone is a contact when it reads as an exchange: it holds
one of the words below, in English or French (the config's ``contact_words`` adds
more). A completed task that links someone is a contact on its completion date. Open
tasks, quotes, code and embeds are neither.
"""

from __future__ import annotations

import re
from functools import lru_cache

CONTACT, MENTION, NEITHER = "contact", "mention", "neither"

# Words that make a line an exchange with the people it links. Matched as whole words,
# whatever the case; a word ending in "*" matches any ending (``appel*``: appel, appelé).
CONTACT_WORDS: tuple[str, ...] = (
    # English
    "call", "calls", "called", "phoned", "rang", "coffee", "lunch", "lunched", "dinner", "breakfast",
    "drinks", "met", "meeting", "bumped into", "ran into", "catch-up", "caught up", "chat", "chatted",
    "talked", "talking", "spoke",
    "email", "emailed", "e-mail", "mailed", "message", "messaged", "texted", "wrote to", "replied",
    "visit", "visited", "interview", "zoom", "video call", "1:1", "one-on-one",
    # French
    "appel", "appels", "appelé*", "rappelé*", "téléphone", "téléphoné*", "tél", "café", "déj", "déjeuner",
    "déjeuné", "dîner", "dîné", "diner", "petit-déj*", "apéro", "croisé*", "verre", "rencontre", "rencontré*", "vu",
    "vue", "revu*", "échange", "échanges", "échangé*", "discussion", "discuté*", "parlé*", "mail", "courriel",
    "écrit à", "répondu", "visio", "rdv", "rendez-vous", "réunion", "entretien", "sms", "whatsapp",
)

_QUOTE_FIRST = frozenset(" \t>")  # how a quote's line may start
_LINK_SPAN_RE = re.compile(r"\[\[[^\]]*\]\]")
_COMPLETION_RE = re.compile(
    r"✅\s*(\d{4}-\d{2}-\d{2})|\[completion::\s*(\d{4}-\d{2}-\d{2})\]|\(done:\s*(\d{4}-\d{2}-\d{2})\)")


@lru_cache(maxsize=16)
def contact_pattern(extra: tuple[str, ...] = ()) -> re.Pattern:
    """One regex for the contact words (and the config's extra ones), the words grouped by
    their first letter: a position is tried against a few letters, not against every word."""
    words = {w.strip().lower() for w in (*CONTACT_WORDS, *extra)} - {""}
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=lambda w: (-len(w), w)):
        bare = word.rstrip("*")
        rest = re.escape(bare[1:]).replace(r"\ ", r"\s+") + (r"\w*" if word.endswith("*") else "")
        groups.setdefault(re.escape(bare[:1]), []).append(rest)
    parts = [first + "(?:" + "|".join(rests) + ")" for first, rests in groups.items()]
    # and a quick test of the letter first (none when a lone `*` stands for any word)
    ahead = "" if "" in groups else "(?=[" + "".join(groups) + "])"
    return re.compile(r"(?<![\w-])" + ahead + "(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


def _outside_links(line: str) -> str:
    """The line without its ``[[links]]``: a name such as [[Café Lumière]] is no exchange."""
    return _LINK_SPAN_RE.sub(" ", line)


def line_role(line: str, extra: tuple[str, ...] = ()) -> str:
    """What a body line (not a task) says of the people it links: CONTACT, MENTION or
    NEITHER (a quote)."""
    return role_by(contact_pattern(extra), line)


def role_by(pattern: re.Pattern, line: str) -> str:
    """``line_role`` with the contact words' pattern made once (``contact_pattern``)."""
    if line[:1] in _QUOTE_FIRST and line.lstrip(" \t").startswith(">"):
        return NEITHER
    found = pattern.search(line)
    if found is None:  # most mentions: no word of an exchange at all
        return MENTION
    if "[[" not in line[:found.start()]:  # the first such word is before any link
        return CONTACT
    return CONTACT if pattern.search(_outside_links(line)) else MENTION


def completion_date(task_text: str) -> str | None:
    """The day a completed task was done, when the task says it (``✅ 2026-11-25``,
    ``[completion:: 2026-11-25]``, ``(done: 2026-11-25)``)."""
    m = _COMPLETION_RE.search(task_text)
    return next((g for g in m.groups() if g), None) if m else None
