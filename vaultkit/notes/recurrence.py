"""Repeating events: a `repeat:` value as an iCalendar RRULE, and the days it falls on.

``repeat`` is written by hand (``weekly``, ``every 2 weeks``, ``mensuel``, ``toutes les
semaines``) or copied from a calendar (``FREQ=WEEKLY;BYDAY=TU``, which the iCalendar import
writes). Either way it is read into one RRULE text, and python-dateutil's ``rrule`` says
when it falls. A calendar's exceptions ride along (``exdate:`` days the rule skips, ``rdate:``
occurrences it adds): ``series`` writes the three into one text, the index keeps it, and
``occurrences`` reads it back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache

# a word alone: (frequency, interval)
_WORDS = {
    "daily": ("DAILY", 1), "weekly": ("WEEKLY", 1), "biweekly": ("WEEKLY", 2), "fortnightly": ("WEEKLY", 2),
    "monthly": ("MONTHLY", 1), "bimonthly": ("MONTHLY", 2), "quarterly": ("MONTHLY", 3),
    "semiannually": ("MONTHLY", 6), "yearly": ("YEARLY", 1), "annually": ("YEARLY", 1),
    "quotidien": ("DAILY", 1), "quotidienne": ("DAILY", 1), "hebdomadaire": ("WEEKLY", 1),
    "mensuel": ("MONTHLY", 1), "mensuelle": ("MONTHLY", 1), "bimestriel": ("MONTHLY", 2),
    "bimestrielle": ("MONTHLY", 2), "trimestriel": ("MONTHLY", 3), "trimestrielle": ("MONTHLY", 3),
    "semestriel": ("MONTHLY", 6), "semestrielle": ("MONTHLY", 6), "annuel": ("YEARLY", 1),
    "annuelle": ("YEARLY", 1),
}
# "every 2 weeks", "each month", "tous les jours", "toutes les 2 semaines", "chaque année"
_EVERY_RE = re.compile(
    r"^(?:every|each|tou(?:te)?s\s+les|chaque)\s+(?:(\d+)\s+)?"
    r"(days?|weeks?|months?|years?|jours?|semaines?|mois|ans|années?|annees?)$")
_UNITS = {"d": "DAILY", "j": "DAILY", "w": "WEEKLY", "s": "WEEKLY", "m": "MONTHLY", "y": "YEARLY", "a": "YEARLY"}
_UNTIL_Z_RE = re.compile(r"(UNTIL=\d{8}(?:T\d{6})?)Z", re.IGNORECASE)
# any start works to check a rule; the real start is the event's date
_CHECK_START = dt.datetime(2000, 1, 3, 9, 0)


def parse_repeat(value: object) -> str:
    """The RRULE text (``FREQ=WEEKLY;INTERVAL=2``) of a `repeat:` value; ValueError when it
    is none of the accepted spellings."""
    if isinstance(value, bool) or not isinstance(value, str) or not value.strip():
        raise ValueError(f"not a repeat rule: {value!r}")
    text = " ".join(value.strip().split())
    low = text.lower()
    if "freq=" in low:
        rule = text.split(":", 1)[1] if low.startswith("rrule:") else text
        rule = rule.strip().upper()
        try:
            _rule(rule, _CHECK_START)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"not a repeat rule: {text!r} ({exc})") from None
        return rule
    if low in _WORDS:
        freq, interval = _WORDS[low]
    else:
        match = _EVERY_RE.match(low)
        if not match:
            raise ValueError(f"not a repeat rule: {text!r} (use weekly, every 2 weeks, monthly, "
                             "hebdomadaire, toutes les semaines, or an RRULE like FREQ=WEEKLY;BYDAY=TU)")
        interval = int(match.group(1) or 1)
        if interval < 1:
            raise ValueError(f"not a repeat rule: {text!r}")
        freq = _UNITS[match.group(2)[0]]
    return f"FREQ={freq}" + (f";INTERVAL={interval}" if interval > 1 else "")


def series(rule: str | None, exdates: Sequence[str] = (), rdates: Sequence[str] = ()) -> str | None:
    """One text for a repeating event: its RRULE (may be empty), then ``EXDATE:`` and ``RDATE:``
    lines of ISO days or days and times (``FREQ=WEEKLY\nEXDATE:2026-11-16``); a plain rule
    stays as it is. None when the event does not repeat."""
    if not exdates and not rdates:
        return rule or None
    if not rule and not rdates:
        return None  # days skipped from nothing
    lines = [rule or ""]
    if exdates:
        lines.append("EXDATE:" + ",".join(exdates))
    if rdates:
        lines.append("RDATE:" + ",".join(rdates))
    return "\n".join(lines)


def occurrences(rule: str, start: str, since: str, until: str) -> list[str]:
    """The days (``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM`` for a timed event) from ``since`` to
    ``until`` (both included) on which an event starting at ``start`` and repeating by
    ``rule`` (or a ``series`` text) falls; its UNTIL and COUNT are respected, an EXDATE day
    (or day and time) is skipped, an RDATE added (with its own time when it has one, even
    for a ``start`` without a time). Empty for a rule that cannot be read."""
    rrule, exdates, rdates = _split_series(rule)
    timed = len(start) > 10
    try:
        first = dt.datetime.fromisoformat(start[:16]) if timed else dt.datetime.fromisoformat(start[:10])
        recurrence = _rule(rrule, first) if rrule else None
    except (ValueError, TypeError):
        return []
    low = dt.datetime.fromisoformat(since[:10])
    high = dt.datetime.fromisoformat(until[:10]) + dt.timedelta(days=1) - dt.timedelta(microseconds=1)
    days = recurrence.between(low, high, inc=True) if recurrence is not None else [first]
    out = [d.strftime("%Y-%m-%dT%H:%M") if timed else d.date().isoformat() for d in days]
    if exdates:
        out = [d for d in out if d not in exdates and d[:10] not in exdates]
    if rdates:  # an added occurrence keeps its own time, else takes the event's
        extra = {d if len(d) > 10 or not timed else d + start[10:16] for d in rdates}
        timed_days = {d[:10] for d in extra if len(d) > 10}
        out = sorted({*(d for d in out if len(d) > 10 or d not in timed_days), *extra})
    return [d for d in out if since[:10] <= d[:10] <= until[:10]]


def _split_series(text: str) -> tuple[str, frozenset[str], tuple[str, ...]]:
    """(RRULE, EXDATE values, RDATE values) of a ``series`` text."""
    if "\n" not in text:
        return text, frozenset(), ()
    rule, *lines = text.split("\n")
    exdates: set[str] = set()
    rdates: list[str] = []
    for line in lines:
        name, _, values = line.partition(":")
        found = [v.strip() for v in values.split(",") if v.strip()]
        if name == "EXDATE":
            exdates.update(found)
        elif name == "RDATE":
            rdates.extend(found)
    return rule, frozenset(exdates), tuple(rdates)


@lru_cache(maxsize=256)
def _rule(rule: str, start: dt.datetime):
    """dateutil's rule for ``rule`` from ``start`` (a calendar's UTC ``UNTIL`` read as local
    time: dateutil refuses a zoned UNTIL with a floating start)."""
    from dateutil.rrule import rrulestr  # only for events that repeat

    return rrulestr(_UNTIL_Z_RE.sub(r"\1", rule), dtstart=start)
