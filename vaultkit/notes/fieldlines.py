"""Where a front-matter field is written: the line a `check` message about its value points at."""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

_KEY_RE = re.compile(r"^([A-Za-z][\w \-]*?)\s*:")


def field_line(file: Path, keys: Collection[str]) -> int:
    """The 1-based line of the first top-level front-matter key of ``file`` among ``keys``
    (compared in lower case, ``-`` and spaces as ``_``); 1 when there is none or the file
    cannot be read."""
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    if not lines or lines[0].strip() != "---":
        return 1
    wanted = {k.lower() for k in keys}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            break
        match = _KEY_RE.match(line)
        if match and re.sub(r"[\s\-]+", "_", match.group(1).lower()) in wanted:
            return number
    return 1
