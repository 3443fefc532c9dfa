"""A refresh of the index: a plan made from a scan of the vault, then applied under the lock.

**Plan.** Scan the vault (or look at the paths given), compare with the stats
the index holds (mtime_ns, size, inode) and list the notes to read and those to
delete. Nothing is compared when the scan's fingerprint is the one the last
refresh saw. A first build of a large vault does not wait for the scan to end:
its plan holds the scan's entries still to come, read as they come.

**Apply.** Under the write lock (first planning again if another process
committed since the plan read the index), delete the rows of the notes deleted
or changed, read the changed notes, here or in worker processes when there are
many, and re-resolve the links whose key came or went. The notes' search rows
are only marked stale (see ``fts``).

A first build of a large vault goes further (figures from a 13,000-note vault
on two cores, where it takes about 1.05 s): one worker resolves the links into
a file of their own, with their table indexes, while this process copies the
other rows (0.06 to 0.08 s); and the table indexes are made after the rows
(0.04 to 0.1 s).

The index stays in WAL mode throughout: a command reading its snapshot never
holds up a refresh's commit, and a refresh never holds up a reader.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import time
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.memory import no_collection
from vaultkit.notes.vault import is_note_path, listing
from vaultkit.store import changes, fts
from vaultkit.store.resolve import BIG, RESOLVED_EDGES, fill_best, keys_of, resolve
from vaultkit.store.rows import Entry, chunks, has_unread, insert_rows, read_rows
from vaultkit.store.schema import ALL_TABLES, INDEXES, ROW_TABLES, rollback

if TYPE_CHECKING:
    from vaultkit.config import Config

PARALLEL_THRESHOLD = 400  # from this many notes to read, worker processes read them

Stat = tuple[int, int, int]  # mtime_ns, size, inode


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


@dataclass
class Plan:
    """What a refresh is to do, as decided from the scan and the index."""

    version: int  # the index's data version when the plan read it
    rebuild: bool
    paths: list[str] | None  # only these paths; None: the whole vault
    on_disk: dict[str, Stat]  # the notes on disk
    stored: dict[str, Stat]  # the notes in the index
    changed: list[Entry]  # to read
    deleted: list[str]  # to delete
    fingerprint: str | None = None  # of the scan, once it is whole
    listed: int | None = None  # how many notes the scan found, when ``on_disk`` was not kept
    partial: bool = False  # ``stored`` holds only the notes of the parts of the listing that changed

    @property
    def nothing_to_do(self) -> bool:
        return not (self.rebuild or self.changed or self.deleted)


@dataclass
class Builder:
    """Refreshes one index."""

    db: sqlite3.Connection
    root: str  # the vault
    folder: Path  # the index's folder, where the workers' files go too
    config: Config
    me_key: str  # the user's name, normalised
    parallel_threshold: int = PARALLEL_THRESHOLD

    def refresh(self, rebuild: bool = False, progress: Callable[[int, int], None] | None = None,
                paths: list[str] | None = None) -> RefreshResult:
        """Bring the index in line with the files (or with these paths of them)."""
        start = time.perf_counter()
        plan = self.plan(rebuild, None if rebuild else paths)
        if plan.nothing_to_do:
            result = RefreshResult(total=count_notes(self.db) if plan.paths is not None
                                   else len(plan.on_disk) if plan.listed is None else plan.listed)
        else:
            result = self.apply(plan, progress)
        result.seconds = time.perf_counter() - start
        return result

    # -- plan ----------------------------------------------------------------------

    def plan(self, rebuild: bool, paths: list[str] | None) -> Plan:
        """Scan, compare with the index, and decide what to read and what to delete."""
        version = data_version(self.db)  # first: what is read after it is as new, or newer
        if paths is not None:
            on_disk = stat_notes(self.root, paths)
            stored = stored_stats(self.db, paths)
            return Plan(version, rebuild, paths, on_disk, stored, *diff(on_disk, stored))
        names, stats = listing(self.root)
        fingerprint = fingerprint_of(names, stats)
        saved = get_meta(self.db, "scan")
        if not rebuild and fingerprint == saved:  # as the last refresh saw it
            return Plan(version, rebuild, None, {}, {}, [], [], fingerprint, len(names))
        on_disk = dict(zip(names, zip(stats[0::3], stats[1::3], stats[2::3], strict=True), strict=True))
        if rebuild:
            return Plan(version, rebuild, None, on_disk, {}, *diff(on_disk, {}), fingerprint)
        parts = changed_parts(saved, fingerprint)
        if parts is not None:  # the same paths as last time: only the stats of these parts changed
            some = [p for part in parts for p in names[part * PART : (part + 1) * PART]]
            stored = stored_stats(self.db, some)
            changed, deleted = diff({p: on_disk[p] for p in some}, stored)
            plan = Plan(version, rebuild, None, on_disk, stored, changed, deleted, fingerprint, partial=True)
        else:
            stored = stored_stats(self.db)
            plan = Plan(version, rebuild, None, on_disk, stored, *diff(on_disk, stored), fingerprint)
        if plan.nothing_to_do:  # another order of the same files: next time, the cheap comparison
            set_meta_if_free(self.db, "scan", fingerprint)
        return plan

    def _replan(self, plan: Plan) -> None:
        """Another process committed since ``plan`` read the index: compare again with what
        the index holds now (under the write lock)."""
        if plan.rebuild:
            return  # all of it is read again whatever it holds
        plan.stored = stored_stats(self.db, plan.paths)  # all of them again, not a part
        plan.changed, plan.deleted = diff(plan.on_disk, plan.stored)
        plan.partial = False

    # -- apply ---------------------------------------------------------------------

    def apply(self, plan: Plan, progress: Callable[[int, int], None] | None = None) -> RefreshResult:
        """Do what ``plan`` says, in one write transaction."""
        db = self.db
        # left after the commit: attached workers' files; no cycle collection over the rows
        with contextlib.ExitStack() as after, no_collection():
            db.execute("BEGIN IMMEDIATE")
            try:
                if data_version(db) != plan.version:
                    self._replan(plan)
                if plan.rebuild:
                    for table in (*ALL_TABLES, "fts", "search_stale"):
                        db.execute(f"DELETE FROM {table}")
                gone = plan.deleted + [entry[0] for entry in plan.changed if entry[0] in plan.stored]
                keys_before = keys_of(db, gone)
                # a few notes: how each one changed, for the answers kept (``changes``); a note
                # read for the first time, or one so large that comparing its rows costs more than
                # making the answers again, is a hard change without comparing
                first = not (plan.stored or plan.partial or plan.paths is not None)
                tracked = (not plan.rebuild and not first
                           and len(plan.changed) + len(plan.deleted) <= changes.TRACKED)
                compared = [e[0] for e in plan.changed if e[0] in plan.stored and e[2] <= changes.COMPARED_SIZE]
                before = changes.digests(db, compared) if tracked else None
                quiet = changes.generated(db, plan.deleted) if tracked else set()  # soft when gone
                delete_notes(db, gone)
                new_edges: list[tuple] = []
                if len(plan.changed) >= self.parallel_threshold and worker_count() > 1:
                    new_paths = self._read_in_workers(plan, progress, after)
                else:
                    new_paths, new_edges = self._read_here(plan, progress)
                # links of other notes to re-resolve: none when every note was just read
                keys_after = set() if first else keys_of(db, new_paths)
                with _indexes_after(db, len(new_edges) > BIG and is_empty_of_links(db)):
                    resolve(db, new_edges, {key for key, _, _ in keys_before ^ keys_after})
                fts.mark_stale(db, [*gone, *new_paths])
                if tracked:  # a generated note added: soft too
                    quiet |= changes.generated(db, [p for p in new_paths if p not in before])
                changes.record(db, before, changes.digests(db, before) if before else {}, [*gone, *new_paths],
                               quiet)
                if plan.paths is None and plan.fingerprint is None:  # the scan ended with the reading
                    plan.fingerprint = scan_fingerprint(plan.on_disk)
                if has_unread(db):  # no fingerprint hides a note that could not be read: retried
                    plan.fingerprint = None
                db.execute("INSERT OR REPLACE INTO meta VALUES ('refreshed', ?)", (str(time.time()),))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('scan', ?)", (plan.fingerprint or "",))
                db.execute("COMMIT")
            except BaseException:
                rollback(db)
                raise
        return RefreshResult(
            read=len(new_paths), deleted=len(plan.deleted), rebuilt=plan.rebuild,
            changed=sorted(new_paths + plan.deleted),
            total=len(plan.on_disk) if plan.paths is None else count_notes(db))

    def _read_here(self, plan: Plan, progress: Callable[[int, int], None] | None
                   ) -> tuple[list[str], list[tuple]]:
        """Read the changed notes in this process; their paths and their links."""
        from vaultkit.notes.reader import Reader  # here: commands that only query never load YAML

        rows = read_rows(self.root, Reader(self.config), self.me_key, plan.changed)
        new_paths = [row[0] for row in rows["notes"]]
        if progress:
            progress(len(new_paths), len(plan.changed))
        insert_rows(self.db, rows)
        return new_paths, rows["edges"]

    def _read_in_workers(self, plan: Plan, progress: Callable[[int, int], None] | None,
                         after: contextlib.ExitStack) -> list[str]:
        """Read the changed notes in worker processes and take their rows in, links resolved;
        the new paths. The workers' files stay attached until ``after`` is closed."""
        import shutil
        import tempfile

        from vaultkit.store.workers import Job, Workers  # here: most refreshes start none

        for stale in self.folder.glob("refresh-*"):  # left by a refresh killed with SIGKILL
            shutil.rmtree(stale, ignore_errors=True)
        folder = after.enter_context(tempfile.TemporaryDirectory(
            prefix="refresh-", dir=self.folder, ignore_cleanup_errors=True))
        after.callback(detach_all, self.db)
        first = is_empty(self.db)
        with Workers(Job(folder, self.root, self.config, self.me_key), worker_count()) as workers:
            shards = workers.parse(plan.changed, progress)
            if not first:
                return merge(self.db, shards)
            # a first build: a worker resolves the links into a file of their own, with their
            # table indexes, while this process takes the other rows in
            workers.start_links(shards, os.path.join(folder, "links.sqlite"))
            return merge(self.db, shards, workers.links)


def merge(db: sqlite3.Connection, shards: list[str], links: Callable[[], str] | None = None) -> list[str]:
    """Copy the workers' rows into the index, links resolved on the way; the new paths.
    For a first build into an empty index, ``links`` gives the file where a worker resolved
    them; the table indexes are then made after the rows (quicker)."""
    if links is not None:
        for name in INDEXES:
            db.execute(f"DROP INDEX IF EXISTS {name}")
    new_paths: list[str] = []
    for n, shard in enumerate(shards):
        db.execute("ATTACH DATABASE ? AS ?", (shard, f"shard{n}"))
        for table in ROW_TABLES:  # rowid order; plain `SELECT *` lets SQLite copy whole records
            db.execute(f"INSERT INTO main.{table} SELECT * FROM shard{n}.{table}")
        new_paths.extend(r[0] for r in db.execute(f"SELECT path FROM shard{n}.notes"))
    if links is not None:
        for name, statement in INDEXES.items():
            if not name.startswith("edges_"):
                db.execute(statement)
        path = links()
        for name, statement in INDEXES.items():
            if name.startswith("edges_"):  # as in the worker's file: its index pages are copied
                db.execute(statement)
        db.execute("ATTACH DATABASE ? AS links", (path,))
        db.execute("INSERT INTO main.edges SELECT * FROM links.edges")
        return new_paths
    fill_best(db, "main.keys")
    for n in range(len(shards)):
        db.execute(RESOLVED_EDGES.format(edges=f"shard{n}.edges"))
    db.execute("DELETE FROM temp.best")
    return new_paths


def worker_count() -> int:
    """How many worker processes read a large refresh: one a core, up to four."""
    return min(os.cpu_count() or 1, 4)


def detach_all(db: sqlite3.Connection) -> None:
    for (_, name, _) in db.execute("PRAGMA database_list").fetchall():
        if name not in ("main", "temp"):
            db.execute(f"DETACH DATABASE {name}")


def delete_notes(db: sqlite3.Connection, paths: list[str]) -> None:
    """Every row of the notes at ``paths``, their links included."""
    for chunk in chunks(paths):
        marks = ",".join("?" * len(chunk))
        for table in ALL_TABLES:
            col = "src" if table == "edges" else "path"
            db.execute(f"DELETE FROM {table} WHERE {col} IN ({marks})", chunk)


# -- what the index holds ----------------------------------------------------------


def data_version(db: sqlite3.Connection) -> int:
    """A number that changes whenever another connection commits to the index."""
    return db.execute("PRAGMA data_version").fetchone()[0]


def is_empty_of_links(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM edges LIMIT 1").fetchone() is None


@contextlib.contextmanager
def _indexes_after(db: sqlite3.Connection, when: bool) -> Iterator[None]:
    """Many links into an empty table: its indexes are made once after them, quicker than
    kept up row by row (0.53 s against 0.2 s for the 225,000 links of one 14 MB note)."""
    if not when:
        yield
        return
    edge_indexes = {name: stmt for name, stmt in INDEXES.items() if name.startswith("edges_")}
    for name in edge_indexes:
        db.execute(f"DROP INDEX IF EXISTS {name}")
    yield
    for statement in edge_indexes.values():
        db.execute(statement)


def is_empty(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM notes LIMIT 1").fetchone() is None


def count_notes(db: sqlite3.Connection) -> int:
    return db.execute("SELECT count(*) FROM notes").fetchone()[0]


def stored_stats(db: sqlite3.Connection, paths: list[str] | None = None) -> dict[str, Stat]:
    """``{path: (mtime_ns, size, inode)}`` of the notes in the index (at ``paths``)."""
    sql = "SELECT path, mtime_ns, size, inode FROM notes"
    if paths is None:
        return {r[0]: (r[1], r[2], r[3]) for r in db.execute(sql)}
    out: dict[str, Stat] = {}
    for chunk in chunks(paths):
        out.update((r[0], (r[1], r[2], r[3])) for r in db.execute(
            f"{sql} WHERE path IN ({','.join('?' * len(chunk))})", chunk))
    return out


def get_meta(db: sqlite3.Connection, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
    return row[0] if row else None


def set_meta_if_free(db: sqlite3.Connection, key: str, value: str) -> None:
    """Best effort: never wait on another process's write for this."""
    db.execute("PRAGMA busy_timeout=50")
    try:
        with contextlib.suppress(sqlite3.OperationalError):
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))
    finally:
        db.execute("PRAGMA busy_timeout=30000")


# -- what is on disk ---------------------------------------------------------------


def stat_notes(root: str, paths: list[str]) -> dict[str, Stat]:
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


def scan_fingerprint(on_disk: dict[str, Stat]) -> str:
    """One hash of every note's path and stat: equal means nothing changed since it was taken
    (in the scan's order: a folder listed in another order only costs a full comparison)."""
    return fingerprint_of(list(on_disk), [n for st in on_disk.values() for n in st])


PART = 256  # notes of a part of the listing, each hashed on its own in the fingerprint


def fingerprint_of(paths: list[str], stats: list[int]) -> str:
    """``scan_fingerprint`` of a ``listing`` (the paths, and their stats one after the other):
    a hash of the paths and one of the stats of each ``PART`` notes, ``PATHS|STATS``. When
    only the stats' hashes differ from the last refresh's, the same notes are there, in the
    same order, and only those of the parts whose hash differs need be compared with the
    index (``changed_parts``): an edit is then found without a step per note."""
    path_parts, stat_parts = [], []
    for start in range(0, len(paths), PART):
        path_parts.append(hashlib.blake2b("\0".join(paths[start : start + PART]).encode(
            "utf-8", "surrogateescape"), digest_size=8).hexdigest())
        some = stats[3 * start : 3 * (start + PART)]
        try:
            raw = array("q", some).tobytes()
        except OverflowError:  # an inode number beyond 63 bits
            raw = repr(some).encode()
        stat_parts.append(hashlib.blake2b(raw, digest_size=8).hexdigest())
    return f"{''.join(path_parts)}|{''.join(stat_parts)}"


def changed_parts(saved: str | None, fingerprint: str) -> list[int] | None:
    """The parts of the listing whose stats changed since the fingerprint ``saved``, when its
    paths are the same (and few parts changed); else None: compare every note."""
    if not saved or "|" not in saved:
        return None
    old_paths, old_stats = saved.split("|")
    paths, stats = fingerprint.split("|")
    if old_paths != paths or len(old_stats) != len(stats):
        return None
    parts = [i for i in range(0, len(stats), 16) if stats[i : i + 16] != old_stats[i : i + 16]]
    return [i // 16 for i in parts] if len(parts) <= 64 else None



def diff(on_disk: dict[str, Stat], stored: dict[str, Stat]) -> tuple[list[Entry], list[str]]:
    """The notes to read (new or changed) and the paths to delete."""
    changed = [(p, *st) for p, st in on_disk.items() if stored.get(p) != st]
    deleted = [p for p in stored if p not in on_disk]
    return changed, deleted
