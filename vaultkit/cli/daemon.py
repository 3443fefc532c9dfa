"""Commands that keep the index and agenda fresh: watch (foreground) and daemon (background)."""

from __future__ import annotations

import os
import sys

import click

from .main import App, format_option, pass_app, vault_option
from .output import emit_json


@click.command()
@click.option("--polling", is_flag=True,
              help="Poll the files every second instead of using native file events "
                   "(network drives, some containers).")
@click.option("--autosync", type=click.FloatRange(min=1), metavar="MINUTES",
              help="Also run `vaultkit sync` every MINUTES (off by default).")
@click.option("--no-agenda", is_flag=True, help="Keep the index fresh, but do not write the agenda note.")
@click.option("--notify", is_flag=True,
              help="Each morning (at `notify_at` in the config, default 08:00), show a desktop "
                   "notification of what is due today.")
@click.option("--debounce", type=click.FloatRange(min=0.05, max=10), default=0.3, show_default=True,
              metavar="SECONDS", help="Quiet time after a change before refreshing.")
@click.option("--detached", is_flag=True, hidden=True)
@vault_option
@pass_app
def watch(app: App, polling: bool, autosync: float | None, no_agenda: bool, notify: bool,
          debounce: float, detached: bool) -> None:
    """Watch the vault and keep the index and the agenda note fresh (foreground).

    Refreshes the index at start, then after each burst of changes (editor
    saves, moves, a git checkout) refreshes it again and rewrites the agenda
    note when its content changed; at midnight it writes the new day's agenda.
    With --notify, it shows one desktop notification a day with what is due
    (notify-send on Linux, osascript on macOS), once `notify_at` has passed.
    Logs one line per refresh to stderr and to daemon.log in the cache folder.
    Stops cleanly on Ctrl-C or SIGTERM. One watcher per vault.

    \b
    Example:
      vaultkit watch --vault ~/notes
      vaultkit watch --polling --autosync 30
      vaultkit watch --notify      # "3 follow-ups, 2 tasks due, 1 birthday: Ada Okafor…"
    """
    from vaultkit.watch.daemon import InstanceLock, files
    from vaultkit.watch.watcher import Watcher, install_signal_handlers, setup_logging

    config = app.config
    watcher = Watcher(config, polling=polling, agenda=not no_agenda, quiet=debounce,
                      max_wait=max(2.0, debounce * 4), autosync_minutes=autosync, notify=notify)
    install_signal_handlers(watcher)  # before the pid file exists: a stop is always clean
    lock = InstanceLock(config)
    try:
        lock.acquire()
        log = setup_logging(files(config).log, to_stderr=not detached)
        log.info("watching %s (%s), pid %d", config.vault,
                 "polling" if polling else "native events", os.getpid())
        try:
            watcher.start()
            watcher.run()
            log.info("stopped")
        except KeyboardInterrupt:  # a second stop signal: the refresh under way was rolled back
            log.info("stopped (interrupted)")
    finally:
        watcher.close()
        lock.release()


@click.group()
def daemon() -> None:
    """Run the watcher in the background: start, stop, status, install.

    \b
    Example:
      vaultkit daemon start --vault ~/notes
      vaultkit daemon status
      vaultkit daemon install      # a systemd user unit, or a launchd agent on macOS
    """


@daemon.command()
@click.option("--polling", is_flag=True, help="Poll instead of using native file events.")
@click.option("--autosync", type=click.FloatRange(min=1), metavar="MINUTES",
              help="Also run `vaultkit sync` every MINUTES.")
@click.option("--no-agenda", is_flag=True, help="Do not write the agenda note.")
@click.option("--notify", is_flag=True, help="Show a desktop notification of what is due, each morning.")
@vault_option
@pass_app
def start(app: App, polling: bool, autosync: float | None, no_agenda: bool, notify: bool) -> None:
    """Start `vaultkit watch` detached; refuse when one already runs on this vault.

    \b
    Example:
      vaultkit daemon start --vault ~/notes
      vaultkit daemon start --notify
    """
    from vaultkit.watch.daemon import files
    from vaultkit.watch.daemon import start as start_daemon

    args = (["--polling"] if polling else []) + (["--no-agenda"] if no_agenda else [])
    args += ["--notify"] if notify else []
    if autosync:
        args += ["--autosync", str(autosync)]
    pid = start_daemon(app.config, args)
    click.echo(f"started (pid {pid}); log: {files(app.config).log}")


@daemon.command()
@vault_option
@pass_app
def stop(app: App) -> None:
    """Stop the daemon of this vault (SIGTERM, then wait for it to finish).

    \b
    Example:
      vaultkit daemon stop
    """
    from vaultkit.watch.daemon import stop as stop_daemon

    pid = stop_daemon(app.config)
    click.echo(f"stopped (pid {pid})" if pid else "not running")


@daemon.command()
@format_option("text", "json")
@vault_option
@pass_app
def status(app: App, fmt: str) -> None:
    """Whether the daemon runs, its pid, the last refresh and the index size.

    Exits with status 0 when it runs, 1 when it does not.

    \b
    Example:
      vaultkit daemon status --format json
    """
    from vaultkit.watch.daemon import status as daemon_status

    info = daemon_status(app.config)
    if fmt == "json":
        emit_json(info)
    else:
        click.echo(f"running (pid {info['pid']})" if info["running"] else "not running")
        click.echo(f"last refresh: {info['last_refresh'] or 'never'}")
        click.echo(f"index: {info['notes']} notes, {info['index_bytes'] / 1e6:.1f} MB")
        click.echo(f"log: {info['log']}")
    if not info["running"]:
        sys.exit(1)


@daemon.command()
@click.option("--kind", type=click.Choice(["systemd", "launchd"]),
              help="Service manager (default: launchd on macOS, systemd elsewhere).")
@click.option("--force", is_flag=True, help="Replace a service file with other content.")
@vault_option
@pass_app
def install(app: App, kind: str | None, force: bool) -> None:
    """Write a service file that runs the watcher at login, and print how to enable it.

    A systemd user unit in ~/.config/systemd/user/ (or $XDG_CONFIG_HOME), or a
    launchd agent in ~/Library/LaunchAgents/ on macOS. Nothing is enabled:
    run the printed commands when you are happy with the file.

    \b
    Example:
      vaultkit daemon install --vault ~/notes
    """
    from vaultkit.watch.daemon import install as install_service

    path, how = install_service(app.config, kind, force)
    click.echo(f"wrote {path}")
    click.echo("enable it with:")
    for line in how:
        click.echo(f"  {line}")
