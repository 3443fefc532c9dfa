"""The watcher and the daemon, with real processes and real files.

One `vaultkit watch` process serves the save-style tests in order (its start-up
is the slow part); the crash, polling and daemon tests start their own. What
the daemon did is read straight from the index file (no command refreshes it
meanwhile) and from the agenda note, which only the daemon writes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from vaultkit.cli.main import cli
from vaultkit.config import cache_dir, load_config
from vaultkit.watch.watcher import Watcher, next_midnight

from .conftest import REPO, write_vault

GENVAULT = REPO / "tools" / "genvault.py"
VAULTKIT = [sys.executable, "-m", "vaultkit"]
TODAY = dt.date.today().isoformat()
TIMEOUT = 10.0


def contact(marker: str, company: str = "Acme") -> str:
    """A contact note with an open task due today: it shows in the agenda note."""
    return f"---\ntype: contact\ncompany: {company}\n---\n- [ ] {marker} 📅 {TODAY}\n"


def wait_until(predicate: Callable[[], object], timeout: float = TIMEOUT, what: str = "") -> object:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate}")
        time.sleep(0.05)


def drop_root_powers() -> list[str]:
    """As root, run without the right to read any file: permission errors become real."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
            "--inh-caps", "-dac_override,-dac_read_search"]


class Watched:
    """A vault, its private cache, and a `vaultkit watch` process on it."""

    def __init__(self, vault: Path, home: Path, *args: str):
        self.vault = vault
        self.env = {k: v for k, v in os.environ.items() if k != "VAULTKIT_VAULT"}
        self.env.update(XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"))
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("XDG_CACHE_HOME", self.env["XDG_CACHE_HOME"])
            self.cache = cache_dir(vault)
        self.args = args
        self.proc: subprocess.Popen | None = None

    def start(self, wait: bool = True, prefix: list[str] | None = None) -> Watched:
        self.proc = subprocess.Popen(
            [*(prefix or []), *VAULTKIT, "watch", "--vault", str(self.vault), *self.args],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        if wait:
            wait_until(lambda: self.refreshes("start") >= 1 or self.proc.poll() is not None, 30,
                       "the first refresh")
            assert self.proc.poll() is None, self.proc.stderr.read().decode()
        return self

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*VAULTKIT, *args, "--vault", str(self.vault)], env=self.env,
                              capture_output=True, text=True, timeout=60)

    def log(self) -> str:
        try:
            return (self.cache / "daemon.log").read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""

    def refreshes(self, why: str = "") -> int:
        return sum(1 for line in self.log().splitlines() if f" refresh ({why}" in line)

    def settle(self, quiet: float = 0.6) -> int:
        """Wait until no refresh line came for ``quiet`` seconds; the number of refresh lines."""
        count, since = self.refreshes(), time.monotonic()
        while time.monotonic() - since < quiet:
            time.sleep(0.05)
            now = self.refreshes()
            if now != count:
                count, since = now, time.monotonic()
        return count

    def indexed(self) -> dict[str, dict]:
        """``{path: {kind, name, fields}}`` as the index holds it (not refreshed)."""
        db = sqlite3.connect(f"file:{self.cache / 'index.sqlite'}?mode=ro", uri=True, timeout=30)
        try:
            rows = db.execute("SELECT path, kind, name, data FROM notes").fetchall()
        except sqlite3.OperationalError:
            return {}
        finally:
            db.close()
        return {p: {"kind": k, "name": n, "fields": json.loads(d)["fields"]} for p, k, n, d in rows}

    def agenda(self) -> str:
        try:
            return (self.vault / "Agenda.md").read_text(encoding="utf-8")
        except FileNotFoundError:
            return ""

    def shows(self, path: str, marker: str) -> bool:
        """The index has ``path`` and the agenda lists its task ``marker``."""
        return path in self.indexed() and marker in self.agenda()

    def gone(self, path: str, marker: str) -> bool:
        return path not in self.indexed() and marker not in self.agenda()

    def pid_file(self) -> Path:
        return self.cache / "daemon.pid"

    def terminate(self) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)

    def cleanup(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)  # worker processes left by a killed refresh


@pytest.fixture(scope="module")
def watched(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("watched")
    vault = write_vault(home / "vault", {
        "people/Ada Lovelace.md": contact("ada-task"),
        "events/2026-11-20 Meetup.md": "---\ntype: event\ndate: 2026-11-20\nattendees: ['[[Ada Lovelace]]']\n---\n",
    })
    w = Watched(vault, home).start(prefix=drop_root_powers())
    wait_until(lambda: "ada-task" in w.agenda(), what="the first agenda")
    yield w
    w.cleanup()


# -- save styles ---------------------------------------------------------------------------

def test_in_place_write(watched: Watched) -> None:
    path = watched.vault / "people" / "Ada Lovelace.md"
    with open(path, "w", encoding="utf-8") as fh:  # same file, truncated and rewritten
        fh.write(contact("ada-in-place", company="Initech"))
    wait_until(lambda: watched.shows("people/Ada Lovelace.md", "ada-in-place"), what="the in-place edit")
    assert watched.indexed()["people/Ada Lovelace.md"]["fields"]["company"] == ["Initech"]
    assert "ada-task" not in watched.agenda()
    shown = json.loads(watched.cli("show", "Ada Lovelace", "--format", "json").stdout)
    assert "Initech" in json.dumps(shown)


def test_write_temp_then_rename(watched: Watched) -> None:
    folder = watched.vault / "people"
    (folder / "Bea Rename.md").write_text(contact("bea-1"), encoding="utf-8")
    wait_until(lambda: watched.shows("people/Bea Rename.md", "bea-1"), what="the new note")
    # vim: a probe file 4913, a swap file, the old file kept as a backup, the new one written
    (folder / "4913").write_text("")
    (folder / "4913").unlink()
    (folder / ".Bea Rename.md.swp").write_bytes(b"swap")
    os.rename(folder / "Bea Rename.md", folder / "Bea Rename.md~")
    (folder / "Bea Rename.md").write_text(contact("bea-2"), encoding="utf-8")
    (folder / "Bea Rename.md~").unlink()
    (folder / ".Bea Rename.md.swp").unlink()
    wait_until(lambda: watched.shows("people/Bea Rename.md", "bea-2"), what="the vim-style save")
    # most editors: a temp file beside the note, renamed over it
    tmp = folder / ".Bea Rename.md.tmp123"
    tmp.write_text(contact("bea-3", company="Hooli"), encoding="utf-8")
    os.replace(tmp, folder / "Bea Rename.md")
    wait_until(lambda: watched.shows("people/Bea Rename.md", "bea-3"), what="the rename-over save")
    assert "bea-2" not in watched.agenda()
    assert watched.indexed()["people/Bea Rename.md"]["fields"]["company"] == ["Hooli"]


def test_delete_then_create(watched: Watched) -> None:
    path = watched.vault / "people" / "Cy Delete.md"
    path.write_text(contact("cy-1"), encoding="utf-8")
    wait_until(lambda: watched.shows("people/Cy Delete.md", "cy-1"), what="the new note")
    path.unlink()
    path.write_text(contact("cy-2"), encoding="utf-8")
    wait_until(lambda: watched.shows("people/Cy Delete.md", "cy-2"), what="the re-created note")
    assert "cy-1" not in watched.agenda()


def test_swap_and_backup_files_are_ignored(watched: Watched) -> None:
    folder = watched.vault / "people"
    before = watched.settle()
    for name in ("Ada Lovelace.md.swp", ".Ada Lovelace.md.swp", "Ada Lovelace.md~", "4913", ".#Ada Lovelace.md"):
        (folder / name).write_text(contact(f"ignored {name}"), encoding="utf-8")
    # then one real change: its refresh is the only one, and it indexes none of the above
    (folder / "Dee Real.md").write_text(contact("dee-1"), encoding="utf-8")
    wait_until(lambda: watched.shows("people/Dee Real.md", "dee-1"), what="the real change")
    assert watched.settle() == before + 1
    assert not [p for p in watched.indexed() if not p.endswith(".md") or "/." in p or p.endswith("~")]
    assert "ignored" not in watched.agenda()


def test_move_between_folders(watched: Watched) -> None:
    (watched.vault / "people" / "Eve Mover.md").write_text(contact("eve-1"), encoding="utf-8")
    wait_until(lambda: watched.shows("people/Eve Mover.md", "eve-1"), what="the new note")
    (watched.vault / "clients").mkdir()
    os.rename(watched.vault / "people" / "Eve Mover.md", watched.vault / "clients" / "Eve Mover.md")
    wait_until(lambda: "clients/Eve Mover.md" in watched.indexed()
               and "people/Eve Mover.md" not in watched.indexed(), what="the move")
    assert watched.indexed()["clients/Eve Mover.md"]["kind"] == "contact"
    assert "eve-1" in watched.agenda()  # still listed: the link is by name


def test_move_out_of_and_into_the_vault(watched: Watched, tmp_path: Path) -> None:
    inside = watched.vault / "people" / "Fay Traveller.md"
    inside.write_text(contact("fay-1"), encoding="utf-8")
    wait_until(lambda: watched.shows("people/Fay Traveller.md", "fay-1"), what="the new note")
    outside = tmp_path / "Fay Traveller.md"
    shutil.move(inside, outside)
    wait_until(lambda: watched.gone("people/Fay Traveller.md", "fay-1"), what="the move out")
    outside.write_text(contact("fay-2"), encoding="utf-8")
    shutil.move(outside, inside)
    wait_until(lambda: watched.shows("people/Fay Traveller.md", "fay-2"), what="the move back in")


def test_a_burst_of_hundreds_of_files_is_one_refresh(watched: Watched, tmp_path: Path) -> None:
    staging = tmp_path / "checkout"
    staging.mkdir()
    for i in range(300):
        (staging / f"Burst {i:03d}.md").write_text(contact(f"burst-{i:03d}"), encoding="utf-8")
    before = watched.settle()
    start = time.monotonic()
    (watched.vault / "burst").mkdir()
    for f in sorted(staging.iterdir()):  # like a checkout: every file appears at once
        os.rename(f, watched.vault / "burst" / f.name)
    assert time.monotonic() - start < 1.0
    wait_until(lambda: sum(p.startswith("burst/") for p in watched.indexed()) == 300, what="300 notes")
    assert watched.settle() - before == 1
    assert ": 300 changed, 0 removed" in watched.log()
    shutil.rmtree(watched.vault / "burst")  # and all gone at once
    wait_until(lambda: not any(p.startswith("burst/") for p in watched.indexed())
               and "burst-" not in watched.agenda(), what="the burst removed")
    assert watched.settle() - before == 2


def test_folder_rename(watched: Watched) -> None:
    team = watched.vault / "team"
    team.mkdir()
    for name in ("Gus", "Hal", "Ivy"):
        (team / f"{name}.md").write_text(contact(f"{name}-task"), encoding="utf-8")
    wait_until(lambda: {"team/Gus.md", "team/Hal.md", "team/Ivy.md"} <= set(watched.indexed()), what="team/")
    os.rename(team, watched.vault / "crew")
    wait_until(lambda: {"crew/Gus.md", "crew/Hal.md", "crew/Ivy.md"} <= set(watched.indexed())
               and not any(p.startswith("team/") for p in watched.indexed()), what="the folder rename")
    assert "Gus-task" in watched.agenda()
    # a folder moved out of the vault takes its notes along
    shutil.move(watched.vault / "crew", watched.vault.parent / "crew-outside")
    wait_until(lambda: not any(p.startswith("crew/") for p in watched.indexed())
               and "Gus-task" not in watched.agenda(), what="the folder move out")


def test_the_agenda_note_never_loops_and_git_is_not_watched(watched: Watched) -> None:
    (watched.vault / "people" / "Jo Loop.md").write_text(contact("jo-1"), encoding="utf-8")
    wait_until(lambda: watched.shows("people/Jo Loop.md", "jo-1"), what="the agenda rewrite")
    before = watched.settle()
    git = watched.vault / ".git" / "objects"
    git.mkdir(parents=True)
    (git / "note.md").write_text(contact("in git"), encoding="utf-8")
    (watched.vault / ".obsidian").mkdir()
    (watched.vault / ".obsidian" / "workspace.md").write_text("x", encoding="utf-8")
    time.sleep(1.2)  # a loop (or a watched .git) would have refreshed again by now
    assert watched.refreshes() == before
    assert not [p for p in watched.indexed() if p.startswith((".git", ".obsidian"))]
    assert watched.indexed()["Agenda.md"]  # the agenda note itself is indexed (as generated), once


def test_bad_and_unreadable_notes_are_logged_and_skipped(watched: Watched) -> None:
    bad = watched.vault / "people" / "Kim Broken.md"
    bad.write_text("---\ntype: contact\ncompany: [unclosed\n---\n", encoding="utf-8")
    secret = watched.vault / "people" / "Lou Secret.md"
    secret.write_text(contact("lou-1"), encoding="utf-8")
    secret.chmod(0)
    (watched.vault / "people" / "Max After.md").write_text(contact("max-1"), encoding="utf-8")
    wait_until(lambda: watched.shows("people/Max After.md", "max-1"), what="the notes after the bad ones")
    wait_until(lambda: "people/Kim Broken.md:3:" in watched.log(), what="the parse error in the log")
    wait_until(lambda: "people/Lou Secret.md:1: cannot read this note: Permission denied" in watched.log(),
               what="permission denied in the log")
    lou = watched.indexed()["people/Lou Secret.md"]  # kept as a note that could not be read
    assert lou["kind"] == "note" and "company" not in lou["fields"] and "lou-1" not in watched.agenda()
    secret.chmod(0o644)  # readable again: picked up on the next event
    wait_until(lambda: watched.shows("people/Lou Secret.md", "lou-1"), what="the note made readable")
    assert watched.proc.poll() is None


def test_a_storm_ends_in_an_exact_index(watched: Watched) -> None:
    storm = watched.vault / "storm"
    storm.mkdir()
    deadline = time.monotonic() + 2.0
    i = 0
    while time.monotonic() < deadline and i < 600:
        name = storm / f"S{i % 120:03d}.md"
        op = i % 4
        if op == 0 or not name.exists():
            name.write_text(contact(f"storm-{i}", company=f"C{i}"), encoding="utf-8")
        elif op == 1:
            with open(name, "a", encoding="utf-8") as fh:
                fh.write(f"- [[S{(i * 7) % 120:03d}]] edit {i}\n")
        elif op == 2:
            os.replace(name, storm / f"R{i:03d}.md")
        else:
            name.unlink()
        i += 1
        time.sleep(0.002)
    assert i > 200

    results: list[subprocess.CompletedProcess] = []

    def verified() -> bool:
        results.append(watched.cli("index", "--verify"))
        return results[-1].returncode == 0

    try:
        wait_until(verified, 20, "index --verify to pass")
    except AssertionError as exc:
        raise AssertionError(f"{exc}\n{results[-1].stdout}{results[-1].stderr}") from None
    assert "the index matches the files" in results[-1].stdout
    assert watched.proc.poll() is None


def test_sigterm_exits_cleanly(watched: Watched) -> None:
    assert watched.pid_file().read_text().strip() == str(watched.proc.pid)
    assert watched.terminate() == 0
    assert not watched.pid_file().exists()
    assert watched.log().rstrip().endswith("stopped")


# -- processes of their own ------------------------------------------------------------------

def test_sigkill_mid_refresh_then_restart_recovers(tmp_path: Path) -> None:
    vault = tmp_path / "big"
    subprocess.run([sys.executable, str(GENVAULT), str(vault), "--contacts", "1000", "--events", "2000",
                    "--today", TODAY], check=True, stdout=subprocess.DEVNULL)
    (vault / ".vaultkit").mkdir()
    w = Watched(vault, tmp_path)
    try:  # a stop during the first refresh waits for it; a second stop cuts it short, cleanly
        w.start(wait=False)
        wait_until(lambda: w.pid_file().exists() and "watching" in w.log(), 30, "the pid file")
        w.proc.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        assert w.proc.poll() is None
        assert w.terminate() == 0
        assert "stopped (interrupted)" in w.log() and w.refreshes("start") == 0
        assert not w.pid_file().exists()
    finally:
        w.cleanup()
    try:
        w.start(wait=False)
        # the workers' folder of the first refresh: it is reading, and has not committed
        wait_until(lambda: any(w.cache.glob("refresh-*")), 30, "the first refresh's workers")
        os.kill(w.proc.pid, signal.SIGKILL)
        assert w.refreshes("start") == 0, "the first refresh ended before the kill"
        assert w.proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        w.cleanup()
    assert len(w.indexed()) < 3000  # the refresh was cut short: nothing half-written shows
    started = w.cli("daemon", "start")
    assert started.returncode == 0, started.stderr
    pid = int(started.stdout.split("pid ")[1].split(")")[0])
    try:
        # commands run while the daemon reads 3,000 notes: they wait for its write, never fail,
        # and never see half of it
        listed = w.cli("list", "contacts", "--format", "json")
        assert listed.returncode == 0, listed.stderr
        assert len(json.loads(listed.stdout)) == 1000
        agenda = w.cli("agenda", "--format", "json")
        assert agenda.returncode == 0, agenda.stderr
        wait_until(lambda: w.refreshes("start") >= 1, 60, "the refresh after the restart")
        assert len(w.indexed()) >= 3000
        # the daemon may still be writing the agenda note and taking it in: the index matches
        # the files once it has (a wrong index never does)
        deadline = time.monotonic() + 60
        while (verify := w.cli("index", "--verify")).returncode != 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert verify.returncode == 0, verify.stdout + verify.stderr + w.log()
        again = w.cli("daemon", "start")
        assert again.returncode == 1
        assert f"already running (pid {pid})" in again.stderr
        status = w.cli("daemon", "status", "--format", "json")
        assert status.returncode == 0
        info = json.loads(status.stdout)
        assert info["running"] and info["pid"] == pid and info["notes"] >= 3000 and info["last_refresh"]
        modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in w.cache.iterdir() if p.is_file()}
        assert {"daemon.out", "daemon.pid", "daemon.log", "index.sqlite"} <= set(modes)
        assert set(modes.values()) == {0o600}, modes
    finally:
        stopped = w.cli("daemon", "stop")
    assert stopped.returncode == 0 and f"stopped (pid {pid})" in stopped.stdout
    assert not w.pid_file().exists()
    status = w.cli("daemon", "status")
    assert status.returncode == 1 and "not running" in status.stdout


def test_polling_and_config_reload(tmp_path: Path) -> None:
    vault = write_vault(tmp_path / "vault", {"folks/Nia Poll.md": "---\ncompany: Acme\n---\n"})
    w = Watched(vault, tmp_path, "--polling").start()
    try:
        assert w.indexed()["folks/Nia Poll.md"]["kind"] == "note"
        (vault / "folks" / "Nia Poll.md").write_text("---\ncompany: Globex\n---\n", encoding="utf-8")
        wait_until(lambda: w.indexed()["folks/Nia Poll.md"]["fields"].get("company") == ["Globex"],
                   what="the polled edit")
        (vault / ".vaultkit" / "config.yaml").write_text("people_folders: [folks]\n", encoding="utf-8")
        wait_until(lambda: w.indexed().get("folks/Nia Poll.md", {}).get("kind") == "contact",
                   what="the config reload")
        assert "config changed" in w.log()
        assert w.terminate() == 0
    finally:
        w.cleanup()


def test_the_watcher_keeps_what_is_written_around_and_inside_the_agenda_region(tmp_path: Path) -> None:
    """The day's note vaultkit created, then written in by the user: text after the agenda is
    kept byte for byte while the agenda is rewritten; a line typed inside the agenda's markers
    keeps the whole region as it is."""
    vault = write_vault(tmp_path / "vault", {"people/Ona.md": contact("ona-task")},
                        config="me: Sam\ndaily_note: 'Daily/{date}.md'\n")
    daily = vault / "Daily" / f"{TODAY}.md"
    w = Watched(vault, tmp_path).start()
    try:
        wait_until(lambda: daily.exists() and "ona-task" in daily.read_text(encoding="utf-8"),
                   what="the agenda in the daily note")
        journal = "\n## Journal\nLunch with Ona: she is hiring two data analysts.\n"
        with daily.open("a", encoding="utf-8") as fh:
            fh.write(journal)
        (vault / "people" / "Pia.md").write_text(contact("pia-task"), encoding="utf-8")
        wait_until(lambda: "pia-task" in daily.read_text(encoding="utf-8"), what="the agenda rewritten")
        w.settle()
        text = daily.read_text(encoding="utf-8")
        assert text.endswith("%% vaultkit:end %%\n" + journal) and "ona-task" in text
        daily.write_text(text.replace("%% vaultkit:end %%", "my own line\n%% vaultkit:end %%"), encoding="utf-8")
        mine = daily.read_bytes()
        (vault / "people" / "Rui.md").write_text(contact("rui-task"), encoding="utf-8")
        wait_until(lambda: "people/Rui.md" in w.indexed() and "was edited since vaultkit wrote it" in w.log(),
                   what="the refused rewrite")
        w.settle()
        assert daily.read_bytes() == mine
        assert w.terminate() == 0
    finally:
        w.cleanup()


def test_a_box_ticked_in_agenda_md_is_recorded_by_the_watcher(tmp_path: Path) -> None:
    """Ticking a task's box in Agenda.md (in Obsidian, a save) ticks it in its own note, with
    the day; the agenda is rewritten without it."""
    vault = write_vault(tmp_path / "vault", {"people/Ona.md": contact("ona-task"),
                                             "people/Pia.md": contact("pia-task")})
    w = Watched(vault, tmp_path).start()
    try:
        wait_until(lambda: "ona-task" in w.agenda() and "pia-task" in w.agenda(), what="the agenda")
        w.settle()
        text = w.agenda()
        line = next(x for x in text.split("\n") if "ona-task" in x and x.startswith("- [ ]"))
        (vault / "Agenda.md").write_text(text.replace(line, line.replace("- [ ]", "- [x]", 1)), encoding="utf-8")
        wait_until(lambda: "- [x] ona-task" in (vault / "people" / "Ona.md").read_text(encoding="utf-8"),
                   what="the task ticked in its note")
        wait_until(lambda: "ona-task" not in w.agenda(), what="the agenda without it")
        w.settle()
        assert (vault / "people" / "Ona.md").read_text(encoding="utf-8") == (
            f"---\ntype: contact\ncompany: Acme\n---\n- [x] ona-task 📅 {TODAY} ✅ {TODAY}\n")
        assert "pia-task" in w.agenda() and "agenda tick: task: people/Ona.md: done: ona-task" in w.log()
        assert w.terminate() == 0
    finally:
        w.cleanup()


def test_a_box_ticked_while_nothing_ran_is_recorded_when_the_watcher_starts(tmp_path: Path) -> None:
    vault = write_vault(tmp_path / "vault", {"people/Ona.md": contact("ona-task"),
                                             "people/Pia.md": contact("pia-task")})
    env = {k: v for k, v in os.environ.items() if k != "VAULTKIT_VAULT"}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    wrote = subprocess.run([*VAULTKIT, "agenda", "--write", "--vault", str(vault)], env=env,
                           capture_output=True, text=True, timeout=60)
    assert wrote.returncode == 0, wrote.stderr
    agenda = vault / "Agenda.md"
    text = agenda.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if "pia-task" in x and x.startswith("- [ ]"))
    agenda.write_text(text.replace(line, line.replace("- [ ]", "- [x]", 1)), encoding="utf-8")
    w = Watched(vault, tmp_path).start()
    try:
        wait_until(lambda: "- [x] pia-task" in (vault / "people" / "Pia.md").read_text(encoding="utf-8"),
                   what="the tick made before the start")
        wait_until(lambda: "pia-task" not in w.agenda() and "ona-task" in w.agenda(), what="the agenda")
        assert w.terminate() == 0
    finally:
        w.cleanup()


def _traced(w: Watched, *args: str) -> subprocess.CompletedProcess:
    env = dict(w.env, VAULTKIT_TRACE="1")
    return subprocess.run([*VAULTKIT, *args, "--vault", str(w.vault)], env=env, capture_output=True,
                          text=True, timeout=60)


def test_commands_trust_a_live_watcher_and_scan_when_it_stops_crashes_or_lags(tmp_path: Path) -> None:
    """With the watcher running and current, a command answers from its index without a scan,
    and still sees a note saved just before; stopped, killed with SIGKILL or stuck, the
    command scans and answers right all the same."""
    vault = write_vault(tmp_path / "vault", {"people/Ona.md": contact("ona-task")})
    w = Watched(vault, tmp_path).start()
    try:
        (vault / "people" / "Pia.md").write_text(contact("pia-task"), encoding="utf-8")
        shown = _traced(w, "show", "Pia", "--format", "json")  # saved a moment ago: in the answer
        assert shown.returncode == 0, shown.stderr
        assert "the watcher's index is current: no scan" in shown.stderr
        rescanned = subprocess.run([*VAULTKIT, "--rescan", "show", "Pia", "--vault", str(vault)],
                                   env=dict(w.env, VAULTKIT_TRACE="1"), capture_output=True, text=True, timeout=60)
        assert rescanned.returncode == 0 and "no scan" not in rescanned.stderr
        assert w.proc is not None
        os.kill(w.proc.pid, signal.SIGSTOP)  # stuck: it cannot answer
        try:
            (vault / "people" / "Rui.md").write_text(contact("rui-task"), encoding="utf-8")
            start = time.monotonic()
            stuck = _traced(w, "show", "Rui")
            assert stuck.returncode == 0 and "scanning the vault" in stuck.stderr
            assert time.monotonic() - start < 10
        finally:
            os.kill(w.proc.pid, signal.SIGCONT)
        os.kill(w.proc.pid, signal.SIGKILL)  # crashed: its lock goes with it
        w.proc.wait(timeout=10)
        (vault / "people" / "Sam.md").write_text(contact("sam-task"), encoding="utf-8")
        after = _traced(w, "show", "Sam")
        assert after.returncode == 0 and "no scan" not in after.stderr and "people/Sam.md" in after.stdout
    finally:
        w.cleanup()
    assert not list((vault / ".vaultkit" / "cookies").iterdir())  # no cookie left behind


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_named_like_a_note_never_hangs_the_watcher(tmp_path: Path) -> None:
    vault = write_vault(tmp_path / "vault", {"people/Ona.md": contact("ona")})
    w = Watched(vault, tmp_path).start()
    try:
        os.mkfifo(vault / "people" / "pipe.md")
        (vault / "people" / "Pia.md").write_text(contact("pia-task"), encoding="utf-8")
        wait_until(lambda: "people/Pia.md" in w.indexed(), what="the edit after the FIFO")
        (vault / "people" / "Rui.md").write_text(contact("rui-task"), encoding="utf-8")
        wait_until(lambda: "people/Rui.md" in w.indexed(), what="the next edit")
        assert "people/pipe.md" not in w.indexed()
        assert w.terminate() == 0
    finally:
        w.cleanup()


def test_a_second_watch_on_the_same_vault_refuses(tmp_path: Path) -> None:
    vault = write_vault(tmp_path / "vault", {"people/Ona.md": contact("ona")})
    w = Watched(vault, tmp_path).start()
    try:
        second = w.cli("watch")
        assert second.returncode == 1
        assert f"already running (pid {w.proc.pid})" in second.stderr
        assert w.terminate() == 0
    finally:
        w.cleanup()


# -- in-process: the day change, service files, event filtering --------------------------------

def test_the_agenda_is_rewritten_at_midnight(make_vault, caplog: pytest.LogCaptureFixture) -> None:
    vault = make_vault({"people/Pia.md": "---\ntype: contact\nbirthday: 1990-01-15\n---\n"})
    boundary = time.time() + 1.0

    def today() -> dt.date:
        return dt.date(2027, 1, 14) if time.time() < boundary else dt.date(2027, 1, 15)

    def midnight(now: float) -> float:
        return boundary if now < boundary else now + 3600

    watcher = Watcher(load_config(vault), today=today, midnight=midnight)
    caplog.set_level("INFO", logger="vaultkit.watch")

    def serve() -> None:  # the index connection belongs to the thread that opens it
        watcher.start()
        try:
            watcher.run()
        finally:
            watcher.close()

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        agenda = vault / "Agenda.md"
        wait_until(agenda.exists, 5, "the first agenda")
        assert "agenda_date: 2027-01-14" in agenda.read_text(encoding="utf-8")
        wait_until(lambda: "agenda_date: 2027-01-15" in agenda.read_text(encoding="utf-8"), 5, "the new day")
        assert time.time() >= boundary
        assert "turns 37" in agenda.read_text(encoding="utf-8")
    finally:
        watcher.stop()
        thread.join(10)
    assert not thread.is_alive()
    assert any("new day 2027-01-15" in r.getMessage() for r in caplog.records)


def test_next_midnight_is_the_next_local_midnight() -> None:
    now = time.time()
    midnight = next_midnight(now)
    assert now < midnight <= now + 25 * 3600
    local = dt.datetime.fromtimestamp(midnight)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    assert local.date() == dt.datetime.fromtimestamp(now).date() + dt.timedelta(days=1)


def test_which_events_matter(make_vault) -> None:
    vault = make_vault({})
    w = Watcher(load_config(vault))
    try:
        root = str(vault)
        note = w.classify(f"{root}/people/Ada.md", False)
        assert note == "note"
        for ignored in ("people/Ada.md.swp", "people/.Ada.md.swp", "people/Ada.md~", "people/4913",
                        "people/.#Ada.md", ".git/x.md", ".obsidian/a.md", ".vaultkit/templates/c.md",
                        "Agenda.md", "people/photo.jpg", ".trash/old.md"):
            assert w.classify(f"{root}/{ignored}", False) is None, ignored
        assert w.classify(f"{root}/.vaultkit/config.yaml", False) == "config"
        assert w.classify(f"{root}/people", True) == "dir"
        assert w.classify(root, True) == "dir"
        assert w.classify(f"{root}/.git/objects", True) is None
        assert w.classify(f"{vault.parent}/elsewhere.md", False) is None
    finally:
        w.close()


def test_install_writes_a_systemd_unit_and_enables_nothing(make_vault, private_dirs: Path) -> None:
    vault = make_vault({})
    result = CliRunner().invoke(cli, ["daemon", "install", "--kind", "systemd", "--vault", str(vault)])
    assert result.exit_code == 0, result.output
    unit = private_dirs / "config" / "systemd" / "user" / "vaultkit-vault.service"
    text = unit.read_text()
    assert f"ExecStart={sys.executable} -m vaultkit watch --vault {vault}" in text
    assert f"Environment=XDG_CACHE_HOME={private_dirs / 'cache'}" in text
    assert "WantedBy=default.target" in text
    assert "systemctl --user enable --now vaultkit-vault.service" in result.output
    again = CliRunner().invoke(cli, ["daemon", "install", "--kind", "systemd", "--vault", str(vault)])
    assert again.exit_code == 0  # same content: fine
    unit.write_text("[Service]\nExecStart=/bin/true\n")
    refused = CliRunner().invoke(cli, ["daemon", "install", "--kind", "systemd", "--vault", str(vault)])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert unit.read_text() == "[Service]\nExecStart=/bin/true\n"


def test_install_writes_a_launchd_plist(make_vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import plistlib

    vault = make_vault({})
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(cli, ["daemon", "install", "--kind", "launchd", "--vault", str(vault)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "home" / "Library" / "LaunchAgents" / "com.vaultkit.vault.plist"
    data = plistlib.loads(path.read_bytes())
    assert data["ProgramArguments"] == [sys.executable, "-m", "vaultkit", "watch", "--vault", str(vault)]
    assert data["RunAtLoad"] is True
    assert f"launchctl load -w {path}" in result.output


def test_a_failing_autosync_is_logged_and_the_watcher_goes_on(make_vault, caplog: pytest.LogCaptureFixture) -> None:
    vault = make_vault({"people/Ola.md": contact("ola")})  # not a git repository: the sync fails
    caplog.set_level("INFO", logger="vaultkit.watch")
    watcher = Watcher(load_config(vault), autosync_minutes=1)
    try:
        watcher._autosync()
        assert watcher._sync_thread is not None
        watcher._sync_thread.join(30)
    finally:
        watcher.close()
    assert any(r.getMessage().startswith("autosync failed: ") for r in caplog.records)


def test_the_daemons_files_are_private(make_vault, monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultkit.watch import watcher
    from vaultkit.watch.daemon import InstanceLock, files

    config = load_config(make_vault({}))
    f = files(config)
    old = os.umask(0o022)
    try:
        f.pid.write_text("1\n")  # left by an older vaultkit, readable by all
        f.pid.chmod(0o644)
        with InstanceLock(config):
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (f.pid, f.lock)}
        monkeypatch.setattr(watcher, "LOG_MAX_BYTES", 300)
        log = watcher.setup_logging(f.log, to_stderr=False)
        try:
            for i in range(20):
                log.info("refresh %d: a line long enough to make the log turn over", i)
        finally:
            for handler in list(log.handlers):
                log.removeHandler(handler)
                handler.close()
    finally:
        os.umask(old)
    rotated = f.log.with_name(f.log.name + ".1")
    assert rotated.exists()
    modes.update({p.name: stat.S_IMODE(p.stat().st_mode) for p in (f.log, rotated)})
    assert modes == {"daemon.pid": 0o600, "daemon.lock": 0o600, "daemon.log": 0o600, "daemon.log.1": 0o600}


def test_stop_and_status_without_a_daemon(make_vault, run) -> None:
    vault = make_vault({})
    stopped = run("daemon", "stop", vault=vault)
    assert stopped.exit_code == 0 and "not running" in stopped.output
    status = run("daemon", "status", vault=vault)
    assert status.exit_code == 1
    assert status.output.splitlines()[:2] == ["not running", "last refresh: never"]
