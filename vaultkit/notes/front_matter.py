"""Where a note's front matter is, and the mark of the notes vaultkit generates.

Front matter is the block that opens a note: a first line ``---``, then YAML,
then a line ``---`` (or ``...``) that closes it. Spaces after the dashes and
``\\r\\n`` line ends are allowed. Every part of vaultkit that looks for that
block (the reader, the writer, templates, imports) asks ``locate``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

GENERATED_KEY = "generated_by"
GENERATED_BY = "vaultkit"
GENERATED_LINE = f"{GENERATED_KEY}: {GENERATED_BY}"  # what a generated note's front matter holds

_OPEN_RE = re.compile(r"---[ \t]*\r?\n")
_CLOSE_RE = re.compile(r"(?:---|\.\.\.)[ \t]*\r?(?:\n|\Z)")


class Unclosed(ValueError):
    """A note opens a front matter (its first line is ``---``) that no line closes."""

    def __init__(self) -> None:
        super().__init__("front matter opened with --- is never closed")


def locate(text: str) -> tuple[int, int, int] | None:
    """``(start, end, body)``: the front matter's YAML is ``text[start:end]`` (between the
    opening and the closing line) and the body starts at ``text[body]``. None when the
    text has no front matter; ``Unclosed`` when its first line opens one that is never
    closed."""
    opening = _OPEN_RE.match(text)
    if opening is None:
        return None
    start = opening.end()
    newline = start - 1  # the one that ends the opening line
    while True:
        dashes, dots = text.find("\n---", newline), text.find("\n...", newline)
        if dashes < 0 and dots < 0:
            raise Unclosed()
        newline = dashes if dots < 0 or 0 <= dashes < dots else dots
        close = _CLOSE_RE.match(text, newline + 1)
        if close is not None:
            return start, newline + 1, close.end()
        newline += 1


def split(text: str) -> tuple[str, str]:
    """``(front matter YAML, body)``; ``("", text)`` when there is none. Raises ``Unclosed``."""
    found = locate(text)
    if found is None:
        return "", text
    start, end, body = found
    return text[start:end], text[body:]


def is_generated(note: str | bytes | Mapping[str, Any]) -> bool:
    """Whether a note was written by vaultkit itself (the agenda): its front matter holds
    ``generated_by: vaultkit``. ``note`` is the note's text (or bytes) or its front-matter
    mapping."""
    if not isinstance(note, (str, bytes)):
        return note.get(GENERATED_KEY) == GENERATED_BY
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
    try:
        found = locate(note)
    except Unclosed:
        return False
    if found is None or GENERATED_KEY not in note[found[0] : found[1]]:
        return False
    data = _load(note[found[0] : found[1]])
    return isinstance(data, Mapping) and is_generated(data)


def _load(yaml_text: str) -> Any:
    """The YAML as the reader reads it (None when it does not parse)."""
    from vaultkit.notes import plainyaml

    data = plainyaml.load(yaml_text)
    if data is not plainyaml.NOT_PLAIN:
        return data
    import yaml

    try:
        return yaml.load(yaml_text, Loader=plainyaml.Loader)
    except yaml.YAMLError:
        return None
