"""`vaultkit company` and `list companies` as text for a terminal and as markdown (an Obsidian
note); their JSON is the results' own ``to_json()``."""

from __future__ import annotations

from vaultkit.engines.companies import Company, Member, TaskItem
from vaultkit.notes.links import note_link


def company_text(c: Company) -> str:
    """One company as plain text lines."""
    lines = [c.name + (f"  ({c.note})" if c.note else "")]
    if len(c.spellings) > 1:
        lines.append("written: " + ", ".join(c.spellings))
    lines.append(f"last contact: {c.last_contact or 'never'}")
    for title, people in (("Now", c.now), ("Before", c.before)):
        lines += ["", f"{title} ({len(people)})"]
        lines += [f"  {_member(m, now=title == 'Now')}" for m in people] or ["  nobody"]
    lines += ["", f"Open tasks ({len(c.tasks)})"]
    lines += [f"  {_task(t)}  ({t.path}:{t.line})" for t in c.tasks] or ["  none"]
    return "\n".join(lines)


def company_markdown(c: Company) -> str:
    """One company as a markdown note section."""
    head = f"## {c.name}"
    lines = [head, ""]
    if c.note:
        lines.append(f"Note: {note_link(c.note, c.name)}")
    lines.append(f"Last contact: {c.last_contact or 'never'}")
    for title, people in (("Now", c.now), ("Before", c.before)):
        lines += ["", f"### {title}"]
        lines += [f"- {note_link(m.path, m.name)}{_details(m, now=title == 'Now')}" for m in people] or ["- nobody"]
    lines += ["", "### Open tasks"]
    lines += [f"- {_task(t)} ({note_link(t.path)})" for t in c.tasks] or ["- none"]
    return "\n".join(lines)


def companies_text(rows: list[Company]) -> str:
    """`list companies` as aligned columns."""
    width = max((len(c.name) for c in rows), default=4)
    lines = [f"{'name':<{width}}  now  before  last contact"]
    lines += [f"{c.name:<{width}}  {len(c.now_paths):>3}  {len(c.before_paths):>6}  {c.last_contact or ''}"
              for c in rows]
    lines.append(f"{len(rows)} companies")
    return "\n".join(lines)


def _member(m: Member, now: bool) -> str:
    return m.name + _details(m, now)


def _details(m: Member, now: bool) -> str:
    parts = []
    if now:
        if m.role:
            parts.append(m.role)
    else:
        where = ", ".join(m.companies) or "unknown"
        parts.append(f"now {where}" + (f", {m.role}" if m.role else ""))
    parts.append(f"last contact {m.last_contact or 'never'}")
    if not now:
        parts.append(m.why)
    return " — " + " · ".join(parts)


def _task(t: TaskItem) -> str:
    return f"{t.due or 'no date'}  {t.text}"
