"""`vaultkit graph`: the contacts and the ties between them as an Obsidian canvas, Mermaid,
DOT and JSON, the filters, and a canvas written into the vault that is never written over
once the user changed it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from vaultkit.errors import WriteRefused
from vaultkit.notes.writer import write_owned

from .conftest import as_json
from .test_reach import EMMA, JULIE, KARIM, MARC, NANTES, OLIVIA, PAUL, SOPHIE, THOMAS, TODAY

HUGO = "people/Hugo Blanc.md"
VERDURE = "company:verdure"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    return Path(shutil.copytree(NANTES, tmp_path / "reseau-nantes"))


def graph(run, vault: Path, *args: str) -> dict:
    return as_json(run("graph", *args, "--date", TODAY, "--format", "json", vault=vault))


def edges(out: dict) -> dict[frozenset[str], dict]:
    return {frozenset((e["from"], e["to"])): e for e in out["edges"]}


def test_the_ties_between_contacts(run, vault: Path) -> None:
    out = graph(run, vault)
    nodes = {n["id"]: n for n in out["nodes"]}
    assert "people/Léa Martin.md" not in nodes  # the user is never drawn
    assert nodes[VERDURE] == {"id": VERDURE, "kind": "company", "name": "Verdure", "path": "companies/Verdure.md"}
    found = edges(out)
    assert found[frozenset((JULIE, THOMAS))]["kinds"] == ["knows"]
    assert found[frozenset((HUGO, JULIE))]["label"] == "Julie Bernard introduced you"
    assert found[frozenset((SOPHIE, THOMAS))] == {"from": SOPHIE, "to": THOMAS, "kinds": ["introduced"],
                                       "label": "you introduced them"}
    assert found[frozenset((EMMA, KARIM))]["label"] == "met at Dîner chez Julie"
    assert found[frozenset((THOMAS, VERDURE))]["label"] == "at"
    assert found[frozenset((MARC, VERDURE))]["label"] == "was at"
    # no tie from the conference, the crowded meetup or an introduction only proposed
    assert frozenset((KARIM, OLIVIA)) not in found and frozenset((PAUL, THOMAS)) not in found
    # a company with one person shown is no node (Nordlys Capital: Karim only)
    assert not any(n["name"] == "Nordlys Capital" for n in out["nodes"])


def test_filters(run, vault: Path) -> None:
    around = graph(run, vault, "--around", "Thomas Girard")
    assert {n["id"] for n in around["nodes"]} == {THOMAS, JULIE, SOPHIE, MARC, VERDURE}
    two = graph(run, vault, "--around", "Thomas Girard", "--depth", "2")
    assert {HUGO} <= {n["id"] for n in two["nodes"]}  # through Julie
    assert EMMA in {n["id"] for n in two["nodes"]}  # Julie's dinner
    tagged = graph(run, vault, "--tag", "investor")
    assert [n["id"] for n in tagged["nodes"]] == [KARIM, "people/Nadia Rahmani.md"] and tagged["edges"] == []
    at = graph(run, vault, "--company", "verdure")
    assert {n["id"] for n in at["nodes"]} == {MARC, THOMAS, VERDURE}
    result = run("graph", "--depth", "2", vault=vault)
    assert result.exit_code == 2 and "--depth goes with --around" in result.output


def test_canvas_mermaid_and_dot(run, vault: Path) -> None:
    canvas = json.loads(run("graph", "--date", TODAY, vault=vault).output)
    files = {n["file"]: n for n in canvas["nodes"] if n["type"] == "file"}
    assert {THOMAS, JULIE, "companies/Verdure.md"} <= set(files)
    assert all((vault / f).is_file() for f in files)
    ids = {n["id"] for n in canvas["nodes"]}
    assert len(ids) == len(canvas["nodes"]) and all(len(i) == 16 for i in ids)
    assert all(e["fromNode"] in ids and e["toNode"] in ids for e in canvas["edges"])
    labels = {(files[JULIE]["id"], files[THOMAS]["id"]): "knows"}
    assert any((e["fromNode"], e["toNode"]) in labels and e["label"] == "knows" for e in canvas["edges"])
    assert all({"x", "y", "width", "height"} <= set(n) for n in canvas["nodes"])
    mermaid = run("graph", "--date", TODAY, "--format", "mermaid", vault=vault).output
    assert mermaid.startswith("flowchart LR\n")
    assert '["Julie Bernard"]' in mermaid and '{{"Verdure"}}' in mermaid and '---|"knows"|' in mermaid
    dot = run("graph", "--date", TODAY, "--format", "dot", vault=vault).output
    assert dot.startswith("graph network {") and dot.rstrip().endswith("}")
    assert f'"{JULIE}" -- "{THOMAS}" [label="knows"];' in dot
    assert '"company:verdure" [label="Verdure", shape=box];' in dot


def test_a_canvas_written_into_the_vault_is_never_written_over_once_changed(run, vault: Path) -> None:
    target = vault / "Network.canvas"
    result = run("graph", "--output", "Network.canvas", "--date", TODAY, vault=vault)
    assert result.exit_code == 0 and "wrote Network.canvas" in result.output
    first = target.read_bytes()
    assert "nodes" in json.loads(first)
    again = run("graph", "--output", "Network.canvas", "--date", TODAY, vault=vault)
    assert "is up to date" in again.output and target.read_bytes() == first
    # a new tie: vaultkit's own file is brought up to date
    note = vault / "people" / "Emma Wilson.md"
    note.write_text(note.read_text(encoding="utf-8").replace("tags:", 'knows: ["[[Olivia Chen]]"]\ntags:'),
                    encoding="utf-8")
    assert "wrote" in run("graph", "--output", "Network.canvas", "--date", TODAY, vault=vault).output
    # the user moves a card in Obsidian: their layout is kept, nothing is written
    doc = json.loads(target.read_text(encoding="utf-8"))
    doc["nodes"][0]["x"] += 120
    moved = json.dumps(doc, indent="\t").encode("utf-8")
    target.write_bytes(moved)
    refused = run("graph", "--output", "Network.canvas", "--date", TODAY, vault=vault)
    assert refused.exit_code == 2 and "edited since vaultkit wrote it" in refused.output
    assert target.read_bytes() == moved
    # a canvas the user made themselves is never replaced
    own = vault / "Mine.canvas"
    own.write_text('{"nodes": [], "edges": []}', encoding="utf-8")
    refused = run("graph", "--output", "Mine.canvas", "--date", TODAY, vault=vault)
    assert refused.exit_code == 2 and "not written by vaultkit" in refused.output
    assert own.read_text(encoding="utf-8") == '{"nodes": [], "edges": []}'


def test_mermaid_note_and_dot_file_are_stamped_too(run, vault: Path) -> None:
    run("graph", "--output", "Graph.md", "--date", TODAY, vault=vault)
    text = (vault / "Graph.md").read_text(encoding="utf-8")
    assert text.startswith("```mermaid\n%% vaultkit_generated: ") and text.rstrip().endswith("```")
    assert "is up to date" in run("graph", "--output", "Graph.md", "--date", TODAY, vault=vault).output
    (vault / "Graph.md").write_text(text + "\nMy notes about the picture.\n", encoding="utf-8")
    assert run("graph", "--output", "Graph.md", "--date", TODAY, vault=vault).exit_code == 2
    run("graph", "--output", "net.dot", "--date", TODAY, vault=vault)
    assert (vault / "net.dot").read_text(encoding="utf-8").startswith("// vaultkit_generated: ")


def test_a_change_made_while_writing_makes_the_writer_refuse(tmp_path: Path) -> None:
    """Someone saves the canvas between vaultkit's read and its write: their file is kept."""
    from vaultkit.engines.graph import Graph
    from vaultkit.render.graph import stamped, untouched

    path = tmp_path / "Network.canvas"
    old = stamped(Graph(TODAY), "canvas")
    assert untouched("canvas", old) is True
    path.write_bytes(old)
    theirs = b'{"nodes": [{"id": "a", "type": "text", "text": "mine", "x": 0, "y": 0, "width": 1, "height": 1}]}'
    calls = []

    def judge(raw: bytes) -> bool | None:
        calls.append(raw)
        if len(calls) == 1:  # the user's save lands after vaultkit read the file
            path.write_bytes(theirs)
        return untouched("canvas", raw)

    with pytest.raises(WriteRefused):
        write_owned(path, b'{"nodes": [], "edges": [], "new": 1}', judge)
    assert path.read_bytes() == theirs
    assert calls[0] == old and calls[-1] == theirs  # read again, then refused
