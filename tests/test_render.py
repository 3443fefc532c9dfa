"""The renderers: one interface (agenda, prep, followup) in text, markdown and JSON, fed the
engine's typed results; and the commands that only hand those results over."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest

from vaultkit.config import load_config
from vaultkit.engines.agenda import AgendaEngine, build_agenda, followups, prep
from vaultkit.engines.results import Agenda, FollowUps, Prep
from vaultkit.render.base import Renderer, renderer_for
from vaultkit.store.index import Index

from .conftest import EXAMPLE_VAULT

PACKAGE = Path(__file__).resolve().parents[1] / "vaultkit"
TODAY = "2026-11-26"
FORMATS = ("text", "markdown", "json")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(EXAMPLE_VAULT, tmp_path_factory.mktemp("render") / "example"))


@pytest.fixture
def results(example: Path) -> tuple[Agenda, Prep, FollowUps]:
    config = load_config(example)
    with Index(config) as ix:
        ix.refresh()
        return (build_agenda(ix, config, TODAY), prep(ix, config, TODAY),
                followups(ix, config, TODAY))


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_the_same_three_results(results, fmt: str) -> None:
    agenda, prepared, follow = results
    renderer = renderer_for(fmt)
    assert isinstance(renderer, Renderer)
    shown = ((renderer.agenda(agenda), "Ada Okafor"), (renderer.prep(prepared), "Tom Becker"),
             (renderer.followup(follow), "Sofia Lindqvist"))
    for chunks, name in shown:
        assert chunks and all(isinstance(c, bytes) for c in chunks)
        assert name in b"".join(chunks).decode("utf-8")  # the same people, whatever the format


def test_the_json_renderer_writes_to_json_and_nothing_else(results) -> None:
    agenda, prepared, follow = results
    json_out = renderer_for("json")
    assert json.loads(b"".join(json_out.agenda(agenda))) == agenda.to_json()
    assert json.loads(b"".join(json_out.prep(prepared))) == [i.to_json() for i in prepared.items]
    assert json.loads(b"".join(json_out.followup(follow))) == [i.to_json() for i in follow.items]
    indented = b"".join(renderer_for("json", indent=2).followup(follow)).decode()
    assert indented.startswith("[\n  {") and json.loads(indented) == follow.to_json()


def test_one_event_asked_for_is_an_object_or_null(results) -> None:
    _, prepared, _ = results
    one = Prep(prepared.date, prepared.items[:1], one=True)
    assert one.to_json() == prepared.items[0].to_json()
    assert Prep(prepared.date, [], one=True).to_json() is None
    assert Prep(prepared.date, []).to_json() == []


def test_text_and_markdown_show_the_section_of_prep_and_followup_only(results) -> None:
    _, prepared, follow = results
    text = b"".join(renderer_for("text").followup(follow)).decode()
    assert text.startswith("Follow up (") and "Reconnect" not in text
    md = b"".join(renderer_for("markdown").prep(prepared)).decode()
    assert md.startswith("## Prepare\n") and "## Tasks" not in md and "generated_by" not in md


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(("." * node.level) + node.module)
    return found


def test_the_agenda_commands_compute_and_print_nothing_themselves() -> None:
    """`cli/agenda.py` parses options, calls the engine and hands the result to a renderer:
    no rich, no json, no cache or text layout of its own."""
    found = _imports(PACKAGE / "cli" / "agenda.py")
    assert not {"rich", "json", "rich.text", "rich.markup", "hashlib", "tempfile"} & found
    assert {"vaultkit.engines.agenda", "vaultkit.render.base", "vaultkit.engines.cache"} <= found
    source = (PACKAGE / "cli" / "agenda.py").read_text(encoding="utf-8")
    assert "def render_text" not in source and "def json_chunks" not in source


def test_export_ics_computes_only_the_follow_ups(example: Path, run, monkeypatch) -> None:
    def never(self, *args, **kwargs):
        raise AssertionError("export ics computed a section it does not export")

    for name in ("reconnect", "prepare", "tasks", "birthdays", "introductions", "build"):
        monkeypatch.setattr(AgendaEngine, name, never)
    result = run("export", "ics", "--date", TODAY, vault=example)
    assert result.exit_code == 0, result.output
    assert "SUMMARY:Follow up with Ada Okafor" in result.stdout
