"""Health kept between runs (``engines/kept.kept_answer``): taken as kept while only the text
of notes changed, made again after any other change, and always the answer made afresh."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vaultkit.config import cache_dir, load_config
from vaultkit.engines import health as health_engine
from vaultkit.engines.kept import ANSWERS, kept_answer
from vaultkit.store.index import Index

TODAY = "2026-11-26"
ADA = "people/Ada Lovelace.md"
CHLOE = "people/Chloé Martin.md"
DAN = "people/Dan Quiet.md"

VAULT = {
    "people/Sam Rivera.md": """\
        ---
        type: contact
        ---
        This is me.
        """,
    ADA: """\
        ---
        type: contact
        company: Analytical
        cadence: 1m
        tags: [investor]
        ---
        ## 2026-09-20 Demo Night
        - showed me a prototype of the routing tool
        - [ ] send Ada the deck 📅 2026-11-20
        """,
    CHLOE: """\
        ---
        type: contact
        lang: fr
        cadence: 2w
        ---
        ## 2026-11-18 Café au marché
        - parle de son nouveau studio de design

        ## 2026-03-02 Rencontre au salon
        - présentée par Ada
        """,
    DAN: """\
        ---
        type: contact
        tags: [voisin]
        ---
        Neighbour, likes chess.

        ## 2026-10-01 Chess club
        - lost twice
        """,
}


def _edit(vault: Path, rel: str, old: str, new: str) -> None:
    path = vault / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _health(run, vault: Path, *args: str) -> str:
    result = run("health", "--date", TODAY, *args, vault=vault)
    assert result.exit_code == 0, result.output
    return result.stdout


def _afresh(run, vault: Path, *args: str) -> str:
    """Health with nothing kept from an earlier run."""
    folder = cache_dir(vault.resolve())
    shutil.rmtree(folder / ANSWERS, ignore_errors=True)
    (folder / "health-output.txt").unlink(missing_ok=True)
    return _health(run, vault, *args)


def _kept_files(vault: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (cache_dir(vault.resolve()) / ANSWERS).glob("*.pickle")}


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The days health was made for (not taken as kept) by the runs of a test, in order."""
    days: list[str] = []
    build = health_engine.build_health

    def counting(index, config, today, **kwargs):
        days.append(today)
        return build(index, config, today, **kwargs)

    monkeypatch.setattr(health_engine, "build_health", counting)
    return days


def test_a_text_edit_keeps_the_answer_and_it_is_the_one_made_afresh(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    first = _health(run, vault)
    assert "Ada Lovelace" in first and made == [TODAY]
    kept = _kept_files(vault)
    assert len(kept) == 1
    # the body, the text under a dated heading, a line added above a heading and a task
    _edit(vault, DAN, "likes chess", "likes chess and go")
    _edit(vault, CHLOE, "nouveau studio de design", "nouveau studio de design à Lyon")
    _edit(vault, ADA, "## 2026-09-20", "Met through Chloé.\n\n## 2026-09-20")
    again = _health(run, vault)
    assert made == [TODAY]  # not made again
    assert _kept_files(vault) == kept  # the kept answer, as it was
    assert again == first == _afresh(run, vault)


def test_the_json_for_scripts_kept_after_a_text_edit(run, make_vault, made) -> None:
    vault = make_vault(VAULT)
    first = _health(run, vault, "--format", "json")
    _edit(vault, DAN, "likes chess", "likes chess and go")
    assert _health(run, vault, "--format", "json") == first
    assert made == [TODAY]
    assert first == _afresh(run, vault, "--format", "json")


@pytest.mark.parametrize(("rel", "old", "new", "seen"), [
    # a new dated heading: Ada was 67 days past a monthly cadence, now seen yesterday
    (ADA, "## 2026-09-20 Demo Night", "## 2026-11-25 Call\n- all good\n\n## 2026-09-20 Demo Night",
     "within their monthly cadence (last contact yesterday)"),
    # the task's text: what the promise says
    (ADA, "send Ada the deck", "send Ada the term sheet", "you promised “the term sheet”"),
    # a field: Chloé's cadence, now weekly: 8 days is past it
    (CHLOE, "cadence: 2w", "cadence: 1w", "1.1× past their weekly cadence"),
    # a field: Dan's cadence
    (DAN, "type: contact\n", "type: contact\ncadence: 2m\n", "their two-monthly cadence"),
    # a job change in a dated heading's title
    (DAN, "## 2026-10-01 Chess club", "## 2026-11-20 Changed jobs: Keolis → SNCF Connect",
     "changed jobs 6 days ago: Keolis → SNCF Connect"),
])
def test_any_other_change_is_seen(run, make_vault, made, rel: str, old: str, new: str, seen: str) -> None:
    vault = make_vault(VAULT)
    first, first_json = _health(run, vault), _health(run, vault, "--format", "json")
    assert seen not in first and seen not in first_json
    _edit(vault, rel, old, new)
    again, again_json = _health(run, vault), _health(run, vault, "--format", "json")
    assert seen in again and seen in again_json
    assert made == [TODAY] * 4
    assert again == _afresh(run, vault) and again_json == _afresh(run, vault, "--format", "json")


def test_a_ticked_task_a_new_note_and_a_deleted_one_are_seen(run, make_vault) -> None:
    vault = make_vault(VAULT)
    assert "you promised “the deck”" in _health(run, vault)
    _edit(vault, ADA, "- [ ] send Ada", "- [x] send Ada")
    assert "you promised" not in _health(run, vault)
    # a dated note with a contact line: Dan was seen on 2026-11-24
    assert "Dan Quiet  last contact 2026-10-01" in _health(run, vault)
    (vault / "Daily").mkdir()
    (vault / "Daily" / "2026-11-24.md").write_text("- Appel avec [[Dan Quiet]] : tournoi\n", encoding="utf-8")
    assert "Dan Quiet  last contact 2026-11-24" in _health(run, vault)
    (vault / DAN).unlink()
    text = _health(run, vault)
    assert "Dan Quiet" not in text
    assert text == _afresh(run, vault)


def test_each_request_its_own_answer(run, make_vault, made) -> None:
    """Another day, other filters, another format: each made for itself, then kept."""
    vault = make_vault(VAULT)
    plain, investors = _health(run, vault), _health(run, vault, "--tag", "investor")
    assert "Chloé Martin" in plain and "Chloé Martin" not in investors
    later = run("health", "--date", "2027-02-01", vault=vault).stdout
    assert "Network health on 2027-02-01" in later and later != plain
    assert made == [TODAY, TODAY, "2027-02-01"]
    assert _health(run, vault) == plain and _health(run, vault, "--tag", "investor") == investors
    assert made == [TODAY, TODAY, "2027-02-01"]


def test_a_settings_change_is_seen(run, make_vault) -> None:
    vault = make_vault(VAULT)
    assert "their two-monthly cadence" not in _health(run, vault)
    config = vault / ".vaultkit" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "cadence_by_tag:\n  voisin: 2m\n", encoding="utf-8")
    text = _health(run, vault)
    assert "Dan Quiet" in text and "within their two-monthly cadence" in text
    assert text == _afresh(run, vault)


def test_kept_answer_made_again_when_the_log_cannot_tell(make_vault) -> None:
    vault = make_vault(VAULT)
    calls: list[int] = []

    def make() -> list[int]:
        calls.append(len(calls))
        return list(calls)

    with Index(load_config(vault)) as ix:
        ix.refresh()
        assert kept_answer(ix, ix.config, "test:a", make) == [0]
        assert kept_answer(ix, ix.config, "test:a", make) == [0]  # kept
        assert kept_answer(ix, ix.config, "test:b", make) == [0, 1]  # another request
        _edit(vault, DAN, "likes chess", "likes chess and go")
        ix.refresh()
        assert kept_answer(ix, ix.config, "test:a", make) == [0]  # a text edit: kept
        ix.refresh(rebuild=True)  # a new generation of the log: nothing earlier can be told
        assert kept_answer(ix, ix.config, "test:a", make) == [0, 1, 2]
        _edit(vault, DAN, "## 2026-10-01", "## 2026-10-02")
        ix.refresh()
        assert kept_answer(ix, ix.config, "test:a", make) == [0, 1, 2, 3]  # a dated heading moved
        # a kept file cut short is made again, not an error
        for path in (cache_dir(vault.resolve()) / ANSWERS).glob("*.pickle"):
            path.write_bytes(path.read_bytes()[:20])
        assert kept_answer(ix, ix.config, "test:a", make) == [0, 1, 2, 3, 4]
