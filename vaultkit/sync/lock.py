"""One sync of a vault at a time: a lock file in the vault's cache folder.

The lock is ``fcntl.flock`` on ``sync.lock``, which the system gives back when its holder
ends, however it ends: a lock left by a dead process is simply taken. Where there is no
``fcntl``, the lock is the file itself, created exclusively and holding its owner's pid;
one whose process is gone is taken over.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from vaultkit.config import cache_dir, private_file
from vaultkit.errors import VaultkitError

WAIT_SECONDS = 5.0  # how long a second sync waits for the first one to end
POLL_SECONDS = 0.1
STALE_SECONDS = 10.0  # a lock file without a pid, older than this, is taken over
LOCK_NAME = "sync.lock"


class SyncBusy(VaultkitError):
    """Another `vaultkit sync` of the same vault is running."""

    exit_code = 1

    def __init__(self, pid: int | None):
        who = f" (pid {pid})" if pid else ""
        super().__init__(f"another vaultkit sync is running{who}; try again when it ends")
        self.pid = pid


def lock_path(vault: Path) -> Path:
    return cache_dir(vault) / LOCK_NAME


@contextlib.contextmanager
def sync_lock(vault: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the vault's sync lock for the ``with`` block; wait up to ``wait`` seconds
    (default ``WAIT_SECONDS``) for it, then raise SyncBusy naming the holder's pid."""
    try:
        path = lock_path(vault)
    except OSError as exc:
        raise VaultkitError(f"cannot make the cache folder for the sync lock: {exc.strerror or exc}; "
                            "make $XDG_CACHE_HOME (or ~/.cache) writable, then run the command again") from exc
    deadline = time.monotonic() + (WAIT_SECONDS if wait is None else wait)
    try:
        import fcntl
    except ImportError:
        with _pid_file_lock(path, deadline):
            yield
        return
    try:
        fd = private_file(path, os.O_RDWR | os.O_CREAT)
    except OSError as exc:
        raise VaultkitError(f"cannot open the sync lock {path}: {exc.strerror or exc}; make the folder "
                            "writable, then run the command again") from exc
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise SyncBusy(_holder(path)) from None
                time.sleep(POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _pid_file_lock(path: Path, deadline: float) -> Iterator[None]:
    """The lock where ``flock`` is missing: the file exists while a sync runs."""
    while True:
        try:
            fd = private_file(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
            break
        except FileExistsError:
            pid = _holder(path)
            if (not _alive(pid) if pid is not None else _older(path, STALE_SECONDS)):  # its process is gone
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
                continue
            if time.monotonic() >= deadline:
                raise SyncBusy(pid) from None
            time.sleep(POLL_SECONDS)
    try:
        os.write(fd, f"{os.getpid()}\n".encode())
    finally:
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _holder(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _older(path: Path, seconds: float) -> bool:
    """Whether the file was last written more than ``seconds`` ago (a lock without a pid:
    its holder died between creating it and writing its pid)."""
    try:
        return time.time() - path.stat().st_mtime > seconds
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process, or a system that cannot tell
        return True
    return True
