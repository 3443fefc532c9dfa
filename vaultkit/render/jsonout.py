"""The JSON renderer: the stable schema of docs/agenda.md, keys sorted, UTF-8.

Compact for scripts (the agenda written a slice at a time, never as one text), indented
for a person at a terminal.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from vaultkit.render.base import Renderer

if TYPE_CHECKING:
    from vaultkit.engines.results import Agenda, FollowUps, Prep


class JsonRenderer(Renderer):
    def __init__(self, indent: int | None = None) -> None:
        self.indent = indent

    def agenda(self, agenda: Agenda) -> list[bytes]:
        data = agenda.to_json()
        return json_chunks(data) if self.indent is None else self._one(data)

    def prep(self, prep: Prep) -> list[bytes]:
        return self._one(prep.to_json())

    def followup(self, followups: FollowUps) -> list[bytes]:
        return self._one(followups.to_json())

    def _one(self, value: Any) -> list[bytes]:
        return [(json.dumps(value, sort_keys=True, indent=self.indent, ensure_ascii=False) + "\n").encode("utf-8")]


def json_chunks(data: dict[str, Any], slice_size: int = 200) -> list[bytes]:
    """The compact JSON of a mapping (as ``json.dumps`` with sorted keys writes it), in UTF-8
    pieces to write one after the other, a slice of each long list at a time: no text of the
    whole is ever made (megabytes, and four bytes a character as soon as one character is
    beyond U+FFFF, an emoji in a note)."""

    def dumps(value: Any) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, check_circular=False)

    out = [b"{"]
    for n, key in enumerate(sorted(data)):
        value = data[key]
        out.append((", " if n else "").encode() + dumps(key).encode("utf-8") + b": ")
        if not isinstance(value, list) or len(value) <= slice_size:
            out.append(dumps(value).encode("utf-8"))
            continue
        out.append(b"[")
        for i in range(0, len(value), slice_size):
            out.append((", " if i else "").encode() + dumps(value[i : i + slice_size])[1:-1].encode("utf-8"))
        out.append(b"]")
    out.append(b"}\n")
    return out
