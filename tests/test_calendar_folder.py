"""`vaultkit import ics` on a calendar folder (one .ics per event, as khal and vdirsyncer keep
it): repeating events with their exceptions, seen through the agenda; idempotence; an edited
event; a broken file."""

from __future__ import annotations

import os
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from .conftest import as_json

ADA = "---\ntype: contact\nname: Ada Okafor\nemail: ada@okafor.example\ncadence: 1w\n---\n"
BOB = "---\ntype: contact\nname: Bob Martin\nemail: bob@martin.example\n---\n"
# a weekly call on Mondays from 2 November 2026 (Paris time): the 16th moved to Tuesday 17th
# 14:00, the 23rd skipped (EXDATE), the 30th cancelled, an extra call on Wednesday 2 December
WEEKLY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//calendar folder//EN
BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:weekly-ada@test
SEQUENCE:{seq}
DTSTAMP:20261101T080000Z
SUMMARY:Point hebdo Okafor
DTSTART;TZID=Europe/Paris:20261102T093000
DTEND;TZID=Europe/Paris:20261102T100000
RRULE:FREQ=WEEKLY;BYDAY=MO
EXDATE;TZID=Europe/Paris:20261123T093000{more_exdates}
RDATE;TZID=Europe/Paris:20261202T100000
ORGANIZER;CN=Sam Rivera:mailto:sam@rivera.example
ATTENDEE;CN=Ada Okafor:mailto:ada@okafor.example
END:VEVENT
BEGIN:VEVENT
UID:weekly-ada@test
RECURRENCE-ID;TZID=Europe/Paris:20261116T093000
DTSTAMP:20261101T080000Z
SUMMARY:Point hebdo Okafor (mardi)
DTSTART;TZID=Europe/Paris:20261117T140000
DTEND;TZID=Europe/Paris:20261117T143000
ATTENDEE;CN=Ada Okafor:mailto:ada@okafor.example
END:VEVENT
BEGIN:VEVENT
UID:weekly-ada@test
RECURRENCE-ID;TZID=Europe/Paris:20261130T093000
DTSTAMP:20261101T080000Z
SUMMARY:Point hebdo Okafor
STATUS:CANCELLED
DTSTART;TZID=Europe/Paris:20261130T093000
END:VEVENT
END:VCALENDAR
"""
ONE_OFF = """BEGIN:VCALENDAR
VERSION:2.0
BEGIN:VEVENT
UID:lunch-bob@test
DTSTAMP:20261101T080000Z
SUMMARY:Déjeuner avec Bob
DTSTART:20261127T110000Z
DTEND:20261127T123000Z
ATTENDEE;CN=Bob Martin:mailto:bob@martin.example
END:VEVENT
END:VCALENDAR
"""
BROKEN = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:broken@test\nSUMMARY:Half\nDTSTART:20261128T100000Z\n"
NOTE = "events/2026-11-02 Point hebdo Okafor.md"


@pytest.fixture(autouse=True)
def paris_time(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def calendar(root: Path, seq: int = 0, more_exdates: str = "") -> Path:
    """A vdirsyncer collection: one .ics per event, one in a nested folder, a broken one, and
    a hidden folder that is not part of the calendar."""
    files = {"work/weekly-ada.ics": WEEKLY.format(seq=seq, more_exdates=more_exdates),
             "work/nested/lunch-bob.ics": ONE_OFF, "work/broken.ics": BROKEN,
             "work/.cache/stale.ics": ONE_OFF.replace("lunch-bob", "stale").replace("Bob", "Stale")}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    return root / "work"


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
            and ".vaultkit" not in p.parts}


def test_a_calendar_folder_imports_with_its_exceptions(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({"people/Ada Okafor.md": ADA, "people/Bob Martin.md": BOB})
    folder = calendar(tmp_path / "cal")
    result = run("import", "ics", str(folder), "--format", "json", vault=vault)
    assert result.exit_code == 0
    data = as_json(result)
    assert sorted(c["path"] for c in data["created"]) == [NOTE, "events/2026-11-27 Déjeuner avec Bob.md"]
    # the broken file: one line, its path and line; the rest imported
    assert result.stderr.splitlines() == [f"{folder / 'broken.ics'}:3: event has no END:VEVENT (truncated); skipped"]
    text = (vault / NOTE).read_text(encoding="utf-8")
    assert ("repeat: FREQ=WEEKLY;BYDAY=MO\nexdate:\n- 2026-11-16\n- 2026-11-23\n- 2026-11-30\n"
            "rdate:\n- 2026-11-17 14:00\n- 2026-12-02 10:00\n") in text
    assert "- '[[Ada Okafor]]'\n" in text


def test_past_occurrences_are_contacts_and_coming_ones_are_prepared(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({"people/Ada Okafor.md": ADA, "people/Bob Martin.md": BOB})
    assert run("import", "ics", str(calendar(tmp_path / "cal")), vault=vault).exit_code == 0
    # on Wednesday 25 November: the call of the 23rd was skipped, the 16th's moved to the 17th
    agenda = as_json(run("agenda", "--date", "2026-11-25", "--days", "14", "--format", "json", vault=vault))
    weekly = [(p["date"], p["time"]) for p in agenda["prepare"] if p["path"] == NOTE]
    assert weekly == [("2026-12-02", "10:00"), ("2026-12-07", "09:30")]  # not the cancelled 30th
    assert [p["date"] for p in agenda["prepare"] if p["path"] != NOTE] == ["2026-11-27"]
    assert "Ada Okafor" not in {r["contact"] for r in agenda["reconnect"]}  # a call is booked
    assert not [f for f in agenda["follow_up"] if f.get("event_path") == NOTE or f.get("path") == NOTE]
    # her last contact is the moved call of the 17th, not the skipped 23rd; on the 16th, the
    # call of the 9th (the 16th's moved to the next day)
    for day, last in (("2026-11-26", "2026-11-17"), ("2026-11-16", "2026-11-09")):
        agenda = as_json(run("agenda", "--date", day, "--days", "0", "--format", "json", vault=vault))
        assert [r["last_contact"] for r in agenda["reconnect"] if r["contact"] == "Ada Okafor"] == [last]


def test_importing_the_folder_again_changes_nothing_and_an_edit_is_followed(make_vault, run,
                                                                             tmp_path: Path) -> None:
    vault = make_vault({"people/Ada Okafor.md": ADA, "people/Bob Martin.md": BOB})
    folder = calendar(tmp_path / "cal")
    assert run("import", "ics", str(folder), vault=vault).exit_code == 0
    before = tree(vault)
    again = as_json(run("import", "ics", str(folder), "--format", "json", vault=vault))
    assert again["created"] == [] and again["updated"] == [] and again["conflicts"] == []
    assert tree(vault) == before
    # the organiser cancels the call of 7 December: the note takes it, one line and its version
    calendar(tmp_path / "cal", seq=1, more_exdates="\nEXDATE;TZID=Europe/Paris:20261207T093000")
    note = vault / NOTE
    old = note.read_text(encoding="utf-8")
    note.write_text(old + "\n## 2026-11-09\nShe asked for the Lyon figures.\n", encoding="utf-8")
    result = run("import", "ics", str(folder), vault=vault)
    assert result.exit_code == 0
    assert ('events/2026-11-02 Point hebdo Okafor.md: exdate changed from "2026-11-16, 2026-11-23, 2026-11-30" '
            'to "2026-11-16, 2026-11-23, 2026-11-30, 2026-12-07" (a newer version of the event)') in result.stdout
    new = note.read_text(encoding="utf-8")
    # the exdate entry is rewritten (on one line), the version too, nothing else
    assert new.split("ical_version")[0] == old.split("ical_version")[0].replace(
        "exdate:\n- 2026-11-16\n- 2026-11-23\n- 2026-11-30\n",
        "exdate: [2026-11-16, 2026-11-23, 2026-11-30, 2026-12-07]\n")
    assert new.endswith("She asked for the Lyon figures.\n")
    agenda = as_json(run("agenda", "--date", "2026-11-25", "--days", "14", "--format", "json", vault=vault))
    assert [p["date"] for p in agenda["prepare"] if p["path"] == NOTE] == ["2026-12-02"]
    # and again: nothing
    state = tree(vault)
    assert as_json(run("import", "ics", str(folder), "--format", "json", vault=vault))["updated"] == []
    assert tree(vault) == state


def test_exceptions_the_user_edited_are_kept(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({"people/Ada Okafor.md": ADA})
    folder = calendar(tmp_path / "cal")
    assert run("import", "ics", str(folder), vault=vault).exit_code == 0
    note = vault / NOTE
    note.write_text(note.read_text(encoding="utf-8").replace("- 2026-11-30\n", ""), encoding="utf-8")
    calendar(tmp_path / "cal", seq=1, more_exdates="\nEXDATE;TZID=Europe/Paris:20261207T093000")
    state = tree(vault)
    data = as_json(run("import", "ics", str(folder), "--format", "json", vault=vault))
    assert data["changed"] == [] and [c["field"] for c in data["conflicts"]] == ["exdate"]
    assert tree(vault) == state


def test_a_folder_without_calendars_fails_and_a_hand_written_series_reads(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({"people/Ada Okafor.md": ADA, "events/Atelier.md": (
        "---\ntype: event\ntitle: Atelier mensuel\ndate: 2026-10-05 18:00\nrepeat: mensuel\n"
        "sauf: 2026-11-05\nrdate: [2026-11-12 19:00]\nattendees: ['[[Ada Okafor]]']\n---\n")})
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("import", "ics", str(empty), vault=vault)
    assert result.exit_code == 1 and f"{empty}: no .ics file in this folder" in result.stderr
    agenda = as_json(run("agenda", "--date", "2026-11-01", "--days", "40", "--format", "json", vault=vault))
    assert [(p["date"], p["time"]) for p in agenda["prepare"]] == [("2026-11-12", "19:00"), ("2026-12-05", "18:00")]


def test_an_unreadable_file_in_the_folder_is_one_line(make_vault, run, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    vault = make_vault({})
    folder = calendar(tmp_path / "cal")
    (folder / "locked.ics").write_text(ONE_OFF, encoding="utf-8")
    (folder / "locked.ics").chmod(0)
    result = run("import", "ics", str(folder), vault=vault)
    assert result.exit_code == 0
    assert [line.split(": ", 1)[0] for line in result.stderr.splitlines()] == [
        f"{folder / 'broken.ics'}:3", f"{folder / 'locked.ics'}"]


def test_an_event_cancelled_in_the_calendar_is_cancelled_in_its_note(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({"people/Bob Martin.md": BOB})
    folder = calendar(tmp_path / "cal")
    (folder / "new-cancelled.ics").write_text(ONE_OFF.replace("lunch-bob", "never").replace(
        "SUMMARY:Déjeuner avec Bob", "SUMMARY:Jamais\nSTATUS:CANCELLED"), encoding="utf-8")
    assert run("import", "ics", str(folder), vault=vault).exit_code == 0
    lunch = vault / "events" / "2026-11-27 Déjeuner avec Bob.md"
    assert lunch.exists() and not list((vault / "events").glob("*Jamais*"))  # a cancelled event makes no note
    (folder / "nested" / "lunch-bob.ics").write_text(ONE_OFF.replace(
        "DTSTAMP:20261101T080000Z", "DTSTAMP:20261120T080000Z\nSEQUENCE:1\nSTATUS:CANCELLED"), encoding="utf-8")
    before = lunch.read_text(encoding="utf-8")
    result = run("import", "ics", str(folder), vault=vault)
    assert result.exit_code == 0
    assert ('events/2026-11-27 Déjeuner avec Bob.md: status changed from "" to "cancelled" '
            "(a newer version of the event)") in result.stdout
    after = lunch.read_text(encoding="utf-8")
    assert after.replace("status: cancelled\n", "").split("ical_version")[0] == before.split("ical_version")[0]
    agenda = as_json(run("agenda", "--date", "2026-11-25", "--days", "7", "--format", "json", vault=vault))
    assert "events/2026-11-27 Déjeuner avec Bob.md" not in {p["path"] for p in agenda["prepare"]}
    state = tree(vault)
    assert as_json(run("import", "ics", str(folder), "--format", "json", vault=vault))["changed"] == []
    assert tree(vault) == state


def test_exceptions_far_away_or_of_a_minutely_rule_stay_bounded(tmp_path: Path) -> None:
    from vaultkit.formats.ics import parse_events

    path = tmp_path / "far.ics"
    path.write_text("BEGIN:VCALENDAR\nVERSION:2.0\n"
                    "BEGIN:VEVENT\nUID:far\nSUMMARY:Daily\nDTSTART:20261201T090000Z\nRRULE:FREQ=DAILY\n"
                    "EXDATE:20261203T090000Z\nEXDATE:99991231T090000Z\nEND:VEVENT\n"
                    "BEGIN:VEVENT\nUID:minutely\nSUMMARY:Tick\nDTSTART:20261201T090000Z\nRRULE:FREQ=MINUTELY\n"
                    "EXDATE:20361203T090000Z\nEND:VEVENT\nEND:VCALENDAR\n", encoding="utf-8")
    records, problems = parse_events(path, tz=ZoneInfo("Europe/Paris"))
    assert problems == []
    assert [(r.title, r.exdates, r.rdates) for r in records] == [("Daily", ["2026-12-03"], []), ("Tick", [], [])]
