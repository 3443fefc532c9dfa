"""Printing: JSON for scripts, rich for people (colours only on a terminal)."""

from __future__ import annotations

import json
import sys
from typing import Any


def emit_json(data: Any) -> None:
    """Stable JSON: keys sorted, UTF-8; indented on a terminal, compact (and much faster:
    the C encoder) when piped."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, sort_keys=True, indent=indent, ensure_ascii=False) + "\n")


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)
