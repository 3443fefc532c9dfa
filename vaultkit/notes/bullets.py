"""The items of a note's text, as the agenda shows them (talking points, cards, debriefs)."""

from __future__ import annotations

import re

from vaultkit.notes.values import display

_BULLET_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_TASK_LINE_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[ xX/\-]\]")


def bullets(text: str) -> list[str]:
    """The items of a note's text: bullets (wrapped lines joined) and paragraphs; no tasks."""
    items: list[str] = []
    current: list[str] | None = None
    skipping = False
    for line in text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            current, skipping = None, False
            continue
        if _TASK_LINE_RE.match(line):
            current, skipping = None, True
            continue
        bullet = _BULLET_RE.match(line)
        if not bullet and skipping and line[:1] not in (" ", "\t"):
            current, skipping = None, False
        if bullet:
            current, skipping = [bullet.group(1).strip()], False
            items.append("")
        elif skipping and line[:1] in (" ", "\t"):
            continue  # the rest of a task
        elif current is not None:
            current.append(line.strip())
        else:
            current = [line.strip()]
            items.append("")
        if current is not None:
            items[-1] = " ".join(current)
    out = []
    for item in items:
        clean = " ".join(display(item).replace("**", "").replace("__", "").split())
        if clean:
            out.append(clean)
    return out
