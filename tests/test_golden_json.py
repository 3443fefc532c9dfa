"""The JSON contract of `agenda`, `prep` and `followup`, byte for byte.

The files under ``tests/golden/`` are the output of the commands below as the code printed
it before the agenda's results became typed; every key they hold must come out the same,
byte for byte. Keys added since (such as the agenda's ``problems``) are allowed: they are
left out before comparing.
A change of a rule that changes an answer on purpose regenerates them with
``VAULTKIT_GOLDEN=write pytest tests/test_golden_json.py`` (and the diff is reviewed).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from .conftest import EXAMPLE_VAULT

GOLDEN = Path(__file__).resolve().parent / "golden"
LYON = Path(__file__).resolve().parent / "vaults" / "lyon-freelance"
VAULTS = {"example": (EXAMPLE_VAULT, "2026-11-26"), "lyon": (LYON, "2026-12-03")}
CASES = {
    "example": {
        "agenda": ["agenda"],
        "agenda-30": ["agenda", "--days", "30"],
        "prep": ["prep"],
        "prep-septime": ["prep", "Founders Dinner at Septime"],
        "followup": ["followup"],
        "followup-ada": ["followup", "Ada Okafor"],
        "followup-summit": ["followup", "Future of Food Summit"],
    },
    "lyon": {
        "agenda": ["agenda"],
        "agenda-30": ["agenda", "--days", "30"],
        "prep": ["prep"],
        "prep-demo-day": ["prep", "Demo Day Lyon Startup"],
        "followup": ["followup"],
        "followup-sophie": ["followup", "Sophie Laurent"],
        "followup-breakfast": ["followup", "Petit-déjeuner French Tech"],
    },
}
PARAMS = [pytest.param(vault, name, args, id=f"{vault}-{name}")
          for vault, cases in CASES.items() for name, args in cases.items()]


@pytest.fixture(scope="module")
def vaults(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("golden")
    return {name: Path(shutil.copytree(src, base / name)) for name, (src, _) in VAULTS.items()}


@pytest.mark.parametrize(("vault", "name", "args"), PARAMS)
def test_json_output_is_unchanged(run, vaults, vault: str, name: str, args: list[str]) -> None:
    result = run(*args, "--date", VAULTS[vault][1], "--format", "json", vault=vaults[vault])
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{vault}-{name}.json"
    if os.environ.get("VAULTKIT_GOLDEN") == "write":
        golden.write_bytes(result.stdout_bytes)
    out = result.stdout_bytes
    # the output is the canonical compact JSON of what it holds...
    assert out == _dumps(json.loads(out))
    # ...and, without the keys added since, exactly the old output
    old = golden.read_bytes()
    assert _dumps(_known(json.loads(out), json.loads(old))) == old


def _dumps(value: object) -> bytes:
    return (json.dumps(value, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _known(new: object, old: object) -> object:
    """``new`` without the keys of its objects that ``old`` has not at the same place."""
    if isinstance(new, dict) and isinstance(old, dict):
        return {k: _known(v, old[k]) for k, v in new.items() if k in old}
    if isinstance(new, list) and isinstance(old, list) and len(new) == len(old):
        return [_known(n, o) for n, o in zip(new, old, strict=True)]
    return new


def test_added_keys_are_left_out_and_nothing_else() -> None:
    assert _known({"a": 1, "b": [{"c": 2, "d": 3}]}, {"a": 1, "b": [{"c": 2}]}) == {"a": 1, "b": [{"c": 2}]}
    assert _known({"a": 2}, {"a": 1, "z": 0}) == {"a": 2}
