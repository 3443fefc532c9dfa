"""What the watcher captures: the config's `capture:` sources, watched and read as they change.

Each source is a path of a kind (``mail: [~/Mail/INBOX]``, ``calendar: [~/.calendars/work]``)
or the `drop` folder, where a file (or an unzipped export's folder) is read by the kind that
recognises it (an mbox, a WhatsApp chat, a Telegram or LinkedIn export: the kinds of
``vaultkit.capture.sources``). A change to a Maildir reads just the messages that arrived; a
change to an mbox or an export reads the file again, which records only what is new (the
recorder never records an item twice). A changed ``.ics`` of a calendar folder is imported
as `vaultkit import ics` imports it (``formats.merge.import_files``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.capture.mail import is_mbox
from vaultkit.capture.sources import READERS, capture, dropped_kind

if TYPE_CHECKING:
    from vaultkit.config import Config
    from vaultkit.store.index import Index

LOG_RECORDED = 20  # recorded lines logged per capture at most
CALENDAR = "calendar"  # calendar folders and .ics files: imported as event notes
DROP = "drop"  # something changed in the drop folder: its kind is told when it is read


class Capturing:
    """The capture sources of one config: which folders to watch, which changes to read."""

    def __init__(self, config: Config):
        settings = config.capture
        self.sources: list[tuple[str, Path]] = [
            (kind, Path(os.path.abspath(path))) for kind, paths in settings.sources.items() for path in paths]
        self.drop = Path(os.path.abspath(settings.drop)) if settings.drop else None
        self._warned: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self.sources or self.drop)

    def key(self) -> tuple:
        """What the sources are (a changed config that keeps them needs no new watches)."""
        return (tuple(self.sources), self.drop)

    def watched(self, log: logging.Logger) -> list[tuple[str, bool]]:
        """``(folder, recursive)`` to watch: a source folder and what is inside it; for a file
        source (an mbox), its folder."""
        out: dict[str, bool] = {}
        for _kind, path in [*self.sources, *([("drop", self.drop)] if self.drop else [])]:
            if path.is_dir():
                out[str(path)] = True
            elif path.parent.is_dir():
                out.setdefault(str(path.parent), False)
            else:
                log.warning("capture: %s: no such file or folder; not watched", path)
        return sorted(out.items())

    def match(self, path: str) -> tuple[str, str] | None:
        """``(kind, path to read)`` for a changed file of a source, else None."""
        here = Path(os.path.abspath(os.fsdecode(path)))
        for kind, source in self.sources:
            if here == source:
                return kind, str(source)
            if source in here.parents and kind == CALENDAR:
                hidden = any(part.startswith(".") for part in here.relative_to(source).parts)
                return (kind, str(here)) if here.suffix.lower() == ".ics" and not hidden else None
            if source in here.parents:
                if here.parent.name in ("cur", "new"):  # a message arrived in a Maildir
                    return kind, str(here)
                if here.parent.name != "tmp" and not here.name.startswith(".") and is_mbox(here):
                    return kind, str(here)  # an mbox of a folder of them (Thunderbird)
                return None
        if self.drop is not None and self.drop in here.parents:
            top = self.drop / here.relative_to(self.drop).parts[0]  # a file, or an export's folder
            # which kind it is, told when it is read (not on the watcher's thread, at each write)
            return None if top.name.startswith(".") else (DROP, str(top))
        return None

    def everything(self) -> dict[str, set[str]]:
        """Every source, read in full (on start: what came while the watcher was off)."""
        out: dict[str, set[str]] = {}
        for kind, path in self.sources:
            out.setdefault(kind, set()).add(str(path))
        if self.drop is not None and self.drop.is_dir():
            for entry in sorted(self.drop.iterdir()):
                kind = dropped_kind(entry)
                if kind:
                    out.setdefault(kind, set()).add(str(entry))
        return out

    def run(self, index: Index, pending: dict[str, set[str]], today: str, log: logging.Logger) -> bool:
        """Capture what changed; True when a note was written."""
        wrote = False
        pending = {kind: set(paths) for kind, paths in pending.items()}
        for path in sorted(pending.pop(DROP, ())):
            kind = dropped_kind(Path(path))
            if kind:
                pending.setdefault(kind, set()).add(path)
        for kind in sorted(pending):
            if kind == CALENDAR:
                wrote = self._calendar(index, sorted(p for p in pending[kind] if os.path.exists(p)), today,
                                       log) or wrote
                continue
            if kind not in READERS:
                if kind not in self._warned:
                    self._warned.add(kind)
                    log.warning("capture: no reader for `%s` sources in this version; they are not read", kind)
                continue
            paths = sorted(p for p in pending[kind] if os.path.exists(p))
            if not paths:
                continue
            try:
                report = capture(index, kind, paths, today=today)
            except Exception as exc:  # a capture never stops the watcher
                log.error("capture (%s) failed: %s: %s", kind, type(exc).__name__, exc)
                continue
            for problem in report.problems[:LOG_RECORDED]:
                log.warning("capture: %s", problem)
            if report.recorded:
                wrote = True
                log.info("capture (%s): %s", kind, report.summary())
                for item in report.recorded[:LOG_RECORDED]:
                    log.info("capture: %s", item)
                if len(report.recorded) > LOG_RECORDED:
                    log.info("capture: ... and %d more", len(report.recorded) - LOG_RECORDED)
        return wrote

    def _calendar(self, index: Index, paths: list[str], today: str, log: logging.Logger) -> bool:
        """Import the calendar files (or folders) that changed, as `vaultkit import ics` does;
        True when a note was written."""
        from vaultkit.formats.merge import import_files, written_paths

        if not paths:
            return False
        try:
            result = import_files("ics", paths, index, index.config, today=today)
        except Exception as exc:  # a capture never stops the watcher
            log.error("capture (calendar) failed: %s: %s", type(exc).__name__, exc)
            return False
        for problem in (result.problems + result.warnings)[:LOG_RECORDED]:
            log.warning("capture: %s", problem)
        written = written_paths(result)
        if written:
            index.refresh_paths(written)
            log.info("capture (calendar): %s", result.summary())
            for plan in [p for p in result.planned if p.path in written][:LOG_RECORDED]:
                log.info("capture: %s: %s", plan.path, "created" if plan.action == "create" else "updated")
            for change in result.changed[:LOG_RECORDED]:
                log.info("capture: %s", change)
        return bool(written)
