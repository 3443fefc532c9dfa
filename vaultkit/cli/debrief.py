"""`vaultkit debrief EVENT`: did the event pay off?"""

from __future__ import annotations

import sys

import click

from .main import App, format_option, pass_app, vault_option


@click.command()
@click.argument("event")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="The day to compute for (default: today).")
@format_option("text", "markdown", "json")
@click.option("--write", is_flag=True, help="Append a `## Debrief` section to the event note (once).")
@vault_option
@pass_app
def debrief(app: App, event: str, date_: str | None, fmt: str, write: bool) -> None:
    """Did EVENT pay off: each goal with what happened, the people to meet met
    or not, the new contacts made there, the follow-ups sent and pending.

    EVENT is matched on titles, file names and aliases. --write appends the
    debrief to the event note as a `## Debrief` section, unless the note has
    one already (yours or vaultkit's): never twice.

    \b
    Examples:
      vaultkit debrief "future of food"
      vaultkit debrief "Climate Tech Meetup" --format json
      vaultkit debrief "founders dinner" --write
    """
    from vaultkit.engines.debrief import build_debrief, write_debrief
    from vaultkit.notes.model import EVENT
    from vaultkit.render import debrief as out
    from vaultkit.store.lookup import find_note

    from .params import iso_date

    today = iso_date(date_, "--date") if date_ else app.today()
    ix = app.index()
    path = find_note(ix, event, kinds=(EVENT,))
    if write:
        wrote, result = write_debrief(ix, app.config, today, path)
        click.echo(f"wrote ## Debrief in {path}" if wrote else f"{path} already has a ## Debrief section",
                   err=True)
        return
    result = build_debrief(ix, app.config, today, path)
    if fmt == "json":
        chunks = out.debrief_json(result, 2 if sys.stdout.isatty() else None)
    elif fmt == "markdown":
        chunks = [out.debrief_markdown(result, today).encode("utf-8")]
    else:
        chunks = [out.debrief_plain(result).encode("utf-8")]
    sys.stdout.buffer.write(b"".join(chunks))
