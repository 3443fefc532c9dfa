"""The output cache: the last answer written for a script, written again while nothing it
depends on changed.

Like the index, a disposable cache: the bytes of the last answer of a command (the agenda,
health) printed on a pipe, one file per command, kept under the key of what made them (the
index's state, the settings, the message templates, the code, and the request: command,
format, day, options). Deleting it loses nothing.
Answering from it reads no note and imports no engine: the file is copied to the output
by the system when it can.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from pathlib import Path

    from vaultkit.config import Config
    from vaultkit.store.index import Index

def write_cached(ix: Index, config: Config, what: str, compute: Callable[[], list[bytes]], out: IO[Any]) -> None:
    """Write ``compute()``'s bytes to the text stream ``out`` (through its binary buffer), or
    the same bytes kept from the last identical request ``what`` (``command:options``; one
    answer is kept per command, in ``COMMAND-output.txt``)."""
    from vaultkit.config import cache_dir

    path = cache_dir(config.vault) / f"{what.split(':', 1)[0]}-output.txt"
    key = cache_key(ix, config, what).encode()
    try:
        with open(path, "rb") as fh:
            if fh.readline().rstrip(b"\n") == key:
                _write_rest(fh, len(key) + 1, out)
                return
    except OSError:
        pass
    chunks = compute()
    if cache_key(ix, config, what).encode() == key:  # nothing changed while computing
        _store(path, [key + b"\n", *chunks])
    write_bytes(chunks, out)


def _write_rest(fh: BinaryIO, offset: int, out: IO[Any]) -> None:
    """The open file from ``offset`` on, to ``out``: copied by the system when it can (a pipe
    or a file), else read and written."""
    size = os.fstat(fh.fileno()).st_size
    try:
        fd = out.fileno() if hasattr(out, "buffer") else None
    except (OSError, ValueError):  # no file descriptor (a test runner's stream)
        fd = None
    if fd is not None:
        out.flush()
        while offset < size:
            try:
                sent = os.sendfile(fd, fh.fileno(), offset, size - offset)
            except BrokenPipeError:
                raise
            except OSError:  # not supported for this output: write it the usual way
                break
            if not sent:
                break
            offset += sent
    if offset < size:
        fh.seek(offset)
        write_bytes([fh.read()], out)


def write_bytes(chunks: list[bytes], out: IO[Any]) -> None:
    """UTF-8 pieces to the text stream ``out``, through its binary buffer when it has one."""
    raw = getattr(out, "buffer", None)
    if raw is None:  # a text-only stream
        out.write(b"".join(chunks).decode("utf-8"))
    else:
        out.flush()
        for chunk in chunks:  # write() each: a stream may watch its writes (a test runner's does)
            raw.write(chunk)
        raw.flush()


def cache_key(ix: Index | None, config: Config, what: str) -> str:
    """One hash of everything an answer depends on (without ``ix``: all but the index's state)."""
    import hashlib

    from vaultkit import __version__

    parts = [__version__, what, repr(sorted((k, repr(v)) for k, v in vars(config).items()))]
    if ix is not None:
        parts.append(ix.stamp())
    parts += code_stamps()
    try:
        with os.scandir(config.templates_dir) as entries:
            parts += sorted(f"{e.name}:{_stat(e.path)}" for e in entries)
    except OSError:
        parts.append("no templates")
    return hashlib.sha1("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def code_stamps() -> list[str]:
    """Name, time and size of every module and data file of the package: any change to the code
    that computes or prints an answer (engines, renderers, index, reader, concepts...) makes a
    new answer."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out, folders = [], [root]
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as entries:
            for e in entries:
                if e.name.endswith((".py", ".yaml")):
                    out.append(f"{e.path[len(root):]}:{_stat(e.path)}")
                elif e.name != "__pycache__" and e.is_dir():
                    folders.append(e.path)
    return sorted(out)


def _stat(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_mtime_ns}:{st.st_size}"


def _store(path: Path, chunks: list[bytes]) -> None:
    """Replace the cache file atomically (a private file in the private cache folder)."""
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.writelines(chunks)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
