"""Is the index exact? Compare it, as it stands, with a cold index of the same files.

The cold index is built from scratch into a temporary database file; every
table that holds what the notes say is compared row by row (as multisets, so a
duplicated row counts), and each note whose rows differ is listed with what
differs. The compared tables are those the index fills from each note, plus
the resolved links; search tables and bookkeeping are derived from them.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from vaultkit.config import cache_dir
from vaultkit.store.index import Index
from vaultkit.store.schema import ALL_TABLES

PATH_COLUMNS = ("path", "src")


@dataclass
class Difference:
    """How one note's rows differ between the index and the files."""

    path: str
    what: str
    tables: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        detail = f" ({', '.join(self.tables)})" if self.tables else ""
        return f"{self.path}: {self.what}{detail}"


@dataclass
class Snapshot:
    """Every compared table of one index: ``{table: (path column position, rows)}``."""

    tables: dict[str, tuple[int, Counter]]

    def stats(self) -> dict[str, tuple]:
        """``{path: (mtime_ns, size, inode)}`` from the notes table."""
        return {row[0]: tuple(row[1:4]) for row in self.tables["notes"][1]}


def snapshot(db: sqlite3.Connection) -> Snapshot:
    """Read every compared table in one read transaction (a consistent state)."""
    tables: dict[str, tuple[int, Counter]] = {}
    db.execute("BEGIN")
    try:
        for table in ALL_TABLES:
            columns = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
            position = next((columns.index(c) for c in PATH_COLUMNS if c in columns), None)
            if position is None:
                continue
            rows = Counter(tuple(r) for r in db.execute(f"SELECT * FROM {table}"))
            tables[table] = (position, rows)
    finally:
        db.execute("COMMIT")
    return Snapshot(tables)


def compare(live: Snapshot, cold: Snapshot) -> list[Difference]:
    """One Difference per note whose rows differ, sorted by path."""
    stats_live, stats_cold = live.stats(), cold.stats()
    tables_of: dict[str, set[str]] = {}
    for table in sorted(set(live.tables) | set(cold.tables)):
        position, rows_live = live.tables.get(table, (0, Counter()))
        position, rows_cold = cold.tables.get(table, (position, Counter()))
        for row in (rows_live - rows_cold) + (rows_cold - rows_live):
            tables_of.setdefault(str(row[position]), set()).add(table)
    out = []
    for path in sorted(tables_of):
        if path in stats_live and path not in stats_cold:
            out.append(Difference(path, "in the index, but no such note on disk"))
        elif path in stats_cold and path not in stats_live:
            out.append(Difference(path, "on disk, but missing from the index"))
        elif stats_live.get(path) != stats_cold.get(path):
            out.append(Difference(path, "changed on disk since the index last read it"))
        else:
            out.append(Difference(path, "index rows differ from a fresh read", sorted(tables_of[path])))
    return out


def verify_index(index: Index) -> list[Difference]:
    """Compare ``index`` (not refreshed first) with a cold index of the same files."""
    with tempfile.TemporaryDirectory(prefix="verify-", dir=cache_dir(index.config.vault)) as tmp:
        cold = Index(index.config, db_path=Path(tmp) / "cold.sqlite")
        try:
            cold.refresh()
            cold_rows = snapshot(cold.db)
        finally:
            cold.close()
    return compare(snapshot(index.db), cold_rows)
