"""The full-text search table, brought up to date on the first search after a change.

A refresh only notes which paths are stale (in ``search_stale``; ``''`` stands
for all of them); a search then re-indexes those notes, or the whole table when
there are many.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from vaultkit.store.rows import chunks
from vaultkit.store.schema import rollback

FTS_REBUILD = 1000  # more stale notes than this: the search table is rebuilt whole


def mark_stale(db: sqlite3.Connection, paths: Iterable[str]) -> None:
    """Note that the search rows of ``paths`` are out of date (in the caller's transaction)."""
    paths = list(paths)
    if len(paths) > FTS_REBUILD:
        db.execute("DELETE FROM search_stale")
        db.execute("INSERT INTO search_stale VALUES ('')")
    else:
        db.executemany("INSERT OR IGNORE INTO search_stale VALUES (?)", ((p,) for p in paths))


def has_stale(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM search_stale LIMIT 1").fetchone() is not None


def sync(db: sqlite3.Connection) -> None:
    """Re-index the stale notes, in a write transaction of its own."""
    db.execute("BEGIN IMMEDIATE")
    try:
        stale = [r[0] for r in db.execute("SELECT path FROM search_stale")]
        if "" in stale or len(stale) > FTS_REBUILD:
            db.execute("DELETE FROM fts")
            db.execute("INSERT INTO fts SELECT path, name, body FROM notes WHERE body IS NOT NULL")
        else:
            for chunk in chunks(stale):
                marks = ",".join("?" * len(chunk))
                db.execute(f"DELETE FROM fts WHERE path IN ({marks})", chunk)
                db.execute(f"INSERT INTO fts SELECT path, name, body FROM notes WHERE path IN "
                           f"({marks}) AND body IS NOT NULL", chunk)
        db.execute("DELETE FROM search_stale")
        db.execute("COMMIT")
    except BaseException:
        rollback(db)
        raise
