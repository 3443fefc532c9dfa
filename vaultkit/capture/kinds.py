"""What apps export (LinkedIn, WhatsApp, Telegram): a parser by kind, and the kind of a dropped export."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from vaultkit.capture.exchanges import Exchange
from vaultkit.capture.linkedin import parse_linkedin
from vaultkit.capture.people import clean
from vaultkit.capture.telegram import parse_telegram
from vaultkit.capture.whatsapp import parse_whatsapp, starts_message
from vaultkit.formats.exportfiles import is_archive, names_in

Parser = Callable[..., tuple[list[Exchange], list[str]]]
# kind -> parser(path, *, me=None): the exchanges and the errors (``path:line: problem``)
PARSERS: dict[str, Parser] = {"linkedin": parse_linkedin, "whatsapp": parse_whatsapp, "telegram": parse_telegram}
_LINKEDIN_FILES = {"messages.csv", "invitations.csv", "connections.csv"}
_LINKEDIN_HEADER = re.compile(r"conversation id|inviterprofileurl|first name", re.IGNORECASE)
_PEEK = 1 << 14


def guess_kind(path: str | Path) -> str | None:
    """``linkedin``, ``whatsapp`` or ``telegram`` for what an app exported (a file, the folder
    it was unzipped to, or its ZIP), from the names and first lines of its files; None when
    it is none of them."""
    root = Path(path)
    if root.is_dir() or is_archive(root):
        names = names_in(root)
        base = {PurePosixPath(n).name.lower() for n in names}
        if base & _LINKEDIN_FILES:
            return "linkedin"
        if "result.json" in base:
            return "telegram"
        texts = [n for n in names if n.lower().endswith(".txt")]
        if any(_is_chat(_peek(root, n)) for n in texts[:20]):
            return "whatsapp"
        if root.is_dir() and any(n.lower().endswith(".zip") and guess_kind(root / n) == "whatsapp"
                                 for n in names[:50]):
            return "whatsapp"
        return None
    head = _peek_file(root)
    suffix = root.suffix.lower()
    if suffix == ".json" and ('"messages"' in head or '"chats"' in head):
        return "telegram"
    if suffix == ".csv" and _LINKEDIN_HEADER.search(head.split("\n", 1)[0]):
        return "linkedin"
    if suffix == ".txt" and _is_chat(head):
        return "whatsapp"
    return None


def parse_source(path: str | Path, kind: str | None = None, *,
                 me: str | Iterable[str] | None = None) -> tuple[list[Exchange], list[str]]:
    """The exchanges of one dropped source, by its ``kind`` (guessed when not given)."""
    kind = kind or guess_kind(path)
    if kind is None:
        return [], [f"{path}: not a LinkedIn export, a WhatsApp chat or a Telegram export"]
    if kind not in PARSERS:
        return [], [f"{path}: unknown kind {kind!r} (use one of {', '.join(sorted(PARSERS))})"]
    return PARSERS[kind](path, me=me)


def _is_chat(text: str) -> bool:
    """The first lines of a WhatsApp chat: one of them starts a message."""
    lines = [line for line in text.split("\n")[:10] if clean(line)]
    return any(starts_message(line) for line in lines)


def _peek_file(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            return fh.read(_PEEK).decode("utf-8", "replace").lstrip("\ufeff")
    except OSError:
        return ""


def _peek(root: Path, name: str) -> str:
    if root.is_dir():
        return _peek_file(root / name)
    try:
        with zipfile.ZipFile(root) as archive, archive.open(name) as fh:
            return fh.read(_PEEK).decode("utf-8", "replace").lstrip("\ufeff")
    except (OSError, zipfile.BadZipFile, RuntimeError, KeyError):
        return ""
