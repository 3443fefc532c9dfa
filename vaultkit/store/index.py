"""The SQLite index: a disposable cache of the parsed vault, refreshed incrementally.

Files are the truth. ``refresh()`` re-reads only notes whose mtime_ns, size or
inode changed, drops deleted ones, and re-resolves links. A schema or config
change rebuilds everything silently.

A large refresh is parsed by worker processes, each writing its rows into a
SQLite file of its own, which the index then takes in. A first build into an
empty index goes further: the workers start on the files while the scan is
still listing them; one worker resolves the links into a file with their
indexes while this process copies the other rows whole and indexes them; and
the index is written with a rollback journal rather than through the WAL when
no other process has it open.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import sqlite3
import stat
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultkit import __version__
from vaultkit.config import Config, cache_dir
from vaultkit.notes.model import CONTACT, EVENT, Note
from vaultkit.notes.values import link_key, norm_key
from vaultkit.notes.vault import is_note_path, scan
from vaultkit.store.read import Reads

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult, Pool
    from tempfile import TemporaryDirectory

    from vaultkit.notes.reader import Reader

SCHEMA_VERSION = 6
PARALLEL_THRESHOLD = 400
FTS_REBUILD = 1000  # more stale notes than this: the search index is rebuilt whole
STREAM_BATCH = 400  # notes per batch for the workers while the scan goes on
# larger pages than SQLite's 4 KiB: fewer pages to write and copy in a build (about 8% off
# a first build of 13,000 notes), no slower for queries
PAGE_SIZE = 16384

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE notes(path TEXT, mtime_ns INTEGER, size INTEGER, inode INTEGER,
    kind TEXT, name TEXT, date TEXT, data TEXT, body TEXT);
CREATE UNIQUE INDEX notes_path ON notes(path);
CREATE TABLE keys(key TEXT, path TEXT, rank INTEGER);
CREATE INDEX keys_key ON keys(key);
CREATE INDEX keys_path ON keys(path);
CREATE TABLE edges(src TEXT, key TEXT, target TEXT, line INTEGER, field TEXT, date TEXT, dst TEXT);
CREATE INDEX edges_src ON edges(src);
CREATE INDEX edges_dst ON edges(dst, date);
CREATE TABLE sections(path TEXT, date TEXT, title TEXT, text TEXT, line INTEGER);
CREATE INDEX sections_path ON sections(path, date);
CREATE TABLE tasks(path TEXT, line INTEGER, text TEXT, done INTEGER, due TEXT, links TEXT);
CREATE INDEX tasks_path ON tasks(path);
CREATE TABLE contacts(path TEXT, name TEXT, norm TEXT, is_me INTEGER,
    emails TEXT, linkedin TEXT, companies TEXT, tags TEXT, cadence_days INTEGER,
    birthday TEXT, follow_up TEXT, snooze TEXT, last_contact TEXT, lang TEXT, met TEXT, role TEXT,
    needs TEXT, offers TEXT, interests TEXT, knows TEXT);
CREATE UNIQUE INDEX contacts_path ON contacts(path);
CREATE TABLE events(path TEXT, title TEXT, date TEXT, end_date TEXT,
    kind TEXT, status TEXT);
CREATE UNIQUE INDEX events_path ON events(path);
CREATE INDEX events_date ON events(date);
CREATE TABLE problems(path TEXT, line INTEGER, message TEXT, level TEXT);
CREATE INDEX problems_path ON problems(path);
CREATE VIRTUAL TABLE fts USING fts5(path UNINDEXED, name, body,
    tokenize='unicode61 remove_diacritics 2');
CREATE TABLE search_stale(path TEXT PRIMARY KEY);
"""
# table indexes by name (unique ones instead of primary keys: a first build makes them all
# after the rows, and SQLite copies rows between tables without indexes record by record)
INDEXES = {stmt.split(" INDEX ")[1].split()[0]: stmt.strip()
           for stmt in SCHEMA.split(";") if " INDEX " in stmt}
TABLES = {stmt.split("(", 1)[0].split()[-1]: stmt.strip()
          for stmt in SCHEMA.split(";") if "CREATE TABLE" in stmt}
# Tables filled from each note's rows; `edges` (resolved links) and `fts` (built on the
# first search after a change) are derived from them.
ROW_TABLES = ("notes", "keys", "sections", "tasks", "contacts", "events", "problems")
ALL_TABLES = (*ROW_TABLES, "edges")
ATTENDEE_FIELDS = ("attendees", "attendees:plain")


@dataclass
class RefreshResult:
    """What a refresh did."""

    read: int = 0
    deleted: int = 0
    total: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    changed: list[str] = field(default_factory=list)

    @property
    def changed_any(self) -> bool:
        return bool(self.read or self.deleted)


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


def _json_list(items: list[str] | None) -> str:
    return _encode(items) if items else "[]"


def new_rows() -> dict[str, list[tuple]]:
    """An empty row list for every table."""
    return {t: [] for t in ALL_TABLES}


def note_rows(note: Note, stat: tuple[int, int, int], me_key: str,
              rows: dict[str, list[tuple]] | None = None) -> dict[str, list[tuple]]:
    """The rows of every table for one parsed note, added to ``rows`` when given."""
    if rows is None:
        rows = new_rows()
    path = note.path
    kind = note.kind
    rows["notes"].append((path, *stat, kind, note.name, note.date, _encode(_note_data(note)),
                          None if note.generated else note.body))
    if note.problems:
        rows["problems"].extend((path, p.line, p.message, p.level) for p in note.problems)
    if note.generated:
        return rows
    f = note.fields
    stem = path.rsplit("/", 1)[-1][:-3]
    # each key once, with its best rank: file name 0, name 1, alias 2 (a worse rank of the
    # same key and note could never be chosen)
    keys = {norm_key(stem): 0}
    if kind in (CONTACT, EVENT):
        keys.setdefault(norm_key(note.name), 1)
    if kind == CONTACT and "aliases" in f:
        for alias in f["aliases"]:
            keys.setdefault(norm_key(str(alias)), 2)
    rows["keys"].extend((k, path, r) for k, r in keys.items() if k)
    if note.sections:
        rows["sections"].extend((path, s.date, s.title, s.text, s.line) for s in note.sections)
    edges = rows["edges"]
    if kind == EVENT:
        date = note.date
        for link in note.links:
            edges.append((path, link_key(link.target), link.target, link.line, link.field,
                          date if link.field in ATTENDEE_FIELDS else None))
        if note.attendee_notes:
            listed = {link_key(a) for a in f.get("attendees", ())}
            for att in note.attendee_notes:
                key = link_key(att.target)
                if key not in listed:
                    edges.append((path, key, att.target, att.line, "attendees:body", date))
    elif note.links:
        dated_note = note.date if kind != CONTACT else None
        section_dates = _section_spans(note)
        for link in note.links:
            date = None if link.field else (_date_at(section_dates, link.line) or dated_note)
            edges.append((path, link_key(link.target), link.target, link.line, link.field, date))
    if note.tasks:
        rows["tasks"].extend((path, t.line, t.text, int(t.done), t.due, _json_list(t.links))
                             for t in note.tasks)
    if kind == CONTACT:
        name_key = norm_key(note.name)
        is_me = bool(me_key) and me_key in (
            {name_key, norm_key(stem)} | {norm_key(a) for a in f.get("aliases", ())})
        rows["contacts"].append((
            path, note.name, name_key, int(is_me),
            _json_list(f.get("email")), f.get("linkedin"), _json_list(f.get("company")),
            _json_list(f.get("tags")), f.get("cadence_days"), f.get("birthday"),
            (f.get("follow_up") or "")[:10] or None, (f.get("snooze") or "")[:10] or None,
            (f.get("last_contact") or "")[:10] or None, f.get("lang"), f.get("met"), f.get("role"),
            *(_json_list(f[k]) if k in f else None for k in ("needs", "offers", "interests", "knows")),
        ))
    elif kind == EVENT:
        rows["events"].append((path, note.name, note.date, (f.get("end") or "")[:10] or None,
                               f.get("kind"), f.get("status")))
    return rows


def _note_data(note: Note) -> dict[str, Any]:
    """What the ``data`` column holds: what the other tables do not (links, sections, tasks
    and problems have rows of their own)."""
    data: dict[str, Any] = {"fields": note.fields}
    if note.attendee_notes:
        data["attendee_notes"] = [(a.target, a.text, a.line) for a in note.attendee_notes]
    if note.generated:
        data["generated"] = True
    return data


def _section_spans(note: Note) -> list[tuple[int, int, str]]:
    """``(first line, last line, date)`` of each dated section (the reader lists them in order)."""
    sections = note.sections
    return [(s.line, sections[i + 1].line - 1 if i + 1 < len(sections) else 10**9, s.date)
            for i, s in enumerate(sections)]


def _date_at(spans: list[tuple[int, int, str]], line: int) -> str | None:
    for start, end, date in spans:
        if start <= line <= end:
            return date
    return None


def _workers() -> int:
    return min(os.cpu_count() or 1, 4)


def _insert_rows(db: sqlite3.Connection, rows: dict[str, list[tuple]]) -> None:
    """Insert the rows of parsed notes, except their links (resolved on the way in)."""
    for table in ROW_TABLES:
        if rows[table]:
            marks = ",".join("?" * len(rows[table][0]))
            db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])


_shard: sqlite3.Connection | None = None  # a worker's own output file
_shard_path = ""
_job: tuple = ()  # (vault root, reader, the user's name key), set at worker start

# which note a key names: file name before name before alias, then the shortest path
_BEST_ORDER = "rank, length(path), path"
_BEST_PATH = f"SELECT path FROM keys WHERE key={{key}} ORDER BY {_BEST_ORDER} LIMIT 1"
# links with their best note, in the order they have in their notes
_RESOLVED_EDGES = ("INSERT INTO main.edges SELECT e.src, e.key, e.target, e.line, e.field, e.date, "
                   "b.path FROM {edges} AS e LEFT JOIN temp.best AS b ON b.key = e.key ORDER BY e.rowid")


def _open_shard(folder: str, root: str, config: Config, me_key: str) -> None:
    """Worker start: create this process's output file with the tables of the index (without
    their indexes), and its reader. No cycle collection in the worker: it only makes rows and
    frees them by reference count."""
    global _shard, _shard_path, _job
    from vaultkit.notes.reader import Reader

    gc.disable()
    _job = (root, Reader(config), me_key)
    _shard_path = os.path.join(folder, f"shard-{os.getpid()}.sqlite")
    _shard = _scratch_db(_shard_path)
    for name in ALL_TABLES:
        _shard.execute(TABLES[name])


def _scratch_db(path: str) -> sqlite3.Connection:
    """A work file of this refresh: no journal, no syncing (it is thrown away after)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size={PAGE_SIZE}")
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    return db


def _parse_into_shard(batch: list[tuple[str, int, int, int]]) -> tuple[int, str]:
    """Worker: parse a batch into this process's output file; how many notes, and the file."""
    assert _shard is not None
    rows = _parse_chunk(*_job, batch)
    _shard.execute("BEGIN")
    _insert_rows(_shard, rows)
    _shard.executemany("INSERT INTO edges VALUES (?,?,?,?,?,?,NULL)", rows["edges"])
    _shard.execute("COMMIT")
    return len(rows["notes"]), _shard_path


def _link_file(shards: list[str], path: str) -> str:
    """Worker, for a first build: the links of all ``shards`` resolved to their best note, in
    a file of their own at ``path`` with the index's indexes on them; return ``path``."""
    db = _scratch_db(path)
    try:
        db.execute(TABLES["edges"])
        for n, shard in enumerate(shards):
            db.execute("ATTACH DATABASE ? AS ?", (shard, f"shard{n}"))
        keys = " UNION ALL ".join(f"SELECT key, path, rank FROM shard{n}.keys" for n in range(len(shards)))
        _fill_best(db, f"({keys})")
        db.execute("BEGIN")
        for n in range(len(shards)):
            db.execute(_RESOLVED_EDGES.format(edges=f"shard{n}.edges"))
        for name, statement in INDEXES.items():
            if name.startswith("edges_"):
                db.execute(statement)
        db.execute("COMMIT")
    finally:
        db.close()
    return path


def _fill_best(db: sqlite3.Connection, keys: str) -> None:
    """``temp.best``: the best note of each key among the rows of ``keys`` (a table or query)."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS best(key TEXT PRIMARY KEY, path TEXT)")
    db.execute("DELETE FROM temp.best")
    db.execute(f"INSERT OR IGNORE INTO temp.best SELECT key, path FROM {keys} "
               f"ORDER BY key, {_BEST_ORDER}")  # the first row of each key is kept


def _read_bytes(path: str, size: int) -> bytes:
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


def _parse_chunk(root: str, reader: Reader, me_key: str,
                 batch: list[tuple[str, int, int, int]]) -> dict[str, list[tuple]]:
    """Read and parse a batch of files into the rows of every table."""
    gc_was_on = gc.isenabled()
    gc.disable()  # the parse allocates many small objects and frees none of them
    out = new_rows()
    for rel, mtime, size, inode in batch:
        try:
            raw = _read_bytes(os.path.join(root, rel), size)
        except OSError:
            continue  # vanished or unreadable between scan and read: next refresh sees it
        note_rows(reader.read_file(rel, raw), (mtime, size, inode), me_key, out)
    if gc_was_on:
        gc.enable()
    return out


class Index(Reads):
    """One vault's index. Use as a context manager or call ``close()``; its questions are
    the methods of ``Reads`` (``vaultkit.store.read``), and ``resolve_link``."""

    def __init__(self, config: Config, db_path: Path | None = None):
        self.config = config
        self.root = str(config.vault)
        self.db_path = db_path or cache_dir(config.vault) / "index.sqlite"
        self.me_key = norm_key(config.me) if config.me else ""
        self._latest: dict[Any, Any] = {}  # answers kept for the snapshot read (see Reads)
        self.db = self._open()

    # -- lifecycle ---------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        fresh = not self.db_path.exists()
        old_umask = os.umask(0o077)
        try:
            db = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        finally:
            os.umask(old_umask)
        if fresh:
            os.chmod(self.db_path, 0o600)
        db.execute("PRAGMA busy_timeout=30000")
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # for a new file; an older one keeps its own
        with contextlib.suppress(sqlite3.OperationalError):  # locked: another process is making
            db.execute("PRAGMA journal_mode=WAL")  # the first build, and sets WAL again after it
        db.execute("PRAGMA synchronous=NORMAL")
        self._ensure_schema(db)
        return db

    def _ensure_schema(self, db: sqlite3.Connection) -> None:
        schema = hashlib.sha1(SCHEMA.encode()).hexdigest()[:8]
        want = f"{SCHEMA_VERSION}:{schema}:{__version__}:{self.config.fingerprint()}"
        try:
            have = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        except sqlite3.DatabaseError:
            have = None
        if have and have[0] == want:
            return
        db.execute("BEGIN IMMEDIATE")
        try:
            have = None
            with contextlib.suppress(sqlite3.DatabaseError):
                have = db.execute("SELECT value FROM meta WHERE key='version'").fetchone()
            if not (have and have[0] == want):
                tables = [r[0] for r in db.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'fts_%'"
                )]
                for name in tables:
                    db.execute(f'DROP TABLE IF EXISTS "{name}"')
                for stmt in SCHEMA.strip().split(";"):
                    if stmt.strip():
                        db.execute(stmt)
                db.execute("INSERT INTO meta VALUES ('version', ?)", (want,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- refresh -----------------------------------------------------------------

    def _stored(self, paths: list[str] | None = None) -> dict[str, tuple[int, int, int]]:
        sql = "SELECT path, mtime_ns, size, inode FROM notes"
        if paths is None:
            return {r[0]: (r[1], r[2], r[3]) for r in self.db.execute(sql)}
        out: dict[str, tuple[int, int, int]] = {}
        for chunk in _chunks(paths):
            out.update((r[0], (r[1], r[2], r[3])) for r in self.db.execute(
                f"{sql} WHERE path IN ({','.join('?' * len(chunk))})", chunk))
        return out

    def refresh_paths(self, paths: Iterable[str]) -> RefreshResult:
        """Like ``refresh()``, but look only at these vault-relative paths (for a watcher that
        knows what changed); ``refresh()`` stays the ground truth."""
        return self.refresh(paths=sorted(set(paths)))

    def refresh(self, rebuild: bool = False,
                progress: Callable[[int, int], None] | None = None,
                paths: list[str] | None = None) -> RefreshResult:
        """Bring the index in line with the files; cheap when nothing changed."""
        start = time.perf_counter()
        if rebuild:
            paths = None
        result = RefreshResult(rebuilt=rebuild)
        self._end_read()
        self._latest.clear()
        entries = iter(scan(self.root)) if paths is None else None
        empty = entries is not None and self._empty()
        # a first build of a large vault: the workers read files while the scan goes on
        streaming = False
        if entries is not None and (rebuild or empty) and _workers() > 1:
            head = list(islice(entries, PARALLEL_THRESHOLD))
            streaming = len(head) == PARALLEL_THRESHOLD
            entries = chain(head, entries)
        on_disk: dict[str, tuple[int, int, int]] = {}
        fingerprint = None
        seen = None  # (marker of the last commit, stored stats) as read before taking the lock
        if streaming:
            seen = (self._meta("refreshed"), {})
        else:
            on_disk = ({rel: (m, s, i) for rel, m, s, i in entries} if entries is not None
                       else _stat_notes(self.root, paths or []))
            fingerprint = _fingerprint(on_disk) if paths is None else None
            seen_scan = self._meta("scan")
            if not rebuild and not (fingerprint and fingerprint == seen_scan):
                seen = (self._meta("refreshed"), self._stored(paths))
            if not rebuild and (
                    (fingerprint and fingerprint == seen_scan) or _diff(on_disk, seen[1]) == ([], [])):
                if fingerprint and fingerprint != seen_scan:
                    self._set_meta("scan", fingerprint)  # next time, the cheap comparison suffices
                result.total = len(on_disk) if paths is None else self._count()
                result.seconds = time.perf_counter() - start
                return result
        shards: TemporaryDirectory | None = None  # the workers' output, when parsed in parallel
        # a first build into an empty index writes its pages once with a rollback journal, not
        # twice through the WAL (only when no other connection has the index open)
        bulk = (empty and (streaming or len(on_disk) >= PARALLEL_THRESHOLD)
                and self._journal("delete"))
        self.db.execute("BEGIN IMMEDIATE")
        try:
            # what was read before the lock still holds when nobody committed since
            stored = seen[1] if seen and seen[0] == self._meta("refreshed") else self._stored(paths)
            if rebuild:
                for table in (*ALL_TABLES, "fts", "search_stale"):
                    self.db.execute(f"DELETE FROM {table}")
                stored = {}
            if streaming and stored:  # another process built the index meanwhile
                on_disk = {rel: (m, s, i) for rel, m, s, i in entries}
                streaming = False
            changed: Iterable[tuple[str, int, int, int]]
            if streaming:
                changed, deleted, gone = _recorded(entries, on_disk), [], []
            else:
                changed, deleted = _diff(on_disk, stored)
                gone = deleted + [c[0] for c in changed if c[0] in stored]
            keys_before = self._keys_of(gone)
            self._delete(gone)
            if streaming or (len(changed) >= PARALLEL_THRESHOLD and _workers() > 1):
                import shutil
                import tempfile

                for stale in self.db_path.parent.glob("refresh-*"):  # left by a killed refresh
                    shutil.rmtree(stale, ignore_errors=True)
                shards = tempfile.TemporaryDirectory(prefix="refresh-", dir=self.db_path.parent,
                                                     ignore_cleanup_errors=True)
                new_paths = self._refresh_parallel(changed, progress, shards.name, on_disk)
                keys_after = self._keys_of(new_paths) if stored or paths is not None else set()
                self._resolve([], {k for k, _, _ in keys_before ^ keys_after})
            else:
                from vaultkit.notes.reader import Reader  # here: commands that only query never load YAML

                rows = _parse_chunk(self.root, Reader(self.config), self.me_key, changed)
                new_paths = [row[0] for row in rows["notes"]]
                if progress:
                    progress(len(new_paths), len(changed))
                _insert_rows(self.db, rows)
                keys_after = self._keys_of(new_paths) if stored or paths is not None else set()
                self._resolve(rows["edges"], {k for k, _, _ in keys_before ^ keys_after})
            if paths is None and fingerprint is None:  # the scan ended with the parse
                fingerprint = _fingerprint(on_disk)
            if len(gone) + len(new_paths) > FTS_REBUILD:  # '' marks "rebuild it all"
                self.db.execute("DELETE FROM search_stale")
                self.db.execute("INSERT INTO search_stale VALUES ('')")
            else:
                self.db.executemany("INSERT OR IGNORE INTO search_stale VALUES (?)",
                                    ((p,) for p in (*gone, *new_paths)))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('refreshed', ?)",
                            (str(time.time()),))
            self.db.execute("INSERT OR REPLACE INTO meta VALUES ('scan', ?)", (fingerprint or "",))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        finally:
            if shards:
                self._detach_all()
                shards.cleanup()
            if bulk:
                self._journal("wal")
        result.read = len(new_paths)
        result.deleted = len(deleted)
        result.changed = sorted(new_paths + deleted)
        result.total = len(on_disk) if paths is None else self._count()
        result.seconds = time.perf_counter() - start
        return result

    def _journal(self, mode: str) -> bool:
        """Switch the journal mode now, without waiting; whether it is ``mode``."""
        self.db.execute("PRAGMA busy_timeout=50")
        try:
            return self.db.execute(f"PRAGMA journal_mode={mode}").fetchone()[0] == mode
        except sqlite3.OperationalError:  # another connection holds the index
            return False
        finally:
            self.db.execute("PRAGMA busy_timeout=30000")

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        """Best effort: never wait on another process's write for this."""
        self.db.execute("PRAGMA busy_timeout=50")
        try:
            with contextlib.suppress(sqlite3.OperationalError):
                self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
        finally:
            self.db.execute("PRAGMA busy_timeout=30000")

    def begin_read(self) -> None:
        """Hold one read snapshot until the next refresh: every query of a command then sees
        the same state, even while the daemon commits a refresh."""
        self._end_read()
        self._latest.clear()
        self.db.execute("BEGIN")
        self.db.execute("SELECT 1 FROM meta LIMIT 1").fetchall()

    def _end_read(self) -> None:
        if self.db.in_transaction:
            self.db.execute("COMMIT")

    def _count(self) -> int:
        return self.db.execute("SELECT count(*) FROM notes").fetchone()[0]

    def _empty(self) -> bool:
        return self.db.execute("SELECT 1 FROM notes LIMIT 1").fetchone() is None

    def _refresh_parallel(self, changed: Iterable[tuple[str, int, int, int]],
                          progress: Callable[[int, int], None] | None, folder: str,
                          on_disk: dict[str, tuple[int, int, int]]) -> list[str]:
        """Parse in worker processes and take their rows in; the new paths. ``changed`` is a
        list, or the entries of a scan going on that fills ``on_disk``."""
        import multiprocessing
        import threading

        first = self._empty()
        # fork is the quickest start, but a process running other threads (the watcher's) may
        # fork a worker that deadlocks on a lock held at that instant: fresh interpreters then
        fork = hasattr(os, "fork") and threading.active_count() == 1
        ctx = multiprocessing.get_context("fork" if fork else "spawn")
        with ctx.Pool(_workers(), initializer=_open_shard,
                      initargs=(folder, self.root, self.config, self.me_key)) as pool:
            shards = self._parse_parallel(pool, changed, progress, on_disk)
            if not first:
                return self._merge(shards)
            # a first build: a worker resolves the links into a file of their own, with their
            # table indexes, while this process takes the other rows in
            links = pool.apply_async(_link_file, (shards, os.path.join(folder, "links.sqlite")))
            return self._merge(shards, links)

    def _parse_parallel(self, pool: Pool, changed: Iterable[tuple[str, int, int, int]],
                        progress: Callable[[int, int], None] | None,
                        on_disk: dict[str, tuple[int, int, int]]) -> list[str]:
        """Parse in the pool's workers, each writing its rows into its own SQLite file (no
        rows cross a pipe); return those files."""
        known = len(changed) if isinstance(changed, list) else None  # else: as the scan goes
        # small batches: the workers end together
        size = max(50, known // (_workers() * 30)) if known is not None else STREAM_BATCH
        done = 0
        shards: set[str] = set()  # the files of the workers that parsed something
        for count, shard in pool.imap_unordered(_parse_into_shard, _batches(changed, size)):
            shards.add(shard)
            done += count
            if progress:
                progress(done, max(done, known if known is not None else len(on_disk)))
        return sorted(shards)

    def _merge(self, shards: list[str], links: AsyncResult | None = None) -> list[str]:
        """Copy the workers' rows into the index, links resolved on the way; the new paths.
        For a first build into an empty index, ``links`` is the file where a worker resolves
        them; the table indexes are then made after the rows (quicker)."""
        if links is not None:
            for name in INDEXES:
                self.db.execute(f"DROP INDEX IF EXISTS {name}")
        new_paths: list[str] = []
        for n, shard in enumerate(shards):
            self.db.execute("ATTACH DATABASE ? AS ?", (shard, f"shard{n}"))
            for table in ROW_TABLES:  # rowid order; plain `SELECT *` lets SQLite copy whole records
                self.db.execute(f"INSERT INTO main.{table} SELECT * FROM shard{n}.{table}")
            new_paths.extend(r[0] for r in self.db.execute(f"SELECT path FROM shard{n}.notes"))
        if links is not None:
            for name, statement in INDEXES.items():
                if not name.startswith("edges_"):
                    self.db.execute(statement)
            path = links.get()
            for name, statement in INDEXES.items():
                if name.startswith("edges_"):  # as in the worker's file: its index pages are copied
                    self.db.execute(statement)
            self.db.execute("ATTACH DATABASE ? AS links", (path,))
            self.db.execute("INSERT INTO main.edges SELECT * FROM links.edges")
            return new_paths
        _fill_best(self.db, "main.keys")
        for n in range(len(shards)):
            self.db.execute(_RESOLVED_EDGES.format(edges=f"shard{n}.edges"))
        self.db.execute("DELETE FROM temp.best")
        return new_paths

    def _detach_all(self) -> None:
        for (_, name, _) in self.db.execute("PRAGMA database_list").fetchall():
            if name not in ("main", "temp"):
                self.db.execute(f"DETACH DATABASE {name}")

    def _keys_of(self, paths: Iterable[str]) -> set[tuple[str, str, int]]:
        out: set[tuple[str, str, int]] = set()
        for chunk in _chunks(list(paths)):
            marks = ",".join("?" * len(chunk))
            out.update(self.db.execute(
                f"SELECT key, path, rank FROM keys WHERE path IN ({marks})", chunk).fetchall())
        return out

    def _delete(self, paths: list[str]) -> None:
        for chunk in _chunks(paths):
            marks = ",".join("?" * len(chunk))
            for table in ALL_TABLES:
                col = "src" if table == "edges" else "path"
                self.db.execute(f"DELETE FROM {table} WHERE {col} IN ({marks})", chunk)

    def _resolve(self, new_edges: list[tuple], changed_keys: set[str]) -> None:
        """Insert the new notes' links resolved to paths, and re-resolve the older links whose
        target name was added to or removed from the vault (only those)."""
        if changed_keys:  # one pass over the links, whatever the number of keys
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS changed(key TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.changed")
            self.db.executemany("INSERT OR IGNORE INTO temp.changed VALUES (?)",
                                ((key,) for key in changed_keys))
            self.db.execute(f"UPDATE edges SET dst = ({_BEST_PATH.format(key='edges.key')}) "
                            "WHERE key IN temp.changed")
        if len(new_edges) > 2000:  # a big refresh: one pass over the keys beats a query per link
            _fill_best(self.db, "main.keys")
            lookup = dict(self.db.execute("SELECT key, path FROM temp.best")).get
            self.db.execute("DELETE FROM temp.best")
        else:
            cache: dict[str, str | None] = {}

            def lookup(key: str) -> str | None:
                if key not in cache:
                    row = self.db.execute(_BEST_PATH.format(key="?"), (key,)).fetchone()
                    cache[key] = row[0] if row else None
                return cache[key]

        self.db.executemany("INSERT INTO edges VALUES (?,?,?,?,?,?,?)",
                            (e + (lookup(e[1]),) for e in new_edges))

    def _sync_fts(self) -> None:
        """Bring the full-text index up to date with the notes (done on the first search)."""
        stale = [r[0] for r in self.db.execute("SELECT path FROM search_stale")]
        if not stale:
            return
        reading = self.db.in_transaction
        self._end_read()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            if "" in stale or len(stale) > FTS_REBUILD:
                self.db.execute("DELETE FROM fts")
                self.db.execute("INSERT INTO fts SELECT path, name, body FROM notes WHERE body IS NOT NULL")
            else:
                for chunk in _chunks(stale):
                    marks = ",".join("?" * len(chunk))
                    self.db.execute(f"DELETE FROM fts WHERE path IN ({marks})", chunk)
                    self.db.execute(f"INSERT INTO fts SELECT path, name, body FROM notes WHERE path IN "
                                    f"({marks}) AND body IS NOT NULL", chunk)
            self.db.execute("DELETE FROM search_stale")
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        if reading:
            self.begin_read()

    # -- links -------------------------------------------------------------------

    def resolve_link(self, target: str) -> str | None:
        row = self.db.execute(_BEST_PATH.format(key="?"), (link_key(target),)).fetchone()
        return row[0] if row else None


def _stat_notes(root: str, paths: list[str]) -> dict[str, tuple[int, int, int]]:
    """``{path: (mtime_ns, size, inode)}`` of those of ``paths`` that are notes on disk now."""
    out = {}
    for rel in paths:
        if not is_note_path(rel) or rel.startswith("/") or ".." in rel.split("/"):
            continue
        try:
            st = os.stat(os.path.join(root, rel))
        except OSError:
            continue  # gone (or unreadable folder): absent
        if stat.S_ISREG(st.st_mode):  # not a folder, a pipe or a device
            out[rel] = (st.st_mtime_ns, st.st_size, st.st_ino)
    return out


def _fingerprint(on_disk: dict[str, tuple[int, int, int]]) -> str:
    """One hash of every note's path and stat: equal means nothing changed since it was taken
    (in the scan's order: a folder listed in another order only costs a full comparison)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update("\0".join(on_disk).encode("utf-8", "surrogateescape"))
    try:
        digest.update(array("q", [n for st in on_disk.values() for n in st]).tobytes())
    except OverflowError:  # an inode number beyond 63 bits
        digest.update(repr(list(on_disk.values())).encode())
    return digest.hexdigest()


def _diff(on_disk: dict, stored: dict) -> tuple[list[tuple[str, int, int, int]], list[str]]:
    changed = [(p, *st) for p, st in on_disk.items() if stored.get(p) != st]
    deleted = [p for p in stored if p not in on_disk]
    return changed, deleted


def _recorded(entries: Iterable[tuple[str, int, int, int]],
              on_disk: dict[str, tuple[int, int, int]]) -> Iterator[tuple[str, int, int, int]]:
    """The scan's entries as they come, each noted in ``on_disk``."""
    for rel, mtime, size, inode in entries:
        on_disk[rel] = (mtime, size, inode)
        yield rel, mtime, size, inode


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _chunks(items: list, size: int = 500) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
