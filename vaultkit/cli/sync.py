"""Commands that keep the vault in git: sync, hooks install."""

from __future__ import annotations

import sys

import click

from .main import App, format_option, pass_app, vault_option
from .output import emit_json


@click.command()
@click.option("--no-push", is_flag=True, help="Commit and pull, but do not push.")
@click.option("--message", "-m", metavar="TEXT",
              help="Subject of the commit (default: a summary such as \"vaultkit: 2 contacts updated (...)\").")
@format_option("text", "json")
@vault_option
@pass_app
def sync(app: App, no_push: bool, message: str | None, fmt: str) -> None:
    """Commit the vault's changed notes, pull with rebase, then push.

    Uses your own git: your identity, your remotes, your credentials and
    hooks. Only notes and vaultkit's config are committed, never files listed
    in .gitignore nor notes vaultkit generates (Agenda.md). The commit message
    says what changed: "vaultkit: 2 contacts updated (Ada Lovelace, Bob), 1
    event added". Without a remote the commit stays local.

    With vaultkit's merge driver (`vaultkit hooks install`), a note edited on
    two machines merges by itself: front matter key by key, dated sections
    added on both sides all kept in date order. When the pull still stops on
    a conflict, it is undone: your commit stays, the conflicting notes are
    listed with how to merge them, and the exit status is 1. When the
    pre-commit hook refuses the commit, its problems are listed one per line,
    the staging area is put back as it was, and the exit status is 1.

    One sync runs at a time: a second one waits a few seconds, then says that
    another sync is running (with its pid) and exits with status 1.

    \b
    Example:
      vaultkit sync
      vaultkit sync --no-push -m "notes from the climate meetup"
    """
    from vaultkit.sync.git import sync_vault

    result = sync_vault(app.config, push=not no_push, message=message)
    if fmt == "json":
        emit_json(result.to_dict())
    else:
        for line in result.report():
            click.echo(line, err=bool(result.conflicts) and not line.startswith("committed "))
    if result.conflicts:
        sys.exit(1)


@click.group()
@vault_option
def hooks() -> None:
    """Git hooks for the vault's repository.

    \b
    Example:
      vaultkit hooks install
    """


@hooks.command("install")
@click.option("--force", is_flag=True, help="Replace a pre-commit hook that is not vaultkit's (kept as a backup).")
@vault_option
@pass_app
def install(app: App, force: bool) -> None:
    """Install the pre-commit check and the merge driver for notes.

    The pre-commit hook runs `vaultkit check --staged`: a commit is refused
    while a note being committed has errors (warnings are printed and pass).
    An existing hook that is not vaultkit's is left alone unless --force.

    The merge driver lets a note edited on two machines merge by itself:
    `*.md merge=vaultkit` goes into the vault's .gitattributes (committed by
    the next sync) and the driver's command into this clone's .git/config.
    Run this command once on every machine that syncs the vault.

    \b
    Example:
      vaultkit hooks install
      git commit --no-verify     # skip the check once
    """
    from vaultkit.sync.hooks import ATTRIBUTE_LINE, install_driver, install_hook

    driver = install_driver(app.vault)
    if driver.other:
        click.echo(f"merge driver not used: {driver.attributes} already sets `{driver.other}` for notes "
                   f"(replace it with `{ATTRIBUTE_LINE}` to let vaultkit merge notes)")
    elif driver.attribute_added or driver.config_changed:
        click.echo(f"merge driver registered: `{ATTRIBUTE_LINE}` in {driver.attributes}, "
                   "its command in this clone's git config")
    else:
        click.echo("merge driver already registered")
    done = install_hook(app.vault, force=force)
    if done.backup:
        click.echo(f"kept the previous hook as {done.backup}")
    verb = "installed" if done.changed else "already installed:"
    click.echo(f"{verb} {done.path} (runs `{' '.join(done.command)} check --staged --vault {app.vault}` "
               "before each commit)")


@click.command("merge-driver", hidden=True)
@click.argument("base", type=click.Path(dir_okay=False, exists=True))
@click.argument("ours", type=click.Path(dir_okay=False, exists=True))
@click.argument("theirs", type=click.Path(dir_okay=False, exists=True))
@click.argument("path", required=False, default="")
def merge_driver(base: str, ours: str, theirs: str, path: str) -> None:
    """Merge three versions of a note for git (its merge driver).

    git runs it as `merge-driver %O %A %B %P` (see `vaultkit hooks install`):
    the merged note is left in OURS; the exit status is 1 when conflict
    markers remain. Front matter is merged key by key; dated sections added
    on both sides are all kept in date order.

    \b
    Example:
      git config merge.vaultkit.driver "vaultkit merge-driver %O %A %B %P"
    """
    from pathlib import Path

    from vaultkit.sync.driver import merge_files

    merged = merge_files(Path(base), Path(ours), Path(theirs))
    if not merged.clean:
        click.echo(f"vaultkit: {path or ours}: could not merge {', '.join(merged.conflicts)}; "
                   "conflict markers left in the note", err=True)
        sys.exit(1)
