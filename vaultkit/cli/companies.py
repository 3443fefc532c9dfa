"""`vaultkit company NAME` and `vaultkit list companies`: who you know at a company, now and before."""

from __future__ import annotations

import click

from .main import App, format_option, pass_app, vault_option
from .output import emit_json
from .params import iso_date


@click.command()
@click.argument("name")
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Answer as of this day (default: today).")
@format_option("text", "markdown", "json")
@vault_option
@pass_app
def company(app: App, name: str, date_: str | None, fmt: str) -> None:
    """Who you know at a company now and before, their roles and your last contact with
    each, its note, and the open tasks about it.

    NAME is matched ignoring case, accents, punctuation and a legal form (`acme inc`
    finds `ACME, Inc.` and `[[Acme]]`); the start of each word is enough when it is
    unique. Someone is there before by a `past_companies` field or a
    `Changed jobs: A → B` heading in their note.

    \b
    Example:
      vaultkit company "marché vert"
      vaultkit company coldline --format json
    """
    from vaultkit.engines.companies import company as find_company

    day = iso_date(date_, "--date") if date_ else app.today()
    result = find_company(app.index(), day, name)
    if fmt == "json":
        emit_json(result.to_json())
        return
    from vaultkit.render.companies import company_markdown, company_text

    click.echo(company_markdown(result) if fmt == "markdown" else company_text(result))


def list_companies(app: App, fmt: str) -> None:
    """`vaultkit list companies`: every company with its people now and before."""
    from vaultkit.engines.companies import list_companies as listing

    rows = listing(app.index(), app.today())
    if fmt == "json":
        emit_json([c.summary() for c in rows])
        return
    from vaultkit.render.companies import companies_text

    click.echo(companies_text(rows))
