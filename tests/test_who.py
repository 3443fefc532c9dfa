"""`vaultkit who`: the contacts who offer or know about something, ranked, with reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import as_json
from .test_intros import contact

TODAY = "2026-11-26"
KEYS = {"name", "path", "score", "reasons", "last_contact", "offers"}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(dict([
        contact("Sam Rivera", offers=["seed funding"]),
        contact("Ada Okafor", offers=["angel investment"], body="## 2026-11-20 Coffee\nTalked about her fund.\n"),
        contact("Bob Smith", interests=["levée de fonds"], role="Journalist"),
        contact("Cy Young", tags=["investor"]),
        contact("Dee Dunn", role="Business angel"),
        contact("Eve Evans", offers=["garage sale bargains", "seed catalogue"]),
        contact("Fay Fu", needs=["hiring a data analyst"]),
        contact("Gil Go", body="## 2026-10-01 Lunch\nHe is preparing a levée de fonds seed.\n"),
    ]))


def test_who_ranks_offers_then_roles_then_interests_and_tags(vault, run) -> None:
    rows = as_json(run("who", "levée de fonds seed", "--format", "json", "--date", TODAY, vault=vault))
    assert [r["name"] for r in rows] == ["Ada Okafor", "Dee Dunn", "Bob Smith", "Gil Go", "Cy Young"], \
        "equal scores: the one you talked with last first"
    assert all(set(r) == KEYS for r in rows)
    ada = rows[0]
    assert ada["reasons"][0] == "Ada offers angel investment (same concept across languages: fundraising)"
    assert ada["offers"] == ["angel investment"] and ada["last_contact"] == "2026-11-20"
    assert "you last talked with Ada 6 days ago" in ada["reasons"]
    assert "Dee works as Business angel (same concept across languages: fundraising)" in rows[1]["reasons"]
    assert "Bob is interested in levée de fonds" in rows[2]["reasons"]
    assert "you talked about it on 2026-10-01 (Lunch)" in rows[3]["reasons"]
    assert "Eve Evans" not in [r["name"] for r in rows], "a seed catalogue is no seed funding"
    assert "Sam Rivera" not in [r["name"] for r in rows], "never the user"


def test_who_reads_what_a_need_offers(vault, run) -> None:
    rows = as_json(run("who", "a job", "--format", "json", "--date", TODAY, vault=vault))
    assert [r["name"] for r in rows] == ["Fay Fu"]
    assert rows[0]["reasons"][0] == "Fay is looking for hiring a data analyst, so offers a job"
    assert rows[0]["offers"] == []


def test_who_limit_text_markdown_and_errors(vault, run) -> None:
    assert len(as_json(run("who", "seed funding", "--limit", "2", "--format", "json", vault=vault))) == 2
    text = run("who", "seed funding", "--date", TODAY, vault=vault)
    assert text.exit_code == 0 and "1. Ada Okafor" in text.output and "last talked 2026-11-20" in text.output
    md = run("who", "seed funding", "--format", "markdown", "--date", TODAY, vault=vault).output
    assert md.startswith("# Who can help with: seed funding") and "[[Ada Okafor]]" in md
    nobody = run("who", "sourdough", vault=vault)
    assert nobody.exit_code == 0 and "Nobody in your notes offers or knows about this." in nobody.output
    empty = run("who", "the", vault=vault)
    assert empty.exit_code == 2 and "no words to match" in empty.output


def test_who_cut_by_limit_keeps_the_order_of_the_whole_list(vault, run) -> None:
    args = ("who", "levée de fonds seed", "--format", "json", "--date", TODAY)
    every = [r["name"] for r in as_json(run(*args, vault=vault))]
    for limit in range(1, len(every) + 1):
        rows = as_json(run(*args, "--limit", str(limit), vault=vault))
        assert [r["name"] for r in rows] == every[:limit], f"--limit {limit}"


def test_contacts_holding_reads_the_values_as_stored(vault, run) -> None:
    from vaultkit.config import load_config
    from vaultkit.store.index import Index

    assert run("index", vault=vault).exit_code == 0
    ix = Index(load_config(vault))
    try:
        ix.refresh()
        values = ix.contact_values(["offers", "role"])
        assert ("seed funding",) in values["offers"].values()
        assert values["role"]["Journalist"] == ("Journalist",)
        seed = [text for text, items in values["offers"].items() if items == ("seed funding",)]
        found = ix.contacts_holding({"offers": seed, "role": ["Business angel"]})
        assert {Path(p).stem for p in found} >= {"Sam Rivera", "Dee Dunn"}
        assert "Ada Okafor" not in {Path(p).stem for p in found}
        with pytest.raises(ValueError):
            ix.contact_values(["emails"])
    finally:
        ix.close()
