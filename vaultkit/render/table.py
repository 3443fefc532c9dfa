"""Plain text tables for long lists: columns two spaces apart, fitted to a width, a cell too
long for its column folded onto the next lines. Linear in the cells (a rich ``Table`` measures
and renders each cell several times: seconds for 20,000 rows)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

GAP = "  "
NARROWEST = 6  # a column is never cut narrower than this, or its header


def table_lines(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    """The header line, then one or more lines per row, each at most ``width`` cells wide
    when the narrowest columns allow it."""
    natural = [max([cell_len(h), *(cell_len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    widths = _fitted(natural, [max(cell_len(h), NARROWEST) for h in headers], width - len(GAP) * (len(headers) - 1))
    out = _row_lines(headers, widths)
    for row in rows:
        out += _row_lines(row, widths)
    return out


def _fitted(natural: list[int], least: list[int], room: int) -> list[int]:
    """Column widths: the natural ones when they fit in ``room``, else the widest cut down to
    one common cap (never under ``least``) that fits."""
    if sum(natural) <= room:
        return natural
    low, high = 1, max(natural)
    while low < high:  # the widest cap that fits
        cap = (low + high + 1) // 2
        if sum(min(n, max(cap, m)) for n, m in zip(natural, least, strict=True)) <= room:
            low = cap
        else:
            high = cap - 1
    return [min(n, max(low, m)) for n, m in zip(natural, least, strict=True)]


def _row_lines(cells: Sequence[str], widths: list[int]) -> list[str]:
    folded = [_fold(c, w) for c, w in zip(cells, widths, strict=True)]
    depth = max(len(f) for f in folded)
    lines = []
    for n in range(depth):
        parts = [_pad(f[n] if n < len(f) else "", w) for f, w in zip(folded, widths, strict=True)]
        lines.append(GAP.join(parts).rstrip())
    return lines


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


def _fold(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: cut at spaces, a longer word cut anywhere."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split():
        if cell_len(word) > width:  # a word longer than the column: on lines of its own
            if line:
                lines.append(line)
            while cell_len(word) > width:
                head, word = _cut(word, width)
                lines.append(head)
            line = word
            continue
        if line and cell_len(line) + 1 + cell_len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines or [""]


def _cut(word: str, width: int) -> tuple[str, str]:
    """The first ``width`` cells of ``word`` (at least one character), and the rest."""
    used = 0
    for i, char in enumerate(word):
        used += cell_len(char)
        if used > width:
            return (word[:i], word[i:]) if i else (word[:1], word[1:])
    return word, ""
