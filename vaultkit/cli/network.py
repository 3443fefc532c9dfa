"""`vaultkit reach TARGET` and `vaultkit graph`: warm paths to someone, and a picture of the network."""

from __future__ import annotations

import click

from .main import App, format_option, pass_app, vault_option
from .output import emit_json
from .params import iso_date


@click.command()
@click.argument("target")
@click.option("--contact", "kind", flag_value="contact", help="TARGET is a contact.")
@click.option("--company", "kind", flag_value="company", help="TARGET is a company.")
@click.option("--need", "kind", flag_value="need", help="TARGET is a need: reach those who offer it.")
@click.option("--limit", default=10, show_default=True, metavar="N", type=click.IntRange(min=0),
              help="Show the N best paths (0: all).")
@click.option("--no-drafts", is_flag=True, help="Text and markdown without the drafted messages.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Answer as of this day (default: today).")
@format_option("text", "markdown", "json")
@vault_option
@pass_app
def reach(app: App, target: str, kind: str | None, limit: int, no_drafts: bool, date_: str | None, fmt: str) -> None:
    """Who among your contacts could introduce you to TARGET: a contact, a company or a need.

    TARGET is read as a contact (name, file name or alias), else a company of the vault,
    else a need (those whose offers meet it), else a contact or company by the start of
    its words; --contact, --company or --need say which. Connectors are tied to the
    person by `knows`, `introduced_by`, an introduction you made, a small event both
    attended (at most `small_event` people, 12 by default) or a company; they are ranked
    by how warm you are with them (their health) and how strong the tie is. Each path
    comes with a drafted "would you introduce me" message in their language and register.

    \b
    Examples:
      vaultkit reach "Élodie Marchand"
      vaultkit reach coldline --company
      vaultkit reach "seed funding" --need --format json
    """
    from vaultkit.engines.reach import reach as find_paths
    from vaultkit.memory import paused_gc

    day = iso_date(date_, "--date") if date_ else app.today()
    with paused_gc():
        result = find_paths(app.index(), app.config, day, target, kind, limit)
    if fmt == "json":
        emit_json(result.to_json())
        return
    from vaultkit.render.reach import reach_markdown, reach_text

    if fmt == "markdown":
        click.echo(reach_markdown(result, drafts=not no_drafts))
    else:
        click.echo(reach_text(result, drafts=not no_drafts))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["canvas", "mermaid", "dot", "json"]), default=None,
              help="What to export (default: from the --output file's extension, else canvas).")
@click.option("--output", "-o", "output", metavar="PATH",
              help="Write to this file (relative to the vault when inside it) instead of printing.")
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Only contacts with this tag (repeatable).")
@click.option("--company", "companies", multiple=True, metavar="NAME",
              help="Only contacts at this company now or before (repeatable).")
@click.option("--around", metavar="NAME", help="Only this contact and the people tied to them.")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(min=1), metavar="N",
              help="With --around: how many ties away.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="As of this day (default: today).")
@vault_option
@pass_app
def graph(app: App, fmt: str | None, output: str | None, tags: tuple[str, ...], companies: tuple[str, ...],
          around: str | None, depth: int, date_: str | None) -> None:
    """A picture of your network: contacts and the ties between them.

    Ties: `knows`, `introduced_by`, introductions you made, small events both attended
    (at most `small_event` people), and companies (drawn as their own node, linked to the
    people there now or before). Exported as an Obsidian canvas (open it in Obsidian),
    Mermaid (a `.md` file gets a mermaid block Obsidian draws), Graphviz DOT or JSON. A
    file written into the vault is rewritten only while nobody edited it.

    \b
    Examples:
      vaultkit graph --output Network.canvas
      vaultkit graph --around "Ada Okafor" --depth 2 --format mermaid
      vaultkit graph --tag investor --format dot | dot -Tsvg > investors.svg
    """
    from pathlib import Path

    from vaultkit.engines.graph import graph as build
    from vaultkit.errors import UsageError
    from vaultkit.memory import paused_gc
    from vaultkit.render import graph as out

    if depth != 1 and around is None:
        raise UsageError("--depth goes with --around NAME")
    target = None
    if output:
        target = Path(output).expanduser()
        if not target.is_absolute():
            target = app.vault / target
        fmt = fmt or {".canvas": "canvas", ".md": "mermaid", ".mmd": "mermaid", ".mermaid": "mermaid",
                      ".dot": "dot", ".gv": "dot", ".json": "json"}.get(target.suffix.lower(), "canvas")
    fmt = fmt or "canvas"
    day = iso_date(date_, "--date") if date_ else app.today()
    with paused_gc():
        result = build(app.index(), app.config, day, tags=tags, companies=companies, around=around, depth=depth)
    if target is None:
        click.echo(out.render(result, fmt), nl=False)
        return
    from vaultkit.notes.writer import write_owned

    data = out.stamped(result, fmt, markdown=target.suffix.lower() == ".md")
    changed = write_owned(target, data, lambda raw: out.untouched(fmt, raw))
    shown = target.relative_to(app.vault) if target.is_relative_to(app.vault) else target
    what = f"{len(result.nodes)} nodes, {len(result.edges)} edges"
    click.echo(f"wrote {shown} ({what})" if changed else f"{shown} is up to date ({what})", err=True)
