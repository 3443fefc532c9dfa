"""The questions the index answers: the read statements of the store, one named method each.

``Reads`` is a base class of ``Index``: engines and commands call ``index.open_tasks(...)``
and get typed records back (``vaultkit.store.records``), never rows.

A rule of the domain is decided here and nowhere else: whom an open task is about
(``open_tasks``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.store.records import ContactRef, OpenTask

# open tasks with the contact whose note holds them, if any
_TASKS = ("SELECT t.path, t.line, t.text, t.due, t.links, c.is_me, c.name FROM tasks t "
          "LEFT JOIN contacts c ON c.path = t.path WHERE t.done = 0")


class Reads:
    """The read methods of ``Index`` (which provides the connection)."""

    db: sqlite3.Connection

    # -- tasks -------------------------------------------------------------------------

    def open_tasks(self, about: Iterable[str] | None = None, *, notes: Iterable[str] | None = None,
                   due_by: str | None = None) -> list[OpenTask]:
        """Open tasks, each with the contacts it is about, by due day (undated last), note
        and line.

        The rule (DESIGN): a task in a contact's own note is about that contact; in any
        other note, the user's own included, it is about the contacts its line links (not
        every contact the note links). It is never about the user.

        ``about``: only the tasks about one of these contacts; ``notes``: only the tasks
        of these notes; ``due_by``: only the tasks due on or before that day.
        """
        from vaultkit.store.records import ContactRef, OpenTask

        due = " AND t.due IS NOT NULL AND t.due <= ?" if due_by else ""
        extra = (due_by,) if due_by else ()
        wanted = None
        if about is not None:
            wanted = set(about)
            notes = set(wanted)  # their own notes, and the notes with tasks that link to them
            for chunk in _chunks(sorted(wanted)):
                notes.update(r[0] for r in self.db.execute(
                    f"SELECT DISTINCT e.src FROM edges e JOIN tasks t ON t.path=e.src WHERE e.dst IN "
                    f"({_marks(chunk)}) AND t.done=0 AND e.src != e.dst", chunk))
        if notes is None:
            rows = self.db.execute(f"{_TASKS}{due} ORDER BY t.due IS NULL, t.due, t.path, t.line",
                                   extra).fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(notes))):
                rows += self.db.execute(f"{_TASKS} AND t.path IN ({_marks(chunk)}){due}", (*chunk, *extra)).fetchall()
            rows.sort(key=lambda r: (r[3] is None, r[3] or "", r[0], r[1]))
        refs: dict[str, ContactRef] = {}
        on_line = self._contacts_on_lines(sorted({r[0] for r in rows if r[5] != 0 and r[4] != "[]"}), refs)
        out = []
        for path, line, text, due_day, links, is_me, name in rows:
            if is_me == 0:  # a contact's own note
                ref = refs.get(path)
                if ref is None:
                    ref = refs[path] = ContactRef(path, name)
                people: tuple[ContactRef, ...] = (ref,)
            else:
                people = on_line.get((path, line), ()) if links != "[]" else ()
            if wanted is not None and not any(p.path in wanted for p in people):
                continue
            out.append(OpenTask(path, line, text, due_day, people))
        return out

    def _contacts_on_lines(self, srcs: list[str], refs: dict[str, ContactRef]
                           ) -> dict[tuple[str, int], tuple[ContactRef, ...]]:
        """The contacts (never the user) linked from the bodies of ``srcs``, by ``(src, line)``."""
        from vaultkit.store.records import ContactRef

        found: dict[tuple[str, int], list[ContactRef]] = {}
        for chunk in _chunks(srcs):
            for src, line, dst, name in self.db.execute(
                    f"SELECT e.src, e.line, e.dst, c.name FROM edges e JOIN contacts c ON c.path=e.dst "
                    f"WHERE e.src IN ({_marks(chunk)}) AND e.field='' AND c.is_me=0 AND e.src != e.dst", chunk):
                ref = refs.get(dst)
                if ref is None:
                    ref = refs[dst] = ContactRef(dst, name)
                people = found.setdefault((src, line), [])
                if ref not in people:
                    people.append(ref)
        return {key: tuple(people) for key, people in found.items()}


def _chunks(items: list, size: int = 500) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(items: Collection) -> str:
    return ",".join("?" * len(items))
