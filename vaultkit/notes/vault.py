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
    """A markdown file name that is not hidden nor an editor's temp file."""
    return name.lower().endswith(".md") and not name.startswith(".") and not is_ignored_name(name)


def is_note_path(rel: str) -> bool:
    """True when a vault-relative path is a note vaultkit reads."""
    parts = rel.replace(os.sep, "/").split("/")
    return not any(p in IGNORED_DIRS for p in parts[:-1]) and is_note_name(parts[-1])


def scan(root: str) -> Iterator[tuple[str, int, int, int]]:
    """``(relative path, mtime_ns, size, inode)`` of every note under ``root``."""
    stack = [""]
    while stack:
        rel_dir = stack.pop()
        try:
            entries = os.scandir(os.path.join(root, rel_dir) if rel_dir else root)
        except OSError:
            continue
        with entries:
            for entry in entries:
                name = entry.name
                rel = f"{rel_dir}/{name}" if rel_dir else name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if name not in IGNORED_DIRS:
                            stack.append(rel)
                        continue
                    if not is_note_name(name):
                        continue
                    if not entry.is_file():  # a named pipe or a device would block the reader
                        continue
                    st = entry.stat()
                except OSError:
                    continue
                yield rel, st.st_mtime_ns, st.st_size, st.st_ino
