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
    # the note just written is new to the index: a note vaultkit generated alters no section
    made.clear()
    assert run("agenda", "--date", TODAY, "--write", vault=vault).exit_code == 0
    assert made == []
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


# -- hard changes told apart: a task, a dated heading ----------------------------------------

ALL = {"follow_up", "reconnect", "prepare", "tasks", "birthdays", "job_changes", "introductions"}
DAILY = "daily/2026-11-24.md"


def _json(text: str) -> dict:
    return json.loads(text)


def test_the_change_log_tells_what_changed_in_a_note(make_vault) -> None:
    vault = make_vault(VAULT)
    with _open(vault) as ix:
        mark = ix.change_mark()
        _edit(vault, ADA, "- [ ] send Ada", "- [x] send Ada")
        _edit(vault, CHLOE, "## 2026-09-01", "## 2026-11-24 Appel\n- rappel\n\n## 2026-09-01")
        _edit(vault, ELENA, "cadence: 1m", "cadence: 2w")
        _edit(vault, DAN, "likes chess", "likes chess and go")
        ix.refresh()
        assert ix.what_changed_since(mark) == {ADA: {"tasks"}, CHLOE: {"sections"}, ELENA: {"fields"}, DAN: set()}
        mark = ix.change_mark()
        _edit(vault, DEMO, "date: 2026-11-20", "date: 2026-11-21")
        (vault / "daily").mkdir()
        (vault / DAILY).write_text("---\ndate: 2026-11-24\n---\nDéjeuner avec [[Dan Quiet]].\n", encoding="utf-8")
        ix.refresh()
        found = ix.what_changed_since(mark)
        assert found[DEMO] >= {"head", "fields", "links"} and found[DAILY] == {"*"}
        # what changed over several refreshes adds up
        mark = ix.change_mark()
        _edit(vault, DAILY, "Déjeuner", "- [ ] rappeler [[Dan Quiet]] 📅 2026-11-27\n\nDéjeuner")
        ix.refresh()
        _edit(vault, DAILY, "Déjeuner avec [[Dan Quiet]]", "Déjeuner avec [[Dan Quiet]] et [[Ada Lovelace]]")
        ix.refresh()
        assert ix.what_changed_since(mark) == {DAILY: {"tasks", "links"}}


def test_a_task_added_to_a_contact_makes_again_the_tasks_and_mends_their_items(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    _agenda(run, vault)
    made.clear()
    # a promise in Chloé's note: her reconnection draft says it, the tasks list shows it
    _edit(vault, CHLOE, "de design\n", "de design\n- [ ] envoyer à Chloé le lien du studio 📅 2026-11-27\n")
    text = _agenda(run, vault)
    assert made == ["tasks"]  # reconnect and follow-ups mended, the rest kept
    agenda = _json(text)
    chloe = next(i for i in agenda["reconnect"] if i["path"] == CHLOE)
    assert "je vous envoie le lien du studio" in chloe["draft"]
    assert "envoyer à Chloé le lien du studio" in [t["text"] for t in agenda["tasks"]]
    assert text == _afresh(run, vault)
    # ticked: the promise is kept no more
    made.clear()
    _edit(vault, CHLOE, "- [ ] envoyer", "- [x] envoyer")
    text = _agenda(run, vault)
    assert made == ["tasks"]
    assert "lien du studio" not in json.dumps(_json(text)["reconnect"][0]["draft"])
    assert text == _afresh(run, vault)


def test_a_task_in_a_daily_note_mends_the_items_of_the_contact_it_links(run, make_vault, made) -> None:
    vault = make_vault({**VAULT, DAILY: "---\ndate: 2026-11-24\n---\nJournée calme.\n"})
    _agenda(run, vault, "--limit", "5")
    made.clear()
    _edit(vault, DAILY, "Journée calme.", "Journée calme.\n- [ ] send [[Elena Costa]] the Lisbon guide 📅 2026-11-30")
    text = _agenda(run, vault, "--limit", "5")
    assert made == ["tasks"]
    elena = next(i for i in _json(text)["reconnect"] if i["path"] == ELENA)
    assert "the Lisbon guide" in elena["draft"]
    assert text == _afresh(run, vault, "--limit", "5")


def test_a_dated_heading_moves_only_that_contacts_items(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    first = _json(_agenda(run, vault))
    assert [i["path"] for i in first["reconnect"]] == [CHLOE, ELENA]
    made.clear()
    # Elena was seen yesterday: no longer due; nothing of hers in an introduction
    _edit(vault, ELENA, "## 2026-08-15", "## 2026-11-25 Call about Lisbon\n- found a flat\n\n## 2026-08-15")
    text = _agenda(run, vault)
    assert made == []  # reconnect and follow-ups mended, the rest kept
    assert [i["path"] for i in _json(text)["reconnect"]] == [CHLOE]
    assert text == _afresh(run, vault)
    # her heading gone again: back in the list, in her place
    made.clear()
    _edit(vault, ELENA, "## 2026-11-25 Call about Lisbon\n- found a flat\n\n", "")
    text = _agenda(run, vault)
    assert made == []
    assert [i["path"] for i in _json(text)["reconnect"]] == [CHLOE, ELENA]
    assert text == _afresh(run, vault)


def test_a_dated_heading_removed_changes_the_order(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    _agenda(run, vault, "--limit", "5")
    made.clear()
    # Chloé never seen: due today (ratio 1), after Elena now
    _edit(vault, CHLOE, "## 2026-09-01 Café au marché\n", "")
    text = _agenda(run, vault, "--limit", "5")
    assert "reconnect" not in made and "follow_up" not in made
    found = _json(text)["reconnect"]
    assert [i["path"] for i in found] == [ELENA, CHLOE] and found[1]["last_contact"] is None
    assert text == _afresh(run, vault, "--limit", "5")


def test_a_dated_heading_on_someone_an_introduction_weighs_makes_it_again(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    first = _json(_agenda(run, vault))
    assert {first["introductions"][0]["a_path"], first["introductions"][0]["b_path"]} == {ADA, CHLOE}
    made.clear()
    _edit(vault, CHLOE, "## 2026-09-01", "## 2026-11-25 Appel\n- prête à investir\n\n## 2026-09-01")
    text = _agenda(run, vault)
    assert made == ["introductions"]  # how fresh the pair is: Chloé's last contact was read
    assert "2026-09-01" not in json.dumps(_json(text)["introductions"])
    assert text == _afresh(run, vault)


def test_a_follow_up_done_and_a_job_change_are_mended_in(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    first = _json(_agenda(run, vault))
    assert ADA in [i["path"] for i in first["follow_up"]] and first["job_changes"] == []
    made.clear()
    _edit(vault, ADA, "- [ ] send Ada", "## 2026-11-24 Followed up\n- sent the deck\n\n"
                                        "## 2026-11-25 Changed jobs: Analytical → Babbage Labs\n\n- [ ] send Ada")
    text = _agenda(run, vault)
    # the pair Ada is in is made again (her last contact was read); the tasks read her task's line
    assert set(made) == {"introductions", "tasks"}
    agenda = _json(text)
    assert ADA not in [i["path"] for i in agenda["follow_up"]]
    assert [(i["path"], i["to"]) for i in agenda["job_changes"]] == [(ADA, "Babbage Labs")]
    assert text == _afresh(run, vault)


def test_with_a_limit_an_item_from_beyond_it_makes_the_section_again(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    first = _json(_agenda(run, vault, "--limit", "1"))
    assert [i["path"] for i in first["reconnect"]] == [CHLOE] and first["totals"]["reconnect"] == 2
    made.clear()
    # Elena, beyond the limit, is seen: one fewer due, the item shown stays
    _edit(vault, ELENA, "## 2026-08-15", "## 2026-11-25 Call\n- ok\n\n## 2026-08-15")
    text = _agenda(run, vault, "--limit", "1")
    assert "reconnect" not in made and _json(text)["totals"]["reconnect"] == 1
    assert text == _afresh(run, vault, "--limit", "1")
    # Elena due again: after Chloé, beyond the limit (all who are due were known: mended)
    _agenda(run, vault, "--limit", "1")
    made.clear()
    _edit(vault, ELENA, "## 2026-11-25 Call\n- ok\n\n", "")
    text = _agenda(run, vault, "--limit", "1")
    assert "reconnect" not in made and _json(text)["totals"]["reconnect"] == 2
    assert text == _afresh(run, vault, "--limit", "1")
    # Chloé, shown, is seen: Elena comes from beyond the limit, unknown to the section kept
    _agenda(run, vault, "--limit", "1")
    made.clear()
    _edit(vault, CHLOE, "## 2026-09-01", "## 2026-11-25 Appel\n- ok\n\n## 2026-09-01")
    text = _agenda(run, vault, "--limit", "1")
    assert "reconnect" in made
    assert [i["path"] for i in _json(text)["reconnect"]] == [ELENA]
    assert text == _afresh(run, vault, "--limit", "1")


def test_a_task_about_someone_with_a_prep_card_makes_prepare_again(run, make_vault, made) -> None:
    club = "events/2026-11-28 Club d'échecs.md"
    vault = make_vault({**VAULT, club: "---\ntype: event\ndate: 2026-11-28\nattendees: [\"[[Dan Quiet]]\"]\n---\n"})
    first = _json(_agenda(run, vault))
    assert [c["path"] for c in first["prepare"][0]["attendees"]] == [DAN]
    made.clear()
    _edit(vault, ELENA, "next year", "next year\n- [ ] send Elena the ferry times 📅 2026-11-29")
    text = _agenda(run, vault)
    assert made == ["tasks"]  # no card of Elena's
    assert text == _afresh(run, vault)
    _agenda(run, vault)
    made.clear()
    _edit(vault, DAN, "likes chess.", "likes chess.\n- [ ] apporter l'échiquier à Dan 📅 2026-11-28")
    text = _agenda(run, vault)
    assert made == ["prepare", "tasks"]
    assert _json(text)["prepare"][0]["attendees"][0]["open_tasks"][0]["text"] == "apporter l'échiquier à Dan"
    assert text == _afresh(run, vault)


def test_a_link_in_a_daily_note_mends_the_items_of_the_contact_linked(run, make_vault, made) -> None:
    vault = make_vault({**VAULT, DAILY: "---\ndate: 2026-11-24\n---\nJournée calme.\n"})
    _agenda(run, vault)
    made.clear()
    _edit(vault, DAILY, "Journée calme.", "Déjeuner avec [[Elena Costa]] au port.")
    text = _agenda(run, vault)
    assert made == []  # Elena is in no introduction: reconnect mended, the rest kept
    assert [i["path"] for i in _json(text)["reconnect"]] == [CHLOE]
    assert text == _afresh(run, vault)
    # the link gone: she is due again
    made.clear()
    _edit(vault, DAILY, "Déjeuner avec [[Elena Costa]] au port.", "Journée calme.")
    text = _agenda(run, vault)
    assert made == []
    assert [i["path"] for i in _json(text)["reconnect"]] == [CHLOE, ELENA]
    assert text == _afresh(run, vault)
    # a link between two contacts' notes: who knows whom, the introductions made again
    made.clear()
    _edit(vault, ADA, "routing tool", "routing tool, built with [[Chloé Martin]]")
    text = _agenda(run, vault)
    assert "introductions" in made and "reconnect" not in made and "follow_up" not in made
    assert _json(text)["introductions"] == []  # they know each other now
    assert text == _afresh(run, vault)


def test_an_event_moved_or_attended_mends_the_items_of_its_people(run, make_vault, made) -> None:
    club = "events/2026-11-28 Club d'échecs.md"
    vault = make_vault({**VAULT, club: "---\ntype: event\ndate: 2026-11-28\nattendees: [\"[[Dan Quiet]]\"]\n---\n"})
    first = _json(_agenda(run, vault))
    assert {i["path"] for i in first["follow_up"]} == {ADA, "people/Bruno Keller.md"}
    made.clear()
    # Demo Night two days later: Ada's and Bruno's follow-ups due later; Ada's pair made again
    _edit(vault, DEMO, "date: 2026-11-20", "date: 2026-11-22")
    text = _agenda(run, vault)
    assert made == ["introductions"]  # Ada's last contact was read by the suggestions
    assert {i["due"] for i in _json(text)["follow_up"]} == {"2026-11-24"}
    assert text == _afresh(run, vault)
    # Elena was there too: a follow-up owed to her, no longer one to reconnect with
    _agenda(run, vault)
    made.clear()
    _edit(vault, DEMO, '"[[Bruno Keller]]"]', '"[[Bruno Keller]]", "[[Elena Costa]]"]')
    text = _agenda(run, vault)
    assert "follow_up" not in made and "reconnect" not in made and "prepare" not in made
    agenda = _json(text)
    assert ELENA in {i["path"] for i in agenda["follow_up"]}
    assert [i["path"] for i in agenda["reconnect"]] == [CHLOE]
    assert text == _afresh(run, vault)
    # what the event's body says of Bruno: his follow-up's talking points
    made.clear()
    _edit(vault, DEMO, "- [[Ada Lovelace]]: asked",
          "- [[Bruno Keller]]: veut un stand à Lyon\n- [[Ada Lovelace]]: asked")
    text = _agenda(run, vault)
    assert "follow_up" not in made
    bruno = next(i for i in _json(text)["follow_up"] if i["path"] == "people/Bruno Keller.md")
    assert bruno["talking_points"] == ["veut un stand à Lyon"]
    assert text == _afresh(run, vault)
    # no follow-up after Demo Night (its people and links as they were): none owed to anyone there
    made.clear()
    _edit(vault, DEMO, "date: 2026-11-22", "date: 2026-11-22\nfollow_up: false")
    text = _agenda(run, vault)
    assert "follow_up" not in made and _json(text)["follow_up"] == []
    assert text == _afresh(run, vault)
    # Demo Night called off: Elena's last contact is August again
    made.clear()
    _edit(vault, DEMO, "follow_up: false", "status: cancelled")
    text = _agenda(run, vault)
    assert "reconnect" not in made
    assert [i["path"] for i in _json(text)["reconnect"]] == [CHLOE, ELENA]
    assert text == _afresh(run, vault)
    # the chess club, to prepare, moved beyond the horizon: prepare made again
    made.clear()
    _edit(vault, club, "date: 2026-11-28", "date: 2026-12-28")
    text = _agenda(run, vault)
    assert "prepare" in made and _json(text)["prepare"] == []
    assert text == _afresh(run, vault)


def test_an_event_to_prepare_moved_away_makes_prepare_again(run, make_vault, made) -> None:
    salon = "events/2026-11-27 Salon des startups.md"
    vault = make_vault({**VAULT, salon: "---\ntype: event\ndate: 2026-11-27\ngoals: [trouver un designer]\n"
                                        "attendees: [Marc Dupont]\n---\n"})
    assert [i["path"] for i in _json(_agenda(run, vault))["prepare"]] == [salon]
    made.clear()
    # Demo Night, long past, moved a day: prepare kept
    _edit(vault, DEMO, "date: 2026-11-20", "date: 2026-11-19")
    text = _agenda(run, vault)
    assert "prepare" not in made
    assert text == _afresh(run, vault)
    # the salon (no contact to meet there) moved to next month: prepare made again, empty
    made.clear()
    _edit(vault, salon, "date: 2026-11-27", "date: 2026-12-27")
    text = _agenda(run, vault)
    assert "prepare" in made and _json(text)["prepare"] == []
    assert text == _afresh(run, vault)
    # and back into the week
    made.clear()
    _edit(vault, salon, "date: 2026-12-27", "date: 2026-11-29")
    text = _agenda(run, vault)
    assert "prepare" in made and _json(text)["prepare"][0]["date"] == "2026-11-29"
    assert text == _afresh(run, vault)


@pytest.mark.parametrize("edit", ["tags", "kind", "note added", "note deleted", "note renamed", "link"])
def test_other_hard_changes_make_every_section_again(run, make_vault, made, edit) -> None:
    vault = make_vault({**VAULT, DAILY: "---\ndate: 2026-11-24\n---\nJournée calme.\n"})
    _agenda(run, vault, "--limit", "5")
    made.clear()
    if edit == "tags":
        _edit(vault, ELENA, "cadence: 1m", "cadence: 1m\ntags: [investor]")
    elif edit == "kind":
        _edit(vault, DAN, "type: contact", "type: note")
    elif edit == "note added":
        (vault / "people" / "Eva Neu.md").write_text("---\ntype: contact\ncadence: 1w\n---\nVoisine.\n",
                                                     encoding="utf-8")
    elif edit == "note deleted":
        (vault / ELENA).unlink()
    elif edit == "note renamed":
        (vault / ELENA).rename(vault / "people" / "Elena Costa-Ruiz.md")
    else:  # a link to an event from a contact's note: what was followed up
        _edit(vault, ELENA, "next year", "next year\n- met again at [[2026-11-20 Demo Night]]")
    text = _agenda(run, vault, "--limit", "5")
    assert set(made) >= ALL
    assert text == _afresh(run, vault, "--limit", "5")


def test_keep_in_touch_of_a_few_is_the_rule_for_everyone(make_vault) -> None:
    """The store's question for a few contacts answers as the one over everyone, and its keys
    sort them in the same order."""
    vault = make_vault({**VAULT, "people/Nadia Benali.md": "---\ntype: contact\ncadence: 2w\n---\nJamais vue.\n",
                        DAILY: "---\ndate: 2026-11-24\n---\nAppel avec [[Elena Costa]] hier soir.\n"})
    with _open(vault) as ix:
        every: set[str] = set()
        due, total = ix.keep_in_touch(TODAY, (), None, every=every)
        assert [d.path for d in due] == [CHLOE, "people/Nadia Benali.md"] and total == 2 == len(every)
        some = ix.keep_in_touch_of([*every, ELENA, DAN, ADA], TODAY)
        assert set(some) == every  # Elena seen in the daily note, Dan without a cadence, Ada seen
        assert [row for row, _ in sorted(some.values(), key=lambda v: v[1])] == due
        _, limited = ix.keep_in_touch(TODAY, (CHLOE,), 1)
        assert limited == 1


def test_who_can_help_is_asked_again_when_a_field_changed(run, make_vault, made) -> None:
    """The answers about who can help with a need are kept with the sections (from fields
    alone): a change of someone's offers makes them again."""
    vault = make_vault(VAULT)
    ada = next(i for i in _json(_agenda(run, vault))["follow_up"] if i["path"] == ADA)
    assert "Chloé Martin, who could help with seed funding" in ada["draft"]
    # a task (kept answers serve), then Chloé's offers changed (they are asked again)
    _edit(vault, CHLOE, "de design\n", "de design\n- [ ] appeler Chloé 📅 2026-11-30\n")
    _agenda(run, vault)
    _edit(vault, CHLOE, "offers: [seed funding]", "offers: [design reviews]")
    text = _agenda(run, vault)
    ada = next(i for i in _json(text)["follow_up"] if i["path"] == ADA)
    assert "Chloé" not in ada["draft"]
    assert text == _afresh(run, vault)


def test_a_note_vaultkit_generated_added_or_deleted_is_soft(run, make_vault) -> None:
    vault = make_vault(VAULT)
    with _open(vault) as ix:
        mark = ix.change_mark()
        assert run("agenda", "--date", TODAY, "--write", vault=vault).exit_code == 0
        ix.refresh()
        assert ix.what_changed_since(mark) == {"Agenda.md": set()}
        mark = ix.change_mark()
        (vault / "Agenda.md").unlink()
        (vault / "people" / "Eva Neu.md").write_text("---\ntype: contact\n---\nVoisine.\n", encoding="utf-8")
        ix.refresh()
        assert ix.what_changed_since(mark) == {"Agenda.md": set(), "people/Eva Neu.md": {"*"}}
