"""Shared fixtures: private config and cache dirs, vaults built on disk, a CLI runner."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultkit.cli.main import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
EXAMPLE_VAULT = REPO / "example-vault"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own XDG cache and config dirs, and no ambient vault."""
    base = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.delenv("VAULTKIT_VAULT", raising=False)
    return base


def write_vault(root: Path, files: dict[str, str], config: str | None = "me: Sam Rivera\n") -> Path:
    """Create a vault: ``files`` maps relative paths to (dedented) text."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (root / ".vaultkit").mkdir(exist_ok=True)
        (root / ".vaultkit" / "config.yaml").write_text(textwrap.dedent(config), encoding="utf-8")
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def make_vault(tmp_path: Path) -> Callable[..., Path]:
    def make(files: dict[str, str], config: str | None = "me: Sam Rivera\n", name: str = "vault") -> Path:
        return write_vault(tmp_path / name, files, config)

    return make


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process; ``run("list", "contacts", vault=v)``."""

    def invoke(*args: str, vault: Path | None = None, input: str | None = None) -> Result:
        argv = list(args)
        if vault is not None:
            argv += ["--vault", str(vault)]
        return CliRunner().invoke(cli, argv, input=input, catch_exceptions=False)

    return invoke


def as_json(result: Result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
