"""No silent gaps: notes that could not be read are counted by the agenda (a `problems` count
in its JSON, one line on standard error in text), never dropped without a word."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import as_json

T = "2026-12-03"
LYON = Path(__file__).resolve().parent / "vaults" / "lyon-freelance"
LINE = "could not be read; run `vaultkit check`"
BROKEN = {
    "people/Bad Yaml.md": "---\ntype: contact\ncompany: [Unclosed\n---\nMet at the fair.\n",
    "people/Never Closed.md": "---\ntype: contact\nname: Never Closed\n",
    "people/A List.md": "---\n- type\n- contact\n---\n",
}
NOT_UTF8 = b"---\ntype: contact\nname: Jos\xe9\n---\n"


def make(make_vault) -> Path:
    vault = make_vault({
        "people/Ada.md": "---\ntype: contact\ncadence: 1m\n---\n",
        "people/Bad Date.md": "---\ntype: contact\nbirthday: the 31st of June\n---\n",  # read, one bad value
        **BROKEN,
    })
    (vault / "people" / "Latin1.md").write_bytes(NOT_UTF8)
    return vault


def test_the_json_counts_the_notes_that_could_not_be_read(run, make_vault) -> None:
    vault = make(make_vault)
    data = as_json(run("agenda", "--date", T, "--format", "json", vault=vault))
    assert data["problems"] == 4  # not the note with a bad date: it was read
    check = run("check", vault=vault).output
    assert all(name in check for name in ("Bad Yaml.md", "Never Closed.md", "A List.md", "Latin1.md"))


def test_text_says_so_on_standard_error_once(run, make_vault) -> None:
    vault = make(make_vault)
    result = run("agenda", "--date", T, vault=vault)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"4 notes {LINE}"]
    assert LINE not in result.stdout and "Reconnect" in result.stdout


def test_fixed_notes_are_no_longer_counted(run, make_vault) -> None:
    vault = make(make_vault)
    assert as_json(run("agenda", "--date", T, "--format", "json", vault=vault))["problems"] == 4
    for rel in BROKEN:
        (vault / rel).write_text("---\ntype: contact\n---\n", encoding="utf-8")
    (vault / "people" / "Latin1.md").write_bytes(NOT_UTF8.decode("latin-1").encode("utf-8"))
    assert as_json(run("agenda", "--date", T, "--format", "json", vault=vault))["problems"] == 0
    result = run("agenda", "--date", T, vault=vault)
    assert result.stderr == ""


def test_the_broken_note_of_the_hand_written_vault(run, tmp_path) -> None:
    vault = Path(shutil.copytree(LYON, tmp_path / "lyon"))
    assert as_json(run("agenda", "--date", T, "--format", "json", vault=vault))["problems"] == 1
    assert run("agenda", "--date", T, vault=vault).stderr == f"1 note {LINE}\n"
    assert run("agenda", "--date", T, "--format", "markdown", vault=vault).stderr == ""
