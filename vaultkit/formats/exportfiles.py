"""Files inside what an app exports: a folder (unpacked or kept in sync) or a ZIP archive.

LinkedIn's data export is a ZIP of CSV files, sometimes unzipped by the user; a calendar
folder as khal and vdirsyncer keep it holds one ``.ics`` per event, in nested folders.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vaultkit.formats.records import ImportProblem


@dataclass(frozen=True)
class Member:
    """One file of an export: where it is (``export.zip!messages.csv`` inside a ZIP) and its bytes."""

    where: str
    data: bytes


def is_archive(path: str | Path) -> bool:
    """A ZIP file (by its content, whatever its name)."""
    try:
        return Path(path).is_file() and zipfile.is_zipfile(path)
    except OSError:
        return False


def _hidden(parts: tuple[str, ...]) -> bool:
    """Inside a hidden folder (``.git``, vdirsyncer's status) or a macOS resource fork."""
    return any(part.startswith(".") or part == "__MACOSX" for part in parts)


def names_in(path: str | Path) -> list[str]:
    """The relative paths of the files of a folder or ZIP (hidden ones left out), sorted."""
    root = Path(path)
    if root.is_dir():
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                      if p.is_file() and not _hidden(p.relative_to(root).parts))
    try:
        with zipfile.ZipFile(root) as archive:
            return sorted(n for n in archive.namelist()
                          if not n.endswith("/") and not _hidden(PurePosixPath(n).parts))
    except (OSError, zipfile.BadZipFile):
        return []


def find_member(path: str | Path, name: str) -> Member | ImportProblem | None:
    """The file called ``name`` (case ignored; the least nested one) in a folder or ZIP;
    None when there is none; a problem when the archive cannot be read."""
    wanted = [n for n in names_in(path) if PurePosixPath(n).name.lower() == name.lower()]
    if not wanted:
        return None
    best = min(wanted, key=lambda n: (n.count("/"), n))
    root = Path(path)
    try:
        if root.is_dir():
            return Member(str(root / best), (root / best).read_bytes())
        with zipfile.ZipFile(root) as archive:
            return Member(f"{root}!{best}", archive.read(best))
    except (OSError, zipfile.BadZipFile, RuntimeError) as exc:  # RuntimeError: an encrypted member
        return ImportProblem(f"{root}!{best}" if not root.is_dir() else str(root / best), None,
                             f"cannot read the file: {getattr(exc, 'strerror', None) or exc}")


def calendar_files(path: str | Path) -> list[Path]:
    """The ``.ics`` files of a calendar folder, nested folders included, hidden ones left out."""
    root = Path(path)
    return [root / n for n in names_in(root) if n.lower().endswith(".ics")]
