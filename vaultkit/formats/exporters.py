"""Write contacts as vCard and events/tasks as iCalendar (pure functions, no I/O)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

import icalendar
import vobject

from vaultkit.notes.names import file_name

PRODID = "-//vaultkit//EN"

_WIKILINK = re.compile(r"^\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|[^\]]*)?\]\]$")
_FULL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_NO_YEAR = re.compile(r"^-{0,2}(\d{2})-(\d{2})$")  # "--MM-DD" or the vault's "MM-DD"


# ---------------------------------------------------------------- vCard


def contacts_to_vcard(contacts: list[dict], version: str = "4.0") -> str:
    """Serialize contacts (canonical vault keys) as vCard 3.0 or 4.0.

    Known keys: name, email, phone, company, role, linkedin, birthday, anniversary, tags, url
    (lists may also be given as one string).  A contact without a name is skipped.
    """
    if version not in ("3.0", "4.0"):
        raise ValueError(f"unsupported vCard version {version!r}: use '3.0' or '4.0'")
    cards = [_card(contact, version) for contact in contacts if _plain(contact.get("name"))]
    return "".join(card.serialize() for card in cards)


def _card(contact: dict, version: str) -> vobject.base.Component:
    card = vobject.vCard()
    card.add("version").value = version
    name = _plain(contact.get("name"))
    card.add("fn").value = name
    card.add("n").value = _structured_name(name)
    for key, prop in (("email", "email"), ("phone", "tel"), ("url", "url")):
        for value in _values(contact.get(key)):
            card.add(prop).value = value
    company = next(iter(_values(contact.get("company"))), None)
    if company:
        card.add("org").value = [company]
    role = _plain(contact.get("role"))
    if role:
        card.add("title").value = role
    linkedin = _plain(contact.get("linkedin"))
    if linkedin:
        card.add("url").value = linkedin
    birthday = _birthday(contact.get("birthday"), version)
    if birthday:
        card.add("bday").value = birthday
    anniversary = _birthday(contact.get("anniversary"), version)
    if anniversary:  # a property of vCard 4.0; 3.0 readers know it as X-ANNIVERSARY
        card.add("anniversary" if version == "4.0" else "x-anniversary").value = anniversary
    tags = _values(contact.get("tags"), split=True)
    if tags:
        card.add("categories").value = tags
    return card


def _structured_name(name: str) -> vobject.vcard.Name:
    """N from a display name: the last word is taken as the family name."""
    given, _, family = name.rpartition(" ")
    return vobject.vcard.Name(family=family, given=given) if given else vobject.vcard.Name(
        given=name
    )


def _birthday(value: object, version: str) -> str | None:
    """4.0 wants ISO 8601 basic format (19850412, --0412); 3.0 the extended one."""
    if isinstance(value, date):
        value = value.isoformat()
    text = str(value or "").strip()
    full, no_year = _FULL_DATE.match(text), _NO_YEAR.match(text)
    if full:
        year, month, day = full.groups()
        return f"{year}{month}{day}" if version == "4.0" else f"{year}-{month}-{day}"
    if no_year:
        month, day = no_year.groups()
        return f"--{month}{day}" if version == "4.0" else f"--{month}-{day}"
    return None


def _plain(value: object) -> str:
    """Text of a front-matter value; a ``[[link]]`` becomes the linked note's name."""
    text = str(value or "").strip()
    match = _WIKILINK.match(text)
    if match:
        text = file_name(match.group(1)).strip()
    return text


def _values(value: object, split: bool = False) -> list[str]:
    """Non-empty texts from a list or one value (``split``: a comma-separated string)."""
    if value is None:
        return []
    items: Iterable[object] = value if isinstance(value, (list, tuple)) else [value]
    if split:
        items = [part for item in items for part in str(item).split(",")]
    return [text for text in (_plain(item) for item in items) if text]


# ---------------------------------------------------------------- iCalendar


def items_to_ics(items: list[dict], now: datetime | None = None) -> str:
    """Serialize events (VEVENT) and tasks (VTODO with DUE) as one calendar.

    Each item has uid, summary, date ("YYYY-MM-DD" or an ISO datetime), optional
    end, description and kind ("event" or "todo").  An all-day ``end`` is the last
    day, inclusive, as in event notes.  ``now`` (default: the current time) is the
    DTSTAMP.  Items whose date cannot be read are skipped.
    """
    stamp = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for item in items:
        component = _component(item, stamp)
        if component is not None:
            calendar.add_component(component)
    return calendar.to_ical().decode("utf-8")


def _component(item: dict, stamp: datetime) -> icalendar.Component | None:
    start = _moment(item.get("date"))
    if start is None:
        return None
    is_todo = str(item.get("kind", "event")).lower() == "todo"
    component = icalendar.Todo() if is_todo else icalendar.Event()
    component.add("uid", str(item.get("uid") or _uid(item)))
    component.add("dtstamp", stamp)
    component.add("summary", str(item.get("summary") or "Untitled"))
    if is_todo:
        component.add("due", start)
    else:
        component.add("dtstart", start)
        end = _event_end(start, _moment(item.get("end")))
        if end is not None:
            component.add("dtend", end)
    description = str(item.get("description") or "").strip()
    if description:
        component.add("description", description)
    if item.get("yearly"):
        component.add("rrule", {"freq": "yearly"})
    if item.get("alarm") is not None:
        component.add_component(_alarm(str(item.get("summary") or "Untitled"), item["alarm"], start))
    return component


ALARM_HOUR = 9  # an all-day reminder rings at 9:00 on its day (or the days before it)


def _alarm(summary: str, days_before: int, start: date) -> icalendar.Alarm:
    """A VALARM that shows ``summary``: ``days_before`` its day, at 9:00 for an all-day item,
    else at its time."""
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    hours = 0 if isinstance(start, datetime) else ALARM_HOUR
    alarm.add("trigger", timedelta(days=-days_before, hours=hours))
    return alarm


def _moment(value: object) -> date | None:
    """A date, a floating datetime, or a UTC datetime (offsets are converted)."""
    if isinstance(value, (date, datetime)):
        moment: date = value
    else:
        text = str(value or "").strip()
        try:
            moment = datetime.fromisoformat(text) if "T" in text or " " in text else (
                date.fromisoformat(text)
            )
        except ValueError:
            return None
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment


def _event_end(start: date, end: date | None) -> date | None:
    """DTEND: for all-day events the day after the inclusive last day."""
    if end is None:
        return None
    if not isinstance(start, datetime) and not isinstance(end, datetime):
        return end + timedelta(days=1) if end >= start else None
    if isinstance(start, datetime) != isinstance(end, datetime):
        return None  # a date end on a timed start (or the reverse) is not valid iCalendar
    return end


def _uid(item: dict) -> str:
    seed = f"{item.get('kind')}|{item.get('summary')}|{item.get('date')}"
    return f"{hashlib.sha1(seed.encode('utf-8')).hexdigest()}@vaultkit"
