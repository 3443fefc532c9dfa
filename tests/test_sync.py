"""`vaultkit sync` and `vaultkit hooks install`, with real git: a bare remote and two clones."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.config import load_config
from vaultkit.errors import VaultkitError
from vaultkit.sync.git import (
    SUBJECT_MAX,
    Change,
    GitError,
    SyncResult,
    commit_message,
    sync_vault,
)

from .conftest import as_json, write_vault

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

ADA = """\
---
type: contact
name: Ada Lovelace
company: Analytical Engines
---
## 2026-11-20 Coffee
- wants an intro to a climate VC
"""
BOB = """\
---
type: contact
---
Met at the meetup.
"""
CHLOE = "---\ntype: contact\nname: Chloé Martin\n---\n"
MEETUP = """\
---
type: event
title: Climate Meetup
date: 2026-11-19
attendees: ["[[Ada Lovelace]]"]
---
- [[Ada Lovelace]]: wants an intro to a climate VC
"""
AGENDA = "---\ngenerated_by: vaultkit\n---\n# Agenda\n"
BROKEN = "---\ntype: contact\nname: [never closed\n---\n"
FILES = {
    "people/Ada Lovelace.md": ADA,
    "people/Bob.md": BOB,
    "people/Chloé.md": CHLOE,
    "events/2026-11-19 Climate Meetup.md": MEETUP,
}


@pytest.fixture(autouse=True)
def git_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A known identity; neither the system's nor the user's git config."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_NAME", "Sam Rivera")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "sam@example.com")


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if check:
        assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc


def subjects(repo: Path) -> list[str]:
    return git(repo, "log", "--format=%s").stdout.splitlines()


def tracked(repo: Path) -> set[str]:
    return set(git(repo, "-c", "core.quotePath=false", "ls-tree", "-r", "--name-only", "HEAD").stdout.splitlines())


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def new_repo(folder: Path) -> Path:
    git(folder, "init", "-q", "-b", "main")
    (folder / ".gitignore").write_text("/Agenda.md\n", encoding="utf-8")
    git(folder, "add", ".gitignore")
    git(folder, "commit", "-q", "-m", "ignore generated notes")
    return folder


@pytest.fixture
def clones(tmp_path: Path, run) -> tuple[Path, Path, Path]:
    """``(a, b, remote)``: vault ``a`` synced once to the bare ``remote``, ``b`` cloned from it."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    a = new_repo(write_vault(tmp_path / "a", FILES))
    git(a, "remote", "add", "origin", str(remote))
    result = run("sync", vault=a)
    assert result.exit_code == 0, result.output
    git(tmp_path, "clone", "-q", str(remote), "b")
    return a, tmp_path / "b", remote


def test_first_sync_commits_notes_and_config_with_a_readable_message_and_pushes(clones, tmp_path) -> None:
    a, b, remote = clones
    assert subjects(remote) == ["vaultkit: 3 contacts added, 1 event added, config added", "ignore generated notes"]
    body = git(a, "log", "-1", "--format=%b").stdout
    assert "vaultkit: 3 contacts added (Ada Lovelace, Bob, Chloé Martin), " \
           "1 event added (2026-11-19 Climate Meetup), config added" in body
    assert "- contact added: Ada Lovelace (people/Ada Lovelace.md)" in body
    assert "- event added: 2026-11-19 Climate Meetup (events/2026-11-19 Climate Meetup.md)" in body
    assert "- config added: .vaultkit/config.yaml" in body
    assert {*FILES, ".vaultkit/config.yaml", ".gitignore"} == tracked(b)
    assert (b / "people" / "Chloé.md").read_text(encoding="utf-8") == CHLOE
    assert git(a, "rev-parse", "--abbrev-ref", "main@{upstream}").stdout.strip() == "origin/main"


def test_many_changes_get_a_short_subject_and_a_full_body(clones, run) -> None:
    a, _, _ = clones
    for name in ("Ada Lovelace", "Bob", "Chloé"):
        (a / "people" / f"{name}.md").write_text(
            (a / "people" / f"{name}.md").read_text(encoding="utf-8") + "\nmore\n", encoding="utf-8")
    write_vault(a, {"people/Dan.md": "---\ntype: contact\n---\n", "daily/2026-11-25.md": "Saw [[Bob]].\n"},
                config=None)
    (a / "events" / "2026-11-19 Climate Meetup.md").unlink()
    result = run("sync", vault=a)
    assert result.exit_code == 0, result.output
    assert subjects(a)[0] == "vaultkit: 4 contacts, 1 event, 1 note changed"
    assert f"committed {git(a, 'rev-parse', '--short=7', 'HEAD').stdout.strip()}: vaultkit: 4 contacts" \
        in result.output
    body = git(a, "log", "-1", "--format=%b").stdout.strip().splitlines()
    assert body[0] == ("vaultkit: 1 contact added (Dan), 3 contacts updated (Ada Lovelace, Bob, Chloé Martin), "
                       "1 event deleted (2026-11-19 Climate Meetup), 1 note added (2026-11-25)")
    assert body[2:] == [
        "- contact added: Dan (people/Dan.md)",
        "- contact updated: Ada Lovelace (people/Ada Lovelace.md)",
        "- contact updated: Bob (people/Bob.md)",
        "- contact updated: Chloé Martin (people/Chloé.md)",
        "- event deleted: 2026-11-19 Climate Meetup (events/2026-11-19 Climate Meetup.md)",
        "- note added: 2026-11-25 (daily/2026-11-25.md)",
    ]
    assert "events/2026-11-19 Climate Meetup.md" not in tracked(a)
    assert "pushed 1 commit to origin/main" in result.output


def test_a_deleted_note_is_named_from_its_last_committed_content(tmp_path, run) -> None:
    vault = new_repo(write_vault(tmp_path / "v", {"people/ada.md": ADA}))
    assert run("sync", vault=vault).exit_code == 0
    (vault / "people" / "ada.md").unlink()
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    assert subjects(vault)[0] == "vaultkit: 1 contact deleted (Ada Lovelace)"
    assert "people/ada.md" not in tracked(vault)


def test_edits_to_different_notes_in_two_clones_merge(clones, run) -> None:
    a, b, remote = clones
    edit(a / "people" / "Ada Lovelace.md", "Analytical Engines", "Difference Engines")
    assert run("sync", vault=a).exit_code == 0
    edit(b / "people" / "Bob.md", "Met at the meetup.", "Met at the meetup; likes sailing.")
    result = run("sync", vault=b)
    assert result.exit_code == 0, result.output
    assert "pulled 1 commit from origin/main" in result.output
    assert "pushed 1 commit to origin/main" in result.output
    assert "Difference Engines" in (b / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    result = run("sync", vault=a)
    assert result.exit_code == 0, result.output
    assert "likes sailing" in (a / "people" / "Bob.md").read_text(encoding="utf-8")
    assert subjects(a)[:2] == ["vaultkit: 1 contact updated (Bob)", "vaultkit: 1 contact updated (Ada Lovelace)"]
    assert git(a, "rev-parse", "HEAD").stdout == git(remote, "rev-parse", "main").stdout


def test_edits_to_the_same_line_conflict_and_nothing_is_lost(clones, run) -> None:
    a, b, remote = clones
    edit(a / "people" / "Ada Lovelace.md", "Analytical Engines", "Difference Engines")
    assert run("sync", vault=a).exit_code == 0
    edit(b / "people" / "Ada Lovelace.md", "Analytical Engines", "Babbage & Co")
    edit(b / "people" / "Bob.md", "Met at the meetup.", "Met at the meetup; likes sailing.")
    (b / ".vaultkit" / "config.yaml").write_text("me: Sam\nlanguage: fr\n", encoding="utf-8")  # committed too
    (b / "todo.txt").write_text("tracked, not a note\n", encoding="utf-8")
    git(b, "add", "todo.txt")
    git(b, "commit", "-q", "-m", "todo")
    (b / "todo.txt").write_text("tracked, not a note, edited\n", encoding="utf-8")
    before = git(remote, "rev-parse", "main").stdout
    result = run("sync", vault=b)
    assert result.exit_code == 1
    assert "conflict" in result.output
    assert "  people/Ada Lovelace.md" in result.output
    assert "people/Bob.md" not in result.output.split("conflict", 1)[1]
    assert "git pull --rebase" in result.output and "git rebase --continue" in result.output
    # not mid-rebase, the local commit is there, the remote untouched, the note is the local version
    assert not (b / ".git" / "rebase-merge").exists() and not (b / ".git" / "rebase-apply").exists()
    assert git(b, "status", "--porcelain").stdout == " M todo.txt\n"  # put back as it was
    assert (b / "todo.txt").read_text(encoding="utf-8") == "tracked, not a note, edited\n"
    assert subjects(b)[:2] == ["vaultkit: 2 contacts updated (Ada Lovelace, Bob), config updated", "todo"]
    assert git(b, "rev-list", "--count", "origin/main..HEAD").stdout.strip() == "2"
    assert "Babbage & Co" in (b / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    assert git(remote, "rev-parse", "main").stdout == before
    # the advice works: resolve by hand, then sync again
    assert "1. git pull --rebase --autostash\n" in result.output
    assert git(b, "pull", "--rebase", "--autostash", check=False).returncode != 0
    note = b / "people" / "Ada Lovelace.md"
    assert "<<<<<<<" in note.read_text(encoding="utf-8")
    note.write_text(ADA.replace("Analytical Engines", "Babbage & Co"), encoding="utf-8")
    git(b, "add", "people/Ada Lovelace.md")
    git(b, "-c", "core.editor=true", "rebase", "--continue")
    result = run("sync", vault=b)
    assert result.exit_code == 0, result.output
    assert "pushed 2 commits" in result.output
    assert git(remote, "rev-parse", "main").stdout == git(b, "rev-parse", "HEAD").stdout
    assert (b / "todo.txt").read_text(encoding="utf-8") == "tracked, not a note, edited\n"


def test_the_core_reports_conflicts_in_its_result(clones) -> None:
    a, b, _ = clones
    edit(a / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    assert sync_vault(load_config(a)).pushed
    edit(b / "people" / "Bob.md", "Met at the meetup.", "Met in Paris.")
    result = sync_vault(load_config(b), message="from the phone")
    assert isinstance(result, SyncResult)
    assert (result.committed, result.pulled, result.pushed, result.conflicts) == (True, False, False,
                                                                                  ["people/Bob.md"])
    assert result.message is not None and result.message.startswith("from the phone\n\n")
    assert git(b, "log", "-1", "--format=%H").stdout.strip() == result.commit


def test_uncommitted_files_that_are_not_notes_survive_a_pull(clones, run) -> None:
    a, b, _ = clones
    (b / "todo.txt").write_text("one\n", encoding="utf-8")
    git(b, "add", "todo.txt")
    git(b, "commit", "-q", "-m", "todo")
    (b / "todo.txt").write_text("one\ntwo\n", encoding="utf-8")
    edit(a / "people" / "Ada Lovelace.md", "Analytical Engines", "Difference Engines")
    assert run("sync", vault=a).exit_code == 0
    result = run("sync", vault=b)
    assert result.exit_code == 0, result.output
    assert "pulled 1 commit" in result.output and "pushed 1 commit" in result.output
    assert "Difference Engines" in (b / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    assert (b / "todo.txt").read_text(encoding="utf-8") == "one\ntwo\n"
    assert "todo.txt" in result.output  # named as left out


def test_the_same_edit_on_both_sides_is_not_a_conflict(clones, run) -> None:
    a, b, remote = clones
    for clone in (a, b):
        edit(clone / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    assert run("sync", vault=a).exit_code == 0
    result = run("sync", vault=b)
    assert result.exit_code == 0, result.output
    assert "already had the same changes" in result.output
    assert git(b, "rev-parse", "HEAD").stdout == git(remote, "rev-parse", "main").stdout


def test_the_reported_commit_is_the_one_pushed(clones) -> None:
    a, b, remote = clones
    edit(a / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    sync_vault(load_config(a))
    edit(b / "people" / "Ada Lovelace.md", "Analytical Engines", "Difference Engines")
    result = sync_vault(load_config(b))
    assert (result.pulled, result.incoming, result.pushed, result.outgoing) == (True, 1, True, 1)
    assert result.commit == git(remote, "rev-parse", "main").stdout.strip()


def test_a_sync_with_nothing_to_do_makes_no_commit(clones, run) -> None:
    a, _, _ = clones
    head = git(a, "rev-parse", "HEAD").stdout
    result = run("sync", vault=a)
    assert result.exit_code == 0, result.output
    assert "nothing to sync" in result.output
    assert git(a, "rev-parse", "HEAD").stdout == head
    (a / "Agenda.md").write_text(AGENDA, encoding="utf-8")  # generated and ignored: still nothing
    assert "nothing to sync" in run("sync", vault=a).output
    assert git(a, "rev-parse", "HEAD").stdout == head


def test_without_a_remote_it_commits_and_says_so(tmp_path, run) -> None:
    vault = write_vault(tmp_path / "v", {"people/Bob.md": BOB})
    git(vault, "init", "-q", "-b", "main")
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    assert "no remote" in result.output and "git remote add origin" in result.output
    assert subjects(vault) == ["vaultkit: 1 contact added (Bob), config added"]
    result = run("sync", vault=vault)
    assert result.output == "nothing to sync\n"
    assert len(subjects(vault)) == 1
    git(vault, "remote", "add", "backup", str(tmp_path / "elsewhere.git"))
    edit(vault / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    assert "no upstream" in result.output and "git push --set-upstream REMOTE main" in result.output


def test_no_push_commits_and_pulls_but_keeps_the_commit_here(clones, run) -> None:
    a, _, remote = clones
    before = git(remote, "rev-parse", "main").stdout
    edit(a / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    result = run("sync", "--no-push", vault=a)
    assert result.exit_code == 0, result.output
    assert "not pushed (--no-push): 1 commit waiting for origin/main" in result.output
    assert git(remote, "rev-parse", "main").stdout == before
    assert "pushed 1 commit" in run("sync", vault=a).output


def test_only_notes_and_config_are_committed(tmp_path, run) -> None:
    vault = new_repo(write_vault(tmp_path / "v", {
        "people/Bob.md": BOB, "Agenda.md": AGENDA, ".obsidian/workspace.json": "{}",
        "attachments/card.pdf": "%PDF", ".vaultkit/templates/contact.md": "---\ntype: contact\n---\n",
        ".vaultkit/cache.txt": "x", "notes.md~": "backup",
    }))
    (vault / "todo.txt").write_text("staged by the user\n", encoding="utf-8")
    git(vault, "add", "todo.txt")
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    assert tracked(vault) == {".gitignore", "people/Bob.md", ".vaultkit/config.yaml",
                              ".vaultkit/templates/contact.md"}
    assert subjects(vault)[0] == "vaultkit: 1 contact added (Bob), 1 template added, config added"
    assert git(vault, "diff", "--cached", "--name-only").stdout.split() == ["todo.txt"]  # still only staged
    assert "not committed (not notes" in result.output and "attachments/card.pdf" in result.output
    assert "Agenda.md" not in result.output  # ignored: git never lists it


def test_a_tracked_generated_note_is_never_committed(tmp_path, run) -> None:
    vault = write_vault(tmp_path / "v", {"Agenda.md": AGENDA})
    git(vault, "init", "-q", "-b", "main")
    git(vault, "add", "Agenda.md")
    git(vault, "commit", "-q", "-m", "oops")
    (vault / "Agenda.md").write_text(AGENDA + "- call Bob\n", encoding="utf-8")
    (vault / "people").mkdir()
    (vault / "people" / "Bob.md").write_text(BOB, encoding="utf-8")
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    assert "generated by vaultkit: Agenda.md" in result.output
    assert git(vault, "show", "HEAD:Agenda.md").stdout == AGENDA
    assert git(vault, "status", "--porcelain", "Agenda.md").stdout.strip() == "M Agenda.md"


def test_a_vault_in_a_subfolder_of_the_repository(tmp_path, run) -> None:
    repo = tmp_path / "repo"
    vault = write_vault(repo / "notes", {"people/Bob.md": BOB})
    (repo / "README.txt").parent.mkdir(exist_ok=True)
    (repo / "README.txt").write_text("not the vault\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    assert tracked(repo) == {"notes/people/Bob.md", "notes/.vaultkit/config.yaml"}
    assert "- contact added: Bob (people/Bob.md)" in git(repo, "log", "-1", "--format=%b").stdout


def test_not_a_repository_says_how_to_start_one(tmp_path, run) -> None:
    vault = write_vault(tmp_path / "v", {"people/Bob.md": BOB})
    result = run("sync", vault=vault)
    assert result.exit_code == 2
    assert "not in a git repository" in result.output and "git init" in result.output
    assert not (vault / ".git").exists()
    with pytest.raises(GitError) as info:
        sync_vault(load_config(vault))
    assert isinstance(info.value, VaultkitError)


def test_git_missing_is_a_clear_message(tmp_path, run, monkeypatch) -> None:
    vault = write_vault(tmp_path / "v", {"people/Bob.md": BOB})
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("sync", vault=vault)
    assert result.exit_code == 2
    assert "git is not installed" in result.output


def test_a_repository_mid_rebase_is_refused(clones, run) -> None:
    a, b, _ = clones
    edit(a / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    assert run("sync", vault=a).exit_code == 0
    edit(b / "people" / "Bob.md", "Met at the meetup.", "Met in Paris.")
    git(b, "commit", "-q", "-am", "by hand")
    assert git(b, "pull", "--rebase", check=False).returncode != 0
    head = git(b, "rev-parse", "HEAD").stdout
    result = run("sync", vault=b)
    assert result.exit_code == 2
    assert "in the middle of a rebase" in result.output and "git rebase --abort" in result.output
    assert (b / ".git" / "rebase-merge").exists() or (b / ".git" / "rebase-apply").exists()
    assert git(b, "rev-parse", "HEAD").stdout == head


def test_json_output(clones, run) -> None:
    a, _, _ = clones
    edit(a / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    import json

    result = run("sync", "--format", "json", vault=a)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["changes"] == [{"action": "updated", "kind": "contact", "name": "Bob", "path": "people/Bob.md"}]
    assert (data["committed"], data["pushed"], data["remote"], data["nothing_to_sync"]) == (
        True, True, "origin/main", False)


# -- the commit message -----------------------------------------------------------


def test_the_example_message_keeps_its_subject_short_and_its_names_in_the_body() -> None:
    changes = [Change(f"people/{n}.md", "updated", "contact", n) for n in ("Chloé", "Bob", "Ada Lovelace")]
    changes.append(Change("events/x.md", "added", "event", "2026-11-19 Climate Meetup"))
    subject, blank, summary, *rest = commit_message(changes).splitlines()
    assert subject == "vaultkit: 3 contacts updated (Ada Lovelace, Bob, Chloé), 1 event added"
    assert blank == ""
    assert summary == ("vaultkit: 3 contacts updated (Ada Lovelace, Bob, Chloé), "
                       "1 event added (2026-11-19 Climate Meetup)")
    assert len(rest) == 5 and rest[0] == ""


def test_three_names_per_group_then_and_n_more() -> None:
    changes = [Change(f"people/{n}.md", "updated", "contact", n) for n in ("Eve", "Al", "Cy", "Bo", "Di")]
    assert commit_message(changes).splitlines()[0] == "vaultkit: 5 contacts updated (Al, Bo, Cy and 2 more)"
    one = commit_message(changes[:1])
    assert one == "vaultkit: 1 contact updated (Eve)\n\n- contact updated: Eve (people/Eve.md)\n"


names = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60)
changes = st.lists(st.builds(
    Change, path=names.map(lambda n: f"people/{n}.md"), action=st.sampled_from(["added", "updated", "deleted"]),
    kind=st.sampled_from(["contact", "event", "note", "template", "config"]), name=names,
), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(changes)
def test_subjects_stay_short_and_the_body_lists_every_change(items: list[Change]) -> None:
    message = commit_message(items)
    subject = message.splitlines()[0]
    assert len(subject) <= SUBJECT_MAX
    assert subject.startswith("vaultkit: ")
    for change in items:
        assert change.line() in message.splitlines()


# -- the pre-commit hook ----------------------------------------------------------


def test_the_hook_blocks_a_commit_of_a_broken_note(tmp_path, run) -> None:
    vault = new_repo(write_vault(tmp_path / "Sam's notes", {"people/Bob.md": BOB}))
    result = run("hooks", "install", vault=vault)
    assert result.exit_code == 0, result.output
    hook = vault / ".git" / "hooks" / "pre-commit"
    assert hook.stat().st_mode & stat.S_IXUSR
    assert f"check --staged --vault {shlex.quote(str(vault))}" in hook.read_text(encoding="utf-8")
    (vault / "people" / "Eve.md").write_text(BROKEN, encoding="utf-8")
    git(vault, "add", "people/Eve.md")
    refused = git(vault, "commit", "-m", "add Eve", check=False)
    assert refused.returncode != 0
    assert "people/Eve.md:3" in refused.stdout + refused.stderr
    assert subjects(vault) == ["ignore generated notes"]
    # sync goes through the same hook
    result = run("sync", vault=vault)
    assert result.exit_code == 1 and "git refused the commit" in result.output
    assert subjects(vault) == ["ignore generated notes"]
    (vault / "people" / "Eve.md").write_text(BOB, encoding="utf-8")
    git(vault, "add", "people/Eve.md")
    git(vault, "commit", "-q", "-m", "add Eve")
    assert subjects(vault)[0] == "add Eve"
    assert run("sync", vault=vault).exit_code == 0


def test_installing_again_is_harmless_and_a_foreign_hook_is_kept(tmp_path, run) -> None:
    vault = new_repo(write_vault(tmp_path / "v", {}))
    hook = vault / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    result = run("hooks", "install", vault=vault)
    assert result.exit_code == 2 and "not vaultkit's" in result.output and "--force" in result.output
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    result = run("hooks", "install", "--force", vault=vault)
    assert result.exit_code == 0, result.output
    assert (hook.parent / "pre-commit.before-vaultkit").read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    assert "vaultkit" in hook.read_text(encoding="utf-8")
    assert "already installed" in run("hooks", "install", vault=vault).output


def test_the_hook_follows_core_hooks_path(tmp_path, run) -> None:
    vault = new_repo(write_vault(tmp_path / "v", {}))
    git(vault, "config", "core.hooksPath", "githooks")
    assert run("hooks", "install", vault=vault).exit_code == 0
    assert os.access(vault / "githooks" / "pre-commit", os.X_OK)


def test_python_dash_m_vaultkit_runs_the_cli(tmp_path) -> None:
    import sys

    proc = subprocess.run([sys.executable, "-m", "vaultkit", "hooks", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "install" in proc.stdout


def test_the_hook_uses_the_vaultkit_executable_that_installed_it(tmp_path) -> None:
    import sys

    exe = Path(sys.executable).parent / "vaultkit"
    if not exe.exists():
        pytest.skip("no vaultkit script next to this Python")
    vault = new_repo(write_vault(tmp_path / "v", {}))
    proc = subprocess.run([str(exe), "hooks", "install", "--vault", str(vault)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert f"{shlex.quote(str(exe.resolve()))} check --staged --vault" in (vault / ".git/hooks/pre-commit").read_text()


def test_gitignore_written_by_init_is_committed(tmp_path, run) -> None:
    vault = tmp_path / "v"
    assert run("init", str(vault), "--me", "Sam").exit_code == 0
    git(vault, "init", "-q", "-b", "main")
    (vault / "people" / "Bob.md").write_text(BOB, encoding="utf-8")
    (vault / "Agenda.md").write_text(AGENDA, encoding="utf-8")
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    assert ".gitignore" in tracked(vault) and "Agenda.md" not in tracked(vault)


# -- the merge driver ----------------------------------------------------------------


def sections(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


@pytest.fixture
def driven(clones, run) -> tuple[Path, Path, Path]:
    """``clones`` with vaultkit's merge driver installed in both and its .gitattributes line shared."""
    a, b, remote = clones
    result = run("hooks", "install", vault=a)
    assert result.exit_code == 0, result.output
    assert "merge driver registered" in result.output
    assert (a / ".gitattributes").read_text(encoding="utf-8") == "*.md merge=vaultkit\n"
    result = run("sync", vault=a)
    assert result.exit_code == 0, result.output
    assert "config added" in result.output  # .gitattributes goes along with the notes
    result = run("sync", vault=b)
    assert result.exit_code == 0, result.output
    assert "vaultkit hooks install" in result.output  # b pulled the line, but has no driver yet
    assert run("hooks", "install", vault=b).exit_code == 0
    assert "vaultkit hooks install" not in run("sync", vault=b).output
    return a, b, remote


@pytest.mark.parametrize("days", [("2026-12-03", "2026-12-01"), ("2026-12-02", "2026-12-02")])
def test_logs_of_the_same_person_on_two_clones_merge_by_themselves(driven, run, days) -> None:
    a, b, remote = driven
    assert run("log", "ada", "Call about the pilot with Monoprix", "--date", days[0], vault=a).exit_code == 0
    assert run("log", "ada", "Lunch in Lyon, talked about sailing", "--date", days[1], vault=b).exit_code == 0
    assert run("sync", vault=a).exit_code == 0
    result = run("sync", vault=b)
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.output and "pushed 1 commit" in result.output
    result = run("sync", vault=a)
    assert result.exit_code == 0, result.output
    note = "people/Ada Lovelace.md"
    assert (a / note).read_bytes() == (b / note).read_bytes()
    later, earlier = sorted(days, reverse=True)
    found = sections((a / note).read_text(encoding="utf-8"))
    assert found[0] == "## 2026-11-20 Coffee" and len(found) == 3
    assert [s[3:13] for s in found[1:]] == sorted(days)
    text = (a / note).read_text(encoding="utf-8")
    assert "Call about the pilot with Monoprix" in text and "Lunch in Lyon, talked about sailing" in text
    assert git(a, "rev-parse", "HEAD").stdout == git(remote, "rev-parse", "main").stdout


def test_front_matter_edits_and_logs_on_two_clones_merge(driven, run) -> None:
    a, b, _ = driven
    edit(a / "people" / "Ada Lovelace.md", "company: Analytical Engines", "company: Difference Engines")
    assert run("log", "ada", "Call about the pilot", "--date", "2026-12-03", vault=a).exit_code == 0
    edit(b / "people" / "Ada Lovelace.md", "name: Ada Lovelace\n", "name: Ada Lovelace\nrole: CTO\n")
    assert run("log", "ada", "Lunch in Lyon", "--date", "2026-12-01", vault=b).exit_code == 0
    assert run("sync", vault=a).exit_code == 0
    result = run("sync", vault=b)
    assert result.exit_code == 0, result.output
    text = (b / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    assert "company: Difference Engines\n" in text and "role: CTO\n" in text
    assert [s[3:13] for s in sections(text)] == ["2026-11-20", "2026-12-01", "2026-12-03"]


def test_the_same_field_set_differently_on_both_clones_still_conflicts(driven, run) -> None:
    a, b, remote = driven
    edit(a / "people" / "Ada Lovelace.md", "Analytical Engines", "Difference Engines")
    assert run("sync", vault=a).exit_code == 0
    edit(b / "people" / "Ada Lovelace.md", "Analytical Engines", "Babbage & Co")
    before = git(remote, "rev-parse", "main").stdout
    result = run("sync", vault=b)
    assert result.exit_code == 1
    assert "conflict: these notes were changed both here and on origin/main:\n  people/Ada Lovelace.md\n" \
        in result.output
    assert not (b / ".git" / "rebase-merge").exists()
    assert "Babbage & Co" in (b / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    assert git(remote, "rev-parse", "main").stdout == before
    # by hand, as the advice says: the markers are git's usual ones, around the field only
    assert git(b, "pull", "--rebase", "--autostash", check=False).returncode != 0
    text = (b / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    assert "<<<<<<< ours\ncompany: Difference Engines\n=======\ncompany: Babbage & Co\n>>>>>>> theirs\n" in text


def test_a_clone_without_the_driver_is_told_and_conflicts_as_before(clones, run) -> None:
    a, b, _ = clones
    assert run("hooks", "install", vault=a).exit_code == 0
    assert run("sync", vault=a).exit_code == 0
    assert run("log", "ada", "Call about the pilot", "--date", "2026-12-03", vault=a).exit_code == 0
    assert run("sync", vault=a).exit_code == 0
    assert run("log", "ada", "Lunch in Lyon", "--date", "2026-12-01", vault=b).exit_code == 0
    result = run("sync", vault=b)
    assert result.exit_code == 1 and "people/Ada Lovelace.md" in result.output
    assert "this clone does not have vaultkit's merge driver" in result.output
    assert "run `vaultkit hooks install` here" in result.output
    assert as_json(run("sync", "--format", "json", vault=a))["notices"] == []
    git(a, "config", "merge.vaultkit.driver", "/nowhere/bin/vaultkit merge-driver %O %A %B %P")
    assert "merge driver for notes cannot run (/nowhere/bin/vaultkit is gone)" in run("sync", vault=a).output


def test_the_attributes_line_keeps_the_users_own_lines(tmp_path, run) -> None:
    vault = new_repo(write_vault(tmp_path / "v", {"people/Bob.md": BOB}))
    (vault / ".gitattributes").write_bytes(b"*.png binary\r\n*.pdf -diff")
    assert run("hooks", "install", vault=vault).exit_code == 0
    assert (vault / ".gitattributes").read_bytes() == b"*.png binary\r\n*.pdf -diff\r\n*.md merge=vaultkit\r\n"
    assert "merge driver already registered" in run("hooks", "install", vault=vault).output
    driver = git(vault, "config", "merge.vaultkit.driver").stdout
    assert driver.strip().endswith("merge-driver %O %A %B %P")
    other = new_repo(write_vault(tmp_path / "w", {}))
    (other / ".gitattributes").write_text("*.md merge=union\n", encoding="utf-8")
    result = run("hooks", "install", vault=other)
    assert result.exit_code == 0 and "merge driver not used" in result.output and "*.md merge=union" in result.output
    assert (other / ".gitattributes").read_text(encoding="utf-8") == "*.md merge=union\n"


# -- what the hook blocks ------------------------------------------------------------

PROBLEM_LINE = re.compile(r"^[^:\n]+\.md:\d+: (error|warning): \S")


def hooked(tmp_path: Path, run, files: dict[str, str]) -> Path:
    vault = new_repo(write_vault(tmp_path / "v", files))
    git(vault, "add", "-A")
    git(vault, "commit", "-q", "--no-verify", "-m", "the notes as they were")
    assert run("hooks", "install", vault=vault).exit_code == 0
    git(vault, "add", ".gitattributes")
    git(vault, "commit", "-q", "-m", "attributes")
    return vault


def test_an_old_error_in_a_note_not_committed_does_not_block(tmp_path, run) -> None:
    vault = hooked(tmp_path, run, {"people/Bob.md": BOB, "people/Eve.md": BROKEN})
    edit(vault / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    git(vault, "commit", "-q", "-am", "Bob")  # by hand
    assert subjects(vault)[0] == "Bob"
    edit(vault / "people" / "Bob.md", "Met in Lyon.", "Met in Paris.")
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    assert subjects(vault)[0] == "vaultkit: 1 contact updated (Bob)"


def test_a_new_error_in_a_staged_note_blocks_one_problem_per_line(tmp_path, run) -> None:
    vault = hooked(tmp_path, run, {"people/Bob.md": BOB})
    (vault / "people" / "Eve.md").write_text(BROKEN, encoding="utf-8")
    (vault / "people" / "Dan.md").write_text("---\ntype: contact\n---\nSee [[Nobody at all]].\n", encoding="utf-8")
    git(vault, "add", "people")
    refused = git(vault, "commit", "-m", "Eve and Dan", check=False)
    assert refused.returncode != 0
    lines = (refused.stdout + refused.stderr).splitlines()
    problems = [line for line in lines if PROBLEM_LINE.match(line)]
    assert any(line.startswith("people/Eve.md:3: error: ") for line in problems)
    assert any(line.startswith("people/Dan.md:4: warning: ") for line in problems)  # printed, not blocking
    assert all(len(line) < 300 for line in lines)


def test_a_warning_alone_passes(tmp_path, run) -> None:
    vault = hooked(tmp_path, run, {"people/Bob.md": BOB})
    (vault / "people" / "Dan.md").write_text("---\ntype: contact\n---\nSee [[Nobody at all]].\n", encoding="utf-8")
    git(vault, "add", "people/Dan.md")
    done = git(vault, "commit", "-m", "Dan", check=False)
    assert done.returncode == 0, done.stderr
    assert "people/Dan.md:4: warning: link [[Nobody at all]] resolves to no note" in done.stdout + done.stderr
    assert subjects(vault)[0] == "Dan"


def test_a_refused_sync_puts_the_staging_area_back(tmp_path, run) -> None:
    vault = hooked(tmp_path, run, {"people/Bob.md": BOB, "todo.txt": "one\n"})
    (vault / "todo.txt").write_text("one\ntwo\n", encoding="utf-8")
    git(vault, "add", "todo.txt")  # staged by hand
    (vault / "todo.txt").write_text("one\ntwo\nthree\n", encoding="utf-8")
    edit(vault / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    (vault / "people" / "Eve.md").write_text(BROKEN, encoding="utf-8")
    staged, status = git(vault, "diff", "--cached").stdout, git(vault, "status", "--porcelain").stdout
    head = git(vault, "rev-parse", "HEAD").stdout
    result = run("sync", vault=vault)
    assert result.exit_code == 1
    assert "git refused the commit" in result.output and "the staging area is as it was" in result.output
    assert "\n  people/Eve.md:3: error: " in result.output
    assert git(vault, "diff", "--cached").stdout == staged
    assert git(vault, "status", "--porcelain").stdout == status
    assert git(vault, "rev-parse", "HEAD").stdout == head


def test_check_staged_checks_only_the_staged_notes(tmp_path, run) -> None:
    vault = hooked(tmp_path, run, {"people/Bob.md": BOB, "people/Eve.md": BROKEN})
    result = run("check", "--staged", vault=vault)
    assert result.exit_code == 0 and "Eve" not in result.output
    edit(vault / "people" / "Eve.md", "type: contact", "type: contact\nrole: x")
    git(vault, "add", "people/Eve.md")
    result = run("check", "--staged", vault=vault)
    assert result.exit_code == 1 and "people/Eve.md:" in result.output
    assert run("check", vault=vault).exit_code == 1


def test_autosync_logs_a_refused_commit_in_one_line(tmp_path, run, caplog) -> None:
    from vaultkit.watch.watcher import Watcher

    vault = hooked(tmp_path, run, {"people/Bob.md": BOB})
    (vault / "people" / "Eve.md").write_text(BROKEN, encoding="utf-8")
    watcher = Watcher(load_config(vault), autosync_minutes=1, agenda=False)
    with caplog.at_level("INFO", logger="vaultkit"):
        watcher._autosync()
        watcher._sync_thread.join(30)
    lines = [r.getMessage() for r in caplog.records if "autosync" in r.getMessage()]
    assert len(lines) == 1 and "\n" not in lines[0]
    assert lines[0].startswith("autosync: the commit was refused: people/Eve.md:3: error: ")


# -- one sync at a time --------------------------------------------------------------

HOLD = """\
import sys
from pathlib import Path
from vaultkit.sync.lock import sync_lock
with sync_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def holder(tmp_path: Path):
    """Start a real process holding a vault's sync lock; ``holder(vault)`` gives it."""
    import sys

    procs: list[subprocess.Popen] = []

    def start(vault: Path) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLD, str(vault)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout is not None and proc.stdout.readline() == "held\n"
        return proc

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_a_second_sync_waits_then_says_who_holds_the_lock(clones, run, holder, monkeypatch) -> None:
    from vaultkit.sync import lock

    a, _, _ = clones
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)
    edit(a / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    proc = holder(load_config(a).vault)
    result = run("sync", vault=a)
    assert result.exit_code == 1
    assert f"another vaultkit sync is running (pid {proc.pid}); try again when it ends" in result.output
    assert git(a, "status", "--porcelain").stdout == " M people/Bob.md\n"  # nothing done
    proc.communicate("go\n")
    result = run("sync", vault=a)
    assert result.exit_code == 0, result.output
    assert "committed" in result.output


def test_a_lock_left_by_a_dead_process_is_taken_over(clones, run, holder, monkeypatch) -> None:
    import signal
    import sys

    from vaultkit.sync import lock

    a, _, _ = clones
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.3)
    proc = holder(load_config(a).vault)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert lock.lock_path(load_config(a).vault).read_text().strip() == str(proc.pid)
    assert run("sync", vault=a).exit_code == 0
    # where there is no fcntl: the pid in the file says whether its holder is alive
    monkeypatch.setitem(sys.modules, "fcntl", None)
    path = lock.lock_path(load_config(a).vault)
    path.write_text(f"{proc.pid}\n")
    assert run("sync", vault=a).exit_code == 0
    assert not path.exists()
    path.write_text("")  # its holder died before writing its pid: taken once old enough
    os.utime(path, (1, 1))
    assert run("sync", vault=a).exit_code == 0
    path.write_text(f"{os.getpid()}\n")
    result = run("sync", vault=a)
    assert result.exit_code == 1 and f"(pid {os.getpid()})" in result.output


def test_two_syncs_at_once_both_succeed_one_after_the_other(clones) -> None:
    import sys

    a, _, remote = clones
    edit(a / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    procs = [subprocess.Popen([sys.executable, "-m", "vaultkit", "sync", "--vault", str(a)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outs
    assert not any("lock" in err for _, err in outs)
    assert subjects(remote)[0] == "vaultkit: 1 contact updated (Bob)"
    assert subjects(remote)[1] != subjects(remote)[0]


def test_autosync_skips_a_turn_while_another_sync_runs(clones, holder, caplog) -> None:
    from vaultkit.watch.watcher import Watcher

    a, _, _ = clones
    config = load_config(a)
    holder(config.vault)
    watcher = Watcher(config, autosync_minutes=1, agenda=False)
    with caplog.at_level("INFO", logger="vaultkit"):
        watcher._autosync()
        watcher._sync_thread.join(30)
    lines = [r.getMessage() for r in caplog.records if "autosync" in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith("autosync: skipped this turn: another vaultkit sync is running")


def test_the_hook_checks_the_staged_notes_of_a_vault_in_a_subfolder(tmp_path, run) -> None:
    (tmp_path / "repo").mkdir()
    repo = new_repo(tmp_path / "repo")
    vault = write_vault(repo / "notes", {"people/Bob.md": BOB, "people/Eve.md": BROKEN})
    (repo / "other.md").write_text(BROKEN, encoding="utf-8")  # outside the vault: never checked
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "-m", "as they were")
    assert run("hooks", "install", vault=vault).exit_code == 0
    assert (vault / ".gitattributes").is_file() and not (repo / ".gitattributes").exists()
    edit(vault / "people" / "Bob.md", "Met at the meetup.", "Met in Lyon.")
    (repo / "other.md").write_text(BROKEN + "\n", encoding="utf-8")
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    edit(vault / "people" / "Eve.md", "type: contact", "type: contact\nrole: x")
    git(repo, "add", "notes/people/Eve.md")
    refused = git(repo, "commit", "-m", "Eve", check=False)
    assert refused.returncode != 0 and "people/Eve.md:" in refused.stdout + refused.stderr


def test_the_driver_merges_what_the_rules_trip_on_line_by_line(tmp_path, monkeypatch) -> None:
    from vaultkit.sync import driver

    def broken(*_texts: str):
        raise RuntimeError("a case the rules did not foresee")

    monkeypatch.setattr(driver, "merge_note", broken)
    files = [tmp_path / name for name in ("base", "ours", "theirs")]
    for path, text in zip(files, ("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n"), strict=True):
        path.write_text(text, encoding="utf-8")
    assert driver.merge_files(*files).clean
    assert files[1].read_text(encoding="utf-8") == "A\nb\nC\n"
