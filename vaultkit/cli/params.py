"""Parsing command-line values (dates) with clear messages."""

from __future__ import annotations

import datetime as dt

import click


def iso_date(value: str, option: str) -> str:
    """``YYYY-MM-DD`` (also ``today``, ``tomorrow``, ``yesterday``) → ISO date."""
    words = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if value.lower() in words:
        return (dt.date.today() + dt.timedelta(days=words[value.lower()])).isoformat()
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: use YYYY-MM-DD", param_hint=option) from None
