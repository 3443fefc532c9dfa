"""The agenda as a region of any note: between two markers Obsidian hides in reading view.

    %% vaultkit:agenda 3f9c0a1b2c3d4e5f %%
    ... the agenda, written by vaultkit ...
    %% vaultkit:end %%

Only the lines between the markers are vaultkit's; the rest of the note is the user's and is
never touched. The start marker holds a hash of what vaultkit wrote there, so a region edited
since (other than by ticking its boxes) is kept, not replaced. The reader skips the region:
what the agenda says is no interaction with anyone.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

START = "%% vaultkit:agenda"
END = "%% vaultkit:end %%"
_START_RE = re.compile(r"^%% vaultkit:agenda(?: ([0-9a-f]{16}))? %%[ \t]*\r?$", re.MULTILINE)
_END_RE = re.compile(r"^%% vaultkit:end %%[ \t]*\r?$", re.MULTILINE)
# what ticking a box changes on a line vaultkit wrote: its mark, and a snooze written after it
_TICK_RE = re.compile(r"^(\s*[-*+] \[)[xX\-](\] .*\^vk-[a-z]+-[0-9a-f]+)[ \t]*$")
_SNOOZE_TAIL_RE = re.compile(r"\s*(?:⏳\s*\d{4}-\d{2}-\d{2}|\[?snooze::\s*\d{4}-\d{2}-\d{2}\]?)(?=\s*\^vk-)")


@dataclass
class Region:
    """Where a note's agenda region is: ``text[start:end]`` holds both markers, and
    ``text[inner:inner_end]`` what is between them."""

    start: int
    inner: int
    inner_end: int
    end: int
    stamp: str | None

    def content(self, text: str) -> str:
        return text[self.inner:self.inner_end]


def is_marker(line: str) -> bool:
    """Whether a line opens or closes an agenda region (the reader's test, kept cheap)."""
    return line.startswith("%% vaultkit:") and bool(_START_RE.match(line) or _END_RE.match(line))


def find(text: str) -> Region | None:
    """The note's agenda region, or None (a start with no end after it is none)."""
    start = _START_RE.search(text)
    if start is None:
        return None
    end = _END_RE.search(text, start.end())
    if end is None:
        return None
    inner = start.end() + (1 if text[start.end():start.end() + 1] == "\n" else 0)
    after = end.end() + (1 if text[end.end():end.end() + 1] == "\n" else 0)
    return Region(start.start(), inner, end.start(), after, start.group(1))


def untick(text: str) -> str:
    """``text`` as vaultkit wrote it: ticks and snoozes written on its lines taken back."""
    out = []
    for line in text.split("\n"):
        if "^vk-" in line:
            line = _SNOOZE_TAIL_RE.sub("", line)
            line = _TICK_RE.sub(r"\1 \2", line)
        out.append(line)
    return "\n".join(out)


def stamp(content: str) -> str:
    """The hash a start marker holds: of the region's lines as written (line ends aside)."""
    lines = untick(content.replace("\r\n", "\n")).rstrip().split("\n")
    return hashlib.sha256("\n".join(line.rstrip() for line in lines).encode("utf-8")).hexdigest()[:16]


def untouched(text: str, region: Region) -> bool:
    """Whether the region holds what vaultkit wrote there, ticks aside."""
    return region.stamp is not None and region.stamp == stamp(region.content(text))


def block(content: str, nl: str = "\n") -> str:
    """A whole region holding ``content``, its markers included."""
    body = content.replace("\r\n", "\n").strip("\n")
    return nl.join([f"{START} {stamp(body)} %%", *body.split("\n"), END]) + nl


def with_region(text: str, content: str, nl: str = "\n") -> str:
    """``text`` with its region holding ``content``: the region replaced where it is, or
    added at the end of the note (after a blank line) when it has none."""
    region = find(text)
    new = block(content, nl)
    if region is not None:
        return text[:region.start] + new + text[region.end:]
    if not text.strip():
        return new
    sep = "" if text.endswith(nl * 2) else (nl if text.endswith(("\n", "\r")) else nl * 2)
    return text + sep + new
