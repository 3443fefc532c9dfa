"""Read iCalendar files into event records.

The file is cut into VEVENT blocks here and each block is parsed by icalendar on
its own, wrapped in a calendar together with the VTIMEZONEs it refers to.  Parsing
the whole file at once is not robust enough: icalendar returns nothing at all for a
file whose VCALENDAR is not closed, and one unreadable event would hide every other.
Cutting the text also gives each event the line where it starts, for messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path

import icalendar

from vaultkit.formats.records import EventRecord, ImportProblem, decode_text, not_this_kind, read_input

_LINE_BREAK = re.compile(r"\r*\n|\r")
_FOLD = re.compile(r"\n[ \t]")
_BEGIN = re.compile(r"^BEGIN\s*:\s*([A-Za-z0-9-]+)\s*$", re.IGNORECASE)
_END = re.compile(r"^END\s*:\s*([A-Za-z0-9-]+)\s*$", re.IGNORECASE)
_TZID_LINE = re.compile(r"^TZID\s*:(.*)$", re.IGNORECASE | re.MULTILINE)
_WRAPPER = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//vaultkit//import//EN\r\n{}END:VCALENDAR\r\n"


@dataclass
class _Block:
    """The raw lines of one VEVENT or VTIMEZONE and where it starts."""

    kind: str
    line: int
    lines: list[str] = field(default_factory=list)
    complete: bool = False

    @property
    def text(self) -> str:
        return "\r\n".join(self.lines) + "\r\n"

    @property
    def unfolded(self) -> str:
        return _FOLD.sub("", "\n".join(self.lines))


@dataclass
class _Parsed:
    """One VEVENT as icalendar read it, before the series / cancellation filter."""

    block: _Block
    event: icalendar.Event

    @property
    def uid(self) -> str | None:
        uid = str(self.event.get("UID", "")).strip()
        return uid or None

    @property
    def is_override(self) -> bool:
        return "RECURRENCE-ID" in self.event

    @property
    def is_cancelled(self) -> bool:
        return str(self.event.get("STATUS", "")).strip().upper() == "CANCELLED"


def parse_events(
    path: str | Path, tz: tzinfo | None = None, cancelled: bool = False
) -> tuple[list[EventRecord], list[ImportProblem]]:
    """Read the events of an iCalendar file.

    Timed events are converted to ``tz`` (default: the system's local zone); floating
    times, and times in a zone that cannot be resolved, are kept as written.  A
    recurring series is one record, with the occurrences its EXDATEs, RDATEs and
    overridden occurrences (RECURRENCE-ID) take out or add (see ``exceptions``);
    cancelled events are left out (with ``cancelled``, kept, marked ``cancelled``: to cancel
    the note of an earlier version); unreadable events and events without DTSTART become
    problems.
    """
    where = str(path)
    data, unreadable = read_input(path)
    if unreadable:
        return [], [unreadable]
    text = decode_text(data)
    lines = _LINE_BREAK.split(text)
    if not any((begin := _BEGIN.match(line)) and begin.group(1).upper() in ("VCALENDAR", "VEVENT")
               for line in lines):
        return [], [not_this_kind(where, "an iCalendar file", data, "ics", "no BEGIN:VCALENDAR line")]
    timezones, blocks = _split(lines)
    parsed: list[_Parsed] = []
    problems: list[ImportProblem] = []
    for block in blocks:
        result = _parse_block(block, timezones)
        if isinstance(result, str):
            problems.append(ImportProblem(where, block.line, f"{result}; skipped"))
        else:
            parsed.append(_Parsed(block, result))
    series = {p.uid for p in parsed if p.uid and not p.is_override}
    overrides: dict[str, list[icalendar.Event]] = {}
    for item in parsed:
        if item.is_override and item.uid in series:
            overrides.setdefault(item.uid, []).append(item.event)
    records: list[EventRecord] = []
    for item in parsed:
        if item.is_override and (item.uid in series or item.is_cancelled):
            continue
        result = _to_record(item, f"{where}:{item.block.line}", tz)
        if item.is_cancelled:  # kept to cancel the note of an earlier version, never to make one
            if cancelled and not isinstance(result, str) and item.uid:
                result.cancelled = True
                records.append(result)
            continue
        if not isinstance(result, str) and result.recurring:
            result.exdates, result.rdates = exceptions(item.event, overrides.get(item.uid or "", []), tz)
        if isinstance(result, str):
            problems.append(ImportProblem(where, item.block.line, f"{result}; skipped"))
        else:
            records.append(result)
    problems.sort(key=lambda problem: problem.line or 0)
    return records, problems


# ---------------------------------------------------------------- splitting




def _split(lines: list[str]) -> tuple[dict[str, _Block], list[_Block]]:
    """VTIMEZONE blocks by TZID, and VEVENT blocks in file order.

    A VEVENT that is not closed before the next VEVENT, the end of its calendar or
    the end of the file is kept, marked incomplete.
    """
    timezones: dict[str, _Block] = {}
    events: list[_Block] = []
    current: _Block | None = None
    depth = 0  # components opened inside the current block (VALARM, STANDARD...)
    for number, line in enumerate(lines, start=1):
        begin, end = _BEGIN.match(line), _END.match(line)
        if current is not None and _interrupts(begin, end):
            _close(current, timezones, events)
            current = None
        if current is None:
            if begin and begin.group(1).upper() in ("VEVENT", "VTIMEZONE"):
                current, depth = _Block(begin.group(1).upper(), number, [line]), 0
            continue
        current.lines.append(line)
        if begin:
            depth += 1
        elif end and depth:
            depth -= 1
        elif end:
            current.complete = end.group(1).upper() == current.kind
            _close(current, timezones, events)
            current = None
    if current is not None:
        _close(current, timezones, events)
    return timezones, events


def _interrupts(begin: re.Match[str] | None, end: re.Match[str] | None) -> bool:
    """A line that cannot belong to the open block: its END was lost."""
    if begin:
        return begin.group(1).upper() in ("VEVENT", "VTIMEZONE", "VCALENDAR", "VTODO")
    return bool(end) and end.group(1).upper() == "VCALENDAR"


def _close(block: _Block, timezones: dict[str, _Block], events: list[_Block]) -> None:
    if block.kind == "VEVENT":
        events.append(block)
        return
    match = _TZID_LINE.search(block.unfolded)
    if block.complete and match:
        timezones.setdefault(match.group(1).strip(), block)


# ---------------------------------------------------------------- parsing


def _parse_block(block: _Block, timezones: dict[str, _Block]) -> icalendar.Event | str:
    """The event icalendar reads from a block, or why it cannot be read."""
    if not block.complete:
        return "event has no END:VEVENT (truncated)"
    unfolded = block.unfolded
    used = "".join(tz.text for tzid, tz in timezones.items() if tzid in unfolded)
    error: Exception | None = None
    for zones in dict.fromkeys((used, "")):  # retry without the time zones if they break it
        try:
            calendar = icalendar.Calendar.from_ical(_WRAPPER.format(zones + block.text))
        except Exception as exc:  # icalendar raises several kinds of errors on bad input
            error = error or exc
            continue
        events = calendar.walk("VEVENT")
        if events:
            return events[0]
    return f"event cannot be read ({_reason(error) if error else 'no event found'})"


def _reason(error: object) -> str:
    """icalendar's message on one line, without the calendar text it may quote."""
    text = " ".join(str(error).split()).split(" BEGIN:VCALENDAR", 1)[0].rstrip(":")
    return text if len(text) <= 200 else text[:199] + "…"


def _to_record(item: _Parsed, source: str, tz: tzinfo | None) -> EventRecord | str:
    """Map one event to a record, or say why it cannot be imported."""
    event = item.event
    title = _text(event, "SUMMARY") or "Untitled event"
    start = _when(event, "DTSTART", item.block.unfolded)
    if start is None:
        reason = _error(event, "DTSTART") or "no DTSTART"
        return f"event {title!r}: {reason}"
    return EventRecord(
        title=title,
        date=_iso(start, tz),
        end=_end(event, start, item.block.unfolded, tz),
        location=", ".join(_text(event, "LOCATION").splitlines()) or None,
        attendees=_attendees(event),
        description=_text(event, "DESCRIPTION"),
        uid=item.uid,
        recurring="RRULE" in event or "RDATE" in event,
        rrule=_rrule(event),
        recurrence_id=_stamp(event, "RECURRENCE-ID"),
        sequence=_sequence(event),
        stamp=_stamp(event, "LAST-MODIFIED") or _stamp(event, "DTSTAMP"),
        source=source,
    )


def _rrule(event: icalendar.Event) -> str | None:
    """The event's (first) RRULE as text, as the `repeat:` of its note; None when it has none
    or it cannot be read."""
    value = event.get("RRULE")
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return None
    try:
        text = value.to_ical().decode("utf-8", "replace")
    except Exception:  # an RRULE icalendar could not read
        return None
    text = "".join(text.split())
    return text if text.upper().startswith("FREQ=") or ";FREQ=" in text.upper() else None


def _dt(event: icalendar.Event, name: str) -> object:
    """The value of a date, time or duration property; None when absent or unreadable
    (icalendar raises on reading a property it could not parse)."""
    try:
        return getattr(event.get(name), "dt", None)
    except Exception:
        return None


def _sequence(event: icalendar.Event) -> int:
    try:
        return max(int(event.get("SEQUENCE", 0)), 0)
    except (TypeError, ValueError):  # a SEQUENCE icalendar could not read
        return 0


def _stamp(event: icalendar.Event, name: str) -> str | None:
    """A date-time property in UTC (floating: taken as UTC), as ``YYYYMMDDTHHMMSSZ``."""
    value = _dt(event, name)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            try:
                value = value.astimezone(timezone.utc)
            except (OverflowError, ValueError):
                value = value.replace(tzinfo=None)
        return f"{value.year:04d}{value.month:02d}{value.day:02d}T{value.hour:02d}{value.minute:02d}{value.second:02d}Z"
    if isinstance(value, date):
        return f"{value.year:04d}{value.month:02d}{value.day:02d}T000000Z"
    return None


def _text(event: icalendar.Event, name: str) -> str:
    value = event.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _error(event: icalendar.Event, name: str) -> str | None:
    for prop, message in getattr(event, "errors", []):
        if str(prop).upper() == name:
            return f"{name} cannot be read ({_reason(message)})"
    return None


def _when(event: icalendar.Event, name: str, unfolded: str) -> date | None:
    """A DTSTART/DTEND value; a bare 8-digit value stays a date even with a TZID."""
    if _error(event, name):
        return None
    value = _dt(event, name)
    if not isinstance(value, date):
        return None
    if isinstance(value, datetime) and _raw_is_date(unfolded, name):
        return value.date()
    return value


def _raw_is_date(unfolded: str, name: str) -> bool:
    match = re.search(rf"^{name}[;:].*:\s*(\S+)\s*$", unfolded, re.IGNORECASE | re.MULTILINE)
    return bool(match) and re.fullmatch(r"\d{8}", match.group(1)) is not None


def _end(event: icalendar.Event, start: date, unfolded: str, tz: tzinfo | None) -> str | None:
    """DTEND (or DTSTART + DURATION); for all-day events the last day, inclusive."""
    end = _when(event, "DTEND", unfolded)
    duration = _dt(event, "DURATION")
    if end is None and isinstance(duration, timedelta):
        end = start + duration
    if end is None:
        return None
    if not isinstance(start, datetime) and not isinstance(end, datetime):
        end = end - timedelta(days=1)  # DTEND of an all-day event is exclusive
        if end <= start:
            return None
    return _iso(end, tz)


def _iso(value: date, tz: tzinfo | None) -> str:
    """"YYYY-MM-DD", or "YYYY-MM-DDTHH:MM" in the local zone (floating: as written)."""
    if not isinstance(value, datetime):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if value.tzinfo is not None:
        try:
            value = value.astimezone(tz) if tz else value.astimezone()
        except Exception:  # a zone icalendar could not really resolve: keep the wall time
            value = value.replace(tzinfo=None)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}"


def _attendees(event: icalendar.Event) -> list[tuple[str, str | None]]:
    """(name, email) for the organizer and each attendee: one each, rooms and resources left out.

    One email is one person, whatever its case or the names it comes with; the first
    real name (CN) it comes with is kept.
    """
    places = _places(_text(event, "LOCATION"))
    people: list[tuple[str, str | None]] = []
    named: list[bool] = []
    seen: dict[str, int] = {}
    for address in _addresses(event, "ORGANIZER") + _addresses(event, "ATTENDEE"):
        if _is_room(address, places):
            continue
        found = _person(address)
        if found is None:
            continue
        name, email, has_cn = found
        key = email.casefold() if email else " ".join(name.casefold().split())
        if key in seen:
            at = seen[key]
            if has_cn and not named[at]:
                people[at], named[at] = (name, people[at][1]), True
            continue
        seen[key] = len(people)
        people.append((name, email))
        named.append(has_cn)
    return people


def _addresses(event: icalendar.Event, name: str) -> list[icalendar.vCalAddress]:
    value = event.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


_EMAIL = re.compile(r"[^@\s:/<>]+@[^@\s:/<>]+\.[^@\s:/<>]+")
_ROOM_TYPES = {"ROOM", "RESOURCE"}
_ROOM_DOMAINS = ("resource.calendar.google.com",)  # Google Calendar's rooms and resources


def _param(address: icalendar.vCalAddress, name: str) -> str:
    value = getattr(address, "params", {}).get(name, "")
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value).split()).strip('"')


def _places(location: str) -> set[str]:
    """The location and each of its parts (Outlook lists several rooms with ``;``)."""
    parts = [location, *re.split(r"[;,\n]", location)]
    return {" ".join(part.casefold().split()) for part in parts if part.strip()}


def _is_room(address: icalendar.vCalAddress, places: set[str]) -> bool:
    """A room or a resource: CUTYPE says so, or Google's resource address, or a
    non-participant named like the event's location (how Exchange lists a room)."""
    if _param(address, "CUTYPE").upper() in _ROOM_TYPES:
        return True
    email = _email(address) or ""
    if email.casefold().endswith(_ROOM_DOMAINS):
        return True
    return (_param(address, "ROLE").upper() == "NON-PARTICIPANT"
            and " ".join(_param(address, "CN").casefold().split()) in places)


def _email(address: icalendar.vCalAddress) -> str | None:
    """The address's email: its mailto: URI, else its EMAIL parameter, else the value when it
    is a bare email address."""
    value = "".join(str(address).split())  # folds can leave spaces inside the address
    if value.lower().startswith("mailto:"):
        value = value[len("mailto:") :]
        return value if "@" in value else None
    if "@" in _param(address, "EMAIL"):
        return _param(address, "EMAIL")
    return value if _EMAIL.fullmatch(value) else None


def _person(address: icalendar.vCalAddress) -> tuple[str, str | None, bool] | None:
    """(name, email, whether the name is a real one, not made from the address)."""
    email = _email(address)
    name = _param(address, "CN")
    if name:
        return name, email, True
    name = email.split("@")[0] if email else ""
    return (name, email, False) if name else None


# ---------------------------------------------------------------- repeating events


_SPAN = timedelta(days=366 * 10)  # exceptions are read over a series' first ten years
_SUB_DAILY = ("SECO", "MINU", "HOUR")  # rules no calendar uses for meetings: left as they are


def exceptions(master: icalendar.Event, overrides: list[icalendar.Event],
               tz: tzinfo | None) -> tuple[list[str], list[str]]:
    """``(exdates, rdates)`` of a repeating event: the days of its rule's occurrences that do not
    take place (EXDATE, an occurrence moved or cancelled) and the occurrences that come on top
    (RDATE, an occurrence moved to another day or time), as ``YYYY-MM-DD`` days and
    ``YYYY-MM-DDTHH:MM`` times in ``tz``.

    recurring-ical-events expands the series as the calendar says (with its exceptions) and
    as its rule alone says, over the span the exceptions cover (at most its first ten years;
    none for a rule repeating more often than daily); what differs is written.
    """
    marks = [_day(v) for v in _listed(master, "EXDATE") + _listed(master, "RDATE")]
    for event in overrides:
        marks += [_day(_dt(event, "RECURRENCE-ID")), _day(_dt(event, "DTSTART"))]
    start = _day(_dt(master, "DTSTART"))
    known = [m for m in marks if m is not None and start is not None and m >= start]
    if start is None or not known or (_rrule(master) or "").upper().split("FREQ=")[-1][:4] in _SUB_DAILY:
        return [], []
    if start.year > 9000:  # nothing real: and no room to count days after it
        return [], []
    low, high = start, min(max(known), start + _SPAN) + timedelta(days=2)
    bare = icalendar.Event()
    for key, value in master.items():
        if key.upper() not in ("EXDATE", "RDATE"):
            bare[key] = value
    actual = _expand([master, *overrides], low, high, tz)
    plain = _expand([bare], low, high, tz) if "RRULE" in master else {_iso(_dt(master, "DTSTART"), tz)}
    if actual is None or plain is None:
        return [], []
    kept_days = {a[:10] for a in actual}
    exdates = sorted({p[:10] if p[:10] not in kept_days or len(p) == 10 else p for p in plain - actual})
    return exdates, sorted(actual - plain)


def _expand(events: list[icalendar.Event], low: date, high: date, tz: tzinfo | None) -> set[str] | None:
    """The occurrences of one series from ``low`` to ``high``, not cancelled; None when
    recurring-ical-events cannot expand it."""
    import recurring_ical_events  # only for repeating events

    calendar = icalendar.Calendar()
    for event in events:
        calendar.add_component(event)
    try:
        found = recurring_ical_events.of(calendar).between(low, high)
    except Exception:  # a rule the library cannot follow: the rule alone is kept
        return None
    out = set()
    for occurrence in found:
        when = _dt(occurrence, "DTSTART")
        if isinstance(when, date) and str(occurrence.get("STATUS", "")).upper() != "CANCELLED":
            out.add(_iso(when, tz))
    return out


def _listed(event: icalendar.Event, name: str) -> list[object]:
    """The values of an EXDATE or RDATE property, however many lines hold them (a PERIOD's
    start for a period)."""
    try:
        found = event.get(name)
        found = found if isinstance(found, list) else [found] if found is not None else []
        values = [item.dt for prop in found for item in getattr(prop, "dts", [])]
    except Exception:  # a value icalendar could not read
        return []
    return [v[0] if isinstance(v, tuple) else v for v in values]


def _day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
