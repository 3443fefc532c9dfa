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
    columns = [[row[i] for row in rows] for i in range(len(headers))]
    sizes = [list(map(cell_width, column)) for column in columns]  # each cell measured once
    natural = [max([cell_width(h), *s]) for h, s in zip(headers, sizes, strict=True)]
    widths = _fitted(natural, [max(cell_width(h), NARROWEST) for h in headers], width - len(GAP) * (len(headers) - 1))
    folds: dict[tuple[str, int], tuple[str, ...]] = {}  # many cells repeat (companies, tags)
    out = _row_lines(headers, widths, folds)
    # each cell padded to its column, None when it must be folded onto more lines
    padded = [[text + " " * (w - n) if n <= w else None for text, n in zip(column, s, strict=True)]
              for column, s, w in zip(columns, sizes, widths, strict=True)]
    for row, line in zip(rows, zip(*padded, strict=True), strict=True):
        if None in line:
            out += _lines([(x,) if x is not None else _folded(text, w, folds)
                           for x, text, w in zip(line, row, widths, strict=True)], widths)
        else:
            out.append(GAP.join(line).rstrip())
    return out


def cell_width(text: str) -> int:
    """How many cells of a terminal ``text`` takes (``rich.cells.cell_len``; printable ASCII
    at once)."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


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


def _row_lines(row: Sequence[str], widths: list[int], folds: dict[tuple[str, int], tuple[str, ...]]) -> list[str]:
    return _lines([_folded(text, w, folds) for text, w in zip(row, widths, strict=True)], widths)


def _lines(folded: list[tuple[str, ...]], widths: list[int]) -> list[str]:
    """The lines of one row, its cells folded and padded to their columns."""
    depth = max(map(len, folded))
    return [GAP.join([f[n] if n < len(f) else " " * w for f, w in zip(folded, widths, strict=True)]).rstrip()
            for n in range(depth)]


def _folded(text: str, width: int, folds: dict[tuple[str, int], tuple[str, ...]]) -> tuple[str, ...]:
    """The lines of ``_fold``, each padded to ``width`` cells; worked out once per text and
    width (kept in ``folds``)."""
    found = folds.get((text, width))
    if found is None:
        found = folds[text, width] = tuple(_pad(line, width) for line in _fold(text, width))
    return found


def _pad(text: str, width: int) -> str:
    return text + " " * (width - cell_width(text))


def _fold(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells: cut at spaces, a longer word cut anywhere."""
    if cell_width(text) <= width:
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
