"""`vaultkit agenda`, `prep` and `followup`: a scenario vault with known dates, checked item by item."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from vaultkit.config import load_config
from vaultkit.engines.agenda import SECTIONS, build_agenda, bullets, task_text
from vaultkit.notes.writer import stamp_generated
from vaultkit.render.agenda_markdown import render_markdown
from vaultkit.render.agenda_note import write_agenda
from vaultkit.store.index import Index

from .conftest import EXAMPLE_VAULT, as_json

T = "2027-02-25"  # a Thursday; horizon 7 days → 2027-03-04; 2027 is not a leap year
ME = "people/Sam Rivera.md"

SCENARIO = {
    "people/Sam Rivera.md": """\
        ---
        type: contact
        birthday: 1990-02-26
        cadence: 1w
        follow_up: 2027-02-20
        ---
        This is me.
        - [ ] renew passport 📅 2027-02-26
        """,
    "people/Ada Lovelace.md": """\
        ---
        type: contact
        company: Analytical
        needs: [seed funding]
        cadence: 1m
        ---
        ## 2027-02-20 Demo Night
        - showed me a prototype of the routing tool
        - [ ] send Ada the deck 📅 2027-02-24
        - [ ] later thing 📅 2027-03-20
        - [x] done thing 📅 2027-02-01
        """,
    "people/Bruno Keller.md": """\
        ---
        type: contact
        ---
        ## 2027-02-21 Coffee
        - the day after Demo Night
        """,
    "people/Chloé Martin.md": """\
        ---
        type: contact
        lang: fr
        ---
        Designer friend.
        """,
    "people/Nina Done.md": """\
        ---
        type: contact
        ---
        ## 2027-02-20 Followed up after [[Demo Night]]
        """,
    "people/Dan Old.md": "---\ntype: contact\n---\n",
    "people/Eve Snooze.md": """\
        ---
        type: contact
        cadence: 2w
        snooze: 2027-03-15
        ---
        ## 2027-01-01 Lunch
        """,
    "people/Fay Cadence.md": """\
        ---
        type: contact
        company: Acme
        cadence: 30d
        ---
        ## 2027-01-10 Call about the Acme launch
        - they are hiring two engineers
        """,
    "people/Gus Never.md": "---\ntype: contact\ncadence: 2w\n---\n",
    "people/Hal Recent.md": """\
        ---
        type: contact
        company: Acme
        cadence: 1m
        ---
        ## 2027-02-10 Drinks
        """,
    "people/Ivy Leap.md": "---\ntype: contact\nbirthday: 2000-02-29\n---\n",
    "people/Jay Noyear.md": "---\ntype: contact\nbirthday: '--03-03'\n---\n",
    "people/Kim Follow.md": """\
        ---
        type: contact
        follow_up: 2027-03-01
        cadence: 2w
        ---
        ## 2027-01-01 Call
        - promised her the market study
        """,
    "people/Lou Followed.md": """\
        ---
        type: contact
        follow_up: 2027-02-20
        ---
        ## 2027-02-22 Call
        """,
    "people/Max Far.md": "---\ntype: contact\nfollow_up: 2027-03-20\n---\n",
    "people/Vic Venture.md": "---\ntype: contact\ncompany: Seed Fund\noffers: [seed funding]\n---\n",
    "events/2027-02-01 Old Meetup.md": """\
        ---
        type: event
        title: Old Meetup
        date: 2027-02-01
        attendees: ["[[Dan Old]]"]
        ---
        """,
    "events/Demo Night.md": """\
        ---
        type: event
        date: 2027-02-20
        attendees: ["[[Sam Rivera]]", "[[Ada Lovelace]]", "[[Bruno Keller]]", "[[Chloé Martin]]",
                    "[[Nina Done]]", "[[Ghost Person]]"]
        ---
        - [[Ada Lovelace]]: building a supply-chain startup; wants an intro to a climate VC
        - [[Chloé Martin]]: cherche un designer pour son app
        """,
    "events/2027-02-27 Launch Party.md": """\
        ---
        type: event
        title: Launch Party
        date: 2027-02-27T19:30
        location: Station F
        attendees: ["[[Ada Lovelace]]", "[[Sam Rivera]]", "[[Ghost Person]]", Plain Name]
        to_meet: [Oscar Wilde, "[[Fay Cadence]]"]
        goals: [Meet two investors]
        ---
        """,
    "events/2027-03-10 Far Event.md": "---\ntype: event\ndate: 2027-03-10\nattendees: ['[[Ada Lovelace]]']\n---\n",
    "daily/2027-02-23.md": """\
        ---
        date: 2027-02-23
        ---
        - [ ] call [[Bruno Keller]] (due: 2027-03-02)
        """,
}


@pytest.fixture
def scenario(make_vault) -> Path:
    return make_vault(SCENARIO)


def agenda_json(run, vault: Path, date: str = T, *extra: str) -> dict:
    return as_json(run("agenda", "--date", date, "--format", "json", *extra, vault=vault))


def paths(items: list[dict]) -> list[str]:
    return [i["path"] for i in items]


def test_the_json_has_every_section_and_sorted_keys(run, scenario) -> None:
    result = run("agenda", "--date", T, "--format", "json", vault=scenario)
    data = as_json(result)
    assert set(data) == {"date", "days", "problems", *SECTIONS}
    assert data["date"] == T and data["days"] == 7
    orders: list[list[str]] = []
    json.loads(result.stdout, object_pairs_hook=lambda pairs: orders.append([k for k, _ in pairs]) or dict(pairs))
    assert orders and all(keys == sorted(keys) for keys in orders)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["follow_up"][0]["due"])


def test_follow_up_item_by_item(run, scenario) -> None:
    items = agenda_json(run, scenario)["follow_up"]
    assert [(i["contact"], i["event"], i["due"]) for i in items] == [
        ("Ada Lovelace", "Demo Night", "2027-02-22"),  # interaction on the event's own day: still due
        ("Chloé Martin", "Demo Night", "2027-02-22"),
        ("Kim Follow", None, "2027-03-01"),  # `follow_up` within the horizon
    ]
    # gone: Bruno (interaction the day after), Nina (done mark), Dan (outside the window),
    # Lou (interaction after her follow_up date), Max (beyond the horizon), Ghost (not a contact), me
    ada = items[0]
    assert ada["path"] == "people/Ada Lovelace.md"
    assert ada["event_path"] == "events/Demo Night.md" and ada["event_date"] == "2027-02-20"
    assert ada["overdue"] is True
    assert ada["talking_points"] == [
        "building a supply-chain startup; wants an intro to a climate VC",
        "showed me a prototype of the routing tool",
        "Needs: seed funding",
    ]
    assert "Demo Night" in ada["draft"]
    # the notes are private: beside the draft as context, never inside it
    assert "building a supply-chain startup" not in ada["draft"] and "prototype" not in ada["draft"]
    assert ada["context"][:2] == ada["talking_points"][:2]
    assert "Vic Venture" in ada["draft"]  # offers what Ada needs
    assert ada["draft"].startswith("Hi Ada,")
    assert ada["draft"].rstrip().endswith("Sam")
    assert items[1]["lang"] == "fr" and items[1]["draft"].startswith("Bonjour Chloé,")
    assert "cherche un designer pour son app" not in items[1]["draft"]
    kim = items[2]
    assert kim["event_path"] is None and kim["talking_points"] == ["promised her the market study"]
    assert "promised her the market study" not in kim["draft"]


def test_a_follow_up_outside_the_window_is_gone_but_shows_inside_it(run, scenario) -> None:
    inside = agenda_json(run, scenario, "2027-02-10")["follow_up"]
    assert ("Dan Old", "Old Meetup") in [(i["contact"], i["event"]) for i in inside]
    outside = agenda_json(run, scenario)["follow_up"]
    assert "people/Dan Old.md" not in paths(outside)


def test_an_interaction_the_day_after_clears_but_the_same_day_does_not(make_vault, run) -> None:
    files = {
        "people/Ada.md": "---\ntype: contact\n---\n## 2027-02-20 At the meetup\n- hi\n",
        "events/Meetup.md": "---\ntype: event\ndate: 2027-02-20\nattendees: ['[[Ada]]']\n---\n",
    }
    vault = make_vault(files)
    assert paths(agenda_json(run, vault)["follow_up"]) == ["people/Ada.md"]
    (vault / "people/Ada.md").write_text(files["people/Ada.md"] + "## 2027-02-21 Coffee\n", encoding="utf-8")
    assert agenda_json(run, vault)["follow_up"] == []


def test_reconnect_item_by_item(run, scenario) -> None:
    items = agenda_json(run, scenario)["reconnect"]
    assert [(i["contact"], i["last_contact"], i["cadence_days"], i["due"]) for i in items] == [
        ("Fay Cadence", "2027-01-10", 30, "2027-02-09"),
        ("Gus Never", None, 14, T),  # never contacted: due now
    ]
    # gone: Eve (snoozed past T), Hal (not due), Kim (already in follow_up), Ada (seen on 2027-02-20), me
    fay = items[0]
    assert fay["overdue_days"] == 16 and fay["overdue_ratio"] == pytest.approx(46 / 30, abs=0.001)
    assert fay["last_note"]["title"] == "Call about the Acme launch"
    assert fay["last_note"]["date"] == "2027-01-10"
    assert items[1]["last_note"] is None


def test_snooze_hides_until_its_day(run, scenario) -> None:
    assert "people/Eve Snooze.md" not in paths(agenda_json(run, scenario)["reconnect"])
    later = agenda_json(run, scenario, "2027-03-15")["reconnect"]
    assert "people/Eve Snooze.md" in paths(later)


def test_prepare_item_by_item(run, scenario) -> None:
    items = agenda_json(run, scenario)["prepare"]
    assert [(i["event"], i["date"], i["time"]) for i in items] == [("Launch Party", "2027-02-27", "19:30")]
    party = items[0]
    assert party["path"] == "events/2027-02-27 Launch Party.md"
    assert party["goals"] == ["Meet two investors"] and party["location"] == "Station F"
    assert [a["contact"] for a in party["attendees"]] == ["Ada Lovelace"]
    ada = party["attendees"][0]
    assert ada["last_contact"] == "2027-02-20" and ada["needs"] == ["seed funding"]
    assert ada["notes"] == [{"date": "2027-02-20", "title": "Demo Night",
                             "points": ["showed me a prototype of the routing tool"]}]
    assert [t["text"] for t in ada["open_tasks"]] == ["send Ada the deck", "later thing"]
    assert [a["contact"] for a in party["to_meet"]] == ["Fay Cadence"]
    # an attendee link that resolves to no contact is unknown, not an error; the user is left out
    assert party["unknown_attendees"] == ["Ghost Person", "Plain Name", "Oscar Wilde"]
    assert [w["contact"] for w in party["worth_meeting"]] == ["Hal Recent"]
    assert "Acme" in party["worth_meeting"][0]["reasons"][0]


def test_tasks_item_by_item(run, scenario) -> None:
    items = agenda_json(run, scenario)["tasks"]
    assert [(i["text"], i["due"], i["overdue"], i["contacts"]) for i in items] == [
        ("send Ada the deck", "2027-02-24", True, ["Ada Lovelace"]),
        ("renew passport", "2027-02-26", False, []),  # the user's own task: about nobody
        ("call [[Bruno Keller]]", "2027-03-02", False, ["Bruno Keller"]),
    ]
    assert items[2]["path"] == "daily/2027-02-23.md" and items[2]["contact_paths"] == ["people/Bruno Keller.md"]


def test_birthdays_item_by_item_with_feb_29(run, scenario) -> None:
    items = agenda_json(run, scenario)["birthdays"]
    assert [(i["contact"], i["date"], i["age"]) for i in items] == [
        ("Ivy Leap", "2027-02-28", 27),  # Feb 29 falls on Feb 28 outside leap years
        ("Jay Noyear", "2027-03-03", None),  # no year: no age
    ]
    leap = agenda_json(run, scenario, "2028-02-25")["birthdays"]
    assert ("Ivy Leap", "2028-02-29", 28) in [(i["contact"], i["date"], i["age"]) for i in leap]


def test_the_user_never_appears(run, scenario) -> None:
    data = agenda_json(run, scenario)
    for name in SECTIONS:
        items = [dict(i, path=None) if name == "tasks" else i for i in data[name]]  # own to-dos stay listed
        text = json.dumps(items, ensure_ascii=False)
        assert ME not in text and "Sam Rivera" not in text, name
    assert [t["contacts"] for t in data["tasks"] if t["path"] == ME] == [[]]


def test_introductions_is_a_list(run, scenario) -> None:
    items = agenda_json(run, scenario)["introductions"]
    assert isinstance(items, list)
    for item in items:
        assert {"a", "b", "score", "reasons", "draft"} <= set(item)


def test_days_widens_the_horizon(run, scenario) -> None:
    data = agenda_json(run, scenario, T, "--days", "30")
    assert "events/2027-03-10 Far Event.md" in paths(data["prepare"])
    assert "people/Max Far.md" in paths(data["follow_up"])
    assert "later thing" in [t["text"] for t in data["tasks"]]


def test_example_vault_gives_every_section(run) -> None:
    data = agenda_json(run, EXAMPLE_VAULT, "2026-11-26")
    for name in ("follow_up", "reconnect", "prepare", "tasks", "birthdays"):
        assert data[name], f"{name} is empty for the example vault"
    try:
        import vaultkit.engines.intros  # noqa: F401
    except ModuleNotFoundError:
        assert data["introductions"] == []
    else:
        assert data["introductions"], "introductions is empty for the example vault"
    follow = {i["contact"]: i for i in data["follow_up"]}
    assert {"Ada Okafor", "Sofia Lindqvist", "Hugo Lefèvre"} <= set(follow)
    assert not {"Camille Roux", "Nadia Benali", "Paul Martin"} & set(follow)  # the supper club is done
    reconnect = [i["contact"] for i in data["reconnect"]]
    assert {"Élodie Marchand", "François Mercier", "Rachel Adeyemi"} <= set(reconnect)
    assert "Margaux Dubois" not in reconnect  # snoozed
    assert [b["contact"] for b in data["birthdays"]][:2] == ["Léa Moreau", "Élodie Marchand"]
    assert "Founders dinner at Septime" in [e["event"] for e in data["prepare"]]


def test_text_format_is_plain_and_fits_80_columns(run, scenario) -> None:
    result = run("agenda", "--date", T, vault=scenario)
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output  # colours only on a terminal
    assert all(len(line) <= 80 for line in result.output.splitlines())
    for title in ("Follow up", "Reconnect", "Prepare", "Tasks", "Birthdays", "Introductions"):
        assert title in result.output
    assert "Ada Lovelace" in result.output and "Hi Ada," in result.output


def test_markdown_has_wikilinks_and_checkboxes(run, scenario) -> None:
    result = run("agenda", "--date", T, "--format", "markdown", vault=scenario)
    assert result.exit_code == 0
    text = result.output
    assert text.startswith("---\ngenerated_by: vaultkit\n")
    assert "- [ ] Follow up with [[Ada Lovelace]] after [[Demo Night]]" in text
    assert "- [ ] Reconnect with [[Fay Cadence]]" in text
    assert "### 2027-02-27 19:30 [[2027-02-27 Launch Party|Launch Party]]" in text
    assert "- [ ] 2027-02-28: [[Ivy Leap]], turns 27" in text


def test_write_puts_the_agenda_in_the_vault_and_never_reads_it_back(run, scenario) -> None:
    before = agenda_json(run, scenario)
    result = run("agenda", "--date", T, "--write", vault=scenario)
    assert result.exit_code == 0, result.output
    note = scenario / "Agenda.md"
    text = note.read_text(encoding="utf-8")
    assert "generated_by: vaultkit" in text.split("---")[1]
    assert agenda_json(run, scenario) == before  # its checkboxes and links are not read as notes
    listed = as_json(run("list", "contacts", "--format", "json", vault=scenario))
    assert "Agenda.md" not in [c["path"] for c in listed]
    again = run("agenda", "--date", T, "--write", vault=scenario)
    assert "up to date" in again.output
    assert note.read_text(encoding="utf-8") == text


def test_write_to_a_path_and_to_the_daily_note(run, make_vault) -> None:
    vault = make_vault({"people/Ada.md": "---\ntype: contact\nbirthday: 1990-02-26\n---\n"},
                       config="me: Sam\ndaily_note: 'daily/{date}.md'\n")
    assert run("agenda", "--date", T, "--write", vault=vault).exit_code == 0
    assert "[[Ada]]" in (vault / "daily" / f"{T}.md").read_text(encoding="utf-8")
    assert run("agenda", "--date", T, "--write", "notes/today.md", vault=vault).exit_code == 0
    # a note of the user's (to be): the agenda is a region of it, between two markers
    text = (vault / "notes" / "today.md").read_text(encoding="utf-8")
    assert text.startswith("%% vaultkit:agenda ") and text.endswith("%% vaultkit:end %%\n") and "[[Ada]]" in text


def test_write_never_replaces_a_users_note_it_adds_a_region_to_it(run, make_vault) -> None:
    vault = make_vault({"Agenda.md": "# My own agenda\n- [ ] keep me\n",
                        "people/Ada.md": "---\ntype: contact\nbirthday: 1990-02-26\n---\n"})
    result = run("agenda", "--date", T, "--write", vault=vault)
    assert result.exit_code == 0, result.output
    text = (vault / "Agenda.md").read_text(encoding="utf-8")
    assert text.startswith("# My own agenda\n- [ ] keep me\n\n%% vaultkit:agenda ")
    assert "[[Ada]]" in text and text.endswith("%% vaultkit:end %%\n")


def test_write_agenda_api_for_the_daemon(scenario) -> None:
    config = load_config(scenario)
    with Index(config) as ix:
        ix.refresh()
        assert write_agenda(ix, config, T).changed is True
        assert write_agenda(ix, config, T).changed is False  # unchanged: not rewritten
        data = build_agenda(ix, config, T)
    assert stamp_generated(render_markdown(data)) == (scenario / "Agenda.md").read_text(encoding="utf-8")


def test_a_daily_note_written_in_keeps_the_text_and_gets_a_fresh_agenda(run, make_vault) -> None:
    """The day's note vaultkit created, then used as a journal: the next write keeps every
    byte outside the agenda's markers and rewrites only what is between them."""
    vault = make_vault({"people/Ada.md": "---\ntype: contact\nbirthday: 1990-02-26\n---\n"},
                       config="me: Sam\ndaily_note: 'daily/{date}.md'\n")
    assert run("agenda", "--date", T, "--write", vault=vault).exit_code == 0
    daily = vault / "daily" / f"{T}.md"
    with daily.open("a", encoding="utf-8") as fh:
        fh.write("\n## Journal\nCoffee with Ada, she starts at Monoprix in January.\n")
    mine = daily.read_bytes()
    (vault / "people" / "Bo.md").write_text("---\ntype: contact\nbirthday: 1991-02-27\n---\n", encoding="utf-8")
    result = run("agenda", "--date", T, "--write", vault=vault)
    assert result.exit_code == 0, result.output
    after = daily.read_text(encoding="utf-8")
    assert after.endswith("%% vaultkit:end %%\n\n## Journal\nCoffee with Ada, she starts at Monoprix in January.\n")
    assert "[[Bo]]" in after and mine.decode().split("%% vaultkit:end %%")[1] == after.split("%% vaultkit:end %%")[1]
    # untouched, the same note is rewritten as the agenda changes
    daily.unlink()
    assert run("agenda", "--date", T, "--write", vault=vault).exit_code == 0
    (vault / "people" / "Cy.md").write_text("---\ntype: contact\nbirthday: 1992-02-27\n---\n", encoding="utf-8")
    assert run("agenda", "--date", T, "--write", vault=vault).exit_code == 0
    assert "[[Cy]]" in daily.read_text(encoding="utf-8")


def test_prep_one_event(run, scenario) -> None:
    item = as_json(run("prep", "launch party", "--date", T, "--format", "json", vault=scenario))
    assert item["event"] == "Launch Party" and item["unknown_attendees"][0] == "Ghost Person"
    text = run("prep", "launch", "--date", T, vault=scenario).output
    assert "Launch Party" in text and "Ghost Person" in text
    far = as_json(run("prep", "far event", "--date", T, "--format", "json", vault=scenario))
    assert far["date"] == "2027-03-10"  # any date when named
    missing = run("prep", "no such thing", vault=scenario)
    assert missing.exit_code != 0 and "no event named" in missing.output


def test_followup_for_an_event_a_person_or_everything(run, scenario) -> None:
    all_items = as_json(run("followup", "--date", T, "--format", "json", vault=scenario))
    assert [i["contact"] for i in all_items] == ["Ada Lovelace", "Chloé Martin", "Kim Follow"]
    old = as_json(run("followup", "old meetup", "--date", T, "--format", "json", vault=scenario))
    assert [(i["contact"], i["event"]) for i in old] == [("Dan Old", "Old Meetup")]  # any age when named
    bruno = as_json(run("followup", "bruno", "--date", T, "--format", "json", vault=scenario))
    assert len(bruno) == 1 and bruno[0]["event"] is None and bruno[0]["draft"].startswith("Hi Bruno,")
    assert "{" not in bruno[0]["draft"]
    fay = as_json(run("followup", "fay", "--date", T, "--format", "json", vault=scenario))
    assert fay[0]["draft"].startswith("Hi Fay,\n\nIt's been 2 months since we last talked: how are you?")
    assert "Acme launch" not in fay[0]["draft"]  # a heading of her note is private too
    md = run("followup", "ada", "--date", T, "--format", "markdown", vault=scenario).output
    assert md.startswith("## Follow up\n- [ ] Follow up with [[Ada Lovelace]]")


def test_bad_date_is_a_clear_error(run, scenario) -> None:
    result = run("agenda", "--date", "2027-02-30", vault=scenario)
    assert result.exit_code == 2 and "not a date" in result.output


def test_bullets_and_task_text() -> None:
    text = ("- first point that is\n  wrapped here\n- [ ] a task\n  with more\nA paragraph\n\n"
            "### Sub\n- **bold** [[X|y]]")
    assert bullets(text) == ["first point that is wrapped here", "A paragraph", "bold y"]
    assert task_text("send it 📅 2027-01-01") == "send it"
    assert task_text("call (due: 2027-01-01) back") == "call back"
    assert task_text("x @due(2027-01-01)") == "x"


def test_empty_sections_say_so_in_markdown(scenario) -> None:
    config = load_config(scenario)
    with Index(config) as ix:
        ix.refresh()
        text = render_markdown(build_agenda(ix, config, "2030-01-01", 0))
    assert "## Prepare\n_Nothing._\n" in text and "## Birthdays\n_Nothing._\n" in text
    assert re.search(r"^## Reconnect\n- \[ \] Reconnect with", text, re.MULTILINE)


def test_the_output_cache_follows_every_change(run, scenario, private_dirs) -> None:
    first = run("agenda", "--date", T, "--format", "json", vault=scenario).stdout
    assert run("agenda", "--date", T, "--format", "json", vault=scenario).stdout == first
    assert list((private_dirs / "cache").rglob("agenda-output.txt"))
    assert run("agenda", "--date", T, "--format", "json", "--days", "30", vault=scenario).stdout != first
    # a note changes
    with open(scenario / "people/Ada Lovelace.md", "a", encoding="utf-8") as fh:
        fh.write("\n## 2027-02-24 Call\n")
    data = agenda_json(run, scenario)
    assert "people/Ada Lovelace.md" not in paths(data["follow_up"])
    # a message template appears
    folder = scenario / ".vaultkit" / "templates"
    folder.mkdir()
    (folder / "checkin.md").write_text("Yo {first_name}\n", encoding="utf-8")
    drafts = {i["contact"]: i["draft"] for i in agenda_json(run, scenario)["follow_up"]}
    assert drafts["Kim Follow"] == "Yo Kim" and drafts["Chloé Martin"].startswith("Bonjour Chloé,")
    # a setting changes
    (scenario / ".vaultkit" / "config.yaml").write_text("me: Sam Rivera\nfollow_up_days: 5\n", encoding="utf-8")
    dues = {i["contact"]: i["due"] for i in agenda_json(run, scenario)["follow_up"]}
    assert dues["Chloé Martin"] == "2027-02-25"


def test_introductions_and_cancelled_events_need_no_follow_up(run, make_vault) -> None:
    vault = make_vault({
        "people/Ada.md": "---\ntype: contact\n---\n",
        "people/Bob.md": "---\ntype: contact\n---\n",
        "events/Intro.md": "---\ntype: introduction\nkind: introduction\nstatus: made\ndate: 2027-02-20\n"
                           "attendees: ['[[Ada]]', '[[Bob]]']\n---\n",
        "events/Dinner.md": "---\ntype: event\nstatus: cancelled\ndate: 2027-02-21\nattendees: ['[[Ada]]']\n---\n",
    })
    assert agenda_json(run, vault)["follow_up"] == []
    (vault / "events/Dinner.md").write_text("---\ntype: event\ndate: 2027-02-21\nattendees: ['[[Ada]]']\n---\n",
                                            encoding="utf-8")
    assert [(i["contact"], i["event"]) for i in agenda_json(run, vault)["follow_up"]] == [("Ada", "Dinner")]


def test_piped_json_is_exactly_what_emit_json_writes_to_a_pipe(capsys) -> None:
    from vaultkit.cli.output import emit_json
    from vaultkit.render.jsonout import json_chunks

    data = {
        "tasks": [{"text": f"send the deck 📅 n°{n}", "due": None, "line": n, "ok": n % 2 == 0} for n in range(450)],
        "reconnect": [{"contact": "Zoë", "overdue_ratio": 1.25, "last_note": None, "tags": []}] * 200,
        "empty": [],
        "été": {"b": [1, 2.5, "\u2028"], "a": "\U0001F4C5"},
        "date": "2027-02-25",
        "days": 7,
    }
    emit_json(data)
    expected = capsys.readouterr().out.encode("utf-8")
    assert b"".join(json_chunks(data)) == expected
    assert b"".join(json_chunks(data, slice_size=7)) == expected
    assert b"".join(json_chunks({"only": []})) == b'{"only": []}\n'
    assert b"".join(json_chunks({})) == b"{}\n"


def test_the_cached_agenda_prints_the_same_bytes_to_a_pipe_or_a_file(scenario, tmp_path) -> None:
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "vaultkit", "agenda", "--date", T, "--format", "json", "--vault", str(scenario)]
    first = subprocess.run(cmd, capture_output=True, check=True).stdout
    assert json.loads(first)["date"] == T
    assert subprocess.run(cmd, capture_output=True, check=True).stdout == first  # from the cache
    target = tmp_path / "agenda.json"
    with open(target, "wb") as fh:
        fh.write(b"before\n")
        fh.flush()
        subprocess.run(cmd, stdout=fh, check=True)
    with open(target, "ab") as fh:
        subprocess.run(cmd, stdout=fh, check=True)
    assert target.read_bytes() == b"before\n" + first + first


def test_the_output_cache_knows_every_module_of_the_package() -> None:
    from vaultkit.engines.cache import code_stamps

    names = {stamp.rsplit(":", 2)[0].replace("\\", "/") for stamp in code_stamps()}
    assert {"/engines/agenda.py", "/engines/intros.py", "/engines/terms.py", "/engines/drafts.py",
            "/store/index.py", "/notes/reader.py", "/cli/agenda.py", "/cli/output.py",
            "/render/text.py", "/render/agenda_markdown.py", "/render/jsonout.py"} <= names


@pytest.mark.parametrize("today", ["2027-02-25", "2028-02-25", "2026-12-28", "2027-01-01"])
def test_birthdays_of_a_short_horizon_are_those_of_a_longer_one(make_vault, today: str) -> None:
    days = ["01-01", "01-03", "02-27", "02-28", "02-29", "03-01", "03-03", "12-28", "12-31"]
    notes = {f"people/P{n}.md": f"---\ntype: contact\nbirthday: '{'--' if n % 2 else '1990-'}{day}'\n---\n"
             for n, day in enumerate(days)}
    notes["people/Odd.md"] = "---\ntype: contact\nbirthday: ' 1990-03-01 '\n---\n"
    config = load_config(make_vault(notes))
    with Index(config) as ix:
        ix.refresh()
        for horizon in (0, 3, 7, 31):
            short = build_agenda(ix, config, today, horizon).birthdays
            longer = build_agenda(ix, config, today, 40).birthdays
            until = (dt.date.fromisoformat(today) + dt.timedelta(days=horizon)).isoformat()
            assert short == [b for b in longer if b.date <= until], horizon


@pytest.mark.parametrize("setting", ["agenda_note: ../outside.md", "daily_note: /tmp/{date}.md",
                                     "daily_note: 'daily/../../{date}.md'"])
def test_a_config_never_sends_the_agenda_outside_the_vault(run, make_vault, setting: str) -> None:
    vault = make_vault({"people/Ada.md": "---\ntype: contact\n---\n"}, config=f"me: Sam\n{setting}\n")
    result = run("agenda", "--date", T, "--write", vault=vault)
    assert result.exit_code != 0
    assert "config.yaml:2: `" in result.output and "must be a path inside the vault" in result.output
    assert not (vault.parent / "outside.md").exists()


@pytest.mark.parametrize("target", ["../outside.md", "/tmp/vaultkit-outside-agenda.md"])
def test_agenda_write_refuses_a_path_outside_the_vault(run, make_vault, target: str) -> None:
    vault = make_vault({"people/Ada.md": "---\ntype: contact\n---\n"})
    result = run("agenda", "--date", T, "--write", target, vault=vault)
    assert result.exit_code != 0 and "outside the vault" in result.output
    assert not (vault.parent / "outside.md").exists() and not Path(target).exists()


@pytest.mark.parametrize("limit", [0, 1, 2])
def test_limit_keeps_the_first_items_of_each_section_and_counts_them_all(run, limit: int) -> None:
    full = agenda_json(run, EXAMPLE_VAULT, "2026-11-26")
    cut = agenda_json(run, EXAMPLE_VAULT, "2026-11-26", "--limit", str(limit))
    assert "limit" not in full and "totals" not in full  # without --limit, the JSON is unchanged
    assert cut["limit"] == limit
    assert cut["totals"] == {name: len(full[name]) for name in SECTIONS}
    for name in SECTIONS:
        assert cut[name] == full[name][:limit], name  # the same items, drafts and all, in the same order
    assert {k: v for k, v in cut.items() if k not in (*SECTIONS, "limit", "totals")} == \
        {k: v for k, v in full.items() if k not in SECTIONS}
    assert sum(len(full[name]) > limit for name in SECTIONS) >= 3  # the example vault cuts several


def test_limit_with_someone_followed_up_beyond_it_still_keeps_them_out_of_reconnect(run, scenario) -> None:
    full = agenda_json(run, scenario)
    cut = agenda_json(run, scenario, T, "--limit", "1")
    assert len(full["follow_up"]) > 1
    assert cut["reconnect"] == full["reconnect"][:1]
    followed = set(paths(full["follow_up"]))
    assert not followed & set(paths(cut["reconnect"]))


def test_limit_in_text_and_markdown_counts_the_items_not_shown(run) -> None:
    full = agenda_json(run, EXAMPLE_VAULT, "2026-11-26")
    n = len(full["reconnect"])
    assert n > 1
    text = run("agenda", "--date", "2026-11-26", "--limit", "1", vault=EXAMPLE_VAULT).output
    assert f"Reconnect ({n})" in text and f"… and {n - 1} more" in text
    md = run("agenda", "--date", "2026-11-26", "--limit", "1", "--format", "markdown", vault=EXAMPLE_VAULT).output
    assert f"- … and {n - 1} more" in md
    assert md.count("- [ ] Reconnect with") == 1
    assert f"Reconnect with [[{full['reconnect'][0]['contact']}" in md


def test_the_agenda_note_made_from_the_first_items_is_the_whole_agendas(scenario, make_vault) -> None:
    """The note shows the top of each section: made from a limited agenda, it is the same text."""
    from vaultkit.render.agenda_markdown import MARKDOWN_LIMIT

    for vault, day in ((scenario, T), (EXAMPLE_VAULT, "2026-11-26")):
        config = load_config(vault)
        with Index(config) as ix:
            ix.refresh()
            for limit in (1, 2, MARKDOWN_LIMIT):
                assert render_markdown(build_agenda(ix, config, day, 7, limit=limit), limit) == \
                    render_markdown(build_agenda(ix, config, day, 7), limit)


@pytest.mark.parametrize("day", ["2026-11-26", "2026-06-01", "2027-02-25", "2028-01-01"])
def test_keep_in_touch_in_sql_is_the_rule_of_last_contacts_and_cadences(day: str) -> None:
    """The store's bounded query gives who is due exactly as the rule says: last contact (as
    ``last_contacts`` has it) plus cadence on or before the day, the most overdue first."""
    config = load_config(EXAMPLE_VAULT)
    with Index(config) as ix:
        ix.refresh()
        ix.begin_read()
        last = ix.last_contacts(day)
        now = dt.date.fromisoformat(day).toordinal()
        expected = []
        for c in ix.contacts().values():
            if not c.cadence_days or c.cadence_days <= 0 or c.is_me or (c.snooze and c.snooze[:10] > day):
                continue
            seen = last.get(c.path)
            days = now - dt.date.fromisoformat(seen[:10]).toordinal() if seen else None
            if days is not None and days < c.cadence_days:
                continue
            due = dt.date.fromordinal(now - days + c.cadence_days).isoformat() if seen else day
            ratio = days / c.cadence_days if seen else 1.0
            expected.append((-ratio, due, c.name_key, c.path, seen, (days or 0) - c.cadence_days if seen else 0))
        expected.sort()
        found, total = ix.keep_in_touch(day)
        assert total == len(expected) and len(found) == total
        assert [(-k.ratio, k.due, k.path, k.last_contact, k.late) for k in found] == \
            [(r, d, p, s, late) for r, d, _, p, s, late in expected]
        assert expected, "the example vault has someone to reconnect with"
        first = expected[0][3]
        cut, total = ix.keep_in_touch(day, leave_out={first}, limit=2)
        assert total == len(expected) - 1 and [k.path for k in cut] == [e[3] for e in expected[1:3]]


def test_the_text_agenda_made_from_the_first_items_is_the_whole_agendas(scenario) -> None:
    """Text shows the top of each section: made from a limited agenda (only those items drafted),
    it is the same text."""
    from rich.console import Console

    from vaultkit.render.text import TextRenderer

    def text(agenda, limit: int) -> bytes:
        console = Console(width=100, color_system=None, highlight=False, soft_wrap=False)
        return b"".join(TextRenderer(console, limit).agenda(agenda))

    for vault, day in ((scenario, T), (EXAMPLE_VAULT, "2026-11-26")):
        config = load_config(vault)
        with Index(config) as ix:
            ix.refresh()
            whole = build_agenda(ix, config, day, 7)
            for limit in (1, 2):
                assert text(build_agenda(ix, config, day, 7, limit=limit), limit) == text(whole, limit)


@pytest.mark.parametrize(("args", "made"), [((), 25), (("--format", "markdown"), 25),
                                           (("--format", "json"), None), (("--limit", "3"), 3)])
def test_text_and_markdown_make_only_the_items_they_show(run, monkeypatch, args, made) -> None:
    import vaultkit.engines.agenda as engine

    asked: list[int | None] = []
    build = engine.build_agenda

    def recording(ix, config, today, days, limit=None):
        asked.append(limit)
        return build(ix, config, today, days, limit)

    monkeypatch.setattr(engine, "build_agenda", recording)
    assert run("agenda", "--date", "2026-11-26", *args, vault=EXAMPLE_VAULT).exit_code == 0
    assert asked == [made]
