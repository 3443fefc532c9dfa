"""What `prep` and the agenda's Prepare section show about each attendee, on the hand-written
vault (tests/vaults/lyon-freelance): what the event note says about them, their two latest
conversations with something in them, lines about them in other event notes, their open
tasks, needs and offers, and when you last saw them. Text and markdown show what the JSON has."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vaultkit.engines.ticks import item_id

from .conftest import as_json

SOURCE = Path(__file__).resolve().parent / "vaults" / "lyon-freelance"
TODAY = "2026-12-03"
DEMO_DAY = "Meetings/2026-12-15 Demo Day Lyon Startup.md"


@pytest.fixture
def lyon(tmp_path: Path) -> Path:
    """The vault, with what a week of notes about Hélène adds to it: a coffee, a bare done
    mark (nothing written under it), a line in another event's note and one in Demo Day's."""
    vault = Path(shutil.copytree(SOURCE, tmp_path / "lyon-freelance"))

    def add(rel: str, text: str) -> None:
        with open(vault / rel, "a", encoding="utf-8") as fh:
            fh.write(text)

    add("People/Hélène Côté.md", "\n## 2026-11-02 Café au Ninkasi\n"
        "- Veut trois dossiers climat avant Noël.\n\n## 2026-11-30 Followed up\n")
    add("Meetings/2026-11-20 Data Lyon Meetup #12.md",
        "- [[Hélène Côté]]: passée en fin de soirée, intéressée par GreenCart\n")
    add(DEMO_DAY, "\n- [[Hélène Côté]]: pitche à 15h, lui présenter Inès juste après\n")
    return vault


def flat(text: str) -> str:
    """The text with its wrapping undone (rich wraps at the terminal's width)."""
    return " ".join(text.split())


def card(item: dict, name: str) -> dict:
    return next(c for c in item["attendees"] if c["contact"] == name)


def test_the_json_card_has_every_item(run, lyon) -> None:
    item = as_json(run("prep", "Demo Day", "--date", TODAY, "--format", "json", vault=lyon))
    helene = card(item, "Hélène Côté")
    assert helene["notes_here"] == ["pitche à 15h, lui présenter Inès juste après"]
    # the bare done mark of 2026-11-30 is a contact, but has nothing to say: skipped
    assert [(n["date"], n["title"]) for n in helene["notes"]] == [("2026-11-02", "Café au Ninkasi"),
                                                                   ("2026-08-20", "Visio")]
    assert helene["last_contact"] == "2026-11-30"
    assert helene["notes_elsewhere"] == [{
        "date": "2026-11-20", "event": "2026-11-20 Data Lyon Meetup #12",
        "path": "Meetings/2026-11-20 Data Lyon Meetup #12.md",
        "text": "passée en fin de soirée, intéressée par GreenCart"}]
    assert [t["text"] for t in helene["open_tasks"]] == ["Présenter [[Inès Haddad]] à [[Hélène Côté]]"]
    assert helene["offers"] == ["seed funding", "mentoring de fondateurs"]


def test_an_event_note_is_never_elsewhere_for_itself(run, lyon) -> None:
    """Inès's lines in the Salon's note are elsewhere for Demo Day, never for the Salon."""
    demo = as_json(run("prep", "Demo Day", "--date", TODAY, "--format", "json", vault=lyon))
    assert {n["path"] for n in card(demo, "Inès Haddad")["notes_elsewhere"]} == {
        "Meetings/2026-11-27 Salon Data & IA Lyon.md"}
    salon = as_json(run("prep", "Salon Data", "--date", TODAY, "--format", "json", vault=lyon))
    ines = card(salon, "Inès Haddad")
    assert ines["notes_elsewhere"] == []
    assert "lève un seed en janvier, cherche des business angels. sujet:: votre levée de seed" in ines["notes_here"]


@pytest.mark.parametrize("args", [("prep", "Demo Day"), ("agenda", "--days", "14")])
def test_the_text_shows_what_the_json_has(run, lyon, args) -> None:
    result = run(*args, "--date", TODAY, vault=lyon)
    assert result.exit_code == 0, result.output
    text = flat(result.stdout)
    start = text.index("Hélène Côté, Business angel, Côté Capital last contact 2026-11-30")
    helene = text[start:text.index("Inès Haddad, CEO", start)]
    assert "here: pitche à 15h, lui présenter Inès juste après" in helene
    assert "offers: seed funding, mentoring de fondateurs" in helene
    assert "2026-11-02 Café au Ninkasi: - Veut trois dossiers climat avant Noël." in helene
    assert "2026-08-20 Visio: - Elle investit en pré-seed et seed" in helene
    assert "Followed up" not in helene
    assert "2026-11-20 at Data Lyon Meetup #12: passée en fin de soirée, intéressée par GreenCart" in helene
    assert "[ ] Présenter Inès Haddad à Hélène Côté (due 2026-12-12)" in helene


@pytest.mark.parametrize("args", [("prep", "Demo Day"), ("agenda", "--days", "14")])
def test_the_markdown_shows_what_the_json_has(run, lyon, args) -> None:
    result = run(*args, "--date", TODAY, "--format", "markdown", vault=lyon)
    assert result.exit_code == 0, result.output
    text = result.stdout
    start = text.index("- [[Hélène Côté]], Business angel, Côté Capital: last contact 2026-11-30\n")
    helene = text[start:text.index("- [[Inès Haddad]]", start)]
    assert helene.splitlines()[1:] == [
        "    - here: pitche à 15h, lui présenter Inès juste après",
        "    - offers: seed funding, mentoring de fondateurs",
        "    - 2026-11-02 Café au Ninkasi:",
        "        - Veut trois dossiers climat avant Noël.",
        "    - 2026-08-20 Visio:",
        "        - Elle investit en pré-seed et seed, tickets de 25 à 50 k€. Cherche des dossiers climat. "
        "Ne pas lui parler de crypto.",
        # a `#` in the file name: a markdown link, which Obsidian follows (a wikilink would not)
        "    - 2026-11-20 at [Data Lyon Meetup #12](<Meetings/2026-11-20 Data Lyon Meetup %2312.md>): "
        "passée en fin de soirée, intéressée par GreenCart",
        # a box: ticked in the agenda note, it ticks the task in its own note
        "    - [ ] Présenter [[Inès Haddad]] à [[Hélène Côté]] (due 2026-12-12) in [[2026-12-02]] "
        + item_id("tk", "Daily/2026-12-02.md", "Présenter [[Inès Haddad]] à [[Hélène Côté]]"),
    ]
