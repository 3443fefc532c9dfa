"""Who offers what someone needs: one matcher (``terms.meets``) for introductions, the "who could
help" line of drafted messages, sharing and event preparation, and the commands agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vaultkit.config import load_config
from vaultkit.engines.agenda import Agenda
from vaultkit.engines.intros import suggest
from vaultkit.engines.sharing import share
from vaultkit.engines.terms import CLOSE, EXACT, Phrase, Vocabulary, meets, shared
from vaultkit.store.index import Index

from .conftest import as_json

TODAY = "2026-11-26"
SYNONYMS = {"fundraising": ["seed investors", "levée de fonds"]}


def phrase(text: str, vocab: Vocabulary | None = None) -> Phrase:
    vocab = vocab or Vocabulary(SYNONYMS)
    return Phrase(text, vocab.full(text), vocab.parts(text))


class Several:
    """A group of phrases, as someone's needs or offers: the union of their keys."""

    def __init__(self, *texts: str):
        found = [phrase(t) for t in texts]
        self.full = frozenset().union(*(p.full for p in found))
        self.all = frozenset().union(*(p.all for p in found))


@pytest.mark.parametrize(("wanted", "offered", "strength"), [
    ("dbt freelancers", "dbt freelancer", EXACT),
    ("a DBT Freelancer!", "dbt-freelancers", EXACT),
    ("Levées de fonds", "levee de fonds", EXACT),
    ("seed investors", "Fundraising", EXACT),
    ("levée de fonds", "seed investor", EXACT),
    ("dashboards", "dashboard design", CLOSE),
    ("dashboard design", "dashboards", CLOSE),
    ("seed investors intros", "fundraising", CLOSE),
    ("hiring engineers", "seed investors", 0.0),
    ("design", "designer", 0.0),
    ("", "dbt", 0.0),
])
def test_meets(wanted: str, offered: str, strength: float) -> None:
    assert meets(phrase(wanted), phrase(offered)) == strength
    assert meets(phrase(offered), phrase(wanted)) == strength, "the same both ways"


def test_meets_between_groups_is_the_best_of_any_two() -> None:
    needs = Several("legal advice", "dashboards", "dbt freelancers")
    assert meets(needs, Several("dashboard design", "dbt freelancer")) == EXACT
    assert meets(needs, Several("dashboard design", "jazz")) == CLOSE
    assert meets(needs, Several("jazz")) == 0.0
    assert meets(needs, phrase("Legal advice")) == EXACT


def test_shared_interests_and_tags_mean_the_same() -> None:
    class Group(Several):
        def __init__(self, *texts: str):
            super().__init__(*texts)
            self.phrases = [phrase(t) for t in texts]

        def __iter__(self):
            return iter(self.phrases)

    mine = Group("Seed investors", "food waste", "dashboards", "jazz")
    assert shared(mine, Group("fundraising", "Food-waste", "dashboard design")) == ["Seed investors", "food waste"]
    assert shared(mine, Group("dashboard design")) == []


def contact(name: str, **fields: list[str]) -> tuple[str, str]:
    lines = ["---", "type: contact"] + [f"{k}: [{', '.join(v)}]" for k, v in fields.items()]
    return f"people/{name}.md", "\n".join([*lines, "---", ""])


NEEDS = {
    "Julien Petit": ["dbt freelancers", "seed investors", "a sommelier"],
    "Léa Roux": ["a dbt freelancer"],
    "Zoé Blanc": ["dashboards"],
}
OFFERS = {
    "Thomas Martin": ["dbt freelancer"],
    "Omar Siddiqui": ["fundraising"],
    "Nadia Benali": ["dashboard design"],
    "Sam Rivera": ["dbt freelancer"],  # the user: never one of the people found
}


@pytest.fixture
def small_vault(make_vault) -> Path:
    notes = dict(contact(n, needs=v) for n, v in NEEDS.items())
    notes.update(contact(n, offers=v) for n, v in OFFERS.items())
    notes["events/2026-11-24 Data meetup.md"] = ("---\ntype: event\ndate: 2026-11-24\n"
                                                 "attendees: ['[[Julien Petit]]']\n---\n")
    config = "me: Sam Rivera\nsynonyms:\n  fundraising: [seed investors, levée de fonds]\n"
    return make_vault(notes, config=config)


def test_a_plural_need_is_met_by_a_singular_offer_in_introductions_and_in_the_follow_up(small_vault, run) -> None:
    intros = as_json(run("intros", "Julien Petit", "--date", TODAY, "--format", "json", vault=small_vault))
    assert ("Julien Petit", "Thomas Martin") in [(i["a"], i["b"]) for i in intros]
    followup = as_json(run("followup", "Julien Petit", "--date", TODAY, "--format", "json", vault=small_vault))
    assert ("I thought of Thomas Martin, who could help you find dbt freelancers: happy to introduce you."
            in followup[0]["draft"])


def _intro_givers(ix, config, needer: str, need: str) -> set[str]:
    """Whom introductions pair ``needer`` with for ``need``, read from the reasons given."""
    first = needer.split()[0]
    found = set()
    for item in suggest(ix, config, TODAY, name_path=f"people/{needer}.md", limit=50):
        other = item["b"] if item["a"] == needer else item["a"]
        if any(re.match(rf"{first} needs {re.escape(need)}[,;]", r) for r in item["reasons"]):
            found.add(other)
    return found


def test_introductions_helpers_and_share_find_the_same_people(small_vault) -> None:
    config = load_config(small_vault)
    with Index(config) as ix:
        ix.refresh()
        net = Agenda(ix, config, TODAY).network
        for needer, needs in NEEDS.items():
            for need in needs:
                helpers = [p.name for p in net.helpers(net.terms.phrase(need))]
                assert set(helpers) == _intro_givers(ix, config, needer, need), (needer, need)
        helpers_of = {need: [p.name for p in net.helpers(net.terms.phrase(need))] for need in NEEDS["Julien Petit"]}
        assert helpers_of == {"dbt freelancers": ["Thomas Martin"], "seed investors": ["Omar Siddiqui"],
                              "a sommelier": []}
        assert [p.name for p in net.helpers(net.terms.phrase("dashboards"))] == ["Nadia Benali"]
        for giver, offers in OFFERS.items():
            if giver == "Sam Rivera":
                continue
            (offer,) = offers
            looking = {r["name"] for r in share(ix, config, TODAY, offer, limit=50)
                       if any(x.startswith(f"{r['name'].split()[0]} is looking for") for x in r["reasons"])}
            paired = {n for n, needs in NEEDS.items() if any(giver in _intro_givers(ix, config, n, x) for x in needs)}
            assert looking == paired, (giver, offer)


def test_helpers_rank_exact_matches_then_the_same_words_then_names(make_vault) -> None:
    vault = make_vault(dict([
        contact("Ada", offers=["seed investor"]),
        contact("Bea", offers=["fundraising"]),
        contact("Cy", offers=["seed investors network"]),
        contact("Al", offers=["fundraising"]),
        contact("Dee", needs=["seed investors"]),
    ]), config="synonyms:\n  fundraising: [seed investors]\n")
    config = load_config(vault)
    with Index(config) as ix:
        ix.refresh()
        net = Agenda(ix, config, TODAY).network
        assert [p.name for p in net.helpers(net.terms.phrase("seed investors"))] == ["Ada", "Al", "Bea", "Cy"]
