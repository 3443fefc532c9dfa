"""The three-way merge of one note, for git's merge driver (`vaultkit merge-driver`).

Front matter is merged key by key, the body section by section: dated sections
(``## 2026-12-03 Call``) added on both sides are all kept, in date order. Any change
made on one side only is taken. What cannot be merged safely (one value set
differently on both sides, the same lines edited on both sides) is left between
git's usual conflict markers, and the result says so. Nothing is ever dropped: a
part the rules do not cover falls back to a plain line merge, which keeps both
sides' text between markers when they clash.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, TypeVar

import yaml

from vaultkit.notes import plainyaml
from vaultkit.notes.front_matter import Unclosed, locate
from vaultkit.notes.sections import dated_blocks
from vaultkit.notes.writer import with_fields, without_fields

T = TypeVar("T", bound=Hashable)
MARKER = 7  # the length of git's conflict markers
_MISSING: Any = object()


@dataclass
class Merged:
    """A merged note: ``text``, and ``conflicts`` naming what was left between markers."""

    text: str
    conflicts: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


# -- three-way merge of sequences ---------------------------------------------------------


@dataclass
class Chunk:
    """A stretch of a three-way merge: ``base``, ``ours`` and ``theirs`` items (all equal
    in a stable stretch)."""

    base: list
    ours: list
    theirs: list
    stable: bool = False


def _matches(base: Sequence[T], other: Sequence[T]) -> dict[int, int]:
    found: dict[int, int] = {}
    for a, b, size in SequenceMatcher(None, base, other, autojunk=False).get_matching_blocks():
        for k in range(size):
            found[a + k] = b + k
    return found


def merge3(base: Sequence[T], ours: Sequence[T], theirs: Sequence[T]) -> list[Chunk]:
    """The three sequences cut into stable stretches (an item of ``base`` kept by both
    sides) and the changed stretches between them."""
    mo, mt = _matches(base, ours), _matches(base, theirs)
    chunks: list[Chunk] = []
    i = io = it = 0
    while i < len(base) or io < len(ours) or it < len(theirs):
        if i < len(base) and mo.get(i) == io and mt.get(i) == it:
            chunks.append(Chunk([base[i]], [ours[io]], [theirs[it]], stable=True))
            i, io, it = i + 1, io + 1, it + 1
            continue
        k = next((k for k in range(i, len(base)) if mo.get(k, -1) >= io and mt.get(k, -1) >= it), len(base))
        eo = mo[k] if k < len(base) else len(ours)
        et = mt[k] if k < len(base) else len(theirs)
        chunks.append(Chunk(list(base[i:k]), list(ours[io:eo]), list(theirs[it:et])))
        i, io, it = k, eo, et
    return chunks


def one_side(chunk: Chunk, same: Callable[[list, list], bool] | None = None) -> list | None:
    """The chunk's result when at most one side changed it (or both the same way), else None."""
    same = same or (lambda a, b: a == b)
    if same(chunk.ours, chunk.theirs) or same(chunk.base, chunk.theirs):
        return chunk.ours
    if same(chunk.base, chunk.ours):
        return chunk.theirs
    return None


def merge_lines(base: str, ours: str, theirs: str, what: str = "text") -> Merged:
    """A line-by-line merge, as git's own: clashing lines are kept between conflict markers."""
    out: list[str] = []
    clashes = 0
    for chunk in merge3(*(_lines(t) for t in (base, ours, theirs))):
        taken = one_side(chunk)
        if taken is not None:
            out.extend(taken)
            continue
        clashes += 1
        out.append("<" * MARKER + " ours\n")
        out.extend(_ended(chunk.ours))
        out.append("=" * MARKER + "\n")
        out.extend(_ended(chunk.theirs))
        out.append(">" * MARKER + " theirs\n")
    return Merged("".join(out), [what] * bool(clashes))


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _ended(lines: list[str]) -> list[str]:
    """Lines put before a marker: the last one gets a line end (git adds it too)."""
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


# -- the note --------------------------------------------------------------------------------


def merge_note(base: str, ours: str, theirs: str) -> Merged:
    """The merge of one note's three versions (texts as read, any line ends): the result
    keeps ``ours``'s line ends and byte-order mark."""
    if ours == theirs or base == theirs:
        return Merged(ours)
    if base == ours:
        return Merged(theirs)
    bom = "\ufeff" if ours.startswith("\ufeff") else ""
    texts = [t[1:] if t.startswith("\ufeff") else t for t in (base, ours, theirs)]
    ends = [_line_end(t) for t in texts]
    if None in ends or theirs.startswith("\ufeff") != bool(bom):  # mixed line ends or marks: byte for byte
        return merge_lines(base, ours, theirs, "note")
    nl = ends[1] or ends[2] or ends[0] or "\n"
    b, o, t = (text.replace("\r\n", "\n") for text in texts)
    try:
        merged = _merge_lf(b, o, t)
    except Unclosed:
        merged = merge_lines(b, o, t, "note")
    if nl != "\n":
        merged.text = merged.text.replace("\n", nl)
    merged.text = bom + merged.text
    return merged


def _line_end(text: str) -> str | None:
    """``"\\r\\n"`` or ``"\\n"`` (``""`` for a text of one line), None when mixed."""
    crlf = text.count("\r\n")
    if text.count("\r") != crlf:
        return None
    if crlf == 0:
        return "\n" if "\n" in text else ""
    return "\r\n" if crlf == text.count("\n") else None


def _merge_lf(base: str, ours: str, theirs: str) -> Merged:
    heads = []
    bodies = []
    for text in (base, ours, theirs):
        found = locate(text)
        at = found[2] if found else 0
        heads.append(text[:at])
        bodies.append(text[at:])
    head = merge_front(*heads)
    body = merge_body(*bodies)
    return Merged(head.text + body.text, head.conflicts + body.conflicts)


# -- front matter ----------------------------------------------------------------------------


def merge_front(base: str, ours: str, theirs: str) -> Merged:
    """Front matter (``---`` lines included, or ``""``) merged key by key."""
    if ours == theirs or base == theirs:
        return Merged(ours)
    if base == ours:
        return Merged(theirs)
    maps = [_mapping(text) for text in (base, ours, theirs)]
    if None in maps or not ours or _comments(theirs) != _comments(base):
        return merge_lines(base, ours, theirs, "front matter")
    b, o, t = maps
    values: dict[str, Any] = {}
    gone: list[str] = []
    clashes: list[str] = []
    for key in [*o, *(k for k in t if k not in o)]:
        result = merge_value(b.get(key, _MISSING), o.get(key, _MISSING), t.get(key, _MISSING))
        if result is None:
            clashes.append(key)
        elif result[0] is _MISSING:
            gone.append(key)
        elif key not in o or result[0] != o[key]:
            values[key] = result[0]
    if clashes:
        merged = merge_lines(base, ours, theirs, "front matter")
        if merged.clean:  # the same key written at two places: both stay, marked
            merged = _both(ours, theirs)
        merged.conflicts = [f"front matter: {', '.join(clashes)}"]
        return merged
    nl = "\n"
    text, _ = with_fields(ours, nl, values)
    text = without_fields(text, gone)
    expected = {k: v for k, v in o.items() if k not in gone} | values
    if _mapping(text) != expected:  # a value vaultkit cannot write back as it reads it
        return merge_lines(base, ours, theirs, "front matter")
    return Merged(text)


def merge_value(base: Any, ours: Any, theirs: Any) -> tuple[Any] | None:
    """One key's merged value (``_MISSING`` when removed), or None when the two sides clash:
    a list changed on both sides gets both sides' additions and removals."""
    if ours == theirs or base == theirs:
        return (ours,)
    if base == ours:
        return (theirs,)
    if isinstance(ours, list) and isinstance(theirs, list) and (base is _MISSING or isinstance(base, list)):
        old = [] if base is _MISSING else base
        kept = [v for v in ours if v in theirs or v not in old]
        return ([*kept, *(v for v in theirs if v not in old and v not in kept)],)
    return None


def _mapping(text: str) -> dict[str, Any] | None:
    """The front matter's keys and values (``{}`` for none), None when it does not parse."""
    if not text:
        return {}
    found = locate(text)
    if found is None:
        return None
    try:
        data = plainyaml.full_load(text[found[0]:found[1]])
    except yaml.YAMLError:
        return None
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        return None
    return data


def _comments(text: str) -> set[str]:
    return {line.strip() for line in text.split("\n") if line.strip().startswith("#")}


def _both(ours: str, theirs: str) -> Merged:
    return Merged("<" * MARKER + " ours\n" + "".join(_ended(_lines(ours))) + "=" * MARKER + "\n"
                  + "".join(_ended(_lines(theirs))) + ">" * MARKER + " theirs\n")


# -- body ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    key: tuple[str, int]  # its heading line, and which of the sections so headed
    day: str
    text: str
    side: str  # "base", "ours" or "theirs"
    at: int  # its place on that side

    @property
    def content(self) -> str:
        return self.text.rstrip("\n")


def _sections(body: str, side: str) -> tuple[str, list[_Section]]:
    preamble, blocks = dated_blocks(body)
    seen: dict[str, int] = {}
    out = []
    for at, (day, text) in enumerate(blocks):
        heading = text.split("\n", 1)[0].strip()
        seen[heading] = seen.get(heading, -1) + 1
        out.append(_Section((heading, seen[heading]), day, text, side, at))
    return preamble, out


def merge_body(base: str, ours: str, theirs: str) -> Merged:
    """The body merged section by section: dated sections added on both sides all kept in
    date order; a section (or the text before the first one) changed on one side taken from
    that side; one changed on both sides merged line by line."""
    if ours == theirs or base == theirs:
        return Merged(ours)
    if base == ours:
        return Merged(theirs)
    (pb, sb), (po, so), (pt, st) = _sections(base, "base"), _sections(ours, "ours"), _sections(theirs, "theirs")
    conflicts: list[str] = []
    out = [_Part(*_merge_text(pb, po, pt, "the text before the dated sections", conflicts), -1)]
    for chunk in merge3([s.key for s in sb], [s.key for s in so], [s.key for s in st]):
        b, o, t = sb[:len(chunk.base)], so[:len(chunk.ours)], st[:len(chunk.theirs)]
        sb, so, st = sb[len(b):], so[len(o):], st[len(t):]
        out.extend(_merge_sections(b, o, t, conflicts))
    return Merged(_join(out), conflicts)


@dataclass(frozen=True)
class _Part:
    side: str  # "ours", "theirs", or "merged" for text merged line by line
    text: str
    at: int  # its place on that side (-1: the text before the dated sections)


def _merge_sections(base: list[_Section], ours: list[_Section], theirs: list[_Section],
                    conflicts: list[str]) -> list[_Part]:
    keys = [[s.key for s in side] for side in (base, ours, theirs)]
    if keys[0] == keys[1] == keys[2]:  # the same sections: each merged on its own
        out = []
        for b, o, t in zip(base, ours, theirs, strict=True):
            side, text = _merge_text(b.text, o.text, t.text, f"the section {b.key[0]}", conflicts)
            out.append(_Part(side, text, o.at if side == "ours" else t.at))
        return out
    contents = [[s.content for s in side] for side in (base, ours, theirs)]
    if contents[0] == contents[2]:
        return [_part(s) for s in ours]
    if contents[0] == contents[1]:
        return [_part(s) for s in theirs]
    if not base:  # sections added on both sides: all of them, in date order
        added = list(ours) + [s for s in theirs if s.content not in contents[1]]
        return [_part(s) for s in sorted(added, key=lambda s: s.day)]
    name = base[0].key[0]
    side, text = _merge_text("".join(s.text for s in base), "".join(s.text for s in ours),
                             "".join(s.text for s in theirs), f"the section {name}", conflicts)
    return [_Part("merged", text, 0)]


def _part(section: _Section) -> _Part:
    return _Part(section.side, section.text, section.at)


def _merge_text(base: str, ours: str, theirs: str, what: str, conflicts: list[str]) -> tuple[str, str]:
    """``(side, text)``: a stretch of the body taken from the side that changed it (trailing
    line ends do not count as a change), else merged line by line."""
    b, o, t = (text.rstrip("\n") for text in (base, ours, theirs))
    if o == t or b == t:
        return "ours", ours
    if b == o:
        return "theirs", theirs
    merged = merge_lines(base, ours, theirs, what)
    conflicts.extend(merged.conflicts)
    return "merged", merged.text


def _join(parts: list[_Part]) -> str:
    """The body: a part that did not follow the previous one on its side starts after a blank
    line (and every part on a line of its own)."""
    text = ""
    last: _Part | None = None
    for part in parts:
        if not part.text:
            continue
        follows = last is not None and part.side == last.side != "merged" and part.at == last.at + 1
        if text and not follows and not text.endswith("\n\n"):  # a blank line before the part
            text += "\n" if text.endswith("\n") else "\n\n"
        text += part.text
        last = part
    return text
