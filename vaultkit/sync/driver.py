"""git's merge driver for notes: its registration (``.gitattributes`` in the vault, the
command in the clone's ``.git/config``) and the run git asks for on a merge.

git runs ``<driver> %O %A %B %P`` with the three versions in temporary files; the driver
leaves the result in %A and exits 0 when it merged cleanly, 1 when %A holds conflict
markers (git then reports the note as conflicted, as without a driver).
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from vaultkit.notes.writer import add_line, replace_if_unchanged
from vaultkit.sync.notemerge import Merged, merge_lines, merge_note

DRIVER = "vaultkit"
ATTRIBUTES = ".gitattributes"
ATTRIBUTE_LINE = f"*.md merge={DRIVER}"
DRIVER_NAME = "vaultkit: notes merged by front-matter key and dated section"
_MERGE_ATTR = re.compile(r"(?:^|\s)(?:-|!)?merge(?:=(\S+))?(?:\s|$)")


def merge_files(base: Path, ours: Path, theirs: Path) -> Merged:
    """Merge three versions of a note, leaving the result in ``ours`` (git's %A).
    Bytes that are not UTF-8 go through unchanged."""
    raw = [p.read_bytes() for p in (base, ours, theirs)]
    texts = [data.decode("utf-8", "surrogateescape") for data in raw]
    try:
        merged = merge_note(*texts)
    except Exception:  # a note the rules trip on still merges as git would, with markers
        merged = merge_lines(*texts, what="note")
    data = merged.text.encode("utf-8", "surrogateescape")
    if data != raw[1]:
        replace_if_unchanged(ours, raw[1], data)
    return merged


def driver_command(command: list[str]) -> str:
    """The ``merge.vaultkit.driver`` value: this vaultkit, then git's placeholders."""
    return " ".join(shlex.quote(part) for part in command) + " merge-driver %O %A %B %P"


@dataclass
class Attributes:
    """What ``.gitattributes`` says about notes: whether vaultkit's line is there, and the
    user's own ``*.md`` merge setting when there is one."""

    ours: bool
    other: str | None  # e.g. "*.md merge=union"


def read_attributes(vault: Path) -> Attributes:
    try:
        text = (vault / ATTRIBUTES).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return Attributes(False, None)
    return parse_attributes(text)


def parse_attributes(text: str) -> Attributes:
    ours, other = False, None
    for line in text.splitlines():
        parts = line.split(None, 1)
        if len(parts) < 2 or parts[0] != "*.md":
            continue
        found = _MERGE_ATTR.search(" " + parts[1] + " ")
        if found is None:
            continue
        if found.group(1) == DRIVER:
            ours = True
        else:
            other = line.strip()
    return Attributes(ours, other)


def add_attribute(vault: Path) -> bool | str:
    """Add ``*.md merge=vaultkit`` to the vault's ``.gitattributes``: True when written, False
    when there already, or the user's own ``*.md`` merge line, which is then left in charge."""
    found = read_attributes(vault)
    if found.ours:
        return False
    if found.other:
        return found.other
    return add_line(vault / ATTRIBUTES, ATTRIBUTE_LINE)
