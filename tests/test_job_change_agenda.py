"""Job changes in the agenda: the dated lines `import --accept-changes` writes, listed with a
congratulation in the contact's language and register, and ticked off.

`tests/vaults/family-and-clients/` on 3 December 2026: Ada (English), Inès (French, vous)
and Léo (French, tu) changed jobs in the last two weeks; Bruno did in October; Thomas did
and was seen since.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote

import pytest

from vaultkit.notes.jobs import job_change_title, read_job_change

from .conftest import as_json

SOURCE = Path(__file__).resolve().parent / "vaults" / "family-and-clients"
TODAY = "2026-12-03"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "family-and-clients"
    shutil.copytree(SOURCE, root)
    return root


def changes(run, vault: Path, today: str = TODAY) -> dict[str, dict]:
    agenda = as_json(run("agenda", "--date", today, "--format", "json", vault=vault))
    return {i["contact"]: i for i in agenda["job_changes"]}


def test_recent_changes_not_followed_up_are_listed_and_no_others(run, vault: Path) -> None:
    found = changes(run, vault)
    assert list(found) == ["Ada Okafor", "Léo Garnier", "Inès Haddad"]  # by date
    # Bruno: 2 October, too old; Thomas: a coffee on 27 November after his change of the 25th
    ada = found["Ada Okafor"]
    assert {k: ada[k] for k in ("path", "date", "from", "to", "role")} == {
        "path": "People/Ada Okafor.md", "date": "2026-11-28", "from": "Coldline", "to": "Marché Vert",
        "role": "Head of Supply"}
    leo = found["Léo Garnier"]  # `New role:` at the same company: from and to are the roles
    assert (leo["from"], leo["to"], leo["role"]) == ("Data engineer", "Head of Data", "Head of Data")


def test_the_congratulation_is_in_english_and_in_french_with_tu_or_vous(run, vault: Path) -> None:
    found = changes(run, vault)
    assert found["Ada Okafor"]["draft"] == (
        "Hi Ada,\n\nCongratulations on your new role as Head of Supply at Marché Vert!\n"
        "I'd love to hear how the first weeks go.\n\nBest,\nClaire")
    ines = found["Inès Haddad"]["draft"]
    assert ines.startswith("Bonjour Inès,\n\nFélicitations pour votre nouveau poste de Directrice e-commerce "
                           "chez Biocoop !\nJe vous souhaite")
    assert ines.endswith("Bien à vous,\nClaire")
    leo = found["Léo Garnier"]["draft"]  # `tutoiement: true`; the company from his note
    assert leo.startswith("Salut Léo,\n\nFélicitations pour ton nouveau poste de Head of Data chez Datalyon !\n"
                          "Je te souhaite")
    assert not re.search(r"\b(vous|votre)\b", leo) and not re.search(r"\b(tu|ton|te)\b", ines)
    mailto = found["Inès Haddad"]["mailto"]
    assert mailto.startswith("mailto:ines@biocoop.example?subject=")
    assert "Félicitations pour votre nouveau poste" in unquote(mailto)


def test_a_change_is_news_for_fourteen_days(run, vault: Path) -> None:
    assert "Ada Okafor" in changes(run, vault, "2026-12-12")  # 14 days after 28 November
    assert "Ada Okafor" not in changes(run, vault, "2026-12-13")
    assert changes(run, vault, "2026-11-27") == {}  # before any of them


def test_text_and_markdown_show_the_change_and_its_draft(run, vault: Path) -> None:
    text = run("agenda", "--date", TODAY, vault=vault).output
    assert "Job changes (3)" in text
    assert "• 2026-11-28 Ada Okafor: Coldline → Marché Vert (Head of Supply)" in text
    assert "• 2026-11-30 Léo Garnier: new role: Data engineer → Head of Data" in text
    assert text.index("Birthdays (") < text.index("Job changes (") < text.index("Introductions (")
    markdown = run("agenda", "--date", TODAY, "--format", "markdown", vault=vault).output
    assert re.search(r"\n## Job changes\n- \[ \] 2026-11-28: \[\[Ada Okafor\]\], Coldline → Marché Vert "
                     r"\(Head of Supply\) \^vk-jc-[0-9a-f]{6}\n    > Hi Ada,\n", markdown)


def _tick(agenda: Path, who: str, mark: str = "x") -> None:
    text = agenda.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if x.startswith("- [ ] ") and f"[[{who}]]" in x and "^vk-jc-" in x)
    agenda.write_text(text.replace(line, line.replace("[ ]", f"[{mark}]", 1)), encoding="utf-8")


def test_a_ticked_change_is_recorded_once_and_a_dismissed_one_records_nothing(run, vault: Path) -> None:
    write = ("agenda", "--date", TODAY, "--write")
    assert run(*write, vault=vault).exit_code == 0
    ada, ines = vault / "People" / "Ada Okafor.md", vault / "People" / "Inès Haddad.md"
    before_ines = ines.read_text(encoding="utf-8")
    _tick(vault / "Agenda.md", "Ada Okafor")
    _tick(vault / "Agenda.md", "Inès Haddad", "-")
    done = run(*write, vault=vault)
    assert "applied: job change: People/Ada Okafor.md: ## 2026-12-03 Congratulated" in done.output
    text = ada.read_text(encoding="utf-8")
    assert text.endswith("## 2026-11-28 Changed jobs: Coldline → Marché Vert (Head of Supply)\n\n"
                         "## 2026-12-03 Congratulated\n")
    assert ines.read_text(encoding="utf-8") == before_ines
    assert set(changes(run, vault)) == {"Léo Garnier", "Inès Haddad"}  # Ada's is done
    # the same tick read again (an agenda that could not be rewritten) records nothing more
    agenda = vault / "Agenda.md"
    stale = agenda.read_text(encoding="utf-8").replace(
        "## Job changes\n", "## Job changes\n- [x] 2026-11-28: [[Ada Okafor]], Coldline → Marché Vert "
        "(Head of Supply) " + _block_id(run, vault, "Ada Okafor") + "\n", 1)
    agenda.write_text(stale, encoding="utf-8")
    again = run(*write, vault=vault)
    assert "job change: People/Ada Okafor.md: no job change waiting for congratulations" in again.output
    assert ada.read_text(encoding="utf-8") == text


def _block_id(run, vault: Path, who: str) -> str:
    from vaultkit.engines.ticks import item_id

    return item_id("jc", f"People/{who}.md")


def test_the_heading_an_import_writes_is_the_one_the_agenda_reads() -> None:
    title = job_change_title("Coldline", "Marché Vert", "CEO", "Head of Supply")
    assert title == "Changed jobs: Coldline → Marché Vert (Head of Supply)"
    change = read_job_change(title)
    assert (change.new_company, change.old, change.new, change.role) == (True, "Coldline", "Marché Vert",
                                                                         "Head of Supply")
    unknown = read_job_change(job_change_title(None, "Globex", None, None))
    assert (unknown.old, unknown.new, unknown.role) == (None, "Globex", None)
    assert read_job_change("Coffee at Station F") is None


def test_a_vaults_own_congrats_template_is_used_and_checked(run, vault: Path) -> None:
    templates = vault / ".vaultkit" / "templates"
    templates.mkdir()
    (templates / "congrats.en.md").write_text(
        "Well done {first_name}: from {old_company} to {company}!\n[Happy {age}th.]\n\n{me}\n", encoding="utf-8")
    assert changes(run, vault)["Ada Okafor"]["draft"] == "Well done Ada: from Coldline to Marché Vert!\n\nClaire"
    done = run("check", vault=vault)
    assert "congrats.en.md:2: error: unknown placeholder {age}" in done.output
