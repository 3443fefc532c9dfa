"""Important dates (`dates:`, `anniversary:`) and their lead time (`remind_before`), on a
hand-written vault: who the agenda lists among the birthdays and why, the calendar export,
the vCard export.

`tests/vaults/family-and-clients/` is seen on 3 December 2026 with the default horizon
(7 days); its config gives the tag `family` two weeks of lead time, `client` one.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import pytest

from vaultkit.formats.vcard import parse_vcards

from .conftest import as_json

SOURCE = Path(__file__).resolve().parent / "vaults" / "family-and-clients"
TODAY = "2026-12-03"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "family-and-clients"
    shutil.copytree(SOURCE, root)
    return root


@pytest.fixture
def birthdays(run, vault: Path) -> dict[tuple[str, str], dict]:
    agenda = as_json(run("agenda", "--date", TODAY, "--format", "json", vault=vault))
    return {(b["contact"], b["occasion"]): b for b in agenda["birthdays"]}


def test_a_birthday_shows_two_weeks_ahead_by_its_tag_and_not_without_one(birthdays) -> None:
    marc = birthdays[("Marc Delorme", "birthday")]  # 15 December, 12 days ahead: family, 2w
    assert marc["date"] == "2026-12-15" and marc["age"] == 68 and marc["remind_before"] == 14
    assert marc["draft"].startswith("Joyeux anniversaire, Marc !\nJe te souhaite")  # fr, tu
    assert ("Paul Girard", "birthday") not in birthdays  # also 15 December (--12-15), no tag: 0
    assert ("Marc Delorme", "wedding anniversary") not in birthdays  # 28 December: beyond 2w


def test_a_dates_own_lead_time_wins_over_the_tags(birthdays) -> None:
    zoe = birthdays[("Marc Delorme", "Zoé's birthday")]  # --01-10 with remind_before: 6w
    assert zoe == {"contact": "Marc Delorme", "path": "People/Marc Delorme.md", "date": "2027-01-10",
                   "age": None, "occasion": "Zoé's birthday", "remind_before": 42, "draft": None}


def test_the_notes_lead_time_wins_over_the_tags(birthdays) -> None:
    # Sophie: tag client (1w) but `remind_before: 1m` in her note: 30 days
    renewal = birthdays[("Sophie Martin", "contract renewal")]
    assert (renewal["date"], renewal["remind_before"], renewal["age"]) == ("2027-01-02", 30, None)
    assert birthdays[("Sophie Martin", "company anniversary")]["date"] == "2026-12-31"


def test_the_anniversary_field_is_a_date_with_the_years_since(birthdays) -> None:
    paul = birthdays[("Paul Girard", "anniversary")]
    assert (paul["date"], paul["age"], paul["remind_before"], paul["draft"]) == ("2026-12-06", 10, 0, None)


def test_a_bad_date_is_one_problem_and_the_other_dates_still_work(run, vault: Path, birthdays) -> None:
    assert birthdays[("Nadia Mansour", "Sami's birthday")]["date"] == "2026-12-09"  # `Important dates:`
    done = run("check", vault=vault)
    lines = [x for x in done.output.splitlines() if "Nadia" in x]
    assert lines == ["People/Nadia Mansour.md:5: error: bad date in dates: name day: "
                     "not a real date: '2026-02-30'"]


def test_the_section_lists_every_date_by_day_and_a_larger_horizon_shows_more(run, vault: Path,
                                                                             birthdays) -> None:
    assert sorted((b["date"], b["contact"], b["occasion"]) for b in birthdays.values()) == [
        ("2026-12-06", "Paul Girard", "anniversary"),
        ("2026-12-09", "Nadia Mansour", "Sami's birthday"),
        ("2026-12-15", "Marc Delorme", "birthday"),
        ("2026-12-31", "Sophie Martin", "company anniversary"),
        ("2027-01-02", "Sophie Martin", "contract renewal"),
        ("2027-01-10", "Marc Delorme", "Zoé's birthday"),
    ]
    wide = as_json(run("agenda", "--date", TODAY, "--days", "30", "--format", "json", vault=vault))
    found = {(b["contact"], b["occasion"]) for b in wide["birthdays"]}
    assert {("Paul Girard", "birthday"), ("Marc Delorme", "wedding anniversary")} <= found
    assert next(b for b in wide["birthdays"] if b["occasion"] == "wedding anniversary")["age"] == 41


def test_text_and_markdown_name_the_date_and_only_a_birthday_has_a_box(run, vault: Path) -> None:
    text = run("agenda", "--date", TODAY, vault=vault).output
    assert "• 2026-12-06 Paul Girard, anniversary (10 years)" in text
    assert "• 2027-01-10 Marc Delorme, Zoé's birthday" in text
    markdown = run("agenda", "--date", TODAY, "--format", "markdown", vault=vault).output
    assert "\n- 2027-01-02: [[Sophie Martin]], contract renewal\n" in markdown
    assert "- [ ] 2026-12-15: [[Marc Delorme]], turns 68 ^vk-bd-" in markdown


def test_a_date_with_a_year_comes_back_only_from_that_year(make_vault, run) -> None:
    vault = make_vault({"people/Lou.md": """\
        ---
        type: contact
        dates:
          contract renewal: {date: 2027-12-05, remind_before: 3d}
          first day: --12-05
        ---
        """})
    agenda = as_json(run("agenda", "--date", TODAY, "--format", "json", vault=vault))
    assert [(b["occasion"], b["date"]) for b in agenda["birthdays"]] == [("first day", "2026-12-05")]


def test_a_bad_remind_before_is_reported_and_the_config_checks_its_tags(make_vault, run) -> None:
    vault = make_vault({"people/Lou.md": "---\ntype: contact\nbirthday: --12-04\nremind_before: soon\n---\n"})
    done = run("check", vault=vault)
    assert "people/Lou.md:4: error: bad `remind_before`: not a cadence: 'soon'" in done.output
    assert as_json(run("agenda", "--date", TODAY, "--format", "json", vault=vault))["birthdays"][0][
        "remind_before"] == 0
    bad = make_vault({}, config="remind_before_by_tag:\n  family: often\n", name="bad")
    done = run("agenda", vault=bad)
    assert done.exit_code == 2 and "config.yaml:1: `remind_before_by_tag` tag `family`:" in done.output


def _events(run, vault: Path) -> dict[str, icalendar.Event]:
    done = run("export", "ics", "--date", TODAY, "--days", "7", vault=vault)
    assert done.exit_code == 0, done.output
    calendar = icalendar.Calendar.from_ical(done.stdout)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_ics_repeats_each_date_yearly_with_an_alarm_at_its_lead_time(run, vault: Path) -> None:
    events = _events(run, vault)
    assert {"Marc Delorme's birthday", "Marc Delorme: wedding anniversary", "Marc Delorme: Zoé's birthday",
            "Paul Girard's birthday", "Paul Girard: anniversary", "Sophie Martin: contract renewal",
            "Sophie Martin: company anniversary", "Nadia Mansour: Sami's birthday"} <= set(events)
    for summary, day, lead in (("Marc Delorme's birthday", "2026-12-15", 14),
                               ("Marc Delorme: Zoé's birthday", "2027-01-10", 42),
                               ("Marc Delorme: wedding anniversary", "2026-12-28", 14),  # beyond --days
                               ("Paul Girard: anniversary", "2026-12-06", 0),
                               ("Sophie Martin: contract renewal", "2027-01-02", 30)):
        event = events[summary]
        assert event.decoded("dtstart") == dt.date.fromisoformat(day), summary
        assert event["rrule"]["FREQ"] == ["YEARLY"], summary
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0].decoded("trigger") == dt.timedelta(days=-lead, hours=9), summary
        assert not str(event.get("description", "")).startswith(("Joyeux", "Happy"))  # no wish drafted


def test_the_calendar_keeps_each_dates_uid_from_one_export_to_the_next(run, vault: Path) -> None:
    first = {s: str(e["uid"]) for s, e in _events(run, vault).items()}
    later = run("export", "ics", "--date", "2027-02-01", vault=vault)
    again = {str(e["summary"]): str(e["uid"]) for e in icalendar.Calendar.from_ical(later.stdout).walk("VEVENT")}
    assert again["Marc Delorme: Zoé's birthday"] == first["Marc Delorme: Zoé's birthday"]


@pytest.mark.parametrize(("version", "line"), [("4.0", "ANNIVERSARY:20161206"), ("3.0", "X-ANNIVERSARY:2016-12-06")])
def test_vcard_writes_the_anniversary_and_reads_it_back(run, vault: Path, tmp_path: Path, version: str,
                                                        line: str) -> None:
    done = run("export", "vcard", "--version", version, vault=vault)
    assert done.exit_code == 0, done.output
    card = next(c for c in done.stdout.split("END:VCARD") if "FN:Paul Girard" in c)
    assert line in card.splitlines()
    assert "ANNIVERSARY" not in next(c for c in done.stdout.split("END:VCARD") if "FN:Sophie Martin" in c)
    path = tmp_path / "out.vcf"
    path.write_text(done.stdout, encoding="utf-8")
    records = {r.name: r for r in parse_vcards(path)[0]}
    assert records["Paul Girard"].anniversary == "2016-12-06"


def test_empty_fields_left_by_a_template_change_nothing(make_vault, run) -> None:
    vault = make_vault({"people/Lou.md": "---\ntype: contact\ntags: [family]\nbirthday: --12-14\n"
                                         "dates:\nremind_before:\n---\n"},
                       config="remind_before_by_tag: {family: 2w}\n")
    assert "Lou" not in run("check", vault=vault).output
    items = as_json(run("agenda", "--date", TODAY, "--format", "json", vault=vault))["birthdays"]
    assert [(b["occasion"], b["remind_before"]) for b in items] == [("birthday", 14)]  # the tag's
