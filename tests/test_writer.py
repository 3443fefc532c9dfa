"""The vault writer: minimal, atomic edits that refuse when the file changed or is broken."""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from vaultkit.config import Config
from vaultkit.errors import WriteRefused
from vaultkit.notes import writer
from vaultkit.notes.reader import Reader

from .conftest import save_during_write

REPO = Path(__file__).resolve().parents[1]
NOTE = "---\ntype: contact\nname: Ada\ntags: [a, b]\n---\n# Ada\n\n## 2026-01-01 Call\nhello\n"


def test_append_section_keeps_everything_else(tmp_path: Path) -> None:
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    writer.append_section(path, "2026-11-26 Coffee", "Talked about engines.")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(NOTE)
    assert after[len(NOTE):] == "\n## 2026-11-26 Coffee\nTalked about engines.\n"
    note = Reader(Config(vault=tmp_path)).read_text("people/Ada.md", after)
    assert [s.date for s in note.sections] == ["2026-01-01", "2026-11-26"]


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "Ada.md"
    raw = b"\xef\xbb\xbf" + NOTE.replace("\n", "\r\n").encode()
    path.write_bytes(raw)
    writer.append_section(path, "2026-11-26 Call", "x")
    writer.set_fields(path, {"snooze": "2026-12-01"})
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and b"\n" not in after.replace(b"\r\n", b"")
    assert after.endswith(b"## 2026-11-26 Call\r\nx\r\n")
    assert b"snooze: '2026-12-01'\r\n---\r\n" in after or b"snooze: 2026-12-01\r\n---" in after


def test_set_fields_replaces_only_its_line(tmp_path: Path) -> None:
    path = tmp_path / "Ada.md"
    path.write_text("---\nname: Ada\nsnooze_until: 2026-01-01\ntags:\n  - a\n  - b\nz: 1\n---\nbody\n",
                    encoding="utf-8")
    assert writer.set_fields(path, {"snooze": "2026-12-01"}, spellings={"snooze": {"snooze_until"}}) == ["snooze"]
    assert path.read_text(encoding="utf-8") == (
        "---\nname: Ada\nsnooze_until: '2026-12-01'\ntags:\n  - a\n  - b\nz: 1\n---\nbody\n")
    writer.set_fields(path, {"tags": ["x"]})
    expected = "---\nname: Ada\nsnooze_until: '2026-12-01'\ntags: [x]\nz: 1\n---\nbody\n"
    assert path.read_text(encoding="utf-8") == expected
    assert writer.set_fields(path, {"name": "Other", "email": "a@b.c"}, only_missing=True) == ["email"]
    assert "name: Ada\n" in path.read_text(encoding="utf-8")


def test_set_fields_without_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "Ada.md"
    path.write_text("# Ada\nplain\n", encoding="utf-8")
    writer.set_fields(path, {"type": "contact"})
    assert path.read_text(encoding="utf-8") == "---\ntype: contact\n---\n# Ada\nplain\n"


@pytest.mark.parametrize("broken", ["---\nname: [Ada\n---\nbody\n", "---\nname: Ada\nbody\n", "---\n- a\n---\n"])
@pytest.mark.parametrize("edit", ["append", "set"])
def test_refuses_when_note_does_not_parse(tmp_path: Path, broken: str, edit: str) -> None:
    path = tmp_path / "Ada.md"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(WriteRefused, match="nothing was written"):
        if edit == "append":
            writer.append_section(path, "2026-11-26 x", "y")
        else:
            writer.set_fields(path, {"snooze": "2026-12-01"})
    assert path.read_text(encoding="utf-8") == broken
    assert [p.name for p in tmp_path.iterdir()] == ["Ada.md"]  # no temp file left


@pytest.mark.parametrize("edit", ["append", "set"])
def test_an_edit_is_made_again_on_a_note_saved_during_it(tmp_path: Path, edit: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    # another program saves the note between vaultkit's read and its write, once
    save_during_write(monkeypatch, path, lambda raw: (NOTE + "user typing\n").encode("utf-8"))
    _edit(path, edit)
    after = path.read_text(encoding="utf-8")
    assert after.count("user typing\n") == 1 and _edited(after, edit)
    assert [p.name for p in tmp_path.iterdir()] == ["Ada.md"]


@pytest.mark.parametrize("edit", ["append", "set"])
def test_refuses_when_the_note_keeps_changing(tmp_path: Path, edit: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    real_commit = writer.Snapshot.commit

    def commit_after_someone_typed(self: writer.Snapshot, new_text: str) -> None:
        with open(path, "a", encoding="utf-8") as fh:  # every time
            fh.write("user typing\n")
        real_commit(self, new_text)

    monkeypatch.setattr(writer.Snapshot, "commit", commit_after_someone_typed)
    monkeypatch.setattr(writer, "RETRY_SECONDS", 0)
    with pytest.raises(WriteRefused, match="changed while being edited; nothing was written"):
        _edit(path, edit)
    assert path.read_text(encoding="utf-8") == NOTE + "user typing\n" * writer.ATTEMPTS
    assert [p.name for p in tmp_path.iterdir()] == ["Ada.md"]


def _edit(path: Path, edit: str) -> None:
    if edit == "append":
        writer.append_section(path, "2026-11-26 x", "y")
    else:
        writer.set_fields(path, {"snooze": "2026-12-01"})


def _edited(text: str, edit: str) -> bool:
    if edit == "append":
        return text.count("\n## 2026-11-26 x\ny\n") == 1
    return text.count("snooze: '2026-12-01'\n") == 1 and text.startswith("---\ntype: contact\n")


def test_refuses_when_file_deleted(tmp_path: Path) -> None:
    with pytest.raises(WriteRefused, match="does not exist"):
        writer.append_section(tmp_path / "gone.md", "x", "y")


def test_file_mode_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    path.chmod(0o640)
    writer.append_section(path, "2026-11-26 x", "y")
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)],
                         ids=["022", "027", "077", "002"])
def test_a_new_file_follows_the_umask_like_an_editors(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        note = writer.create_note(tmp_path, "people", "Ada", "x\n")
        writer.write_generated(tmp_path / "Agenda.md", "---\ngenerated_by: vaultkit\n---\nhello\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(note.stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "Agenda.md").stat().st_mode) == mode


def test_an_edit_goes_through_symlinks_to_the_file(tmp_path: Path) -> None:
    real = tmp_path / "store" / "Ada.md"
    real.parent.mkdir()
    real.write_text(NOTE, encoding="utf-8")
    real.chmod(0o640)
    middle = tmp_path / "middle.md"
    middle.symlink_to("store/Ada.md")  # a chain of relative links
    link = tmp_path / "people" / "Ada.md"
    link.parent.mkdir()
    link.symlink_to("../middle.md")
    writer.append_section(link, "2026-11-26 x", "y")
    writer.set_fields(link, {"snooze": "2026-12-01"})
    assert link.is_symlink() and os.readlink(link) == "../middle.md" and os.readlink(middle) == "store/Ada.md"
    text = real.read_text(encoding="utf-8")
    assert _edited(text, "append") and _edited(text, "set")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in real.parent.iterdir()) == ["Ada.md"]
    assert sorted(p.name for p in link.parent.iterdir()) == ["Ada.md"]


def test_a_generated_note_behind_a_symlink_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "Agenda-real.md"
    writer.write_generated(real, "---\ngenerated_by: vaultkit\n---\nhello\n")
    link = tmp_path / "Agenda.md"
    link.symlink_to(real.name)
    assert writer.write_generated(link, "---\ngenerated_by: vaultkit\n---\nnew agenda\n") is True
    assert link.is_symlink() and real.read_text(encoding="utf-8").endswith("new agenda\n")


@pytest.mark.parametrize("name", ["../../etc/passwd", "CON", "a/b\\c", "nul.txt", "x\x00y", "é" * 30000,
                                  "..", ".", "", "\x1b[31mred", "  spaced  out  "])
def test_create_note_stays_inside_and_never_clobbers(tmp_path: Path, name: str) -> None:
    vault = tmp_path / "vault"
    (vault / "people").mkdir(parents=True)
    first = writer.create_note(vault, "people", name, "one\n")
    second = writer.create_note(vault, "people", name, "two\n")
    for path in (first, second):
        assert path.parent == vault / "people"
        assert "/" not in path.name[:-3] and "\x00" not in path.name and len(path.name.encode()) <= 255
        assert path.name.split(".")[0].lower() not in {"con", "nul", ""}
    assert first != second
    assert first.read_text(encoding="utf-8") == "one\n" and second.read_text(encoding="utf-8") == "two\n"


def test_create_note_refuses_folder_outside_vault(tmp_path: Path) -> None:
    with pytest.raises(WriteRefused, match="outside the vault"):
        writer.create_note(tmp_path / "vault", "../elsewhere", "x", "y")


def test_note_text_round_trips(tmp_path: Path) -> None:
    text = writer.note_text({"type": "contact", "name": "Zoë: the \"one\"", "date": "2026-11-26",
                             "attendees": ["[[Ada]]"], "empty": None}, "# Body")
    note = Reader(Config(vault=tmp_path)).read_text("people/z.md", text)
    assert note.name == 'Zoë: the "one"' and not note.problems
    assert "empty" not in text and text.endswith("# Body\n")


def test_write_generated(tmp_path: Path) -> None:
    path = tmp_path / "Agenda.md"
    text = "---\ngenerated_by: vaultkit\n---\nhello\n"
    assert writer.write_generated(path, text) is True
    mtime = path.stat().st_mtime_ns
    assert writer.write_generated(path, text) is False and path.stat().st_mtime_ns == mtime
    user = tmp_path / "Mine.md"
    user.write_text("my own agenda\n", encoding="utf-8")
    with pytest.raises(WriteRefused, match="not written by vaultkit"):
        writer.write_generated(user, text)
    assert user.read_text(encoding="utf-8") == "my own agenda\n"


@pytest.mark.parametrize("edit", [
    lambda raw: raw + b"- my own line\n",                      # appended in an editor
    lambda raw: raw.replace(b"hello", b"hello, edited"),        # changed in place
    lambda raw: raw.replace(b"generated_by: vaultkit\n", b"generated_by: vaultkit\ntags: [daily]\n"),
    lambda raw: b"\n".join(line for line in raw.split(b"\n") if not line.startswith(b"generated_hash")),
])
def test_a_generated_note_edited_since_is_never_replaced(tmp_path: Path, edit) -> None:
    path = tmp_path / "2026-12-03.md"
    assert writer.write_generated(path, "---\ngenerated_by: vaultkit\n---\nhello\n") is True
    path.write_bytes(edit(path.read_bytes()))
    kept = path.read_bytes()
    with pytest.raises(WriteRefused, match="edited since vaultkit wrote it"):
        writer.write_generated(path, "---\ngenerated_by: vaultkit\n---\nnew agenda\n")
    assert path.read_bytes() == kept


def test_a_generated_note_only_moved_between_line_ends_is_still_vaultkits(tmp_path: Path) -> None:
    path = tmp_path / "Agenda.md"
    writer.write_generated(path, "---\ngenerated_by: vaultkit\n---\nhello\n")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # git's autocrlf on another machine
    assert writer.write_generated(path, "---\ngenerated_by: vaultkit\n---\nnew agenda\n") is True
    assert path.read_text(encoding="utf-8").endswith("new agenda\n")


front_values = st.one_of(st.text(max_size=30), st.integers(), st.lists(st.text(max_size=10), max_size=3),
                         st.dates().map(lambda d: d.isoformat()))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=200).filter(lambda t: "\r" not in t),
       existing=st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), front_values, max_size=5),
       key=st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True), value=front_values)
def test_set_fields_changes_exactly_one_value(tmp_path: Path, body: str, existing: dict, key: str,
                                              value) -> None:
    path = tmp_path / "n.md"
    front = yaml.safe_dump(existing, allow_unicode=True, sort_keys=False) if existing else ""
    assume(not existing or yaml.safe_load(front) == existing)  # PyYAML itself can't round-trip all text
    original = f"---\n{front}---\n{body}"
    path.write_text(original, encoding="utf-8")
    writer.set_fields(path, {key: value})
    after = path.read_text(encoding="utf-8")
    assert after.endswith("---\n" + body)  # the body is untouched
    data = yaml.safe_load(after.split("---\n", 2)[1])
    expected = dict(existing)
    expected[key] = value
    assert {k: _plain(v) for k, v in data.items()} == {k: _plain(v) for k, v in expected.items()}
    for k in existing:  # the other entries keep their exact text
        if k != key:
            for line in yaml.safe_dump({k: existing[k]}, allow_unicode=True).splitlines():
                assert line in after


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(original=st.text(max_size=300), heading=st.text(min_size=1, max_size=40).filter(
    lambda h: h.strip() and "\n" not in h and "\r" not in h), text=st.text(max_size=100))
def test_append_never_touches_existing_bytes(tmp_path: Path, original: str, heading: str, text: str) -> None:
    path = tmp_path / "n.md"
    path.write_bytes(original.encode("utf-8"))
    try:
        writer.append_section(path, heading, text)
    except WriteRefused:
        assert path.read_bytes() == original.encode("utf-8")
        return
    after = path.read_bytes().decode("utf-8")
    assert after.startswith(original)  # every existing byte, line ends included
    assert f"## {' '.join(heading.split())}" in after
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".vaultkit-")]


@pytest.mark.parametrize("char", ["\u0085", "\u2028", "\u2029"])
def test_a_value_with_a_unicode_line_separator_is_kept(tmp_path: Path, char: str) -> None:
    """Only LF ends a line of the front matter (found by the fuzzing below)."""
    path = tmp_path / "Ada.md"
    raw = f"---\nname: 'Ada{char}Lovelace'\ntags: [a]\n---\nbody{char}\n".encode()
    path.write_bytes(raw)
    writer.set_fields(path, {"snooze": "2026-12-01"})
    assert path.read_bytes() == raw.replace(b"tags: [a]\n", b"tags: [a]\nsnooze: '2026-12-01'\n")


def test_mixed_line_ends_are_kept_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "Ada.md"
    raw = b"---\r\nname: Ada\nsnooze: 2026-01-01\r\n---\nbody\r\nmore\n"
    path.write_bytes(raw)
    writer.set_fields(path, {"snooze": "2026-12-01"})
    writer.append_section(path, "2026-11-26 Call", "x")
    after = path.read_bytes()
    assert after.startswith(b"---\r\nname: Ada\nsnooze: '2026-12-01'\r\n---\nbody\r\nmore\n")
    assert after.endswith(b"more\n\r\n## 2026-11-26 Call\r\nx\r\n")


# -- other programs writing at the moment vaultkit's file takes the note's place ------------


def at_the_swap(monkeypatch: pytest.MonkeyPatch, before=None, after=None, exchange: bool = True) -> None:
    """Run ``before()`` just before vaultkit's file takes the note's place and ``after()`` just
    after, once: around the atomic swap, or the rename where there is none (``exchange=False``
    makes the writer do without the swap)."""
    real_replace = os.replace
    done = []

    def around(call):
        def run(a, b, *rest):
            first = not done and str(b).endswith(".md")
            if first:
                done.append(1)
                if before:
                    before()
            result = call(a, b, *rest)
            if first and after:
                after()
            return result

        return run

    monkeypatch.setattr(os, "replace", around(real_replace))
    if not exchange:
        monkeypatch.setattr(writer, "_exchange", lambda a, b: False, raising=False)
    elif hasattr(writer, "_exchange"):
        monkeypatch.setattr(writer, "_exchange", around(writer._exchange))


def append_line(path: Path, line: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)  # in place, as `>>` or an editor saving in place
    os.write(fd, line)
    os.close(fd)


def save_by_rename(path: Path, text: bytes) -> None:
    tmp = path.with_name(".Ada.md.editor")  # as most editors save
    tmp.write_bytes(text)
    os.rename(tmp, path)


def only_the_note(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == ["Ada.md"]


@pytest.mark.parametrize("edit", ["append", "set"])
@pytest.mark.parametrize("saved", ["in place", "by rename"])
@pytest.mark.parametrize("exchange", [True, False], ids=["swap", "rename"])
def test_a_save_landing_just_before_the_swap_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str,
                                                     saved: str, exchange: bool) -> None:
    if saved == "by rename" and not exchange:
        pytest.skip("without an atomic swap, a file renamed over the note just before vaultkit's rename "
                    "cannot be seen (documented)")
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    if saved == "in place":
        at_the_swap(monkeypatch, before=lambda: append_line(path, b"typed just then\n"), exchange=exchange)
    else:
        at_the_swap(monkeypatch, before=lambda: save_by_rename(path, NOTE.encode() + b"typed just then\n"),
                    exchange=exchange)
    _edit(path, edit)
    after = path.read_text(encoding="utf-8")
    assert after.count("typed just then\n") == 1 and _edited(after, edit)
    only_the_note(tmp_path)


@pytest.mark.parametrize("edit", ["append", "set"])
@pytest.mark.parametrize("exchange", [True, False], ids=["swap", "rename"])
def test_a_write_through_a_file_opened_before_the_swap_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               edit: str, exchange: bool) -> None:
    """A program opened the note before vaultkit's file took its place and writes just after:
    the line lands in the file that left the note; it goes back, and the edit is made on it."""
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    opened = []

    def write_late() -> None:
        os.write(opened[0], b"written late\n")
        os.close(opened[0])

    at_the_swap(monkeypatch, before=lambda: opened.append(os.open(path, os.O_WRONLY | os.O_APPEND)),
                after=write_late, exchange=exchange)
    _edit(path, edit)
    after = path.read_text(encoding="utf-8")
    assert after.count("written late\n") == 1 and _edited(after, edit)
    only_the_note(tmp_path)


@pytest.mark.parametrize("exchange", [True, False], ids=["swap", "rename"])
def test_lines_written_on_both_sides_of_the_swap_are_all_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              exchange: bool) -> None:
    """A late write into the file that left the note, and a line appended to vaultkit's text
    while it was the note: the note ends with both, and vaultkit's section."""
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    opened = []

    def both() -> None:
        os.write(opened[0], b"written late\n")
        os.close(opened[0])
        append_line(path, b"appended to the new text\n")

    at_the_swap(monkeypatch, before=lambda: opened.append(os.open(path, os.O_WRONLY | os.O_APPEND)),
                after=both, exchange=exchange)
    writer.append_section(path, "2026-11-26 x", "y")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(NOTE + "written late\nappended to the new text\n")
    assert after.count("written late\n") == after.count("appended to the new text\n") == 1
    assert _edited(after, "append")
    only_the_note(tmp_path)


def test_two_texts_saved_around_the_swap_are_both_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A late write into the file that left the note, and another text saved over vaultkit's:
    nothing can be merged safely; both are kept and the edit is refused."""
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    opened = []

    def both() -> None:
        os.write(opened[0], b"written late\n")
        os.close(opened[0])
        save_by_rename(path, b"another text altogether\n")

    at_the_swap(monkeypatch, before=lambda: opened.append(os.open(path, os.O_WRONLY | os.O_APPEND)), after=both)
    with pytest.raises(WriteRefused, match=r"two programs saved the note .* kept in Ada \(conflict .*\)\.md"):
        writer.append_section(path, "2026-11-26 x", "y")
    assert path.read_text(encoding="utf-8") == NOTE + "written late\n"
    [copy] = [p for p in tmp_path.iterdir() if p.name != "Ada.md"]
    assert copy.read_text(encoding="utf-8") == "another text altogether\n"


def test_a_write_while_the_old_file_is_watched_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the system cannot tell whether the file is still open for writing, it is read again
    after a short while: a write landing in that while is seen."""
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    opened = []
    at_the_swap(monkeypatch, before=lambda: opened.append(os.open(path, os.O_WRONLY | os.O_APPEND)))
    monkeypatch.setattr(writer, "_open_for_writing", lambda fh: None)
    real_sleep = time.sleep

    def sleep(seconds: float) -> None:
        if opened:
            os.write(opened[0], b"written late\n")
            os.close(opened.pop())
        real_sleep(seconds)

    monkeypatch.setattr(writer.time, "sleep", sleep)
    writer.append_section(path, "2026-11-26 x", "y")
    after = path.read_text(encoding="utf-8")
    assert after.count("written late\n") == 1 and _edited(after, "append")
    only_the_note(tmp_path)


def test_a_note_a_program_keeps_open_for_writing_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A program that holds the note open and appends to it would write into the file that left
    the note: vaultkit gives the note back and refuses, and every line stays."""
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    monkeypatch.setattr(writer, "RETRY_SECONDS", 0)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND)
    try:
        with pytest.raises(WriteRefused, match="another program has the note open for writing"):
            writer.append_section(path, "2026-11-26 x", "y")
        os.write(fd, b"still appending\n")
    finally:
        os.close(fd)
    assert path.read_text(encoding="utf-8") == NOTE + "still appending\n"
    only_the_note(tmp_path)


def test_concurrent_writers_lose_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stress harness (benchmarks/stress_writes.py), bounded: a child process appends a line
    every 1-4 ms, in place or by editor-style renames, while `log` and `done` run."""
    spec = importlib.util.spec_from_file_location("stress_writes", REPO / "benchmarks" / "stress_writes.py")
    stress = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "stress_writes", stress)
    spec.loader.exec_module(stress)
    for mode in ("append", "rename"):
        outcome = stress.stress(mode, 12, tmp_path / mode, min_ms=1, max_ms=4)
        assert outcome.ok, outcome.summary()
        assert outcome.lines > 10 and outcome.sections + len(outcome.refused) == 24


# -- fuzzing: an edit changes only the lines it means to ----------------------------------------

# any unicode, and often the characters that other tools take for line ends, a BOM, accents
any_text = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)),
                             st.sampled_from(list("\u2028\u2029\x85\x0b\x0c\x1c\r\n\t\ufeff é✓"))), max_size=40)
yaml_values = st.one_of(any_text, st.integers(), st.booleans(), st.none(), st.dates(),
                        st.lists(any_text, max_size=3), st.dictionaries(any_text, any_text, max_size=2))
yaml_keys = st.from_regex(r"[A-Za-z][A-Za-z0-9_ -]{0,10}", fullmatch=True).map(str.strip)


@st.composite
def notes(draw) -> tuple[bytes, list[str]]:
    """A note as bytes (maybe a BOM, maybe front matter: entries in flow or block style or
    quoted by hand with any character inside, comments, blank lines, each line ending in LF
    or CRLF) and the keys of its front matter."""
    bom = draw(st.sampled_from([b"", b"\xef\xbb\xbf"]))
    ends = st.sampled_from(["\n", "\r\n"])
    body = draw(any_text | st.sampled_from(["", "# Ada\n\n## 2026-01-01 Call\nhello\n", "x\r\ny\n\n", "---\n"]))
    if not draw(st.booleans()):
        return bom + body.encode(), []
    keys = draw(st.lists(yaml_keys, max_size=5, unique_by=str.lower))
    lines = []
    for key in keys:
        value = draw(yaml_values)
        style = draw(st.sampled_from(["flow", "block", "quoted"]))
        if style == "flow":
            lines.append(writer.yaml_line(key, value))
        elif style == "block":
            lines += yaml.safe_dump({key: value}, allow_unicode=draw(st.booleans()), sort_keys=False,
                                    default_flow_style=False, width=draw(st.sampled_from([20, 80]))).splitlines()
        else:  # a quoted value typed as is: \u2028, \x85, tabs... inside
            inside = draw(st.text(st.sampled_from(list("ab é✓\t'\u2028\u2029\x85")), max_size=12)).replace("'", "''")
            lines.append(f"{key}: '{inside}'")
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "# a comment", "#  é ✓ comment", "  "])))
    text = "---" + draw(ends) + "".join(line + draw(ends) for line in lines) + "---" + draw(ends) + body
    return bom + text.encode(), keys


def split_lines(raw: bytes) -> list[bytes]:
    """Lines as the writer sees them: ended by LF only."""
    return [part for part in raw.replace(b"\n", b"\n\0").split(b"\0") if part]


def changed_lines(before: bytes, after: bytes) -> tuple[int, list[bytes], list[bytes]]:
    """Where the two differ: the number of first lines they share, the lines of ``before``
    that follow (up to the last lines they share) and the lines of ``after`` instead."""
    a, b = split_lines(before), split_lines(after)
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    return start, a[start:len(a) - end], b[start:len(b) - end]


def key_of(line: bytes) -> str:
    return line.split(b":", 1)[0].strip().strip(b"\"'").decode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=notes(), data=st.data())
def test_set_fields_changes_only_the_lines_of_its_key(tmp_path: Path, note, data) -> None:
    raw, keys = note
    key = data.draw(st.sampled_from(keys) if keys and data.draw(st.booleans()) else yaml_keys, label="key")
    value = data.draw(st.one_of(any_text, st.integers(), st.dates(), st.lists(any_text, max_size=2)), label="value")
    only_missing = data.draw(st.booleans(), label="only_missing")
    path = tmp_path / "n.md"
    path.write_bytes(raw)
    try:
        written = writer.set_fields(path, {key: value}, only_missing=only_missing)
    except WriteRefused:  # a front matter that does not parse: nothing written
        assert path.read_bytes() == raw
        return
    after = path.read_bytes()
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    before, after = raw[len(bom):], after
    assert after.startswith(bom) and not after[len(bom):].startswith(b"\xef\xbb\xbf")
    after = after[len(bom):]
    if not written:
        assert after == before
        return
    nl = b"\r\n" if b"\r\n" in raw else b"\n"
    if not keys and not before.startswith(b"---"):  # a front matter made for it, the rest as it was
        assert after == b"---" + nl + writer.yaml_line(key, value).encode() + nl + b"---" + nl + before
        return
    start, removed, added = changed_lines(before, after)
    if removed:  # the key's own entry replaced: its key line, then the lines of its value
        assert key_of(removed[0]).lower() == key.lower(), (removed, added)
        assert all(line.startswith((b" ", b"\t", b"-")) or not line.strip() for line in removed[1:]), removed
        assert added == [line.encode() + nl for line in writer.yaml_line(key_of(removed[0]), value).split("\n")]
    elif added:  # a new entry, last in the front matter
        assert added == [line.encode() + nl for line in writer.yaml_line(key, value).split("\n")], added
        assert split_lines(after)[start + len(added)].rstrip() in (b"---", b"..."), after
    else:  # written as it already was
        assert after == before


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=notes(), heading=st.text(min_size=1, max_size=30).filter(lambda h: h.split()), text=any_text)
def test_append_section_only_adds_at_the_end(tmp_path: Path, note, heading: str, text: str) -> None:
    raw, _keys = note
    path = tmp_path / "n.md"
    path.write_bytes(raw)
    try:
        writer.append_section(path, heading, text)
    except WriteRefused:
        assert path.read_bytes() == raw
        return
    after = path.read_bytes()
    assert after.startswith(raw)  # every byte there was, BOM and line ends included
    added = after[len(raw):].decode("utf-8")
    nl = "\r\n" if b"\r\n" in raw else "\n"
    assert added.lstrip("\r\n").startswith(f"## {' '.join(heading.split())}{nl}")
    assert added.endswith(nl) and added.replace(nl, "").count("\n") == 0
