"""How links are written and what notes are called: one rule each, the same in every command."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.config import Config
from vaultkit.notes.links import note_link, safe_target, wikilink
from vaultkit.notes.names import file_name, title_field
from vaultkit.notes.reader import CONTACT_ALIASES, Reader, alias_table
from vaultkit.notes.values import display, link_key, unnest_link

TODAY = "2026-11-26"


@pytest.mark.parametrize(("args", "link"), [
    (("Ada Lovelace",), "[[Ada Lovelace]]"),
    (("Ada Lovelace", "Ada Lovelace"), "[[Ada Lovelace]]"),
    (("Ada Lovelace", ""), "[[Ada Lovelace]]"),
    (("Ada Lovelace", None), "[[Ada Lovelace]]"),
    (("ada", "Ada Lovelace"), "[[ada|Ada Lovelace]]"),
    (("ada", "Ada | the [Countess]"), "[[ada|Ada  the Countess]]"),
    (("ada", " [|] "), "[[ada]]"),
    (("people/Ada", "Ada"), "[[people/Ada|Ada]]"),
])
def test_wikilink(args: tuple, link: str) -> None:
    assert wikilink(*args) == link


@pytest.mark.parametrize(("target", "label"), [("Ada Lovelace", None), ("ada", "Ada Lovelace"),
                                               ("people/ada", "Ada"), ("people/Ada Lovelace", None)])
def test_a_written_link_reads_back_as_its_label_and_resolves_to_its_target(target: str, label: str | None) -> None:
    link = wikilink(target, label)
    assert display(link) == (label or file_name(target))
    assert link_key(link[2:-2].split("|")[0]) == link_key(target)


def test_note_link_links_the_file_and_shows_the_name() -> None:
    assert note_link("people/Ada Lovelace.md") == "[[Ada Lovelace]]"
    assert note_link("people/Ada Lovelace.md", "Ada Lovelace") == "[[Ada Lovelace]]"
    assert note_link("people/ada.MD", "Ada Lovelace") == "[[ada|Ada Lovelace]]"
    assert note_link("events/2026-11-20 Demo Day.md", "Demo Day") == "[[2026-11-20 Demo Day|Demo Day]]"


def test_safe_target_keeps_one_line_without_link_syntax() -> None:
    assert safe_target("  Ada\n [Lovelace] #1^x|y ") == "Ada Lovelace 1xy"
    assert safe_target("Ada Lovelace") == "Ada Lovelace"


def test_a_link_read_back_from_yaml_is_written_as_a_link() -> None:
    assert unnest_link([["Ada Lovelace"]]) == "[[Ada Lovelace]]"
    assert unnest_link([[["Ada"]], "x"]) == ["[[Ada]]", "x"]


@pytest.mark.parametrize(("path", "name"), [
    ("people/Ada Lovelace.md", "Ada Lovelace"), ("Ada.MD", "Ada"), ("a/b/c.md", "c"), ("notes/readme", "readme"),
    ("x.md.md", "x.md"), ("people/.md", ""),
])
def test_file_name(path: str, name: str) -> None:
    assert file_name(path) == name


def test_file_name_is_what_links_and_their_display_use() -> None:
    assert link_key("people/Ada Lovelace.MD") == link_key("Ada Lovelace")
    assert display("[[people/Ada Lovelace.MD]]") == "Ada Lovelace"
    assert display("met [[people/Ada.MD|the Countess]] and [[Bob.MD]]") == "met the Countess and Bob"


def test_title_is_the_name_unless_a_name_is_written_too() -> None:
    table = alias_table(CONTACT_ALIASES, {})
    assert title_field(["title", "company"], table) == "name"
    for name_key in ("name", "fn", "full_name"):
        assert title_field(["title", name_key], table) == "role", name_key
    assert title_field(["title", "nom"], alias_table(CONTACT_ALIASES, {"name": ["nom"]})) == "role"


@pytest.mark.parametrize("front", ["full_name: Ada Lovelace\ntitle: CTO", "title: CTO\nfull_name: Ada Lovelace",
                                   "name: Ada Lovelace\ntitle: CTO", "fn: Ada Lovelace\ntitle: CTO"])
def test_the_reader_takes_a_title_beside_a_name_as_the_role(front: str, tmp_path: Path) -> None:
    note = Reader(Config(vault=tmp_path)).read_text("people/ada.md", f"---\ntype: contact\n{front}\n---\n")
    assert (note.name, note.fields.get("role")) == ("Ada Lovelace", "CTO")


def test_every_command_writes_the_same_link_to_a_contact(make_vault, run, tmp_path: Path) -> None:
    """The agenda note, an introduction note and an imported event link a contact whose file name
    is not their name the same way."""
    vault = make_vault({
        "people/ada lovelace.md": "---\ntype: contact\nname: Ada Lovelace\nemail: ada@engines.example\n"
                                  "birthday: 1815-11-26\nneeds: [pilot customers]\n---\n",
        "people/Bob Byron.md": "---\ntype: contact\noffers: [pilot customers]\n---\n",
    })
    expected = "[[ada lovelace|Ada Lovelace]]"
    agenda = run("agenda", "--format", "markdown", "--date", TODAY, vault=vault)
    assert agenda.exit_code == 0 and f"- [ ] 2026-11-26: {expected}" in agenda.output
    intro = run("intro", "Ada Lovelace", "Bob Byron", "--date", TODAY, vault=vault)
    assert intro.exit_code == 0, intro.output
    note = next((vault / "events").glob("*Introduction*.md")).read_text(encoding="utf-8")
    assert f"- '{expected}'" in note or f"- {expected}" in note or f'"{expected}"' in note, note
    ics = tmp_path / "cal.ics"
    ics.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:lunch-1\nSUMMARY:Lunch\n"
                   "DTSTART:20261201T113000Z\nATTENDEE;CN=Ada:mailto:ada@engines.example\nEND:VEVENT\n"
                   "END:VCALENDAR\n", encoding="utf-8")
    assert run("import", "ics", str(ics), vault=vault).exit_code == 0
    lunch = (vault / "events" / "2026-12-01 Lunch.md").read_text(encoding="utf-8")
    assert expected in lunch, lunch


def test_a_note_named_with_link_syntax_gets_a_markdown_link_that_resolves(tmp_path, run) -> None:
    """`#` in a file name (Obsidian never makes one; other tools do) would point into a heading
    in a wikilink: `done` and the agenda write a markdown link to its path instead, which
    vaultkit resolves, check does not flag, and a box in the agenda note can be ticked on."""
    import json
    import shutil

    from tests.conftest import REPO

    vault = tmp_path / "lyon"
    shutil.copytree(REPO / "tests" / "vaults" / "lyon-freelance", vault)
    done = run("done", "Anna Schmidt", "--date", "2026-12-03", vault=vault)
    assert done.exit_code == 0, done.output
    anna = (vault / "People" / "Anna Schmidt.md").read_text(encoding="utf-8")
    assert anna.endswith("## 2026-12-03 Followed up after [2026-11-20 Data Lyon Meetup #12]"
                         "(<Meetings/2026-11-20 Data Lyon Meetup %2312.md>)\n")
    checked = json.loads(run("check", "--format", "json", vault=vault).stdout)
    assert not [i for i in checked if "Meetup" in i["message"]]
    card = json.loads(run("show", "Anna Schmidt", "--format", "json", vault=vault).stdout)
    assert card["interactions"][0]["title"] == "Followed up after 2026-11-20 Data Lyon Meetup #12"
    # the agenda note's box for Yann's follow-up after that meetup can be ticked
    assert run("agenda", "--date", "2026-12-03", "--write", vault=vault).exit_code == 0
    agenda = vault / "Agenda.md"
    text = agenda.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if x.startswith("- [ ] Follow up with [[Yann Le Gall]]"))
    assert "[2026-11-20 Data Lyon Meetup #12](<Meetings/2026-11-20 Data Lyon Meetup %2312.md>)" in line
    agenda.write_text(text.replace(line, line.replace("- [ ]", "- [x]", 1)), encoding="utf-8")
    ticked = run("agenda", "--date", "2026-12-03", "--write", vault=vault)
    assert "applied: follow-up: People/Réseau/Yann Le Gall.md" in ticked.output
