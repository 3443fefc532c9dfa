"""Text marked for messages: Dataview-style inline fields such as ``topic:: your pilot``.

Every other line of a note is private: only what a mark holds may go into a drafted
message. A mark runs to the end of its line, or to its closing bracket when written
``[topic:: ...]`` or ``(topic:: ...)``.
"""

from __future__ import annotations

import re

# the names of a mark, English and French, each with its aliases
MARK_NAMES: dict[str, tuple[str, ...]] = {
    "topic": ("topic", "topics", "talking_point", "to_say"),
    "sujet": ("sujet", "sujets", "à_dire", "a_dire"),
}
_KEYS = {alias: canon for canon, aliases in MARK_NAMES.items() for alias in aliases}
_KEY = r"([A-Za-zÀ-ÿ_][\wÀ-ÿ-]*)"
_BRACKETED_RE = re.compile(r"[\[(]" + _KEY + r"::[ \t]*([^\])\n]*)[\])]")
_PLAIN_RE = re.compile(r"(?:^|(?<=\s))" + _KEY + r"::[ \t]*(.*)$")


def mark_key(key: str) -> str | None:
    """The canonical name of a mark (``topic`` or ``sujet``), None for any other field."""
    return _KEYS.get(key.strip().lower().replace("-", "_").replace(" ", "_"))


def marks(line: str) -> list[tuple[str, str]]:
    """``(name, text)`` of each mark on ``line``, in order; fields of other names are ignored."""
    if "::" not in line:
        return []
    out: list[tuple[int, str, str]] = []
    rest = line
    for m in _BRACKETED_RE.finditer(line):
        key = mark_key(m.group(1))
        if key:
            out.append((m.start(), key, m.group(2)))
        rest = rest[:m.start()] + " " * (m.end() - m.start()) + rest[m.end():]
    plain = _PLAIN_RE.search(rest)
    if plain:
        key = mark_key(plain.group(1))
        if key:
            out.append((plain.start(), key, plain.group(2)))
    found = []
    for _, key, text in sorted(out):
        text = " ".join(text.replace("**", "").split()).strip().rstrip(".;,")
        if text:
            found.append((key, text))
    return found


def marked_text(line: str) -> list[str]:
    """The texts marked for messages on ``line``."""
    return [text for _, text in marks(line)]
