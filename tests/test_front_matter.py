"""Where the front matter is, and the generated-note mark: one rule each, used by every reader
and writer of notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.config import Config
from vaultkit.engines.drafts import Drafter
from vaultkit.engines.results import Agenda
from vaultkit.errors import WriteRefused
from vaultkit.notes import writer
from vaultkit.notes.front_matter import GENERATED_LINE, Unclosed, is_generated, locate, split
from vaultkit.notes.reader import Reader
from vaultkit.render.agenda_markdown import render_markdown


@pytest.mark.parametrize(("text", "yaml", "body"), [
    ("---\na: 1\n---\nbody\n", "a: 1\n", "body\n"),
    ("---\r\na: 1\r\n---\r\nbody\r\n", "a: 1\r\n", "body\r\n"),
    ("--- \na: 1\n... \nbody", "a: 1\n", "body"),
    ("---\n---\nbody", "", "body"),
    ("---\na: 1\n---", "a: 1\n", ""),
    ("---\na: ---\n----\nb: 2\n---\n# Title\n---\nmore\n", "a: ---\n----\nb: 2\n", "# Title\n---\nmore\n"),
])
def test_locate_finds_the_block_between_the_opening_and_the_first_closing_line(text, yaml, body) -> None:
    start, end, at = locate(text)
    assert (text[start:end], text[at:]) == (yaml, body)
    assert split(text) == (yaml, body)


@pytest.mark.parametrize("text", ["", "plain text\n", "----\na: 1\n---\n", "--- a\n---\n", "# ---\n",
                                  "\n---\na\n---\n"])
def test_text_without_an_opening_line_has_no_front_matter(text: str) -> None:
    assert locate(text) is None
    assert split(text) == ("", text)


@pytest.mark.parametrize("text", ["---\n", "---\na: 1\n", "---\na: 1\n----\n", "---\na: 1\n--- x\nbody\n"])
def test_an_opening_line_never_closed_is_reported(text: str) -> None:
    with pytest.raises(Unclosed):
        locate(text)


@given(st.lists(st.sampled_from(["a: 1", "", "- x", "----", "--- x", "b: ---", "...x", "#"]), max_size=6),
       st.sampled_from(["---", "...", "--- ", "---\t"]), st.text(max_size=20))
def test_locate_keeps_every_byte_in_its_place(lines: list[str], closing: str, body: str) -> None:
    yaml = "".join(line + "\n" for line in lines)
    text = f"---\n{yaml}{closing}\n{body}"
    start, end, at = locate(text)
    assert text[:start] == "---\n" and text[end:at] == closing + "\n"
    assert text[start:end] == yaml and text[at:] == body


def test_is_generated_reads_the_mark_from_fields_text_or_bytes() -> None:
    text = f"---\n{GENERATED_LINE}\nagenda_date: 2026-11-26\n---\n# Agenda\n"
    assert is_generated(text) and is_generated(text.encode()) and is_generated({"generated_by": "vaultkit"})
    assert is_generated('---\r\n"generated_by": "vaultkit"  # ours\r\n---\r\n')
    assert is_generated("\ufeff---\ngenerated_by: vaultkit\n---\n".encode())
    for mine in ("my agenda\ngenerated_by: vaultkit\n", "---\ngenerated_by: me\n---\n", "---\ngenerated_by: vaultkit\n",
                 "---\ntitle: x\n---\ngenerated_by: vaultkit\n", "---\n[generated_by, vaultkit]\n---\n",
                 b"\xff---\ngenerated_by: vaultkit\n---\n", {"generated_by": "someone"}, {}):
        assert not is_generated(mine), mine


def test_the_agenda_note_is_generated_and_read_back_as_such(tmp_path: Path) -> None:
    text = render_markdown(Agenda("2026-11-26", 7))
    assert is_generated(text)
    assert Reader(Config(vault=tmp_path)).read_text("Agenda.md", text).generated


def test_write_generated_never_replaces_a_note_that_only_mentions_the_mark(tmp_path: Path) -> None:
    mine = tmp_path / "Agenda.md"
    mine.write_text("How the agenda is marked: generated_by: vaultkit\n", encoding="utf-8")
    with pytest.raises(WriteRefused, match="not written by vaultkit"):
        writer.write_generated(mine, f"---\n{GENERATED_LINE}\n---\nhello\n")
    assert mine.read_text(encoding="utf-8").startswith("How the agenda")


def test_writer_edits_a_note_whose_first_line_is_a_rule_not_a_front_matter(tmp_path: Path) -> None:
    note = tmp_path / "Ada.md"
    note.write_text("-----\nAda's notes\n", encoding="utf-8")
    assert writer.set_fields(note, {"type": "contact"}) == ["type"]
    assert note.read_text(encoding="utf-8") == "---\ntype: contact\n---\n-----\nAda's notes\n"


def test_a_template_override_loses_its_front_matter_however_it_is_closed(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "birthday.md").write_text("--- \ndescription: short\n...\nHappy birthday {first_name}!\n",
                                        encoding="utf-8")
    assert Drafter(folder, "en").draft("birthday", "en", {"first_name": "Ada"}) == "Happy birthday Ada!"
