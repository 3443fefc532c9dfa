"""The index: incremental refresh on real files, link resolution, last contact, rebuilds."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultkit.config import cache_dir, load_config
from vaultkit.store import build, fts, rows, schema, workers
from vaultkit.store.index import Index
from vaultkit.store.records import UnresolvedLink

ADA = """---
type: contact
name: Ada Lovelace
aliases: [Ada]
cadence: 1m
---
## 2026-10-01 Coffee
Talked about engines.
"""


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault({
        "people/Ada Lovelace.md": ADA,
        "people/Chloé Dubois.md": "---\ntype: contact\n---\nNotes on Chloe.\n",
        "events/2026-11-19 Meetup.md": """
            ---
            type: event
            date: 2026-11-19
            attendees: ["[[ada]]", "[[chloe dubois]]", "[[Nobody Here]]"]
            ---
            - [[Ada]]: wants an intro to a climate VC
            """,
        "daily/2026-11-21.md": "Bumped into [[Chloé Dubois]] at the bakery.\n",
        "plain.md": "Links to [[Ada Lovelace#Work|Ada]] and [[Missing]].\n",
    })


def open_index(vault: Path, parallel_threshold: int = build.PARALLEL_THRESHOLD) -> Index:
    return Index(load_config(vault), parallel_threshold=parallel_threshold)


def test_cold_build_counts_and_resolution(vault: Path) -> None:
    with open_index(vault) as ix:
        result = ix.refresh()
        assert result.read == 5 and result.deleted == 0
        assert ix.counts() == {"contact": 2, "event": 1, "note": 2}
        # case- and accent-insensitive, file name then aliases
        assert ix.resolve_link("ada") == "people/Ada Lovelace.md"
        assert ix.resolve_link("CHLOE DUBOIS") == "people/Chloé Dubois.md"
        assert ix.resolve_link("people/Ada Lovelace.md") == "people/Ada Lovelace.md"
        assert ix.resolve_link("Nobody Here") is None
        targets = ["ada", "CHLOE DUBOIS", "people/Ada Lovelace.md", "Nobody Here", "Ada"]
        assert ix.resolve_links(targets) == {t: ix.resolve_link(t) for t in targets}  # one query, same answers
        assert ix.resolve_links([]) == {}
        assert ix.unresolved_links() == [UnresolvedLink("events/2026-11-19 Meetup.md", 4, "Nobody Here"),
                                         UnresolvedLink("plain.md", 1, "Missing")]


def test_last_contact_sources(vault: Path) -> None:
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.last_contacts("2026-11-30") == {
            "people/Ada Lovelace.md": "2026-11-19",  # the event she attended
            "people/Chloé Dubois.md": "2026-11-21",  # the daily note linking to her
        }
        # never a date after the day asked about
        assert ix.last_contacts("2026-11-20") == {
            "people/Ada Lovelace.md": "2026-11-19", "people/Chloé Dubois.md": "2026-11-19"}
        assert ix.last_contacts("2026-10-15") == {"people/Ada Lovelace.md": "2026-10-01"}


def test_explicit_last_contact_and_later_derived_date(make_vault) -> None:
    vault = make_vault({
        "people/A.md": "---\ntype: contact\nlast_contact: 2026-05-01\n---\n## 2026-03-01 Call\n",
        "people/B.md": "---\ntype: contact\nlast_contact: 2026-05-01\n---\n## 2026-06-01 Call\n",
    })
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.last_contacts("2026-12-01") == {"people/A.md": "2026-05-01", "people/B.md": "2026-06-01"}


def test_refresh_sees_edit_add_delete_rename(vault: Path) -> None:
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.refresh().read == 0  # nothing changed: nothing re-read

        ada = vault / "people" / "Ada Lovelace.md"
        ada.write_text(ADA.replace("aliases: [Ada]", "aliases: [Countess]"), encoding="utf-8")
        result = ix.refresh()
        assert (result.read, result.deleted, result.changed) == (1, 0, ["people/Ada Lovelace.md"])
        assert ix.resolve_link("Countess") == "people/Ada Lovelace.md"
        assert ix.resolve_link("Ada") is None  # the event's [[ada]] link is re-resolved too
        assert UnresolvedLink("events/2026-11-19 Meetup.md", 4, "ada") in ix.unresolved_links()

        (vault / "people" / "Ada.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
        result = ix.refresh()
        assert result.read == 1 and ix.resolve_link("ada") == "people/Ada.md"
        assert UnresolvedLink("events/2026-11-19 Meetup.md", 4, "ada") not in ix.unresolved_links()

        (vault / "plain.md").unlink()
        result = ix.refresh()
        assert (result.read, result.deleted) == (0, 1)
        assert "plain.md" not in ix.paths()

        os.rename(vault / "people" / "Chloé Dubois.md", vault / "people" / "Chloé Martin.md")
        result = ix.refresh()
        assert (result.read, result.deleted) == (1, 1)
        assert ix.resolve_link("Chloé Dubois") is None
        assert ix.resolve_link("chloe martin") == "people/Chloé Martin.md"
        assert ix.refresh().read == 0


def test_same_size_same_mtime_rewrite_is_seen_by_inode(vault: Path) -> None:
    with open_index(vault) as ix:
        ix.refresh()
        path = vault / "plain.md"
        before = path.stat()
        tmp = vault / "plain.tmp"
        tmp.write_text("Links to [[Chloé Dubois]] and [[Missing]] !\n"[: before.st_size], encoding="utf-8")
        os.utime(tmp, ns=(before.st_atime_ns, before.st_mtime_ns))
        os.replace(tmp, path)  # editors save by rename: new inode, maybe same size and mtime
        assert ix.refresh().read == 1


def test_index_lives_outside_the_vault_and_is_private(vault: Path) -> None:
    with open_index(vault) as ix:
        ix.refresh()
        assert vault not in ix.db_path.parents
        assert stat.S_IMODE(ix.db_path.stat().st_mode) == 0o600
        assert stat.S_IMODE(cache_dir(vault).stat().st_mode) == 0o700


def test_cache_folders_are_private_whatever_the_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    old = os.umask(0)
    try:
        made = cache_dir(tmp_path / "My Vault")
        (tmp_path / "cache" / "vaultkit").chmod(0o755)  # as an older vaultkit left it
        (made / "index.sqlite").touch(mode=0o644)
        again = cache_dir(tmp_path / "My Vault")
        with Index(load_config(tmp_path), db_path=again / "index.sqlite") as ix:
            ix.refresh()
    finally:
        os.umask(old)
    assert again == made and made.name.startswith("My-Vault-")
    for folder in (made, made.parent):  # they show the vaults' folder names
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((made / "index.sqlite").stat().st_mode) == 0o600


def test_schema_mismatch_rebuilds_silently(vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_index(vault) as ix:
        ix.refresh()
        db_path = ix.db_path
    con = sqlite3.connect(db_path)
    con.execute("UPDATE meta SET value='0:old' WHERE key='version'")
    con.commit()
    con.close()
    with open_index(vault) as ix:
        assert ix.refresh().read == 5  # rebuilt from the files, no error
        assert ix.counts()["contact"] == 2


def test_config_change_rebuilds(vault: Path) -> None:
    (vault / "people" / "Typeless.md").write_text("employer: Acme\n", encoding="utf-8")
    (vault / "people" / "Typeless.md").write_text("---\nemployer: Acme\n---\n", encoding="utf-8")
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.counts()["contact"] == 3
        assert ix.note("people/Typeless.md").fields.get("company") is None
    (vault / ".vaultkit" / "config.yaml").write_text(
        "me: Sam\npeople_folders: [nobody]\naliases: {company: [employer]}\n", encoding="utf-8")
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.counts()["contact"] == 2  # the typeless note is not in a people folder any more
        assert ix.note("people/Typeless.md").kind == "note"
    (vault / ".vaultkit" / "config.yaml").write_text("aliases: {company: [employer]}\n", encoding="utf-8")
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.note("people/Typeless.md").fields["company"] == ["Acme"]


def _dump(ix) -> dict[str, list]:
    """Every row of every table, sorted (the order rows were written in does not matter)."""
    return {t: sorted(ix.db.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in schema.ALL_TABLES}


def test_parallel_cold_build_equals_serial(make_vault) -> None:
    files = {f"people/P{i}.md": f"---\ntype: contact\nknows: ['[[P{i + 1}]]']\n---\n## 2026-01-0{i % 9 + 1} x\n"
             for i in range(60)}
    files["events/Meetup.md"] = "---\ndate: 2026-01-05\nattendees: ['[[P1]]', Nobody]\n---\n- [[P2]]: talked\n"
    files["archive/P1.md"] = "same name as a contact, a longer path\n"  # links still go to the contact
    files["people/Other.md"] = "---\ntype: contact\naliases: [P2, P61]\n---\n"  # an alias ranks last
    vault = make_vault(files)
    with open_index(vault, parallel_threshold=10) as ix:
        stale = ix.db_path.parent / "refresh-killed"  # as a refresh killed with SIGKILL leaves it
        (stale / "shard-1.sqlite").parent.mkdir()
        (stale / "shard-1.sqlite").write_bytes(b"partial")
        assert ix.refresh().read == 63
        parallel = _dump(ix)
        resolved = dict(ix.db.execute("SELECT target, dst FROM edges WHERE src='events/Meetup.md'"))
        assert resolved["P1"] == "people/P1.md" and resolved["P2"] == "people/P2.md"
        assert ix.resolve_link("P61") == "people/Other.md"
        assert not list(ix.db_path.parent.glob("refresh-*"))  # the workers' files are gone
        made = {r[0] for r in ix.db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert set(schema.INDEXES) <= made  # made again after the rows
    with open_index(vault, parallel_threshold=10**9) as ix:
        assert ix.refresh(rebuild=True).read == 63
        serial = _dump(ix)
    assert parallel == serial and len(serial["edges"]) == 64


def test_a_parallel_first_build_ends_with_the_scans_fingerprint(make_vault) -> None:
    vault = make_vault({f"people/P{i}.md": "---\ntype: contact\n---\n" for i in range(40)})
    with open_index(vault, parallel_threshold=10) as ix:
        result = ix.refresh()
        assert result.read == 40 and result.total == 40 and len(result.changed) == 40
        assert build.get_meta(ix.db, "scan") == build.fingerprint_of(*build.listing(str(vault)))  # next time: no work
        assert ix.refresh().read == 0


def test_a_first_build_that_finds_the_index_built_meanwhile_reads_only_what_changed(
        make_vault, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = make_vault({f"people/P{i}.md": "---\ntype: contact\n---\n" for i in range(40)})
    real_apply = build.Builder.apply
    other_built: list[int] = []

    def apply(self, plan, progress=None):  # between the plan and the write lock
        if not other_built:
            other_built.append(0)
            with open_index(vault) as other:  # another process builds the index first
                other_built[0] = other.refresh().read
        return real_apply(self, plan, progress)

    monkeypatch.setattr(build.Builder, "apply", apply)
    with open_index(vault, parallel_threshold=10) as ix:
        result = ix.refresh()  # planned 40 notes to read; under the lock, none is left
        assert other_built == [40]
        assert result.read == 0 and result.total == 40
        assert ix.counts()["contact"] == 40
        (vault / "people" / "P1.md").write_text("---\ntype: contact\nname: Yan\n---\n", encoding="utf-8")
        assert ix.refresh().changed == ["people/P1.md"]


def test_a_first_build_next_to_other_threads_starts_fresh_worker_processes(
        make_vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process running threads (the watcher's) must not fork: its workers are spawned, and
    get the vault, the config and the links' work by pickling."""
    import multiprocessing
    import threading

    files = {f"people/P{i}.md": f"---\ntype: contact\nknows: ['[[P{i + 1}]]']\n---\n" for i in range(30)}
    vault = make_vault(files)
    methods: list[str] = []
    real_context = multiprocessing.get_context

    def get_context(method=None):
        methods.append(method)
        return real_context(method)

    monkeypatch.setattr(multiprocessing, "get_context", get_context)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with open_index(vault, parallel_threshold=10) as ix:
            assert ix.refresh().read == 30
            parallel = _dump(ix)
    finally:
        stop.set()
        other.join()
    assert methods == ["spawn"]
    with open_index(vault, parallel_threshold=10**9) as ix:
        ix.refresh(rebuild=True)
        assert _dump(ix) == parallel and len(parallel["edges"]) == 30


def test_parallel_refresh_of_a_filled_index_re_resolves_links(make_vault) -> None:
    files = {f"people/P{i}.md": f"---\ntype: contact\nknows: ['[[Q{i}]]']\n---\n" for i in range(30)}
    vault = make_vault(files)
    with open_index(vault, parallel_threshold=10) as ix:
        ix.refresh()
        assert ix.db.execute("SELECT count(*) FROM edges WHERE dst IS NULL").fetchone()[0] == 30
        for i in range(30):  # new notes named like the old links' targets, parsed in parallel
            (vault / "people" / f"Q{i}.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
        dropped: list[str] = []
        ix.db.set_trace_callback(lambda sql: dropped.append(sql) if sql.startswith("DROP INDEX") else None)
        assert ix.refresh_paths([f"people/Q{i}.md" for i in range(30)]).read == 30
        ix.db.set_trace_callback(None)
        assert dropped == []  # the index was not empty: its table indexes stay
        parallel = _dump(ix)
        assert ix.db.execute("SELECT count(*) FROM edges WHERE dst IS NULL").fetchone()[0] == 0
    with open_index(vault, parallel_threshold=10**9) as ix:
        ix.refresh(rebuild=True)
        assert _dump(ix) == parallel


@pytest.mark.parametrize("how", ["raises", "is killed"])
def test_a_worker_that_fails_fails_the_refresh_and_leaves_the_index_as_it_was(
        make_vault, monkeypatch, how: str) -> None:
    import signal

    vault = make_vault({f"people/P{i}.md": "---\ntype: contact\n---\n" for i in range(30)})

    def failing(*args):
        if how == "raises":
            raise ValueError("unreadable")
        os.kill(os.getpid(), signal.SIGKILL)

    with open_index(vault, parallel_threshold=10) as ix:
        with monkeypatch.context() as patch, pytest.raises(
                ValueError if how == "raises" else workers.WorkerDied):
            patch.setattr(workers, "read_rows", failing)  # the workers are forked: they have it
            ix.refresh()
        assert ix.paths() == [] and not list(ix.db_path.parent.glob("refresh-*"))
        assert ix.refresh().read == 30


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="finds the workers in /proc")
def test_the_workers_of_a_refresh_killed_with_sigkill_end(make_vault) -> None:
    import subprocess
    import sys
    import time

    vault = make_vault({f"people/P{i}.md": "---\ntype: contact\n---\n" for i in range(200)})
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from vaultkit.config import load_config\n"
        "from vaultkit.store import rows, workers\n"
        "from vaultkit.store.index import Index\n"
        "workers.read_rows = lambda *a: time.sleep(1) or rows.read_rows(*a)  # slow batches\n"
        "Index(load_config(Path(sys.argv[1])), parallel_threshold=10).refresh()\n")
    refresh = subprocess.Popen([sys.executable, "-c", script, str(vault)])
    children = Path(f"/proc/{refresh.pid}/task/{refresh.pid}/children")
    deadline = time.monotonic() + 30
    found: list[str] = []
    while not found and time.monotonic() < deadline:
        found = children.read_text().split() if children.exists() else []
        time.sleep(0.05)
    refresh.kill()
    refresh.wait()
    assert found, "the refresh started no worker"

    def running(pid: str) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False

    deadline = time.monotonic() + 15
    while any(running(pid) for pid in found) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(running(pid) for pid in found)


def test_bad_notes_are_reported_and_skipped(make_vault) -> None:
    vault = make_vault({
        "people/Good.md": "---\ntype: contact\n---\n",
        "people/Broken.md": "---\nname: [oops\n---\n",
        "people/Latin.md": b"---\nname: Zo\xeb\n---\n".decode("latin-1"),
    })
    (vault / "people" / "Latin.md").write_bytes(b"---\nname: Zo\xeb\n---\n")
    with open_index(vault) as ix:
        ix.refresh()
        problems = {p.path: p for p in ix.problems()}
        assert set(problems) == {"people/Broken.md", "people/Latin.md"}
        assert problems["people/Broken.md"].line == 2
        assert ix.counts()["contact"] == 3


def test_unreadable_file_does_not_stop_refresh(make_vault) -> None:
    if os.geteuid() == 0:
        # root reads everything: make the file vanish between scan and read instead
        vault = make_vault({"people/A.md": "---\ntype: contact\n---\n"})
        with open_index(vault) as ix:
            from vaultkit.notes import vault as vault_module

            real_listing = vault_module.listing

            def list_then_delete(root: str):
                entries = real_listing(root)
                (Path(root) / "people" / "A.md").unlink()
                return entries

            build.listing, saved = list_then_delete, build.listing
            try:
                assert ix.refresh().read == 0
            finally:
                build.listing = saved
            assert ix.refresh().deleted == 0 and ix.paths() == []
        return
    vault = make_vault({"people/A.md": "---\ntype: contact\n---\n", "people/B.md": "x"})
    (vault / "people" / "B.md").chmod(0)
    with open_index(vault) as ix:
        ix.refresh()
        assert "people/A.md" in ix.paths()


def test_ignored_paths(make_vault) -> None:
    vault = make_vault({
        "people/A.md": "---\ntype: contact\n---\n",
        ".obsidian/x.md": "x", ".git/y.md": "y", ".trash/z.md": "z", "node_modules/m.md": "m",
        "people/A.md.swp": "s", "people/A.md~": "b", "people/.#A.md": "l", "people/4913": "t",
        "people/notes.txt": "not markdown",
    })
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.paths() == ["people/A.md"]


def test_the_listing_keeps_the_notes_is_note_path_names(make_vault) -> None:
    """The scan's inline test of a note's name agrees with the rule (``is_note_path``)."""
    from vaultkit.notes.vault import is_note_path, listing

    names = ["A.md", "B.MD", "c.Md", ".hidden.md", "x.md.swp", "x.md~", ".#x.md", "4913", "n.txt", "md",
             ".md", "Ünïcode été.md", "a.tmp", "daily/2026-12-01.md", ".config/kept.md", ".obsidian/no.md",
             "dir.md/inside.md", ".trash/no.md", "deep/er/still.md"]
    vault = make_vault({name: "x" for name in names})
    paths, stats = listing(str(vault))
    wanted = [n for n in names if is_note_path(n)]
    assert sorted(paths) == sorted(wanted) and "dir.md/inside.md" in paths and len(stats) == 3 * len(paths)
    sizes = dict(zip(paths, stats[1::3], strict=True))
    assert all(size == 1 for size in sizes.values())


def test_counts_leave_out_generated_notes_and_count_unparsed_ones(make_vault) -> None:
    vault = make_vault({
        "people/Léa Martin.md": "---\ntype: contact\n---\nVue au salon.\n",
        "people/Tom Baker.md": "---\ntype: contact\ntags: [investor]\n---\n",
        "events/2026-11-02 Meetup.md": "---\ntype: event\ndate: 2026-11-02\n---\n",
        "Agenda.md": "---\ngenerated_by: vaultkit\n---\n# Agenda\n",
        "people/Broken.md": "---\ntype: contact\nname: [unclosed\n---\n",
        "ideas.md": "Une idée.\n",
    })
    with open_index(vault) as ix:
        ix.refresh()
        by_kind = dict(ix.db.execute("SELECT kind, count(*) FROM notes WHERE body IS NOT NULL GROUP BY kind"))
        assert ix.counts() == {"contact": by_kind.get("contact", 0), "event": 1, "note": by_kind.get("note", 0)}
        assert ix.note_count() == 6 and sum(ix.counts().values()) == 5  # the agenda note left out


def test_a_note_that_could_not_be_read_is_found_by_its_index(make_vault) -> None:
    """``has_unread`` asks the partial index ``notes_unread``: a note stored with the stat of a
    note that could not be read keeps the scan's fingerprint from being saved."""
    from vaultkit.notes.model import Note
    from vaultkit.store import rows

    vault = make_vault({"people/Ana.md": "---\ntype: contact\n---\n"})
    with open_index(vault) as ix:
        ix.refresh()
        assert not rows.has_unread(ix.db) and build.get_meta(ix.db, "scan")
        ix.db.execute("BEGIN")
        rows.insert_rows(ix.db, rows.note_rows(Note(path="people/Locked.md", name="Locked"), rows.UNREAD, ""))
        ix.db.execute("INSERT OR REPLACE INTO meta VALUES ('scan', '')")  # as a refresh leaves it then
        ix.db.execute("COMMIT")
        assert rows.has_unread(ix.db)
        ix.refresh()  # Locked.md is not on disk: deleted, and nothing unread is left
        assert not rows.has_unread(ix.db) and "people/Locked.md" not in ix.paths()


def test_an_edit_is_found_from_the_parts_of_the_listing(make_vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the same paths as last time, only the notes of the parts whose stats changed are
    compared with the index; the links of other notes are still resolved again, and the index
    equals a cold one. A new or renamed note changes the paths: every note is compared."""
    from vaultkit.store.verify import verify_index

    monkeypatch.setattr(build, "PART", 4)
    files = {f"people/P{i:02}.md": f"---\ntype: contact\n---\nVu avec [[P{(i + 1) % 30:02}]].\n" for i in range(30)}
    files["daily/2026-11-20.md"] = "- Café avec [[Zoé]] au marché\n"
    vault = make_vault(files)
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.resolve_link("Zoé") is None
        saved = build.get_meta(ix.db, "scan")
        assert saved.count("|") == 1 and len(saved.split("|")[1]) == 16 * 8  # 31 notes: 8 parts
        note = vault / "people" / "P07.md"
        note.write_text("---\ntype: contact\naliases: [Zoé]\n---\nVu avec [[P08]] et [[P09]].\n", encoding="utf-8")
        parts = build.changed_parts(saved, build.fingerprint_of(*build.listing(str(vault))))
        assert parts is not None and len(parts) == 1
        result = ix.refresh()
        assert result.read == 1 and result.changed == ["people/P07.md"] and result.total == 31
        assert ix.resolve_link("Zoé") == "people/P07.md"
        assert ix.db.execute("SELECT dst FROM edges WHERE src = 'daily/2026-11-20.md'").fetchone() == (
            "people/P07.md",)  # the daily note's link, resolved again
        assert verify_index(ix) == []
        (vault / "people" / "P03.md").rename(vault / "people" / "P03 bis.md")
        assert build.changed_parts(build.get_meta(ix.db, "scan"),
                                   build.fingerprint_of(*build.listing(str(vault)))) is None
        result = ix.refresh()
        assert result.read == 1 and result.deleted == 1 and verify_index(ix) == []
        assert ix.refresh().read == 0


def test_full_text_search(vault: Path) -> None:
    with open_index(vault) as ix:
        ix.refresh()
        hits = ix.search("engines")
        assert [h.path for h in hits] == ["people/Ada Lovelace.md"]
        assert "[engines]" in hits[0].snippet
        assert ix.search('bakery" (') and ix.search("") == []
        assert [h.path for h in ix.search("chloe")][0] == "people/Chloé Dubois.md"  # accents folded


def test_search_after_a_large_refresh_and_after_a_small_one(vault: Path, monkeypatch) -> None:
    monkeypatch.setattr(fts, "FTS_REBUILD", 2)  # every refresh of the vault is "large"
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.db.execute("SELECT path FROM search_stale").fetchall() == [("",)]
        assert [h.path for h in ix.search("engines")] == ["people/Ada Lovelace.md"]
        assert ix.db.execute("SELECT count(*) FROM search_stale").fetchone()[0] == 0
        ada = vault / "people" / "Ada Lovelace.md"
        ada.write_text(ada.read_text(encoding="utf-8").replace("engines", "looms"), encoding="utf-8")
        ix.refresh()
        assert ix.db.execute("SELECT path FROM search_stale").fetchall() == [("people/Ada Lovelace.md",)]
        assert ix.search("engines") == [] and ix.search("looms")


def test_hits_ranked_alike_come_in_path_order_whatever_order_they_were_indexed_in(make_vault) -> None:
    body = "---\ntype: contact\n---\nMet at the harbour fair, works on cold chain logistics.\n"
    vault = make_vault({"people/Cleo.md": body})
    with open_index(vault) as ix:
        ix.refresh()
        assert [h.path for h in ix.search("cold chain")] == ["people/Cleo.md"]
        for name in ("Abel", "Bea"):  # indexed after Cleo, one refresh each
            (vault / "people" / f"{name}.md").write_text(body.replace("harbour", "harbor"), encoding="utf-8")
            ix.refresh()
            ix.search("cold chain")
        hits = [h.path for h in ix.search("cold chain")]
        assert hits == ["people/Abel.md", "people/Bea.md", "people/Cleo.md"]
        assert [h.path for h in ix.search("cold chain", limit=2)] == ["people/Abel.md", "people/Bea.md"]


def test_a_named_pipe_is_not_read(make_vault) -> None:
    vault = make_vault({"people/A.md": "---\ntype: contact\n---\n"})
    os.mkfifo(vault / "people" / "pipe.md")  # opening it for reading would block forever
    with open_index(vault) as ix:
        assert ix.refresh().read == 1
        assert ix.refresh_paths(["people/pipe.md", "people/A.md"]).read == 0
        assert ix.paths() == ["people/A.md"]


def test_no_change_check_survives_a_partial_refresh(vault: Path) -> None:
    with open_index(vault) as ix:
        ix.refresh()
        (vault / "plain.md").write_text("now links [[Ada]]\n", encoding="utf-8")
        assert ix.refresh_paths(["plain.md"]).read == 1
        assert ix.refresh().read == 0  # the partial refresh left nothing for the full one
        (vault / "plain.md").write_text("changed again, same tree\n", encoding="utf-8")
        assert ix.refresh().read == 1


def test_a_command_reads_one_snapshot(vault: Path) -> None:
    """While one connection holds its read snapshot, another's commit is not seen half-way."""
    reader_ix, writer_ix = open_index(vault), open_index(vault)
    try:
        reader_ix.refresh()
        reader_ix.begin_read()
        before = reader_ix.counts()
        (vault / "people" / "New.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
        assert writer_ix.refresh().read == 1
        assert reader_ix.counts() == before  # still the snapshot taken before the commit
        assert reader_ix.refresh().read == 0  # a refresh ends the snapshot and sees the commit
        assert reader_ix.counts()["contact"] == before["contact"] + 1
    finally:
        reader_ix.close()
        writer_ix.close()


def test_counts_leave_out_generated_notes(make_vault) -> None:
    vault = make_vault({"people/A.md": "---\ntype: contact\n---\n", "empty.md": "",
                        "Agenda.md": "---\ngenerated_by: vaultkit\n---\n- [[A]]\n"})
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.counts() == {"contact": 1, "event": 0, "note": 1}


@given(st.lists(st.text()))
def test_list_columns_are_json_of_the_list(items: list[str]) -> None:
    assert json.loads(rows.json_list(items)) == items


@given(st.lists(st.one_of(st.text(), st.text(alphabet='a"\\\n\x01\x7f\xa0\u2028é東 ,'), st.integers(),
                          st.none()), max_size=4))
def test_list_columns_are_the_json_encoders_text(items: list) -> None:
    """Plain strings are written without the encoder: the same text to the byte."""
    assert rows.json_list(items) == (json.dumps(items, ensure_ascii=False, separators=(",", ":"))
                                     if items else "[]")


def test_files_are_read_whole_whatever_size_the_scan_saw(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    for data in (b"", b"abc", b"x" * 100_000):
        path.write_bytes(data)
        for seen in (0, 1, len(data), len(data) + 5):  # grown, shrunk or the same since the scan
            assert rows.read_bytes(str(path), seen) == data


def test_a_new_index_has_large_pages_and_an_older_one_keeps_its_own(vault: Path) -> None:
    with open_index(vault) as ix:
        ix.refresh()
        assert ix.db.execute("PRAGMA page_size").fetchone()[0] == schema.PAGE_SIZE
        path = ix.db_path
    path.unlink()
    old = sqlite3.connect(path)  # as an earlier version made it
    old.execute("PRAGMA page_size=4096")
    old.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    old.close()
    with open_index(vault) as ix:  # another schema: rebuilt in the same file, pages unchanged
        assert ix.refresh().read == 5
        assert ix.db.execute("PRAGMA page_size").fetchone()[0] == 4096
        assert ix.resolve_link("Ada") == "people/Ada Lovelace.md"


def test_two_first_builds_at_once_both_answer_and_leave_a_whole_index(make_vault, tmp_path: Path) -> None:
    """Two processes (a command and the watcher, say) that both find the index empty: one
    waits for the other's write, neither fails, and the index ends up equal to a cold one."""
    import subprocess
    import sys

    files = {f"people/P{i}.md": f"---\ntype: contact\nknows: ['[[P{i + 1}]]']\n---\n## 2026-01-01 x\n"
             for i in range(build.PARALLEL_THRESHOLD + 200)}  # both build in parallel
    vault = make_vault(files)
    command = [sys.executable, "-m", "vaultkit", "--vault", str(vault)]
    for attempt in range(5):  # the two meet at a different point each time
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / f"cache{attempt}")}
        runs = [subprocess.Popen([*command, *args], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
                for args in (["index"], ["list", "contacts", "--format", "json"])]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        assert len(json.loads(outputs[1][0])) == len(files)
        verify = subprocess.run([*command, "index", "--verify"], env=env, capture_output=True, text=True)
        assert verify.returncode == 0, verify.stdout + verify.stderr


def test_a_command_reading_during_a_first_build_holds_up_no_commit(make_vault) -> None:
    """A command that opens the index while a first build runs reads its own snapshot, and
    never makes a refresh wait for its end: the index is in WAL mode from the start (with a
    rollback journal, a reader's lock holds up every commit until the reader is done)."""
    vault = make_vault({f"people/P{i}.md": "---\ntype: contact\n---\n" for i in range(30)})
    readers: list[Index] = []

    def open_a_reader(done: int, total: int) -> None:  # while the build holds the write lock
        if not readers:
            readers.append(open_index(vault))
            readers[0].begin_read()

    with open_index(vault, parallel_threshold=10) as ix:
        ix.db.execute("PRAGMA busy_timeout=3000")  # a commit held up fails quickly
        try:
            assert ix.refresh(progress=open_a_reader).read == 30
            reader = readers[0]
            assert reader.counts()["contact"] == 0  # its snapshot predates the build
            (vault / "people" / "New.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
            assert ix.refresh().read == 1  # committed while the reader holds its snapshot
            assert reader.counts()["contact"] == 0
            reader.begin_read()
            assert reader.counts()["contact"] == 31
            for db in (ix.db, reader.db):
                assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            for reader in readers:
                reader.close()


@pytest.mark.parametrize("where", ["example-vault", "docs/examples/broken-vault"])
def test_notes_from_the_index_are_the_readers_notes(where: str, tmp_path: Path) -> None:
    """The index keeps each note's rows, not the note: putting it back together loses nothing."""
    from vaultkit.notes.reader import Reader

    vault = Path(__file__).resolve().parents[1] / where
    config = load_config(vault)
    with Index(config, db_path=tmp_path / "index.sqlite") as ix:
        ix.refresh()
        reader = Reader(config)
        notes = ix.notes(ix.paths())
        assert len(notes) >= 3 and any(n.problems if "broken" in where else n.links and n.sections
                                       for n in notes.values())
        for path, note in notes.items():
            read = reader.read_file(path, (vault / path).read_bytes())
            read.body = ""
            assert note == read, path


def test_an_unreadable_note_is_said_and_read_once_readable(make_vault, private_dirs: Path) -> None:
    """A note the user cannot read is reported by `index` and `check`, and read as soon as it
    can be: no stored scan fingerprint hides it."""
    import shutil as _shutil

    prefix: list[str] = []
    if os.geteuid() == 0:  # root reads everything: run without that power
        if not _shutil.which("setpriv"):
            pytest.skip("running as root, and setpriv (to run without the power to read any file) is missing")
        prefix = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                  "--inh-caps", "-dac_override,-dac_read_search"]
    vault = make_vault({"people/Ada.md": "---\ntype: contact\n---\n",
                        "people/Secret.md": "---\ntype: contact\ncompany: Acme\n---\n"})
    secret = vault / "people" / "Secret.md"
    env = {**os.environ, "XDG_CACHE_HOME": str(private_dirs / "cache"), "XDG_CONFIG_HOME": str(private_dirs / "config")}

    def vaultkit(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, sys.executable, "-m", "vaultkit", *args, "--vault", str(vault)],
                              env=env, capture_output=True, text=True, timeout=120)

    secret.chmod(0o000)
    try:
        indexed = vaultkit("index")
        assert indexed.returncode == 0, indexed.stderr
        assert "1 notes with errors (run `vaultkit check`)" in indexed.stdout
        checked = vaultkit("check")
        assert "people/Secret.md:1: error: cannot read this note: Permission denied" in checked.stdout
        assert "1 notes with errors" in vaultkit("index").stdout  # still said, not hidden
    finally:
        secret.chmod(0o644)
    again = vaultkit("index")
    assert "errors" not in again.stdout, again.stdout
    listed = json.loads(vaultkit("list", "contacts", "--format", "json").stdout)
    assert {c["name"] for c in listed} == {"Ada", "Secret"}


def test_a_note_with_many_links_builds_the_same_index_with_its_link_indexes(make_vault) -> None:
    # more links than resolve.BIG into an empty table: the link indexes are made after them
    lines = [f"## 2026-01-{i % 28 + 1:02d} Call with [[P{i % 50}]]\nTalked with [[Q{i}]]" for i in range(1500)]
    files = {"people/Big.md": "---\ntype: contact\n---\n" + "\n".join(lines) + "\n"}
    files.update({f"people/P{i}.md": "---\ntype: contact\n---\n" for i in range(50)})
    vault = make_vault(files)
    with open_index(vault) as ix:
        assert ix.refresh().read == 51
        first = _dump(ix)
        made = {r[0] for r in ix.db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        assert set(schema.INDEXES) <= made
        plan = ix.db.execute("EXPLAIN QUERY PLAN SELECT * FROM edges WHERE dst = 'people/P1.md'").fetchall()
        assert "edges_dst" in str(plan)
        assert len(first["edges"]) == 3000
        (vault / "people" / "P1.md").write_text("---\ntype: contact\nemail: p1@example.org\n---\n")
        assert ix.refresh().read == 1  # a later refresh keeps them up row by row
    with open_index(vault) as ix:
        ix.refresh(rebuild=True)
        assert _dump(ix)["edges"] == first["edges"]


@given(st.integers(min_value=0, max_value=450), st.sampled_from([(",NULL", None), (",'x'", "x")]))
def test_rows_written_many_a_statement_are_the_rows_given_in_their_order(count: int, last: tuple) -> None:
    db = sqlite3.connect(":memory:", isolation_level=None)
    db.execute("CREATE TABLE t(a, b, c, d)")
    given_rows = [(f"note {n}.md", n, None if n % 3 else "2026-11-20") for n in range(count)]
    rows.insert_many(db, "t", iter(given_rows), 3, last[0])
    assert db.execute("SELECT a, b, c, d FROM t ORDER BY rowid").fetchall() == [(*r, last[1]) for r in given_rows]
    nulls = sum(1 for r in given_rows if r[2] is None)
    assert db.execute("SELECT count(*) FROM t WHERE c IS NULL").fetchone()[0] == nulls


def test_worker_batches_hold_every_note_in_order_and_end_small() -> None:
    entries = [(f"n{i}.md", 0, 0, i) for i in range(13_402)]
    batches = list(workers._batches(entries, 2))
    assert [e for batch in batches for e in batch] == entries
    sizes = [len(b) for b in batches]
    assert max(sizes) <= workers.MAX_BATCH and sizes[0] > 10 * sizes[-2]  # large first, small last
    assert all(size >= workers.MIN_BATCH for size in sizes[:-1])
    assert [len(b) for b in workers._batches(entries[:120], 2)] == [50, 50, 20]
