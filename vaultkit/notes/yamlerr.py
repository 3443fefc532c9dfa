"""Turning a PyYAML error into a line number and a message a person understands."""

from __future__ import annotations

import yaml

_OPENERS = {"quoted": "quoted value", "flow sequence": "[ list", "flow mapping": "{ mapping"}


def describe(exc: yaml.YAMLError) -> tuple[int, str]:
    """``(0-based line in the YAML text, message)``; an unclosed quote or bracket points
    at where it opens, not at the end of the text where PyYAML notices it."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None) or ""
    start = getattr(exc, "context_mark", None)
    if start is not None and mark is not None and start.line < mark.line and (
            "quoted" in context or "flow" in context):
        opened = next((v for k, v in _OPENERS.items() if k in context), "bracket")
        return start.line, f"a {opened} opened here is never closed"
    return (mark.line if mark is not None else 0), problem
