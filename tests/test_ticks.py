"""Boxes ticked in the agenda note are recorded in the notes, once (engines/ticks.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_VAULT

T = "2026-11-26"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE_VAULT, root)
    return root


def write(run, vault: Path, *extra: str) -> str:
    done = run("agenda", "--date", T, "--write", *extra, vault=vault)
    assert done.exit_code == 0, done.output
    return done.output


def tick(note: Path, starts: str, mark: str = "x", tail: str = "") -> str:
    """Tick the box of the first line starting with ``starts``; that line, ticked."""
    text = note.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if x.lstrip().startswith(starts))
    ticked = line.replace("[ ]", f"[{mark}]", 1)
    if tail:
        ticked = re.sub(r" (\^vk-)", f" {tail} \\1", ticked)
    note.write_text(text.replace(line, ticked, 1), encoding="utf-8")
    return ticked


def body(vault: Path, rel: str) -> str:
    return (vault / rel).read_text(encoding="utf-8")


def test_a_ticked_follow_up_is_recorded_once_and_leaves_the_agenda(run, vault: Path) -> None:
    write(run, vault)
    agenda = vault / "Agenda.md"
    tick(agenda, "- [ ] Follow up with [[Ada Okafor]]")
    out = write(run, vault)
    assert "applied: follow-up: people/Ada Okafor.md: ## 2026-11-26 Followed up after" in out
    ada = body(vault, "people/Ada Okafor.md")
    assert ada.endswith("\n## 2026-11-26 Followed up after [[Future of Food Summit 2026]]\n")
    assert "Follow up with [[Ada Okafor]]" not in body(vault, "Agenda.md")  # done: gone from the agenda
    write(run, vault)
    assert body(vault, "people/Ada Okafor.md") == ada  # never twice


def test_a_follow_up_ticked_in_an_agenda_not_rewritten_is_applied_only_once(run, vault: Path) -> None:
    write(run, vault)
    agenda = vault / "Agenda.md"
    tick(agenda, "- [ ] Follow up with [[Sofia Lindqvist]]")
    with agenda.open("a", encoding="utf-8") as fh:
        fh.write("\nmy own line\n")  # an edit: the agenda note is kept as it is, the tick still applied
    first = run("agenda", "--date", T, "--write", vault=vault)
    assert first.exit_code != 0 and "edited since vaultkit wrote it" in first.output
    sofia = body(vault, "people/Sofia Lindqvist.md")
    assert sofia.count("Followed up after") == 1
    again = run("agenda", "--date", T, "--write", vault=vault)
    assert "skipped: follow-up: people/Sofia Lindqvist.md: no follow-up pending any more" in again.output
    assert body(vault, "people/Sofia Lindqvist.md") == sofia


def test_a_cancelled_follow_up_is_closed_without_a_message(run, vault: Path) -> None:
    write(run, vault)
    tick(vault / "Agenda.md", "- [ ] Follow up with [[Yuki Tanaka]]", mark="-")
    write(run, vault)
    assert body(vault, "people/Yuki Tanaka.md").rstrip().endswith("(closed without a message)")


def test_a_ticked_reconnect_is_a_check_in_and_a_snooze_on_a_line_snoozes(run, vault: Path) -> None:
    write(run, vault)
    agenda = vault / "Agenda.md"
    tick(agenda, "- [ ] Reconnect with [[Rachel Adeyemi]]")
    tick(agenda, "- [ ] Reconnect with [[Daniel Weiss]]", mark=" ", tail="⏳ 2027-01-15")
    write(run, vault)
    assert body(vault, "people/Rachel Adeyemi.md").endswith("## 2026-11-26 Checked in\n")
    assert "snooze: 2027-01-15" in body(vault, "people/Daniel Weiss.md")
    text = body(vault, "Agenda.md")
    assert "[[Rachel Adeyemi]]: last contact" not in text and "[[Daniel Weiss]]: last contact" not in text


def test_a_snooze_in_the_past_is_refused(run, vault: Path) -> None:
    write(run, vault)
    tick(vault / "Agenda.md", "- [ ] Reconnect with [[Daniel Weiss]]", mark=" ", tail="snooze:: 2026-01-01")
    before = body(vault, "people/Daniel Weiss.md")
    out = write(run, vault)
    assert "not done: reconnect: people/Daniel Weiss.md: snooze 2026-01-01 is in the past" in out
    assert body(vault, "people/Daniel Weiss.md") == before


def test_a_ticked_task_is_ticked_in_its_own_note_with_its_day(run, vault: Path) -> None:
    write(run, vault)
    before = body(vault, "daily/2026-11-22.md")
    tick(vault / "Agenda.md", "- [ ] call [[Marco Bianchi|Marco]] back")
    write(run, vault)
    after = body(vault, "daily/2026-11-22.md")
    line = "- [ ] call [[Marco Bianchi|Marco]] back about the olive-oil pallets"
    assert line in before and line not in after
    assert re.search(r"- \[x\] call \[\[Marco Bianchi\|Marco\]\] back about the olive-oil pallets.* ✅ 2026-11-26",
                     after)
    assert len(after.split("\n")) == len(before.split("\n"))  # one line changed, nothing else


def test_a_ticked_introduction_is_recorded_as_proposed_and_a_birthday_as_wishes_sent(run, vault: Path) -> None:
    write(run, vault)
    agenda = vault / "Agenda.md"
    tick(agenda, "- [ ] Introduce [[Ada Okafor]] and [[Hugo Lefèvre]]")
    tick(agenda, "- [ ] 2026-11-29: [[Léa Moreau]]")
    out = write(run, vault)
    assert "applied: introduction: wrote " in out
    made = [p for p in (vault / "events").glob("*.md") if "Introduction Ada Okafor" in p.name]
    assert len(made) == 1 and "status: proposed" in made[0].read_text(encoding="utf-8")
    assert body(vault, "people/Léa Moreau.md").endswith("## 2026-11-26 Birthday wishes sent\n")


def test_a_line_changed_to_name_someone_else_is_reported_not_applied(run, vault: Path) -> None:
    write(run, vault)
    agenda = vault / "Agenda.md"
    ticked = tick(agenda, "- [ ] Reconnect with [[Rachel Adeyemi]]")
    agenda.write_text(body(vault, "Agenda.md").replace(ticked, ticked.replace("Rachel Adeyemi", "Chloé Fontaine")),
                      encoding="utf-8")
    before = body(vault, "people/Chloé Fontaine.md")
    out = run("agenda", "--date", T, "--write", vault=vault).output
    assert "the line changed since vaultkit wrote it" in out
    assert body(vault, "people/Chloé Fontaine.md") == before


def test_ticks_in_the_agenda_region_of_a_daily_note_work_the_same(run, vault: Path) -> None:
    config = vault / ".vaultkit" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\ndaily_note: 'daily/{date}.md'\n", encoding="utf-8")
    write(run, vault)
    daily = vault / "daily" / f"{T}.md"
    daily.write_text("Morning: coffee with [[Omar Siddiqui]].\n\n" + daily.read_text(encoding="utf-8")
                     + "\n## Evening\nwrote the deck\n", encoding="utf-8")
    tick(daily, "- [ ] Follow up with [[Omar Siddiqui]]")
    tick(daily, "- [ ] Reconnect with [[Élodie Marchand]]")
    write(run, vault)
    text = daily.read_text(encoding="utf-8")
    assert text.startswith("Morning: coffee with [[Omar Siddiqui]].\n\n%% vaultkit:agenda ")
    assert text.endswith("%% vaultkit:end %%\n\n## Evening\nwrote the deck\n")
    assert body(vault, "people/Élodie Marchand.md").endswith("## 2026-11-26 Checked in\n")
    assert "Follow up with [[Omar Siddiqui]]" not in text  # the coffee that morning was a contact
