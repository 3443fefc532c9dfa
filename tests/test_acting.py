"""`log`, `done`, `snooze`, `new`: minimal atomic edits, refused on broken or changing notes."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.notes import writer

from .conftest import as_json, save_during_write

BOM = b"\xef\xbb\xbf"
ADA = ("---\ntype: contact\nsnooze_until: 2026-01-01\ncompany: Coldline\n---\n"
       "Intro line.\n\n## 2027-02-20 Demo Night\n- hi\n")
FILES = {
    "people/Ada Lovelace.md": ADA,
    "people/Sam Rivera.md": "---\ntype: contact\n---\nMe.\n",
    "people/Bob Stone.md": "---\ntype: contact\ncadence: 2w\n---\n",
    "events/Demo Night.md": "---\ntype: event\ndate: 2027-02-20\n"
                            "attendees: ['[[Ada Lovelace]]', '[[Bob Stone]]']\n---\n",
    "events/Launch.md": "---\ntype: event\ntitle: 'Launch #2'\ndate: 2027-02-21\n"
                        "attendees: ['[[Ada Lovelace]]']\n---\n",
}
BROKEN = "---\ntype: contact\nname: [unclosed\n---\nBody.\n"
T = "2027-02-25"


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(FILES)


def read(vault: Path, rel: str) -> bytes:
    return (vault / rel).read_bytes()


def follow_ups(run, vault: Path, date: str = T) -> list[tuple[str, str | None]]:
    data = as_json(run("agenda", "--date", date, "--format", "json", vault=vault))
    return [(i["contact"], i["event"]) for i in data["follow_up"]]


def crlf_bom(vault: Path, rel: str) -> bytes:
    """Rewrite a note with CRLF line ends and a BOM; returns its bytes."""
    path = vault / rel
    data = BOM + path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(data)
    return data


def stale_snapshot(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """The file changes on disk right after vaultkit first read it (a real write, by someone else)."""
    real = writer.Snapshot.take.__func__
    typed = []

    def take(cls, path: Path):
        snap = real(cls, path)
        if Path(path) == target and not typed:
            typed.append(1)
            target.write_bytes(snap.raw + b"typed in the editor meanwhile\n")
        return snap

    monkeypatch.setattr(writer.Snapshot, "take", classmethod(take))


# -- log ------------------------------------------------------------------------------------


def test_log_appends_a_dated_section_and_keeps_the_rest(run, vault) -> None:
    before = read(vault, "people/Ada Lovelace.md")
    result = run("log", "ada", "Coffee at Station F: she closed the pilot with [[Bob Stone]]", "--date",
                 "2027-02-24", vault=vault)
    assert result.exit_code == 0, result.output
    after = read(vault, "people/Ada Lovelace.md")
    assert after.startswith(before)
    assert after[len(before):] == (b"\n## 2027-02-24 Coffee at Station F\n"
                                   b"Coffee at Station F: she closed the pilot with [[Bob Stone]]\n")
    assert ("Ada Lovelace", "Launch #2") not in follow_ups(run, vault)  # an interaction after the event


def test_log_twice_the_same_day_adds_a_second_section(run, vault) -> None:
    run("log", "ada", "Call", "--date", T, vault=vault)
    first = read(vault, "people/Ada Lovelace.md")
    run("log", "ada", "Call", "--date", T, vault=vault)
    second = read(vault, "people/Ada Lovelace.md")
    assert second.startswith(first) and second.count(f"## {T} Call".encode()) == 2


def test_log_keeps_crlf_and_bom(run, vault) -> None:
    before = crlf_bom(vault, "people/Ada Lovelace.md")
    assert run("log", "ada", "Lunch", "--date", T, vault=vault).exit_code == 0
    after = read(vault, "people/Ada Lovelace.md")
    assert after.startswith(before) and after.endswith(b"\r\n## 2027-02-25 Lunch\r\nLunch\r\n")
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_log_refuses_a_broken_note(run, make_vault) -> None:
    vault = make_vault({"people/Ada.md": BROKEN})
    result = run("log", "ada", "Lunch", vault=vault)
    assert result.exit_code != 0 and "front matter is not valid YAML" in result.output
    assert read(vault, "people/Ada.md") == BROKEN.encode()


def test_log_is_written_again_on_a_note_changed_meanwhile(run, vault, monkeypatch) -> None:
    target = vault / "people" / "Ada Lovelace.md"
    stale_snapshot(monkeypatch, target)
    result = run("log", "ada", "Lunch", "--date", T, vault=vault)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == ADA.encode() + b"typed in the editor meanwhile\n\n## 2027-02-25 Lunch\nLunch\n"


def test_log_is_written_again_when_a_thread_edits_the_note(run, vault, monkeypatch) -> None:
    """The edit lands between vaultkit's read and its write: a real concurrent writer."""
    target = vault / "people" / "Ada Lovelace.md"
    save_during_write(monkeypatch, target, lambda raw: raw + b"- from another app\n")
    result = run("log", "ada", "Lunch", "--date", T, vault=vault)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == ADA.encode() + b"- from another app\n\n## 2027-02-25 Lunch\nLunch\n"


def test_log_empty_text_and_unknown_name(run, vault) -> None:
    assert "nothing to log" in run("log", "ada", "   ", vault=vault).output
    missing = run("log", "zed", "hi", vault=vault)
    assert missing.exit_code != 0 and "no contact named" in missing.output


# -- done ------------------------------------------------------------------------------------


def test_done_marks_the_pending_event_and_clears_it(run, vault) -> None:
    assert ("Ada Lovelace", "Launch #2") in follow_ups(run, vault)
    before = read(vault, "people/Ada Lovelace.md")
    result = run("done", "ada", "--date", T, vault=vault)
    assert result.exit_code == 0, result.output
    after = read(vault, "people/Ada Lovelace.md")
    assert after.startswith(before)
    assert after[len(before):] == b"\n## 2027-02-25 Followed up after [[Launch|Launch #2]]\n"
    assert follow_ups(run, vault) == [("Bob Stone", "Demo Night")]


def test_a_done_mark_on_the_events_own_day_clears_it(run, vault) -> None:
    # a plain interaction on the event's day does not clear the follow-up...
    run("log", "bob", "Chatted at the demo", "--date", "2027-02-20", vault=vault)
    assert ("Bob Stone", "Demo Night") in follow_ups(run, vault)
    # ...but a done mark does
    result = run("done", "bob", "--event", "demo night", "--date", "2027-02-20", vault=vault)
    assert result.exit_code == 0, result.output
    assert read(vault, "people/Bob Stone.md").endswith(b"## 2027-02-20 Followed up after [[Demo Night]]\n")
    assert ("Bob Stone", "Demo Night") not in follow_ups(run, vault)


def test_done_with_event_and_the_reconnect_list(run, vault) -> None:
    data = as_json(run("agenda", "--date", "2027-03-20", "--format", "json", vault=vault))
    assert "Bob Stone" in [i["contact"] for i in data["reconnect"]]
    result = run("done", "bob", "--event", "demo night", "--date", "2027-03-20", vault=vault)
    assert result.exit_code == 0
    assert read(vault, "people/Bob Stone.md").endswith(b"## 2027-03-20 Followed up after [[Demo Night]]\n")
    data = as_json(run("agenda", "--date", "2027-03-20", "--format", "json", vault=vault))
    assert "Bob Stone" not in [i["contact"] for i in data["reconnect"]]


def test_done_keeps_crlf_and_bom_and_refuses_broken_or_changing_notes(run, vault, make_vault,
                                                                       monkeypatch) -> None:
    before = crlf_bom(vault, "people/Bob Stone.md")
    assert run("done", "bob", "--date", T, vault=vault).exit_code == 0
    after = read(vault, "people/Bob Stone.md")
    assert after.startswith(before) and after.endswith(b"\r\n## 2027-02-25 Followed up after [[Demo Night]]\r\n")

    broken = make_vault({"people/Ada.md": BROKEN}, name="broken")
    result = run("done", "ada", vault=broken)
    assert result.exit_code != 0 and "not valid YAML" in result.output
    assert read(broken, "people/Ada.md") == BROKEN.encode()

    target = vault / "people" / "Ada Lovelace.md"
    stale_snapshot(monkeypatch, target)
    result = run("done", "ada", "--date", T, vault=vault)  # written again on the new text
    assert result.exit_code == 0, result.output
    assert target.read_bytes().endswith(b"typed in the editor meanwhile\n\n## 2027-02-25 Followed up after "
                                        b"[[Launch|Launch #2]]\n")


def test_done_refuses_the_user(run, vault) -> None:
    result = run("done", "sam", vault=vault)
    assert result.exit_code != 0 and "is you" in result.output
    assert read(vault, "people/Sam Rivera.md") == FILES["people/Sam Rivera.md"].encode()


# -- snooze ----------------------------------------------------------------------------------


def test_snooze_replaces_the_existing_spelling_in_place(run, vault) -> None:
    result = run("snooze", "ada", "--until", "2027-04-01", vault=vault)
    assert result.exit_code == 0, result.output
    assert read(vault, "people/Ada Lovelace.md") == ADA.replace(
        "snooze_until: 2026-01-01", "snooze_until: 2027-04-01").encode()


def test_snooze_adds_the_field_and_hides_the_reminder(run, vault) -> None:
    data = as_json(run("agenda", "--date", "2027-03-20", "--format", "json", vault=vault))
    assert "Bob Stone" in [i["contact"] for i in data["reconnect"]]
    assert run("snooze", "bob", "--until", "2027-04-01", vault=vault).exit_code == 0
    assert read(vault, "people/Bob Stone.md") == b"---\ntype: contact\ncadence: 2w\nsnooze: 2027-04-01\n---\n"
    data = as_json(run("agenda", "--date", "2027-03-20", "--format", "json", vault=vault))
    assert "Bob Stone" not in [i["contact"] for i in data["reconnect"]]


def test_snooze_keeps_crlf_and_bom(run, vault) -> None:
    crlf_bom(vault, "people/Ada Lovelace.md")
    assert run("snooze", "ada", "--until", "2027-04-01", vault=vault).exit_code == 0
    expected = ADA.replace("snooze_until: 2026-01-01", "snooze_until: 2027-04-01")
    assert read(vault, "people/Ada Lovelace.md") == BOM + expected.replace("\n", "\r\n").encode()


def test_snooze_refuses_broken_notes_and_edits_changing_ones_again(run, vault, make_vault, monkeypatch) -> None:
    broken = make_vault({"people/Ada.md": BROKEN}, name="broken")
    result = run("snooze", "ada", "--until", "2027-04-01", vault=broken)
    assert result.exit_code != 0 and "not valid YAML" in result.output
    assert read(broken, "people/Ada.md") == BROKEN.encode()
    target = vault / "people" / "Ada Lovelace.md"
    stale_snapshot(monkeypatch, target)
    result = run("snooze", "ada", "--until", "2027-04-01", vault=vault)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == ADA.replace("snooze_until: 2026-01-01", "snooze_until: 2027-04-01").encode() + \
        b"typed in the editor meanwhile\n"


def test_snooze_needs_a_real_date(run, vault) -> None:
    result = run("snooze", "ada", "--until", "soon", vault=vault)
    assert result.exit_code == 2 and "not a date" in result.output
    assert read(vault, "people/Ada Lovelace.md") == ADA.encode()


# -- new -------------------------------------------------------------------------------------

CONTACT_TEMPLATE = """\
---
type: contact
name: {{name}}
company:
role: ""
tags: []
cadence: regular
---
# {{name}}

## {{date}} How we met
- {{unknown}} stays in the body
"""
EVENT_TEMPLATE = """\
---
type: event
title: "{{title}}"
date: {{date}}
location:
attendees: []
---
## Notes
"""


def with_templates(vault: Path) -> Path:
    folder = vault / ".vaultkit" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "contact.md").write_text(CONTACT_TEMPLATE, encoding="utf-8")
    (folder / "event.md").write_text(EVENT_TEMPLATE, encoding="utf-8")
    return vault


def test_new_contact_from_the_template(run, vault, monkeypatch) -> None:
    with_templates(vault)
    monkeypatch.setattr("vaultkit.cli.main.App.today", lambda self: "2027-02-25")
    result = run("new", "contact", "Grace: Hopper", "--company", "Navy", "--tag", "mentor", "--tag", "cobol",
                 "--met", "demo night", vault=vault)
    assert result.exit_code == 0, result.output
    assert "created people/Grace Hopper.md" in result.output
    text = read(vault, "people/Grace Hopper.md").decode()
    assert text == (
        '---\ntype: contact\nname: "Grace: Hopper"\ncompany: Navy\nrole: ""\ntags: [mentor, cobol]\n'
        "cadence: regular\nmet: '[[Demo Night]]'\n---\n# Grace: Hopper\n\n## 2027-02-25 How we met\n"
        "- {{unknown}} stays in the body\n"
    )
    card = as_json(run("show", "grace hopper", "--format", "json", vault=vault))
    assert card["kind"] == "contact" and card["fields"]["company"] == ["Navy"]


def test_new_contact_without_template_and_with_an_unsafe_name(run, vault) -> None:
    result = run("new", "contact", "../Evil/Name\x07", "--email", "e@x.example", vault=vault)
    assert result.exit_code == 0, result.output
    created = [p for p in (vault / "people").iterdir() if "Evil" in p.name]
    assert [p.name for p in created] == ["Evil Name.md"]  # no path separator, no control character
    text = created[0].read_text(encoding="utf-8")
    assert text.startswith("---\ntype: contact\n") and "email: e@x.example" in text
    assert not (vault.parent / "Evil").exists()


def test_new_never_clobbers_a_note(run, vault) -> None:
    original = read(vault, "people/Ada Lovelace.md")
    result = run("new", "contact", "Ada Lovelace", vault=vault)
    assert result.exit_code == 0
    assert read(vault, "people/Ada Lovelace.md") == original
    assert (vault / "people" / "Ada Lovelace 2.md").exists()
    assert "already holds a contact named Ada Lovelace" in result.output


def test_new_refuses_when_the_file_appears_meanwhile(run, vault, monkeypatch) -> None:
    """Another app creates the same file between vaultkit's check and its write."""
    target = vault / "people" / "Zed.md"
    real = writer._temp_file

    def temp_file(*args, **kwargs):
        if not target.exists():
            target.write_text("written by another app\n", encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "_temp_file", temp_file)
    result = run("new", "contact", "Zed", vault=vault)
    assert result.exit_code != 0 and "already exists" in result.output
    assert target.read_text(encoding="utf-8") == "written by another app\n"
    assert not list((vault / "people").glob(".vaultkit-*"))


def test_new_refuses_a_broken_template(run, vault) -> None:
    with_templates(vault)
    (vault / ".vaultkit" / "templates" / "contact.md").write_text("---\nname: [{{name}}\n---\n", encoding="utf-8")
    result = run("new", "contact", "Zed", vault=vault)
    assert result.exit_code != 0 and "template" in result.output
    assert not (vault / "people" / "Zed.md").exists()


def test_new_event_links_attendees(run, vault) -> None:
    result = run("new", "event", "Demo Day #3", "--date", "2027-03-05", "--attendee", "ada", "--attendee",
                 "Someone New", "--kind", "meetup", vault=vault)
    assert result.exit_code == 0, result.output
    path = vault / "events" / "2027-03-05 Demo Day 3.md"
    text = path.read_text(encoding="utf-8")
    assert "title: 'Demo Day #3'" in text and "date: 2027-03-05" in text
    assert "- '[[Ada Lovelace]]'" in text and "- '[[Someone New]]'" in text
    data = as_json(run("agenda", "--date", "2027-03-01", "--format", "json", vault=vault))
    party = [e for e in data["prepare"] if e["path"] == "events/2027-03-05 Demo Day 3.md"][0]
    assert [a["contact"] for a in party["attendees"]] == ["Ada Lovelace"]
    assert party["unknown_attendees"] == ["Someone New"]


def test_new_event_from_the_template(run, vault) -> None:
    with_templates(vault)
    result = run("new", "event", "Lunch", "--date", "2027-03-05", "--attendee", "bob", "--location", "Paris, 11e",
                 vault=vault)
    assert result.exit_code == 0, result.output
    text = (vault / "events" / "2027-03-05 Lunch.md").read_text(encoding="utf-8")
    assert text == ("---\ntype: event\ntitle: \"Lunch\"\ndate: \"2027-03-05\"\nlocation: 'Paris, 11e'\n"
                    "attendees: ['[[Bob Stone]]']\n---\n## Notes\n")
    check = run("check", vault=vault)
    assert "Lunch" not in check.output


def test_new_event_needs_a_date(run, vault) -> None:
    result = run("new", "event", "Lunch", vault=vault)
    assert result.exit_code == 2 and "--date" in result.output


# -- properties ------------------------------------------------------------------------------

NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(NAMES)
def test_a_filled_template_gives_the_name_back(name) -> None:
    import yaml

    from vaultkit.cli.acting import fill_template

    name = " ".join(name.split()) or "x"
    template = "---\nname: {{name}}\ntitle: \"{{title}}\"\nnick: 'the {{name}}'\nother: {{unknown}}\n---\n# {{name}}\n"
    text = fill_template(template, {"name": name, "title": name})
    front = yaml.safe_load(text.split("\n---\n")[0].removeprefix("---\n"))
    assert front["name"] == name and front["title"] == name and front["nick"] == f"the {name}"
    assert front["other"] is None
    assert text.endswith(f"\n---\n# {name}\n")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_a_logged_heading_is_one_dated_line(text) -> None:
    from vaultkit.cli.acting import heading_words
    from vaultkit.config import Config
    from vaultkit.notes.reader import Reader

    words = heading_words(text)
    assert "\n" not in words and "\r" not in words and "#" not in words
    assert len(words.split()) <= 6
    note = Reader(Config(vault=Path("."))).read_text("people/A.md", f"---\ntype: contact\n---\n## 2027-02-25 {words}\n")
    assert [s.date for s in note.sections] == ["2027-02-25"]


def test_new_contact_keeps_obsidian_categories(run, vault) -> None:
    folder = vault / ".vaultkit" / "templates"
    folder.mkdir(parents=True)
    (folder / "contact.md").write_text('---\ncategories: ["[[People]]"]\nname: "{{name}}"\n---\n', encoding="utf-8")
    assert run("new", "contact", "Kay", "--tag", "friend", vault=vault).exit_code == 0
    assert (vault / "people" / "Kay.md").read_text(encoding="utf-8") == (
        '---\ncategories: ["[[People]]"]\nname: "Kay"\ntags: [friend]\n---\n')


@pytest.mark.parametrize("kind", ["contact", "event"])
def test_new_refuses_a_name_that_would_read_as_a_template(run, vault, kind: str) -> None:
    result = run("new", kind, "{{date}}", *(["--date", "2026-12-01"] if kind == "event" else []), vault=vault)
    assert result.exit_code != 0 and "cannot hold {{ or }}" in result.output
    assert not list(vault.rglob("*date*.md"))


# -- write errors, symlinks, file modes --------------------------------------------------------

WRITES = [("log", "ada", "Lunch"), ("done", "ada"), ("snooze", "ada", "--until", "2027-04-01"),
          ("new", "contact", "Zed", "--company", "Acme"), ("new", "event", "Demo", "--date", "2027-03-01")]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("command", WRITES, ids=lambda c: " ".join(c[:2]))
def test_a_full_disk_is_a_message_and_nothing_changes(run, vault, monkeypatch, command) -> None:
    with_templates(vault)
    before = tree(vault)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = run(*command, vault=vault)
    assert result.exit_code == 1
    assert re.fullmatch(rf"Error: cannot write {re.escape(str(vault))}/\S+/[^/]+\.md: No space left on device; "
                        r"nothing was changed\n", result.output), result.output
    assert tree(vault) == before


def test_new_when_the_template_filled_in_cannot_be_written_leaves_no_note(run, vault, monkeypatch) -> None:
    with_templates(vault)
    real = writer.set_fields

    def full(*args, **kwargs):  # the note is created, then the disk is full
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left")))
        return real(*args, **kwargs)

    monkeypatch.setattr(writer, "set_fields", full)
    before = tree(vault)
    result = run("new", "contact", "Zed", "--company", "Acme", vault=vault)
    assert result.exit_code == 1 and "nothing was changed" in result.output
    assert tree(vault) == before


def test_new_into_a_folder_that_is_a_file_is_a_message(run, make_vault) -> None:
    vault = make_vault({"people": "a file where the people folder should be\n"})
    result = run("new", "contact", "Zed", vault=vault)
    assert result.exit_code == 1
    assert re.fullmatch(r"Error: cannot write \S+/people/Zed\.md: .+; nothing was changed\n", result.output)
    assert (vault / "people").read_text() == "a file where the people folder should be\n"


def cannot_override_permissions() -> list[str]:
    """As root, permission bits do not stop writes: the command runs without that power."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root, and setpriv (to run without the power to ignore permissions) is missing")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
            "--inh-caps", "-dac_override,-dac_read_search"]


@pytest.mark.parametrize("command", WRITES[:4], ids=lambda c: " ".join(c[:2]))
def test_a_read_only_folder_is_a_message_and_nothing_changes(vault, private_dirs: Path, command) -> None:
    prefix = cannot_override_permissions()
    people = vault / "people"
    before = tree(vault)
    env = {**os.environ, "XDG_CACHE_HOME": str(private_dirs / "cache"), "XDG_CONFIG_HOME": str(private_dirs / "config")}
    people.chmod(0o555)
    try:
        result = subprocess.run([*prefix, sys.executable, "-m", "vaultkit", *command, "--vault", str(vault)],
                                env=env, capture_output=True, text=True, timeout=60)
    finally:
        people.chmod(0o755)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.fullmatch(rf"Error: cannot write {re.escape(str(people))}/[^/]+\.md: Permission denied; "
                        r"nothing was changed\n", result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert tree(vault) == before


def test_log_and_snooze_write_through_a_symlinked_note(run, vault, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "Ada Lovelace.md"
    real.parent.mkdir()
    link = vault / "people" / "Ada Lovelace.md"
    real.write_bytes(link.read_bytes())
    link.unlink()
    link.symlink_to(os.path.relpath(real, link.parent))
    target = os.readlink(link)
    assert run("log", "ada", "Lunch", "--date", T, vault=vault).exit_code == 0
    assert run("snooze", "ada", "--until", "2027-04-01", vault=vault).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == target
    assert real.read_bytes() == ADA.replace("2026-01-01", "2027-04-01").encode() + b"\n## 2027-02-25 Lunch\nLunch\n"
    assert sorted(p.name for p in real.parent.iterdir()) == ["Ada Lovelace.md"]
    assert not list((vault / "people").glob(".vaultkit-*"))


def test_a_new_note_follows_the_umask(run, vault) -> None:
    old = os.umask(0o022)
    try:
        assert run("new", "contact", "Zed", vault=vault).exit_code == 0
        os.umask(0o027)
        assert run("new", "event", "Demo", "--date", "2027-03-01", vault=vault).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((vault / "people" / "Zed.md").stat().st_mode) == 0o644
    assert stat.S_IMODE((vault / "events" / "2027-03-01 Demo.md").stat().st_mode) == 0o640
