"""Shared fixtures: private config and cache dirs, vaults built on disk, a CLI runner, real sample files."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from vaultkit.cli.main import cli

REPO = Path(__file__).resolve().parents[1]
# real third-party files kept in the repository (see tests/data/SOURCES.md)
DATA = REPO / "tests" / "data"
# the wider corpus they were chosen from: beside a development checkout only, never in a clone
CORPUS = REPO.parent / "shared" / "corpus"
NO_CORPUS = f"the wider corpus {CORPUS} is absent (a clone has tests/data only)"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=NO_CORPUS)
EXAMPLE_VAULT = REPO / "example-vault"
SAMPLE_KINDS = ("vcard", "ical", "linkedin", "obsidian")


def sample(rel: str) -> Path:
    """A real file by its place in the corpus (``"vcard/x.vcf"``): the copy in tests/data, else the
    wider corpus's; the test is skipped, saying why, when neither has it."""
    for root in (DATA, CORPUS):
        if (root / rel).is_file():
            return root / rel
    pytest.skip(f"{rel} is not in tests/data and {NO_CORPUS}")


def sample_params(*kinds: str) -> list:
    """Cases of a test over real files: every file of ``kinds`` in tests/data, then the other files
    of the wider corpus, or, when it is absent, one case skipped with the reason (none vanishes)."""
    params = []
    for kind in kinds:
        kept = sorted(p for p in (DATA / kind).iterdir() if p.is_file())
        params += [pytest.param(p, id=f"data/{kind}/{p.name}") for p in kept]
        if (CORPUS / kind).is_dir():
            names = {p.name for p in kept}
            params += [pytest.param(p, id=f"corpus/{kind}/{p.name}")
                       for p in sorted((CORPUS / kind).iterdir()) if p.is_file() and p.name not in names]
        else:
            params.append(pytest.param(None, id=f"corpus/{kind}", marks=pytest.mark.skip(reason=NO_CORPUS)))
    return params


def sample_folders(kind: str) -> list:
    """The folder of ``kind`` in tests/data, and the wider corpus's (skipped, saying why, when absent)."""
    return [pytest.param(DATA / kind, id=f"data/{kind}"),
            pytest.param(CORPUS / kind, id=f"corpus/{kind}", marks=needs_corpus)]


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


def save_during_write(monkeypatch: pytest.MonkeyPatch, path: Path, saved: Callable[[bytes], bytes]) -> list[int]:
    """Another program saves ``path`` once, between vaultkit's read of it and its write
    (``writer.Snapshot.commit``): a real thread writes ``saved(the bytes vaultkit read)``.
    The list returned holds one item once that save happened."""
    import threading

    from vaultkit.notes import writer

    real_commit = writer.Snapshot.commit
    saves: list[int] = []

    def commit(self: writer.Snapshot, new_text: str) -> None:
        if Path(self.path) == path and not saves:
            saves.append(1)
            editor = threading.Thread(target=lambda: path.write_bytes(saved(self.raw)))
            editor.start()
            editor.join()
        real_commit(self, new_text)

    monkeypatch.setattr(writer.Snapshot, "commit", commit)
    return saves
