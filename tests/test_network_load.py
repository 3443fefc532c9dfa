"""What the network of needs and offers reads of everyone: one narrow index of the contacts
(``Index.network_people``), the rest of a contact read only for the people a command scores
or shows; and the index of tags `list contacts --tag` reads."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from vaultkit.config import load_config
from vaultkit.engines.intros import Network, suggest
from vaultkit.store import schema
from vaultkit.store.index import Index

TODAY = "2026-11-26"

VAULT = {
    "people/Ada Lovelace.md": """\
        ---
        type: contact
        company: Analytical Engines
        needs: [seed funding, a CTO]
        offers: [python mentoring]
        tags: [founder, climate]
        interests: [batteries]
        ---
        """,
    "people/Bruno Échevin.md": """\
        ---
        type: contact
        company: Fonds Rhône
        needs: [un développeur python]
        offers: [levée de fonds, seed funding]
        tags: [investor]
        interests: [batteries]
        lang: fr
        ---
        """,
    "people/Chloé Martin.md": """\
        ---
        type: contact
        company: Fonds Rhône
        offers: [levée de fonds, seed funding]
        tags: [Investor]
        ---
        """,
    "people/Dan Okafor.md": """\
        ---
        type: contact
        company: Acme
        offers: [python mentoring]
        ---
        """,
    "people/Sam Rivera.md": """\
        ---
        type: contact
        needs: [a CTO]
        ---
        """,
    "notes/Reading list.md": "Nothing about anyone.\n",
}


def _vault(make_vault) -> Path:
    return make_vault({path: text for path, text in VAULT.items()})


def test_network_people_reads_everyone_by_path_from_one_index(make_vault) -> None:
    config = load_config(_vault(make_vault))
    with Index(config) as ix:
        ix.refresh()
        found = ix.network_people()
        assert found.paths == sorted(p for p in VAULT if p.startswith("people/"))
        assert found.is_me == [False, False, False, False, True]
        assert found.name_keys[1] == "bruno echevin"  # the name as compared, accents aside
        assert [found.items[t] for t in found.needs] == [
            ("seed funding", "a CTO"), ("un développeur python",), (), (), ("a CTO",)]
        assert found.items[found.offers[1]] == ("levée de fonds", "seed funding")
        assert found.offers[1] == found.offers[2]  # one stored list: worked out once
        assert [found.items[t] for t in found.tags] == [("founder", "climate"), ("investor",), ("Investor",), (), ()]
        some = ix.network_people(["people/Dan Okafor.md", "people/Ada Lovelace.md", "notes/Reading list.md"])
        assert some.paths == ["people/Ada Lovelace.md", "people/Dan Okafor.md"]  # contacts only, by path
        plan = " ".join(str(r) for r in ix.db.execute(
            "EXPLAIN QUERY PLAN SELECT path, is_me, norm, needs, offers, tags FROM contacts "
            "INDEXED BY contacts_brief ORDER BY path"))
        assert "COVERING INDEX contacts_brief" in plan and "TEMP B-TREE" not in plan  # no pass over the rows


def test_an_index_of_the_previous_schema_is_made_again_with_the_network_index(make_vault) -> None:
    vault = _vault(make_vault)
    config = load_config(vault)
    with Index(config) as ix:
        ix.refresh()
        db_path = ix.db_path
    con = sqlite3.connect(db_path)
    con.execute("DROP INDEX contacts_brief")  # as the previous schema made it
    con.execute("UPDATE meta SET value = ? WHERE key = 'version'",
                (f"{schema.SCHEMA_VERSION - 1}:old",))
    con.commit()
    con.close()
    with Index(config) as ix:
        assert ix.refresh().read == len(VAULT)  # made again from the files, without a word
        made = {r[0] for r in ix.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"contacts_brief", "contacts_tags"} <= made
        assert len(ix.network_people().paths) == 5


def test_the_network_reads_the_rest_of_a_contact_only_for_those_it_looks_at(make_vault) -> None:
    config = load_config(_vault(make_vault))
    with Index(config) as ix:
        ix.refresh()
        net = Network(ix, config, TODAY)
        read = {p.path for p in net.people if p._contact is not None}
        assert read == {"people/Sam Rivera.md"}  # the user's name only, for the drafts
        ada = net.by_path["people/Ada Lovelace.md"]
        assert ada.name == "Ada Lovelace" and ada.company_keys and ada._contact is not None
        assert [x.text for x in ada.interests] == ["batteries"]
        # Bruno's needs offer nothing of their own; what he offers is what he wrote
        assert [x.text for x in net.by_path["people/Bruno Échevin.md"].offers] == ["levée de fonds", "seed funding"]
        pairs = suggest(ix, config, TODAY, net=net)
        assert {(p["a"], p["b"]) for p in pairs} == {("Ada Lovelace", "Bruno Échevin"),
                                                     ("Ada Lovelace", "Chloé Martin")}
        # scored: read; Dan meets no one's needs: never read
        assert [p._contact is not None for p in net.people] == [True, True, True, False, True]


@pytest.mark.parametrize("subset", [False, True])
def test_a_network_of_a_few_reads_their_contacts_at_once(make_vault, subset: bool) -> None:
    config = load_config(_vault(make_vault))
    with Index(config) as ix:
        ix.refresh()
        paths = ["people/Chloé Martin.md", "people/Dan Okafor.md"] if subset else None
        net = Network(ix, config, TODAY, paths)
        assert all(p._contact is not None for p in net.people) == subset
        net.load_interests()
        assert all(p._contact is not None for p in net.people)
        assert [p.name for p in net.people][-1] == ("Dan Okafor" if subset else "Sam Rivera")


LAST_VAULT = {
    **VAULT,
    "people/Dan Okafor.md": """\
        ---
        type: contact
        company: Acme
        offers: [python mentoring]
        last_contact: 2026-10-01
        ---
        """,
    "people/Chloé Martin.md": """\
        ---
        type: contact
        company: Fonds Rhône
        offers: [levée de fonds, seed funding]
        tags: [Investor]
        last_contact: 2026-12-24
        ---
        """,
    "daily/2026-11-20.md": "Café avec [[Dan Okafor]] au Ninkasi.\n",
    "daily/2026-12-20.md": "Déjeuner avec [[Dan Okafor]] et [[Bruno Échevin]].\n",  # after the day asked about
    "events/Point hebdo.md": """\
        ---
        type: event
        date: 2026-10-01
        repeat: weekly
        attendees: ["[[Chloé Martin]]"]
        ---
        """,
    "people/Bruno Échevin.md": VAULT["people/Bruno Échevin.md"].rstrip(" ") + """\
        ## 2026-09-14 Appel
        - parlé de [[Bruno Échevin]]
        """,
}


def test_the_last_contacts_of_many_in_one_statement_are_those_of_everyone(make_vault) -> None:
    config = load_config(make_vault(LAST_VAULT))
    with Index(config) as ix:
        ix.refresh()
        paths = [p for p in LAST_VAULT if p.startswith("people/")]
        everyone = ix.last_contacts(TODAY)
    with Index(config) as ix:  # another snapshot: nothing known yet
        few = ix.last_contacts_of([*paths, "daily/2026-11-20.md"], TODAY)
        assert few == {p: d for p, d in everyone.items() if p in paths}
        assert few["people/Dan Okafor.md"] == "2026-11-20"  # the daily note, not its field nor December
        assert few["people/Chloé Martin.md"] == "2026-11-26"  # the weekly event's latest day, not her field
        assert few["people/Bruno Échevin.md"] == "2026-09-14"
        assert "people/Ada Lovelace.md" not in few
        plan = " ".join(str(r) for r in ix.db.execute(
            "EXPLAIN QUERY PLAN SELECT max(e.date) FROM edges e WHERE e.dst = ? AND e.date IS NOT NULL "
            "AND e.date <= ? AND e.src != e.dst", ("x", TODAY)))
        assert "COVERING INDEX edges_dst" in plan  # the link's source read from the index


def test_list_contacts_with_a_tag_by_name_with_their_last_contact(make_vault, run, monkeypatch) -> None:
    from .conftest import as_json

    vault = make_vault(LAST_VAULT)
    monkeypatch.setenv("COLUMNS", "60")
    rows = as_json(run("list", "contacts", "--tag", "INVESTOR", "--format", "json", vault=vault))
    assert [(r["name"], r["tags"]) for r in rows] == [("Bruno Échevin", ["investor"]), ("Chloé Martin", ["Investor"])]
    assert rows[0]["company"] == "Fonds Rhône" and rows[0]["email"] == [] and rows[0]["role"] is None
    text = run("list", "contacts", "--tag", "investor", vault=vault).output.splitlines()
    assert text[0].split() == ["name", "company", "last", "contact", "tags"]
    assert text[1].startswith("Bruno Échevin") and text[-1] == "2 contacts"
