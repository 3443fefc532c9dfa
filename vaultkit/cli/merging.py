"""`vaultkit merge`: two notes about one person become one."""

from __future__ import annotations

from typing import Any

import click

from vaultkit.errors import UsageError

from .main import App, format_option, pass_app, vault_option
from .output import emit_json


@click.command()
@click.argument("keep")
@click.argument("gone")
@click.option("--dry-run", is_flag=True, help="Show what the merge would do; write nothing.")
@click.option("--relink", is_flag=True,
              help="Also rewrite the links to GONE in other notes so they name KEEP (their text stays).")
@format_option("text", "json")
@vault_option
@pass_app
def merge(app: App, keep: str, gone: str, dry_run: bool, relink: bool, fmt: str) -> None:
    """Merge the contact GONE into the contact KEEP, then remove GONE's note.

    GONE's front-matter values join KEEP's (lists united; a value KEEP already
    has is kept and a different one is reported), GONE's name and aliases become
    KEEP's aliases so every [[GONE]] link still resolves, GONE's dated sections
    go into KEEP's note in date order and its other text at the end, under a
    heading that says where it came from. Nothing of either note is lost.

    \b
    Examples:
      vaultkit merge "Ada Okafor" "Ada Okafor-Smith" --dry-run
      vaultkit merge "Ada Okafor" "people/Ada O.md" --relink
    """
    from vaultkit.engines.merging import merge_notes, plan_merge
    from vaultkit.notes.model import CONTACT
    from vaultkit.notes.writer import Snapshot
    from vaultkit.store.lookup import find_note

    ix = app.index()
    keep_path = find_note(ix, keep, kinds=(CONTACT,))
    gone_path = find_note(ix, gone, kinds=(CONTACT,))
    if keep_path == gone_path:
        raise UsageError(f"{keep!r} and {gone!r} are the same note ({keep_path}): nothing to merge")
    if dry_run:
        keep_snap, gone_snap = Snapshot.take(app.vault / keep_path), Snapshot.take(app.vault / gone_path)
        plan = plan_merge(keep_path, keep_snap.text, gone_path, gone_snap.text, keep_snap.newline,
                          app.config.aliases, app.today())
        if relink:
            plan.relinked = [p for p in ix.linked_from(gone_path) if p not in (keep_path, gone_path)]
    else:
        plan = merge_notes(app.vault, keep_path, gone_path, ix.linked_from(gone_path) if relink else [],
                           app.config.aliases, relink, app.today())
    if fmt == "json":
        emit_json({**plan.to_dict(), "dry_run": dry_run})
        return
    for line in _lines(plan.to_dict(), dry_run):
        click.echo(line)


def _lines(plan: dict[str, Any], dry_run: bool) -> list[str]:
    would = "would " if dry_run else ""
    out = [f"{'Would merge' if dry_run else 'Merged'} {plan['removed']} into {plan['keep']}"]
    for key, value in plan["fields"].items():
        out.append(f"  {would}set {key}: {value}")
    if plan["aliases"]:
        out.append(f"  {would}add aliases: {', '.join(plan['aliases'])}")
    moved = plan["sections"] - plan["sections_already_there"]
    if moved:
        out.append(f"  {would}move {moved} dated section{'s' if moved != 1 else ''} in date order")
    if plan["sections_already_there"]:
        out.append(f"  {plan['sections_already_there']} dated section(s) already there, not copied twice")
    if plan["other_text"]:
        out.append(f"  {would}add the rest of its text at the end, under its own heading")
    for conflict in plan["conflicts"]:
        out.append(f"  kept {conflict['field']}: {conflict['kept']} (the other note says {conflict['other']})")
    if plan["relinked"]:
        out.append(f"  {would}relink {len(plan['relinked'])} note(s): {', '.join(plan['relinked'])}")
    out.append(f"  {would}remove {plan['removed']}")
    return out
