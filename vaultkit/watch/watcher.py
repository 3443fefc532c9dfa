"""The watcher: keeps one vault's index and agenda note fresh while files change.

Filesystem events (watchdog) only mark the vault dirty; one loop on the main
thread waits on a pipe with a timeout, and after each burst of events (a quiet
period, or a maximum wait for a continuous stream) runs the same idempotent
``Index.refresh()`` every command uses, then rewrites the agenda note when its
content changed. The same timed wait brings the new day's agenda at midnight,
a periodic rescan (a safety net for lost events), the optional autosync and the
optional morning notification (``morning.py``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import logging.handlers
import os
import select
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from vaultkit.config import CONFIG_DIR, CONFIG_FILE, Config, cache_dir, load_config, private_file
from vaultkit.errors import VaultkitError
from vaultkit.notes.vault import IGNORED_DIRS, is_note_path, scan
from vaultkit.render.health import NETWORK_NOTE
from vaultkit.store.index import Index
from vaultkit.watch import morning, notify
from vaultkit.watch.capturing import Capturing
from vaultkit.watch.live import clear_cookies, is_cookie, polling_marker

LOG_NAME = "vaultkit.watch"
LOG_MAX_BYTES = 1_000_000
QUIET_SECONDS = 0.3
MAX_WAIT_SECONDS = 2.0
RESCAN_SECONDS = 600.0
MAX_SLEEP_SECONDS = 60.0
RETRY_SECONDS = 5.0
IGNORED_EVENTS = ("opened", "closed_no_write")

log = logging.getLogger(LOG_NAME)


class _Formatter(logging.Formatter):
    """``2026-11-26 09:00:00 message``; warnings and errors say so."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(record.created))
        level = "" if record.levelno <= logging.INFO else f"{record.levelname.lower()}: "
        return f"{stamp} {level}{record.getMessage()}"


class _PrivateLog(logging.handlers.RotatingFileHandler):
    """The log file, owner-only (0600) also when it is made again after a rotation."""

    def _open(self):
        fd = private_file(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)


def setup_logging(log_file: Path, to_stderr: bool = True) -> logging.Logger:
    """Log to ``log_file`` (owner-only, rotated at 1 MB, one old file kept) and to stderr."""
    log.setLevel(logging.INFO)
    log.propagate = False
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()
    file_handler = _PrivateLog(log_file, maxBytes=LOG_MAX_BYTES, backupCount=1, encoding="utf-8")
    handlers: list[logging.Handler] = [file_handler]
    if to_stderr:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(_Formatter())
        log.addHandler(handler)
    return log


def next_midnight(now: float) -> float:
    """The timestamp of the next local midnight after ``now``."""
    day = dt.datetime.fromtimestamp(now).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time()).timestamp()


class _Handler:
    """Watchdog handler: classifies each event and tells the watcher."""

    def __init__(self, watcher: Watcher):
        self.watcher = watcher

    def dispatch(self, event) -> None:
        self.watcher.on_event(event)


class Watcher:
    """Watches one vault; ``start()``, then ``run()`` until ``stop()``, then ``close()``."""

    def __init__(self, config: Config, *, polling: bool = False, agenda: bool = True,
                 quiet: float = QUIET_SECONDS, max_wait: float = MAX_WAIT_SECONDS,
                 rescan_every: float = RESCAN_SECONDS, autosync_minutes: float | None = None,
                 today: Callable[[], dt.date] = dt.date.today,
                 midnight: Callable[[float], float] = next_midnight,
                 db_path: Path | None = None, notify: bool = False,
                 notifier: Callable[[str, str], bool] | None = None,
                 now: Callable[[], dt.datetime] = dt.datetime.now):
        self.config = config
        self.root = str(config.vault)
        self.polling = polling
        self.agenda = agenda
        self.quiet = quiet
        self.max_wait = max_wait
        self.rescan_every = rescan_every
        self.autosync_seconds = autosync_minutes * 60 if autosync_minutes else None
        self.today = today
        self.midnight = midnight
        self.db_path = db_path
        self.notify = notify
        self.notifier = notifier
        self.now = now
        self._shown: str | None = None  # the last day whose notification was decided
        self.index: Index | None = None
        self.observer = None
        self.refreshes = 0
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        self._cookies: set[str] = set()  # commands waiting to hear that the index is current
        self._events = 0
        self._first: float | None = None
        self._last = 0.0
        self._reload = False
        self._stopping = False
        self._rfd, self._wfd = os.pipe()
        os.set_blocking(self._rfd, False)
        os.set_blocking(self._wfd, False)
        self._agenda_day: str | None = None
        self._midnight_at = 0.0
        self._rescan_at = 0.0
        self._retry_at: float | None = None
        self._sync_at: float | None = None
        self._sync_thread: threading.Thread | None = None
        self._db_inode = 0
        self._unreadable: set[str] = set()
        self._agenda_error = ""
        self._agenda_file = self._agenda_rel(today().isoformat())
        self.capturing = Capturing(config)
        self._capture_pending: dict[str, set[str]] = {}  # kind: paths changed, to read

    # -- events (observer thread) ---------------------------------------------------

    def classify(self, path: str, is_directory: bool) -> str | None:
        """``note``, ``dir`` or ``config`` for a path that matters, else None."""
        rel = os.path.relpath(os.fsdecode(path), self.root).replace(os.sep, "/")
        if rel == ".." or rel.startswith("../"):
            return None
        if is_directory:
            if rel == ".":
                return "dir"
            return None if any(p in IGNORED_DIRS for p in rel.split("/")) else "dir"
        if rel == f"{CONFIG_DIR}/{CONFIG_FILE}":
            return "config"
        if is_cookie(rel):
            return "cookie"
        if rel == self._agenda_file and _untouched_output(os.fsdecode(path)):
            return None  # our own output as written: never a reason to refresh (no loop)
        if rel == NETWORK_NOTE and _untouched_network(os.fsdecode(path)):
            return None  # the Network note as vaultkit wrote it (`health --write`): no loop either
        return "note" if is_note_path(rel) else None

    def _agenda_rel(self, today: str) -> str:
        """The vault-relative path the agenda goes to on ``today`` ("" when not writing it)."""
        if not self.agenda:
            return ""
        try:
            from vaultkit.render.agenda_note import agenda_path

            path = agenda_path(self.config, today)
        except ImportError:
            path = self.config.vault / self.config.agenda_note
        rel = os.path.relpath(path, self.root).replace(os.sep, "/")
        return "" if rel == ".." or rel.startswith("../") else rel

    def on_event(self, event) -> None:
        """Called by the observer thread for every event; cheap and never raises."""
        try:
            if event.event_type in IGNORED_EVENTS:
                return
            if event.is_directory and event.event_type == "modified":
                return  # a file inside changed: that file's own event says which
            paths = [event.src_path]
            if getattr(event, "dest_path", None):
                paths.append(event.dest_path)
            if self.capturing and not event.is_directory and event.event_type != "deleted":
                self._capture_event(paths[-1])  # a move: where the file is now
            kinds = [(p, self.classify(p, event.is_directory)) for p in paths]
            kinds = [(p, k) for p, k in kinds if k]
            if not kinds:
                return
            cookies = [p for p, k in kinds if k == "cookie"]
            if cookies:  # a command asks whether the index is current (watch/live.py)
                if event.event_type != "deleted":
                    with self._lock:
                        self._cookies.update(os.fsdecode(p) for p in cookies)
                    self.wake()
                kinds = [(p, k) for p, k in kinds if k != "cookie"]
                if not kinds:
                    return
            now = time.monotonic()
            with self._lock:
                for p, k in kinds:
                    if k == "config":
                        self._reload = True
                    self._pending.add(os.path.relpath(os.fsdecode(p), self.root) if k == "note" else "")
                self._events += 1
                if self._first is None:
                    self._first = now
                self._last = now
            self.wake()
        except Exception as exc:  # the observer thread must never die
            log.error("event %r not handled: %s", event, exc)

    def _capture_event(self, path: str) -> None:
        """A change in a capture source: read after the quiet time, with the notes' changes."""
        found = self.capturing.match(path)
        if found is None:
            return
        now = time.monotonic()
        with self._lock:
            self._capture_pending.setdefault(found[0], set()).add(found[1])
            self._events += 1
            if self._first is None:
                self._first = now
            self._last = now
        self.wake()

    def wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wfd, b".")

    def stop(self) -> None:
        """Ask the loop to finish (safe from a signal handler or another thread)."""
        self._stopping = True
        self.wake()

    # -- lifecycle ------------------------------------------------------------------

    def start(self) -> None:
        """Watch first, then refresh: nothing that changes meanwhile is missed."""
        clear_cookies(self.config.vault)
        self._start_observer()
        self._mark_polling(self.polling)
        self._open_index()
        now = time.monotonic()
        self._rescan_at = now + self.rescan_every
        if self.autosync_seconds:
            self._sync_at = now + self.autosync_seconds
        if self.capturing:
            with self._lock:
                self._capture_pending = self.capturing.everything()  # what came while it was off
        self._refresh("start", full=True)
        self._midnight_at = self.midnight(time.time())
        if self.notify:
            self._shown = morning.read_shown(self._shown_file())
            self._notify(starting=True)

    def _start_observer(self) -> None:
        if self.polling:
            from watchdog.observers.polling import PollingObserver

            observer = PollingObserver(timeout=1.0)
        else:
            from watchdog.observers import Observer

            observer = Observer()
        observer.schedule(_Handler(self), self.root, recursive=True)
        for folder, recursive in self.capturing.watched(log):
            with contextlib.suppress(OSError):
                observer.schedule(_Handler(self), folder, recursive=recursive)
        try:
            observer.start()
        except OSError as exc:
            if self.polling:
                raise
            log.warning("native file events unavailable (%s); polling instead", exc)
            self.polling = True
            self._start_observer()
            return
        self.observer = observer

    def _open_index(self) -> None:
        if self.index is not None:
            self.index.close()
            self.index = None
        self.index = Index(self.config, db_path=self.db_path)
        self._db_inode = self._inode(self.index.db_path)

    @staticmethod
    def _inode(path: Path) -> int:
        try:
            return path.stat().st_ino
        except OSError:
            return 0

    def _mark_polling(self, polling: bool) -> None:
        """A polling watcher cannot answer cookies in time: commands then do not ask."""
        marker = polling_marker(self.config)
        with contextlib.suppress(OSError):
            if polling:
                os.close(private_file(marker, os.O_WRONLY | os.O_CREAT))
            else:
                marker.unlink(missing_ok=True)

    def close(self) -> None:
        if self.observer is not None:  # started (not a second watcher refused by the lock)
            self._mark_polling(False)
            self.observer.stop()
            with contextlib.suppress(RuntimeError):
                self.observer.join(timeout=5)
            self.observer = None
        if self.index is not None:
            self.index.close()
            self.index = None
        for fd in (self._rfd, self._wfd):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._rfd = self._wfd = -1

    # -- the loop -------------------------------------------------------------------

    def run(self) -> None:
        """Wait for events and timers until ``stop()``; every step survives its errors."""
        while not self._stopping:
            self._sleep(self._timeout())
            if self._stopping:
                break
            try:
                self._tick()
            except Exception as exc:  # keep going whatever happened
                log.error("unexpected error: %s: %s", type(exc).__name__, exc)
                self._retry_at = time.monotonic() + RETRY_SECONDS

    def _timeout(self) -> float:
        now = time.monotonic()
        deadlines = [now + MAX_SLEEP_SECONDS, self._rescan_at]
        with self._lock:
            if self._first is not None:
                deadlines.append(min(self._last + self.quiet, self._first + self.max_wait))
            if self._reload or self._cookies:
                deadlines.append(now)
        if self._retry_at is not None:
            deadlines.append(self._retry_at)
        if self._sync_at is not None:
            deadlines.append(self._sync_at)
        if self.agenda:
            deadlines.append(now + self._midnight_at - time.time() + 0.01)
        if self.notify:
            at = morning.next_check(self.now(), self.today(), self._shown, self.config.notify_at)
            deadlines.append(now + (at - self.now()).total_seconds() + 0.01)
        return max(0.0, min(deadlines) - now)

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            with contextlib.suppress(InterruptedError):
                select.select([self._rfd], [], [], seconds)
        with contextlib.suppress(OSError):
            while os.read(self._rfd, 4096):
                pass

    def _tick(self) -> None:
        self._answer_cookies()
        now = time.monotonic()
        with self._lock:
            reload, self._reload = self._reload, False
            burst = self._first is not None and (
                now - self._last >= self.quiet or now - self._first >= self.max_wait)
        if reload and self._reload_config():
            burst = False
        if burst:
            self._refresh("change")
        elif self._retry_at is not None and now >= self._retry_at:
            self._refresh("retry", full=True)
        elif now >= self._rescan_at:
            self._refresh("rescan", full=True, quiet_when_unchanged=True)
        new_day = self._agenda_day is not None and self.today().isoformat() != self._agenda_day
        if self.agenda and (time.time() >= self._midnight_at or new_day):
            self._midnight_at = self.midnight(time.time())
            if self._write_agenda():
                self._catch_up_agenda()
                log.info("new day %s: agenda rewritten", self._agenda_day)
            self._write_network()
        if self.notify:
            self._notify()
        self._check_observer()
        if self._sync_at is not None and now >= self._sync_at:
            self._sync_at = now + (self.autosync_seconds or 0)
            self._autosync()

    def _answer_cookies(self) -> None:
        """Tell the commands waiting (their cookies) that the index is current: the changes
        saved before each cookie are taken in first, without waiting for the quiet time.
        No answer while a refresh failed or the config is being reloaded: they scan."""
        with self._lock:
            cookies, self._cookies = self._cookies, set()
            pending = self._first is not None
            reload = self._reload
        if not cookies:
            return
        if pending and not reload:
            self._refresh("change")
        if self._retry_at is not None or reload or self.index is None:
            return
        for cookie in cookies:
            with contextlib.suppress(OSError):
                os.unlink(cookie)

    # -- refresh --------------------------------------------------------------------

    def _refresh(self, why: str, full: bool = False, quiet_when_unchanged: bool = False) -> None:
        with self._lock:
            paths, self._pending = self._pending, set()
            events, self._events = self._events, 0
            self._first = None
            captures, self._capture_pending = self._capture_pending, {}
        self._retry_at = None
        self._rescan_at = time.monotonic() + self.rescan_every
        notes = sorted(p for p in paths if p)
        full = full or "" in paths or not hasattr(Index, "refresh_paths")
        start = time.perf_counter()
        try:
            if self.index is None:
                self._open_index()
                full = True
            elif self._inode(self.index.db_path) != self._db_inode:
                log.warning("the index file was replaced or removed; reopening it")
                self._open_index()
                full = True
            assert self.index is not None
            # events name the notes that changed: re-read just those; folder events (moves,
            # renames) and timers rescan the whole vault
            result = self.index.refresh() if full else self.index.refresh_paths(notes)
        except Exception as exc:
            log.error("refresh failed (%s: %s); retrying in %ds", type(exc).__name__, exc, RETRY_SECONDS)
            self._retry_at = time.monotonic() + RETRY_SECONDS
            with self._lock:  # read with the retry
                for kind, changed in captures.items():
                    self._capture_pending.setdefault(kind, set()).update(changed)
            return
        self.refreshes += 1
        refreshed = time.perf_counter() - start
        if captures:  # with the index fresh; the notes it writes are read back before the agenda
            self.capturing.run(self.index, captures, self.today().isoformat(), log)
        wrote = self._write_agenda() if self.agenda else False
        if self.agenda:
            self._write_network()
        took = time.perf_counter() - start
        if wrote:
            self._catch_up_agenda()
        if not (quiet_when_unchanged and not result.changed_any and not wrote):
            agenda = "agenda rewritten" if wrote else "agenda unchanged" if self.agenda else "no agenda"
            what = f"{events} events" if events else why
            log.info("refresh (%s): %d changed, %d removed, %d notes; %.3fs (index %.3fs); %s",
                     what, result.read, result.deleted, result.total, took, refreshed, agenda)
        self._report_problems(result.changed)
        self._report_unreadable(None if full else notes)

    def _catch_up_agenda(self) -> None:
        """Take the rewritten agenda note into the index, so the index stays exact."""
        if self.index is None:
            return
        try:
            if self._agenda_file and hasattr(self.index, "refresh_paths"):
                self.index.refresh_paths([self._agenda_file])
            else:
                self.index.refresh()
        except Exception as exc:
            log.error("refresh after the agenda failed (%s); retrying", exc)
            self._retry_at = time.monotonic() + RETRY_SECONDS

    def _write_agenda(self) -> bool:
        """Rewrite the agenda note when its content changed; True when written."""
        today = self.today().isoformat()
        try:
            from vaultkit.render.agenda_note import write_agenda
        except ImportError:
            return False
        if self.index is None:
            return False
        self._agenda_file = self._agenda_rel(today)
        try:
            written = write_agenda(self.index, self.config, today)
            for tick in written.ticks:  # boxes ticked in the agenda note, applied before it was rewritten
                (log.warning if tick.outcome == "refused" else log.info)("agenda tick: %s", tick)
            if written.refused is not None:
                raise written.refused
            wrote = written.changed
        except Exception as exc:
            message = str(exc) if isinstance(exc, (VaultkitError, OSError)) else f"{type(exc).__name__}: {exc}"
            if message != self._agenda_error:
                log.error("agenda not written: %s", message)
                self._agenda_error = message
            self._agenda_day = today  # tried for today: again on the next change, not every minute
            return False
        self._agenda_error = ""
        self._agenda_day = today
        return wrote

    def _write_network(self) -> bool:
        """Rewrite the Network note at the vault's root (``health --write``) when there is one,
        vaultkit's and untouched, and its content changed; True when written."""
        path = os.path.join(self.root, NETWORK_NOTE)
        if self.index is None or not os.path.isfile(path) or not _untouched_network(path):
            return False
        try:
            from vaultkit.engines.health import build_health
            from vaultkit.render.health import LIMIT, write_network

            health = build_health(self.index, self.config, self.today().isoformat(), shown=LIMIT)
            return write_network(health, Path(path))
        except Exception as exc:
            log.error("network note not written: %s", exc)
            return False

    # -- the morning notification -----------------------------------------------------

    def _shown_file(self) -> Path:
        return cache_dir(self.config.vault) / "notified"

    def _notify(self, starting: bool = False) -> None:
        """Show today's notification once, at the first check at or after ``notify_at`` when
        the index is fresh. Whatever happens, the day is done: nothing is retried in a loop."""
        today = self.today()
        if self._shown == today.isoformat():
            if starting:
                log.info("notification: already shown today")
            return
        if not morning.is_due(self.now(), today, self._shown, self.config.notify_at):
            if starting:
                log.info("notification: waits until %s", self.config.notify_at)
            return
        if self.index is None or self._retry_at is not None:
            return  # after the refresh that is to be retried
        from vaultkit.engines.agenda import build_agenda

        self._shown = today.isoformat()
        try:
            morning.remember(self._shown_file(), self._shown)
        except OSError as exc:
            log.warning("notification: the day it was shown is not kept (%s); a restart today shows it again",
                        exc.strerror or exc)
        try:
            body = morning.summary(build_agenda(self.index, self.config, self._shown))
        except Exception as exc:
            log.error("notification not shown: the agenda failed (%s: %s)", type(exc).__name__, exc)
            return
        if body is None:
            log.info("notification: nothing due today")
            return
        try:
            shown = (self.notifier or notify.send)(morning.TITLE, body)
        except notify.NotifyFailed as exc:
            log.warning("notification not shown: %s", exc)
            return
        except Exception as exc:  # never a crash for a notification
            log.warning("notification not shown: %s: %s", type(exc).__name__, exc)
            return
        if shown:
            log.info("notified: %s", body)
        else:
            log.debug("notification not shown: no notifier on this system (%s)", sys.platform)

    def _report_problems(self, changed: list[str]) -> None:
        if not changed or self.index is None:
            return
        problems = self.index.problems(changed, level="error")
        for problem in problems[:20]:
            log.warning("%s:%s: %s", problem.path, problem.line, problem.message)
        if len(problems) > 20:
            log.warning("... and %d more problems: run `vaultkit check`", len(problems) - 20)

    def _report_unreadable(self, paths: list[str] | None) -> None:
        """Log notes that exist but could not be read (permission denied...), once each."""
        if self.index is None:
            return
        if paths is None:
            paths = [rel for rel, *_ in scan(self.root)]
        if not paths:
            return
        stored = self.index.known(paths)
        for rel in paths:
            if rel in stored or not is_note_path(rel):
                self._unreadable.discard(rel)
                continue
            try:
                full = os.path.join(self.root, rel)
                if not stat.S_ISREG(os.stat(full).st_mode):  # a FIFO named *.md would block open()
                    self._unreadable.discard(rel)
                    continue
                os.close(os.open(full, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
                self._unreadable.discard(rel)
            except FileNotFoundError:
                self._unreadable.discard(rel)  # vanished since the event: fine
            except OSError as exc:
                if rel not in self._unreadable:
                    self._unreadable.add(rel)
                    log.error("%s: cannot read: %s", rel, exc.strerror or exc)

    # -- the rest -------------------------------------------------------------------

    def _reload_config(self) -> bool:
        """Re-read the config; on a change, reopen the index and refresh. True when refreshed."""
        try:
            config = load_config(self.config.vault)
        except VaultkitError as exc:
            log.error("config not reloaded: %s", exc)
            return False
        if config == self.config:
            return False
        log.info("config changed: reloading")
        self.config = config
        capturing = Capturing(config)
        if capturing.key() != self.capturing.key():
            self.capturing = capturing
            self._restart_observer()
            with self._lock:
                self._capture_pending = capturing.everything()
        self._open_index()  # rebuilds the index when what the reader depends on changed
        self._refresh("config", full=True)
        return True

    def _check_observer(self) -> None:
        if self.observer is not None and self.observer.is_alive():
            return
        log.warning("the file watcher stopped; restarting it")
        with contextlib.suppress(Exception):
            if self.observer is not None:
                self.observer.stop()
        self.observer = None
        try:
            self._start_observer()
        except OSError as exc:
            log.error("cannot watch %s: %s; retrying", self.root, exc)
            self._retry_at = time.monotonic() + RETRY_SECONDS
            return
        self._refresh("restart", full=True)

    def _restart_observer(self) -> None:
        """Watch again (the capture sources changed)."""
        if self.observer is not None:
            with contextlib.suppress(Exception):
                self.observer.stop()
                self.observer.join(timeout=5)
            self.observer = None
        try:
            self._start_observer()
        except OSError as exc:
            log.error("cannot watch %s: %s; retrying", self.root, exc)

    def _autosync(self) -> None:
        if self._sync_thread is not None and self._sync_thread.is_alive():
            return
        try:
            from vaultkit.sync.git import sync_vault
        except ImportError:
            log.warning("autosync is not available in this version")
            self._sync_at = None
            return

        def run() -> None:
            from vaultkit.sync.git import CommitRefused, SyncBusy

            try:
                result = sync_vault(self.config, push=True, wait=0)
                log.info("autosync: %s", _sync_summary(result))
            except SyncBusy as exc:
                log.info("autosync: skipped this turn: %s", exc)
            except CommitRefused as exc:
                log.warning("autosync: %s; fix it, the next turn commits", exc.summary())
            except Exception as exc:
                log.error("autosync failed: %s", " ".join(str(exc).split()))

        self._sync_thread = threading.Thread(target=run, name="vaultkit-autosync", daemon=True)
        self._sync_thread.start()


def _sync_summary(result) -> str:
    parts = []
    if getattr(result, "committed", False):
        parts.append("committed")
    if getattr(result, "pulled", False):
        parts.append(f"pulled {getattr(result, 'incoming', 0)} commits")
    if getattr(result, "pushed", False):
        parts.append(f"pushed {getattr(result, 'outgoing', 0)} commits")
    conflicts = getattr(result, "conflicts", None)
    if conflicts:
        parts.append(f"conflicts in {', '.join(conflicts)} (pull undone)")
    return ", ".join(parts) or "nothing to do"


def install_signal_handlers(watcher: Watcher) -> None:
    """SIGTERM and SIGINT stop the loop cleanly, once the refresh under way is done; a second
    one interrupts that refresh (its transaction is rolled back). SIGHUP rescans and reloads
    the config. A process forked from this one falls back to the default actions.
    """
    main_pid = os.getpid()

    def on_stop(signum, _frame) -> None:
        if os.getpid() != main_pid:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        if watcher._stopping:
            raise KeyboardInterrupt
        watcher.stop()

    def on_hup(signum, _frame) -> None:
        if os.getpid() != main_pid:
            return
        with watcher._lock:
            watcher._reload = True
            watcher._pending.add("")
            watcher._first = watcher._first or time.monotonic()
        watcher.wake()

    signal.signal(signal.SIGTERM, on_stop)
    signal.signal(signal.SIGINT, on_stop)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, on_hup)


AGENDA_READ_LIMIT = 4 << 20  # an agenda note is small: a bigger file is read as a note


def _small_file(path: str) -> bytes | None:
    """The bytes of a regular file of at most ``AGENDA_READ_LIMIT``; None for anything else (a
    FIFO is never opened), or when it cannot be read."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > AGENDA_READ_LIMIT:
            return None
        with open(path, "rb") as fh:
            return fh.read(AGENDA_READ_LIMIT)
    except OSError:
        return None


def _untouched_output(path: str) -> bool:
    """Whether the agenda file is vaultkit's generated note with no box ticked in it: then its
    change is vaultkit's own write. A ticked box (to apply) or the agenda region of a user's
    note (their text around it) is a change to read."""
    from vaultkit.engines.ticks import read_ticks
    from vaultkit.notes.front_matter import is_generated

    if not os.path.lexists(path):
        return True  # gone: nothing of the user's to read
    data = _small_file(path)
    if data is None or not is_generated(data):
        return False
    return b"^vk-" not in data or not read_ticks(data.decode("utf-8", "replace"))


def _untouched_network(path: str) -> bool:
    """Whether the Network note is vaultkit's generated note, exactly as written."""
    from vaultkit.notes.front_matter import is_generated
    from vaultkit.notes.writer import untouched_since_generated

    data = _small_file(path)
    return data is not None and is_generated(data) and untouched_since_generated(data)
