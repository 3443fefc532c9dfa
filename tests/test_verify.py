"""`vaultkit index --verify`: the index compared with a cold index of the same files."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.config import cache_dir, load_config
from vaultkit.store.index import Index
from vaultkit.store.verify import verify_index

from .conftest import write_vault

ADA = """\
---
type: contact
company: Acme
aliases: [Countess]
---
## 2026-11-20 Coffee
- [ ] send the paper 📅 2026-12-01
- talked about [[Bob Stone]]
"""
BOB = "---\ntype: contact\ncompany: Globex\n---\nKnows [[Countess]].\n"
MEETUP = "---\ntype: event\ndate: 2026-11-20\nattendees: ['[[Ada Lovelace]]', '[[Bob Stone]]']\n---\n"


def vault_with_index(make_vault) -> Path:
    vault = make_vault({"people/Ada Lovelace.md": ADA, "people/Bob Stone.md": BOB,
                        "events/2026-11-20 Meetup.md": MEETUP})
    with Index(load_config(vault)) as ix:
        ix.refresh()
    return vault


def db_of(vault: Path) -> sqlite3.Connection:
    return sqlite3.connect(cache_dir(vault) / "index.sqlite", isolation_level=None)


def test_a_fresh_index_verifies(make_vault, run) -> None:
    vault = vault_with_index(make_vault)
    result = run("index", "--verify", vault=vault)
    assert result.exit_code == 0, result.output
    assert "the index matches the files (3 notes)" in result.output


def test_verify_does_not_refresh_and_lists_stale_missing_and_gone_notes(make_vault, run) -> None:
    vault = vault_with_index(make_vault)
    (vault / "people" / "Ada Lovelace.md").write_text(ADA + "more\n", encoding="utf-8")
    (vault / "people" / "Bob Stone.md").unlink()
    (vault / "people" / "Cy New.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")
    result = run("index", "--verify", vault=vault)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "people/Ada Lovelace.md: changed on disk since the index last read it" in lines
    assert "people/Bob Stone.md: in the index, but no such note on disk" in lines
    assert "people/Cy New.md: on disk, but missing from the index" in lines
    assert "events/2026-11-20 Meetup.md: index rows differ from a fresh read (edges)" in lines  # its link to Bob
    assert "4 notes differ" in result.stderr and "`vaultkit index` brings it up to date" in result.stderr
    assert run("index", "--verify", vault=vault).exit_code == 1  # still: verify never refreshes
    assert run("index", vault=vault).exit_code == 0
    assert run("index", "--verify", vault=vault).exit_code == 0


def test_rows_that_differ_are_named_by_table(make_vault, run) -> None:
    vault = vault_with_index(make_vault)
    db = db_of(vault)
    db.execute("UPDATE contacts SET companies='[\"Initech\"]' WHERE path='people/Ada Lovelace.md'")
    db.execute("INSERT INTO tasks SELECT * FROM tasks WHERE path='people/Ada Lovelace.md'")  # a duplicate
    db.execute("UPDATE edges SET dst=NULL WHERE src='people/Bob Stone.md'")  # a link resolved wrongly
    db.close()
    with Index(load_config(vault)) as ix:
        found = [str(d) for d in verify_index(ix)]
    result = run("index", "--verify", vault=vault)
    assert result.exit_code == 1 and "`vaultkit index --rebuild` repairs it" in result.stderr
    assert found == [
        "people/Ada Lovelace.md: index rows differ from a fresh read (contacts, tasks)",
        "people/Bob Stone.md: index rows differ from a fresh read (edges)",
    ]


def test_the_cold_index_is_temporary(make_vault) -> None:
    vault = vault_with_index(make_vault)
    before = sorted(p.name for p in cache_dir(vault).iterdir())
    with Index(load_config(vault)) as ix:
        assert verify_index(ix) == []
    assert sorted(p.name for p in cache_dir(vault).iterdir()) == before


NAMES = ["Ada", "Bob", "Cy", "Dee"]
FOLDERS = ["people", "clients"]
step = st.one_of(
    st.tuples(st.just("write"), st.sampled_from(FOLDERS), st.sampled_from(NAMES),
              st.lists(st.sampled_from(NAMES + ["Nobody"]), max_size=3),
              st.sampled_from(["", "Boss", "Ada"]), st.booleans()),
    st.tuples(st.just("move"), st.sampled_from(FOLDERS), st.sampled_from(NAMES),
              st.sampled_from(FOLDERS), st.sampled_from(NAMES)),
    st.tuples(st.just("delete"), st.sampled_from(FOLDERS), st.sampled_from(NAMES)),
)


def apply(vault: Path, op: tuple, clock: list[int]) -> list[str]:
    """One change on disk (each write gets its own mtime: the index keys on mtime, size and
    inode); the vault-relative paths it touched, as a watcher's events would name them."""
    kind, folder, name = op[:3]
    path = vault / folder / f"{name}.md"
    touched = [f"{folder}/{name}.md"]
    if kind == "write":
        links, alias, refresh_kind = op[3], op[4], op[5]
        front = "type: contact\n" + (f"aliases: [{alias}]\n" if alias else "")
        body = "".join(f"## 2026-11-{10 + i} Call\n- with [[{t}]]\n" for i, t in enumerate(links))
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\n{front}---\n{body}" + ("- [ ] todo 📅 2026-12-01\n" if refresh_kind else ""),
                        encoding="utf-8")
        clock[0] += 10_000_000
        os.utime(path, ns=(clock[0], clock[0]))
    elif kind == "move" and path.exists():
        dest = vault / op[3] / f"{op[4]}.md"
        dest.parent.mkdir(exist_ok=True)
        os.replace(path, dest)
        touched.append(f"{op[3]}/{op[4]}.md")
    elif kind == "delete" and path.exists():
        path.unlink()
    return touched


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.booleans(), st.lists(step, min_size=1, max_size=4)), min_size=1, max_size=6))
def test_incremental_refreshes_equal_a_cold_index(steps: list[tuple[bool, list[tuple]]]) -> None:
    """After any changes, a refresh (full, or of the touched paths only, as the watcher does
    after a burst of file events) leaves the index equal to a cold one."""
    with tempfile.TemporaryDirectory() as tmp:
        vault = write_vault(Path(tmp) / "vault", {"people/Ada.md": "---\ntype: contact\n---\n"})
        clock = [1_700_000_000_000_000_000]
        with Index(load_config(vault)) as ix:
            ix.refresh()
            for fast, burst in steps:
                touched = [p for op in burst for p in apply(vault, op, clock)]
                if fast:
                    ix.refresh_paths(touched)
                else:
                    ix.refresh()
            assert [str(d) for d in verify_index(ix)] == []
