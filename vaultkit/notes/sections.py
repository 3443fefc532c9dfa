"""A note's body cut at its dated headings (``## 2026-11-20 Coffee``), the reader's rule."""

from __future__ import annotations

from vaultkit.notes.reader import heading_date


def dated_blocks(body: str) -> tuple[str, list[tuple[str, str]]]:
    """``(text before the first dated heading, [(date, block)])``: a block runs from a dated
    heading to the next dated heading of the same or a higher level; joined again, the parts
    are ``body`` byte for byte."""
    preamble: list[str] = []
    blocks: list[tuple[str, list[str], int]] = []
    for line in body.splitlines(keepends=True):
        dated = heading_date(line.rstrip("\r\n"))
        if dated and (not blocks or dated[0] <= blocks[-1][2]):
            blocks.append((dated[1], [line], dated[0]))
        elif blocks:
            blocks[-1][1].append(line)
        else:
            preamble.append(line)
    return "".join(preamble), [(day, "".join(block)) for day, block, _ in blocks]
