"""Acting on the agenda: `log`, `done`, `snooze` and `new contact|event`.

Every write goes through ``vaultkit.notes.writer``: minimal (an appended section, one
front-matter line, a new file), atomic, and refused when the note does not
parse or changed while being edited.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import click

from vaultkit.errors import UsageError, VaultkitError, WriteRefused

from .main import App, pass_app, vault_option

HEADING_WORDS = 6
_PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_]+)(?::[^{}\n]*)?\s*\}\}")


def _date(value: str | None, option: str, app: App) -> str:
    from .params import iso_date

    return iso_date(value, option) if value else app.today()


def _rel(app: App, path: Path) -> str:
    try:
        return path.relative_to(app.vault).as_posix()
    except ValueError:
        return str(path)


def _contact(app: App, name: str, allow_me: bool = False) -> str:
    """The path of the contact NAME means; the user's own note only when ``allow_me``."""
    from vaultkit.notes.model import CONTACT
    from vaultkit.store.lookup import find_note

    ix = app.index()
    path = find_note(ix, name, kinds=(CONTACT,))
    contact = ix.contacts([path]).get(path)
    if contact and contact.is_me and not allow_me:
        raise UsageError(f"{contact.name} is you (`me` in .vaultkit/config.yaml), not one of your contacts")
    return path


def heading_words(text: str, limit: int = HEADING_WORDS) -> str:
    """The first words of a logged text, as the title of its dated heading."""
    from vaultkit.notes.values import display

    first = next((line for line in text.splitlines() if line.strip()), "")
    first = display(first).lstrip("-*+ ").replace("#", "")
    # a sentence ends at . : ; ! ? (French puts a space before the last four: "Appel : …")
    clause = re.split(r"(?<=\w)[ \u00a0\u202f]?[.:;!?](?:\s|$)", first, maxsplit=1)[0]
    words = clause.split()
    short = " ".join(words[:limit]).rstrip(".,;:!?")
    return short + ("…" if len(words) > limit else "")


# -- log, done, snooze ---------------------------------------------------------------------


@click.command()
@click.argument("name")
@click.argument("text")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Day of the interaction (default: today).")
@vault_option
@pass_app
def log(app: App, name: str, text: str, date_: str | None) -> None:
    """Write down an interaction: a dated section at the end of the contact's note.

    The heading is `## YYYY-MM-DD` and the first words of TEXT; TEXT follows
    it. Nothing else in the note changes.

    \b
    Example:
      vaultkit log ada "Coffee at Station F: she closed the pilot with Monoprix"
    """
    from vaultkit.notes import writer

    if not text.strip():
        raise UsageError("nothing to log: give the text of the interaction")
    day = _date(date_, "--date", app)
    path = _contact(app, name, allow_me=True)
    words = heading_words(text)
    heading = f"{day} {words}" if words else day
    writer.append_section(app.vault / path, heading, text)
    click.echo(f"logged in {path}: ## {heading}")


@click.command()
@click.argument("name")
@click.option("--event", "event", metavar="TITLE", help="The event followed up (default: their pending one).")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Day of the follow-up (default: today).")
@vault_option
@pass_app
def done(app: App, name: str, event: str | None, date_: str | None) -> None:
    """Record that you followed up with someone.

    Appends `## YYYY-MM-DD Followed up after [[Event]]` to their note: an
    interaction dated today, which takes them off the follow-up and
    reconnect lists. The event is --event, else the event they are pending
    a follow-up for, if any.

    \b
    Example:
      vaultkit done ada --event "future of food"
    """
    from vaultkit.engines.acting import record_follow_up
    from vaultkit.notes.model import EVENT
    from vaultkit.store.lookup import find_note

    day = _date(date_, "--date", app)
    path = _contact(app, name)
    ix = app.index()
    event_path = find_note(ix, event, kinds=(EVENT,)) if event else None
    heading = record_follow_up(ix, app.config, path, day, event_path)
    click.echo(f"marked as followed up in {path}: ## {heading}")


@click.command()
@click.argument("name")
@click.option("--until", "until", required=True, metavar="YYYY-MM-DD",
              help="No keep-in-touch reminder or follow-up before this day (today or later).")
@vault_option
@pass_app
def snooze(app: App, name: str, until: str) -> None:
    """Pause reminders about someone until a date: keep-in-touch, and follow-ups.

    Sets `snooze` in the contact's front matter (replacing the value of an
    existing `snooze`, `snooze_until` or `prm-snooze-until` line). A pending
    follow-up waits for that day too. The day cannot be in the past.

    \b
    Example:
      vaultkit snooze margaux --until 2027-01-15
    """
    from vaultkit.engines.acting import snooze as snooze_contact

    day = _date(until, "--until", app)
    if day < app.today():
        raise UsageError(f"--until {day} is in the past: give today or a later day (YYYY-MM-DD)")
    path = _contact(app, name)
    snooze_contact(app.config, path, day)
    click.echo(f"snoozed {path} until {day}")


# -- new contact | event -------------------------------------------------------------------


@click.group()
def new() -> None:
    """Create a contact or an event note from the vault's templates.

    The templates are `.vaultkit/templates/contact.md` and `event.md`
    (`vaultkit init` writes them; `{{name}}`, `{{title}}` and `{{date}}` are
    filled in). File names are made safe and never replace an existing note.

    \b
    Example:
      vaultkit new contact "Ada Okafor" --company Coldline --tag founder
    """


@new.command("contact")
@click.argument("name")
@click.option("--company", help="Where they work.")
@click.option("--role", help="What they do there.")
@click.option("--email", help="Their email address.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for several).")
@click.option("--met", metavar="EVENT", help="The event where you met (linked when it is a note).")
@vault_option
@pass_app
def new_contact(app: App, name: str, company: str | None, role: str | None, email: str | None,
                tags: tuple[str, ...], met: str | None) -> None:
    """Create a contact note in the first people folder.

    \b
    Example:
      vaultkit new contact "Ada Okafor" --company Coldline --role CEO --met "station f breakfast"
    """
    name = " ".join(name.split())
    if not name:
        raise UsageError("give the contact's name")
    _no_placeholder(name)
    ix = app.index()
    fields: dict[str, Any] = {"company": company, "role": role, "email": email,
                              "tags": list(tags) or None, "met": _met_link(app, met) if met else None}
    fields = {k: v for k, v in fields.items() if v}
    today = app.today()
    from vaultkit.config import note_folder

    folder = note_folder(app.config, contact=True)
    same = ix.contact_named(name)
    path = _create(app, "contact", folder, name, {"name": name, "title": name, "date": today},
                   {"type": "contact", "name": name, **fields}, fields, contact=True)
    if same:
        click.echo(f"note: {same} already holds a contact named {name}", err=True)
    click.echo(f"created {_rel(app, path)}")


@new.command("event")
@click.argument("title")
@click.option("--date", "date_", required=True, metavar="YYYY-MM-DD", help="Day of the event.")
@click.option("--attendee", "attendees", multiple=True, metavar="NAME",
              help="Someone who comes (repeat for several); linked to their note when known.")
@click.option("--location", help="Where it happens.")
@click.option("--kind", help="meetup, conference, dinner, call...")
@vault_option
@pass_app
def new_event(app: App, title: str, date_: str, attendees: tuple[str, ...], location: str | None,
              kind: str | None) -> None:
    """Create an event note in the first events folder, named `DATE TITLE`.

    \b
    Example:
      vaultkit new event "Climate Tech Meetup" --date 2026-12-09 --attendee ada --attendee "Léa Moreau"
    """
    from .params import iso_date

    title = " ".join(title.split())
    if not title:
        raise UsageError("give the event's title")
    _no_placeholder(title)
    day = iso_date(date_, "--date")
    app.index()
    links = [_attendee_link(app, a) for a in attendees if a.strip()]
    fields: dict[str, Any] = {"location": location, "kind": kind, "attendees": links or None}
    fields = {k: v for k, v in fields.items() if v}
    from vaultkit.config import note_folder

    folder = note_folder(app.config, contact=False)
    name = title if title.startswith(day) else f"{day} {title}"
    path = _create(app, "event", folder, name, {"name": title, "title": title, "date": day},
                   {"type": "event", "title": title, "date": day, **fields}, fields, contact=False)
    click.echo(f"created {_rel(app, path)}")


def _met_link(app: App, met: str) -> str:
    """``[[event]]`` when MET names an event note, else the text as given."""
    from vaultkit.errors import NotFound
    from vaultkit.notes.links import note_link
    from vaultkit.notes.model import EVENT
    from vaultkit.store.lookup import find_note

    ix = app.index()
    try:
        path = find_note(ix, met, kinds=(EVENT,))
    except NotFound:
        return met
    return note_link(path)


def _attendee_link(app: App, name: str) -> str:
    """``[[Name]]``: the existing contact's name when NAME means one, else NAME as typed."""
    from vaultkit.errors import NotFound
    from vaultkit.notes.links import note_link, safe_target, wikilink
    from vaultkit.notes.model import CONTACT
    from vaultkit.store.lookup import find_note

    ix = app.index()
    try:
        path = find_note(ix, name, kinds=(CONTACT,))
    except NotFound:
        return wikilink(safe_target(name))
    shown = ix.heads([path])[path].name
    if safe_target(shown) != shown or ix.resolve_link(shown) != path:
        return note_link(path)
    return wikilink(shown)


def _create(app: App, kind: str, folder: str, name: str, values: dict[str, str], front: dict[str, Any],
            fields: dict[str, Any], contact: bool) -> Path:
    """Write the new note from the vault's template (then fill the given fields), else from
    ``front``; refuses, writing nothing, when the template's front matter does not parse."""
    from vaultkit.notes import writer

    template = app.config.templates_dir / f"{kind}.md"
    try:
        raw = template.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return writer.create_note(app.vault, folder, name, writer.note_text(front))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{template}: cannot read the template: {exc}") from exc
    text = fill_template(raw.replace("\r\n", "\n"), values)
    try:
        writer.check_parses(template, text)
    except WriteRefused as exc:
        raise WriteRefused(f"{exc} (in the template, once filled)") from exc
    path = writer.create_note(app.vault, folder, name, text)
    if fields:
        from vaultkit.engines.acting import spellings as field_spellings

        spellings = {key: field_spellings(key, app.config, contact) for key in fields}
        try:
            writer.set_fields(path, fields, spellings=spellings)
        except VaultkitError:
            writer.remove_if_unchanged(path, text.encode("utf-8"))  # nothing is left half made
            raise
    return path


def _no_placeholder(name: str) -> None:
    """A name holding ``{{...}}`` would make the new note read as a template."""
    if "{{" in name or "}}" in name:
        raise UsageError(f"{name!r}: a name cannot hold {{{{ or }}}} (they mark template placeholders)")


def fill_template(text: str, values: dict[str, str]) -> str:
    """Fill ``{{name}}``-style placeholders: known ones with their value (YAML-quoted in the
    front matter), unknown ones emptied in the front matter and kept in the body."""
    from vaultkit.notes.front_matter import Unclosed, locate

    try:
        found = locate(text)
    except Unclosed:
        found = None
    if found is None:
        return _fill_body(text, values)
    start, end, body = found
    lines = [_fill_yaml_line(line, values) for line in text[start:end].split("\n")]
    return text[:start] + "\n".join(lines) + text[end:body] + _fill_body(text[body:], values)


def _fill_body(text: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: values.get(m.group(1).lower(), m.group(0)), text)


def _fill_yaml_line(line: str, values: dict[str, str]) -> str:
    out, pos = [], 0
    for m in _PLACEHOLDER_RE.finditer(line):
        value = values.get(m.group(1).lower(), "")
        before = line[pos : m.start()]
        prefix = line[: m.start()]
        quoted = prefix.count('"') % 2 == 1
        single = not quoted and prefix.count("'") % 2 == 1
        whole = re.fullmatch(r"\s*-?\s*[^:]*:\s*|\s*-\s*", prefix) and not line[m.end() :].strip()
        if quoted:
            rendered = json.dumps(value, ensure_ascii=False)[1:-1]
        elif single:
            rendered = value.replace("'", "''")
        elif whole:
            rendered = json.dumps(value, ensure_ascii=False) if value else ""
        else:
            rendered = value
        out.append(before + rendered)
        pos = m.end()
    out.append(line[pos:])
    return "".join(out)
