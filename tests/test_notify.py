"""`vaultkit watch --notify`: the morning notification, its timing, and the notifiers.

A small script stands in for `notify-send` (first on PATH): it appends its arguments
to a file, one JSON list per call.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from vaultkit.config import load_config
from vaultkit.engines.results import Agenda, Birthday, FollowUp, Introduction, Prepare, Reconnect, Task
from vaultkit.errors import ConfigError
from vaultkit.watch import morning, notify

from .test_daemon import TODAY

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
