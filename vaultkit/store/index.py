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
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from vaultkit import __version__
from vaultkit.config import Config, cache_dir
from vaultkit.notes.model import EVENT, AttendeeNote, Link, Note, Problem, Section, Task
from vaultkit.notes.values import link_key, norm_key
from vaultkit.store import fts
from vaultkit.store.build import PARALLEL_THRESHOLD, Builder, RefreshResult
from vaultkit.store.resolve import BEST_PATH
from vaultkit.store.rows import chunks
from vaultkit.store.schema import PAGE_SIZE, ensure_schema, stamp


class Index:
    """One vault's index. Use as a context manager or call ``close()``.

    ``parallel_threshold``: from this many notes to read, worker processes read them."""

    def __init__(self, config: Config, db_path: Path | None = None,
                 parallel_threshold: int = PARALLEL_THRESHOLD):
        self.config = config
        self.root = str(config.vault)
        self.db_path = db_path or cache_dir(config.vault) / "index.sqlite"
        self.me_key = norm_key(config.me) if config.me else ""
        self.parallel_threshold = parallel_threshold
        self._latest: dict[str, tuple[dict, dict]] = {}
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
        fts.sync(self.db)
        if reading:
            self.begin_read()

    # -- queries -----------------------------------------------------------------

    def note(self, path: str) -> Note | None:
        return self.notes([path]).get(path)

    def notes(self, paths: Iterable[str]) -> dict[str, Note]:
        """The notes at ``paths`` as the reader gave them (without their body)."""
        out: dict[str, Note] = {}
        for chunk in chunks(list(paths)):
            marks = ",".join("?" * len(chunk))
            for path, kind, name, date, data in self.db.execute(
                    f"SELECT path, kind, name, date, data FROM notes WHERE path IN ({marks})", chunk):
                d = json.loads(data)
                out[path] = Note(path, kind, name, d["fields"], date, generated=d.get("generated", False),
                                 attendee_notes=[AttendeeNote(*a) for a in d.get("attendee_notes", ())])
            for src, target, line, fld in self.db.execute(
                    f"SELECT src, target, line, field FROM edges WHERE src IN ({marks}) "
                    "AND field != 'attendees:body' ORDER BY rowid", chunk):
                out[src].links.append(Link(target, line, fld))
            for path, date, title, text, line in self.db.execute(
                    f"SELECT path, date, title, text, line FROM sections WHERE path IN ({marks}) "
                    "ORDER BY rowid", chunk):
                out[path].sections.append(Section(date, title, text, line))
            for path, line, text, done, due, links in self.db.execute(
                    f"SELECT path, line, text, done, due, links FROM tasks WHERE path IN ({marks}) "
                    "ORDER BY rowid", chunk):
                out[path].tasks.append(Task(text, line, bool(done), due, json.loads(links)))
            for path, line, message, level in self.db.execute(
                    f"SELECT path, line, message, level FROM problems WHERE path IN ({marks}) "
                    "ORDER BY rowid", chunk):
                out[path].problems.append(Problem(path, line, message, level))
        return out

    def paths(self, kind: str | None = None) -> list[str]:
        if kind:
            return [r[0] for r in self.db.execute(
                "SELECT path FROM notes WHERE kind=? ORDER BY path", (kind,))]
        return [r[0] for r in self.db.execute("SELECT path FROM notes ORDER BY path")]

    def counts(self) -> dict[str, int]:
        """Notes of each kind, without the ones vaultkit generated (stored with no body)."""
        out = {"contact": 0, "event": 0, "note": 0}
        for kind, n in self.db.execute(
                "SELECT kind, count(*) FROM notes WHERE body IS NOT NULL GROUP BY kind"):
            out[kind] = n
        return out

    def resolve_link(self, target: str) -> str | None:
        row = self.db.execute(BEST_PATH.format(key="?"), (link_key(target),)).fetchone()
        return row[0] if row else None

    def latest_interactions(self, as_of: str) -> tuple[dict[str, tuple[str, int, int]],
                                                        dict[str, tuple[str, str]]]:
        """Per contact, up to ``as_of``: the latest dated section of their own note
        ``(date, line, rowid)``, and the latest dated link to them from another note
        ``(date, src)``. Computed once per snapshot; engines of one command share it."""
        cached = self._latest.get(as_of)
        if cached is None:
            sections: dict[str, tuple[str, int, int]] = {}
            for path, date, line, rowid in self.db.execute(
                    "SELECT s.path, s.date, s.line, s.rowid FROM sections s JOIN contacts c ON c.path=s.path "
                    "WHERE s.date <= ?", (as_of,)):
                have = sections.get(path)
                if have is None or (date, line) > have[:2]:
                    sections[path] = (date, line, rowid)
            links: dict[str, tuple[str, str]] = {}
            for dst, date, src in self.db.execute(
                    "SELECT e.dst, e.date, e.src FROM edges e JOIN contacts c ON c.path=e.dst "
                    "WHERE e.date IS NOT NULL AND e.date <= ? AND e.src != e.dst", (as_of,)):
                have_link = links.get(dst)
                if have_link is None or (date, src) > have_link:
                    links[dst] = (date, src)
            cached = self._latest[as_of] = (sections, links)
        return cached

    def last_contacts(self, as_of: str) -> dict[str, str]:
        """DESIGN's "last contact" of every contact that has one: the latest of their own dated
        sections, dated links to them, and their `last_contact` field, never after ``as_of``."""
        sections, links = self.latest_interactions(as_of)
        out = {path: s[0] for path, s in sections.items()}
        for path, (date, _src) in links.items():
            if date > out.get(path, ""):
                out[path] = date
        for path, date in self.db.execute(
                "SELECT path, last_contact FROM contacts WHERE last_contact IS NOT NULL AND last_contact <= ?",
                (as_of,)):
            if date > out.get(path, ""):
                out[path] = date
        return out

    def interactions(self, contact: str, as_of: str | None = None) -> list[dict]:
        """Every dated interaction with a contact, newest first."""
        items = []
        for date, title, text, line in self.db.execute(
                "SELECT date, title, text, line FROM sections WHERE path=?", (contact,)):
            items.append({"date": date, "title": title, "text": text, "path": contact,
                          "line": line, "source": "note"})
        for src, date, line, _fld, kind, name in self.db.execute(
                "SELECT e.src, e.date, e.line, e.field, n.kind, n.name FROM edges e "
                "JOIN notes n ON n.path=e.src WHERE e.dst=? AND e.date IS NOT NULL "
                "AND e.src != e.dst", (contact,)):
            source = "event" if kind == EVENT else "mention"
            items.append({"date": date, "title": name, "text": "", "path": src, "line": line,
                          "source": source})
        if as_of:
            items = [i for i in items if i["date"] <= as_of]
        seen, unique = set(), []
        for item in sorted(items, key=lambda i: (i["date"], i["path"], i["line"]), reverse=True):
            key = (item["date"], item["path"], item["source"] == "note" and item["line"])
            if key not in seen:
                seen.add(key)
                unique.append(item)
        return unique

    def backlinks(self, path: str) -> list[tuple[str, int]]:
        return self.db.execute(
            "SELECT DISTINCT src, min(line) FROM edges WHERE dst=? AND src != ? GROUP BY src "
            "ORDER BY src", (path, path)).fetchall()

    def events_of(self, contact: str) -> list[tuple[str, str, str]]:
        """``(date, title, path)`` of events the contact attended."""
        return self.db.execute(
            "SELECT DISTINCT ev.date, ev.title, ev.path FROM edges e JOIN events ev ON ev.path=e.src "
            "WHERE e.dst=? AND e.field IN ('attendees','attendees:plain','attendees:body') "
            "ORDER BY ev.date DESC", (contact,)).fetchall()

    def open_tasks(self, path: str | None = None) -> list[dict]:
        """Open tasks, with the contacts each is about (its note, or the contacts it links)."""
        sql = "SELECT path, line, text, due, links FROM tasks WHERE done=0"
        args: tuple = ()
        if path:
            sql += " AND path=?"
            args = (path,)
        contact_paths = {r[0] for r in self.db.execute("SELECT path FROM contacts")}
        out = []
        for tpath, line, text, due, links in self.db.execute(sql, args).fetchall():
            about = [tpath] if tpath in contact_paths else []
            if not about:
                targets = json.loads(links) or self._note_link_targets(tpath)
                for target in targets:
                    dst = self.resolve_link(target)
                    if dst in contact_paths and dst not in about:
                        about.append(dst)
            out.append({"path": tpath, "line": line, "text": text, "due": due, "contacts": about})
        return out

    def _note_link_targets(self, path: str) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT target FROM edges WHERE src=? AND field=''", (path,))]

    def tasks_about(self, contact: str) -> list[dict]:
        """Open tasks in the contact's note or in notes that link to them."""
        srcs = [contact] + [s for s, _ in self.backlinks(contact)]
        out = []
        for src in srcs:
            out.extend(t for t in self.open_tasks(src) if contact in t["contacts"])
        return out

    def problems(self) -> list[tuple[str, int, str, str]]:
        return self.db.execute(
            "SELECT path, line, message, level FROM problems ORDER BY path, line").fetchall()

    def unresolved_links(self) -> list[tuple[str, int, str]]:
        return self.db.execute(
            "SELECT DISTINCT src, line, target FROM edges WHERE dst IS NULL "
            "AND field NOT LIKE '%:plain' AND field != 'attendees:body' "
            "ORDER BY src, line").fetchall()

    def search(self, text: str, limit: int = 20) -> list[tuple[str, str, str]]:
        """``(path, name, snippet)`` ranked by relevance (FTS5 bm25)."""
        query = _fts_query(text)
        if not query:
            return []
        self._sync_fts()
        return self.db.execute(
            "SELECT path, name, snippet(fts, 2, '[', ']', '…', 12) FROM fts WHERE fts MATCH ? "
            "ORDER BY bm25(fts, 0, 5.0, 1.0) LIMIT ?", (query, limit)).fetchall()

    def last_refresh(self) -> float | None:
        row = self.db.execute("SELECT value FROM meta WHERE key='refreshed'").fetchone()
        return float(row[0]) if row else None


def _fts_query(text: str) -> str:
    """User text → an FTS5 query of quoted terms (no syntax errors from user input)."""
    terms = [t.replace('"', '""') for t in text.split() if t.strip()]
    return " ".join(f'"{t}"' for t in terms)
