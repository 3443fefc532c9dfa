"""`vaultkit merge A B`: two notes about one person become A's note.

B's front-matter values join A's (lists united; a single value A already has is kept, and
a different one in B is reported as a conflict, as imports do; the latest `last_contact`
wins), B's name, file name and aliases become aliases of A so every `[[B]]` still
resolves, B's dated sections go into A's body in date order, and B's other text goes at
the end of A under a heading that says where it came from. Nothing of B is lost; nothing
of A is changed but the lines that receive B's values.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit.notes import plainyaml
from vaultkit.notes.front_matter import locate
from vaultkit.notes.names import file_name
from vaultkit.notes.reader import CONTACT_ALIASES, LIST_FIELDS, alias_table, field_key, heading_date
from vaultkit.notes.sections import dated_blocks
from vaultkit.notes.values import LINK_RE, norm_key
from vaultkit.notes.writer import Snapshot, check_parses, rewrite, taken_away, with_fields, yaml_value

# never copied from B: what kind of note it is, and vaultkit's own marks
_SKIPPED = {"type", "generated_by", "generated_hash"}


@dataclass
class Conflict:
    """A single value A and B both have, and differently: A's is kept."""

    field: str
    kept: str
    other: str

    def to_dict(self) -> dict[str, str]:
        return {"field": self.field, "kept": self.kept, "other": self.other}


@dataclass
class MergePlan:
    """What merging the note ``gone`` into ``keep`` does, and the text ``keep`` gets."""

    keep: str
    gone: str
    keep_name: str
    gone_name: str
    text: str = ""
    fields: dict[str, Any] = field(default_factory=dict)  # key as written in A → new value
    aliases: list[str] = field(default_factory=list)  # added to A's
    conflicts: list[Conflict] = field(default_factory=list)
    sections: int = 0  # B's dated sections placed in A's body
    already: int = 0  # ... of which A already had (a merge run twice)
    other_text: bool = False  # B's undated text went to the end of A
    relinked: list[str] = field(default_factory=list)  # notes whose links to B now name A

    def to_dict(self) -> dict[str, Any]:
        return {
            "keep": self.keep, "removed": self.gone, "fields": {k: _shown(v) for k, v in self.fields.items()},
            "aliases": self.aliases, "conflicts": [c.to_dict() for c in self.conflicts],
            "sections": self.sections, "sections_already_there": self.already,
            "other_text": self.other_text, "relinked": self.relinked,
        }


def plan_merge(keep: str, keep_text: str, gone: str, gone_text: str, newline: str,
               extra_aliases: dict[str, list[str]] | None = None, today: str | None = None) -> MergePlan:
    """The merge of note ``gone`` (its path and text) into note ``keep``, without writing."""
    keep_front, keep_body_at = _front(keep_text)
    gone_front, gone_body_at = _front(gone_text)
    table = alias_table(CONTACT_ALIASES, extra_aliases or {})
    keep_name = _name(keep, keep_front, table)
    gone_name = _name(gone, gone_front, table)
    plan = MergePlan(keep, gone, keep_name, gone_name)
    written = {table.get(field_key(k), field_key(k)): k for k in keep_front}  # canonical → A's key
    for key, value in gone_front.items():
        canon = table.get(field_key(key), field_key(key))
        if canon in _SKIPPED or canon in ("name", "aliases") or _empty(value):
            continue
        mine_key = written.get(canon, key)
        mine = keep_front.get(mine_key)
        if _empty(mine):
            plan.fields[mine_key] = value
        elif isinstance(mine, dict) and isinstance(value, dict):  # `dates:`: each name once
            joined = {**value, **mine}
            plan.conflicts += [Conflict(f"{mine_key}.{k}", _shown(mine[k]), _shown(value[k]))
                               for k in mine if k in value and not _same(mine[k], value[k])]
            if joined != mine:
                plan.fields[mine_key] = joined
        elif canon in LIST_FIELDS or isinstance(mine, list) or isinstance(value, list):
            joined = _union(_as_list(mine), _as_list(value))
            if len(joined) > len(_as_list(mine)):
                plan.fields[mine_key] = joined
        elif canon == "last_contact":
            if str(value)[:10] > str(mine)[:10]:
                plan.fields[mine_key] = value
        elif _same(mine, value):
            continue
        else:
            plan.conflicts.append(Conflict(mine_key, _shown(mine), _shown(value)))
    plan.aliases = _new_aliases(keep, keep_front, gone, gone_front, keep_name, gone_name, written)
    values = dict(plan.fields)
    if plan.aliases:
        alias_key = written.get("aliases", "aliases")
        values[alias_key] = [*_as_list(keep_front.get(alias_key)), *plan.aliases]
    text, _ = with_fields(keep_text, newline, {k: yaml_value(v) for k, v in values.items()})
    body_at = locate(text)[2] if values else keep_body_at  # the front matter may have grown
    head, body = text[:body_at], text[body_at:]
    preamble, blocks = dated_blocks(gone_text[gone_body_at:])
    body = _place(body, blocks, plan, newline)
    rest = _without_title(preamble, gone_name)
    if rest.strip() and not _holds(body, rest):
        plan.other_text = True
        day = today or dt.date.today().isoformat()
        body = _ending(body, newline, blank=True) + f"## From the note {gone_name}, merged on {day}{newline}{newline}" \
            + rest.strip("\r\n") + newline
    plan.text = head + body
    return plan


def merge_notes(vault: Path, keep: str, gone: str, linked_from: list[str],
                extra_aliases: dict[str, list[str]] | None = None, relinking: bool = False,
                today: str | None = None) -> MergePlan:
    """Merge the note ``gone`` into ``keep`` (vault-relative paths) and remove it; with
    ``relinking``, the notes in ``linked_from`` get links that name ``keep``.

    B is taken out of the vault first (refused when it changed since it was read), then A
    is rewritten (its edit made again if it changes meanwhile), then B is deleted; when A
    cannot be written, B goes back. Killed midway, B's text stays beside its place as a copy
    that `vaultkit check` reports."""
    keep_path, gone_path = vault / keep, vault / gone
    gone_snap = Snapshot.take(gone_path)
    gone_text = gone_snap.text
    check_parses(gone_path, gone_text)
    plan: MergePlan | None = None

    def change(text: str, nl: str) -> str:
        nonlocal plan
        plan = plan_merge(keep, text, gone, gone_text, nl, extra_aliases, today)
        return plan.text

    with taken_away(gone_path, gone_snap.raw):
        rewrite(keep_path, change)
    assert plan is not None
    if relinking:
        keys = {norm_key(file_name(gone)), norm_key(plan.gone_name)} | {norm_key(a) for a in plan.aliases}
        target = _link_target(keep)
        for path in linked_from:
            if path not in (keep, gone) and rewrite(vault / path, lambda text, _nl: relink(text, keys, target)):
                plan.relinked.append(path)
    return plan


def _link_target(path: str) -> str:
    """How a link names the note ``path``: its file name (the folder when two notes share it
    is left to Obsidian's own resolution, as everywhere in vaultkit)."""
    return file_name(path)


def relink(text: str, gone_keys: set[str], keep_target: str) -> str:
    """``text`` with its links to the merged note naming the kept one, the text shown
    unchanged (``[[B]]`` → ``[[A|B]]``, ``[[B|Bee]]`` → ``[[A|Bee]]``)."""

    def swap(m: re.Match) -> str:
        target = m.group(2).strip()
        if norm_key(file_name(target)) not in gone_keys:
            return m.group(0)
        label = m.group(4) if m.group(4) is not None else file_name(target)
        return f"{m.group(1)}[[{keep_target}{m.group(3) or ''}|{label}]]"

    return LINK_RE.sub(swap, text)


# -- front matter ------------------------------------------------------------------------


def _front(text: str) -> tuple[dict[str, Any], int]:
    found = locate(text)
    if found is None:
        return {}, 0
    data = plainyaml.full_load(text[found[0]:found[1]]) or {}
    return (data if isinstance(data, dict) else {}), found[2]


def _name(path: str, front: dict[str, Any], table: dict[str, str]) -> str:
    for key, value in front.items():
        if table.get(field_key(key)) == "name" and isinstance(value, str) and value.strip():
            return value.strip()
    return file_name(path)


def _new_aliases(keep: str, keep_front: dict, gone: str, gone_front: dict, keep_name: str,
                 gone_name: str, written: dict[str, str]) -> list[str]:
    have = {norm_key(str(a)) for a in _as_list(keep_front.get(written.get("aliases", "aliases")))}
    have |= {norm_key(keep_name), norm_key(file_name(keep))}
    out = []
    gone_aliases = next((v for k, v in gone_front.items() if field_key(k) == "aliases"), [])
    for alias in [gone_name, file_name(gone), *map(str, _as_list(gone_aliases))]:
        key = norm_key(alias)
        if key and key not in have:
            have.add(key)
            out.append(alias.strip())
    return out


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _as_list(value: Any) -> list[Any]:
    if _empty(value):
        return []
    return list(value) if isinstance(value, list) else [value]


def _union(mine: list[Any], theirs: list[Any]) -> list[Any]:
    seen = {_plain(v) for v in mine}
    out = list(mine)
    for value in theirs:
        if _plain(value) not in seen:
            seen.add(_plain(value))
            out.append(value)
    return out


def _plain(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _same(a: Any, b: Any) -> bool:
    return _plain(a) == _plain(b)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


# -- body --------------------------------------------------------------------------------


def _place(body: str, blocks: list[tuple[str, str]], plan: MergePlan, nl: str) -> str:
    """A's body with B's dated blocks put before A's first later dated heading (or at the end)."""
    lines = body.splitlines(keepends=True)
    starts = [(i, dated[1]) for i, line in enumerate(lines) if (dated := heading_date(line.rstrip("\r\n")))]
    inserted: dict[int, list[str]] = {}
    tail: list[str] = []
    for day, block in blocks:
        plan.sections += 1
        if _holds(body, block):
            plan.already += 1
            continue
        block = _ending(block.replace("\r\n", "\n").replace("\n", nl), nl, blank=True)
        at = next((i for i, start in starts if start > day), None)
        (inserted.setdefault(at, []) if at is not None else tail).append(block)
    out: list[str] = []
    for i, line in enumerate(lines):
        if i in inserted:
            if out and out[-1].strip():  # a blank line between A's text and B's block
                out[-1] = _ending(out[-1], nl)
                out.append(nl)
            out.extend(inserted[i])
        out.append(line)
    text = "".join(out)
    if tail:
        text = _ending(text, nl, blank=True) + "".join(tail)
    return text.rstrip("\r\n") + nl if text.strip() else text


def _without_title(preamble: str, name: str) -> str:
    lines = preamble.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if line.startswith("# ") and norm_key(line[2:].strip()) == norm_key(name):
            return "".join(lines[:i] + lines[i + 1:])
        break
    return preamble


def _ending(text: str, nl: str, blank: bool = False) -> str:
    """``text`` ending with a line end (and a blank line with ``blank``), or empty."""
    if not text.strip():
        return ""
    text = text.rstrip("\r\n") + nl
    return text + nl if blank else text


def _holds(text: str, block: str) -> bool:
    """Whether ``text`` has the lines of ``block`` one after the other (blank lines and
    spacing aside): a block a merge already copied."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    wanted = [" ".join(line.split()) for line in block.splitlines() if line.strip()]
    n = len(wanted)
    return n > 0 and any(lines[i:i + n] == wanted for i in range(len(lines) - n + 1))
