"""Faults a real machine has: a full disk, a writer killed with SIGKILL in the middle of a write.

The full-disk cases mount a small tmpfs (a size-limited file system), which needs root and the
`mount` command; elsewhere they are skipped, saying why.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_VAULT

VAULTKIT = [sys.executable, "-c", "from vaultkit.cli.main import main; main()"]


def _can_mount() -> str | None:
    if not sys.platform.startswith("linux"):
        return "a size-limited tmpfs needs Linux"
    if os.geteuid() != 0:
        return "mounting a small tmpfs needs root"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return "no mount command"
    return None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MiB file system of its own, unmounted afterwards: the example vault, its index and
    the fresh copy `index --verify` builds beside it fit once the filler is gone."""
    why = _can_mount()
    if why:
        pytest.skip(why)
    where = tmp_path / "disk"
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(where)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path, leave: int = 0) -> Path:
    """Take every free byte of ``disk`` but about ``leave``."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        for size in (65536, 4096, 512, 1):
            while True:
                stat = os.statvfs(disk)
                if leave and stat.f_bavail * stat.f_frsize - size < leave:
                    break
                try:
                    os.write(fd, b"\0" * size)
                except OSError:
                    break
    finally:
        os.close(fd)
    return filler


def _run(vault: Path, *args: str, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    return subprocess.run([*VAULTKIT, "--vault", str(vault), *args], capture_output=True, text=True,
                          env=env, timeout=120)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


WRITES = [
    ("log", ["log", "Ada Okafor", "Call: talked about the pilot"]),
    ("new contact", ["new", "contact", "Zoé Zimmer"]),
    ("done", ["done", "Ada Okafor"]),
    ("snooze", ["snooze", "Ada Okafor", "--until", "2027-01-10"]),
    ("agenda --write", ["agenda", "--date", "2026-11-30", "--write"]),
]


@pytest.mark.parametrize("name,args", WRITES, ids=[w[0] for w in WRITES])
def test_a_write_on_a_full_disk_changes_nothing_and_says_so(small_disk: Path, tmp_path: Path, name: str,
                                                            args: list[str]) -> None:
    vault = small_disk / "vault"
    shutil.copytree(EXAMPLE_VAULT, vault)
    cache = tmp_path / "cache"  # the index has room: only the vault's disk is full
    assert _run(vault, "index", cache=cache).returncode == 0
    _fill(small_disk)
    before = _tree(vault)
    done = _run(vault, *args, cache=cache)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0] and "nothing was changed" in lines[0]
    assert "Traceback" not in done.stderr
    assert _tree(vault) == before  # no byte changed, no temporary file left behind


def test_an_index_on_a_full_disk_says_so_and_is_whole_once_there_is_room(small_disk: Path) -> None:
    vault = small_disk / "vault"
    shutil.copytree(EXAMPLE_VAULT, vault)
    cache = small_disk / "cache"
    filler = _fill(small_disk, leave=48 * 1024)  # room for the files SQLite opens, not for the rows
    before = _tree(vault)
    for args in (["index"], ["agenda", "--date", "2026-11-30"], ["show", "Ada Okafor"], ["check"]):
        failed = _run(vault, *args, cache=cache)
        assert failed.returncode == 1, (args, failed.stdout, failed.stderr)
        lines = failed.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: cannot write the index "), failed.stderr
        assert "disk is full" in lines[0] and "the vault was not changed" in lines[0]
    assert _tree(vault) == before
    filler.unlink()
    assert _run(vault, "index", cache=cache).returncode == 0
    verified = _run(vault, "index", "--verify", cache=cache)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    shown = _run(vault, "show", "Ada Okafor", cache=cache)
    assert shown.returncode == 0 and "Ada Okafor" in shown.stdout


@pytest.mark.parametrize("room_kb", [256, 768, 1024, 1536])
def test_verify_on_a_full_disk_says_so_in_one_line(small_disk: Path, room_kb: int) -> None:
    """Whenever the fresh copy `index --verify` builds beside the index runs out of room (in
    its tables, or at its commit): one line, no traceback; with room again, it verifies."""
    vault = small_disk / "vault"
    shutil.copytree(EXAMPLE_VAULT, vault)
    cache = small_disk / "cache"
    assert _run(vault, "index", cache=cache).returncode == 0
    filler = _fill(small_disk, leave=room_kb * 1024)
    verified = _run(vault, "index", "--verify", cache=cache)
    assert "Traceback" not in verified.stderr, verified.stderr
    if verified.returncode != 0:
        lines = verified.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: cannot write the index "), verified.stderr
    filler.unlink()
    assert _run(vault, "index", "--verify", cache=cache).returncode == 0


WRITER = """
import sys
from pathlib import Path
from vaultkit.notes.writer import append_section
path = Path(sys.argv[1])
for i in range(100000):
    append_section(path, f"2026-11-{i % 28 + 1:02d} Call {i}", f"Talked about part {i}. " * 40)
    print(i, flush=True)
"""


def test_a_writer_killed_mid_write_leaves_the_old_or_the_new_note_whole(tmp_path: Path) -> None:
    note = tmp_path / "people" / "Ada Okafor.md"
    note.parent.mkdir()
    head = "---\ntype: contact\nemail: ada@example.org\n---\n# Ada Okafor\n\n" + "Met at the fair.\n" * 4000
    note.write_text(head, encoding="utf-8")
    rng = random.Random(7)
    kills = 0
    for _ in range(20):
        before = note.read_bytes()
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(note)], stdout=subprocess.PIPE, text=True,
                                  env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1])))
        assert writer.stdout is not None
        writer.stdout.readline()  # one write done: the next ones are under way
        time.sleep(rng.uniform(0.0, 0.05))
        writer.send_signal(signal.SIGKILL)
        confirmed = [int(line) for line in writer.stdout.read().split()]
        writer.wait()
        kills += 1
        after = note.read_text(encoding="utf-8")
        assert after.startswith(before.decode("utf-8"))  # nothing written before was lost
        added = after[len(before):]
        sections = added.split("\n## ")[1:]
        last = confirmed[-1] if confirmed else 0
        # every section is whole: its heading and its 40 sentences, in order, none twice
        numbers = []
        for section in sections:
            heading, _, body = section.partition("\n")
            number = int(heading.rsplit(" ", 1)[1])
            assert body.strip() == (f"Talked about part {number}. " * 40).strip()
            numbers.append(number)
        assert numbers == list(range(len(numbers)))
        assert last + 1 <= len(numbers) <= last + 2  # the confirmed ones, and perhaps the one killed
        assert not [p for p in note.parent.iterdir() if p.name.endswith(".md") and p != note]
    assert kills == 20
    # what the killed writes left is named after the note, and `check` says so once it is old
    left = [p for p in note.parent.iterdir() if p != note]
    assert left and all(p.name.startswith(".Ada Okafor.md.vaultkit-") for p in left)
    (tmp_path / ".vaultkit").mkdir()
    for p in left:
        os.utime(p, (time.time() - 120, time.time() - 120))
    checked = _run(tmp_path, "check", "--format", "json", cache=tmp_path / "cache")
    reported = {i["path"]: i["message"] for i in json.loads(checked.stdout)}
    for p in left:
        message = reported[str(p.relative_to(tmp_path))]
        assert message.startswith("a copy of Ada Okafor.md left by a write that was interrupted")
    assert len(left) == sum("interrupted" in m for m in reported.values())
