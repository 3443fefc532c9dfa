"""How vaultkit writes a link to a note: ``[[Name]]``, or ``[[file name|Label]]`` when the
label shown is not the link's target. Every link vaultkit writes (the agenda note, new
notes, introduction notes, imported attendees, command output) is made here."""

from __future__ import annotations

import re
from urllib.parse import quote

from vaultkit.notes.names import file_name

_UNSAFE_LABEL_RE = re.compile(r"[\[\]|]")
_UNSAFE_TARGET_RE = re.compile(r"[\[\]|#^]")


def wikilink(target: str, label: str | None = None) -> str:
    """``[[target]]``, or ``[[target|label]]`` when a label is given and differs from the
    target. The label loses the characters that would end or split the link."""
    if label:
        label = _UNSAFE_LABEL_RE.sub("", label).strip()
        if label and label != target:
            return f"[[{target}|{label}]]"
    return f"[[{target}]]"


def safe_target(text: str) -> str:
    """Typed text as a link target: one line, without the characters that end or split a
    link or point into a note (``[ ] | # ^``)."""
    return _UNSAFE_TARGET_RE.sub("", " ".join(text.split()))


def note_link(path: str, label: str | None = None) -> str:
    """The link to the note at vault-relative ``path`` (its file name), shown as ``label``.
    A file name with a character that would end, split or point into a wikilink (``#``,
    ``^``, ``|``, ``[``, ``]``; Obsidian never makes one, other tools do) cannot be a
    wikilink: it gets a markdown link to its path instead, ``[Meetup #12](<Meetups/Meetup
    %2312.md>)``, which Obsidian and vaultkit both follow."""
    name = file_name(path)
    if _UNSAFE_TARGET_RE.search(name):
        shown = _UNSAFE_LABEL_RE.sub("", label or name).strip() or "note"
        return f"[{shown}](<{quote(path, safe='/ ')}>)"
    return wikilink(name, label)
