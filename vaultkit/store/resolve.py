"""Which note a link names: its key's best note, file name before name before alias.

Each note gives keys (its file name, its name, its aliases, normalised) with a
rank; a link's key names the note with the best rank, then the shortest path.
Links are stored with the path they resolve to, and re-resolved when a note
that gives or gave their key is read or deleted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from vaultkit.store.rows import chunks, insert_many

BEST_ORDER = "rank, length(path), path"
# the best note of one key
BEST_PATH = f"SELECT path FROM keys WHERE key={{key}} ORDER BY {BEST_ORDER} LIMIT 1"
# links with their best note (in ``temp.best``) into the main edges table, in the order they
# have in their notes
RESOLVED_EDGES = ("INSERT INTO main.edges SELECT e.src, e.key, e.target, e.line, e.field, e.date, "
                  "b.path FROM {edges} AS e LEFT JOIN temp.best AS b ON b.key = e.key ORDER BY e.rowid")
BIG = 2000  # more new links than this: one pass over the keys beats a query per link


def fill_best(db: sqlite3.Connection, keys: str) -> None:
    """``temp.best``: the best note of each key among the rows of ``keys`` (a table or query)."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS best(key TEXT PRIMARY KEY, path TEXT)")
    db.execute("DELETE FROM temp.best")
    db.execute(f"INSERT OR IGNORE INTO temp.best SELECT key, path FROM {keys} "
               f"ORDER BY key, {BEST_ORDER}")  # the first row of each key is kept


def keys_of(db: sqlite3.Connection, paths: Iterable[str]) -> set[tuple[str, str, int]]:
    """``(key, path, rank)`` of the notes at ``paths``."""
    out: set[tuple[str, str, int]] = set()
    for chunk in chunks(list(paths)):
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(f"SELECT key, path, rank FROM keys WHERE path IN ({marks})", chunk))
    return out


def resolve(db: sqlite3.Connection, new_edges: list[tuple], changed_keys: set[str]) -> None:
    """Insert the new notes' links resolved to paths, and re-resolve the older links whose
    key was added to or removed from the vault (only those)."""
    if changed_keys:  # one pass over the links, whatever the number of keys
        db.execute("CREATE TEMP TABLE IF NOT EXISTS changed(key TEXT PRIMARY KEY)")
        db.execute("DELETE FROM temp.changed")
        db.executemany("INSERT OR IGNORE INTO temp.changed VALUES (?)", ((key,) for key in changed_keys))
        db.execute(f"UPDATE edges SET dst = ({BEST_PATH.format(key='edges.key')}) "
                   "WHERE key IN temp.changed")
    if len(new_edges) > BIG:
        fill_best(db, "main.keys")
        lookup = dict(db.execute("SELECT key, path FROM temp.best")).get
        db.execute("DELETE FROM temp.best")
    else:
        cache: dict[str, str | None] = {}

        def lookup(key: str) -> str | None:
            if key not in cache:
                row = db.execute(BEST_PATH.format(key="?"), (key,)).fetchone()
                cache[key] = row[0] if row else None
            return cache[key]

    insert_many(db, "edges", (e + (lookup(e[1]),) for e in new_edges), 7)
