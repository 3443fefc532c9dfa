"""`vaultkit sync` and `vaultkit hooks install`, with real git: a bare remote and two clones."""

from __future__ import annotations

import os
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

from .conftest import write_vault

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
    assert f"check --vault {shlex.quote(str(vault))}" in hook.read_text(encoding="utf-8")
    (vault / "people" / "Eve.md").write_text(BROKEN, encoding="utf-8")
    git(vault, "add", "people/Eve.md")
    refused = git(vault, "commit", "-m", "add Eve", check=False)
    assert refused.returncode != 0
    assert "people/Eve.md:3" in refused.stdout + refused.stderr
    assert subjects(vault) == ["ignore generated notes"]
    # sync goes through the same hook
    result = run("sync", vault=vault)
    assert result.exit_code == 2 and "git refused the commit" in result.output
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
    assert f"{shlex.quote(str(exe.resolve()))} check --vault" in (vault / ".git/hooks/pre-commit").read_text()


def test_gitignore_written_by_init_is_committed(tmp_path, run) -> None:
    vault = tmp_path / "v"
    assert run("init", str(vault), "--me", "Sam").exit_code == 0
    git(vault, "init", "-q", "-b", "main")
    (vault / "people" / "Bob.md").write_text(BOB, encoding="utf-8")
    (vault / "Agenda.md").write_text(AGENDA, encoding="utf-8")
    result = run("sync", vault=vault)
    assert result.exit_code == 0, result.output
    assert ".gitignore" in tracked(vault) and "Agenda.md" not in tracked(vault)
