"""Introduction commands: intros (suggestions), intro (record one), share (who would like this)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from vaultkit.notes.model import INTRO_STATUSES

from .main import App, format_option, pass_app, vault_option
from .output import console, emit_json


def _date_option(f):
    return click.option("--date", "date", metavar="YYYY-MM-DD",
                        help="Answer as of this day (default: today).")(f)


def _today(app: App, date: str | None) -> str:
    from .params import iso_date

    return iso_date(date, "--date") if date else app.today()


def _quote(text: str) -> list[str]:
    return [f"> {line}" if line else ">" for line in text.split("\n")]


def _print_draft(out, draft: str) -> None:
    """The message indented, long lines wrapped inside the indent."""
    import textwrap

    from rich.markup import escape

    width = max(20, out.width - 5)
    for line in draft.split("\n"):
        for part in textwrap.wrap(line, width) or [""]:
            out.print(f"     {escape(part)}" if part else "")
    out.print()


def _print_notices(out, notices: Sequence[str]) -> None:
    """What a draft left out, and why: one warning each, wrapped under its first word."""
    import textwrap

    from rich.markup import escape

    for notice in notices:
        lines = textwrap.wrap(notice, max(20, out.width - 5))
        out.print(f"   [yellow]⚠ {escape(lines[0])}[/yellow]")
        for line in lines[1:]:
            out.print(f"     [yellow]{escape(line)}[/yellow]")
    if notices:
        out.print()


@click.command()
@click.argument("name", required=False)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1),
              help="At most this many suggestions.")
@click.option("--all", "weak", is_flag=True,
              help="Also pairs that only share interests (after the others, each with its reason).")
@_date_option
@format_option("text", "markdown", "json")
@vault_option
@pass_app
def intros(app: App, name: str | None, limit: int, weak: bool, date: str | None, fmt: str) -> None:
    """Suggest introductions: who in your network should meet whom, and why.

    Pairs come from `needs` that meet `offers` (both ways ranks first), read
    with a built-in English and French vocabulary. People who already know
    each other, were already introduced, or work together rank low or not at
    all. With --all, pairs that only share `interests` follow. Each
    suggestion has a drafted double opt-in message to the first person. With
    NAME, only introductions involving that contact.

    \b
    Examples:
      vaultkit intros
      vaultkit intros "Ada" --limit 5
      vaultkit intros --all --format json
    """
    from vaultkit.engines.intros import suggest
    from vaultkit.memory import paused_gc
    from vaultkit.store.lookup import find_note

    ix = app.index()
    today = _today(app, date)
    path = find_note(ix, name, ("contact",)) if name else None
    with paused_gc():
        items = suggest(ix, app.config, today, name_path=path, limit=limit, weak=weak)
    if fmt == "json":
        emit_json(items)
    elif fmt == "markdown":
        click.echo(_intros_markdown(items, today))
    else:
        _intros_text(items)


def _intros_markdown(items: list[dict[str, Any]], today: str) -> str:
    from vaultkit.notes.links import note_link

    lines = [f"# Introductions ({today})", ""]
    if not items:
        lines.append("No introduction to suggest.")
    for n, item in enumerate(items, 1):
        lines += [f"## {n}. {note_link(item['a_path'], item['a'])} ↔ {note_link(item['b_path'], item['b'])} "
                  f"(score {item['score']:g})", ""]
        lines += [f"- {r}" for r in item["reasons"]] + ["", *_quote(item["draft"]), ""]
        lines += [f"- ⚠ {n}" for n in item.get("notices", ())] + ([""] if item.get("notices") else [])
    return "\n".join(lines).rstrip("\n")


def _intros_text(items: list[dict[str, Any]]) -> None:
    from rich.markup import escape

    out = console()
    if not items:
        out.print("[dim]No introduction to suggest.[/dim]")
        return
    for n, item in enumerate(items, 1):
        out.print(f"[bold]{n}. {escape(item['a'])} ↔ {escape(item['b'])}[/bold]  "
                  f"[dim]score {item['score']:g}[/dim]")
        for reason in item["reasons"]:
            out.print(f"   • {escape(reason)}")
        out.print(f"   [cyan]Message to {escape(item['a'])}:[/cyan]")
        _print_draft(out, item["draft"])
        _print_notices(out, item.get("notices", ()))


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--status", type=click.Choice(INTRO_STATUSES), default=None,
              help="Status of the introduction (a new note starts as `proposed`); on an existing "
                   "note, changes its `status` line only.")
@click.option("--checked-in", "checked_in", is_flag=True,
              help="You asked both whether they met (a made introduction): records `checked_in`.")
@_date_option
@format_option("text", "json")
@vault_option
@pass_app
def intro(app: App, a: str, b: str, status: str | None, checked_in: bool, date: str | None, fmt: str) -> None:
    """Record an introduction between A and B, or update its status.

    Writes an event note (kind `introduction`, both as attendees, the reasons
    in its body) into your first event folder, so it is in git, counts as an
    interaction with both, and the pair is never suggested again. When the
    note already exists, `--status` edits only its `status` line.

    \b
    Examples:
      vaultkit intro "Ada Okafor" "Hugo Lefèvre"
      vaultkit intro ada hugo --status made
      vaultkit intro ada hugo --checked-in   # asked both whether they met
    """
    from vaultkit.engines.intros import record_intro
    from vaultkit.store.lookup import find_note

    ix = app.index()
    today = _today(app, date)
    a_path = find_note(ix, a, ("contact",))
    b_path = find_note(ix, b, ("contact",))
    if checked_in:
        from vaultkit.engines.introduced import record_check_in

        if status:
            raise click.UsageError("--checked-in and --status are two steps: one at a time")
        done = record_check_in(ix, app.config, today, a_path, b_path)
        if fmt == "json":
            emit_json(done)
        elif done["action"] == "unchanged":
            click.echo(f"{done['path']}: already checked in on {done['checked_in']}")
        else:
            click.echo(f"updated {done['path']}: checked_in {done['checked_in']}")
        return
    result = record_intro(ix, app.config, today, a_path, b_path, status=status, date=today)
    if fmt == "json":
        emit_json(result)
        return
    if result["action"] == "created":
        click.echo(f"wrote {result['path']} (status: {result['status']})")
    elif result["action"] == "updated":
        click.echo(f"updated {result['path']}: status {result['previous'] or 'none'} → {result['status']}")
    else:
        click.echo(f"already recorded in {result['path']} (status: {result['status'] or 'none'}); "
                   "use --status to change it")


@click.command()
@click.argument("topic")
@click.option("--tags", default="", metavar="A,B", help="Topics of the article, comma-separated, matched too.")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1),
              help="At most this many contacts.")
@_date_option
@format_option("text", "markdown", "json")
@vault_option
@pass_app
def share(app: App, topic: str, tags: str, limit: int, date: str | None, fmt: str) -> None:
    """Who would care about an article on TOPIC (words, or a URL), with a drafted message.

    Contacts are matched on their interests, needs and tags, and on what you
    noted about them in the last six months. For a URL, the words of its path
    are the topic.

    \b
    Examples:
      vaultkit share "cold-chain logistics"
      vaultkit share https://example.com/blog/food-waste-in-restaurants --tags climate
    """
    from vaultkit.engines.sharing import share as find

    ix = app.index()
    today = _today(app, date)
    extra = [t.strip() for t in tags.split(",") if t.strip()]
    rows = find(ix, app.config, today, topic, extra, limit=limit)
    _print_people(rows, fmt, f"Who would like: {topic}", "Nobody in your notes matches this topic.",
                  drafts=True)


@click.command()
@click.argument("topic")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1),
              help="At most this many contacts.")
@_date_option
@format_option("text", "markdown", "json")
@vault_option
@pass_app
def who(app: App, topic: str, limit: int, date: str | None, fmt: str) -> None:
    """Who can help with TOPIC: contacts who offer it or know about it.

    TOPIC is read like a need, in English or French, with the matcher of
    introductions: contacts whose `offers` meet it rank first, then their
    `role`, `interests` and `tags`, and what you noted about them in the last
    six months. Each has the reasons and when you last talked.

    \b
    Examples:
      vaultkit who "levée de fonds seed"
      vaultkit who "a data analyst" --limit 3 --format json
    """
    from vaultkit.engines.who import who as find

    ix = app.index()
    today = _today(app, date)
    rows = find(ix, app.config, today, topic, limit=limit)
    _print_people(rows, fmt, f"Who can help with: {topic}", "Nobody in your notes offers or knows about this.",
                  drafts=False)


def _print_people(rows: list[dict], fmt: str, title: str, nobody: str, drafts: bool) -> None:
    """The people `share` and `who` found, best first: each with its score, reasons, when you
    last talked (`who`) or the drafted message (`share`)."""
    if fmt == "json":
        emit_json(rows)
        return
    if fmt == "markdown":
        from vaultkit.notes.links import note_link

        lines = [f"# {title}", ""] + ([nobody] if not rows else [])
        for row in rows:
            lines += [f"## {note_link(row['path'], row['name'])} (score {row['score']:g})", ""]
            lines += [f"- {r}" for r in row["reasons"]] + [""]
            if drafts:
                lines += [*_quote(row["draft"]), ""]
        click.echo("\n".join(lines).rstrip("\n"))
        return
    from rich.markup import escape

    out = console()
    if not rows:
        out.print(f"[dim]{escape(nobody)}[/dim]")
    for n, row in enumerate(rows, 1):
        last = ""
        if not drafts:
            last = f" · last talked {row['last_contact'][:10]}" if row["last_contact"] else " · never talked"
        out.print(f"[bold]{n}. {escape(row['name'])}[/bold]  [dim]score {row['score']:g}{last}[/dim]")
        for reason in row["reasons"]:
            out.print(f"   • {escape(reason)}")
        if drafts:
            _print_draft(out, row["draft"])
