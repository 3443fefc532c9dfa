"""Exchanges from a local mail store: a Maildir (or a folder of them) or an mbox file.

Only the headers are read: From, To, Cc, Date, Subject, Message-ID, List-Id, Precedence
and Auto-Submitted; never a body. Mailing lists, bulk and automatic mail and no-reply
senders are left out. The other party of a mail is its correspondent: the sender of a mail
received, the recipients of a mail sent from one of the user's addresses.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from email.header import decode_header, make_header
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO

from vaultkit.capture.exchanges import Exchange, SourceRead

CHANNEL = "Email"
WANTED = frozenset({"from", "to", "cc", "date", "subject", "message-id", "list-id", "precedence",
                    "auto-submitted"})
HEADER_LIMIT = 256 * 1024  # bytes of a message read at most to find the end of its headers
_NO_REPLY_RE = re.compile(
    r"^(?:.*no[-_.]?reply.*|do[-_.]?not[-_.]?reply.*|mailer-daemon|postmaster|bounces?(?:[+-].*)?)@",
    re.IGNORECASE)
_UNFOLD_RE = re.compile(rb"\r?\n[ \t]+")
_HEADER_END_RE = re.compile(rb"\r?\n\r?\n")
_SKIP_FILES = (".msf", ".dat", ".json", ".sqlite", ".db", ".lock", ".tmp")

# reasons a message is left out, as the report names them
LIST, BULK, AUTOMATIC, NO_REPLY, ONLY_YOU = "mailing list", "bulk", "automatic", "no-reply", "only you"


def is_no_reply(address: str) -> bool:
    """An address nobody reads answers from (no-reply, mailer-daemon, bounces)."""
    return bool(_NO_REPLY_RE.match(address))


_DIGITS_RE = re.compile(r"(\d+)")


def read_mail(paths: Iterable[str | os.PathLike], mine: Iterable[str] = ()) -> SourceRead:
    """The exchanges of every message in these Maildirs, folders of them, or mbox files;
    ``mine``: the user's own addresses."""
    own = {m.strip().lower() for m in mine if m.strip()}
    out = SourceRead()
    for path in paths:
        for where, raw in messages(Path(path), out.problems):
            out.read += 1
            _add(out, where, raw, own)
    return out


def messages(path: Path, problems: list[str]) -> Iterator[tuple[str, bytes]]:
    """``(where, header bytes)`` of each message under ``path``: a Maildir's files, an mbox's
    messages (where: ``path:line``), or those of every Maildir and mbox inside a folder."""
    if path.is_file():
        if path.parent.name in ("cur", "new") and not _is_mbox(path):
            yield from _maildir_file(path, problems)  # one message of a Maildir
        else:
            yield from mbox_headers(path, problems)
        return
    if not path.is_dir():
        problems.append(f"{path}: no such file or folder")
        return
    for folder, dirs, files in os.walk(path):
        dirs.sort()
        here = Path(folder)
        if here.name in ("cur", "new") and (here.parent / "cur").is_dir():
            for name in sorted(files, key=_delivery_order):
                if not name.startswith("."):
                    yield from _maildir_file(here / name, problems)
            continue
        for name in sorted(files):
            if name.endswith(_SKIP_FILES) or name.startswith("."):
                continue
            file = here / name
            if here.name != "tmp" and _is_mbox(file):
                yield from mbox_headers(file, problems)


def _delivery_order(name: str) -> list:
    """A Maildir file name as a sort key in delivery order: its numbers compared as numbers
    (``1700000000.M999P1`` before ``1700000000.M1000P1``; the microseconds are not padded)."""
    return [int(part) if part.isdigit() else part for part in _DIGITS_RE.split(name)]


def is_mbox(path: Path) -> bool:
    """Whether a file is an mbox (it starts with a ``From `` line)."""
    return _is_mbox(path)


def _is_mbox(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(5) == b"From "
    except OSError:
        return False


def _maildir_file(path: Path, problems: list[str]) -> Iterator[tuple[str, bytes]]:
    try:
        with open(path, "rb") as fh:
            data = b""
            while len(data) < HEADER_LIMIT:
                chunk = fh.read(8192)
                if not chunk:
                    break
                data += chunk
                end = _HEADER_END_RE.search(data)
                if end:
                    data = data[: end.start()]
                    break
    except OSError as exc:
        problems.append(f"{path}: cannot read: {exc.strerror or exc}; skipped")
        return
    yield str(path), data


def mbox_headers(path: Path, problems: list[str], piece: int = 1 << 20) -> Iterator[tuple[str, bytes]]:
    """The header bytes of each message of an mbox file, with ``path:line`` of its ``From ``
    line. The file is read ``piece`` bytes at a time and only headers are kept: a mailbox of
    gigabytes costs a megabyte or two of memory."""
    try:
        with open(path, "rb") as fh:
            first = fh.read(5)
            if first != b"From ":
                problems.append(f"{path}:1: not an mbox file (it does not start with a `From ` line); skipped")
                return
            yield from _mbox_messages(str(path), first, fh, piece)
    except OSError as exc:
        problems.append(f"{path}: cannot read: {exc.strerror or exc}; skipped")


def _mbox_messages(path: str, buf: bytes, fh: BinaryIO, piece: int) -> Iterator[tuple[str, bytes]]:
    """``mbox_headers`` of the file ``fh``, ``buf`` its bytes read so far."""
    line, mark, pos = 1, 0, 0  # ``line``: the line number at ``buf[mark]``; ``pos``: a message's start
    eof = False

    def read() -> None:  # drop what is before ``pos`` (its lines counted), read a piece more
        nonlocal buf, line, mark, pos, eof
        line += buf.count(b"\n", mark, pos)
        chunk = fh.read(piece)
        eof = not chunk
        buf, mark, pos = buf[pos:] + chunk, 0, 0

    while pos < len(buf) or not eof:
        if pos >= len(buf):
            read()
            continue
        while True:  # its headers: up to a blank line, the next separator or the end
            nxt = buf.find(b"\nFrom ", pos)
            limit = len(buf) if nxt < 0 else nxt + 1
            first = buf.find(b"\n", pos, limit)
            head_start = limit if first < 0 else first + 1
            stop = _HEADER_END_RE.search(buf, head_start, limit)
            if stop or nxt >= 0 or eof or len(buf) - pos > HEADER_LIMIT:
                break
            read()
        line += buf.count(b"\n", mark, pos)
        mark = pos
        yield f"{path}:{line}", buf[head_start: stop.start() if stop else limit]
        while nxt < 0 and not eof:  # its body: skipped up to the next separator
            pos = max(pos, len(buf) - 5)  # a separator may be cut between two pieces
            read()
            nxt = buf.find(b"\nFrom ")
        if nxt < 0:
            break
        pos = nxt + 1


def headers(raw: bytes) -> dict[str, str]:
    """The wanted headers of a header block (unfolded, encoded words decoded); To and Cc
    given several times are joined."""
    out: dict[str, str] = {}
    for line in _UNFOLD_RE.sub(b" ", raw).split(b"\n"):
        name, sep, value = line.partition(b":")
        if not sep:
            continue
        key = name.strip().lower().decode("ascii", "replace")
        if key not in WANTED:
            continue
        try:
            text = value.strip().decode("utf-8")
        except UnicodeDecodeError:
            text = value.strip().decode("latin-1")
        if "=?" in text:
            with contextlib.suppress(ValueError, LookupError, UnicodeError):
                text = str(make_header(decode_header(text)))
        if key in out and key in ("to", "cc"):
            out[key] += ", " + text
        else:
            out.setdefault(key, text)
    return out


_SIMPLE_RE = re.compile(r"\s*(?:([^<>,@]*?)\s*<([^<>,\s]+@[^<>,\s]+)>|([^<>,\s]+@[^<>,\s]+))\s*(?:,|$)")


@functools.lru_cache(maxsize=16384)  # the same few correspondents write again and again
def _addresses(value: str) -> tuple[tuple[str, str], ...]:
    """``(display name, lower-cased address)`` of each address of a header."""
    if not any(c in value for c in '"()\\;:'):  # the usual `Name <a@b>, c@d`: a quick read
        found = []
        at = 0
        while at < len(value):
            m = _SIMPLE_RE.match(value, at)
            if m is None or m.end() == at:
                break
            found.append((" ".join((m.group(1) or "").split()).strip("' "), (m.group(2) or m.group(3)).lower()))
            at = m.end()
        else:
            return tuple(found)
    return tuple((" ".join(name.split()).strip("'\" "), addr.strip().lower())
                 for name, addr in getaddresses([value]) if "@" in addr)


def _add(out: SourceRead, where: str, raw: bytes, own: set[str]) -> None:
    """The exchanges of one message (or why it is left out)."""
    h = headers(raw)
    if "list-id" in h:
        out.skipped[LIST] += 1
        return
    if h.get("precedence", "").strip().lower() in ("bulk", "list", "junk"):
        out.skipped[BULK] += 1
        return
    if h.get("auto-submitted", "no").strip().lower().split(";")[0] not in ("no", ""):
        out.skipped[AUTOMATIC] += 1
        return
    senders = _addresses(h.get("from", ""))
    if not senders:
        out.problems.append(f"{where}: no sender address (From header); skipped")
        return
    if any(is_no_reply(addr) for _, addr in senders):
        out.skipped[NO_REPLY] += 1
        return
    day = _day(h.get("date", ""))
    if day is None:
        shown = " ".join(h.get("date", "").split())[:40]
        out.problems.append(f"{where}: no readable Date header{f' ({shown!r})' if shown else ''}; skipped")
        return
    if own and senders[0][1] in own:
        people = [*_addresses(h.get("to", "")), *_addresses(h.get("cc", ""))]
    elif own:
        people = [*senders[:1]]
    else:  # the user's addresses are unknown: everyone in the headers
        people = [*senders, *_addresses(h.get("to", "")), *_addresses(h.get("cc", ""))]
    uid = h.get("message-id", "").strip() or _made_id(h)
    seen: set[str] = set()
    found = False
    for name, addr in people:
        if addr in own or addr in seen or is_no_reply(addr):
            continue
        seen.add(addr)
        found = True
        out.exchanges.append(Exchange(day, CHANNEL, uid, emails=(addr,), names=(name,) if name else (),
                                      subject=h.get("subject", ""), source=where))
    if not found:
        out.skipped[ONLY_YOU] += 1


def _day(value: str) -> dt.date | None:
    """The local day of a Date header, or None when it cannot be read."""
    if not value.strip():
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    try:
        return (when.astimezone() if when.tzinfo else when).date()
    except (ValueError, OverflowError, OSError):
        return None


def _made_id(h: dict[str, str]) -> str:
    """An id for a message without a Message-ID: a hash of its sender, date and subject."""
    text = "\0".join(h.get(k, "") for k in ("from", "date", "subject", "to"))
    return "no-id:" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
