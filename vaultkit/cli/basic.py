"""Foundation commands: init, index, check, show, list, search, path."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .main import App, format_option, pass_app, vault_option
from .output import console, emit_json


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False), default=".")
@click.option("--me", help="Your own name, so you are never your own contact.")
def init(directory: str, me: str | None) -> None:
    """Make DIRECTORY (default: here) a vault: config, templates, .gitignore entry.

    Existing files are never overwritten.

    \b
    Example:
      vaultkit init ~/notes --me "Sam Rivera"
    """
    from vaultkit.scaffold import init_vault

    for line in init_vault(Path(directory), me):
        click.echo(line)


@click.command()
@click.option("--rebuild", is_flag=True, help="Throw the index away and read every note again.")
@click.option("--verify", is_flag=True,
              help="Compare the index as it stands with a fresh read of every note; list the "
                   "differences and exit 1 on any.")
@vault_option
@pass_app
def index(app: App, rebuild: bool, verify: bool) -> None:
    """Bring the index up to date and print what it holds.

    Every command does this by itself; run it to see counts and time, or with
    --rebuild after something odd. --verify checks that the index (as kept by
    the daemon, or by the last command) equals a cold index of the same files.

    \b
    Example:
      vaultkit index --rebuild
      vaultkit index --verify
    """
    if verify:
        _verify(app)
        return
    from vaultkit.memory import paused_gc

    progress = _progress_bar() if sys.stderr.isatty() else None
    ix = app.index(refresh=False)
    try:
        with paused_gc():
            result = ix.refresh(rebuild=rebuild, progress=progress.update if progress else None)
    finally:
        if progress:
            progress.close()
    counts = ix.counts()
    errors = len(ix.problems(level="error"))
    click.echo(
        f"{counts['contact']} contacts, {counts['event']} events, {counts['note']} other notes; "
        f"read {result.read}, removed {result.deleted} in {result.seconds:.2f}s"
        + (f"; {errors} notes with errors (run `vaultkit check`)" if errors else "")
    )


def _verify(app: App) -> None:
    from vaultkit.store.verify import verify_index

    ix = app.index(refresh=False)
    differences = verify_index(ix)
    for diff in differences[:200]:
        click.echo(str(diff))
    if len(differences) > 200:
        click.echo(f"... and {len(differences) - 200} more")
    if differences:
        behind = any(not d.tables for d in differences)
        fix = ("the index is behind the files: `vaultkit index` brings it up to date" if behind else
               "`vaultkit index --rebuild` repairs it")
        click.echo(f"{len(differences)} notes differ between the index and the files ({fix})", err=True)
        sys.exit(1)
    total = ix.note_count()
    click.echo(f"the index matches the files ({total} notes)")


class _progress_bar:
    """A rich progress bar that appears only when a refresh reads many files."""

    def __init__(self) -> None:
        self.bar = None
        self.task = None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < 2000:
                return
            from rich.progress import Progress

            self.bar = Progress(console=console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Reading notes", total=total)
        self.bar.update(self.task, completed=done, total=total)  # a total still being scanned

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@click.command()
@click.option("--staged", is_flag=True,
              help="Only the notes staged for the next git commit (what the pre-commit hook runs).")
@format_option("text", "json")
@vault_option
@pass_app
def check(app: App, staged: bool, fmt: str) -> None:
    """Report every problem in the vault as `path:line: message`.

    Parse errors, bad dates and cadences, unresolved links, duplicate contacts,
    two spellings of one company, unknown placeholders in message templates.
    Exits with status 1 when there are errors (warnings alone exit 0), so it
    fits in a git pre-commit hook. With --staged, only the notes staged for
    the next commit are checked (as they are on disk).

    \b
    Example:
      vaultkit check --format json
      vaultkit check --staged        # what `git commit` would be refused for
    """
    from vaultkit.engines.checking import problems

    paths = None
    if staged:
        from vaultkit.sync.git import staged_notes

        paths = staged_notes(app.vault)
    items = problems(app.index(), app.config, app.today(), paths) if paths is None or paths else []
    if fmt == "json":
        emit_json(items)
    else:
        for item in items:
            message = " ".join(str(item["message"]).split())  # one problem, one line
            click.echo(f"{item['path']}:{item['line']}: {item['level']}: {message}")
        errors = sum(1 for i in items if i["level"] == "error")
        warnings = len(items) - errors
        click.echo(f"{errors} errors, {warnings} warnings", err=True)
    if any(i["level"] == "error" for i in items):
        sys.exit(1)


@click.command()
@click.argument("name")
@format_option("text", "json")
@vault_option
@pass_app
def show(app: App, name: str, fmt: str) -> None:
    """Everything known about a contact or an event.

    NAME is matched on names, file names and aliases, ignoring case and
    accents; the start of each word is enough when it is unique.

    \b
    Example:
      vaultkit show "ada lov"
    """
    from vaultkit.store.lookup import find_note
    from vaultkit.store.queries import contact_card, event_card

    ix = app.index()
    path = find_note(ix, name)
    kind = ix.heads([path])[path].kind
    card = contact_card(ix, path, app.today()) if kind == "contact" else event_card(ix, path)
    if fmt == "json":
        emit_json(card)
        return
    from .render import render_card

    render_card(console(), card)


@click.command("list")
@click.argument("what", type=click.Choice(["contacts", "events", "companies"]))
@click.option("--tag", help="Only notes with this tag.")
@click.option("--company", help="Only contacts whose company contains this text.")
@click.option("--met-since", metavar="YYYY-MM-DD", help="Only contacts first met on or after this day.")
@format_option("text", "json")
@vault_option
@pass_app
def list_(app: App, what: str, tag: str | None, company: str | None, met_since: str | None,
          fmt: str) -> None:
    """List contacts, events or companies.

    \b
    Examples:
      vaultkit list contacts --tag investor
      vaultkit list contacts --company acme --format json
      vaultkit list events --format json
      vaultkit list companies        # people there now and before, last contact
    """
    from vaultkit.store.queries import list_contacts, list_events

    from .params import iso_date

    if what == "companies":
        from .companies import list_companies

        list_companies(app, fmt)
        return
    ix = app.index()
    if what == "contacts":
        since = iso_date(met_since, "--met-since") if met_since else None
        rows = list_contacts(ix, app.today(), tag=tag, company=company, met_since=since)
    else:
        rows = list_events(ix, tag=tag)
    if fmt == "json":
        emit_json(rows)
        return
    from .render import render_list

    render_list(console(), what, rows)


@click.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, help="At most this many results.")
@format_option("text", "json")
@vault_option
@pass_app
def search(app: App, text: tuple[str, ...], limit: int, fmt: str) -> None:
    """Full-text search over all notes, best matches first.

    \b
    Example:
      vaultkit search supply chain
    """
    hits = app.index().search(" ".join(text), limit)
    if fmt == "json":
        emit_json([{"path": h.path, "name": h.name, "snippet": h.snippet} for h in hits])
        return
    if not hits:
        click.echo("no match", err=True)
    for hit in hits:
        click.echo(f"{hit.path}: {hit.name}")
        click.echo("    " + " ".join(hit.snippet.split()))


@click.command()
@format_option("text", "json")
@vault_option
@pass_app
def path(app: App, fmt: str) -> None:
    """Where the vault, its config and its index live.

    \b
    Example:
      vaultkit path
    """
    from vaultkit.config import cache_dir

    info = {
        "vault": str(app.vault),
        "config": str(app.config.config_path),
        "cache": str(cache_dir(app.vault)),
        "index": str(cache_dir(app.vault) / "index.sqlite"),
    }
    if fmt == "json":
        emit_json(info)
    else:
        for key, value in info.items():
            click.echo(f"{key}: {value}")
