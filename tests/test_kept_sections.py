"""Agenda sections kept between runs (``engines/kept.py``) and the index's change log
(``store/changes.py``): an edit makes again the sections it can alter, and the agenda is
always the one made afresh."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vaultkit.config import cache_dir, load_config
from vaultkit.engines.agenda import AgendaEngine
from vaultkit.store.index import Index

TODAY = "2026-11-26"
ADA = "people/Ada Lovelace.md"
CHLOE = "people/Chloé Martin.md"
DAN = "people/Dan Quiet.md"
ELENA = "people/Elena Costa.md"
DEMO = "events/2026-11-20 Demo Night.md"

VAULT = {
    "people/Sam Rivera.md": """\
        ---
        type: contact
        ---
        This is me.
        """,
    ADA: """\
        ---
        type: contact
        company: Analytical
        needs: [seed funding]
        cadence: 1m
        ---
        ## 2026-11-20 Demo Night
        - showed me a prototype of the routing tool
        - [ ] send Ada the deck 📅 2026-11-27
        """,
    CHLOE: """\
        ---
        type: contact
        lang: fr
        offers: [seed funding]
        cadence: 2w
        ---
        ## 2026-09-01 Café au marché
        - parle de son nouveau studio de design
        """,
    "people/Bruno Keller.md": """\
        ---
        type: contact
        birthday: 1985-11-28
        ---
        Met him at a conference.
        """,
    ELENA: """\
        ---
        type: contact
        cadence: 1m
        ---
        ## 2026-08-15 Lunch at the harbour
        - wants to move to Lisbon next year
        """,
    DAN: """\
        ---
        type: contact
        ---
        Neighbour, likes chess.
        """,
    DEMO: """\
        ---
        type: event
        date: 2026-11-20
        attendees: ["[[Ada Lovelace]]", "[[Bruno Keller]]"]
        ---
        - [[Ada Lovelace]]: asked about pilots in Lyon
        """,
}


def _edit(vault: Path, rel: str, old: str, new: str) -> None:
    path = vault / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _agenda(run, vault: Path, *args: str) -> str:
    result = run("agenda", "--date", TODAY, "--format", "json", *args, vault=vault)
    assert result.exit_code == 0, result.output
    return result.stdout


def _afresh(run, vault: Path, *args: str) -> str:
    """The agenda with nothing kept from an earlier run."""
    folder = cache_dir(vault.resolve())
    shutil.rmtree(folder / "agenda-sections", ignore_errors=True)
    (folder / "agenda-output.txt").unlink(missing_ok=True)
    return _agenda(run, vault, *args)


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The sections made (not kept) by the runs of a test, in order."""
    names: list[str] = []
    for name in ("follow_up", "reconnect", "prepare", "tasks", "birthdays", "job_changes", "introductions"):
        method = getattr(AgendaEngine, name)

        def counting(self, *args, _method=method, _name=name, **kwargs):
            names.append(_name)
            return _method(self, *args, **kwargs)

        monkeypatch.setattr(AgendaEngine, name, counting)
    return names


def _open(vault: Path) -> Index:
    ix = Index(load_config(vault))
    ix.refresh()
    return ix


def test_the_change_log_tells_a_text_edit_from_any_other(make_vault) -> None:
    vault = make_vault(VAULT)
    with _open(vault) as ix:
        start = ix.change_mark()
        assert start is not None and ix.changes_since(start) == {}
        # the text under a dated heading, and the body: the note's text only
        _edit(vault, ADA, "prototype of the routing tool", "prototype of the routing tool, now in beta")
        _edit(vault, DAN, "likes chess", "likes chess and go")
        ix.refresh()
        assert ix.changes_since(start) == {ADA: False, DAN: False}
        # a line added above a dated heading and a task: they only move down
        _edit(vault, ADA, "## 2026-11-20", "Met through Chloé.\n\n## 2026-11-20")
        ix.refresh()
        assert ix.changes_since(start) == {ADA: False, DAN: False}
        soft = ix.change_mark()
        # a field, a new dated heading, a task ticked: more than the text
        _edit(vault, CHLOE, "cadence: 2w", "cadence: 3w")
        _edit(vault, DAN, "likes chess and go", "likes chess and go\n\n## 2026-11-25 Chess club\n- won")
        _edit(vault, ADA, "- [ ] send Ada", "- [x] send Ada")
        ix.refresh()
        assert ix.changes_since(soft) == {CHLOE: True, DAN: True, ADA: True}
        assert ix.changes_since(start) == {ADA: True, CHLOE: True, DAN: True}
        # a note added and a note deleted
        before = ix.change_mark()
        (vault / "people" / "Eva Neu.md").write_text("---\ntype: contact\n---\nNouvelle voisine.\n", encoding="utf-8")
        (vault / DAN).unlink()
        ix.refresh()
        assert ix.changes_since(before) == {"people/Eva Neu.md": True, DAN: True}
        # a note over a megabyte: its text edit is taken as more (its rows are not compared)
        log = "---\ntype: contact\n---\n" + "".join(f"## 2020-01-{d % 28 + 1:02d} Call\n- notes {d}\n"
                                                    for d in range(60_000))
        (vault / "people" / "Long Log.md").write_text(log, encoding="utf-8")
        ix.refresh()
        big = ix.change_mark()
        (vault / "people" / "Long Log.md").write_text(log.replace("notes 7\n", "notes seven\n"), encoding="utf-8")
        ix.refresh()
        assert ix.changes_since(big) == {"people/Long Log.md": True}
        # a rebuild starts over: nothing earlier can be told
        ix.refresh(rebuild=True)
        assert ix.changes_since(before) is None
        assert ix.changes_since("not a mark") is None


def test_a_text_edit_no_section_read_keeps_every_section(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    first = _agenda(run, vault, "--limit", "5")
    assert {"follow_up", "reconnect", "introductions", "tasks"} <= set(made)
    made.clear()
    _edit(vault, DAN, "likes chess", "likes chess and go")
    again = _agenda(run, vault, "--limit", "5")
    assert made == []  # nothing made again: Dan's text is in no section
    assert again == first == _afresh(run, vault, "--limit", "5")


def test_a_text_edit_makes_again_the_sections_that_read_it(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    _agenda(run, vault)
    made.clear()
    # Ada's follow-up after Demo Night talks about what her section says: her item alone is
    # made again (the section is mended, not made), her open task moved nowhere but is hers
    _edit(vault, ADA, "prototype of the routing tool", "prototype of the routing tool, now in beta")
    text = _agenda(run, vault)
    assert "follow_up" not in made and "birthdays" not in made and "prepare" not in made
    ada = next(i for i in json.loads(text)["follow_up"] if i["path"] == ADA)
    assert "showed me a prototype of the routing tool, now in beta" in ada["talking_points"]
    assert text == _afresh(run, vault)
    # what the event's note says of her: in the event's text too
    made.clear()
    _edit(vault, DEMO, "- [[Ada Lovelace]]: asked about pilots in Lyon",
          "- [[Ada Lovelace]]: asked about pilots in Lyon\n\nA good crowd.")
    assert _agenda(run, vault) == _afresh(run, vault)
    # Chloé's reconnection draft quotes her latest section (in French): her item alone is
    # made again, the section is not
    made.clear()
    _edit(vault, CHLOE, "nouveau studio de design", "nouveau studio de design à Lyon")
    text = _agenda(run, vault)
    assert made == []
    chloe = next(i for i in json.loads(text)["reconnect"] if i["path"] == CHLOE)
    assert chloe["last_note"]["text"] == "- parle de son nouveau studio de design à Lyon"
    assert "parle de son nouveau studio de design à Lyon" in chloe["context"]
    assert text == _afresh(run, vault)


def test_a_reconnect_item_is_made_again_alone(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    first = json.loads(_agenda(run, vault))["reconnect"]
    assert [i["path"] for i in first] == [CHLOE, ELENA]  # Chloé the most overdue: Elena second
    assert first[1]["draft"] is not None  # the first 25 are drafted
    made.clear()
    _edit(vault, ELENA, "move to Lisbon", "move to Porto")
    text = _agenda(run, vault)
    assert "reconnect" not in made
    elena = json.loads(text)["reconnect"][1]
    assert "Porto" in elena["last_note"]["text"] and "Porto" in elena["draft"] + " ".join(elena["context"])
    assert text == _afresh(run, vault)
    # with --limit 1, Elena is not shown: nothing is made again
    _agenda(run, vault, "--limit", "1")
    made.clear()
    _edit(vault, ELENA, "move to Porto", "move to Madrid")
    text = _agenda(run, vault, "--limit", "1")
    assert "reconnect" not in made
    assert text == _afresh(run, vault, "--limit", "1")


def test_any_other_edit_makes_every_section_again(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    _agenda(run, vault, "--limit", "5")
    made.clear()
    _edit(vault, DAN, "type: contact", "type: contact\ncadence: 1w")  # now someone to keep in touch with
    text = _agenda(run, vault, "--limit", "5")
    assert {"follow_up", "reconnect", "prepare", "tasks", "birthdays", "job_changes", "introductions"} <= set(made)
    assert DAN in text
    assert text == _afresh(run, vault, "--limit", "5")


def test_a_task_moved_down_by_a_line_is_shown_at_its_new_line(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    first = json.loads(_agenda(run, vault))
    assert [t["line"] for t in first["tasks"] if t["path"] == ADA] == [9]
    made.clear()
    _edit(vault, ADA, "- showed me", "- met her cofounder too\n- showed me")
    text = _agenda(run, vault)
    assert "tasks" in made and "birthdays" not in made
    assert [t["line"] for t in json.loads(text)["tasks"] if t["path"] == ADA] == [10]
    assert text == _afresh(run, vault)


def test_the_agenda_note_keeps_the_sections_a_text_edit_cannot_alter(run, make_vault, made) -> None:
    """`agenda --write` (and the watcher, which calls the same function) keeps sections too."""
    vault = make_vault(VAULT)
    assert run("agenda", "--date", TODAY, "--write", vault=vault).exit_code == 0
    assert {"follow_up", "reconnect", "introductions", "tasks"} <= set(made)
    # the note just written is new to the index: a change that makes every section again, once
    assert run("agenda", "--date", TODAY, "--write", vault=vault).exit_code == 0
    made.clear()
    _edit(vault, DAN, "likes chess", "likes chess and go")
    assert run("agenda", "--date", TODAY, "--write", vault=vault).exit_code == 0
    assert made == []
    kept = (vault / "Agenda.md").read_text(encoding="utf-8")
    shutil.rmtree(cache_dir(vault.resolve()) / "agenda-sections")
    (vault / "Agenda.md").unlink()
    assert run("agenda", "--date", TODAY, "--write", vault=vault).exit_code == 0
    assert (vault / "Agenda.md").read_text(encoding="utf-8") == kept


def test_the_agenda_note_written_again_keeps_every_section(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    assert run("agenda", "--date", TODAY, "--write", vault=vault).exit_code == 0
    written = (vault / "Agenda.md").read_text(encoding="utf-8")
    first = _agenda(run, vault)
    assert run("agenda", "--date", TODAY, "--days", "30", "--write", vault=vault).exit_code == 0
    assert (vault / "Agenda.md").read_text(encoding="utf-8") != written
    made.clear()
    assert _agenda(run, vault) == first
    assert made == []  # the note vaultkit generated is in no section


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_keep_sections_too(run, make_vault, made, fmt) -> None:
    vault = make_vault(VAULT)
    args = ("agenda", "--date", TODAY, "--format", fmt)
    first = run(*args, vault=vault).stdout
    made.clear()
    _edit(vault, DAN, "likes chess", "likes chess and go")
    assert run(*args, vault=vault).stdout == first
    assert made == []


def test_a_broken_kept_file_is_made_again(run, make_vault) -> None:
    vault = make_vault(VAULT)
    first = _agenda(run, vault)
    folder = cache_dir(vault.resolve()) / "agenda-sections"
    kept = list(folder.glob("*.pickle"))
    assert len(kept) == 1
    kept[0].write_bytes(b"not a pickle")
    (cache_dir(vault.resolve()) / "agenda-output.txt").unlink()
    assert _agenda(run, vault) == first


def test_a_section_that_cannot_mend_itself_is_made_again(run, make_vault, made, monkeypatch) -> None:
    vault = make_vault(VAULT)
    _agenda(run, vault)
    monkeypatch.setattr(AgendaEngine, "mend_follow_up", lambda self, items, paths: None)
    made.clear()
    _edit(vault, ADA, "prototype of the routing tool", "prototype of the routing tool, now in beta")
    text = _agenda(run, vault)
    assert "follow_up" in made
    assert "routing tool, now in beta" in text
    assert text == _afresh(run, vault)
