"""Notes into rows: what each table of the index holds for one parsed note.

``read_rows`` reads and parses a batch of files into the rows of every table;
``insert_rows`` writes them (all but the links, which are resolved on the way
into the index). Both a refresh in this process and the worker processes of a
large one use them, so the two give the same rows.
"""

from __future__ import annotations

import bisect
import gc
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from typing import TYPE_CHECKING, Any

from vaultkit.notes.interactions import completion_date
from vaultkit.notes.model import CONTACT, EVENT, Note, Problem, follows_up, met_there
from vaultkit.notes.names import file_name
from vaultkit.notes.values import link_key, norm_key
from vaultkit.store.schema import ALL_TABLES, ROW_TABLES

if TYPE_CHECKING:
    from vaultkit.notes.reader import Reader

ATTENDEE_FIELDS = ("attendees", "attendees:plain")

Rows = dict[str, list[tuple]]  # table name: rows
Entry = tuple[str, int, int, int]  # (vault-relative path, mtime_ns, size, inode) as scanned


def _encoder() -> Callable[[Any], str]:
    """Compact JSON text of plain data (non-ASCII kept as is). The C encoder, called directly,
    is about twice as quick as ``JSONEncoder.encode`` on the small values of a note."""
    make = getattr(json.encoder, "c_make_encoder", None)
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    if make is None:
        return encoder.encode
    encode = make(None, encoder.default, json.encoder.encode_basestring, None, ":", ",",
                  False, False, True)
    return lambda value: "".join(encode(value, 0))


_encode = _encoder()
# None is bound as NULL straight from this adapter: else the sqlite3 module looks for the
# adapter protocol first, raising and clearing two AttributeErrors for each None it binds
# (the most common value of a contact's row, a tenth of the time of writing it)
sqlite3.register_adapter(type(None), {}.get)


def json_list(items: list[str] | None) -> str:
    """``_encode`` of a list of strings (or of anything). Text with nothing to escape (no
    quote, backslash or control character: each one Python prints) is written as it is."""
    if not items:
        return "[]"
    if items.__class__ is not list:
        return _encode(items)
    try:
        body = '","'.join(items)
    except TypeError:  # not only strings
        return _encode(items)
    if body.count('"') == 2 * len(items) - 2 and "\\" not in body and body.isprintable():
        return f'["{body}"]'
    return _encode(items)


def new_rows() -> Rows:
    """An empty row list for every table."""
    return {t: [] for t in ALL_TABLES}


def note_rows(note: Note, stat: tuple[int, int, int], me_key: str, rows: Rows | None = None) -> Rows:
    """The rows of every table for one parsed note, added to ``rows`` when given."""
    if rows is None:
        rows = new_rows()
    path = note.path
    kind = note.kind
    rows["notes"].append((path, stat[0], stat[1], stat[2], kind, note.name, note.date,
                          _encode(_note_data(note)), None if note.generated else note.body))
    if note.problems:
        rows["problems"] += [(path, p.line, p.message, p.level) for p in note.problems]
    if note.generated:
        return rows
    f = note.fields
    stem = path.rsplit("/", 1)[-1][:-3]
    # each key once, with its best rank: file name 0, name 1, alias 2 (a worse rank of the
    # same key and note could never be chosen)
    stem_key = norm_key(stem)
    keys = {stem_key: 0}
    if kind in (CONTACT, EVENT):
        keys.setdefault(norm_key(note.name), 1)
    if kind == CONTACT and "aliases" in f:
        for alias in f["aliases"]:
            keys.setdefault(norm_key(str(alias)), 2)
    rows["keys"] += [(k, path, r) for k, r in keys.items() if k]
    if note.sections:
        rows["sections"] += [(path, s.date, s.title, s.text, s.line) for s in note.sections]
    if note.links:
        _edges(note, rows["edges"])
    if note.captured:
        rows["captured"] += [(path, h) for h in note.captured]
    if note.tasks:
        rows["tasks"] += [(path, t.line, t.text, int(t.done), t.due, json_list(t.links)) for t in note.tasks]
    if kind == CONTACT:
        name_key = norm_key(note.name)
        is_me = bool(me_key) and me_key in (
            {name_key, stem_key} | {norm_key(a) for a in f.get("aliases", ())})
        get = f.get
        rows["contacts"].append((
            path, note.name, name_key, int(is_me),
            json_list(get("email")), get("linkedin"), json_list(get("company")),
            # paused (`prm-paused: true`): the cadence is kept in the note, and no reminder made
            json_list(get("tags")), None if get("paused") is True else get("cadence_days"), get("birthday"),
            (get("follow_up") or "")[:10] or None, (get("snooze") or "")[:10] or None,
            (get("last_contact") or "")[:10] or None, get("lang"), get("met"), get("role"),
            json_list(f["needs"]) if "needs" in f else None, json_list(f["offers"]) if "offers" in f else None,
            json_list(f["interests"]) if "interests" in f else None,
            json_list(f["knows"]) if "knows" in f else None,
            *_occasions(f),
        ))
    elif kind == EVENT:
        rows["events"].append((path, note.name, note.date, (f.get("end") or "")[:10] or None,
                               f.get("kind"), f.get("status"), f.get("rrule"), int(follows_up(f))))
    return rows


def _edges(note: Note, edges: list[tuple]) -> None:
    """The rows of a note's links, each with the day it says it was a contact (or None)."""
    path = note.path
    kind = note.kind
    f = note.fields
    if kind == EVENT:
        date = note.date if met_there(f) else None  # no contact at an event that did not happen
        for link in note.links:
            edges.append((path, link_key(link.target), link.target, link.line, link.field,
                          date if link.field in ATTENDEE_FIELDS else None))
        if note.attendee_notes:
            listed = {link_key(a) for a in f.get("attendees", ())}
            for att in note.attendee_notes:
                key = link_key(att.target)
                if key not in listed:
                    edges.append((path, key, att.target, att.line, "attendees:body", date))
        return
    dated_note = note.date if kind != CONTACT else None
    starts, ends = _section_spans(note)
    last = len(starts) - 1
    at = -1  # the section of the last link (the links come in the order of their lines)
    # a done task is a contact on the day it says it was done, else on the note's day
    done_on = {t.line: day for t in note.tasks if t.done and (day := completion_date(t.text))}
    for link in note.links:
        date = None
        if not link.field:
            line = link.line
            date = done_on.get(line) if done_on else None
            if date is None and starts:
                if not (at >= 0 and starts[at] <= line and (at == last or line < starts[at + 1])):
                    at = bisect.bisect_right(starts, line) - 1  # the dated section holding `line`
                if at >= 0 and line <= ends[at][0]:
                    date = ends[at][1]
            date = date or dated_note
        edges.append((path, link_key(link.target), link.target, link.line, link.field, date))


def _occasions(f: dict[str, Any]) -> tuple[int, str | None, int]:
    """A contact's lead time for their birthday, their important dates (JSON ``[name, day,
    days]``), and the longest lead time of them all (how far ahead to look for them)."""
    leads = f.get("remind_before_days") or {}
    dates = [[name, day, leads.get(name, 0)] for name, day in (f.get("dates") or {}).items()]
    return (leads.get("birthday", 0), json.dumps(dates, ensure_ascii=False) if dates else None,
            max(leads.values(), default=0))


def _note_data(note: Note) -> dict[str, Any]:
    """What the ``data`` column holds: what the other tables do not (links, sections, tasks
    and problems have rows of their own)."""
    data: dict[str, Any] = {"fields": note.fields}
    if note.attendee_notes:
        data["attendee_notes"] = [(a.target, a.text, a.line) for a in note.attendee_notes]
    if note.marks:
        data["marks"] = [(m.key, m.text, m.line, m.date) for m in note.marks]
    if note.generated:
        data["generated"] = True
    return data


def _section_spans(note: Note) -> tuple[list[int], list[tuple[int, str]]]:
    """The first lines of the dated sections (the reader lists them in order), and each
    one's ``(last line, date)``."""
    sections = note.sections
    starts = [s.line for s in sections]
    return starts, [(sections[i + 1].line - 1 if i + 1 < len(sections) else 10**9, s.date)
                    for i, s in enumerate(sections)]


def read_bytes(path: str, size: int) -> bytes:
    """The whole file, read in one piece when it still has the ``size`` seen by the scan."""
    fd = os.open(path, os.O_RDONLY)
    try:
        data = os.read(fd, size + 1)
        if len(data) <= size:  # a regular file reads short only at its end
            return data
        parts = [data]
        while chunk := os.read(fd, 1 << 16):  # it grew since the scan
            parts.append(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


# the stat stored for a note that could not be read: never a file's, so the next refresh reads
# it again
UNREAD = (-1, -1, -1)


def has_unread(db: sqlite3.Connection) -> bool:
    """Whether a note of the index could not be read."""
    # the few rows of the partial index `notes_unread`, not a pass over the notes
    return db.execute(f"SELECT 1 FROM notes INDEXED BY notes_unread WHERE mtime_ns = {int(UNREAD[0])} "
                      "LIMIT 1").fetchone() is not None


def read_rows(root: str, reader: Reader, me_key: str, batch: Iterable[Entry]) -> Rows:
    """Read and parse a batch of files into the rows of every table."""
    gc_was_on = gc.isenabled()
    gc.disable()  # the parse allocates many small objects and frees none of them
    out = new_rows()
    folder = os.path.join(root, "")  # the vault's folder with its separator: + a relative path
    for rel, mtime, size, inode in batch:
        try:
            raw = read_bytes(folder + rel, size)
        except FileNotFoundError:
            continue  # vanished between scan and read: the next refresh sees it gone
        except OSError as exc:  # unreadable (permission denied...): said, and read again next time
            problem = Problem(rel, 1, f"cannot read this note: {exc.strerror or exc}")
            note_rows(Note(path=rel, name=file_name(rel), problems=[problem]), UNREAD, me_key, out)
            continue
        note_rows(reader.read_file(rel, raw), (mtime, size, inode), me_key, out)
    if gc_was_on:
        gc.enable()
    return out


def insert_rows(db: sqlite3.Connection, rows: Rows) -> None:
    """Insert the rows of parsed notes, except their links (resolved on the way in)."""
    for table in ROW_TABLES:
        if rows[table]:
            insert_many(db, table, rows[table], len(rows[table][0]))


ROWS_A_STATEMENT = 100


def insert_many(db: sqlite3.Connection, table: str, rows: Iterable[tuple], width: int, last: str = "") -> None:
    """``INSERT INTO table`` each of ``rows`` (``width`` values each, then the SQL values in
    ``last``, as ``",NULL"``), many rows a statement: per row, SQLite and the module's loop
    cost less than a statement run a row (0.14 s instead of 0.24 s for 225,000 links)."""
    one = f"({','.join('?' * width)}{last})"
    limit = db.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) if hasattr(db, "getlimit") else 999
    count = max(1, min(ROWS_A_STATEMENT, limit // width))
    rows = iter(rows)
    rest: list[tuple] = []

    def full() -> Iterator[tuple]:  # the values of ``count`` rows at a time, the rest in ``rest``
        while True:
            some = list(islice(rows, count))
            if len(some) < count:
                rest.extend(some)
                return
            yield tuple(chain.from_iterable(some))

    batches = full()
    first = next(batches, None)
    if first is not None:  # many rows: a statement of ``count`` rows
        many = f"INSERT INTO {table} VALUES {','.join([one] * count)}"
        db.execute(many, first)
        db.executemany(many, batches)
    if rest:
        db.executemany(f"INSERT INTO {table} VALUES {one}", rest)


def chunks(items: list, size: int = 500) -> Iterable[list]:
    """``items`` in lists short enough for one ``IN (...)`` of SQLite."""
    for i in range(0, len(items), size):
        yield items[i : i + size]
