"""tools/genvault.py, the synthetic vault of the benchmarks and load tests: the same vault for the
same seed, exactly the contacts and events asked for, and every kind of note they rely on."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from vaultkit.config import load_config
from vaultkit.notes.model import CONTACT, EVENT
from vaultkit.store.index import Index

from .conftest import REPO

GENVAULT = REPO / "tools" / "genvault.py"
TODAY = "2026-11-26"
CONTACTS, EVENTS = 150, 60


def load_genvault() -> ModuleType:
    spec = importlib.util.spec_from_file_location("genvault", GENVAULT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def genvault() -> ModuleType:
    return load_genvault()


@pytest.fixture(scope="module")
def vault(genvault: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gen") / "vault"
    genvault.generate(root, CONTACTS, EVENTS, seed=11, today=TODAY)
    return root


@pytest.fixture(scope="module")
def notes(vault: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every note of the vault as the index reads it (an index of its own, outside the vault)."""
    with Index(load_config(vault), db_path=tmp_path_factory.mktemp("index") / "index.sqlite") as ix:
        ix.refresh()
        return {"notes": ix.notes(ix.paths()), "problems": ix.problems(), "unresolved": ix.unresolved_links()}


def test_same_seed_same_vault_as_a_script_or_a_function(genvault: ModuleType, tmp_path: Path) -> None:
    genvault.generate(tmp_path / "a", 40, 15, seed=3, today=TODAY)
    script = subprocess.run([sys.executable, str(GENVAULT), str(tmp_path / "b"), "--contacts", "40", "--events", "15",
                             "--seed", "3", "--today", TODAY], capture_output=True, text=True, timeout=60)
    assert script.returncode == 0, script.stderr
    assert script.stdout.startswith("wrote 40 contacts, 15 events, ")
    assert files(tmp_path / "a") == files(tmp_path / "b")
    genvault.generate(tmp_path / "c", 40, 15, seed=4, today=TODAY)
    assert files(tmp_path / "c") != files(tmp_path / "a")


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("mine\n")
    script = subprocess.run([sys.executable, str(GENVAULT), str(tmp_path), "--contacts", "3", "--events", "1"],
                            capture_output=True, text=True, timeout=60)
    assert script.returncode == 2 and "is not empty" in script.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


def test_exactly_the_contacts_and_events_asked_for(vault: Path, notes: dict) -> None:
    by_kind: dict[str, list[str]] = {}
    for path, note in notes["notes"].items():
        by_kind.setdefault(note.kind, []).append(path)
    assert len(by_kind[CONTACT]) == CONTACTS and all(p.startswith("people/") for p in by_kind[CONTACT])
    assert len(by_kind[EVENT]) == EVENTS and all(p.startswith("events/") for p in by_kind[EVENT])
    folders = {p.split("/")[0] for p in notes["notes"]}
    assert folders == {"people", "events", "daily", "companies", "categories", "templates", "inbox"}
    assert not (vault / ".vaultkit").exists()  # the caller makes it a vault (or not)


def test_contacts_carry_every_field_the_engines_read(notes: dict) -> None:
    contacts = [n for n in notes["notes"].values() if n.kind == CONTACT]
    having = {key: sum(1 for n in contacts if n.fields.get(key)) for key in (
        "aliases", "email", "phone", "company", "role", "linkedin", "tags", "interests", "offers", "needs",
        "cadence_days", "birthday", "met", "knows", "introduced_by", "last_contact", "follow_up", "lang")}
    assert all(having.values()), having
    assert sum(1 for n in contacts if n.sections) > CONTACTS // 2  # dated conversation headings
    due = [t for n in contacts for t in n.tasks if t.due and not t.done]
    assert due and any(t.done for n in contacts for t in n.tasks)
    assert any(link.field == "company" for n in contacts for link in n.links)  # `company: "[[Acme]]"`
    assert any(link.field == "knows" for n in contacts for link in n.links)


def test_events_daily_notes_and_companies_link_the_contacts(notes: dict) -> None:
    all_notes = notes["notes"]
    events = [n for n in all_notes.values() if n.kind == EVENT]
    assert all(n.date and n.fields.get("attendees") for n in events)
    assert sum(1 for n in events if n.attendee_notes) > EVENTS // 3  # what was learned about each attendee
    assert {n.fields.get("kind") for n in events} >= {"meetup", "conference", "dinner", "call"}
    assert any(n.date > TODAY and n.fields.get("goals") and n.fields.get("to_meet") for n in events)
    daily = [n for p, n in all_notes.items() if p.startswith("daily/")]
    assert daily and all(n.date for n in daily)
    assert sum(1 for n in daily for link in n.links if all_notes.get(f"people/{link.target}.md")) > len(daily)
    assert any(t.links and t.due for n in daily for t in n.tasks)  # a task about the contact its line links
    companies = [n for p, n in all_notes.items() if p.startswith("companies/")]
    assert any(s.date for n in companies for s in n.sections)  # a dated heading in a plain note


def test_what_goes_wrong_in_real_vaults_is_there(notes: dict) -> None:
    problems = [(p.path, p.message) for p in notes["problems"]]
    inbox = {path for path, _ in problems if path.startswith("inbox/")}
    assert len(inbox) == 7  # each way a front matter fails to parse, once
    text = "\n".join(message for _, message in problems)
    for what in ("not UTF-8", "never closed", "is not valid YAML until the template placeholder",
                 "bad date in `birthday`", "bad cadence"):
        assert what in text, what
    assert [link.target for link in notes["unresolved"]] == ["Someone Not In This Vault"]
    assert not [p for p in notes["notes"] if p.startswith((".trash/", ".obsidian/"))]


def test_the_agenda_has_something_in_every_section(vault: Path, run, tmp_path: Path) -> None:
    result = run("agenda", "--date", TODAY, "--format", "json", "--vault", str(vault))
    assert result.exit_code == 0, result.output
    agenda = json.loads(result.stdout)
    for section in ("follow_up", "reconnect", "prepare", "tasks", "birthdays", "introductions"):
        assert agenda[section], section
    duplicates = run("check", "--format", "json", "--vault", str(vault))
    assert duplicates.exit_code == 1  # errors: the broken notes
    assert any("duplicate contact: same email" in p["message"] for p in json.loads(duplicates.stdout))
