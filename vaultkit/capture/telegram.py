"""Telegram Desktop's JSON export (``result.json``): one chat, or the whole account.

The user is the export's ``personal_information`` (a full export), else the config's ``me``,
else, in a chat between two, the one the chat is not named after, else the one who wrote in
every chat. Channels, bots and saved messages are no exchange. A full export's contacts
give their phone numbers to the exchanges with them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from vaultkit.capture.chats import Said, chat_exchanges
from vaultkit.capture.exchanges import Exchange
from vaultkit.capture.people import clean, everywhere, me_keys, person_key
from vaultkit.formats.exportfiles import find_member, is_archive
from vaultkit.formats.records import ImportProblem, decode_text, read_input

CHANNEL = "Telegram"
_NOT_PEOPLE = {"saved_messages", "bot_chat", "public_channel", "private_channel", "public_group"}
_PERSONAL = "personal_chat"


def parse_telegram(path: str | Path, *, me: str | Iterable[str] | None = None,
                   tally: Counter[str] | None = None) -> tuple[list[Exchange], list[str]]:
    """The exchanges of a Telegram export: its ``result.json``, or the folder (or ZIP) holding it;
    ``tally["read"]`` counts the messages read."""
    where = str(path)
    if Path(path).is_dir() or is_archive(path):
        member = find_member(path, "result.json")
        if member is None:
            return [], [f"{path}: no result.json in this Telegram export"]
        if isinstance(member, ImportProblem):
            return [], [str(member)]
        where, data = member.where, member.data
    else:
        data, problem = read_input(path)
        if problem:
            return [], [str(problem)]
    text = decode_text(data)
    try:
        export = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [f"{where}:{exc.lineno}: not a Telegram export (invalid JSON: {exc.msg})"]
    if not isinstance(export, dict) or not ("messages" in export or "chats" in export):
        return [], [f"{where}:1: not a Telegram export (no messages or chats)"]
    listed = export.get("chats")
    chats = (listed.get("list") if isinstance(listed, dict) else None) if "chats" in export else [export]
    lines = _Lines(text)
    errors: list[str] = []
    read: list[tuple[dict, list[Said]]] = []
    for chat in chats if isinstance(chats, list) else []:
        if not isinstance(chat, dict) or chat.get("type") in _NOT_PEOPLE:
            continue
        said = []
        for message in chat.get("messages") or []:
            if not isinstance(message, dict) or message.get("type") != "message":
                continue  # a service message: someone joined, a call...
            line = lines.of(message.get("id"))
            day = _day(message.get("date"))
            who = str(message.get("from_id") or "")
            name = clean(str(message.get("from") or ""))
            if day is None:
                errors.append(f"{where}:{line}: message {message.get('id')} has no readable date; skipped")
                continue
            if not who and not name:
                continue  # a deleted account
            said.append(Said(day, who or person_key(name), name or who, f"{where}:{line}"))
        if tally is not None:
            tally["read"] += len(said)
        if said:
            read.append((chat, said))
    owner = _owner(export, read, me)
    numbers = _numbers(export)
    exchanges: list[Exchange] = []
    for chat, said in read:
        writers = {s.who for s in said}
        mine = (owner & writers) or _by_chat_name(chat, said)
        if not mine:
            errors.append(f"{where}: chat {chat.get('name')!r}: cannot tell which participant is you (set `me` "
                          "in the config to your name as Telegram writes it); skipped")
            continue
        phones = {s.who: numbers[person_key(s.name)] for s in said if person_key(s.name) in numbers}
        exchanges.extend(chat_exchanges(CHANNEL, said, mine, group=chat.get("type") != _PERSONAL, phones=phones))
    return exchanges, errors


def _owner(export: dict, read: list[tuple[dict, list[Said]]], me: str | Iterable[str] | None) -> set[str]:
    info = export.get("personal_information")
    if isinstance(info, dict) and info.get("user_id"):
        return {f"user{info['user_id']}"}
    wanted = me_keys(me)
    if wanted:
        return {s.who for _, said in read for s in said if person_key(s.name) in wanted}
    common = everywhere([{s.who for s in said} for _, said in read]) if len(read) > 1 else set()
    return common if len(common) == 1 else set()


def _numbers(export: dict) -> dict[str, str]:
    """The phone number of each of the account's contacts (a full export lists them), by name."""
    contacts = export.get("contacts")
    found = contacts.get("list") if isinstance(contacts, dict) else None
    out: dict[str, str] = {}
    for item in found if isinstance(found, list) else []:
        if not isinstance(item, dict) or not item.get("phone_number"):
            continue
        name = clean(f"{item.get('first_name') or ''} {item.get('last_name') or ''}")
        if name:
            out.setdefault(person_key(name), clean(str(item["phone_number"])))
    return out


def _by_chat_name(chat: dict, said: list[Said]) -> set[str]:
    """In a chat between two, the writer the chat is not named after."""
    writers = {s.who: s.name for s in said}
    if chat.get("type") != _PERSONAL or len(writers) != 2 or not chat.get("name"):
        return set()
    other = person_key(str(chat["name"]))
    return {w for w, n in writers.items() if person_key(n) != other} if other in map(person_key, writers.values()) \
        else set()


def _day(value: object) -> date | None:
    """The day of Telegram's local time stamp (``2026-11-03T09:12:44``)."""
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


class _Lines:
    """The line of each message in the file: Telegram writes it indented, one field a line,
    so the ``"id": N`` of the messages come in file order."""

    def __init__(self, text: str):
        self.text = text
        self.at = 0
        self.line = 1

    def of(self, message_id: object) -> int:
        for needle in (f'"id": {message_id},', f'"id":{message_id},'):
            found = self.text.find(needle, self.at)
            if found >= 0:
                self.line += self.text.count("\n", self.at, found)
                self.at = found + 1
                return self.line
        return self.line
