"""Running the watcher as a background daemon: one per vault.

The watching process holds a POSIX lock on ``daemon.lock`` in the vault's cache
folder for as long as it runs (the kernel drops it when the process dies, even
by SIGKILL) and writes its pid to ``daemon.pid``. "Running" means "the lock is
held"; the pid file only says by whom.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import re
import shlex
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from vaultkit.config import Config, cache_dir, private_file
from vaultkit.errors import UsageError, VaultkitError


class AlreadyRunning(VaultkitError):
    """A watcher already runs on this vault."""

    exit_code = 1


class StartFailed(VaultkitError):
    """The detached watcher did not come up."""

    exit_code = 1


@dataclass
class DaemonFiles:
    """Where one vault's daemon keeps its state (all in the private cache folder)."""

    folder: Path

    @property
    def lock(self) -> Path:
        return self.folder / "daemon.lock"

    @property
    def pid(self) -> Path:
        return self.folder / "daemon.pid"

    @property
    def log(self) -> Path:
        return self.folder / "daemon.log"

    @property
    def out(self) -> Path:
        """Output of a detached daemon that did not go through the log (crashes)."""
        return self.folder / "daemon.out"


def files(config: Config) -> DaemonFiles:
    return DaemonFiles(cache_dir(config.vault))


def _fcntl():
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        raise UsageError("the daemon needs a POSIX system (Linux, macOS); run `vaultkit watch` "
                         "in a terminal instead") from None
    return fcntl


def _open_lock(path: Path) -> int:
    return private_file(path, os.O_RDWR | os.O_CREAT)


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


class InstanceLock:
    """The single-instance lock of one vault, held by the watching process."""

    def __init__(self, config: Config):
        self.files = files(config)
        self.fd: int | None = None

    def acquire(self) -> None:
        """Take the lock and write the pid file, or raise AlreadyRunning."""
        fcntl = _fcntl()
        fd = _open_lock(self.files.lock)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            pid = read_pid(self.files.pid)
            raise AlreadyRunning(f"already running (pid {pid if pid else '?'}); "
                                 "stop it with `vaultkit daemon stop`") from None
        self.fd = fd
        tmp = self.files.pid.with_suffix(f".pid.{os.getpid()}")
        with os.fdopen(private_file(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "w") as fh:
            fh.write(f"{os.getpid()}\n")
        os.replace(tmp, self.files.pid)

    def release(self) -> None:
        """Remove the pid file (when still ours) and drop the lock."""
        if self.fd is None:
            return
        if read_pid(self.files.pid) == os.getpid():
            with contextlib.suppress(OSError):
                self.files.pid.unlink()
        os.close(self.fd)  # closing drops the lock
        self.fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def running_pid(config: Config) -> int | None:
    """The pid of the watcher running on this vault (-1 when unknown), or None when none runs.

    Not for the watching process itself: closing any descriptor of the lock file
    drops a POSIX lock held by the same process.
    """
    fcntl = _fcntl()
    f = files(config)
    fd = _open_lock(f.lock)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return read_pid(f.pid) or -1
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def vaultkit_command() -> list[str]:
    """How to run this vaultkit from another process (same interpreter, same install)."""
    return [sys.executable, "-m", "vaultkit"]


def start(config: Config, args: list[str], wait: float = 15.0) -> int:
    """Start ``vaultkit watch`` detached from the terminal; return its pid."""
    pid = running_pid(config)
    if pid is not None:
        raise AlreadyRunning(f"already running (pid {pid if pid > 0 else '?'})")
    f = files(config)
    cmd = [*vaultkit_command(), "watch", "--vault", str(config.vault), "--detached", *args]
    with os.fdopen(private_file(f.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "wb") as out:
        child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                 start_new_session=True, close_fds=True, cwd="/")
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if child.poll() is not None:
            message = _tail(f.out) or f"exited with status {child.returncode}"
            if child.returncode == AlreadyRunning.exit_code and "already running" in message:
                raise AlreadyRunning(message.splitlines()[-1].removeprefix("Error: "))
            raise StartFailed(f"the daemon did not start: {message}")
        if read_pid(f.pid) == child.pid and running_pid(config) == child.pid:
            return child.pid
        time.sleep(0.05)
    raise StartFailed(f"the daemon did not start within {wait:.0f}s; see {f.log}")


def _tail(path: Path, lines: int = 5) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.strip().splitlines()[-lines:])


def stop(config: Config, wait: float = 15.0) -> int | None:
    """SIGTERM the running watcher and wait for it to finish; its pid, or None if none ran."""
    pid = running_pid(config)
    if pid is None:
        return None
    if pid < 0:
        raise VaultkitError(f"a watcher holds {files(config).lock} but wrote no pid; stop it by hand")
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return pid
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if running_pid(config) is None:
            return pid
        time.sleep(0.05)
    raise VaultkitError(f"the daemon (pid {pid}) did not stop within {wait:.0f}s; "
                        f"`kill -9 {pid}` stops it for sure")


def status(config: Config) -> dict:
    """Running or not, pid, last refresh, index size."""
    from vaultkit.store.index import Index

    pid = running_pid(config)
    f = files(config)
    info: dict = {"vault": str(config.vault), "running": pid is not None,
                  "pid": pid if pid and pid > 0 else None, "log": str(f.log),
                  "last_refresh": None, "notes": 0, "index_bytes": 0}
    index_path = cache_dir(config.vault) / "index.sqlite"
    if index_path.exists():
        with Index(config) as ix:
            last = ix.last_refresh()
            info["last_refresh"] = (time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(last))
                                    if last else None)
            info["notes"] = ix.note_count()
        info["index_bytes"] = sum(p.stat().st_size for p in index_path.parent.glob("index.sqlite*"))
    return info


# -- service files ---------------------------------------------------------------------

def service_name(config: Config) -> str:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", config.vault.name).strip("-.") or "vault"
    return f"vaultkit-{name}"


def _systemd_quote(arg: str) -> str:
    """One ExecStart argument: quoted when needed, ``%`` doubled (systemd specifiers)."""
    arg = arg.replace("%", "%%")
    if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", arg):
        return arg
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _service_env() -> dict[str, str]:
    """Settings of this shell that the service needs to find the same cache and config."""
    return {k: os.environ[k] for k in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME") if os.environ.get(k)}


def systemd_unit(config: Config) -> str:
    cmd = [*vaultkit_command(), "watch", "--vault", str(config.vault)]
    lines = [
        "[Unit]",
        f"Description=vaultkit: keep the index and agenda of {config.vault} fresh",
        "",
        "[Service]",
        "Type=simple",
        "ExecStart=" + " ".join(_systemd_quote(a) for a in cmd),
        *(f"Environment={_systemd_quote(f'{k}={v}')}" for k, v in _service_env().items()),
        "KillMode=mixed",  # SIGTERM to the watcher alone: it stops its own worker processes
        "Restart=on-failure",
        "RestartSec=10",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
    ]
    return "\n".join(lines)


def launchd_plist(config: Config, label: str) -> bytes:
    data = {
        "Label": label,
        "ProgramArguments": [*vaultkit_command(), "watch", "--vault", str(config.vault)],
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ProcessType": "Background",
        "StandardErrorPath": str(files(config).out),
    }
    env = _service_env()
    if env:
        data["EnvironmentVariables"] = env
    return plistlib.dumps(data)


def default_kind() -> str:
    return "launchd" if sys.platform == "darwin" else "systemd"


def install(config: Config, kind: str | None = None, force: bool = False) -> tuple[Path, list[str]]:
    """Write the service file; return its path and the commands that enable it."""
    kind = kind or default_kind()
    name = service_name(config)
    if kind == "systemd":
        base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        path = Path(base) / "systemd" / "user" / f"{name}.service"
        data = systemd_unit(config).encode()
        how = ["systemctl --user daemon-reload",
               f"systemctl --user enable --now {shlex.quote(path.name)}",
               f"journalctl --user -u {shlex.quote(path.name)} -f   # to follow its log"]
    elif kind == "launchd":
        label = f"com.vaultkit.{name.removeprefix('vaultkit-')}"
        path = Path.home() / "Library" / "LaunchAgents" / f"{label}.plist"
        data = launchd_plist(config, label)
        how = [f"launchctl load -w {shlex.quote(str(path))}"]
    else:
        raise UsageError(f"unknown service kind {kind!r}: use systemd or launchd")
    if path.exists() and path.read_bytes() != data and not force:
        raise UsageError(f"{path} exists with other content; pass --force to replace it")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path, how
