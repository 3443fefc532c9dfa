"""`vaultkit agenda`, `prep` and `followup`: what to do for your network, with drafted messages.

Each command parses its options, asks the engine (``vaultkit.engines.agenda``) and hands
the typed result to the renderer of the chosen format (``vaultkit.render``).
"""

from __future__ import annotations

import sys

import click

from vaultkit.memory import paused_gc

from .main import App, format_option, pass_app, vault_option


def _day(app: App, value: str | None) -> str:
    from .params import iso_date

    return iso_date(value, "--date") if value else app.today()


def date_option(f):
    return click.option("--date", "date_", metavar="YYYY-MM-DD",
                        help="The day to compute for (default: today).")(f)


@click.command()
@date_option
@click.option("--days", type=click.IntRange(0, 3660), default=7, show_default=True,
              help="Look-ahead horizon in days.")
@format_option("text", "markdown", "json")
@click.option("--limit", type=click.IntRange(0), default=None, metavar="N",
              help="At most N items in each section (and each section's number in all); "
                   "only those are drafted. Default: every item in JSON, the top of each in text.")
@click.option("--write", "write", is_flag=False, flag_value="", default=None, metavar="[PATH]",
              help="Write the markdown agenda into the vault (default: the `agenda_note` setting, "
                   "Agenda.md, or the day's daily note when `daily_note` is set).")
@vault_option
@pass_app
def agenda(app: App, date_: str | None, days: int, fmt: str, limit: int | None, write: str | None) -> None:
    """What to do for your network today.

    Follow-ups after recent events (with drafted messages), people to
    reconnect with, events to prepare, events to debrief, tasks due,
    birthdays and important dates, recent job changes to congratulate,
    introductions worth making, and introductions to follow through.

    \b
    Examples:
      vaultkit agenda
      vaultkit agenda --date 2026-11-26 --days 14 --format json
      vaultkit agenda --format json --limit 50   # the first 50 of each section
      vaultkit agenda --write            # refresh Agenda.md in the vault
    """
    with paused_gc():
        _agenda(app, _day(app, date_), days, fmt, write, limit)


def _agenda(app: App, today: str, days: int, fmt: str, write: str | None, limit: int | None = None) -> None:
    ix = app.index()

    def build():
        from vaultkit.engines.agenda import build_agenda
        from vaultkit.engines.kept import keeping
        from vaultkit.render.base import LIMIT

        # text and markdown show the top of each section: only those are made in full
        shown = limit if limit is not None or fmt == "json" else LIMIT
        with keeping():  # the sections no change can have altered since the last run: kept
            return build_agenda(ix, app.config, today, days, shown)

    if write is not None:
        from vaultkit.render.agenda_note import agenda_path, write_agenda

        target = agenda_path(app.config, today, write or None)
        wrote = write_agenda(ix, app.config, today, target, days=days)
        for tick in wrote.ticks:  # the boxes ticked in it, applied before it was rewritten
            click.echo(f"{'not done' if tick.outcome == 'refused' else tick.outcome}: {tick}", err=True)
        if wrote.refused is not None:
            raise wrote.refused
        shown = _shown(app, target)
        click.echo(f"wrote {shown}" if wrote else f"{shown} is up to date", err=True)
    elif fmt == "text" or sys.stdout.isatty():  # a person reading: computed afresh
        result = build()
        _write(_renderer(fmt).agenda(result))
        if fmt == "text" and result.problems:
            from vaultkit.render.base import unread_line

            click.echo(unread_line(result.problems), err=True)
    else:  # for scripts: the same answer as last time when nothing changed since
        from vaultkit.engines.cache import write_cached

        write_cached(ix, app.config, f"agenda:{fmt}:{today}:{days}" + ("" if limit is None else f":{limit}"),
                     lambda: _renderer(fmt).agenda(build()), sys.stdout)


@click.command()
@click.argument("event", required=False)
@date_option
@format_option("text", "markdown", "json")
@vault_option
@pass_app
def prep(app: App, event: str | None, date_: str | None, fmt: str) -> None:
    """What to know before an event: goals, who comes, what to ask them.

    EVENT is matched on titles, file names and aliases. Without EVENT, every
    event of the coming week. With --format json and EVENT, one object (the
    `prepare` item of the agenda); without EVENT, a list.

    \b
    Example:
      vaultkit prep "founders dinner"
    """
    from vaultkit.engines.agenda import prep as prepare

    ix = app.index()
    path = None
    if event:
        from vaultkit.notes.model import EVENT
        from vaultkit.store.lookup import find_note

        path = find_note(ix, event, kinds=(EVENT,))
    _write(_renderer(fmt).prep(prepare(ix, app.config, _day(app, date_), path)))


@click.command()
@click.argument("target", metavar="[EVENT|NAME]", required=False)
@date_option
@format_option("text", "markdown", "json")
@vault_option
@pass_app
def followup(app: App, target: str | None, date_: str | None, fmt: str) -> None:
    """Follow-up messages to send, with talking points and a drafted message.

    With a NAME: that person's pending follow-ups, or a check-in (or
    reconnection) draft when none is pending. With an EVENT: its attendees
    not followed up yet, however old the event. A contact is tried first.
    Without either: the agenda's follow-up section.

    \b
    Examples:
      vaultkit followup
      vaultkit followup "future of food"
      vaultkit followup ada --format json
    """
    from vaultkit.engines.agenda import followups

    ix = app.index()
    path = _person_or_event(ix, target) if target else None
    result = followups(ix, app.config, _day(app, date_), path)
    _write(_renderer(fmt).followup(result))
    if fmt == "text" and not result.items and path:
        click.echo("nothing to follow up: everyone there was contacted since", err=True)


def _renderer(fmt: str):
    """The renderer of ``fmt`` for standard output: text laid out for this terminal (or a
    pipe), JSON indented for a person at a terminal and compact for a script."""
    from vaultkit.render.formats import renderer_for

    if fmt == "text":
        from .output import console

        return renderer_for(fmt, console=console())
    return renderer_for(fmt, indent=2 if sys.stdout.isatty() else None)


def _write(chunks: list[bytes]) -> None:
    from vaultkit.engines.cache import write_bytes

    write_bytes(chunks, sys.stdout)


def _person_or_event(ix, name: str) -> str:
    """A contact when NAME means one (``hugo`` is Hugo, not "Call with Hugo"), else an event."""
    from vaultkit.errors import NotFound
    from vaultkit.notes.model import CONTACT, EVENT
    from vaultkit.store.lookup import find_note

    try:
        return find_note(ix, name, kinds=(CONTACT,))
    except NotFound:
        return find_note(ix, name, kinds=(CONTACT, EVENT))


def _shown(app: App, path) -> str:
    try:
        return str(path.relative_to(app.vault))
    except ValueError:
        return str(path)
