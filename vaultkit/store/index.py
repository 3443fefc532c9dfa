"""The SQLite index: a disposable cache of the parsed vault, refreshed incrementally.

Files are the truth. ``refresh()`` re-reads only notes whose mtime_ns, size or
inode changed, drops deleted ones, and re-resolves links. A schema or config
change rebuilds everything silently.

``Index`` opens the file, refreshes it and answers questions about the vault.
The store's other modules hold the rest: ``schema`` (the tables and the
silent rebuild), ``rows`` (a note's rows), ``build`` (a refresh: its plan and
how it is applied), ``workers`` (the processes that read a large refresh),
``resolve`` (which note a link names) and ``fts`` (the search table's upkeep).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from vaultkit import __version__
from vaultkit.config import Config, cache_dir, private_file
from vaultkit.errors import IndexUnwritable
from vaultkit.notes.values import link_key, norm_key
from vaultkit.store import fts
from vaultkit.store.build import PARALLEL_THRESHOLD, Builder, RefreshResult
from vaultkit.store.read import Reads
from vaultkit.store.resolve import BEST_PATH
from vaultkit.store.schema import PAGE_SIZE, ensure_schema, stamp

# what SQLite and the system say when the cache cannot take more
_UNWRITABLE = ("disk is full", "disk I/O error", "readonly database", "unable to open database")
_NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


class Index(Reads):
    """One vault's index. Use as a context manager or call ``close()``; its questions are
    the methods of ``Reads`` (``vaultkit.store.read``), and ``resolve_link``.

    ``parallel_threshold``: from this many notes to read, worker processes read them."""

    def __init__(self, config: Config, db_path: Path | None = None,
                 parallel_threshold: int = PARALLEL_THRESHOLD):
        self.config = config
        self.root = str(config.vault)
        self.db_path = db_path or Path("index.sqlite")
        self.me_key = norm_key(config.me) if config.me else ""
        self.parallel_threshold = parallel_threshold
        self._latest: dict[Any, Any] = {}  # answers kept for the snapshot read (see Reads)
        with self._writing():
            self.db_path = db_path or cache_dir(config.vault) / "index.sqlite"
            self.db = self._open()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """Say in one line when the cache cannot take the index (a full disk, a read-only
        folder) instead of failing with SQLite's error."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            if not any(part in str(exc) for part in _UNWRITABLE):
                raise
            raise IndexUnwritable(self.db_path, str(exc)) from exc
        except OSError as exc:
            if exc.errno not in _NO_ROOM:
                raise
            raise IndexUnwritable(self.db_path, exc.strerror or str(exc)) from exc

    # -- lifecycle ---------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        # made owner-only before SQLite opens it (its journal files take its mode), without
        # changing the umask, which other threads' new files (notes) follow
        os.close(private_file(self.db_path, os.O_RDWR | os.O_CREAT))
        db = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        db.execute("PRAGMA busy_timeout=30000")
        db.execute(f"PRAGMA page_size={PAGE_SIZE}")  # for a new file; an older one keeps its own
        # WAL: readers and the writer never wait for each other (a command holds its read
        # snapshot while the daemon commits). The switch fails only while another connection
        # holds a file not in WAL yet (switching it too, say): a later opening switches it.
        with contextlib.suppress(sqlite3.OperationalError):
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        ensure_schema(db, stamp(__version__, self.config.fingerprint()))
        return db

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- refresh -----------------------------------------------------------------

    def refresh_paths(self, paths: Iterable[str]) -> RefreshResult:
        """Like ``refresh()``, but look only at these vault-relative paths (for a watcher that
        knows what changed); ``refresh()`` stays the ground truth."""
        return self.refresh(paths=sorted(set(paths)))

    def refresh(self, rebuild: bool = False,
                progress: Callable[[int, int], None] | None = None,
                paths: list[str] | None = None) -> RefreshResult:
        """Bring the index in line with the files; cheap when nothing changed."""
        self._end_read()
        self._latest.clear()
        builder = Builder(self.db, self.root, self.db_path.parent, self.config, self.me_key,
                          self.parallel_threshold)
        with self._writing():
            return builder.refresh(rebuild, progress, paths)

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

    def _sync_fts(self) -> None:
        """Bring the full-text search table up to date with the notes (on the first search)."""
        if not fts.has_stale(self.db):
            return
        reading = self.db.in_transaction
        self._end_read()
        with self._writing():
            fts.sync(self.db)
        if reading:
            self.begin_read()

    # -- links -------------------------------------------------------------------

    def resolve_link(self, target: str) -> str | None:
        row = self.db.execute(BEST_PATH.format(key="?"), (link_key(target),)).fetchone()
        return row[0] if row else None

    def resolve_links(self, targets: Iterable[str]) -> dict[str, str | None]:
        """``resolve_link`` of each of ``targets``, in one query."""
        keys = {target: link_key(target) for target in targets}
        best = BEST_PATH.format(key="k.value")
        found = dict(self.db.execute(f"SELECT k.value, ({best}) FROM json_each(?) AS k",
                                     (json.dumps(sorted(set(keys.values())), ensure_ascii=False),)))
        return {target: found.get(key) for target, key in keys.items()}


