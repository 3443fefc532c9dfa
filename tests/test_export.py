"""`vaultkit export vcard|ics`: what the example vault gives back, read with vobject and icalendar."""

from __future__ import annotations

import datetime as dt
import time

import icalendar
import pytest
import vobject

from .conftest import EXAMPLE_VAULT, as_json

TODAY = "2026-11-26"


@pytest.fixture
def example(make_vault):
    """A copy of the example vault (the user is Sam Rivera)."""
    files = {p.relative_to(EXAMPLE_VAULT).as_posix(): p.read_text(encoding="utf-8")
             for p in EXAMPLE_VAULT.rglob("*.md")}
    return make_vault(files)


def cards(text: str) -> dict[str, vobject.base.Component]:
    return {card.fn.value: card for card in vobject.readComponents(text)}


def calendar(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


# ---------------------------------------------------------------- vCard


def test_vcard_has_every_contact_but_the_user(example, run) -> None:
    result = run("export", "vcard", vault=example)
    assert result.exit_code == 0
    found = cards(result.stdout)
    names = {c["name"] for c in as_json(run("list", "contacts", "--format", "json", vault=example))}
    assert set(found) == names and len(found) == 30
    assert "Sam Rivera" not in found
    ada = found["Ada Okafor"]
    assert ada.version.value == "4.0"
    assert ada.email.value == "ada@coldline.example"
    assert ada.tel.value == "+44 7700 900123"
    assert ada.org.value == ["Coldline"]  # the [[link]] as its name
    assert ada.title.value == "Co-founder & CEO"
    assert ada.bday.value == "19870409"
    assert ada.url.value == "https://www.linkedin.com/in/ada-okafor-coldline/"
    assert ada.categories.value == ["founder", "climate", "supply-chain"]


def test_vcard_version_3_and_tag_filter(example, run) -> None:
    result = run("export", "vcard", "--tag", "investor", "--version", "3.0", vault=example)
    assert result.exit_code == 0
    found = cards(result.stdout)
    assert set(found) == {"Daniel Weiss", "Élodie Marchand"}
    assert {card.version.value for card in found.values()} == {"3.0"}
    assert run("export", "vcard", "--tag", "#INVESTOR", vault=example).stdout.count("BEGIN:VCARD") == 2
    birthdays = {name: card.bday.value for name, card in cards(
        run("export", "vcard", "--version", "3.0", vault=example).stdout).items() if hasattr(card, "bday")}
    assert birthdays["Ada Okafor"] == "1987-04-09"
    assert run("export", "vcard", "--version", "2.1", vault=example).exit_code == 2


def test_vcard_of_an_empty_vault_is_empty(make_vault, run) -> None:
    result = run("export", "vcard", vault=make_vault({}))
    assert result.exit_code == 0 and result.stdout == ""


# ---------------------------------------------------------------- iCalendar


def test_ics_holds_follow_ups_tasks_and_coming_events(example, run) -> None:
    result = run("export", "ics", "--date", TODAY, vault=example)
    assert result.exit_code == 0
    cal = calendar(result.stdout)
    todos = {str(t["SUMMARY"]): t for t in cal.walk("VTODO")}
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT") if "RRULE" not in e}  # yearly: birthdays
    agenda = as_json(run("agenda", "--date", TODAY, "--days", "30", "--format", "json", vault=example))
    for item in agenda["follow_up"]:
        summary = f"Follow up with {item['contact']}" + (f" after {item['event']}" if item["event"] else "")
        assert todos[summary]["DUE"].dt == dt.date.fromisoformat(item["due"])
        assert item["draft"].splitlines()[0] in str(todos[summary].get("DESCRIPTION"))
    ada = todos["Follow up with Ada Okafor after Future of Food Summit 2026"]
    assert ada["DUE"].dt == dt.date(2026, 11, 20)
    # open tasks with a due date, links shown as their text; done tasks are not there
    assert todos["call Marco back about the olive-oil pallets"]["DUE"].dt == dt.date(2026, 11, 25)
    assert "send her my notes on the app onboarding" not in " ".join(todos)
    assert len(todos) == len(agenda["follow_up"]) + len(agenda["tasks"])
    # events from today to 30 days ahead, with their time when they have one
    assert set(events) == {"Founders dinner at Septime", "Call with Grace Kim (Tandem onboarding proposal)",
                           "Hiring in Climate Tech #6: your first engineer", "Podcast recording: The Climate Operator"}
    assert "Location:" in str(events["Founders dinner at Septime"]["DESCRIPTION"])


def test_every_exported_to_do_rings_on_its_day(example, run) -> None:
    """A phone calendar subscribed to the file reminds of each follow-up and task: a VALARM
    that displays the summary at 9:00 on the day it is due."""
    cal = calendar(run("export", "ics", "--date", TODAY, vault=example).stdout)
    todos = list(cal.walk("VTODO"))
    assert todos
    for todo in todos:
        (alarm,) = todo.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"]) == str(todo["SUMMARY"])
        assert alarm["TRIGGER"].dt == dt.timedelta(hours=9)
    # the events of the notes go out as they are; the yearly birthdays and dates ring
    assert not [e for e in cal.walk("VEVENT") if e.walk("VALARM") and "RRULE" not in e]
    assert all(e.walk("VALARM") for e in cal.walk("VEVENT") if "RRULE" in e)


def test_ics_days_window_and_stable_uids(example, run) -> None:
    week = calendar(run("export", "ics", "--date", TODAY, "--days", "7", vault=example).stdout)
    titles = {str(e["SUMMARY"]) for e in week.walk("VEVENT")}
    assert "Founders dinner at Septime" in titles
    assert "Podcast recording: The Climate Operator" not in titles  # 14 days ahead
    none = calendar(run("export", "ics", "--date", "2027-06-01", "--days", "0", vault=example).stdout)
    assert [e for e in none.walk("VEVENT") if "RRULE" not in e] == []  # only the yearly birthdays
    uids = [sorted(str(c["UID"]) for c in calendar(run("export", "ics", "--date", TODAY, vault=example).stdout)
                   .walk() if "UID" in c) for _ in range(2)]
    assert uids[0] == uids[1] and len(set(uids[0])) == len(uids[0])


def test_imported_events_go_back_out_with_their_uid(make_vault, run, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        vault = make_vault({})
        ics = tmp_path / "cal.ics"
        ics.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:lunch-1@example.com\nSUMMARY:Lunch\n"
                       "DTSTART:20261201T113000Z\nDTEND:20261201T123000Z\nEND:VEVENT\n"
                       "BEGIN:VEVENT\nUID:fair\nSUMMARY:Fair\nDTSTART;VALUE=DATE:20261205\n"
                       "DTEND;VALUE=DATE:20261207\nEND:VEVENT\nEND:VCALENDAR\n")
        assert run("import", "ics", str(ics), vault=vault).exit_code == 0
        out = run("export", "ics", "--date", TODAY, vault=vault).stdout
        events = {str(e["UID"]): e for e in calendar(out).walk("VEVENT")}
        assert set(events) == {"lunch-1@example.com", "fair"}
        lunch = events["lunch-1@example.com"]
        assert lunch["DTSTART"].dt == dt.datetime(2026, 12, 1, 12, 30)  # local time, as in the note
        assert lunch["DTEND"].dt == dt.datetime(2026, 12, 1, 13, 30)
        fair = events["fair"]
        assert (fair["DTSTART"].dt, fair["DTEND"].dt) == (dt.date(2026, 12, 5), dt.date(2026, 12, 7))
        # and back in: the same notes, nothing changes
        back = tmp_path / "network.ics"
        back.write_text(out, encoding="utf-8")
        again = as_json(run("import", "ics", str(back), "--format", "json", vault=vault))
        assert again["created"] == [] and again["updated"] == [] and len(again["unchanged"]) == 2
    finally:
        monkeypatch.undo()
        time.tzset()
