"""vCard and iCalendar export, checked by reading the output back."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.formats.exporters import PRODID, contacts_to_vcard, items_to_ics
from vaultkit.formats.ics import parse_events
from vaultkit.formats.records import ContactRecord, EventRecord
from vaultkit.formats.vcard import parse_vcards

VERSIONS = ("3.0", "4.0")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)

ADA = {
    "name": "Ada Lovelace",
    "email": ["ada@example.com", "countess@example.org"],
    "phone": ["+44 20 7946 0000"],
    "company": "[[Analytical Engines, Ltd]]",
    "role": "Founder; poet",
    "linkedin": "https://www.linkedin.com/in/ada",
    "birthday": "1815-12-10",
    "tags": ["math", "poetry"],
    "url": ["https://ada.example.org"],
}
CHER = {"name": "Cher", "email": "cher@example.com", "birthday": "--05-20", "tags": "music, film"}


def read_back_vcard(text: str) -> list[ContactRecord]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.vcf"
        path.write_text(text, encoding="utf-8", newline="")
        records, problems = parse_vcards(path)
    assert problems == []
    return records


def read_back_ics(text: str) -> list[EventRecord]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.ics"
        path.write_text(text, encoding="utf-8", newline="")
        records, problems = parse_events(path, tz=timezone.utc)
    assert problems == []
    return records


# ---------------------------------------------------------------- vCard


@pytest.mark.parametrize("version", VERSIONS)
def test_contacts_round_trip(version: str) -> None:
    text = contacts_to_vcard([ADA, CHER], version=version)
    assert text.count(f"VERSION:{version}") == 2
    ada, cher = read_back_vcard(text)
    assert ada.name == "Ada Lovelace"
    assert ada.emails == ["ada@example.com", "countess@example.org"]
    assert ada.phones == ["+44 20 7946 0000"]
    assert (ada.company, ada.role) == ("Analytical Engines, Ltd", "Founder; poet")
    assert (ada.birthday, ada.linkedin) == ("1815-12-10", "https://www.linkedin.com/in/ada")
    assert (ada.tags, ada.urls) == (["math", "poetry"], ["https://ada.example.org"])
    assert (cher.name, cher.emails, cher.birthday) == ("Cher", ["cher@example.com"], "--05-20")
    assert cher.tags == ["music", "film"]


@pytest.mark.parametrize(("version", "full", "no_year"),
                         [("4.0", "BDAY:18151210", "BDAY:--0520"),
                          ("3.0", "BDAY:1815-12-10", "BDAY:--05-20")])
def test_birthday_format_follows_the_version(version: str, full: str, no_year: str) -> None:
    lines = contacts_to_vcard([ADA, CHER], version=version).splitlines()
    assert full in lines and no_year in lines


def test_required_properties_and_edge_cases() -> None:
    text = contacts_to_vcard([{"name": "Plato", "birthday": date(1990, 1, 2)}, {"name": ""}],
                             version="3.0")
    lines = text.splitlines()
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"]
    assert "FN:Plato" in lines and "N:;Plato;;;" in lines and "BDAY:1990-01-02" in lines
    assert text.count("BEGIN:VCARD") == 1  # the nameless contact is skipped
    with pytest.raises(ValueError, match="unsupported vCard version"):
        contacts_to_vcard([ADA], version="2.1")


words = st.text(st.characters(whitelist_categories=("L", "N", "P", "S")), min_size=1, max_size=12)
texts = st.lists(words, min_size=1, max_size=4).map(" ".join)
emails = st.from_regex(r"[a-z0-9._+-]{1,12}@[a-z0-9-]{1,10}\.[a-z]{2,5}", fullmatch=True)
phones = st.from_regex(r"\+?[0-9][0-9 ()-]{2,15}[0-9]", fullmatch=True)
birthdays = st.one_of(
    st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat),
    st.dates(date(2000, 1, 1), date(2000, 12, 31)).map(lambda d: d.strftime("--%m-%d")),
)
contacts = st.fixed_dictionaries(
    {"name": texts},
    optional={
        "email": st.lists(emails, max_size=3, unique_by=str.lower),
        "phone": st.lists(phones, max_size=3, unique=True),
        "company": texts,
        "birthday": birthdays,
    },
)


@settings(max_examples=80, deadline=None)
@given(people=st.lists(contacts, min_size=1, max_size=4), version=st.sampled_from(VERSIONS))
def test_any_contact_round_trips(people: list[dict], version: str) -> None:
    records = read_back_vcard(contacts_to_vcard(people, version=version))
    assert len(records) == len(people)
    for person, record in zip(people, records, strict=True):
        assert record.name == person["name"]
        assert record.emails == person.get("email", [])
        assert record.phones == person.get("phone", [])
        assert record.company == person.get("company")
        assert record.birthday == person.get("birthday")


# ---------------------------------------------------------------- iCalendar

ITEMS = [
    {"uid": "coffee-1", "summary": "Coffee, with Ada", "date": "2026-11-20T18:30",
     "end": "2026-11-20T19:30", "description": "Talk about; the engine", "kind": "event"},
    {"uid": "conf-1", "summary": "Climate conference", "date": "2026-11-20", "end": "2026-11-22",
     "description": "", "kind": "event"},
    {"uid": "task-1", "summary": "Send Ada the article", "date": "2026-12-01", "kind": "todo"},
    {"uid": "task-2", "summary": "Call Grace", "date": "2026-12-02T09:00+01:00", "kind": "todo"},
]


def test_items_to_ics_structure() -> None:
    calendar = icalendar.Calendar.from_ical(items_to_ics(ITEMS, now=NOW))
    assert str(calendar["PRODID"]) == PRODID and str(calendar["VERSION"]) == "2.0"
    events, todos = calendar.walk("VEVENT"), calendar.walk("VTODO")
    assert [str(e["UID"]) for e in events] == ["coffee-1", "conf-1"]
    assert [str(t["UID"]) for t in todos] == ["task-1", "task-2"]
    assert todos[0]["DUE"].dt == date(2026, 12, 1)
    assert todos[1]["DUE"].dt == datetime(2026, 12, 2, 8, 0, tzinfo=timezone.utc)
    assert "DTSTART" not in todos[0]
    assert events[1]["DTEND"].dt == date(2026, 11, 23)  # exclusive end of an all-day event
    assert all(c["DTSTAMP"].dt == NOW for c in events + todos)


def test_events_round_trip_through_the_importer() -> None:
    coffee, conference = read_back_ics(items_to_ics(ITEMS, now=NOW))
    assert (coffee.title, coffee.date, coffee.end) == (
        "Coffee, with Ada", "2026-11-20T18:30", "2026-11-20T19:30")  # floating, as written
    assert coffee.description == "Talk about; the engine" and coffee.uid == "coffee-1"
    assert (conference.date, conference.end) == ("2026-11-20", "2026-11-22")


def test_items_without_a_readable_date_are_left_out() -> None:
    text = items_to_ics([{"uid": "x", "summary": "Someday", "date": "soon", "kind": "event"},
                         {"summary": "No uid", "date": "2026-01-05", "kind": "event"}], now=NOW)
    events = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["No uid"]
    assert str(events[0]["UID"]).endswith("@vaultkit")
