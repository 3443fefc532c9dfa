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

    When the pull stops on a conflict, it is undone: your commit stays, the
    conflicting notes are listed with how to merge them, and the exit status
    is 1. Nothing to do: no commit, "nothing to sync".

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
    """Install a pre-commit hook that runs `vaultkit check` on the vault.

    A commit is then refused while a note has errors (warnings pass). An
    existing hook that is not vaultkit's is left alone unless --force.

    \b
    Example:
      vaultkit hooks install
      git commit --no-verify     # skip the check once
    """
    from vaultkit.sync.git import install_hook

    done = install_hook(app.vault, force=force)
    if done.backup:
        click.echo(f"kept the previous hook as {done.backup}")
    verb = "installed" if done.changed else "already installed:"
    click.echo(f"{verb} {done.path} (runs `{' '.join(done.command)} check --vault {app.vault}` before each commit)")
