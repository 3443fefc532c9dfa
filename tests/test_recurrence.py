"""Repeating events and `follow_up: false`: no follow-up, and each occurrence in Prepare."""

from __future__ import annotations

import time

import pytest

from vaultkit.notes.recurrence import occurrences, parse_repeat

from .conftest import as_json, sample


@pytest.mark.parametrize(("written", "rule"), [
    ("weekly", "FREQ=WEEKLY"),
    ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
    ("Every week", "FREQ=WEEKLY"),
    ("monthly", "FREQ=MONTHLY"),
    ("quarterly", "FREQ=MONTHLY;INTERVAL=3"),
    ("hebdomadaire", "FREQ=WEEKLY"),
    ("toutes les semaines", "FREQ=WEEKLY"),
    ("toutes les 2 semaines", "FREQ=WEEKLY;INTERVAL=2"),
    ("tous les mois", "FREQ=MONTHLY"),
    ("mensuel", "FREQ=MONTHLY"),
    ("FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;BYDAY=TU"),
    ("RRULE:freq=weekly;byday=tu", "FREQ=WEEKLY;BYDAY=TU"),
])
def test_repeat_spellings(written: str, rule: str) -> None:
    assert parse_repeat(written) == rule


@pytest.mark.parametrize("bad", ["sometimes", "every 0 weeks", "FREQ=FORTNIGHTLY", "", True])
def test_repeat_that_is_no_rule(bad) -> None:
    with pytest.raises(ValueError):
        parse_repeat(bad)


def test_occurrences_respect_until_and_count() -> None:
    assert occurrences("FREQ=WEEKLY;BYDAY=TU", "2026-11-03T09:00", "2026-12-03", "2026-12-17") == [
        "2026-12-08T09:00", "2026-12-15T09:00"]
    assert occurrences("FREQ=WEEKLY;UNTIL=20261208", "2026-11-03", "2026-12-01", "2026-12-31") == [
        "2026-12-01", "2026-12-08"]
    assert occurrences("FREQ=MONTHLY;COUNT=2", "2026-11-05", "2026-11-01", "2027-03-01") == [
        "2026-11-05", "2026-12-05"]
    # a calendar's UNTIL in UTC, with a start in local time
    assert occurrences("FREQ=WEEKLY;UNTIL=20261215T080000Z", "2026-12-01T09:30", "2026-12-01", "2026-12-31") == [
        "2026-12-01T09:30", "2026-12-08T09:30"]


VAULT = {
    "people/Ada Okafor.md": "---\ntype: contact\ncadence: 1w\n---\n## 2026-10-01 Coffee\n",
    "people/Bruno Keller.md": "---\ntype: contact\n---\n",
    "people/Chiara Russo.md": "---\ntype: contact\n---\n",
    "events/Standup.md": """\
        ---
        title: Standup with Ada
        date: 2026-11-24T09:00
        repeat: every week
        attendees: ["[[Ada Okafor]]"]
        ---
        """,
    "events/2026-12-01 Conference.md": """\
        ---
        date: 2026-12-01
        follow_up: false
        attendees: ["[[Bruno Keller]]"]
        ---
        """,
    "events/2026-12-01 Dinner.md": """\
        ---
        date: 2026-12-01
        attendees: ["[[Chiara Russo]]"]
        ---
        """,
    "events/Book club.md": """\
        ---
        date: 2026-11-05
        repeat: FREQ=MONTHLY;COUNT=2
        attendees: ["[[Chiara Russo]]"]
        ---
        """,
}


def agenda(run, vault, day: str = "2026-12-03", days: int = 14) -> dict:
    return as_json(run("agenda", "--date", day, "--days", str(days), "--format", "json", vault=vault))


def test_no_follow_up_for_a_repeating_event_or_follow_up_false(make_vault, run) -> None:
    vault = make_vault(VAULT)
    found = agenda(run, vault)
    assert [(f["contact"], f["event"]) for f in found["follow_up"]] == [("Chiara Russo", "2026-12-01 Dinner")]
    assert run("check", vault=vault).exit_code == 0  # `follow_up: false` on an event is no bad date


def test_each_occurrence_inside_the_horizon_is_prepared(make_vault, run) -> None:
    vault = make_vault(VAULT)
    found = agenda(run, vault)
    # the monthly book club ended after its COUNT (11-05, 12-05): its 12-05 is the last one
    assert [(p["event"], p["date"], p["time"]) for p in found["prepare"]] == [
        ("Book club", "2026-12-05", None),
        ("Standup with Ada", "2026-12-08", "09:00"),
        ("Standup with Ada", "2026-12-15", "09:00")]
    later = agenda(run, vault, "2027-01-10", 30)
    assert "Book club" not in [p["event"] for p in later["prepare"]]


def test_a_repeating_meeting_is_a_contact_each_time_and_a_booked_one(make_vault, run, monkeypatch) -> None:
    monkeypatch.setattr("vaultkit.cli.main.App.today", lambda self: "2026-12-03")
    vault = make_vault(VAULT)
    ada = as_json(run("show", "Ada Okafor", "--format", "json", vault=vault))
    assert ada["last_contact"] == "2026-12-01"  # the standup of 12-01, not only its first day
    # her interactions list the standup once, at that occurrence, above her coffee
    assert [(i["date"], i["title"]) for i in ada["interactions"]] == \
        [("2026-12-01", "Standup with Ada"), ("2026-10-01", "Coffee")]
    # weekly standups: never due for a reconnection, even with a standup booked only at the horizon
    assert "Ada Okafor" not in [r["contact"] for r in agenda(run, vault, "2026-12-03", 7)["reconnect"]]


def test_a_bad_repeat_is_reported(make_vault, run) -> None:
    vault = make_vault({"events/Sync.md": "---\ndate: 2026-12-01\nrepeat: sometimes\n---\n"})
    out = run("check", vault=vault).output
    assert "events/Sync.md:3: error: bad `repeat`: not a repeat rule: 'sometimes'" in out


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_calendar_series_keeps_its_rrule_and_its_until(make_vault, run, paris) -> None:
    vault = make_vault({})
    assert run("import", "ics", str(sample("ical/khal_event_rrule_recuid.ics")), vault=vault).exit_code == 0
    note = (vault / "events" / "2014-06-30 Arbeit.md").read_text(encoding="utf-8")
    assert "repeat: FREQ=WEEKLY;UNTIL=20140806T060000Z\n" in note
    found = agenda(run, vault, "2014-07-25", 21)  # until 6 August: the 28 July and 4 August only
    assert [(p["date"], p["time"]) for p in found["prepare"]] == [("2014-07-28", "07:00"), ("2014-08-04", "07:00")]


def test_a_series_skips_its_exdates_and_adds_its_rdates() -> None:
    from vaultkit.notes.recurrence import series

    assert series("FREQ=WEEKLY") == "FREQ=WEEKLY" and series(None) is None and series(None, ["2026-11-09"]) is None
    rule = series("FREQ=WEEKLY", ["2026-11-09", "2026-11-23T09:30"], ["2026-11-10T14:00", "2026-11-25"])
    assert rule == "FREQ=WEEKLY\nEXDATE:2026-11-09,2026-11-23T09:30\nRDATE:2026-11-10T14:00,2026-11-25"
    assert occurrences(rule, "2026-11-02T09:30", "2026-11-01", "2026-11-30") == [
        "2026-11-02T09:30", "2026-11-10T14:00", "2026-11-16T09:30", "2026-11-25T09:30", "2026-11-30T09:30"]
    # a day-only event: an added occurrence keeps its own time; days listed without a rule
    assert occurrences(series("FREQ=MONTHLY", ["2026-11-05"], ["2026-11-12T19:00"]), "2026-10-05",
                       "2026-10-01", "2026-12-31") == ["2026-10-05", "2026-11-12T19:00", "2026-12-05"]
    assert occurrences(series(None, (), ["2026-12-05", "2026-12-10"]), "2026-12-01", "2026-12-03", "2026-12-31") \
        == ["2026-12-05", "2026-12-10"]


def test_bad_exceptions_are_reported_and_the_others_kept(make_vault, run) -> None:
    vault = make_vault({"events/Atelier.md": "---\ntype: event\ntitle: Atelier\ndate: 2026-10-05 18:00\n"
                                             "repeat: monthly\nexdate: [2026-11-05, 2026-13-05]\n---\n"})
    result = run("check", vault=vault)
    assert "events/Atelier.md:6: error: bad date in `exdate`: not a real date: '2026-13-05'" in result.output
    agenda = as_json(run("agenda", "--date", "2026-11-01", "--days", "40", "--format", "json", vault=vault))
    assert [p["date"] for p in agenda["prepare"]] == ["2026-12-05"]
