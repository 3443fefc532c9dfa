"""Worker processes of a large refresh: each parses batches of notes into a file of its own.

No rows cross a pipe. Each worker process makes one ``Shard``, a SQLite file
with the index's tables (without their indexes) and one note reader, and
writes the rows of every batch it is given into it; the index then takes the
rows in with one ``INSERT ... SELECT`` a table. For a first build, a worker
then resolves the links of all shards into a file of their own, with their
table indexes, while the index takes the other rows in.

The state of a worker (its shard and reader) lives in the worker's own loop,
``_serve``: tasks come in on one queue and results go out on another.
"""

from __future__ import annotations

import gc
import itertools
import os
import pickle
import queue
import sqlite3
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vaultkit.store.resolve import RESOLVED_EDGES, fill_best
from vaultkit.store.rows import Entry, insert_many, insert_rows, read_rows
from vaultkit.store.schema import ALL_TABLES, INDEXES, PAGE_SIZE, TABLES

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess

    from vaultkit.config import Config

MAX_BATCH = 1000  # notes a worker reads at a time: the rows of a batch are held until written
MIN_BATCH = 50


@dataclass(frozen=True)
class Job:
    """What every worker of one refresh is given (by pickling, for a spawned worker)."""

    folder: str  # where the workers' files go
    root: str  # the vault
    config: Config
    me_key: str  # the user's name, normalised


def scratch_db(path: str) -> sqlite3.Connection:
    """A work file of this refresh: no journal, no syncing (it is thrown away after)."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute(f"PRAGMA page_size={PAGE_SIZE}")
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    return db


class Shard:
    """One worker's output file, with the tables of the index, and its note reader."""

    def __init__(self, job: Job):
        from vaultkit.notes.reader import Reader

        self.job = job
        self.reader = Reader(job.config)
        self.path = os.path.join(job.folder, f"shard-{os.getpid()}.sqlite")
        self.db = scratch_db(self.path)
        for name in ALL_TABLES:
            self.db.execute(TABLES[name])

    def parse(self, batch: list[Entry]) -> int:
        """Read and parse a batch of files into this file; how many notes it held."""
        rows = read_rows(self.job.root, self.reader, self.job.me_key, batch)
        self.db.execute("BEGIN")
        insert_rows(self.db, rows)
        insert_many(self.db, "edges", rows["edges"], 6, ",NULL")
        self.db.execute("COMMIT")
        return len(rows["notes"])


def link_file(shards: list[str], path: str) -> str:
    """The links of all ``shards`` resolved to their best note, in a file of their own at
    ``path`` with the index's indexes on them; ``path``."""
    db = scratch_db(path)
    try:
        db.execute(TABLES["edges"])
        for n, shard in enumerate(shards):
            db.execute("ATTACH DATABASE ? AS ?", (shard, f"shard{n}"))
        keys = " UNION ALL ".join(f"SELECT key, path, rank FROM shard{n}.keys" for n in range(len(shards)))
        fill_best(db, f"({keys})")
        db.execute("BEGIN")
        for n in range(len(shards)):
            db.execute(RESOLVED_EDGES.format(edges=f"shard{n}.edges"))
        for name, statement in INDEXES.items():
            if name.startswith("edges_"):
                db.execute(statement)
        db.execute("COMMIT")
    finally:
        db.close()
    return path


def _serve(job: Job, tasks: Any, results: Any) -> None:
    """A worker process: make its shard, then do each task it is given, until it is stopped,
    or its refresh was killed. No cycle collection: it only makes rows and frees them by
    reference count."""
    gc.disable()
    refresh = os.getppid()
    try:
        shard = Shard(job)
        while True:
            try:
                task = tasks.get(timeout=1.0)
            except queue.Empty:
                if os.getppid() != refresh:  # killed (SIGKILL): nobody waits for the rows
                    results.cancel_join_thread()  # nor reads them: exit without flushing them
                    return
                continue
            if task[0] == "parse":
                results.put(("parsed", shard.parse(task[1]), shard.path))
            else:
                results.put(("links", link_file(*task[1:])))
    except KeyboardInterrupt:
        pass
    except BaseException as exc:
        results.put(("failed", _portable(exc)))


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it can go through a pipe, else its traceback as text."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"a worker of the refresh failed:\n{text}")
    return exc


def _batches(entries: list[Entry], workers: int) -> Iterator[list[Entry]]:
    """``entries`` in batches that get smaller as fewer are left (a sixteenth of what is left
    for two workers, between ``MIN_BATCH`` and ``MAX_BATCH``): few batches, and the last ones
    small, so that the workers end together."""
    start = 0
    while start < len(entries):
        size = max(MIN_BATCH, min(MAX_BATCH, (len(entries) - start) // (8 * workers)))
        yield entries[start : start + size]
        start += size


class WorkerDied(RuntimeError):
    """A worker process ended without a word (killed, say)."""


class Workers:
    """The worker processes of one refresh; stopped on leaving the ``with`` block."""

    def __init__(self, job: Job, count: int):
        import multiprocessing
        import threading

        # fork is the quickest start, but a process running other threads (the watcher's) may
        # fork a worker that deadlocks on a lock held at that instant: fresh interpreters then
        fork = hasattr(os, "fork") and threading.active_count() == 1
        ctx = multiprocessing.get_context("fork" if fork else "spawn")
        self.tasks = ctx.Queue()
        self.results = ctx.Queue()
        self.processes: list[BaseProcess] = [
            ctx.Process(target=_serve, args=(job, self.tasks, self.results), daemon=True)
            for _ in range(count)]
        for process in self.processes:
            process.start()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.join()
        self.tasks.cancel_join_thread()  # what was not taken is not waited for
        self.tasks.close()
        self.results.close()

    def parse(self, entries: list[Entry], progress: Callable[[int, int], None] | None = None) -> list[str]:
        """Parse ``entries`` in the workers; the files they wrote into, sorted."""
        batches = _batches(entries, len(self.processes))
        # a bounded queue: two batches a worker waiting at most, the next one sent as one is done
        waiting = 0
        for batch in itertools.islice(batches, 2 * len(self.processes)):
            self.tasks.put(("parse", batch))
            waiting += 1
        done = 0
        shards: set[str] = set()  # the files of the workers that parsed something
        while waiting:
            _, count, shard = self._next()
            waiting -= 1
            for batch in itertools.islice(batches, 1):
                self.tasks.put(("parse", batch))
                waiting += 1
            done += count
            shards.add(shard)
            if progress:
                progress(done, len(entries))
        return sorted(shards)

    def start_links(self, shards: list[str], path: str) -> None:
        """Have a worker resolve the links of ``shards`` into a file at ``path``."""
        self.tasks.put(("links", shards, path))

    def links(self) -> str:
        """The file of ``start_links``, once it is made."""
        return self._next()[1]

    def _next(self) -> tuple:
        """The next result of a task."""
        while True:
            try:
                result = self.results.get(timeout=1.0)
            except queue.Empty:
                if any(p.exitcode is not None for p in self.processes):
                    raise WorkerDied("a worker process of the refresh ended unexpectedly") from None
                continue
            if result[0] == "failed":
                raise result[1]
            return result
