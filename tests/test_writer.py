"""The vault writer: minimal, atomic edits that refuse when the file changed or is broken."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from vaultkit.config import Config
from vaultkit.errors import WriteRefused
from vaultkit.notes import writer
from vaultkit.notes.reader import Reader

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
def test_refuses_when_file_changes_during_the_edit(tmp_path: Path, edit: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "Ada.md"
    path.write_text(NOTE, encoding="utf-8")
    real_commit = writer.Snapshot.commit

    def commit_after_someone_saved(self: writer.Snapshot, new_text: str) -> None:
        # another program saves the note between vaultkit's read and its write
        t = threading.Thread(target=lambda: path.write_text(NOTE + "user typing\n", encoding="utf-8"))
        t.start()
        t.join()
        real_commit(self, new_text)

    monkeypatch.setattr(writer.Snapshot, "commit", commit_after_someone_saved)
    with pytest.raises(WriteRefused, match="changed while being edited"):
        if edit == "append":
            writer.append_section(path, "2026-11-26 x", "y")
        else:
            writer.set_fields(path, {"snooze": "2026-12-01"})
    assert path.read_text(encoding="utf-8") == NOTE + "user typing\n"
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


def test_mixed_line_ends_are_kept_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "Ada.md"
    raw = b"---\r\nname: Ada\nsnooze: 2026-01-01\r\n---\nbody\r\nmore\n"
    path.write_bytes(raw)
    writer.set_fields(path, {"snooze": "2026-12-01"})
    writer.append_section(path, "2026-11-26 Call", "x")
    after = path.read_bytes()
    assert after.startswith(b"---\r\nname: Ada\nsnooze: '2026-12-01'\r\n---\nbody\r\nmore\n")
    assert after.endswith(b"more\n\r\n## 2026-11-26 Call\r\nx\r\n")
