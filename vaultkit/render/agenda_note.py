"""The agenda note in the vault: where `agenda --write` and the watcher put it, and writing it.

The engine computes the agenda, the markdown renderer turns it into a note, and the
writer (``notes/writer.py``) writes it, refusing to replace a note someone edited. The
agenda is a whole note of vaultkit's (Agenda.md) or a region of a note of the user's (the
daily note, or any note given to ``--write``: see ``notes/regions.py``). Before it is
rewritten, the boxes ticked in it are applied (``engines/ticks.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.engines.agenda import build_agenda
from vaultkit.engines.ticks import TickResult, apply_ticks, read_ticks
from vaultkit.errors import VaultkitError
from vaultkit.notes import regions
from vaultkit.notes.front_matter import is_generated
from vaultkit.notes.writer import write_generated, write_region
from vaultkit.render.agenda_markdown import MARKDOWN_LIMIT, render_markdown, render_region

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index


def agenda_path(config: Config, today: str, path: str | Path | None = None) -> Path:
    """Where ``--write`` puts the agenda: PATH (relative to the vault), else the day's daily
    note when ``daily_note`` is set, else ``agenda_note`` at the vault root."""
    if path is not None and str(path) != "":
        p = Path(path).expanduser()
        target = p if p.is_absolute() else config.vault / p
    elif config.daily_note:
        target = config.vault / config.daily_note.replace("{date}", today)
    else:
        target = config.vault / config.agenda_note
    root = config.vault.resolve()
    if root not in target.resolve().parents:
        from vaultkit.errors import UsageError

        raise UsageError(f"{target}: outside the vault; vaultkit writes only inside {root} "
                         "(nothing was written)")
    return target


@dataclass
class Written:
    """What writing the agenda did: whether the note changed, and the ticks applied first."""

    path: Path
    changed: bool
    ticks: list[TickResult] = field(default_factory=list)
    refused: VaultkitError | None = None  # why the note was not written (the ticks were applied)

    def __bool__(self) -> bool:
        return self.changed


def write_agenda(index: Index, config: Config, today: str, path: Path | None = None, days: int = 7) -> Written:
    """Apply the boxes ticked in the agenda note, then write the markdown agenda at ``path``
    or the configured place: a whole generated note (Agenda.md), or the agenda region of a
    note of the user's. An unchanged agenda is not rewritten."""
    target = agenda_path(config, today, path)
    try:
        current: bytes | None = target.read_bytes()
    except FileNotFoundError:
        current = None
    whole = is_generated(current) if current is not None else target == agenda_path(config, today) and \
        not config.daily_note
    ticks = _ticks(current, whole)
    applied = apply_ticks(index, config, today, ticks) if ticks else []
    # only the items the note shows are made in full; the others are counted; the sections
    # no change since the last run can have altered are kept (the watcher's common case)
    from vaultkit.engines.kept import keeping

    with keeping():
        agenda = build_agenda(index, config, today, days, limit=MARKDOWN_LIMIT)
    try:
        changed = (write_generated(target, render_markdown(agenda)) if whole
                   else write_region(target, render_region(agenda)))
    except VaultkitError as exc:
        return Written(target, False, applied, exc)
    return Written(target, changed, applied)


def _ticks(current: bytes | None, whole: bool) -> list:
    if current is None or b"^vk-" not in current:
        return []
    text = current.decode("utf-8", "replace")
    if not whole:
        region = regions.find(text)
        if region is None:
            return []
        text = region.content(text)
    return read_ticks(text)
