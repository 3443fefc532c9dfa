"""Agenda sections kept from the last run, made again only when a change can alter them.

Each section of an agenda is kept (a disposable file in the cache folder) with the
index's change mark of when it was made and the notes whose text it read. The next run
for the same request (day, horizon, limit) under the same settings, templates and code
asks the index's change log (``vaultkit.store.changes``) what changed since:

- nothing, or only the text of notes a section did not read: the section is taken as kept;
- the text of a note it read: that section is made again, the others are kept (a section
  that can mend its items, as reconnect does, makes again only the items of those notes);
- anything more (a hard change: the log says which kinds of rows changed, a task, a dated
  heading, a field...): each section says, from what changed (``reach``), which of its
  items such a change can alter (it mends them, or is kept when none) or that it cannot
  tell (it is made again; ``engines/altered.py`` holds the agenda's rules);
- a log that cannot tell: every section is made again.

So an edit to the text of one note makes again only the sections that show it, and a task
added or a dated heading only the items of the contacts it is about.
``build_agenda`` keeps sections inside ``keeping()`` only (the ``agenda`` command, and the
agenda note that ``agenda --write`` and the watcher write).

``kept_answer`` keeps a whole answer that reads no note's text (health's: fields, links,
tasks, dated headings), the same way: taken as kept while only the text of notes changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vaultkit.store.changes import WHOLE

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable
    from pathlib import Path

    from vaultkit.config import Config
    from vaultkit.store.index import Index

FOLDER = "agenda-sections"
ANSWERS = "answers"  # the folder of ``kept_answer``
FILES = 4  # agenda requests kept (the newest)
ANSWER_FILES = 4  # answers kept (the newest): a JSON of 100,000 contacts is some 35 MB
_KEEPING: ContextVar[bool] = ContextVar("keeping", default=False)


@contextlib.contextmanager
def keeping() -> Iterator[None]:
    """Agendas built inside keep their sections for the next run, and take those still right."""
    token = _KEEPING.set(True)
    try:
        yield
    finally:
        _KEEPING.reset(token)


def keeping_on() -> bool:
    return _KEEPING.get()


@dataclass
class Kept:
    """One section as made: its value, what it was made from (``inputs``) and the notes whose
    text it read."""

    value: Any
    inputs: Hashable
    texts: frozenset[str]


@dataclass
class Sections:
    """The sections kept for one request, and those made in this run."""

    index: Index
    path: Path | None
    key: str
    mark: str | None
    kept: dict[str, Kept] = field(default_factory=dict)
    made: dict[str, Kept] = field(default_factory=dict)
    changed: frozenset[str] = frozenset()  # the notes changed since they were made
    # the notes changed more than in their text, with what changed (``store.changes.what_since``)
    hard: dict[str, frozenset[str]] = field(default_factory=dict)
    # the notes whose links from a note changed, by note (``store.changes.linked_since``)
    linked: dict[str, frozenset[str]] = field(default_factory=dict)
    # answers from the vault's fields alone (never its text), kept as the sections are (the
    # engine empties those a change can alter)
    memo: dict[str, dict] = field(default_factory=dict)
    _memo_size: int = 0
    new: bool = False  # some section was made in this run

    @classmethod
    def open(cls, index: Index, config: Config, request: str) -> Sections:
        """The sections kept for ``request`` that are still right for the index."""
        from vaultkit.config import cache_dir
        from vaultkit.engines.cache import cache_key

        key = cache_key(None, config, f"agenda-sections:{request}")
        mark = index.change_mark()
        try:
            folder = cache_dir(config.vault) / FOLDER
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError:
            return cls(index, None, key, None)
        found = cls(index, folder / f"{hashlib.sha1(key.encode()).hexdigest()[:20]}.pickle", key, mark)
        if mark is not None:
            found.kept = found._load()
        return found

    def _load(self) -> dict[str, Kept]:
        try:
            with open(self.path, "rb") as fh:  # type: ignore[arg-type]
                key, mark = pickle.load(fh)  # first what they were made from: the rest only if it serves
                if key != self.key:
                    return {}
                changed = {} if mark == self.mark else self.index.what_changed_since(mark)
                if changed is None or any(WHOLE in what for what in changed.values()):
                    return {}
                sections, memo = pickle.load(fh)
        except Exception:  # noqa: BLE001 - no file, or one left by a run that broke off: nothing kept
            return {}
        self.changed = frozenset(changed)
        self.hard = {path: what for path, what in changed.items() if what}
        if any("links" in what for what in self.hard.values()):
            self.linked = self.index.links_changed_since(mark)
        self.memo, self._memo_size = memo, _size(memo)  # the engine forgets what a change can alter
        return sections

    def section(self, name: str, make: Callable[[], Any], inputs: Hashable = None,
                mend: Callable[[Any, set[str], set[str]], Any] | None = None,
                items: Callable[[Any], set[str]] | None = None,
                reach: Callable[[Any], set[str] | None] | None = None) -> Any:
        """The section ``name`` as kept when it was made from the same ``inputs``, read no note
        whose text changed since and no hard change reaches it; else made by ``make()`` now.

        ``reach(kept value)`` tells from ``hard`` which notes' items hard changes can have
        altered (an empty set: none), or None when it cannot tell (without ``reach``, any
        hard change makes the section again). A section that can mend itself gives ``items``
        (the notes its items are each made from alone) and ``mend(kept value, texts,
        reached)`` (the section with the items of the notes of ``texts``, whose text changed,
        and of ``reached`` made again; None when it cannot): when the notes whose text
        changed that it read are all notes of its items or reached, it is mended instead of
        made again."""
        kept = self.kept.get(name)
        if kept is not None and kept.inputs == inputs:
            # what hard changes reach: without ``reach``, anything
            reached = reach(kept.value) if reach is not None else (None if self.hard else set())
            if reached is not None:
                touched = kept.texts & self.changed
                if not touched and not reached:
                    self.made[name] = kept
                    return kept.value
                if mend is not None and items is not None and touched <= items(kept.value) | reached:
                    with self.index.noting_texts() as texts:
                        value = mend(kept.value, set(touched), set(reached))
                    if value is not None:
                        self.made[name] = Kept(value, inputs, kept.texts | texts)
                        self.new = True
                        return value
        with self.index.noting_texts() as texts:
            value = make()
        self.made[name] = Kept(value, inputs, frozenset(texts))
        self.new = True
        return value

    def save(self) -> None:
        """Keep the sections of this run for the next one (best effort)."""
        if self.path is None or self.mark is None or not (self.new or _size(self.memo) != self._memo_size):
            return
        _keep(self.path, (self.key, self.mark), (self.made, self.memo), FILES)


def _size(memo: dict[str, dict]) -> int:
    return sum(len(answers) for answers in memo.values())


def _prune(folder: Path, keep: int = FILES) -> None:
    """Only the newest ``keep`` requests are kept."""
    with contextlib.suppress(OSError):
        files = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in files[keep:]:
            with contextlib.suppress(OSError):
                old.unlink()


def kept_answer(index: Index, config: Config, request: str, make: Callable[[], Any]) -> Any:
    """``make()``'s answer to ``request`` (``command:options``), or the one kept from an earlier
    run for the same request under the same settings, templates and code while the index's
    change log says that nothing but the text of notes changed since: only for answers that
    read no note's text, and line numbers only to order what a note holds (a soft change
    alters nothing they read)."""
    from vaultkit.config import cache_dir
    from vaultkit.engines.cache import cache_key

    mark = index.change_mark()
    if mark is None:
        return make()
    key = cache_key(None, config, f"kept-answer:{request}")
    path = None
    with contextlib.suppress(OSError):
        folder = cache_dir(config.vault) / ANSWERS
        folder.mkdir(mode=0o700, exist_ok=True)
        path = folder / f"{hashlib.sha1(key.encode()).hexdigest()[:20]}.pickle"
    if path is None:
        return make()
    try:
        with open(path, "rb") as fh:
            kept_key, kept_mark = pickle.load(fh)  # first what it was made from: the rest only if it serves
            if kept_key == key:
                changed = {} if kept_mark == mark else index.changes_since(kept_mark)
                if changed is not None and not any(changed.values()):
                    value = pickle.load(fh)
                    with contextlib.suppress(OSError):
                        os.utime(path)  # the newest used: the last pruned
                    return value
    except Exception:  # noqa: BLE001, S110 - no file, or one left by a run that broke off: made again
        pass
    value = make()
    _keep(path, (key, mark), value, ANSWER_FILES)
    return value


def _keep(path: Path, head: tuple[str, str], value: Any, files: int) -> None:
    """Write ``head`` (what ``value`` was made from: read first, alone) then ``value`` to
    ``path`` atomically (best effort); the newest ``files`` of its folder kept."""
    import tempfile

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".kept-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(head, fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        _prune(path.parent, files)
    except (OSError, pickle.PicklingError):
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
