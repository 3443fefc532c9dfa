"""Trusting a live watcher: a command skips the vault scan when the watcher says it is current.

The command asks the way git's fsmonitor does, with a *cookie*: it creates an empty file in
``.vaultkit/cookies/`` inside the vault, then waits for it to disappear. The watcher sees the
file come after every change saved before it (one stream of file events, in order), brings
its index up to date with those changes, and deletes the file. A deleted cookie therefore
means "the index holds everything written before you asked". No watcher, one that polls,
one busy or stuck (no answer within ``ACK_SECONDS``), a read-only vault: the command scans
as usual. ``vaultkit --rescan COMMAND`` always scans.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

from vaultkit.config import CONFIG_DIR, Config

COOKIES = f"{CONFIG_DIR}/cookies"
ACK_SECONDS = 0.5  # a watcher that does not answer within this is behind: scan instead
POLL_SECONDS = 0.001


def cookie_folder(vault: Path) -> Path:
    return vault / COOKIES


def is_cookie(rel: str) -> bool:
    """Whether a vault-relative path is a command's cookie."""
    return rel.startswith(COOKIES + "/") and "/" not in rel[len(COOKIES) + 1:]


def watcher_current(config: Config, wait: float = ACK_SECONDS) -> bool:
    """True when a watcher runs on this vault and answered a cookie: its index holds every
    change saved before this call."""
    try:
        from vaultkit.watch.daemon import running_pid

        if running_pid(config) is None or _polling(config):
            return False
    except Exception:  # no POSIX locks here, an unreadable cache...: the scan is always right
        return False
    folder = cookie_folder(config.vault)
    cookie = folder / f"{os.getpid()}-{secrets.token_hex(4)}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        os.close(os.open(cookie, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except OSError:  # a read-only vault
        return False
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if not os.path.lexists(cookie):
            return True
        time.sleep(POLL_SECONDS)
    try:
        os.unlink(cookie)
    except FileNotFoundError:
        return True  # answered as we gave up
    except OSError:
        pass
    return False


def polling_marker(config: Config) -> Path:
    """The file a polling watcher leaves in the cache: it cannot answer cookies in time."""
    from vaultkit.config import cache_dir

    return cache_dir(config.vault) / "watcher.polling"


def _polling(config: Config) -> bool:
    return polling_marker(config).exists()


def clear_cookies(vault: Path) -> None:
    """Remove the cookies of commands that gave up or were killed (at the watcher's start)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(cookie_folder(vault)):
            if entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
