"""What the watcher captures: the config's `capture:` sources, watched and read as they change.

Each source is a path of a kind (``mail: [~/Mail/INBOX]``) or the `drop` folder, where a
file is read by the kind that recognises it (an mbox today; chat exports and LinkedIn
ZIPs as their readers are registered in ``vaultkit.capture.sources``). A change to a
Maildir reads just the messages that arrived; a change to an mbox reads the file again,
which records only what is new (the recorder never records an item twice).
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
            if source in here.parents:
                if here.parent.name in ("cur", "new"):  # a message arrived in a Maildir
                    return kind, str(here)
                if here.parent.name != "tmp" and not here.name.startswith(".") and is_mbox(here):
                    return kind, str(here)  # an mbox of a folder of them (Thunderbird)
                return None
        if self.drop is not None and here.parent == self.drop:
            kind = dropped_kind(here)
            return (kind, str(here)) if kind else None
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
        for kind in sorted(pending):
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
