"""The agenda note in the vault: where `agenda --write` and the watcher put it, and writing it.

The engine computes the agenda, the markdown renderer turns it into a note, and the
writer (``notes/writer.py``) writes it, refusing to replace a note someone edited.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.engines.agenda import build_agenda
from vaultkit.notes.writer import write_generated
from vaultkit.render.agenda_markdown import render_markdown

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


def write_agenda(index: Index, config: Config, today: str, path: Path | None = None, days: int = 7) -> bool:
    """Write the markdown agenda (marked as generated) at ``path`` or the configured place;
    True when the file changed (an unchanged agenda is not rewritten)."""
    agenda = build_agenda(index, config, today, days)
    return write_generated(agenda_path(config, today, path), render_markdown(agenda))
