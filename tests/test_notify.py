"""`vaultkit watch --notify`: the morning notification, its timing, and the notifiers.

The real-process tests stand a small script in for `notify-send` (first on PATH): it
appends its arguments to a file, one JSON list per call.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
import time
from pathlib import Path

import pytest

from vaultkit.config import load_config
from vaultkit.engines.results import Agenda, Birthday, FollowUp, Introduction, Prepare, Reconnect, Task
from vaultkit.errors import ConfigError
from vaultkit.watch import morning, notify
from vaultkit.watch.watcher import Watcher

from .conftest import write_vault
from .test_daemon import TODAY, Watched, wait_until

TITLE = "vaultkit: your network today"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="notify-send is the Linux notifier")


def day(offset: int) -> str:
    return (dt.date.fromisoformat(TODAY) + dt.timedelta(days=offset)).isoformat()


def month_day(offset: int) -> str:
    return "--" + day(offset)[5:]


# -- the summary ---------------------------------------------------------------------------------

def follow_up(name: str, due: str) -> FollowUp:
    return FollowUp(name, f"people/{name}.md", None, None, None, due, False, "en", [], "Hi")


def task(text: str, due: str, *contacts: str) -> Task:
    return Task(text, due, due < "2027-01-14", "people/x.md", 5, list(contacts), [])


def test_the_summary_counts_what_is_due_today_and_names_the_first_people() -> None:
    agenda = Agenda(
        "2027-01-14", 7,
        follow_up=[follow_up("Ada Okafor", "2027-01-14"), follow_up("Léa Moreau", "2027-01-12"),
                   follow_up("Zed Later", "2027-01-16")],  # listed, but due in two days
        reconnect=[Reconnect("Omar Siddiqui", "people/Omar.md", None, 30, "2027-01-14", 0, 1.0, None)],
        prepare=[Prepare("Tomorrow's dinner", "events/d.md", "2027-01-15", None, None, None, None,
                         [], [], [], [], [])],
        tasks=[task("send the deck", "2027-01-10", "Léa Moreau"), task("call", "2027-01-14", "Ada Okafor"),
               task("my own", "2027-01-14"), task("later", "2027-01-20", "Zed Later")],
        birthdays=[Birthday("Pia Nowak", "people/Pia.md", "2027-01-14", 37, "Happy birthday")],
        introductions=[Introduction("Ada Okafor", "Omar Siddiqui", None, None, 3, [], None)],
    )
    assert morning.summary(agenda) == (
        "2 follow-ups, 1 to reconnect with, 3 tasks due, 1 birthday: Ada Okafor, Léa Moreau, Omar Siddiqui…")
    assert list(morning.due_today(agenda)) == ["follow_up", "reconnect", "tasks", "birthdays"]


def test_the_summary_of_one_item_and_of_nothing_due() -> None:
    today = Prepare("Breakfast", "events/b.md", "2027-01-14", "08:30", None, None, None, [], [], [], [], [])
    assert morning.summary(Agenda("2027-01-14", 7, prepare=[today])) == "1 event today: Breakfast"
    later = Agenda("2027-01-14", 7, follow_up=[follow_up("Ada Okafor", "2027-01-15")],
                   birthdays=[Birthday("Pia Nowak", "people/Pia.md", "2027-01-18", None, "Happy birthday")],
                   introductions=[Introduction("Ada Okafor", "Pia Nowak", None, None, 3, [], None)])
    assert morning.summary(later) is None
    assert morning.summary(Agenda("2027-01-14", 7)) is None


# -- when --------------------------------------------------------------------------------------

def test_when_the_notification_is_due() -> None:
    jan14 = dt.date(2027, 1, 14)
    at = dt.datetime(2027, 1, 14, 7, 59, 59)
    assert not morning.is_due(at, jan14, None, "08:00")
    assert morning.next_check(at, jan14, None, "08:00") == dt.datetime(2027, 1, 14, 8, 0)
    assert morning.is_due(at + dt.timedelta(seconds=1), jan14, None, "08:00")
    assert morning.is_due(at, jan14, "2027-01-13", "07:30")  # a new day, the hour passed
    assert not morning.is_due(at, jan14, "2027-01-14", "07:30")  # shown today already
    assert morning.next_check(at, jan14, "2027-01-14", "07:30") == dt.datetime(2027, 1, 15, 7, 30)
    assert morning.next_check(at, jan14, "2027-01-13", "07:30") == at  # now


def test_the_day_shown_is_kept_privately(tmp_path: Path) -> None:
    path = tmp_path / "notified"
    assert morning.read_shown(path) is None
    morning.remember(path, "2027-01-14")
    assert morning.read_shown(path) == "2027-01-14"
    assert path.stat().st_mode & 0o777 == 0o600
    path.write_text("garbage\n")
    assert morning.read_shown(path) is None


def test_notify_at_in_the_config(make_vault) -> None:
    assert load_config(make_vault({})).notify_at == "08:00"
    assert load_config(make_vault({}, "notify_at: 7:30\n", name="a")).notify_at == "07:30"  # YAML: 450
    assert load_config(make_vault({}, "notify_at: '18:05'\n", name="b")).notify_at == "18:05"
    for i, bad in enumerate(("25:00", "8h", "730", "[8, 0]")):
        with pytest.raises(ConfigError, match=r"config.yaml:2: `notify_at` must be a time of day like 08:00"):
            load_config(make_vault({}, f"me: Sam\nnotify_at: {bad}\n", name=f"bad{i}"))


# -- the notifiers -------------------------------------------------------------------------------

def test_the_notifier_of_each_platform_gets_the_text_as_arguments() -> None:
    body = '1 task due: Ann "the \\ quoter" O\'Neil; $(rm -rf ~)'
    assert notify.command(TITLE, body, "linux") == ["notify-send", TITLE, body]
    mac = notify.command(TITLE, body, "darwin")
    assert mac is not None and mac[0] == "osascript" and mac[-2:] == [TITLE, body]
    script = "\n".join(mac[2:-2:2])
    assert mac[1:-2:2] == ["-e"] * 3 and script.startswith("on run argv") and "quoter" not in script
    assert "display notification (item 2 of argv) with title (item 1 of argv)" in script
    assert notify.command(TITLE, body, "win32") is None
    assert notify.send(TITLE, body, "win32") is False


def fake_notifier(folder: Path, calls: Path, status: int = 0, name: str = "notify-send") -> Path:
    """An executable ``name`` in ``folder`` that appends its arguments to ``calls`` and exits ``status``."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f"#!{sys.executable}\nimport json, sys\n"
                      f"with open({str(calls)!r}, 'a', encoding='utf-8') as fh:\n"
                      "    fh.write(json.dumps(sys.argv[1:]) + '\\n')\n"
                      f"if {status}:\n    sys.stderr.write('no session bus\\n')\nsys.exit({status})\n",
                      encoding="utf-8")
    script.chmod(0o755)
    return folder


def called(calls: Path) -> list[list[str]]:
    try:
        return [json.loads(line) for line in calls.read_text(encoding="utf-8").splitlines()]
    except FileNotFoundError:
        return []


@linux_only
def test_send_runs_notify_send_and_says_why_it_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = tmp_path / "calls"
    monkeypatch.setenv("PATH", str(fake_notifier(tmp_path / "ok", calls)))
    assert notify.send(TITLE, "1 task due", "linux") is True
    assert called(calls) == [[TITLE, "1 task due"]]
    monkeypatch.setenv("PATH", str(fake_notifier(tmp_path / "failing", calls, status=1)))
    with pytest.raises(notify.NotifyFailed, match=r"^notify-send failed \(exit status 1\): no session bus$"):
        notify.send(TITLE, "1 task due", "linux")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(notify.NotifyFailed, match="^notify-send not found"):
        notify.send(TITLE, "1 task due", "linux")


# -- in process: the hour waited for -------------------------------------------------------------

def test_the_watcher_waits_for_notify_at_then_notifies_once(make_vault, caplog: pytest.LogCaptureFixture) -> None:
    vault = make_vault({"people/Ada Okafor.md": "---\ntype: contact\n---\n- [ ] call Ada 📅 2027-01-14\n"})
    start, t0 = dt.datetime(2027, 1, 14, 7, 59, 58, 500_000), time.monotonic()

    def now() -> dt.datetime:  # 1.5 s before 08:00, then running as the real clock
        return start + dt.timedelta(seconds=time.monotonic() - t0)

    shown: list[tuple[str, str]] = []
    watcher = Watcher(load_config(vault), notify=True, today=lambda: dt.date(2027, 1, 14), now=now,
                      notifier=lambda title, body: bool(shown.append((title, body))) or True)
    caplog.set_level("INFO", logger="vaultkit.watch")

    def serve() -> None:
        watcher.start()
        try:
            watcher.run()
        finally:
            watcher.close()

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        wait_until(lambda: any("waits until 08:00" in r.getMessage() for r in caplog.records), 10, "the wait")
        assert shown == []
        wait_until(lambda: shown, 10, "the notification")
        assert now() >= dt.datetime(2027, 1, 14, 8, 0)
        time.sleep(1.0)
        assert shown == [(TITLE, "1 task due: Ada Okafor")]
    finally:
        watcher.stop()
        thread.join(10)
    assert not thread.is_alive()
    assert morning.read_shown(watcher._shown_file()) == "2027-01-14"
    assert [r.getMessage() for r in caplog.records if "notif" in r.getMessage()] == [
        "notification: waits until 08:00", "notified: 1 task due: Ada Okafor"]
    # the next day, started after the hour: shown at once
    nextday = Watcher(load_config(vault), notify=True, today=lambda: dt.date(2027, 1, 15),
                      now=lambda: dt.datetime(2027, 1, 15, 9, 0),
                      notifier=lambda title, body: bool(shown.append((title, body))) or True)
    try:
        nextday.start()
    finally:
        nextday.close()
    assert shown[1:] == [(TITLE, "1 task due: Ada Okafor")]  # overdue now, still due
    assert morning.read_shown(nextday._shown_file()) == "2027-01-15"


# -- real processes ------------------------------------------------------------------------------

DUE = {
    # a follow-up date today, an overdue task (about Léa), a task due today and a birthday today
    # (Ada); a task and a birthday later this week: in the agenda, not in the notification
    "people/Léa Moreau.md": f"---\ntype: contact\nfollow_up: {TODAY}\n---\n- [ ] send Léa the deck 📅 {day(-3)}\n",
    "people/Ada Okafor.md": f"---\ntype: contact\nbirthday: '{month_day(0)}'\n---\n- [ ] call Ada 📅 {TODAY}\n",
    "people/Bo Later.md": f"---\ntype: contact\nbirthday: '{month_day(2)}'\n---\n- [ ] ask Bo 📅 {day(3)}\n",
}


def watched(tmp_path: Path, files: dict[str, str], config: str, path: str | None = None) -> tuple[Watched, Path]:
    vault = write_vault(tmp_path / "vault", files, config=config)
    calls = tmp_path / "calls"
    w = Watched(vault, tmp_path, "--notify")
    w.env["PATH"] = path if path is not None else f"{fake_notifier(tmp_path / 'bin', calls)}{os.pathsep}{w.env['PATH']}"
    return w, calls


def lines(w: Watched, text: str) -> list[str]:
    return [line for line in w.log().splitlines() if text in line]


@linux_only
def test_watch_notify_shows_what_is_due_once_a_day(tmp_path: Path) -> None:
    w, calls = watched(tmp_path, DUE, "me: Sam\nnotify_at: '00:00'\n")
    try:
        w.start()
        wait_until(lambda: called(calls), what="the notification")
        agenda = json.loads(w.cli("agenda", "--format", "json").stdout)
        due = {name: [i for i in agenda[name] if (i.get("due") or i.get("date")) <= TODAY]
               for name in ("follow_up", "tasks", "birthdays")}
        assert [len(agenda[n]) for n in due] == [1, 3, 2]  # the agenda also lists the coming days
        assert [len(items) for items in due.values()] == [1, 2, 1]
        assert called(calls) == [[TITLE, "1 follow-up, 2 tasks due, 1 birthday: Léa Moreau, Ada Okafor"]]
        assert lines(w, "notified: ") and w.terminate() == 0
        # restarted the same day, in the background this time: nothing again
        started = w.cli("daemon", "start", "--notify")
        assert started.returncode == 0, started.stderr
        wait_until(lambda: lines(w, "notification: already shown today"), what="the decision")
        assert w.cli("daemon", "stop").returncode == 0
    finally:
        w.cleanup()
        w.cli("daemon", "stop")
    assert len(called(calls)) == 1
    assert (w.cache / "notified").read_text() == f"{TODAY}\n"


@linux_only
def test_watch_notify_with_nothing_due_shows_nothing(tmp_path: Path) -> None:
    w, calls = watched(tmp_path, {"people/Bo Later.md": DUE["people/Bo Later.md"]}, "me: Sam\nnotify_at: '00:00'\n")
    try:
        w.start()
        wait_until(lambda: lines(w, "notification: nothing due today"), what="the decision")
        assert "ask Bo" in w.agenda()
        assert w.terminate() == 0
    finally:
        w.cleanup()
    assert not calls.exists()


@linux_only
def test_a_failing_notifier_is_one_warning_and_the_watcher_goes_on(tmp_path: Path) -> None:
    w, calls = watched(tmp_path, DUE, "me: Sam\nnotify_at: '00:00'\n")
    fake_notifier(tmp_path / "bin", calls, status=1)
    try:
        w.start()
        wait_until(lambda: lines(w, "warning: notification not shown"), what="the warning")
        (w.vault / "people" / "Cy New.md").write_text(f"---\ntype: contact\n---\n- [ ] cy-task 📅 {TODAY}\n",
                                                      encoding="utf-8")
        wait_until(lambda: "cy-task" in w.agenda(), what="the refresh after the failure")
        w.settle()
        assert w.proc.poll() is None
        assert w.terminate() == 0
    finally:
        w.cleanup()
    assert [line[20:] for line in lines(w, "notification not shown")] == [
        "warning: notification not shown: notify-send failed (exit status 1): no session bus"]
    assert len(called(calls)) == 1  # tried once, never again


@linux_only
def test_a_missing_notifier_is_one_warning(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    w, _ = watched(tmp_path, DUE, "me: Sam\nnotify_at: '00:00'\n", path=str(empty))
    try:
        w.start()
        wait_until(lambda: lines(w, "notification not shown"), what="the warning")
        w.settle()
        assert w.proc.poll() is None and w.terminate() == 0
    finally:
        w.cleanup()
    assert [line[20:] for line in lines(w, "notification not shown")] == [
        "warning: notification not shown: notify-send not found (install libnotify, e.g. the libnotify-bin package)"]


@linux_only
def test_notify_at_later_today_waits(tmp_path: Path) -> None:
    later = dt.datetime.now() + dt.timedelta(hours=2)
    if later.date() != dt.date.today():
        pytest.skip("two hours from now is tomorrow: the in-process test covers the wait")
    at = later.strftime("%H:%M")
    w, calls = watched(tmp_path, DUE, f"me: Sam\nnotify_at: '{at}'\n")
    try:
        w.start()
        wait_until(lambda: lines(w, f"notification: waits until {at}"), what="the wait")
        w.settle()
        assert w.proc.poll() is None and w.terminate() == 0
    finally:
        w.cleanup()
    assert not calls.exists() and not (w.cache / "notified").exists()
