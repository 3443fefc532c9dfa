"""What a note is called. A contact's name is its ``name`` field, an event's its ``title``,
any note's otherwise its file name (the reader applies this); a contact's ``title`` field is
their name, or their role when the note also writes a name."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def file_name(path: str) -> str:
    """A note's file name without folder or ``.md``: ``people/Ada Lovelace.md`` → ``Ada Lovelace``."""
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name[-3:].lower() == ".md" else name


def title_field(keys: Iterable[str], table: Mapping[str, str]) -> str:
    """Which field a contact's ``title`` key fills: ``role`` when another of the note's keys
    (field keys, with ``table`` mapping spellings to fields) gives the name, else ``name``."""
    return "role" if any(key != "title" and table.get(key, key) == "name" for key in keys) else "name"
