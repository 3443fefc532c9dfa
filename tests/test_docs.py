"""Docs are part of the product: every command has help with an example and a docs section."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from vaultkit.cli.main import COMMANDS, cli

from .conftest import REPO

DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "docs").glob("*.md")))


def _commands() -> list[tuple[str, ...]]:
    """Every command path, subcommands included."""
    ctx = cli.make_context("vaultkit", [], resilient_parsing=True)
    out = []
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        if command is None:
            continue
        out.append((name,))
        for sub in getattr(command, "commands", {}):
            out.append((name, sub))
    return out


def test_the_foundation_commands_exist() -> None:
    names = {c[0] for c in _commands()}
    assert {"init", "index", "check", "show", "list", "search", "path"} <= names


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_help_has_an_example(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"`vaultkit {' '.join(command)} --help` needs an example"


@pytest.mark.parametrize("command", [c for c in _commands() if len(c) == 1], ids=" ".join)
def test_every_command_has_a_docs_section(command: tuple[str, ...]) -> None:
    assert re.search(rf"^##+ `?vaultkit {command[0]}\b", DOCS, re.MULTILINE), \
        f"docs/ needs a `## vaultkit {command[0]}` section"


def test_readme_starts_with_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.DOTALL)
    assert "vaultkit agenda --vault example-vault" in blocks[0]
    assert "pytest" in blocks[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = blocks[1].strip().splitlines()[-1].split("&&")[-1].strip()
    assert test_command in ci.splitlines()  # CI runs the README's test command, as written


def test_format_doc_covers_every_field() -> None:
    from vaultkit.notes.reader import CONTACT_ALIASES, EVENT_ALIASES

    fmt = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    for table in (CONTACT_ALIASES, EVENT_ALIASES):
        for canon, spellings in table.items():
            for spelling in spellings:
                assert f"`{spelling}`" in fmt, f"docs/format.md should mention `{spelling}` ({canon})"


def test_code_is_ruff_clean() -> None:
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "vaultkit", "tests", "benchmarks"], cwd=REPO,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
