"""`vaultkit health`: every contact in a bucket (active, cooling, at risk, dormant, new), with why."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import click

from .main import App, format_option, pass_app, vault_option

if TYPE_CHECKING:
    from vaultkit.engines.health import Health

BUCKET_NAMES = ("active", "cooling", "at_risk", "dormant", "new")
T = TypeVar("T")


@click.command()
@click.option("--tag", "tags", multiple=True, metavar="TAG", help="Only contacts with this tag (repeatable).")
@click.option("--company", "companies", multiple=True, metavar="NAME",
              help="Only contacts at this company (any part of its name; repeatable).")
@click.option("--bucket", "buckets", multiple=True, type=click.Choice(BUCKET_NAMES),
              help="Only list the contacts of this bucket (repeatable); the counts stay those of all.")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="The day to compute for (default: today).")
@format_option("text", "markdown", "json")
@click.option("--write", "write", is_flag=False, flag_value="", default=None, metavar="[PATH]",
              help="Write the note with its charts into the vault (default: Network.md at its root).")
@vault_option
@pass_app
def health(app: App, tags: tuple[str, ...], companies: tuple[str, ...], buckets: tuple[str, ...],
           date_: str | None, fmt: str, write: str | None) -> None:
    """How your network is doing: every contact in a bucket, with why.

    \b
    new       first met in the last 30 days
    active    within their cadence
    cooling   past their cadence
    at_risk   past 1.5x their cadence, past it with fewer contacts
              lately, an overdue promise, or an unanswered job change
    dormant   no contact for 3x their cadence or a year (or ever)

    A contact without a cadence (own, tier or tag) gets 90 days.

    \b
    Examples:
      vaultkit health
      vaultkit health --bucket at_risk --tag investor
      vaultkit health --date 2026-11-26 --format json
      vaultkit health --write            # Network.md with Mermaid charts
    """
    from vaultkit.memory import paused_gc

    with paused_gc():
        _health(app, tags, companies, buckets, date_, fmt, write)


def _health(app: App, tags: tuple[str, ...], companies: tuple[str, ...], buckets: tuple[str, ...],
            date_: str | None, fmt: str, write: str | None) -> None:
    from vaultkit.engines.health import build_health
    from vaultkit.render import health as out

    from .params import iso_date

    today = iso_date(date_, "--date") if date_ else app.today()
    ix = app.index()

    def build(note: bool = False) -> Health:
        """Worded only for the contacts shown (``_chunks``); the charts only for the note."""
        shown = out.LIMIT if note else None if buckets or fmt == "json" else out.LIMIT
        return build_health(ix, app.config, today, tags=tags, companies=companies, buckets=buckets,
                            shown=shown, charts=note or fmt == "markdown")

    def kept(what: str, make: Callable[[], T]) -> T:
        """``make()``, kept between runs while only the text of notes changes (health reads none)."""
        from vaultkit.engines.kept import kept_answer

        return kept_answer(ix, app.config, "health:" + repr((what, today, sorted(tags), sorted(companies),
                                                              sorted(buckets))), make)

    if write is not None:
        target = out.network_path(app.config, write or None)
        changed = out.write_network(kept("note", lambda: build(note=True)), target)
        shown = target.relative_to(app.vault) if target.is_relative_to(app.vault) else target
        click.echo(f"wrote {shown}" if changed else f"{shown} is up to date", err=True)
    elif fmt != "text" and not sys.stdout.isatty():  # for scripts: the bytes kept
        from vaultkit.engines.cache import write_cached

        what = "health:" + repr((fmt, today, sorted(tags), sorted(companies), sorted(buckets)))
        write_cached(ix, app.config, what, lambda: kept(fmt, lambda: _chunks(build(), fmt, bool(buckets))),
                     sys.stdout)
    else:  # a person reading: the result kept (a terminal's width and colours vary)
        from vaultkit.engines.cache import write_bytes

        write_bytes(_chunks(kept(f"{fmt} result", build), fmt, bool(buckets)), sys.stdout)


def _chunks(result: Health, fmt: str, filtered: bool) -> list[bytes]:
    """``result`` rendered in ``fmt``: every contact when some buckets were asked for, else
    the first ``LIMIT`` of each bucket in text and markdown."""
    from vaultkit.render import health as out

    limit = None if filtered else out.LIMIT
    if fmt == "json":
        return out.health_json(result, 2 if sys.stdout.isatty() else None)
    if fmt == "markdown":
        return [out.health_markdown(result, limit).encode("utf-8")]
    from .output import console

    return out.health_text(result, console(), limit)
