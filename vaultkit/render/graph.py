"""`vaultkit graph` as an Obsidian canvas (JSON Canvas 1.0), Mermaid, Graphviz DOT or JSON, and
the stamp that tells a file vaultkit wrote (and nobody edited since) from any other.

A written file carries the hash of its own content: the canvas and JSON in a top-level
``vaultkit_generated`` key (other programs ignore it), Mermaid and DOT in a first comment
line. Rewriting it is allowed only while that hash still matches (see ``untouched``).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from typing import Any

from vaultkit.engines.graph import COMPANY_NODE, Graph, Node

STAMP = "vaultkit_generated"
WIDTH, HEIGHT, GAP_X, GAP_Y = 260, 60, 340, 140  # canvas cards and the grid they sit on
# JSON Canvas preset colours: 1 red, 2 orange, 3 yellow, 4 green, 5 cyan, 6 purple
_COLOURS = {"knows": "4", "introduced_by": "4", "introduced": "6", "event": "5", "company": "3",
            "past_company": "2"}
_TEXT_COMMENT = {"mermaid": "%%", "dot": "//"}


def canvas(g: Graph) -> dict[str, Any]:
    """The canvas: a card per node (a file card on the note; a text card for a company
    without one), laid out on a grid, people linked together placed near each other."""
    ids = {n.id: f"{i:016x}" for i, n in enumerate(g.nodes)}  # 16 hex digits, as Obsidian's own
    nodes = []
    columns = max(1, math.ceil(math.sqrt(len(g.nodes))))
    for n, node in enumerate(_order(g)):
        card: dict[str, Any] = {"id": ids[node.id], "x": (n % columns) * GAP_X, "y": (n // columns) * GAP_Y,
                                "width": WIDTH, "height": HEIGHT}
        if node.path:
            card.update(type="file", file=node.path)
        else:
            card.update(type="text", text=f"**{node.name}**")
        if node.kind == COMPANY_NODE:
            card["color"] = _COLOURS["company"]
        nodes.append(card)
    edges = []
    for n, e in enumerate(g.edges, len(g.nodes)):
        edge = {"id": f"{n:016x}", "fromNode": ids[e.a],
                "toNode": ids[e.b], "toEnd": "none", "color": _COLOURS.get(e.kinds[0], "4")}
        if e.label:
            edge["label"] = e.label
        edges.append(edge)
    return {"nodes": nodes, "edges": edges}


def _order(g: Graph) -> list[Node]:
    """The nodes in the order they go on the grid: each group of linked nodes together
    (the biggest first), each walked from its best linked node outwards."""
    by_id = {n.id: n for n in g.nodes}
    links: dict[str, list[str]] = defaultdict(list)
    for e in g.edges:
        links[e.a].append(e.b)
        links[e.b].append(e.a)
    seen: set[str] = set()
    groups = []
    for start in sorted(by_id, key=lambda i: (-len(links[i]), i)):
        if start in seen:
            continue
        group, queue = [], [start]
        seen.add(start)
        while queue:
            here = queue.pop(0)
            group.append(here)
            for other in sorted(links[here]):
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        groups.append(group)
    groups.sort(key=lambda grp: -len(grp))  # stable: ties stay by their best node
    return [by_id[i] for grp in groups for i in grp]


def mermaid(g: Graph) -> str:
    """A Mermaid flowchart: people as boxes, companies as hexagons, edges labelled; nodes
    with a note are Obsidian internal links."""
    ids = {n.id: f"n{i}" for i, n in enumerate(g.nodes)}
    lines = ["flowchart LR"]
    for node in g.nodes:
        name = _mermaid_text(node.name)
        lines.append(f'  {ids[node.id]}{{{{"{name}"}}}}' if node.kind == COMPANY_NODE
                     else f'  {ids[node.id]}["{name}"]')
    for e in g.edges:
        label = f'|"{_mermaid_text(e.label)}"|' if e.label else ""
        lines.append(f"  {ids[e.a]} ---{label} {ids[e.b]}")
    linked = [ids[n.id] for n in g.nodes if n.path]
    if linked:
        lines.append(f"  class {','.join(linked)} internal-link")
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("|", "#124;").replace("\n", " ")


def dot(g: Graph) -> str:
    """A Graphviz graph (undirected): people as ellipses, companies as boxes."""
    lines = ["graph network {", "  node [fontname=\"Helvetica\"];"]
    for node in g.nodes:
        shape = ", shape=box" if node.kind == COMPANY_NODE else ""
        lines.append(f"  {_dot_text(node.id)} [label={_dot_text(node.name)}{shape}];")
    for e in g.edges:
        label = f" [label={_dot_text(e.label)}]" if e.label else ""
        lines.append(f"  {_dot_text(e.a)} -- {_dot_text(e.b)}{label};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def render(g: Graph, fmt: str) -> str:
    """The graph in ``fmt`` (canvas, mermaid, dot or json) for standard output."""
    if fmt == "mermaid":
        return mermaid(g)
    if fmt == "dot":
        return dot(g)
    doc = canvas(g) if fmt == "canvas" else g.to_json()
    return json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n"  # one line: the C encoder, 10x quicker


# -- files vaultkit writes --------------------------------------------------------------------


def _hash(text: str) -> str:
    return hashlib.sha256(text.replace("\r\n", "\n").rstrip().encode("utf-8")).hexdigest()[:16]


def _json_hash(doc: dict[str, Any]) -> str:
    return _hash(json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def stamped(g: Graph, fmt: str, markdown: bool = False) -> bytes:
    """The file of ``fmt`` to write, with the hash of its content; Mermaid in a markdown note
    (``markdown``) is fenced as a ``mermaid`` block, which Obsidian draws."""
    if fmt in ("canvas", "json"):
        doc = canvas(g) if fmt == "canvas" else g.to_json()
        doc[STAMP] = _json_hash(doc)
        return (json.dumps(doc, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    body = render(g, fmt)
    text = f"{_TEXT_COMMENT[fmt]} {STAMP}: {_hash(body)}\n{body}"
    return (f"```mermaid\n{text}```\n" if markdown else text).encode("utf-8")


def untouched(fmt: str, raw: bytes) -> bool | None:
    """What a file holds: True, vaultkit's output as written; False, vaultkit's output edited
    since; None, no output of vaultkit (no stamp, not text)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if fmt in ("canvas", "json"):
        try:
            doc = json.loads(text)
        except ValueError:
            return None
        if not isinstance(doc, dict) or not isinstance(doc.get(STAMP), str):
            return None
        stamp = doc.pop(STAMP)
        return stamp == _json_hash(doc)
    fenced = text.startswith("```mermaid\n")
    if fenced:
        if not text.rstrip().endswith("```"):
            return False
        text = text[len("```mermaid\n"):].rstrip()[:-3]
    first, _, body = text.partition("\n")
    prefix = f"{_TEXT_COMMENT[fmt]} {STAMP}: "
    if not first.startswith(prefix):
        return None
    return first[len(prefix):].strip() == _hash(body)
