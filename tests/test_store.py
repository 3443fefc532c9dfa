"""The rules the store decides once for every command: whom an open task is about, and what
a contact's companies are."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultkit.config import load_config
from vaultkit.store.index import Index

from .conftest import as_json

TODAY = "2026-11-26"
ADA = "people/Ada Lovelace.md"
BOB = "people/Bob Martin.md"
ME = "people/Sam Rivera.md"

TASKS_VAULT = {
    ADA: """\
        ---
        type: contact
        ---
        - [ ] send Ada the deck 📅 2026-11-28
        - [x] done already
        """,
    BOB: """\
        ---
        type: contact
        ---
        - [ ] ask Bob whether [[Ada Lovelace]] may join 📅 2026-11-29
        """,
    ME: """\
        ---
        type: contact
        ---
        - [ ] thank [[Ada Lovelace]] for the intro
        - [ ] renew my passport
        """,
    # a task that links her, in a daily note
    "daily/2026-11-20.md": """\
        Met [[Bob Martin]] at the fair.
        - [ ] call [[Ada Lovelace|Ada]] back 📅 2026-11-27
        """,
    # her name elsewhere in the note, not in the task
    "daily/2026-11-21.md": """\
        Coffee with [[Ada Lovelace]].
        - [ ] book the dentist 📅 2026-11-27
        """,
    "daily/2026-11-22.md": """\
        Lunch with [[Ada Lovelace]] and [[Bob Martin]].
        - [ ] water the plants
        """,
    "events/2026-11-30 Demo Day.md": """\
        ---
        type: event
        date: 2026-11-30
        attendees: ["[[Ada Lovelace]]", "[[Bob Martin]]"]
        ---
        """,
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(TASKS_VAULT)


def _index(vault: Path) -> Index:
    ix = Index(load_config(vault))
    ix.refresh()
    return ix


def test_open_tasks_about_a_contact(vault: Path) -> None:
    with _index(vault) as ix:
        about_ada = ix.open_tasks(about=[ADA])
        # her own note, and other notes' task lines that link her (the user's own note too)
        assert [(t.path, t.text) for t in about_ada] == [
            ("daily/2026-11-20.md", "call [[Ada Lovelace|Ada]] back 📅 2026-11-27"),
            (ADA, "send Ada the deck 📅 2026-11-28"),
            (ME, "thank [[Ada Lovelace]] for the intro"),
        ]
        # a task in another contact's note is about that contact, whatever it links
        assert [(t.path, t.line) for t in ix.open_tasks(about=[BOB])] == [(BOB, 4)]
        every = {(t.path, t.line): [c.path for c in t.about] for t in ix.open_tasks()}
        assert every[("daily/2026-11-21.md", 2)] == []  # the note links her, the task does not
        assert every[("daily/2026-11-22.md", 2)] == []
        assert every[(BOB, 4)] == [BOB]
        assert every[(ME, 5)] == []  # never about the user
        assert every[(ME, 4)] == [ADA]
        assert [c.name for c in ix.open_tasks(notes=["daily/2026-11-20.md"])[0].about] == ["Ada Lovelace"]
        due = ix.open_tasks(due_by="2026-11-28")
        assert [(t.due, t.path) for t in due] == [("2026-11-27", "daily/2026-11-20.md"),
                                                   ("2026-11-27", "daily/2026-11-21.md"), ("2026-11-28", ADA)]


def test_show_prep_and_the_agenda_list_the_same_tasks(vault: Path, run) -> None:
    shown = as_json(run("show", "Ada Lovelace", "--format", "json", vault=vault))["open_tasks"]
    prep = as_json(run("prep", "Demo Day", "--format", "json", "--date", TODAY, vault=vault))
    cards = {card["path"]: card for card in prep["attendees"]}
    listed_by_show = {(t["path"], t["line"]) for t in shown}
    assert listed_by_show == {(t["path"], t["line"]) for t in cards[ADA]["open_tasks"]}
    assert listed_by_show == {("daily/2026-11-20.md", 2), (ADA, 4), (ME, 4)}
    assert {(t["path"], t["line"]) for t in cards[BOB]["open_tasks"]} == {(BOB, 4)}
    agenda = as_json(run("agenda", "--format", "json", "--date", TODAY, vault=vault))
    assert {t["path"]: t["contact_paths"] for t in agenda["tasks"]} == {
        "daily/2026-11-20.md": [ADA], "daily/2026-11-21.md": [], ADA: [ADA], BOB: [BOB]}


COMPANY_VAULT = {
    "people/Ann Acme.md": '---\ntype: contact\ncompany: "Acme, Inc."\nneeds: [seed funding]\n---\n',
    "people/Ben Both.md": '---\ntype: contact\ncompany: ["Acme, Inc.", "[[Foo]]"]\n---\n',
    "people/Cy Inc.md": "---\ntype: contact\ncompany: Inc.\noffers: [seed funding]\n---\n",
    "Foo.md": "A company note.\n",
    "events/2026-11-30 Fair.md": '---\ntype: event\ndate: 2026-11-30\nto_meet: ["[[Ann Acme]]"]\n---\n',
}


def test_a_company_with_a_comma_is_one_company(make_vault, run) -> None:
    from vaultkit.engines.intros import explain, suggest

    vault = make_vault(COMPANY_VAULT)
    listed = as_json(run("list", "contacts", "--format", "json", vault=vault))
    # the JSON `company` key stays one text: the companies joined with ", "
    assert {c["name"]: c["company"] for c in listed} == {
        "Ann Acme": "Acme, Inc.", "Ben Both": "Acme, Inc., Foo", "Cy Inc": "Inc."}
    only = as_json(run("list", "contacts", "--company", "acme, inc", "--format", "json", vault=vault))
    assert [c["name"] for c in only] == ["Ann Acme", "Ben Both"]
    # worth meeting at the fair: same company as Ann, who is to be met there (not "Inc.")
    fair = as_json(run("prep", "Fair", "--format", "json", "--date", TODAY, vault=vault))
    assert [(w["contact"], w["reasons"]) for w in fair["worth_meeting"]] == [
        ("Ben Both", ["works at Acme, Inc. like Ann Acme"])]
    config = load_config(vault)
    with _index(vault) as ix:
        ix.begin_read()
        assert {c.name: c.companies for c in ix.contacts().values()} == {
            "Ann Acme": ("Acme, Inc.",), "Ben Both": ("Acme, Inc.", "Foo"), "Cy Inc": ("Inc.",)}
        # Ann at "Acme, Inc." and Cy at "Inc." do not work at the same company
        ann_cy = suggest(ix, config, TODAY)
        assert [(m["a"], m["b"]) for m in ann_cy] == [("Ann Acme", "Cy Inc")]
        assert not [r for r in ann_cy[0]["reasons"] if r.startswith("both at")]
        both = explain(ix, config, TODAY, "people/Ann Acme.md", "people/Ben Both.md")
        assert "both at Acme, Inc.: they may already know each other (score lowered)" in both["reasons"]
    cards = run("export", "vcard", vault=vault).stdout.replace("\r\n ", "").splitlines()
    assert cards.count("ORG:Acme\\, Inc.") == 2


def test_sql_lives_in_the_store() -> None:
    """Engines, formats, commands and the watcher ask the store named questions: no statement,
    cursor or connection outside ``vaultkit/store``."""
    import vaultkit

    package = Path(vaultkit.__file__).parent
    outside = [path for path in sorted(package.rglob("*.py")) if "store" not in path.relative_to(package).parts]
    assert len(outside) > 30
    for path in outside:
        text = path.read_text(encoding="utf-8")
        for marker in (".execute(", ".executemany(", ".db.", "sqlite3", "fetchall(", "fetchone("):
            assert marker not in text, f"{path.relative_to(package)} uses {marker}"
