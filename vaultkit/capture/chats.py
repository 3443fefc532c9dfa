"""From the messages of chats to exchanges, the same way for every chat app.

In a chat between the user and one other person, each day with a message, from either
side, is an exchange with them (an unanswered message is still a contact: someone reached
out). In a group, a day is an exchange with each member who wrote that day, when the user
wrote that day too (sitting in a group where someone posts is no contact with them). The
user is never a correspondent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vaultkit.capture.exchanges import Exchange
from vaultkit.capture.people import is_phone, uid


@dataclass(frozen=True)
class Said:
    """One message of a chat: its day, who wrote it (key and name as shown), where."""

    day: date
    who: str
    name: str
    source: str


def chat_exchanges(channel: str, messages: list[Said], owner: set[str], group: bool | None = None,
                   phones: dict[str, str] | None = None) -> list[Exchange]:
    """The exchanges of one chat, whose messages are ``messages`` and whose user is ``owner``;
    a ``group`` when the export says so, else when more than one other person wrote in it;
    ``phones``: the phone number of a participant (by key) when the export lists it."""
    others = {m.who for m in messages} - owner
    if group is None:
        group = len(others) > 1
    by_day: dict[date, list[Said]] = {}
    for m in messages:
        by_day.setdefault(m.day, []).append(m)
    out = []
    for day, said in by_day.items():
        writers = {m.who for m in said}
        if group and not writers & owner:
            continue
        for who in sorted((writers if group else others) - owner):
            first = next((m for m in said if m.who == who), said[0])
            name = next((m.name for m in messages if m.who == who), first.name)
            shown_as_number = is_phone(name)
            number = name if shown_as_number else (phones or {}).get(who, "")
            out.append(Exchange(day, channel, uid(channel, who, day.isoformat()),
                                phones=(number,) if number else (), names=() if shown_as_number else (name,),
                                source=first.source))
    return sorted(out, key=lambda e: (e.day, e.names, e.phones))
