"""Which files of a folder are notes: the scan with its ignore rules."""

from __future__ import annotations

import os
from collections.abc import Iterator

IGNORED_DIRS = {".git", ".obsidian", ".trash", ".vaultkit", "node_modules", ".stversions"}
EDITOR_TEMP_NAMES = {"4913"}


def is_ignored_name(name: str) -> bool:
    """Editor temp and swap files (``*.swp``, ``*~``, ``.#*``, ``4913``)."""
    return (
        name in EDITOR_TEMP_NAMES
        or name.endswith(("~", ".swp", ".swx", ".tmp"))
        or name.startswith((".#", ".~"))
    )


def is_note_name(name: str) -> bool:
    """A markdown file name that is not hidden nor an editor's temp file (a name ending in
    ``.md`` and not hidden is never one of ``is_ignored_name``: ``listing`` relies on it)."""
    return name[-3:].lower() == ".md" and not name.startswith(".") and not is_ignored_name(name)


def is_note_path(rel: str) -> bool:
    """True when a vault-relative path is a note vaultkit reads."""
    parts = rel.replace(os.sep, "/").split("/")
    return not any(p in IGNORED_DIRS for p in parts[:-1]) and is_note_name(parts[-1])


def scan(root: str) -> Iterator[tuple[str, int, int, int]]:
    """``(relative path, mtime_ns, size, inode)`` of every note under ``root``."""
    paths, stats = listing(root)
    for i, rel in enumerate(paths):
        yield rel, stats[3 * i], stats[3 * i + 1], stats[3 * i + 2]


def listing(root: str) -> tuple[list[str], list[int]]:
    """Every note under ``root``: the relative paths, and their ``mtime_ns, size, inode``
    one after the other in one flat list (no object per note: a vault of 130,000 notes is
    listed in little more than the time of its ``stat`` calls)."""
    paths: list[str] = []
    stats: list[int] = []
    add_path, add_stat = paths.append, stats.extend
    ignored = IGNORED_DIRS
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        prefix = f"{rel_dir}/" if rel_dir else ""
        try:
            entries = os.scandir(os.path.join(root, rel_dir) if rel_dir else root)
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if name not in ignored:
                            stack.append(prefix + name)
                        continue
                    # is_note_name, inline: a note ends in .md and is not hidden
                    if name[-3:].lower() != ".md" or name[0] == ".":
                        continue
                    if not entry.is_file():  # a named pipe or a device would block the reader
                        continue
                    st = entry.stat()
                except OSError:
                    continue
                add_path(prefix + name)
                add_stat((st.st_mtime_ns, st.st_size, st.st_ino))
    return paths, stats

