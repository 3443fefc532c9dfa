"""The `vaultkit` command group: vault selection, the shared context, lazy commands."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import os
from pathlib import Path

import click

from vaultkit.errors import VaultkitError

COMMANDS = {
    "init": "vaultkit.cli.basic:init",
    "index": "vaultkit.cli.basic:index",
    "check": "vaultkit.cli.basic:check",
    "show": "vaultkit.cli.basic:show",
    "list": "vaultkit.cli.basic:list_",
    "search": "vaultkit.cli.basic:search",
    "path": "vaultkit.cli.basic:path",
    "company": "vaultkit.cli.companies:company",
    "agenda": "vaultkit.cli.agenda:agenda",
    "log": "vaultkit.cli.acting:log",
    "done": "vaultkit.cli.acting:done",
    "snooze": "vaultkit.cli.acting:snooze",
    "prep": "vaultkit.cli.agenda:prep",
    "followup": "vaultkit.cli.agenda:followup",
    "new": "vaultkit.cli.acting:new",
    "merge": "vaultkit.cli.merging:merge",
    "health": "vaultkit.cli.health:health",
    "debrief": "vaultkit.cli.debrief:debrief",
    "intros": "vaultkit.cli.intros:intros",
    "intro": "vaultkit.cli.intros:intro",
    "share": "vaultkit.cli.intros:share",
    "who": "vaultkit.cli.intros:who",
    "reach": "vaultkit.cli.network:reach",
    "graph": "vaultkit.cli.network:graph",
    "watch": "vaultkit.cli.daemon:watch",
    "daemon": "vaultkit.cli.daemon:daemon",
    "import": "vaultkit.cli.transfer:import_",
    "export": "vaultkit.cli.transfer:export",
    "sync": "vaultkit.cli.sync:sync",
    "hooks": "vaultkit.cli.sync:hooks",
    "merge-driver": "vaultkit.cli.sync:merge_driver",
}


class App:
    """What every command shares: the vault, its config and its index (opened once)."""

    def __init__(self) -> None:
        self.vault_arg: str | None = None
        self.rescan = False  # `vaultkit --rescan`: never trust a live watcher
        self._config = None
        self._index = None
        self.refreshed = None

    @property
    def config(self):
        if self._config is None:
            from vaultkit.config import find_vault, load_config

            self._config = load_config(find_vault(self.vault_arg))
        return self._config

    @property
    def vault(self) -> Path:
        return self.config.vault

    def index(self, refresh: bool = True):
        """The index, refreshed once per command (the files are the truth)."""
        if self._index is None:
            from vaultkit.store.index import Index

            self._index = Index(self.config)
            click.get_current_context().call_on_close(self._index.close)
        if refresh and self.refreshed is None:
            self.refreshed = self._live() or self._index.refresh()
            self._index.begin_read()
        return self._index

    def _live(self) -> bool:
        """True when a watcher runs on the vault and says its index is current: no scan then
        (see watch/live.py). An index made by another version of vaultkit is refreshed."""
        if self.rescan or self._index.last_refresh() is None:
            return False
        from vaultkit.watch.live import watcher_current

        live = watcher_current(self.config)
        if os.environ.get("VAULTKIT_TRACE"):
            click.echo("vaultkit: " + ("the watcher's index is current: no scan" if live else "scanning the vault"),
                       err=True)
        return live

    def today(self) -> str:
        return dt.date.today().isoformat()


pass_app = click.make_pass_decorator(App, ensure=True)


def _set_vault(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.ensure_object(App).vault_arg = value


def vault_option(f):
    """``--vault PATH``, accepted on the group and on every command."""
    return click.option(
        "--vault", type=click.Path(file_okay=False), expose_value=False, is_eager=True,
        callback=_set_vault, envvar=None,
        help="The vault folder (default: $VAULTKIT_VAULT, else the nearest folder upward "
             "holding .vaultkit/).",
    )(f)


def format_option(*choices: str, default: str = "text"):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


class CliError(click.ClickException):
    """A core error shown as a one-line message, with the error's exit code."""

    def __init__(self, exc: VaultkitError):
        super().__init__(str(exc))
        self.exit_code = exc.exit_code


class LazyGroup(click.Group):
    """Imports a command's module only when that command runs (fast start-up)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self.get_command(ctx, name) is not None)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        if importlib.util.find_spec(module) is None:
            return None
        return getattr(importlib.import_module(module), attr, None)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except VaultkitError as exc:
            raise CliError(exc) from exc


def _set_rescan(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(App).rescan = True


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vaultkit")
@vault_option
@click.option("--rescan", is_flag=True, expose_value=False, is_eager=True, callback=_set_rescan,
              help="Scan the vault even when a running watcher says its index is current.")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """vaultkit: your network, kept in plain markdown notes.

    Contacts and events are markdown files with YAML front matter. vaultkit
    reads them and tells you whom to follow up with, whom you are losing touch
    with, what to prepare for your next event, and who should meet whom.

    \b
    Start with:
      vaultkit init ~/notes          # make a folder a vault
      vaultkit agenda                # what to do for your network today
      vaultkit check                 # what is wrong in the notes
    """
    ctx.ensure_object(App)


def main() -> None:
    cli(prog_name="vaultkit")
