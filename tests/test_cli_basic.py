"""Foundation commands end to end: init, index, check, show, list, search, path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE_VAULT, REPO, as_json

VAULT = {
    "people/Ada Lovelace.md": """
        ---
        type: contact
        aliases: [Ada]
        email: ada@analytical.example
        company: Analytical Engines
        tags: [founder, math]
        cadence: 1m
        met: "[[2026-11-19 Meetup]]"
        ---
        ## 2026-11-20 Coffee
        Supply-chain project.
        - [ ] send Ada the deck 📅 2026-11-28
        """,
    "people/Ada Byron.md": "---\ntype: contact\nemail: ada@analytical.example\n---\n",
    "people/Bob Martin.md": "---\ntype: contact\ncompany: Globex\ntags: investor\n---\nKnows [[Ada Lovelace]].\n",
    "people/Sam Rivera.md": "---\ntype: contact\n---\nMe.\n",
    "events/2026-11-19 Meetup.md": """
        ---
        type: event
        date: 2026-11-19
        attendees: ["[[Ada Lovelace]]", "[[Sam Rivera]]", Zed Unknown]
        ---
        - [[Ada Lovelace]]: wants an intro to a climate VC
        """,
    "events/Broken.md": "---\ndate: [2026\n---\n",
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(VAULT)


def test_init_creates_config_templates_gitignore(tmp_path: Path, run) -> None:
    target = tmp_path / "notes"
    result = run("init", str(target), "--me", "Sam Rivera")
    assert result.exit_code == 0, result.output
    config = (target / ".vaultkit" / "config.yaml").read_text(encoding="utf-8")
    assert 'me: "Sam Rivera"' in config and "cadence_tiers:" in config and "#" in config
    assert (target / ".vaultkit" / "templates" / "contact.md").exists()
    assert (target / "people").is_dir() and (target / "events").is_dir()
    assert "/Agenda.md" in (target / ".gitignore").read_text(encoding="utf-8")
    config_bytes = (target / ".vaultkit" / "config.yaml").read_bytes()
    again = run("init", str(target))
    assert again.exit_code == 0 and "kept" in again.output
    assert (target / ".vaultkit" / "config.yaml").read_bytes() == config_bytes
    assert (target / ".gitignore").read_text(encoding="utf-8").count("/Agenda.md") == 1


def test_vault_discovery(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch, make_vault) -> None:
    vault = make_vault({"people/A.md": "---\ntype: contact\n---\n"})
    deep = vault / "people" / "sub"
    deep.mkdir()
    monkeypatch.chdir(deep)
    assert as_json(run("path", "--format", "json"))["vault"] == str(vault)
    other = make_vault({}, name="other")
    monkeypatch.setenv("VAULTKIT_VAULT", str(other))
    assert as_json(run("path", "--format", "json"))["vault"] == str(other)
    assert as_json(run("path", "--format", "json", vault=vault))["vault"] == str(vault)
    monkeypatch.delenv("VAULTKIT_VAULT")
    monkeypatch.chdir(tmp_path)
    result = run("list", "contacts")
    assert result.exit_code != 0 and "vaultkit init" in result.stderr
    assert "Traceback" not in result.output


def test_config_error_has_file_and_line(make_vault, run) -> None:
    vault = make_vault({}, config="me: Sam\nfollow_up_days: soon\n")
    result = run("list", "contacts", vault=vault)
    assert result.exit_code == 2
    assert f"{vault}/.vaultkit/config.yaml:2: `follow_up_days`" in result.stderr
    vault2 = make_vault({}, config="me: [Sam\n", name="v2")
    result = run("check", vault=vault2)
    assert ".vaultkit/config.yaml:1: invalid YAML" in result.stderr


def test_index_prints_counts(vault: Path, run) -> None:
    result = run("index", vault=vault)
    assert result.exit_code == 0
    assert "4 contacts, 2 events, 0 other notes; read 6" in result.output
    assert "read 0" in run("index", vault=vault).output
    assert "read 6" in run("index", "--rebuild", vault=vault).output


def test_check_lists_every_problem(vault: Path, run) -> None:
    result = run("check", vault=vault)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "events/Broken.md:2: error: invalid YAML in front matter: a [ list opened here is never closed" in lines
    assert any(line.startswith("people/Ada Byron.md:1: error: duplicate contact: same email") for line in lines)
    assert any(line.startswith("people/Ada Lovelace.md:1: error: duplicate contact") for line in lines)
    data = as_json_any(run("check", "--format", "json", vault=vault))
    assert {"path", "line", "level", "message"} == set(data[0])
    assert data == sorted(data, key=lambda i: (i["path"], i["line"], i["message"]))
    assert "1 errors" not in result.stderr and "errors" in result.stderr


def as_json_any(result):
    return json.loads(result.stdout)


def test_check_on_clean_and_broken_example_vaults(run) -> None:
    clean = run("check", vault=EXAMPLE_VAULT)
    assert clean.exit_code == 0, clean.output
    broken = run("check", vault=REPO / "docs" / "examples" / "broken-vault")
    assert broken.exit_code == 1
    assert "people/Bruno Keller.md:4: error" in broken.stdout
    assert "bad date in `birthday`" in broken.stdout and "bad cadence" in broken.stdout
    assert "[[Nobody Known]] resolves to no note" in broken.stdout


def test_show_contact(vault: Path, run) -> None:
    card = as_json(run("show", "ada lov", "--format", "json", vault=vault))
    assert card["name"] == "Ada Lovelace" and card["kind"] == "contact"
    assert card["last_contact"] is not None
    assert [i["date"] for i in card["interactions"]][:2] == ["2026-11-20", "2026-11-19"]
    assert card["events"][0]["title"] == "2026-11-19 Meetup"
    assert [t["text"] for t in card["open_tasks"]] == ["send Ada the deck 📅 2026-11-28"]
    assert "people/Bob Martin.md" in card["linked_from"]
    text = run("show", "Ada Lovelace", vault=vault)
    assert text.exit_code == 0 and "Supply-chain project." in text.output


def test_show_event_and_unknown_attendee(vault: Path, run) -> None:
    card = as_json(run("show", "meetup", "--format", "json", vault=vault))
    assert card["kind"] == "event" and card["date"] == "2026-11-19"
    assert {"name": "Zed Unknown", "path": None} in card["attendees"]
    assert card["notes_on_attendees"]["Ada Lovelace"] == ["wants an intro to a climate VC"]


def test_show_ambiguous_and_not_found(vault: Path, run) -> None:
    ambiguous = run("show", "ada", vault=vault)  # an alias of one, the start of another's name
    assert ambiguous.exit_code == 0  # the alias `Ada` is an exact match
    ambiguous = run("show", "ad", vault=vault)
    assert ambiguous.exit_code == 2
    assert "matches several notes" in ambiguous.stderr and "Ada Byron" in ambiguous.stderr
    missing = run("show", "Bob Martinn", vault=vault)
    assert missing.exit_code == 2 and "Did you mean: Bob Martin?" in missing.stderr


def test_list_contacts_filters_and_schema(vault: Path, run) -> None:
    rows = as_json(run("list", "contacts", "--format", "json", vault=vault))
    assert [r["name"] for r in rows] == ["Ada Byron", "Ada Lovelace", "Bob Martin"]  # never the user
    assert set(rows[0]) == {"cadence_days", "company", "email", "last_contact", "name", "path", "role", "tags"}
    assert [r["name"] for r in as_json(run("list", "contacts", "--tag", "Investor", "--format", "json",
                                           vault=vault))] == ["Bob Martin"]
    assert [r["name"] for r in as_json(run("list", "contacts", "--company", "analytical", "--format", "json",
                                           vault=vault))] == ["Ada Lovelace"]
    met = as_json(run("list", "contacts", "--met-since", "2026-11-01", "--format", "json", vault=vault))
    assert [r["name"] for r in met] == ["Ada Lovelace"]
    bad = run("list", "contacts", "--met-since", "last week", vault=vault)
    assert bad.exit_code == 2 and "is not a date" in bad.stderr


def test_list_events(vault: Path, run) -> None:
    rows = as_json(run("list", "events", "--format", "json", vault=vault))
    assert [r["title"] for r in rows] == ["2026-11-19 Meetup", "Broken"]
    assert rows[0]["attendees"] == ["Ada Lovelace", "Sam Rivera", "Zed Unknown"]


def test_search(vault: Path, run) -> None:
    rows = as_json(run("search", "supply", "chain", "--format", "json", vault=vault))
    assert rows[0]["path"] == "people/Ada Lovelace.md" and "[Supply]" in rows[0]["snippet"]
    assert "people/Ada Lovelace.md" in run("search", "supply", vault=vault).output


def test_every_command_answers_from_the_files(vault: Path, run) -> None:
    """Deleting the index loses nothing: the next command rebuilds it."""
    before = as_json(run("list", "contacts", "--format", "json", vault=vault))
    index_path = Path(as_json(run("path", "--format", "json", vault=vault))["index"])
    for suffix in ("", "-wal", "-shm"):
        Path(str(index_path) + suffix).unlink(missing_ok=True)
    assert as_json(run("list", "contacts", "--format", "json", vault=vault)) == before


def test_console_script_runs_in_a_real_process(vault: Path) -> None:
    exe = Path(sys.executable).parent / "vaultkit"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "vaultkit.cli.main"]
    out = subprocess.run([*cmd, "list", "contacts", "--format", "json", "--vault", str(vault)],
                         capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)) == 3


def test_show_prefers_a_name_that_starts_with_the_query(make_vault, run) -> None:
    vault = make_vault({
        "people/Alice Martin.md": "---\ntype: contact\n---\n",
        "events/2026-11-20 Introduction Alice Martin - Bob.md": "---\ntype: event\nkind: introduction\n---\n",
    })
    card = as_json(run("show", "alice", "--format", "json", vault=vault))
    assert card["path"] == "people/Alice Martin.md"
    assert as_json(run("show", "introduction alice", "--format", "json", vault=vault))["kind"] == "event"


def test_init_templates_make_clean_notes(tmp_path: Path, run) -> None:
    """Notes made from init's templates invent no interaction and raise no warning."""
    vault = tmp_path / "notes"
    assert run("init", str(vault), "--me", "Sam").exit_code == 0
    assert run("new", "contact", "Ada Lovelace", "--company", "Analytical", vault=vault).exit_code == 0
    assert run("new", "event", "Meetup", "--date", "2026-11-20", "--attendee", "Ada Lovelace",
               vault=vault).exit_code == 0
    card = as_json(run("show", "Ada Lovelace", "--format", "json", vault=vault))
    assert [i["source"] for i in card["interactions"]] == ["event"]  # only the meetup she attended
    assert card["fields"]["company"] == ["Analytical"]
    checked = run("check", "--format", "json", vault=vault)
    assert checked.exit_code == 0 and json.loads(checked.stdout) == []


def test_show_prints_values_as_yaml_words(run, make_vault) -> None:
    vault = make_vault({"people/Zed.md": "---\ntype: contact\nok: false\nnested: {from: a, to: b}\n"
                                         "lst: [1, null]\n---\n"})
    out = run("show", "zed", vault=vault).output
    assert "ok: no" in out and "nested: from: a; to: b" in out and "lst: 1, (empty)" in out
    assert "None" not in out and "False" not in out and "{'" not in out


def test_a_path_always_selects_its_note(run, make_vault) -> None:
    """Notes whose names differ only by case or Unicode form: the path picks one."""
    nfd = "people/Zoe\u0308.md"  # Zoë, decomposed (as macOS writes names)
    vault = make_vault({"people/Ada.md": "---\ntype: contact\nrole: upper\n---\n",
                        "people/ada.md": "---\ntype: contact\nrole: lower\n---\n",
                        "people/Zo\u00eb.md": "---\ntype: contact\nrole: composed\n---\n",
                        nfd: "---\ntype: contact\nrole: decomposed\n---\n"})
    assert run("show", "ada", vault=vault).exit_code != 0  # a name: ambiguous
    for path, role in (("people/Ada.md", "upper"), ("people/ada.md", "lower"),
                       ("people/Zo\u00eb.md", "composed"), (nfd, "decomposed")):
        card = as_json(run("show", path, "--format", "json", vault=vault))
        assert (card["path"], card["fields"]["role"]) == (path, role)


def test_list_filters_fold_case_and_accents_and_read_only_the_contacts_kept(make_vault, run) -> None:
    vault = make_vault({
        "people/Sam Rivera.md": "---\ntype: contact\ntags: [Café]\n---\n",
        "people/Élodie Marchand.md": "---\ntype: contact\ntags: [Café, investisseuse]\n"
                                     "company: [Canopée Ventures, Board]\n"
                                     "---\n## 2026-10-02 Déjeuner\n- parlé de la levée\n",
        "people/Hugo Lefèvre.md": "---\ntype: contact\ntags: '#cafe, dev'\ncompany: Station F\n"
                                  "last_contact: 2026-09-01\n---\n",
        "people/Inès Haddad.md": "---\ntype: contact\ntags: [cafeteria]\ncompany: Canopee\n---\n",
        "people/Zoé Petit.md": "---\ntype: contact\ntags: [Café]\ncompany: Canopée Ventures\n---\n",
        "daily/2026-11-20.md": "- Café avec [[Zoé Petit]] au Ninkasi\n",
    })

    def listed(*args: str) -> list[tuple[str, str | None]]:
        rows = as_json(run("list", "contacts", *args, "--format", "json", vault=vault))
        return [(r["name"], r["last_contact"]) for r in rows]

    everyone = dict(listed())
    assert listed("--tag", "#CAFE") == [("Élodie Marchand", "2026-10-02"), ("Hugo Lefèvre", "2026-09-01"),
                                       ("Zoé Petit", "2026-11-20")]  # never the user, never "cafeteria"
    assert listed("--company", "canopée") == [("Élodie Marchand", "2026-10-02"), ("Inès Haddad", None),
                                              ("Zoé Petit", "2026-11-20")]
    assert listed("--tag", "café", "--company", "ventures") == [("Élodie Marchand", "2026-10-02"),
                                                                ("Zoé Petit", "2026-11-20")]
    assert listed("--tag", "nobody") == []
    assert all(everyone[name] == last for name, last in listed("--tag", "cafe"))
    card = as_json(run("show", "zoé petit", "--format", "json", vault=vault))
    assert card["path"] == "people/Zoé Petit.md" and card["last_contact"] == "2026-11-20"
    assert as_json(run("show", "people/Hugo Lefèvre.md", "--format", "json", vault=vault))["last_contact"] == \
        "2026-09-01"
