"""WhatsApp chat exports (``.txt``, alone, in the ZIP WhatsApp makes, or a folder of them).

Android writes ``31/12/2020, 21:41 - Name: text`` (``12/31/20, 9:41 PM - ``, French
``31/12/2020 à 21:41 - ``); iOS writes ``[31/12/2020, 21:41:05] Name: text`` and marks what
WhatsApp itself wrote with U+200E. Whether a file's dates are day-first or month-first is
decided from the file: the order under which most of its dates are real (a first field above
12 says day-first, a second one month-first); when both fit every date, a 12-hour clock
(AM/PM) says month-first, else day-first (most locales).
A four-digit first field is year-first (``2020-12-31``).

The user is the config's ``me``; else, when several chats are read together, the one who
wrote in every chat; else, in a chat between two people whose export names the other one
(``WhatsApp Chat with Ada.txt``, ``Discussion WhatsApp avec Ada.txt``), the other writer.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from vaultkit.capture.chats import Said, chat_exchanges
from vaultkit.capture.exchanges import Exchange
from vaultkit.capture.people import clean, everywhere, me_keys, person_key
from vaultkit.formats.exportfiles import is_archive, names_in
from vaultkit.formats.records import decode_text, read_input

CHANNEL = "WhatsApp"
_DATE = r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{2,4})\.?"
_TIME = r"(\d{1,2})[:.h](\d{2})(?:[:.](\d{2}))?\s*([aApP]\.?\s?[mM]\.?)?"
_IOS = re.compile(rf"^\[{_DATE},?\s*{_TIME}\]\s?(.*)$")
_ANDROID = re.compile(rf"^{_DATE},?\s*(?:à\s+|a las\s+|um\s+|kl\.\s*)?{_TIME}\s+[-–]\s(.*)$")
# a line starting with a date and a time that is not a message's first line: a broken one
_LOOKS_DATED = re.compile(rf"^\[?{_DATE},?\s*(?:à\s+)?{_TIME}")
_CHAT_NAME = re.compile(r"^(?:WhatsApp Chat (?:with|-)|Discussion WhatsApp (?:avec|-)|Chat de WhatsApp con)\s+(.+?)"
                        r"(?:\s*\(\d+\))?$", re.IGNORECASE)
# what WhatsApp writes for a photo, a voice note... sent by someone: a message all the same
_ATTACHMENT = re.compile(r"^<(?:attached|pièce jointe|joint|adjunto)|(?:omitted|absente?|omise?)\s*$",
                         re.IGNORECASE)
_ENCRYPTED = ("end-to-end encrypted", "chiffrés de bout en bout", "cifrados de extremo a extremo")


@dataclass
class _Chat:
    where: str
    name: str  # who the chat is with, from the file name; "" when unknown
    messages: list[tuple[int, date, str, str]] = field(default_factory=list)  # line, day, key, name


def parse_whatsapp(path: str | Path, *, me: str | Iterable[str] | None = None,
                   tally: Counter[str] | None = None) -> tuple[list[Exchange], list[str]]:
    """The exchanges of WhatsApp chat exports: a ``.txt``, WhatsApp's ZIP, or a folder of them;
    ``tally["read"]`` counts the messages read."""
    chats: list[_Chat] = []
    errors: list[str] = []
    for where, name, data in _exports(path, errors):
        chat, bad = _read(where, name, decode_text(data))
        errors.extend(bad)
        if tally is not None:
            tally["read"] += len(chat.messages)
        if chat.messages:
            chats.append(chat)
    owner_everywhere = everywhere([{m[2] for m in c.messages} for c in chats]) if len(chats) > 1 else set()
    wanted = me_keys(me)
    exchanges: list[Exchange] = []
    for chat in chats:
        writers = {m[2] for m in chat.messages}
        owner = (wanted & writers if wanted else set()) or (owner_everywhere if len(owner_everywhere) == 1
                                                             else set()) or _by_chat_name(chat, writers)
        if not owner:
            errors.append(f"{chat.where}: cannot tell which participant is you (set `me` in the config to "
                          "your name as WhatsApp writes it); skipped")
            continue
        said = [Said(day, key, name, f"{chat.where}:{line}") for line, day, key, name in chat.messages]
        exchanges.extend(chat_exchanges(CHANNEL, said, owner))
    return exchanges, errors


def _by_chat_name(chat: _Chat, writers: set[str]) -> set[str]:
    """In a chat between two, the writer who is not the one the export is named after."""
    if len(writers) != 2 or not chat.name:
        return set()
    other = person_key(chat.name)
    return writers - {other} if other in writers else set()


def _exports(path: str | Path, errors: list[str]) -> Iterable[tuple[str, str, bytes]]:
    """``(where, chat name, bytes)`` of each chat export found at ``path``."""
    root = Path(path)
    if root.is_dir():
        for rel in names_in(root):
            file = root / rel
            if rel.lower().endswith(".txt"):
                data, problem = read_input(file)
                if problem:
                    errors.append(str(problem))
                else:
                    yield str(file), _chat_name(file.stem), data
            elif rel.lower().endswith(".zip") and is_archive(file):
                yield from _zipped(file, errors)
        return
    if is_archive(root):
        yield from _zipped(root, errors)
        return
    data, problem = read_input(root)
    if problem:
        errors.append(str(problem))
    else:
        yield str(root), _chat_name(root.stem), data


def _zipped(archive: Path, errors: list[str]) -> Iterable[tuple[str, str, bytes]]:
    """The chat of WhatsApp's export ZIP (``_chat.txt`` on iOS, ``WhatsApp Chat with X.txt``
    on Android), named after the ZIP when its text file is not."""
    try:
        with zipfile.ZipFile(archive) as z:
            texts = [n for n in z.namelist() if n.lower().endswith(".txt") and not n.startswith("__MACOSX")]
            for name in texts:
                stem = PurePosixPath(name).stem
                yield f"{archive}!{name}", _chat_name(stem) or _chat_name(archive.stem), z.read(name)
    except (OSError, zipfile.BadZipFile, RuntimeError) as exc:
        errors.append(f"{archive}: cannot read the archive: {exc}")


def _chat_name(stem: str) -> str:
    match = _CHAT_NAME.match(clean(stem))
    return match.group(1).strip() if match else ""


# ---------------------------------------------------------------- reading a file


def _read(where: str, chat_name: str, text: str) -> tuple[_Chat, list[str]]:
    lines = text.split("\n")
    heads = [(n, _head(line)) for n, line in enumerate(lines, start=1)]
    order = _order([h for _, h in heads if h])
    chat = _Chat(where, chat_name)
    errors: list[str] = []
    started = False
    for number, head in heads:
        line = lines[number - 1].rstrip("\r")
        if head is None:
            if _LOOKS_DATED.match(clean(line)):
                errors.append(f"{where}:{number}: not a WhatsApp message line (a date and time, but not "
                              "followed by ` - Name: ` or inside [ ]); skipped")
            elif not started and clean(line):
                errors.append(f"{where}:{number}: not a WhatsApp message line (no date and time); skipped")
            continue  # the next line of a message written on several lines
        started = True
        day = _day(head, order)
        if day is None:
            errors.append(f"{where}:{number}: bad date or time {clean(line)[:40]!r}; skipped")
            continue
        sender, sep, said = head["rest"].partition(": ")
        if not sep or sender.startswith("\u200e") or not clean(sender):
            continue  # what WhatsApp wrote: someone joined, left, changed the subject...
        if said.startswith("\u200e") and not _ATTACHMENT.search(clean(said)):
            continue  # iOS: a notice in a person's name (the encryption notice...)
        if any(phrase in said.lower() for phrase in _ENCRYPTED):
            continue
        chat.messages.append((number, day, person_key(sender), clean(sender)))
    return chat, errors


def starts_message(line: str) -> bool:
    """Whether a line is the first line of a WhatsApp message (or notice)."""
    return _head(line) is not None


def _head(line: str) -> dict | None:
    """The date, time and rest of a line that starts a message; None for any other line."""
    bare = line.rstrip("\r").lstrip("\u200e\u200f\ufeff").replace("\u202f", " ").replace("\u00a0", " ")
    match = _IOS.match(bare) or _ANDROID.match(bare)
    if not match:
        return None
    a, b, c, hour, minute, second, half, rest = match.groups()
    return {"a": a, "b": b, "c": c, "hour": int(hour), "minute": int(minute), "second": int(second or 0),
            "half": (half or "").replace(".", "").replace(" ", "").lower(), "rest": rest}


def _order(heads: list[dict]) -> str:
    """``dmy``, ``mdy`` or ``ymd`` for the whole file: the order under which most of its dates
    are real ones (a first field above 12 says day-first, a second one month-first; a broken
    line does not outvote the others); when both read every date, a 12-hour clock says
    month-first, else day-first."""
    if heads and sum(len(h["a"]) == 4 for h in heads) * 2 > len(heads):
        return "ymd"
    dmy = sum(_day(h, "dmy") is not None for h in heads)
    mdy = sum(_day(h, "mdy") is not None for h in heads)
    if dmy != mdy:
        return "dmy" if dmy > mdy else "mdy"
    return "mdy" if any(h["half"] for h in heads) else "dmy"


def _day(head: dict, order: str) -> date | None:
    a, b, c = int(head["a"]), int(head["b"]), head["c"]
    if order == "ymd":
        year, month, day = a, b, int(c)
    else:
        year = int(c) + (2000 if len(c) == 2 else 0)
        day, month = (a, b) if order == "dmy" else (b, a)
    hour = head["hour"]
    if head["half"] and not 1 <= hour <= 12:
        return None
    if hour > 23 or head["minute"] > 59 or head["second"] > 59:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None
