"""The neutral record every capture source produces: one exchange with people on a day."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Exchange:
    """One exchange with people on a day through a channel."""

    day: date
    channel: str                 # "Email", "LinkedIn", "WhatsApp", "Telegram"
    uid: str                     # stable id of the source item (a Message-ID; a hash for chats)
    emails: tuple[str, ...] = ()  # correspondents' addresses (lower-cased)
    phones: tuple[str, ...] = ()  # correspondents' phone numbers as written
    names: tuple[str, ...] = ()  # correspondents' display names
    profiles: tuple[str, ...] = ()  # profile URLs (LinkedIn)
    subject: str = ""
    source: str = ""             # "path:line" where it was read, for messages


@dataclass
class SourceRead:
    """What reading one kind of source gave: its exchanges, how many items were read, those
    left out (by reason) and those that could not be read (``path:line: problem``)."""

    exchanges: list[Exchange] = field(default_factory=list)
    read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
