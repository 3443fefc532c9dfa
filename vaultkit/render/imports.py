"""What `import` and the captures (`import mail`, `import chat`) print: their reports as text."""

from __future__ import annotations

from typing import Any

UNKNOWN_SHOWN = 15  # correspondents who are not contacts, listed in text (JSON lists them all)


def capture_lines(report: Any, dry_run: bool, hint: str, prefix: str = "") -> list[str]:
    """A capture's report: the notes made, the headings written, the strangers (the most
    frequent first; ``hint`` is what `--new` takes, empty for a command without it), the
    addresses in several notes, and the summary (after ``prefix``)."""
    out = [f"{path}: {'would be made' if dry_run else 'made'} (--new)" for path in report.created]
    out += [("would write " if dry_run else "") + str(item) for item in report.recorded]
    if report.unknown:
        shown = report.unknown[:UNKNOWN_SHOWN]
        out.append(f"Not in your contacts ({len(report.unknown)}), the most frequent first:")
        out += [f"  {who}" for who in shown]
        if len(report.unknown) > len(shown):
            out.append(f"  ... and {len(report.unknown) - len(shown)} more (--format json lists them all)")
        if hint:
            out.append(f"Add one with --new {hint}.")
    if report.ambiguous:
        shown = ", ".join(report.ambiguous[:UNKNOWN_SHOWN])
        out.append(f"In several contacts' notes, so not recorded (merge the notes): {shown}")
    out.append(prefix + report.summary())
    return out


def import_lines(result: Any, dry_run: bool, today: str) -> list[str]:
    """An import's result after its dry-run table (``plan_table``): the notes changed, the
    conflicts and job changes (when written), what was left out, and the summary."""
    out: list[str] = []
    if not dry_run:
        out += [str(change) for change in result.changed]
        out += [str(conflict) for conflict in result.conflicts]
        out += [f"{job.path}: {job.heading(today).split(' ', 1)[1]}" for job in result.job_changes]
    if result.unaccepted:
        out.append(f"{result.unaccepted} known contact(s) with a new company or role: run again with "
                   "--accept-changes to record the job changes")
    if result.not_imported:
        out.append(result.not_imported_line())
    out.append(result.summary())
    return out


def plan_table(result: Any) -> Any:
    """The dry run as a rich table (what would be created, updated, in conflict, skipped), or
    None when there is nothing to show."""
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("action")
    table.add_column("note", overflow="fold")
    table.add_column("details", overflow="fold")
    for plan in result.planned:
        if plan.action == "create":
            fields = [k for k in plan.fields if k not in ("type", "name", "title")]
            table.add_row("create", plan.path, ", ".join(fields))
        elif plan.action == "update":
            added = [k for k in plan.fields if k not in plan.replace]
            changed = [k for k in plan.fields if k in plan.replace]
            details = ["add " + ", ".join(added)] if added else []
            details += ["change " + ", ".join(changed)] if changed else []
            table.add_row("update", plan.path, "; ".join(details))
    for conflict in result.conflicts:
        table.add_row("conflict", conflict.path,
                      f'{conflict.field}: "{conflict.note}" kept, "{conflict.imported}" not imported')
    for problem in result.problems:
        table.add_row("skip", "", problem)
    for warning in result.warnings:
        table.add_row("warning", "", warning)
    return table if table.row_count else None
