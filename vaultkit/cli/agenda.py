"""`vaultkit agenda`, `prep` and `followup`: what to do for your network, with drafted messages."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

import click

from .main import App, format_option, pass_app, vault_option
from .output import emit_json

TEXT_LIMIT = 25


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
@click.option("--write", "write", is_flag=False, flag_value="", default=None, metavar="[PATH]",
              help="Write the markdown agenda into the vault (default: the `agenda_note` setting, "
                   "Agenda.md, or the day's daily note when `daily_note` is set).")
@vault_option
@pass_app
def agenda(app: App, date_: str | None, days: int, fmt: str, write: str | None) -> None:
    """What to do for your network today.

    Follow-ups after recent events (with drafted messages), people to
    reconnect with, events to prepare, tasks due, birthdays, and
    introductions worth making.

    \b
    Examples:
      vaultkit agenda
      vaultkit agenda --date 2026-11-26 --days 14 --format json
      vaultkit agenda --write            # refresh Agenda.md in the vault
    """
    with paused_gc():
        _agenda(app, _day(app, date_), days, fmt, write)


def _agenda(app: App, today: str, days: int, fmt: str, write: str | None) -> None:
    ix = app.index()

    def build() -> dict[str, Any]:
        from vaultkit.engines.agenda import build_agenda

        return build_agenda(ix, app.config, today, days)

    if write is not None:
        from vaultkit.render.agenda_note import agenda_path, write_agenda

        target = agenda_path(app.config, today, write or None)
        wrote = write_agenda(ix, app.config, today, target, days=days)
        shown = _shown(app, target)
        click.echo(f"wrote {shown}" if wrote else f"{shown} is up to date", err=True)
    elif fmt == "text":
        from .output import console

        render_text(console(), build())
    elif sys.stdout.isatty():  # a person reading: computed afresh, JSON indented
        if fmt == "json":
            emit_json(build())
        else:
            click.echo(_markdown(build()), nl=False)
    else:  # for scripts: the same answer as last time when nothing changed since
        print_cached(ix, app.config, f"agenda:{fmt}:{today}:{days}", lambda: _piped(build(), fmt))


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """No cycle collection meanwhile: reading and computing over a whole vault allocate many
    objects and free few, so collections would only cost time (a tenth of it on a large vault).
    For a command, whose process ends right after: none at exit either."""
    import atexit
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # what was made meanwhile joins the oldest generation, instead of being walked
            # through at once by the first collection after this
            gc.freeze()
            gc.unfreeze()
            gc.enable()
            atexit.unregister(gc.freeze)
            atexit.register(gc.freeze)  # the objects still there at exit go with the process


def _markdown(data: dict[str, Any]) -> str:
    from vaultkit.render.agenda_markdown import render_markdown

    return render_markdown(data)


def _piped(data: dict[str, Any], fmt: str) -> list[bytes]:
    """The agenda for a pipe, in UTF-8 pieces: markdown, or JSON exactly as ``emit_json`` writes
    it there."""
    return [_markdown(data).encode("utf-8")] if fmt == "markdown" else json_chunks(data)


def json_chunks(data: dict[str, Any], slice_size: int = 200) -> list[bytes]:
    """``emit_json``'s compact JSON of a mapping, in UTF-8 pieces to write one after the other, a
    slice of each long list at a time: no text of the whole is ever made (megabytes, and four
    bytes a character as soon as one character is beyond U+FFFF, an emoji in a note)."""
    import json

    def dumps(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, check_circular=False)

    out = [b"{"]
    for n, key in enumerate(sorted(data)):
        value = data[key]
        out.append((", " if n else "").encode() + dumps(key).encode("utf-8") + b": ")
        if not isinstance(value, list) or len(value) <= slice_size:
            out.append(dumps(value).encode("utf-8"))
            continue
        out.append(b"[")
        for i in range(0, len(value), slice_size):
            out.append((", " if i else "").encode() + dumps(value[i : i + slice_size])[1:-1].encode("utf-8"))
        out.append(b"]")
    out.append(b"}\n")
    return out


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
    from vaultkit.engines.agenda import Agenda
    from vaultkit.engines.agenda import prep as prep_one

    today = _day(app, date_)
    ix = app.index()
    if event:
        from vaultkit.notes.model import EVENT
        from vaultkit.store.lookup import find_note

        path = find_note(ix, event, kinds=(EVENT,))
        item = prep_one(ix, app.config, path, today)
        items = [item] if item else []
        if fmt == "json":
            emit_json(item)
            return
    else:
        items = Agenda(ix, app.config, today).prepare()
        if fmt == "json":
            emit_json(items)
            return
    _print_section(_partial(today, prepare=items), "prepare", fmt)


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

    today = _day(app, date_)
    ix = app.index()
    path = _person_or_event(ix, target) if target else None
    items = followups(ix, app.config, today, path)
    if fmt == "json":
        emit_json(items)
        return
    _print_section(_partial(today, follow_up=items), "follow_up", fmt)
    if fmt == "text" and not items and path:
        click.echo("nothing to follow up: everyone there was contacted since", err=True)


# -- the output cache ------------------------------------------------------------------------
#
# Like the index, a disposable cache: the last agenda printed for scripts, reused only while
# nothing it depends on changed (the index's state, the settings, the message templates, the
# code that computed it, the day and the horizon). Deleting it loses nothing.

CACHE_FILE = "agenda-output.txt"


def print_cached(ix, config, what: str, compute: Callable[[], list[bytes]]) -> None:
    """Print ``compute()``'s bytes, or the same bytes kept from the last identical request."""
    from vaultkit.config import cache_dir

    path = cache_dir(config.vault) / CACHE_FILE
    key = _cache_key(ix, config, what).encode()
    try:
        with open(path, "rb") as fh:
            if fh.readline().rstrip(b"\n") == key:
                _print_rest(fh, len(key) + 1)
                return
    except OSError:
        pass
    chunks = compute()
    if _cache_key(ix, config, what).encode() == key:  # nothing changed while computing
        _store(path, [key + b"\n", *chunks])
    _print_bytes(chunks)


def _print_rest(fh: BinaryIO, offset: int) -> None:
    """The open file from ``offset`` on, to standard output: copied by the system when it can
    (a pipe or a file), else read and written."""
    import os

    size = os.fstat(fh.fileno()).st_size
    try:
        out = sys.stdout.fileno() if hasattr(sys.stdout, "buffer") else None
    except (OSError, ValueError):  # no file descriptor (a test runner's stream)
        out = None
    if out is not None:
        sys.stdout.flush()
        while offset < size:
            try:
                sent = os.sendfile(out, fh.fileno(), offset, size - offset)
            except BrokenPipeError:
                raise
            except OSError:  # not supported for this output: write it the usual way
                break
            if not sent:
                break
            offset += sent
    if offset < size:
        fh.seek(offset)
        _print_bytes([fh.read()])


def _print_bytes(chunks: list[bytes]) -> None:
    raw = getattr(sys.stdout, "buffer", None)
    if raw is None:  # a text-only stream
        sys.stdout.write(b"".join(chunks).decode("utf-8"))
    else:
        sys.stdout.flush()
        for chunk in chunks:  # write() each: a stream may watch its writes (a test runner's does)
            raw.write(chunk)
        raw.flush()


def _cache_key(ix, config, what: str) -> str:
    import hashlib
    import os

    from vaultkit import __version__

    parts = [__version__, what, repr(sorted((k, repr(v)) for k, v in vars(config).items()))]
    parts.append(ix.stamp())
    parts += _code_stamps()
    try:
        with os.scandir(config.templates_dir) as entries:
            parts += sorted(f"{e.name}:{_stat(e.path)}" for e in entries)
    except OSError:
        parts.append("no templates")
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _code_stamps() -> list[str]:
    """Name, time and size of every module of the package: any change to the code that computes
    or prints the agenda (engines, index, reader...) makes a new answer."""
    import os

    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out, folders = [], [root]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for e in entries:
                if e.name.endswith(".py"):
                    out.append(f"{e.path[len(root):]}:{_stat(e.path)}")
                elif e.name != "__pycache__" and e.is_dir():
                    folders.append(e.path)
    return sorted(out)


def _stat(path: str) -> str:
    import os

    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_mtime_ns}:{st.st_size}"


def _store(path, chunks: list[bytes]) -> None:
    """Replace the cache file atomically (a private file in the private cache folder)."""
    import os
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=".agenda-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(chunks)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def _person_or_event(ix, name: str) -> str:
    """A contact when NAME means one (``hugo`` is Hugo, not "Call with Hugo"), else an event."""
    from vaultkit.errors import NotFound
    from vaultkit.notes.model import CONTACT, EVENT
    from vaultkit.store.lookup import find_note

    try:
        return find_note(ix, name, kinds=(CONTACT,))
    except NotFound:
        return find_note(ix, name, kinds=(CONTACT, EVENT))


def _print_section(data: dict[str, Any], section: str, fmt: str) -> None:
    """One section of an agenda, as markdown or for the terminal."""
    if fmt == "markdown":
        from vaultkit.render.agenda_markdown import render_markdown

        click.echo(render_markdown(data, sections=(section,), front_matter=False), nl=False)
    else:
        from .output import console

        render_text(console(), data, sections=(section,))


def _partial(today: str, **sections: list) -> dict[str, Any]:
    from vaultkit.engines.agenda import SECTIONS

    data: dict[str, Any] = {"date": today, "days": 7}
    data.update({name: sections.get(name, []) for name in SECTIONS})
    return data


def _shown(app: App, path) -> str:
    try:
        return str(path.relative_to(app.vault))
    except ValueError:
        return str(path)


# -- text for a terminal -------------------------------------------------------------------

TITLES = {
    "follow_up": "Follow up",
    "reconnect": "Reconnect",
    "prepare": "Prepare",
    "tasks": "Tasks",
    "birthdays": "Birthdays",
    "introductions": "Introductions",
}


def render_text(out, data: dict[str, Any], sections: tuple[str, ...] | None = None,
                limit: int = TEXT_LIMIT) -> None:
    """The agenda for a terminal: one block per section, colours only on a terminal."""
    from rich.markup import escape
    from rich.text import Text

    from vaultkit.engines.agenda import SECTIONS, bullets
    from vaultkit.notes.values import display

    def show(text: Text, indent: int, hang: int) -> None:
        width = max(24, min(out.width, 100) - indent - hang)
        for n, line in enumerate(text.wrap(out, width, justify="default", overflow="fold")):
            line.rstrip()
            out.print(Text(" " * (indent + (hang if n else 0))) + line if line.plain else Text(""), soft_wrap=True)

    def say(markup: str, indent: int = 0, hang: int = 2) -> None:
        show(Text.from_markup(markup), indent, hang)

    def draft(text: str) -> None:
        for line in text.split("\n"):
            show(Text(line, style="italic"), 6, 0)

    full = sections is None
    if full:
        say(f"[bold]Agenda for {data['date']}[/bold] [dim](next {data['days']} days)[/dim]")
    for name in sections or SECTIONS:
        items = data.get(name, [])
        if full or len(sections or ()) > 1:
            out.print()
        say(f"[bold cyan]{TITLES[name]}[/bold cyan] [dim]({len(items)})[/dim]")
        if not items:
            say("[dim]nothing[/dim]", 2)
        for item in items[:limit]:
            if name == "follow_up":
                late = "[red]overdue[/red] " if item["due"] < data["date"] else ""
                after = f" after {escape(item['event'])}" if item["event"] else ""
                say(f"• [bold]{escape(item['contact'])}[/bold]{after} {late}[dim]due {item['due']}[/dim]", 2)
                for point in item["talking_points"]:
                    say(f"- {escape(point)}", 4)
                draft(item["draft"])
            elif name == "reconnect":
                seen = f"last contact {item['last_contact']}" if item["last_contact"] else "never contacted"
                say(f"• [bold]{escape(item['contact'])}[/bold] [dim]{seen}, every {item['cadence_days']} "
                    f"days[/dim]", 2)
                note = item.get("last_note")
                if note:
                    first = next(iter(bullets(note["text"])), "")
                    say(f"{note['date']} {escape(note['title'])}" + (f": {escape(first)}" if first else ""), 4)
            elif name == "prepare":
                when = item["date"] + (f" {item['time']}" if item.get("time") else "")
                say(f"• [bold]{escape(item['event'])}[/bold] [dim]{when}"
                    + (f", {escape(item['location'])}" if item.get("location") else "") + "[/dim]", 2)
                for goal in item["goals"]:
                    say(f"goal: {escape(goal)}", 4)
                for card in item["attendees"] + item["to_meet"]:
                    seen = f"last contact {card['last_contact']}" if card["last_contact"] else "never contacted"
                    tag = " (to meet)" if card in item["to_meet"] else ""
                    say(f"[bold]{escape(card['contact'])}[/bold]{tag} [dim]{seen}[/dim]", 4)
                    if card["needs"]:
                        say(f"needs: {escape(', '.join(card['needs']))}", 6)
                    if card["offers"]:
                        say(f"offers: {escape(', '.join(card['offers']))}", 6)
                    for note in card["notes"][:1]:
                        for point in note["points"][:3]:
                            say(f"{note['date']}: {escape(point)}", 6)
                    for task in card["open_tasks"]:
                        say(f"[ ] {escape(display(task['text']))}"
                            + (f" [dim](due {task['due']})[/dim]" if task["due"] else ""), 6, 4)
                if item["unknown_attendees"]:
                    say("[yellow]not in your contacts yet:[/yellow] "
                        + escape("; ".join(item["unknown_attendees"])), 4)
                for who in item["worth_meeting"]:
                    say(f"worth meeting there: {escape(who['contact'])} "
                        f"[dim]({escape('; '.join(who['reasons']))})[/dim]", 4)
            elif name == "tasks":
                late = "[red]overdue[/red] " if item["overdue"] else ""
                people = f" [dim]({escape(', '.join(item['contacts']))})[/dim]" if item["contacts"] else ""
                say(f"[ ] {escape(display(item['text']))}{people} {late}[dim]due {item['due']}[/dim]", 2, 4)
            elif name == "birthdays":
                age = f", turns {item['age']}" if item["age"] is not None else ""
                say(f"• {item['date']} [bold]{escape(item['contact'])}[/bold]{age}", 2)
            elif name == "introductions":
                say(f"• [bold]{escape(str(item['a']))}[/bold] ↔ [bold]{escape(str(item['b']))}[/bold]", 2)
                for reason in item.get("reasons", []):
                    say(f"- {escape(str(reason))}", 4)
        if len(items) > limit:
            say(f"[dim]… and {len(items) - limit} more (--format json lists them all)[/dim]", 2)
