"""What the chat parsers share: who a participant is, who the user is, stable ids."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from vaultkit.notes.values import norm_key

_PHONE = re.compile(r"^\+?[\d\s().\-\u00a0\u202f]{6,}$")
# the invisible marks chat apps put around names and dates (left-to-right, pop direction...)
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"))


def clean(text: str) -> str:
    """Without the invisible direction marks, narrow and non-breaking spaces as spaces."""
    return " ".join(text.translate(_MARKS).replace("\u202f", " ").replace("\u00a0", " ").split())


def person_key(name: str) -> str:
    """One key per participant: a phone number by its digits, a name by ``norm_key``."""
    if is_phone(name):
        return "+" + re.sub(r"\D", "", name)
    return norm_key(clean(name)) or clean(name).casefold()


def is_phone(name: str) -> bool:
    """A participant shown as a phone number (someone not in the phone's address book)."""
    return bool(_PHONE.match(clean(name))) and sum(c.isdigit() for c in name) >= 6


def me_keys(me: str | Iterable[str] | None) -> set[str]:
    """The keys of the user's names (the config's ``me``: one name or several)."""
    if not me:
        return set()
    names = [me] if isinstance(me, str) else list(me)
    return {person_key(n) for n in names if n and n.strip()}


def uid(*parts: object) -> str:
    """A stable id for an exchange read from a chat: a short hash of what identifies it."""
    return hashlib.sha256("\n".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def everywhere(groups: list[set[str]]) -> set[str]:
    """The participants found in every group (who the user is, when the config does not say)."""
    if not groups:
        return set()
    common = set(groups[0])
    for group in groups[1:]:
        common &= group
    return common
