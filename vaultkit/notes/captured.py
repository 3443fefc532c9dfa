"""The mark under a captured exchange's dated heading: which source items it records.

    ## 2026-12-01 Email: Proposal for Q1
    %% vaultkit:captured 3f9c0a1b2c3d 51e0aa0c9b7f %%

Obsidian hides the line in reading view. Each word is a short hash of the id of one item
recorded there (a mail's Message-ID, a chat message's hash): the note keeps what was
recorded, so a rebuilt index knows it again and nothing is ever recorded twice.
"""

from __future__ import annotations

import hashlib
import re

PREFIX = "%% vaultkit:captured"
_MARK_RE = re.compile(r"^%% vaultkit:captured((?: [0-9a-f]{12})*) %%[ \t]*\r?$")
HASH_LENGTH = 12


def uid_hash(uid: str) -> str:
    """The short hash a source item's id is remembered by."""
    return hashlib.sha1(uid.strip().encode("utf-8", "surrogatepass")).hexdigest()[:HASH_LENGTH]


def read_mark(line: str) -> list[str] | None:
    """The hashes of a mark line, or None when the line is no mark."""
    if not line.startswith(PREFIX):
        return None
    m = _MARK_RE.match(line)
    return m.group(1).split() if m else None


def mark_line(hashes: list[str]) -> str:
    """A mark line holding ``hashes`` (in the given order)."""
    return f"{PREFIX} {' '.join(hashes)} %%"
