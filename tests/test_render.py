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
from vaultkit.render.base import Renderer
from vaultkit.render.formats import renderer_for
from vaultkit.store.index import Index

from .conftest import EXAMPLE_VAULT, as_json

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

    for name in ("reconnect", "prepare", "tasks", "introductions", "build"):
        monkeypatch.setattr(AgendaEngine, name, never)
    drafting = []
    birthdays = AgendaEngine.birthdays

    def dates_only(self, draft: bool = True):
        drafting.append(draft)
        return birthdays(self, draft)

    monkeypatch.setattr(AgendaEngine, "birthdays", dates_only)
    result = run("export", "ics", "--date", TODAY, vault=example)
    assert result.exit_code == 0, result.output
    assert "SUMMARY:Follow up with Ada Okafor" in result.stdout
    assert drafting == [False]  # the birthdays, for the calendar: no wish drafted
    assert "SUMMARY:Léa Moreau's birthday" in result.stdout and "Happy birthday" not in result.stdout


# -- the extras of a drafted message -----------------------------------------------------------

MAILTO = "mailto:ada@coldline.example?subject=Summit&body=Hi%20Ada%2C"


def _with_extras() -> Agenda:
    from vaultkit.engines.results import Birthday, FollowUp, Introduction

    extras = {"mailto": MAILTO, "context": ["wants a French grocery pilot", "met on the panel"],
              "notices": ["no email address: the link has none"]}
    return Agenda(TODAY, 7, follow_up=[FollowUp(
        "Ada Okafor", "people/Ada Okafor.md", "Summit", "events/Summit.md", "2026-11-18", "2026-11-20", True,
        "en", ["cold chain"], "Hi Ada,\n\nGreat talking with you.", **extras)],
        birthdays=[Birthday("Léa Moreau", "people/Léa Moreau.md", "2026-11-29", 35, "Happy birthday Léa!",
                            **extras)],
        introductions=[Introduction("Ada Okafor", "Ben Carter", "people/Ada Okafor.md", "people/Ben Carter.md",
                                    3.5, ["two-way match"], "Hi Ada, would you like to meet Ben?", **extras)])


def test_the_extras_are_in_the_json_only_when_they_hold_something(results) -> None:
    agenda, _, _ = results
    plain = agenda.to_json()
    for name in ("follow_up", "birthdays", "introductions"):
        assert plain[name]
        # a key is there only when it holds something
        assert all(i[key] for i in plain[name] for key in ("mailto", "context", "notices") if key in i)
    extras = _with_extras().to_json()
    for name in ("follow_up", "birthdays", "introductions"):
        (item,) = extras[name]
        assert item["mailto"] == MAILTO and item["context"][0] == "wants a French grocery pilot"
        assert item["notices"] == ["no email address: the link has none"]


def test_markdown_shows_the_send_link_and_your_notes_beside_each_draft() -> None:
    text = b"".join(renderer_for("markdown").agenda(_with_extras())).decode()
    for draft in ("    > Great talking with you.", "    > Happy birthday Léa!", "    > Hi Ada, would you like"):
        at = text.index(draft)
        after = text[at:].splitlines()
        assert after[1:6] == [f"    - [✉ Send]({MAILTO})", "    - Your notes:",
                              "        > wants a French grocery pilot", "        > met on the panel",
                              "    - ⚠ no email address: the link has none"]
    # the user's notes are beside the draft, never inside its quote
    quote = [line for line in text.splitlines() if line.startswith("    > ")]
    assert not any("grocery pilot" in line for line in quote)


def test_text_shows_the_send_link_and_your_notes_beside_each_draft() -> None:
    text = b"".join(renderer_for("text").agenda(_with_extras())).decode()
    assert text.count("send: ✉ ada@coldline.example") == 3 and MAILTO not in text  # a link, not its code
    assert text.count("your notes:") == 3 and text.count("> wants a French grocery pilot") == 3
    assert text.count("⚠ no email address: the link has none") == 3
    assert "Happy birthday Léa!" in text and "would you like to meet Ben?" in text


def test_a_birthday_draft_is_shown_in_text_and_markdown(run, example: Path) -> None:
    text = run("agenda", "--date", TODAY, vault=example).stdout
    md = run("agenda", "--date", TODAY, "--format", "markdown", vault=example).stdout
    birthdays = as_json(run("agenda", "--date", TODAY, "--format", "json", vault=example))["birthdays"]
    lea = next(b for b in birthdays if b["contact"] == "Léa Moreau")
    first = lea["draft"].splitlines()[0]
    section = text[text.index("Birthdays ("):text.index("Introductions (")]
    assert "Léa Moreau" in section and first in section
    md_section = md[md.index("## Birthdays"):md.index("## Introductions")]
    assert f"    > {first}" in md_section
