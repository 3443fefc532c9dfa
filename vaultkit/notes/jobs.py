"""A job change in a contact's note: the dated heading an import writes, and its reading.

``## 2026-12-03 Changed jobs: Coldline → Marché Vert (Head of Supply)`` (a new company,
with the new role when known) or ``## 2026-12-03 New role: CTO → CEO`` (the same company).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CHANGED_JOBS = "Changed jobs"
NEW_ROLE = "New role"
UNKNOWN = "?"  # the side of a change nobody wrote down

_TITLE_RE = re.compile(rf"^({CHANGED_JOBS}|{NEW_ROLE}):\s*(.*?)\s*→\s*(.+?)\s*$", re.IGNORECASE)
_ROLE_RE = re.compile(r"^(.*?)\s*\(([^()]+)\)$")


@dataclass(frozen=True)
class Change:
    """What a job-change heading says: the old and new company (for a new role at the same
    company, the old and new role), and the new role."""

    new_company: bool  # a new company (else a new role at the same one)
    old: str | None
    new: str | None
    role: str | None


def job_change_title(old_company: str | None, new_company: str | None, old_role: str | None,
                     new_role: str | None) -> str:
    """``Changed jobs: Coldline → Marché Vert (Head of Supply)``, or ``New role: CTO → CEO``."""
    if new_company:
        title = f"{CHANGED_JOBS}: {old_company or UNKNOWN} → {new_company}"
        return f"{title} ({new_role})" if new_role else title
    return f"{NEW_ROLE}: {old_role or UNKNOWN} → {new_role}"


def read_job_change(title: str) -> Change | None:
    """The change a dated heading's title records; None when it records none."""
    match = _TITLE_RE.match(title.strip())
    if not match:
        return None
    kind, old, new = match.groups()
    role = None
    if kind.lower() == CHANGED_JOBS.lower():
        with_role = _ROLE_RE.match(new)
        if with_role:
            new, role = with_role.group(1), with_role.group(2).strip()
    else:
        role = new
    return Change(kind.lower() == CHANGED_JOBS.lower(), None if old in ("", UNKNOWN) else old,
                  new or None, role)
