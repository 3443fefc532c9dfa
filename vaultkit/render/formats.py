"""The renderer of each output format, for the commands to choose by name."""

from __future__ import annotations

from typing import Any

from vaultkit.render.base import Renderer


def renderer_for(fmt: str, *, console: Any = None, indent: int | None = None) -> Renderer:
    """The renderer of ``fmt`` (``text``, ``markdown`` or ``json``): text is laid out for
    ``console`` (a rich Console: its width, colours when it is a terminal), JSON indented
    by ``indent`` (None: compact)."""
    if fmt == "json":
        from vaultkit.render.jsonout import JsonRenderer

        return JsonRenderer(indent)
    if fmt == "markdown":
        from vaultkit.render.agenda_markdown import MarkdownRenderer

        return MarkdownRenderer()
    from vaultkit.render.text import TextRenderer

    return TextRenderer(console)
