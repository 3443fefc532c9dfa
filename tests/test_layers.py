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
    "capture": ("vaultkit.render", "vaultkit.watch", "vaultkit.sync", "vaultkit.cli", "click"),
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


def _module(path: Path) -> str:
    parts = ["vaultkit", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    """Which modules of the package each module imports, at its top or inside a function
    (a package's ``__init__`` left out: importing a module runs it anyway)."""
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    modules = {name for name, p in files.items() if p.name != "__init__.py"}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = (found & modules) - {name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other, directly or not (Tarjan)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return out


def test_no_module_imports_one_that_imports_it_back() -> None:
    graph = _graph()
    assert "vaultkit.render.base" in graph["vaultkit.render.text"]  # the graph sees imports
    assert _circles(graph) == []


def test_a_circle_is_found() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
