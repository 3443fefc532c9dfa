"""Read LinkedIn's ``Connections.csv`` export into contact records."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from vaultkit.formats.records import ContactRecord, ImportProblem, decode_text, not_this_kind, read_input

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Header (lower case) -> record field.  LinkedIn has renamed columns over the years.
_COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "linkedin",
    "profile url": "linkedin",
    "linkedin url": "linkedin",
    "email address": "email",
    "email": "email",
    "e-mail address": "email",
    "company": "company",
    "position": "role",
    "title": "role",
    "connected on": "connected_on",
}

_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[\s./-]+([A-Za-z]+)\.?[\s./,-]+(\d{2}|\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def parse_connections(path: str | Path, data: bytes | None = None
                      ) -> tuple[list[ContactRecord], list[ImportProblem]]:
    """Read a LinkedIn connections export; rows without a name become problems.

    The "Notes:" preamble LinkedIn writes above the header is skipped: the header is
    the first line naming both "First Name" and "Last Name".  Columns may come in
    any order. ``data``: the file's bytes when they are already read (from a ZIP).
    """
    where = str(path)
    if data is None:
        data, unreadable = read_input(path)
        if unreadable:
            return [], [unreadable]
    text = decode_text(data)
    lines = _LINE_BREAK.split(text)
    header_index = _find_header(lines)
    if header_index is None:
        return [], [not_this_kind(where, "a LinkedIn connections file", data, "linkedin",
                                  'no header row with "First Name" and "Last Name"')]
    reader = csv.reader(io.StringIO("\n".join(lines[header_index:])), _dialect(lines[header_index]))
    columns = [_COLUMNS.get(name.strip().lower()) for name in next(reader)]
    if not set(columns) - {None, "first", "last"}:
        return [], [not_this_kind(where, "a LinkedIn connections file", data, "linkedin",
                                  "its header has none of URL, Email Address, Company, Position, Connected On",
                                  header_index + 1)]
    records: list[ContactRecord] = []
    problems: list[ImportProblem] = []
    previous_end = reader.line_num
    for row in reader:
        line = header_index + previous_end + 1  # where this row starts (1-based)
        previous_end = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        record = _to_record(_fields(columns, row), f"{where}:{line}")
        if record is None:
            problems.append(ImportProblem(where, line, "row has no first or last name; skipped"))
        else:
            records.append(record)
    return records, problems




def _find_header(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        lowered = line.lower()
        if "first name" in lowered and "last name" in lowered:
            return index
    return None


def _dialect(header: str) -> type[csv.Dialect]:
    """LinkedIn writes commas; some spreadsheet re-exports use semicolons or tabs."""
    if "," not in header:
        if "\t" in header:
            return csv.excel_tab
        if ";" in header:
            return _Semicolon
    return csv.excel


class _Semicolon(csv.excel):
    delimiter = ";"


def _fields(columns: list[str | None], row: list[str]) -> dict[str, str]:
    """The known columns of a row; the first non-empty value wins."""
    fields: dict[str, str] = {}
    for key, cell in zip(columns, row, strict=False):
        if key and cell.strip() and key not in fields:
            fields[key] = cell.strip()
    return fields


def _to_record(fields: dict[str, str], source: str) -> ContactRecord | None:
    name = " ".join(f"{fields.get('first', '')} {fields.get('last', '')}".split())
    if not name:
        return None
    return ContactRecord(
        name=name,
        emails=[e for e in re.split(r"[\s,;]+", fields.get("email", "")) if "@" in e],
        company=fields.get("company"),
        role=fields.get("role"),
        linkedin=fields.get("linkedin"),
        connected_on=parse_connected_on(fields.get("connected_on", "")),
        source=source,
    )


def parse_connected_on(text: str) -> str | None:
    """ISO date from "12 Mar 2022", "12-Mar-22", "2022-03-12", "03/12/2022", "Mar 12, 2022".

    Numeric dates are read month first (LinkedIn's US format) unless the first
    number cannot be a month.  None when the text is not a date.
    """
    text = text.strip()
    for pattern, order in ((_ISO, "ymd"), (_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"),
                           (_NUMERIC, "mdy")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, match.groups(), strict=True))
            return _make_date(parts["y"], parts["m"], parts["d"])
    return None


def _make_date(year: str, month: str, day: str) -> str | None:
    month_number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    if month_number is None:
        return None
    year_number = int(year) + (2000 if len(year) == 2 else 0)
    day_number = int(day)
    if month_number > 12 >= day_number:  # 13/03/2022: day first after all
        month_number, day_number = day_number, month_number
    try:
        return date(year_number, month_number, day_number).isoformat()
    except ValueError:
        return None
