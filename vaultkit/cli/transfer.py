"""`import` (vCard, LinkedIn, iCalendar into notes) and `export` (vCard, iCalendar to stdout)."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from .main import App, format_option, pass_app, vault_option
from .output import console, emit_json

PROGRESS_THRESHOLD = 200

_FILES = click.Path(exists=True, dir_okay=False, readable=True)
_PATHS = click.Path(exists=True, readable=True)  # a file, a folder or a ZIP


@click.group("import")
@vault_option
def import_() -> None:
    """Bring contacts and events in from your phone, LinkedIn and calendar.

    \b
    Example:
      vaultkit import vcard contacts.vcf --dry-run
      vaultkit import linkedin Connections.csv
      vaultkit import ics calendar.ics
      vaultkit import mail ~/Mail/INBOX --dry-run
      vaultkit import chat "WhatsApp Chat with Ada Okafor.txt"
    """


def _accept_changes(f):
    return click.option("--accept-changes", is_flag=True,
                        help="Record a known contact's new company or role as a job change (the old "
                             "company moves to past_companies, a dated line says so) instead of "
                             "reporting a conflict.")(f)


def _dry_run(f):
    return click.option("--dry-run", is_flag=True,
                        help="Show what would be created and updated; write nothing.")(f)


@import_.command("vcard")
@click.argument("files", nargs=-1, required=True, type=_FILES)
@click.option("--photos", is_flag=True,
              help="Save contact photos beside the new notes (<note name>.jpg) and show them in the note.")
@_accept_changes
@_dry_run
@format_option("text", "json")
@vault_option
@pass_app
def import_vcard(app: App, files: tuple[str, ...], photos: bool, accept_changes: bool, dry_run: bool,
                 fmt: str) -> None:
    """Import contacts from vCard files (2.1, 3.0, 4.0; phones, Google, iCloud, Outlook).

    Each card becomes a contact note in the first people folder: name,
    nicknames (as aliases), emails, phones, company, role, LinkedIn and other
    URLs, birthday, anniversary, addresses, messaging handles, tags (CATEGORIES)
    and the card's note as the body. Photos are skipped unless --photos; the
    other properties no field takes are counted above the summary.

    A contact already in the vault (same email, same LinkedIn URL, or same name
    with no conflicting email) is updated, never duplicated: fields it lacks are
    added to its front matter, values it has are kept (a different one is
    reported as a conflict), its body is never touched. Running the same import
    again changes nothing.

    \b
    Example:
      vaultkit import vcard ~/Downloads/contacts.vcf --dry-run
      vaultkit import vcard ~/Downloads/contacts.vcf --photos
    """
    _run(app, "vcard", files, photos, dry_run, fmt, accept_changes)


@import_.command("linkedin")
@click.argument("file", type=_PATHS)
@click.option("--no-messages", is_flag=True,
              help="Import the connections only: leave the export's messages.csv and Invitations.csv unread.")
@_accept_changes
@_dry_run
@format_option("text", "json")
@vault_option
@pass_app
def import_linkedin(app: App, file: str, no_messages: bool, accept_changes: bool, dry_run: bool,
                    fmt: str) -> None:
    """Import LinkedIn connections, then record your LinkedIn messages with them.

    FILE is Connections.csv itself, or the whole export: its ZIP or the folder
    it was unzipped to (Connections.csv is found inside); or messages.csv or
    Invitations.csv alone (their exchanges are recorded, as below).

    Each row becomes a contact with `linkedin`, `company`, `role` (and `email`
    when the connection shared it); the connection date becomes a dated heading
    `## YYYY-MM-DD Connected on LinkedIn` in the new note, so it counts as an
    interaction.

    A contact already in the vault (same email, same LinkedIn URL, or same name
    with no conflicting email) is updated, never duplicated: fields it lacks are
    added to its front matter, values it has are kept (a different one is
    reported as a conflict), its body is never touched. Running the same import
    again changes nothing.

    With the whole export, its messages.csv and Invitations.csv are read next
    (unless --no-messages): each conversation day with a contact, and each
    invitation with a message, becomes `## YYYY-MM-DD LinkedIn: subject` in the
    contact's note, never twice (as `vaultkit import mail` records mail).

    \b
    Example:
      vaultkit import linkedin ~/Downloads/Connections.csv
      vaultkit import linkedin ~/Downloads/Basic_LinkedInDataExport_12-01-2026.zip
      vaultkit import linkedin ~/Downloads/Basic_LinkedInDataExport_12-01-2026.zip --no-messages
      vaultkit import linkedin ~/Downloads/Connections.csv --accept-changes
    """
    from vaultkit.capture.sources import capture
    from vaultkit.formats.exportfiles import is_archive

    if os.path.basename(file).lower() in ("messages.csv", "invitations.csv"):  # no connections in it
        report = capture(app.index(), "linkedin", [file], dry_run=dry_run, today=app.today())
        _capture_out(report, dry_run, fmt, "")
        return
    result = _import(app, "linkedin", (file,), False, dry_run, accept_changes)
    whole = os.path.isdir(file) or is_archive(file)
    if no_messages or not whole:
        _show(app, result, dry_run, fmt)
        if result.failed_all:
            sys.exit(1)
        return
    from vaultkit.formats.merge import written_paths

    ix = app.index()
    if not dry_run:
        ix.refresh_paths(written_paths(result))  # the new connections: contacts for their messages
    report = capture(ix, "linkedin", [file], dry_run=dry_run, today=app.today())
    for problem in report.problems:
        click.echo(problem, err=True)
    if fmt == "json":
        _show(app, result, dry_run, fmt, extra={"messages": report.to_json()})
    else:
        _show(app, result, dry_run, fmt)
        _capture_text(report, dry_run, "", prefix="LinkedIn messages and invitations: ")
    if result.failed_all and not report.read:
        sys.exit(1)


@import_.command("ics")
@click.argument("files", nargs=-1, required=True, type=_PATHS)
@_dry_run
@format_option("text", "json")
@vault_option
@pass_app
def import_ics(app: App, files: tuple[str, ...], dry_run: bool, fmt: str) -> None:
    """Import calendar events from iCalendar (.ics) files or calendar folders as event notes.

    FILES are .ics files a calendar app exports, or calendar folders as khal and
    vdirsyncer keep them (one .ics per event, nested folders read too; a file
    that cannot be read is reported on one line and the others are imported).

    One note per event in the first event folder: title, date (times in your
    time zone), end, location, attendees (a [[link]] when they are a contact,
    matched by email then name; their plain name otherwise; rooms left out) and
    the description as the body. A recurring event is imported once, with its
    rule (`repeat`) and the occurrences it skips or adds (`exdate`, `rdate`:
    EXDATE, RDATE and changed occurrences); a cancelled event makes no note, and
    cancels (`status: cancelled`) the note of its earlier version; of several
    versions of an event, the latest wins. The
    event's UID is kept as `ical_uid`, so importing the calendar again finds the
    same notes: a meeting moved since then gets its new time in the note the
    import wrote (unless you changed that time), nothing else changes.

    \b
    Example:
      vaultkit import ics ~/Downloads/work-calendar.ics --dry-run
      vaultkit import ics ~/.calendars/work
    """
    _run(app, "ics", files, False, dry_run, fmt)


@import_.command("mail")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, readable=True))
@click.option("--new", "new", multiple=True, metavar="EMAIL|NAME",
              help="Make a contact note for this correspondent (an address, or a name they write "
                   "under) and record their mail too. Repeat for several.")
@click.option("--no-subject", is_flag=True, help="Write the day and channel only (`## 2026-12-01 Email`).")
@_dry_run
@format_option("text", "json")
@vault_option
@pass_app
def import_mail(app: App, paths: tuple[str, ...], new: tuple[str, ...], no_subject: bool, dry_run: bool,
                fmt: str) -> None:
    """Record the mail you exchanged with your contacts, from a Maildir or an mbox.

    Only headers are read (From, To, Cc, Date, Subject, Message-ID, List-Id,
    Precedence, Auto-Submitted), never a body; nothing leaves the machine. A
    message exchanged with a contact (matched by the email in their note, else
    by their exact name or alias) becomes one dated line in their note per day:
    `## 2026-12-01 Email: Proposal for Q1`, with a hidden mark of the messages
    it records, so running it again records nothing twice. Mailing lists, bulk
    and automatic mail and no-reply senders are skipped. Your own addresses
    (`capture: my_emails` in the config, and the emails of your own note) tell
    whom a mail was with. Correspondents who are no contact are listed, the
    most frequent first; --new makes notes for the ones you name.

    PATH is a Maildir, a folder of them (mbsync, offlineimap, notmuch), or an
    mbox file (a mail client's export, Thunderbird's local folders).

    \b
    Example:
      vaultkit import mail ~/Mail/INBOX ~/Mail/Sent --dry-run
      vaultkit import mail ~/export.mbox --new ada@example.org --new "Grace Hopper"
    """
    from vaultkit.capture.sources import capture

    report = capture(app.index(), "mail", paths, new=new, dry_run=dry_run, no_subject=no_subject,
                     today=app.today())
    _capture_out(report, dry_run, fmt, "EMAIL (or --new NAME)")


@import_.command("chat")
@click.argument("paths", nargs=-1, required=True, type=_PATHS)
@click.option("--kind", type=click.Choice(["whatsapp", "telegram"]),
              help="The app that exported PATH (default: told by its file names and first lines).")
@click.option("--new", "new", multiple=True, metavar="NAME|PHONE",
              help="Make a contact note for this person of the chats (their name as the chat shows it, "
                   "or their number) and record their days too. Repeat for several.")
@_dry_run
@format_option("text", "json")
@vault_option
@pass_app
def import_chat(app: App, paths: tuple[str, ...], kind: str | None, new: tuple[str, ...], dry_run: bool,
                fmt: str) -> None:
    """Record the days you chatted with your contacts, from WhatsApp or Telegram exports.

    PATH is a WhatsApp chat export (its .txt, Android or iOS, any language and
    date format, or the ZIP WhatsApp makes, or a folder of them) or Telegram
    Desktop's JSON export (result.json, its folder or ZIP). Nothing leaves the
    machine; the export is only read.

    Each day with a message in a chat between you and a contact becomes one
    dated line in their note: `## 2026-12-01 WhatsApp`, with a hidden mark, so
    running it again (or on a newer export of the same chat) records nothing
    twice. In a group, a day counts with each member who wrote that day when you
    wrote too. The other person is found by the phone number or the exact name
    or alias of their note. You are `me` in the config (your name as the app
    writes it), else told by the export. People who are no contact are listed;
    --new makes notes for the ones you name.

    \b
    Example:
      vaultkit import chat "WhatsApp Chat with Ada Okafor.txt" --dry-run
      vaultkit import chat ~/Downloads/WhatsApp*.zip --new "Ada Okafor"
      vaultkit import chat ~/Downloads/DataExport_2026-12-01 --format json
    """
    from vaultkit.capture.kinds import guess_kind
    from vaultkit.capture.recorder import CaptureReport
    from vaultkit.capture.sources import capture

    unknown: list[str] = []
    kinds: dict[str, list[str]] = {}
    for path in paths:
        found = kind or guess_kind(path)
        if found in ("whatsapp", "telegram"):
            kinds.setdefault(found, []).append(path)
        elif found == "linkedin":
            unknown.append(f"{path}: a LinkedIn export: use `vaultkit import linkedin`; skipped")
        else:
            unknown.append(f"{path}: not a WhatsApp chat or a Telegram export (or give --kind); skipped")
    if len(kinds) > 1:
        raise click.UsageError("these paths are exports of different apps (WhatsApp and Telegram): import "
                               "them one app at a time")
    if kinds:
        (chosen, chosen_paths), = kinds.items()
        report = capture(app.index(), chosen, chosen_paths, new=new, dry_run=dry_run, today=app.today())
    else:
        report = CaptureReport(dry_run=dry_run)
    report.problems[:0] = unknown
    _capture_out(report, dry_run, fmt, "NAME (or --new PHONE)")


def _capture_out(report: Any, dry_run: bool, fmt: str, hint: str) -> None:
    """A capture's report as `import mail` and `import chat` print it; exit 1 when nothing
    at all could be read."""
    for problem in report.problems:
        click.echo(problem, err=True)
    if fmt == "json":
        emit_json(report.to_json())
    else:
        _capture_text(report, dry_run, hint)
    if report.problems and not report.read:
        sys.exit(1)  # nothing could be read at all


def _capture_text(report: Any, dry_run: bool, hint: str, prefix: str = "") -> None:
    from vaultkit.render.imports import capture_lines

    for line in capture_lines(report, dry_run, hint, prefix):
        click.echo(line)


def _run(app: App, kind: str, files: tuple[str, ...], photos: bool, dry_run: bool, fmt: str,
         accept_changes: bool = False) -> None:
    result = _import(app, kind, files, photos, dry_run, accept_changes)
    _show(app, result, dry_run, fmt)
    if result.failed_all:
        sys.exit(1)


def _import(app: App, kind: str, files: tuple[str, ...], photos: bool, dry_run: bool,
            accept_changes: bool = False) -> Any:
    from vaultkit.formats.merge import import_files

    ix = app.index()
    bars: list[_Bar] = []

    def progress(done: int, total: int) -> None:  # a bar for long imports only, on a terminal
        if not bars and total > PROGRESS_THRESHOLD and sys.stderr.isatty():
            bars.append(_Bar())
        if bars:
            bars[0].update(done, total)

    try:
        return import_files(kind, files, ix, app.config, photos=photos, dry_run=dry_run, progress=progress,
                            accept_changes=accept_changes, today=app.today())
    finally:
        for bar in bars:
            bar.close()


def _show(app: App, result: Any, dry_run: bool, fmt: str, extra: dict | None = None) -> None:
    from vaultkit.render.imports import import_lines, plan_table

    for problem in result.problems + result.warnings:
        click.echo(problem, err=True)
    if fmt == "json":
        emit_json({**result.to_dict(), **(extra or {})})
        return
    table = plan_table(result) if dry_run else None
    if table is not None:
        console().print(table)
    for line in import_lines(result, dry_run, app.today()):
        click.echo(line)


class _Bar:
    """A rich progress bar on stderr for long imports."""

    def __init__(self) -> None:
        from rich.progress import Progress

        self.bar = Progress(console=console(stderr=True), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("Writing notes", total=None)

    def update(self, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total)

    def close(self) -> None:
        self.bar.stop()


@click.group()
@vault_option
def export() -> None:
    """Give your contacts and agenda back to other apps (written to standard output).

    \b
    Example:
      vaultkit export vcard > contacts.vcf
      vaultkit export ics > network.ics
    """


@export.command("vcard")
@click.option("--tag", help="Only contacts with this tag.")
@click.option("--version", "version", type=click.Choice(["4.0", "3.0"]), default="4.0", show_default=True,
              help="vCard version (3.0 for older phones).")
@vault_option
@pass_app
def export_vcard(app: App, tag: str | None, version: str) -> None:
    """Every contact (never you) as vCard: name, emails, phones, company, role,
    LinkedIn and other URLs, birthday, anniversary, tags.

    \b
    Example:
      vaultkit export vcard > contacts.vcf
      vaultkit export vcard --tag investor --version 3.0 > investors.vcf
    """
    from vaultkit.formats.exporting import vcard_text

    click.echo(vcard_text(app.index(), tag, version), nl=False)


@export.command("ics")
@click.option("--days", default=30, show_default=True, type=click.IntRange(min=0),
              help="Events and follow-ups up to this many days ahead.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="The day to start from (default: today).")
@vault_option
@pass_app
def export_ics(app: App, days: int, date_: str | None) -> None:
    """Follow-ups and open tasks with a due date (as to-dos), the coming events, and
    birthdays and important dates (repeating yearly, with an alarm at their
    remind_before), as one iCalendar file for any calendar app.

    \b
    Example:
      vaultkit export ics > network.ics
      vaultkit export ics --days 7 > this-week.ics
    """
    from vaultkit.formats.exporting import ics_text

    from .params import iso_date

    today = iso_date(date_, "--date") if date_ else app.today()
    click.echo(ics_text(app.index(), app.config, today, days), nl=False)
