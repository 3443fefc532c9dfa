"""The layers of the package: each imports only those below it (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "vaultkit"
# what each layer may never import
FORBIDDEN = {
    "notes": ("vaultkit.store", "vaultkit.engines", "vaultkit.render", "vaultkit.formats", "vaultkit.watch",
              "vaultkit.sync", "vaultkit.cli", "click"),
    "store": ("vaultkit.engines", "vaultkit.render", "vaultkit.formats", "vaultkit.watch", "vaultkit.sync",
              "vaultkit.cli", "click"),
    "engines": ("vaultkit.render", "vaultkit.watch", "vaultkit.sync", "vaultkit.cli", "click"),
    "render": ("vaultkit.watch", "vaultkit.sync", "vaultkit.cli", "click"),
    "formats": ("vaultkit.render", "vaultkit.watch", "vaultkit.sync", "vaultkit.cli", "click"),
    "watch": ("vaultkit.cli", "click"),
    "sync": ("vaultkit.cli", "click"),
}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    wrong = [f"{path.relative_to(PACKAGE)} imports {name}"
             for path in sorted((PACKAGE / layer).glob("*.py")) for name in sorted(imports(path))
             if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])]
    assert wrong == []


def test_sql_lives_only_in_the_store() -> None:
    outside = [str(p.relative_to(PACKAGE)) for p in sorted(PACKAGE.rglob("*.py"))
               if "store" not in p.relative_to(PACKAGE).parts and ".execute(" in p.read_text(encoding="utf-8")]
    assert outside == []
