"""The only code that writes into the vault: minimal, atomic, refusing on surprise.

Every edit reads the file and computes the new bytes, written to a temp file in the
same folder; that file then takes the note's place in one step, and what it replaced
is checked (see ``replace_if_unchanged``). When the note changed in the meantime, the
user's text is put back and the edit is made again on it; when its front matter does
not parse, nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import hashlib
import os
import re
import secrets
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import yaml

from vaultkit.errors import WriteFailed, WriteRefused
from vaultkit.notes.front_matter import Unclosed, is_generated, locate

T = TypeVar("T")

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
             *(f"lpt{i}" for i in range(1, 10))}
MAX_NAME_BYTES = 200


def safe_filename(name: str) -> str:
    """A file name (without ``.md``) that is safe on every OS and stays in its folder."""
    text = unicodedata.normalize("NFC", str(name))
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = re.sub(r'[\\/:*?"<>|#^\[\]]', " ", text)
    text = " ".join(text.split()).strip(". ")
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1]
    text = text.strip(". ")
    if not text or text.lower().split(".")[0] in _RESERVED:
        text = f"_{text}" if text else "untitled"
    return text


@dataclass
class Snapshot:
    """The bytes of a file as read before an edit."""

    path: Path
    raw: bytes

    @classmethod
    def take(cls, path: Path) -> Snapshot:
        try:
            return cls(path, path.read_bytes())
        except FileNotFoundError as exc:
            raise WriteRefused(f"{path}: the note does not exist (any more)") from exc
        except OSError as exc:
            raise WriteRefused(f"{path}: cannot read the note: {exc.strerror}") from exc

    @property
    def text(self) -> str:
        try:
            return self.raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise WriteRefused(f"{self.path}:1: not UTF-8 text; nothing was written") from exc

    @property
    def newline(self) -> str:
        return "\r\n" if b"\r\n" in self.raw else "\n"

    @property
    def bom(self) -> bytes:
        return b"\xef\xbb\xbf" if self.raw.startswith(b"\xef\xbb\xbf") else b""

    def commit(self, new_text: str) -> None:
        """Replace the file with ``new_text`` (its byte-order mark kept)."""
        replace_if_unchanged(self.path, self.raw, self.bom + new_text.encode("utf-8"))


ATTEMPTS = 10  # an edit is made again on a note that keeps changing, at least this many times
RETRY_SECONDS = 0.5  # and for at least this long, before it is refused
SETTLE = 0.005  # seconds a file taken out of the note is watched for writes under way, where the
#                 system cannot tell whether a program still has it open for writing


class NoteChanged(WriteRefused):
    """The note changed while vaultkit was writing it: the user's text is in the note, nothing
    of vaultkit's is; the edits catch this and make their change again on the new text."""


def _again_on_change(edit: Callable[..., T]) -> Callable[..., T]:
    """Run ``edit`` again (from its reading of the note) when the note changed under it."""

    @functools.wraps(edit)
    def run(*args: Any, **kwargs: Any) -> T:
        deadline = time.monotonic() + RETRY_SECONDS
        tries = 1
        while True:
            try:
                return edit(*args, **kwargs)
            except NoteChanged:
                if tries >= ATTEMPTS and time.monotonic() >= deadline:
                    raise
            tries += 1

    return run


def replace_if_unchanged(path: Path, expected: bytes | None, data: bytes) -> None:
    """Atomically write ``data``; refuse when the file is not ``expected`` any more.

    ``expected=None`` means the file must not exist (a new note never clobbers one); the new
    file's mode follows the umask, as an editor's new file does. An edited note keeps its mode,
    and a symlink stays a link: the file it points to is edited.

    The new text is swapped with the note in one step (Linux; elsewhere a rename after a last
    comparison), then what was taken out is checked: when it is not ``expected``, or a program
    still has it open for writing (or, where the system cannot tell, writes to it within
    ``SETTLE``), it is put back, with any line appended to vaultkit's text meanwhile, and
    NoteChanged raised; the edits then make their change again on the new text. A failure of
    the system (a read-only folder, a full disk) is WriteFailed, nothing changed.
    """
    try:
        if expected is None:
            _create(path, data)
        else:
            _replace(Path(os.path.realpath(path)), expected, data)
    except OSError as exc:
        raise WriteFailed(path, exc.strerror or str(exc)) from exc


def _create(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_file(path, data, 0o666)  # the umask applies, as to any new file
    try:
        os.link(tmp, path)  # atomic and never replaces an existing file
    except FileExistsError as exc:
        raise WriteRefused(f"{path}: a note with this name already exists") from exc
    except OSError:  # file systems without hard links
        if os.path.lexists(path):
            raise WriteRefused(f"{path}: a note with this name already exists") from None
        os.replace(tmp, path)
    finally:
        _remove(tmp)


def _replace(path: Path, expected: bytes, data: bytes) -> None:
    """Put ``data`` in the note ``path`` (no symlink) when it holds ``expected``."""
    try:
        mode = path.stat().st_mode & 0o777
        tmp = _temp_file(path, data, 0o600)
    except FileNotFoundError as exc:
        raise _deleted(path) from exc
    try:
        os.chmod(tmp, mode)
        _unless_changed(_read(path), expected, path)
        if not _exchange(tmp, path):
            _rename_over(path, tmp, expected, data)
            return
        # the note holds vaultkit's text now, and ``tmp`` names what the note was
        with open(tmp, "rb") as old:
            problem = _why_not_left(old, expected, path)
        if problem is None:
            return
        _exchange(tmp, path)  # the user's text goes back into the note
        _put_back_later_writes(path, tmp, data, problem)
    except FileNotFoundError as exc:
        raise _deleted(path) from exc
    finally:
        _remove(tmp)


def _deleted(path: Path) -> WriteRefused:
    return WriteRefused(f"{path}: the note was deleted while being edited; nothing was written")


def _rename_over(path: Path, tmp: str, expected: bytes, data: bytes) -> None:
    """Where two files cannot be swapped: compare, rename, then look at the old file (kept open)
    for writes made around the rename; its text goes back into the note when there were any."""
    if os.name == "nt":  # an open file cannot be replaced there
        _unless_changed(_read(path), expected, path)
        os.replace(tmp, path)
        return
    with open(path, "rb") as old:
        _unless_changed(old.read(), expected, path)
        os.replace(tmp, path)
        problem = _why_not_left(old, expected, path)
        if problem is None:
            return
        theirs = _settled(old)
        if theirs is None:  # still written to: what it holds now goes back
            old.seek(0)
            theirs = old.read()
    back = _temp_file(path, theirs, 0o600)
    try:
        os.chmod(back, os.stat(path).st_mode & 0o777)
        copied = len(data)
        while True:  # lines appended to vaultkit's text go along, up to the rename
            ours = _read(path)
            if not ours.startswith(data):  # saved over again meanwhile: both texts are kept
                raise _conflict(path, back)
            if len(ours) == copied:
                break
            _append(back, ours[copied:])
            copied = len(ours)
        os.replace(back, path)
    finally:
        _remove(back)
    raise NoteChanged(problem)


def _put_back_later_writes(path: Path, tmp: str, data: bytes, problem: str) -> None:
    """The user's text is back in the note; ``tmp`` names the text vaultkit had swapped in.
    Lines a program appended to it meanwhile are appended to the note; a text saved over it
    (or one still being written) is kept beside the note. Always raises."""
    with open(tmp, "rb") as fh:
        ours = _settled(fh)
    if ours is None or not ours.startswith(data):
        raise _conflict(path, tmp)
    if len(ours) > len(data):
        _append(path, ours[len(data):])
    raise NoteChanged(problem)


def _unless_changed(current: bytes, expected: bytes, path: Path) -> None:
    if current != expected:
        raise NoteChanged(_changed_message(path))


def _changed_message(path: Path) -> str:
    return f"{path}: the note changed while being edited; nothing was written, run the command again"


def _conflict(path: Path, other: str) -> WriteRefused:
    """Keep the file ``other`` beside the note under a free name; the refusal that says so."""
    stamp = time.strftime("%Y-%m-%d %H%M%S")
    n = 1
    while True:
        copy = path.with_name(f"{path.stem} (conflict {stamp}{f' {n}' if n > 1 else ''}){path.suffix}")
        try:
            os.link(other, copy)  # the same file: a program still writing to it writes there
            break
        except FileExistsError:
            n += 1
    return WriteRefused(f"{path}: two programs saved the note while vaultkit was writing it; "
                        f"nothing was written, the other text is kept in {copy.name}: merge it by hand")


def _why_not_left(fh: BinaryIO, expected: bytes, path: Path) -> str | None:
    """Why the file just taken out of the note (open as ``fh``) must go back, or None when it
    holds ``expected`` and nothing will write to it any more: no program has it open for
    writing (asked of the system where it can tell), else it is unchanged after ``SETTLE``,
    time for a program that opened it before it left the note to write."""
    writing = _open_for_writing(fh)
    if writing:
        return (f"{path}: another program has the note open for writing; nothing was written, "
                "run the command again once it is closed")
    fh.seek(0)
    if fh.read() != expected:
        return _changed_message(path)
    if writing is None:
        time.sleep(SETTLE)
        fh.seek(0)
        if fh.read() != expected:
            return _changed_message(path)
    return None


def _settled(fh: BinaryIO) -> bytes | None:
    """The open file's bytes once no program writes to it any more, or None when one still
    does after a tenth of a second."""
    before = None
    for _ in range(20):
        writing = _open_for_writing(fh)  # asked before reading: then the reading is final
        fh.seek(0)
        now = fh.read()
        if writing is False or (writing is None and now == before):
            return now
        before = now
        time.sleep(SETTLE)
    return None


def _open_for_writing(fh: BinaryIO) -> bool | None:
    """Whether any program has this file open for writing, or None when the system cannot
    tell: Linux refuses a read lease on such a file (the lease, on a file no program can open
    by its name any more, is given back at once)."""
    try:
        import fcntl

        fcntl.fcntl(fh.fileno(), fcntl.F_SETLEASE, fcntl.F_RDLCK)
    except (ImportError, AttributeError):
        return None
    except OSError as exc:  # not the file's owner, a file system without leases...
        return True if exc.errno == errno.EAGAIN else None
    fcntl.fcntl(fh.fileno(), fcntl.F_SETLEASE, fcntl.F_UNLCK)
    return False


def _read(path: Path | str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _append(name: Path | str, data: bytes) -> None:
    fd = os.open(name, os.O_WRONLY | os.O_APPEND)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_file(note: Path, data: bytes, mode: int) -> str:
    """A new file holding ``data`` (synced to disk) beside ``note``, named after it (so that
    one left by a write killed midway says whose it is: see ``leftovers``); its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = _temp_name(note)
        try:
            fd = os.open(name, flags, mode)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(note.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        _remove(name)
        raise
    return name


def _temp_name(note: Path) -> str:
    """A free-looking name beside ``note`` for a file of vaultkit's, saying whose it is."""
    stem = note.name.encode("utf-8", "surrogateescape")[:120].decode("utf-8", "ignore")
    return os.path.join(note.parent, f".{stem}{TEMP_MARK}{secrets.token_hex(6)}.tmp")


def _remove(name: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name)


TEMP_MARK = ".vaultkit-"
LEFTOVER_AGE = 60.0  # seconds: younger, it may be a write under way


def leftovers(vault: Path, now: float | None = None) -> list[tuple[str, str]]:
    """Temporary files a write killed midway (power cut, SIGKILL) left in the vault: each as
    (its vault-relative path, the note it was written for). The note itself is whole, old or
    new; the file may hold the other version, so it is reported, never deleted."""
    from vaultkit.notes.vault import IGNORED_DIRS

    now = time.time() if now is None else now
    found = []
    for folder, dirs, files in os.walk(vault):
        dirs[:] = [d for d in dirs if d not in IGNORED_DIRS]
        for name in files:
            if not (name.startswith(".") and name.endswith(".tmp") and TEMP_MARK in name):
                continue
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                if now - os.lstat(path).st_mtime >= LEFTOVER_AGE:
                    note = name[1:].rpartition(TEMP_MARK)[0]
                    found.append((os.path.relpath(path, vault), note))
    return sorted(found)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    """The C library's ``renameat2`` (Linux, glibc 2.28 and later), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


def _exchange(a: str, b: Path | str) -> bool:
    """Swap the files named ``a`` and ``b`` in one step; False when the system or the file
    system cannot (then nothing happened)."""
    fn = _renameat2()
    if fn is None:
        return False
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    import ctypes

    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def check_parses(path: Path, text: str) -> None:
    """Refuse to edit a note whose front matter is broken."""
    from vaultkit.notes.plainyaml import full_load

    try:
        bounds = locate(text)
    except Unclosed as exc:
        raise WriteRefused(f"{path}:1: front matter is never closed; fix it before vaultkit "
                           "edits this note (nothing was written)") from exc
    if bounds is None:
        return
    try:
        data = full_load(text[bounds[0] : bounds[1]])
    except yaml.YAMLError as exc:
        from vaultkit.notes.yamlerr import describe

        line = describe(exc)[0] + 2
        raise WriteRefused(f"{path}:{line}: front matter is not valid YAML; fix it before "
                           "vaultkit edits this note (nothing was written)") from exc
    if data is not None and not isinstance(data, dict):
        raise WriteRefused(f"{path}:2: front matter is not a mapping; nothing was written")


def yaml_line(key: str, value: Any) -> str:
    """One ``key: value`` entry in flow style, as PyYAML would write it."""

    def flow(item: Any) -> str:
        escape = not _printable(item)  # line breaks and control characters are written escaped
        text = yaml.safe_dump([item], allow_unicode=not escape, default_flow_style=True, width=10**9,
                              default_style='"' if escape else None)
        return text.strip()[1:-1]

    return f"{flow(key)}: {flow(value)}"


def _printable(item: Any) -> bool:
    if isinstance(item, str):
        return item.isprintable()
    if isinstance(item, dict):
        return all(_printable(k) and _printable(v) for k, v in item.items())
    if isinstance(item, (list, tuple)):
        return all(_printable(v) for v in item)
    return True


_KEY_LINE_RE = re.compile(r"""^["']?([^:"'\n]+?)["']?\s*:(\s|$)""")


def _key_block(lines: list[str], spellings: set[str]) -> tuple[int, int] | None:
    """Line range ``[i, j)`` of the entry for any of ``spellings``: its key line and the
    indented or ``- item`` lines of its value (blank lines between them included)."""
    for i, line in enumerate(lines):
        m = _KEY_LINE_RE.match(line)
        if not m or m.group(1).strip().lower() not in spellings:
            continue
        end = i + 1
        for j in range(i + 1, len(lines)):
            if lines[j].startswith((" ", "\t", "-")):
                end = j + 1
            elif lines[j].strip():
                break
        return i, end
    return None


@_again_on_change
def set_fields(path: Path, values: dict[str, Any], spellings: dict[str, set[str]] | None = None,
               only_missing: bool = False) -> list[str]:
    """Set front-matter fields, touching only their lines; returns the keys written.

    ``spellings`` maps each key to the other names it may already be written as.
    With ``only_missing`` an existing value is never replaced. Every other byte of
    the file, line ends included, stays as it was.
    """
    snap = Snapshot.take(path)
    text = snap.text
    check_parses(path, text)
    new_text, written = with_fields(text, snap.newline, values, spellings, only_missing)
    if written:
        snap.commit(new_text)
    return written


def with_fields(text: str, nl: str, values: dict[str, Any], spellings: dict[str, set[str]] | None = None,
                only_missing: bool = False) -> tuple[str, list[str]]:
    """``text`` (which parses) with its front-matter fields set, only their lines touched;
    and the keys written."""
    lines = _lines(text)
    bounds = locate(text)
    if bounds is None:
        head, inner, tail = [f"---{nl}"], [], [f"---{nl}", *lines]
    else:
        close = text.count("\n", 0, bounds[1])  # index of the closing `---` line
        head, inner, tail = lines[:1], lines[1:close], lines[close:]
    bare = [line.rstrip("\r\n") for line in inner]
    written = []
    for key, value in values.items():
        names = {key.lower()} | {s.lower() for s in (spellings or {}).get(key, set())}
        block = _key_block(bare, names)
        if block is not None and only_missing:
            continue
        new = yaml_line(key if block is None else _written_key(bare[block[0]]), value).split("\n")
        if block is None:
            if inner and not inner[-1].endswith("\n"):
                inner[-1] += nl
            at = len(inner)
            inner.extend(line + nl for line in new)
            bare.extend(new)
        else:
            at, end = block
            inner[at:end] = [line + nl for line in new]
            bare[at:end] = new
        written.append(key)
    return "".join(head + inner + tail), written


def without_fields(text: str, keys: list[str]) -> str:
    """``text`` (which parses) without the front-matter entries of ``keys`` (their lines and
    the lines of their values); every other byte as it was."""
    bounds = locate(text)
    if bounds is None or not keys:
        return text
    lines = _lines(text)
    close = text.count("\n", 0, bounds[1])
    inner = lines[1:close]
    for key in keys:
        block = _key_block([line.rstrip("\r\n") for line in inner], {key.lower()})
        if block is not None:
            del inner[block[0]:block[1]]
    return "".join(lines[:1] + inner + lines[close:])


@_again_on_change
def add_line(path: Path, line: str) -> bool:
    """Append ``line`` to a small text file of the vault (``.gitattributes``), creating the file
    when there is none; nothing when the file already holds that line. Whether it wrote."""
    try:
        snap = Snapshot.take(path)
    except WriteRefused:
        if path.exists():
            raise
        replace_if_unchanged(path, None, (line + "\n").encode("utf-8"))
        return True
    current = snap.text
    if line.strip() in (existing.strip() for existing in current.splitlines()):
        return False
    nl = snap.newline
    sep = "" if not current or current.endswith(("\n", "\r")) else nl
    snap.commit(current + sep + line + nl)
    return True


@_again_on_change
def rewrite(path: Path, change: Callable[[str, str], str]) -> bool:
    """Replace a note's text with ``change(text, newline)`` when that differs; whether it did.
    ``change`` is called again on the new text when the note changes meanwhile."""
    snap = Snapshot.take(path)
    text = snap.text
    check_parses(path, text)
    new_text = change(text, snap.newline)
    if new_text == text:
        return False
    snap.commit(new_text)
    return True


@contextlib.contextmanager
def taken_away(path: Path, expected: bytes) -> Iterator[None]:
    """Take the note ``path`` out of the vault for the ``with`` block when it still holds
    ``expected``, and delete it at the end; put it back when the block fails. Killed
    midway, it stays beside its place as a copy that ``leftovers`` reports."""
    try:
        hidden = _temp_name(path)
        os.rename(path, hidden)  # atomic: from now on no editor's save can land in it
    except FileNotFoundError as exc:
        raise _deleted(path) from exc
    except OSError as exc:
        raise WriteFailed(path, exc.strerror or str(exc)) from exc
    try:
        if _read(hidden) != expected:
            raise WriteRefused(_changed_message(path))
        yield
    except BaseException:
        _put_back(hidden, path)
        raise
    _remove(hidden)


def _put_back(hidden: str, path: Path) -> None:
    try:
        os.link(hidden, path)  # never over a note saved there meanwhile
    except FileExistsError:
        error = _conflict(path, hidden)  # the note saved there meanwhile stays, this beside it
        _remove(hidden)
        raise error from None
    _remove(hidden)


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each with its end: only LF (or CRLF) ends a line, as for YAML and
    the front matter's bounds; U+2028, U+0085 or a form feed inside a value do not."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _written_key(line: str) -> str:
    return line.split(":", 1)[0].strip().strip("\"'")


def with_block(text: str, nl: str, block: str) -> str:
    """``text`` with ``block`` (lines ending in ``nl``) appended after one blank line, the
    text before it unchanged byte for byte."""
    if not text or text.endswith(("\n\n", "\r\n\r\n")):
        sep = ""
    elif text.endswith(("\n", "\r")):
        sep = nl
    else:
        sep = nl * 2
    return text + sep + block


@_again_on_change
def append_section(path: Path, heading: str, text: str) -> None:
    """Append ``## heading`` and its text at the end of a note, leaving the rest byte for byte."""
    snap = Snapshot.take(path)
    current = snap.text
    check_parses(path, current)
    nl = snap.newline
    block = [f"## {' '.join(heading.split())}"]
    if text.strip():
        block.extend(text.strip("\r\n").splitlines())
    snap.commit(with_block(current, nl, "".join(line + nl for line in block)))


def create_note(vault: Path, folder: str, name: str, text: str) -> Path:
    """Write a new note ``folder/name.md`` inside the vault; never overwrite, never escape."""
    root = vault.resolve()
    folder_path = (root / folder).resolve() if folder else root
    if root != folder_path and root not in folder_path.parents:
        raise WriteRefused(f"{folder}: outside the vault; nothing was written")
    stem = safe_filename(name)
    path = folder_path / f"{stem}.md"
    n = 2
    while path.exists():
        path = folder_path / f"{stem} {n}.md"
        n += 1
    replace_if_unchanged(path, None, text.encode("utf-8"))
    return path


def remove_if_unchanged(path: Path, expected: bytes) -> None:
    """Delete the note vaultkit just created when it still holds ``expected`` (a creation whose
    next step failed is undone)."""
    with contextlib.suppress(OSError):
        if _read(path) == expected:
            os.unlink(path)


def note_text(front: dict[str, Any], body: str = "") -> str:
    """A new note: YAML front matter (keys in the given order) and a body."""
    import frontmatter

    post = frontmatter.Post(body.strip("\n"), **{k: yaml_value(v) for k, v in front.items()
                                                  if v not in (None, "", [])})
    return frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n"


def yaml_value(value: Any) -> Any:
    """An ISO day becomes a date, so it is written unquoted (``date: 2026-11-26``)."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


GENERATED_HASH_KEY = "generated_hash"


def _bounds(text: str) -> tuple[int, int] | None:
    """Where the front matter's YAML is, or None (unclosed counts as none)."""
    try:
        found = locate(text)
    except Unclosed:
        return None
    return (found[0], found[1]) if found else None


def _generated_hash(text: str) -> str:
    """A short hash of a generated note's text, its own hash line left out; line ends and
    trailing blank space do not count (git may turn LF into CRLF on another machine)."""
    from vaultkit.notes.regions import untick

    text = untick(text.replace("\r\n", "\n"))  # boxes ticked in the agenda are no edit
    lines = text.split("\n")
    bounds = _bounds(text)
    if bounds is not None:
        last = text.replace("\r\n", "\n").count("\n", 0, bounds[1])
        prefix = GENERATED_HASH_KEY + ":"
        lines = [line for i, line in enumerate(lines) if not (0 < i < last and line.startswith(prefix))]
    return hashlib.sha256("\n".join(lines).rstrip().encode("utf-8")).hexdigest()[:16]


def stamp_generated(text: str) -> str:
    """``text`` (a generated note, front matter first) with the hash of its content written
    as the front matter's last line."""
    bounds = _bounds(text)
    if bounds is None:
        raise ValueError("a generated note starts with its front matter")
    return f"{text[: bounds[1]]}{GENERATED_HASH_KEY}: {_generated_hash(text)}\n{text[bounds[1]:]}"


def untouched_since_generated(raw: bytes) -> bool:
    """True when a generated note is exactly as vaultkit wrote it: its stored hash matches its
    text. A note without the hash (or that is not UTF-8) cannot be shown untouched."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    m = re.search(rf"^{GENERATED_HASH_KEY}:[ \t]*([0-9a-f]+)[ \t]*\r?$", text, re.MULTILINE)
    return bool(m) and m.group(1) == _generated_hash(text)


@_again_on_change
def write_generated(path: Path, text: str) -> bool:
    """Write a generated note (the agenda) when its content changed. Refuses to replace a
    user's note of the same name, and a generated note that was edited since vaultkit wrote
    it (the daily note the user writes in). Returns True when the file was written."""
    data = stamp_generated(text).encode("utf-8")
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        replace_if_unchanged(path, None, data)
        return True
    if current == data:
        return False
    if not is_generated(current):
        raise WriteRefused(f"{path}: exists and was not written by vaultkit; nothing was "
                           "written (choose another path with --write PATH)")
    if not untouched_since_generated(current):
        raise WriteRefused(f"{path}: edited since vaultkit wrote it; your text was kept and the "
                           "agenda was not written (move your text to another note, or delete "
                           "this one to let vaultkit write it again)")
    replace_if_unchanged(path, current, data)
    return True


@_again_on_change
def write_region(path: Path, content: str) -> bool:
    """Put ``content`` in the agenda region of the note ``path`` (made when the note has none,
    at its end; the note made when there is none), touching nothing outside the region.
    Refuses when the region was edited since vaultkit wrote it, ticks aside. True when the
    note changed."""
    from vaultkit.notes import regions

    try:
        snap = Snapshot.take(path)
    except WriteRefused:
        if path.exists() or path.is_symlink():
            raise
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_if_unchanged(path, None, regions.block(content).encode("utf-8"))
        return True
    text = snap.text
    check_parses(path, text)
    region = regions.find(text)
    if region is not None and not regions.untouched(text, region):
        raise WriteRefused(f"{path}: the agenda between the vaultkit markers was edited since vaultkit "
                           "wrote it; it was kept and the agenda was not written (move your text out "
                           "of the markers, or delete the lines between them)")
    new_text = regions.with_region(text, content, snap.newline)
    if new_text == text:
        return False
    snap.commit(new_text)
    return True


@_again_on_change
def write_owned(path: Path, data: bytes, untouched: Callable[[bytes], bool | None]) -> bool:
    """Write a file vaultkit makes whole (a canvas, a graph) when its content changed.
    ``untouched`` tells what the file holds now: True, vaultkit's output as written; False,
    vaultkit's output edited since; None, not vaultkit's at all. Refuses to replace anything
    but an untouched output; True when the file was written."""
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        replace_if_unchanged(path, None, data)
        return True
    except IsADirectoryError:
        raise WriteRefused(f"{path}: is a folder; nothing was written") from None
    if current == data:
        return False
    state = untouched(current)
    if state is None:
        raise WriteRefused(f"{path}: exists and was not written by vaultkit; nothing was written "
                           "(choose another path with --output PATH)")
    if not state:
        raise WriteRefused(f"{path}: edited since vaultkit wrote it; your changes were kept and nothing "
                           "was written (save your version under another name, or delete this file to "
                           "let vaultkit write it again)")
    replace_if_unchanged(path, current, data)
    return True
