from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Exchange:
    """One exchange with people on a day through a channel."""
    day: date
    channel: str                 # "Email", "LinkedIn", "WhatsApp", "Telegram"
    uid: str                     # stable id of the source item (a Message-ID; a hash for chats)
    emails: tuple[str, ...] = () # correspondents' addresses (lower-cased)
    phones: tuple[str, ...] = () # correspondents' phone numbers as written
    names: tuple[str, ...] = ()  # correspondents' display names
    profiles: tuple[str, ...] = () # profile URLs (LinkedIn)
    subject: str = ""
    source: str = ""             # "path:line" where it was read, for messages
