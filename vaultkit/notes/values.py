"""Normalising the values found in real front matter: dates, durations, lists, names."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache
from itertools import compress
from operator import not_
from typing import Any

from vaultkit.notes.links import wikilink
from vaultkit.notes.names import file_name

LINK_RE = re.compile(r"(!?)\[\[([^\[\]|#^]*)((?:#|\^)[^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
# LINK_RE without its leading `!`: quicker to find (an embed is told by the character before it)
_WIKILINK_RE = re.compile(r"\[\[([^\[\]|#^]*)(?:(?:#|\^)[^\[\]|]*)?(?:\|[^\[\]]*)?\]\]")
_WHOLE_LINK_RE = re.compile(r"\[\[([^\[\]|#^]*)\]\]")  # a link without heading, block or label
# a markdown link: ``[label](path.md)`` or ``[label](<path with spaces.md>)`` (``!`` first: an embed)
MD_LINK_RE = re.compile(r"(!?)\[([^\[\]\n]*)\]\((<[^<>\n]+>|[^()\s]+)\)")
_ISO_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_MONTH_DAY_RE = re.compile(r"(?:--)?(\d{1,2})-?(\d{2})")
_YEAR_RE = re.compile(r"\d{4}")
_from_iso = dt.date.fromisoformat
_DATE_RE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2})?.*)?\s*$")
# A task's due date: 📅 2026-12-01, (due: 2026-12-01), @due(2026-12-01), [due:: 2026-12-01].
DUE_RE = re.compile(
    r"(?:📅\s*|\(due:\s*|@due\(|\[due::\s*|due:\s*)(\d{4}-\d{2}-\d{2})\)?\]?", re.IGNORECASE
)
# A cadence: a number and a unit, in English or French ("2w", "3 months", "3 mois"), with an
# optional "every" / "tous les" before it.
_DURATION_RE = re.compile(
    r"^\s*(?:every|each|tou(?:te)?s\s+les|chaque)?\s*(\d+)?\s*"
    r"(d|days?|j|jours?|w|wks?|weeks?|sem|semaines?|m|mos?|months?|mois|y|yrs?|years?|ans?|ann[ée]es?)\.?\s*$",
    re.IGNORECASE,
)
_UNIT_DAYS = {"d": 1, "j": 1, "w": 7, "s": 7, "m": 30, "y": 365, "a": 365}
_NAMED_DURATIONS = {
    "daily": 1,
    "weekly": 7,
    "biweekly": 14,
    "fortnightly": 14,
    "monthly": 30,
    "bimonthly": 61,
    "quarterly": 91,
    "semiannually": 182,
    "yearly": 365,
    "annually": 365,
    "quotidien": 1,
    "quotidienne": 1,
    "hebdomadaire": 7,
    "bimensuel": 15,
    "bimensuelle": 15,
    "mensuel": 30,
    "mensuelle": 30,
    "bimestriel": 61,
    "bimestrielle": 61,
    "trimestriel": 91,
    "trimestrielle": 91,
    "semestriel": 182,
    "semestrielle": 182,
    "annuel": 365,
    "annuelle": 365,
}
# Day-first or month-first dates (06/12/1985, 6.12.1985): read by the vault's `date_order`.
_NUMERIC_DATE_RE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
DATE_ORDERS = ("dmy", "mdy")


@lru_cache(maxsize=65536)
def norm_key(text: str) -> str:
    """Case-, accent- and spacing-insensitive key for names and link targets."""
    if text.isascii():
        return " ".join(text.casefold().replace("_", " ").split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # the characters that are not combining marks (each one tested in C, not in a loop here)
    stripped = "".join(compress(decomposed, map(not_, map(unicodedata.combining, decomposed))))
    return " ".join(stripped.replace("_", " ").split())


@lru_cache(maxsize=65536)
def link_key(target: str) -> str:
    """Key of a link target: file name without folder or ``.md``, normalised."""
    return norm_key(file_name(target.strip().replace("\\", "/")))


def plain(value: Any) -> Any:
    """Make a YAML value JSON-safe (dates to ISO strings, keys to strings)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def unnest_link(value: Any) -> Any:
    """``company: [[Acme]]`` unquoted parses as ``[["Acme"]]``: turn it back into a link."""
    if (
        isinstance(value, list)
        and len(value) == 1
        and isinstance(value[0], list)
        and len(value[0]) == 1
        and isinstance(value[0][0], str)
    ):
        return wikilink(value[0][0])
    if isinstance(value, list):
        return [unnest_link(v) for v in value]
    return value


def as_list(value: Any, split: bool = False) -> list[str]:
    """Any value as a list of non-empty strings; ``split`` also cuts at commas."""
    if value is None or value == "":
        return []
    if isinstance(value, str) and (not split or ("," not in value and ";" not in value)):
        value = value.strip()
        return [value] if value else []
    if value.__class__ is list:  # the usual case: a list of strings
        plain_items: list[str] = []
        for item in value:
            if item.__class__ is not str or (split and ("," in item or ";" in item)):
                break
            item = item.strip()
            if item:
                plain_items.append(item)
        else:
            return plain_items
    value = unnest_link(value)
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        if item is None:
            continue
        if isinstance(item, (list, dict)):
            out.extend(as_list(list(item) if isinstance(item, dict) else item, split))
            continue
        text = item if isinstance(item, str) else str(plain(item))
        if not split or ("," not in text and ";" not in text):
            text = text.strip()
            if text:
                out.append(text)
            continue
        parts = split_outside_links(text)
        out.extend(p.strip() for p in parts if p.strip())
    return out


def split_outside_links(text: str) -> list[str]:
    """Split at commas and semicolons that are not inside ``[[...]]``."""
    parts, depth, current = [], 0, []
    i = 0
    while i < len(text):
        two = text[i : i + 2]
        if two == "[[":
            depth += 1
            current.append(two)
            i += 2
            continue
        if two == "]]" and depth:
            depth -= 1
            current.append(two)
            i += 2
            continue
        ch = text[i]
        if ch in ",;" and not depth:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def as_text(value: Any) -> str | None:
    """A single display string (lists joined by commas), or None."""
    if value.__class__ is str:
        return value.strip() or None
    items = as_list(value)
    return ", ".join(items) if items else None


def md_link_target(destination: str) -> str | None:
    """The note a markdown link's destination names (``<Meetings/Meetup %2312.md>`` →
    ``Meetings/Meetup #12``), or None for a web address, an anchor or another kind of file."""
    from urllib.parse import unquote

    target = destination.strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1]
    if not target or target.startswith("#") or re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target):
        return None
    target = unquote(target.split("#", 1)[0]).strip()
    return target[:-3] if target.lower().endswith(".md") and len(target) > 3 else None


def link_targets(text: str) -> list[str]:
    """The notes a text links to, in the order written: ``[[wikilinks]]`` and markdown links
    to notes (``[label](<path.md>)``); embeds (``![[…]]``) left out."""
    if "](" not in text:  # wikilinks only: already in the order written
        if "![[" not in text:  # and no embed: the targets as the pattern finds them
            return [target for found in _WIKILINK_RE.findall(text) if (target := found.strip())]
        out = []
        for m in _WIKILINK_RE.finditer(text):
            start = m.start()
            if start and text[start - 1] == "!":  # an embed
                continue
            if target := m.group(1).strip():
                out.append(target)
        return out
    found = [(m.start(), m.group(2).strip()) for m in LINK_RE.finditer(text) if not m.group(1)]
    found += [(m.start(), target) for m in MD_LINK_RE.finditer(text)
              if not m.group(1) and (target := md_link_target(m.group(3)))]
    found.sort()
    return [target for _, target in found if target]


def display(text: str) -> str:
    """``[[Acme|ACME Inc]]`` → ``ACME Inc``; ``[[folder/Acme]]`` → ``Acme``; a markdown link to
    a note, ``[Meetup #12](<Meetup %2312.md>)`` → ``Meetup #12``."""

    if "](" in text:
        text = MD_LINK_RE.sub(lambda m: m.group(2) if md_link_target(m.group(3)) else m.group(0), text)
    if "[[" not in text:
        return text.strip()
    whole = _WHOLE_LINK_RE.fullmatch(text)  # the usual case: the text is one plain link
    if whole:
        return file_name(whole.group(1).strip()).strip()

    def repl(m: re.Match) -> str:
        label = m.group(4)
        if label:
            return label.strip()
        return file_name(m.group(2).strip())

    return LINK_RE.sub(repl, text).strip()


def parse_date(value: Any, order: str | None = None) -> tuple[str | None, str | None]:
    """``(YYYY-MM-DD, HH:MM or None)``; ``(None, None)`` for empty; ValueError when bad.

    ``order`` (``dmy`` or ``mdy``) reads numeric dates such as ``06/12/1985``; without it
    only an unambiguous one is read (``25/12/1985``)."""
    if value is None or value == "" or value == []:
        return None, None
    if value.__class__ is str and _ISO_DAY_RE.match(value):  # the usual case: YYYY-MM-DD
        return iso_day(value), None
    if isinstance(value, dt.datetime):
        return value.date().isoformat(), value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, list) and len(value) == 1:
        return parse_date(unnest_link(value[0]) if isinstance(value[0], list) else value[0], order)
    text = display(str(unnest_link(value)))
    match = _DATE_RE.match(text)
    if not match:
        numeric = _NUMERIC_DATE_RE.match(text)
        if numeric:
            return _numeric_date(text, *(int(g) for g in numeric.groups()), order), None
        raise ValueError(f"not a date: {text!r} (use YYYY-MM-DD)")
    year, month, day, hour, minute = match.groups()
    try:
        day_iso = dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError as exc:
        raise ValueError(f"not a real date: {text!r}") from exc
    if hour is not None:
        if int(hour) > 23:
            raise ValueError(f"not a real time: {text!r}")
        return day_iso, f"{int(hour):02d}:{minute}"
    return day_iso, None


def _numeric_date(text: str, first: int, second: int, year: int, order: str | None) -> str:
    """A ``D/M/YYYY`` or ``M/D/YYYY`` date as ``YYYY-MM-DD``, by ``order``."""
    if order not in DATE_ORDERS:
        if first > 12 >= second:
            order = "dmy"
        elif second > 12 >= first:
            order = "mdy"
        else:
            raise ValueError(f"ambiguous date: {text!r} (write YYYY-MM-DD, or set `date_order: dmy` "
                             "or `mdy` in the config)")
    day, month = (first, second) if order == "dmy" else (second, first)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError as exc:
        raise ValueError(f"not a real date: {text!r}") from exc


def iso_day(text: str) -> str:
    """``YYYY-MM-DD`` checked to be a real day; ValueError when it is not."""
    if len(text) == 10 and text[4] == "-" == text[7] and text.isascii():
        # the usual spelling: checked by the C parser (quicker than a cache of the days
        # seen, which a long log of different days overflows), and already its own ISO form
        try:
            _from_iso(text)
        except ValueError:
            pass
        else:
            return text
    return _read_day(text)


@lru_cache(maxsize=1024)
def _read_day(text: str) -> str:
    """``iso_day`` of another spelling (``٢٠٢٦-١١-٢٠``, a bad day...)."""
    try:
        return dt.date(int(text[:4]), int(text[5:7]), int(text[8:])).isoformat()
    except ValueError as exc:
        raise ValueError(f"not a real date: {text!r}") from exc


_LEADING_DAY_RE = re.compile(r"^\s*\[{0,2}(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\w-])")


def leading_day(text: str) -> str | None:
    """The day a text starts with (``2019-05-14 at Station F``, ``[[2019-05-14]]``), its first
    day for a month or a year alone (``2024-03``, ``2019``); None when it starts with none."""
    match = _LEADING_DAY_RE.match(text)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2) or "01", match.group(3) or "01"
    try:
        return iso_day(f"{year}-{month}-{day}")
    except ValueError:
        return None


def parse_birthday(value: Any, order: str | None = None) -> str | None:
    """``YYYY-MM-DD`` or ``--MM-DD`` (year unknown); ValueError when bad. ``order`` as for
    :func:`parse_date`."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return parse_date(value)[0]
    text = str(value).strip()
    match = _MONTH_DAY_RE.fullmatch(text)
    if match and not _YEAR_RE.fullmatch(text):
        month, day = int(match.group(1)), int(match.group(2))
        try:
            dt.date(2000, month, day)  # a leap year: Feb 29 is valid
        except ValueError as exc:
            raise ValueError(f"not a real birthday: {text!r}") from exc
        return f"--{month:02d}-{day:02d}"
    return parse_date(text, order)[0]


def parse_duration(value: Any, tiers: dict[str, str] | None = None) -> int | None:
    """Days in a cadence like ``10d``, ``2w``, ``3 months``, ``1y`` or a tier; ValueError when bad."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a cadence: {value!r}")
    if isinstance(value, int):
        if value <= 0:
            raise ValueError(f"not a cadence: {value!r}")
        return value
    text = str(value).strip().lower()
    if text.isdigit():  # a number of days written as text (`cadence: "45"`)
        return parse_duration(int(text))
    if tiers and text in tiers:
        return parse_duration(tiers[text])
    if text in _NAMED_DURATIONS:
        return _NAMED_DURATIONS[text]
    match = _DURATION_RE.match(text)
    number = int(match.group(1) or 1) if match else 0
    if not match or number == 0 or (match.group(1) is None and not re.match(r"\s*(every|each|tou|chaque)", text)):
        known = ", ".join(sorted(tiers)) if tiers else ""
        hint = f" or a tier ({known})" if known else ""
        raise ValueError(f"not a cadence: {text!r} (use 10d, 2w, 1m, 3 months, 3 mois, 1y{hint})")
    return number * _UNIT_DAYS[match.group(2)[0].lower()]


def parse_lead_time(value: Any) -> int:
    """Days of a ``remind_before`` (``3d``, ``2w``, ``1m``, as :func:`parse_duration` reads a
    cadence; ``0`` for none); ValueError when bad."""
    if isinstance(value, int) and not isinstance(value, bool) and value == 0:
        return 0
    if isinstance(value, str) and re.fullmatch(r"\s*0\s*[a-z]*\s*", value.lower()):
        return 0
    return parse_duration(value) or 0
