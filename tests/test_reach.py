"""`vaultkit reach TARGET`: who could introduce the user to a contact, to someone at a
company, or to someone who offers what they need, and why; on a hand-written vault
(tests/vaults/reseau-nantes: a dinner of six, a 300-person conference, a crowded meetup,
a `knows` link, an introduction made and one proposed, a company someone left)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import EXAMPLE_VAULT, as_json

NANTES = Path(__file__).resolve().parent / "vaults" / "reseau-nantes"
TODAY = "2026-06-15"
JULIE, THOMAS, EMMA, KARIM = ("people/Julie Bernard.md", "people/Thomas Girard.md", "people/Emma Wilson.md",
                              "people/Karim Haddad.md")
OLIVIA, SOPHIE, MARC, PAUL = ("people/Olivia Chen.md", "people/Sophie Laurent.md", "people/Marc Dubois.md",
                              "people/Paul Petit.md")
NADIA = "people/Nadia Rahmani.md"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return Path(shutil.copytree(NANTES, tmp_path / "reseau-nantes"))


def reach(run, vault: Path, *args: str) -> dict:
    return as_json(run("reach", *args, "--date", TODAY, "--format", "json", vault=vault))


def by_connector(out: dict) -> dict[str, dict]:
    return {p["connector_path"]: p for p in out["paths"]}


def test_connectors_to_a_contact_ranked_by_warmth_and_tie(run, vault: Path) -> None:
    out = reach(run, vault, "Thomas Girard")
    assert (out["kind"], out["name"], out["path"]) == ("contact", "Thomas Girard", THOMAS)
    # Julie lists him in `knows` and Léa sees her monthly: the warmest path first; Sophie, whom
    # Léa introduced to him; Marc, who was at Verdure before him and whom Léa is losing touch with
    assert [p["connector_path"] for p in out["paths"]] == [JULIE, SOPHIE, MARC]
    paths = by_connector(out)
    assert paths[JULIE]["reasons"] == ["Julie Bernard lists Thomas Girard in knows"]
    assert (paths[JULIE]["bucket"], paths[JULIE]["score"]) == ("active", 1.0)
    assert paths[SOPHIE]["reasons"] == ["you introduced Sophie Laurent and Thomas Girard on 2026-03-10"]
    assert paths[MARC]["reasons"] == ["Marc Dubois was at Verdure before; Thomas Girard is there now"]
    assert paths[MARC]["bucket"] == "at_risk" and paths[MARC]["score"] < paths[SOPHIE]["score"]
    # an introduction only proposed says nothing about whether Paul and Thomas know each other
    assert PAUL not in paths
    assert out["targets"][0]["bucket"] == "cooling"


def test_a_dinner_makes_a_path_a_conference_and_a_crowded_meetup_do_not(run, vault: Path) -> None:
    out = reach(run, vault, "Karim Haddad")
    paths = by_connector(out)
    # six at Julie's table (five besides Léa): Emma and Julie met Karim there
    assert sorted(paths) == [EMMA, JULIE]
    assert paths[EMMA]["reasons"] == ["both at Dîner chez Julie (5 people, 2026-01-20)"]
    assert paths[EMMA]["ties"][0]["people"] == 5
    # Olivia (whom Léa talks with most lately) was at the 300-person summit and at a meetup of
    # fourteen with him: neither makes her a connector
    assert OLIVIA not in paths


def test_the_small_event_size_is_configurable(run, vault: Path) -> None:
    (vault / ".vaultkit" / "config.yaml").write_text("me: Léa Martin\nsmall_event: 4\n", encoding="utf-8")
    assert reach(run, vault, "Karim Haddad")["paths"] == []  # five at dinner is now too many
    (vault / ".vaultkit" / "config.yaml").write_text("me: Léa Martin\nsmall_event: 20\n", encoding="utf-8")
    paths = by_connector(reach(run, vault, "Karim Haddad"))
    assert OLIVIA in paths  # the meetup of fourteen now counts; the conference never does
    assert [t["kind"] for t in paths[OLIVIA]["ties"]] == ["event"]
    assert "Nantes Tech Meetup" in paths[OLIVIA]["reasons"][0]


def test_a_need_reaches_those_who_offer_it(run, vault: Path) -> None:
    out = reach(run, vault, "seed funding")
    assert (out["kind"], out["name"]) == ("need", "seed funding")
    targets = {t["path"]: t for t in out["targets"]}
    assert sorted(targets) == [KARIM, NADIA]
    assert targets[KARIM]["why"] == "offers seed funding (same words)"
    # Nadia is someone Léa sees: she asks her herself; Karim needs an introduction
    assert targets[NADIA]["known_well"] and not targets[KARIM]["known_well"]
    assert {p["to_path"] for p in out["paths"]} == {KARIM}
    assert sorted(by_connector(out)) == [EMMA, JULIE]


def test_a_company_reaches_its_people_now_and_before(run, vault: Path) -> None:
    out = reach(run, vault, "verdure")
    assert (out["kind"], out["name"], out["path"]) == ("company", "Verdure", "companies/Verdure.md")
    assert [(t["path"], t["why"]) for t in out["targets"]] == [
        (THOMAS, "at Verdure now (CTO)"), (MARC, "at Verdure before, now at Fabrique Numérique")]
    # Marc and Thomas both need an introduction themselves: neither is the other's connector
    assert [(p["connector_path"], p["to_path"]) for p in out["paths"]] == [(JULIE, THOMAS), (SOPHIE, THOMAS)]


def test_drafts_in_the_connectors_language_and_register(run, vault: Path) -> None:
    paths = by_connector(reach(run, vault, "--need", "seed funding"))
    julie, emma = paths[JULIE]["draft"], paths[EMMA]["draft"]
    assert julie.startswith("Salut Julie,") and "Pourrais-tu me présenter à Karim Haddad" in julie
    assert "lors du dîner chez Julie" in julie and "Léa" in julie
    assert emma.startswith("Hi Emma,") and "Would you introduce me to Karim Haddad" in emma
    assert "help me with seed funding" in emma
    assert paths[EMMA]["mailto"].startswith("mailto:emma@loopstudio.example?subject=Would%20you%20introduce%20me")
    marc = by_connector(reach(run, vault, "Thomas Girard"))[MARC]["draft"]
    assert marc.startswith("Bonjour Marc,") and "Pourriez-vous" in marc and "travaillé chez Verdure" in marc


def test_forced_kinds_and_a_clear_error(run, vault: Path) -> None:
    assert reach(run, vault, "--company", "verdure")["kind"] == "company"
    assert reach(run, vault, "--contact", "thomas")["path"] == THOMAS
    out = reach(run, vault, "--need", "a sailing coach")
    assert (out["kind"], out["targets"], out["paths"]) == ("need", [], [])
    result = run("reach", "a sailing coach", "--date", TODAY, vault=vault)
    assert result.exit_code == 2
    assert "is no contact, no company of the vault, and nobody offers it" in result.output
    result = run("reach", "--contact", "Léa Martin", "--date", TODAY, vault=vault)
    assert result.exit_code == 2 and "is you" in result.output


def test_text_and_markdown(run, vault: Path) -> None:
    text = run("reach", "Karim Haddad", "--date", TODAY, vault=vault).output
    assert "1. Emma Wilson → Karim Haddad" in text and "- both at Dîner chez Julie" in text
    assert "Would you introduce me to Karim Haddad" in text
    bare = run("reach", "Karim Haddad", "--date", TODAY, "--no-drafts", vault=vault).output
    assert "Would you introduce me" not in bare
    md = run("reach", "Karim Haddad", "--date", TODAY, "--format", "markdown", vault=vault).output
    assert "[[Emma Wilson]] → [[Karim Haddad]]" in md and "> Hi Emma," in md
    md = run("reach", "Karim Haddad", "--date", TODAY, "--format", "markdown", "--no-drafts", vault=vault).output
    assert "[[Emma Wilson]] → [[Karim Haddad]]" in md and "> Hi Emma," not in md


def test_the_example_vault_shows_a_warm_path(run, tmp_path: Path) -> None:
    example = Path(shutil.copytree(EXAMPLE_VAULT, tmp_path / "example"))
    out = as_json(run("reach", "Élodie Marchand", "--date", "2026-11-26", "--format", "json", vault=example))
    first = out["paths"][0]
    assert first["connector"] == "Bastien Laurent"
    assert first["reasons"] == ["Bastien Laurent lists Élodie Marchand in knows"]
    assert first["draft"].startswith("Bonjour Bastien,")


def test_the_examples_of_the_docs_are_what_the_commands_print(run, tmp_path: Path) -> None:
    """Each `$ vaultkit …` example of docs/network.md, run on the example vault, prints what
    the docs show."""
    import shlex

    from .conftest import REPO

    example = Path(shutil.copytree(EXAMPLE_VAULT, tmp_path / "example-vault"))
    text = (REPO / "docs" / "network.md").read_text(encoding="utf-8")
    examples = 0
    for block in text.split("\n\n    $ ")[1:]:
        lines = block.split("\n")
        command, shown = lines[0], []
        for line in lines[1:]:
            if not (line.startswith("    ") or line == ""):
                break
            shown.append(line[4:])
        while shown and not shown[-1]:
            shown.pop()
        args = shlex.split(command)[1:]
        args[args.index("--vault") + 1] = str(example)
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert result.output.rstrip("\n").split("\n") == shown, command
        examples += 1
    assert examples >= 4


def test_the_json_schema_is_locked(run, vault: Path) -> None:
    out = reach(run, vault, "--need", "seed funding")
    assert sorted(out) == ["date", "kind", "more", "name", "path", "paths", "query", "targets"]
    assert sorted(out["targets"][0]) == ["bucket", "known_well", "last_contact", "name", "path", "warmth_why", "why"]
    path = by_connector(out)[EMMA]
    assert sorted(path) == ["bucket", "connector", "connector_path", "draft", "last_contact", "mailto", "reasons",
                            "score", "strength", "ties", "to", "to_path", "warmth", "warmth_why"]
    assert sorted(path["ties"][0]) == ["date", "kind", "label", "people", "strength", "via"]
    assert "mailto" not in by_connector(out)[JULIE] or by_connector(out)[JULIE]["mailto"].startswith("mailto:julie@")
    graph = as_json(run("graph", "--date", TODAY, "--format", "json", vault=vault))
    assert sorted(graph) == ["date", "edges", "nodes"]
    assert sorted(graph["nodes"][0]) == ["id", "kind", "name", "path"]
    assert sorted(graph["edges"][0]) == ["from", "kinds", "label", "to"]


def test_knows_written_as_a_plain_name(run, vault: Path) -> None:
    """Sophie's note says `knows: Olivia Chen`, no link: the same tie as a link."""
    paths = by_connector(reach(run, vault, "Olivia Chen"))
    assert list(paths) == [SOPHIE]
    assert paths[SOPHIE]["reasons"] == ["Sophie Laurent lists Olivia Chen in knows"]
