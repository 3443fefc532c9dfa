"""Introductions: matching, ranking, exclusions, drafts, recording with `intro`, and `share`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from vaultkit.config import load_config
from vaultkit.engines.intros import Network, suggest
from vaultkit.engines.sharing import share
from vaultkit.notes import writer
from vaultkit.store.index import Index

from .conftest import EXAMPLE_VAULT, as_json

TODAY = "2026-11-26"
KEYS = {"a", "b", "a_path", "b_path", "score", "reasons", "draft", "draft_b"}
OPTIONAL = {"mailto", "mailto_b", "notices", "notices_b"}  # only when not empty


def contact(name: str, **fields: object) -> tuple[str, str]:
    """A contact note: ``fields`` as front matter (lists in flow style), ``body`` as text."""
    body = str(fields.pop("body", ""))
    lines = ["---", "type: contact"]
    for key, value in fields.items():
        if isinstance(value, list):
            value = "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
        lines.append(f"{key}: {value}")
    return f"people/{name}.md", "\n".join(lines + ["---", body]) + "\n"


def event(title: str, date: str, attendees: list[str], **fields: object) -> tuple[str, str]:
    lines = ["---", "type: event", f"title: {title}", f"date: {date}", "attendees:"]
    lines += [f'  - "[[{a}]]"' for a in attendees]
    lines += [f"{k}: {v}" for k, v in fields.items()]
    return f"events/{date} {title}.md", "\n".join(lines + ["---", ""]) + "\n"


def vault_of(make_vault, *notes: tuple[str, str], config: str = "me: Sam Rivera\n", name: str = "vault") -> Path:
    return make_vault(dict(notes), config=config, name=name)


def run_suggest(vault: Path, name_path: str | None = None, limit: int = 20, weak: bool = False) -> list[dict]:
    config = load_config(vault)
    with Index(config) as ix:
        ix.refresh()
        return suggest(ix, config, TODAY, name_path=name_path, limit=limit, weak=weak)


def pairs(items: list[dict]) -> list[frozenset[str]]:
    return [frozenset((i["a"], i["b"])) for i in items]


def pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


SCENARIO = [
    contact("Sam Rivera", needs=["seed funding", "pilot customers"], offers=["product design"]),
    contact("Alice Archer", needs=["pilot customers"], offers=["cold-chain solutions"], interests=["food waste"]),
    contact("Bruno Blanc", needs=["Cold chain solution"], offers=["Pilot customers"], interests=["Food waste"]),
    contact("Carla Costa", needs=["a designer"], offers=["legal advice"]),
    contact("Dev Desai", offers=["designers", "seed funding"]),
    contact("Eve Evans", interests=["food waste", "jazz"]),
    contact("Fred Fox", interests=["Jazz"]),
    contact("Gus Grey", interests=["sailing"]),
]


# -- ranking ---------------------------------------------------------------------------


def test_two_way_beats_one_way_beats_interests_only(make_vault) -> None:
    vault = vault_of(make_vault, *SCENARIO)
    assert pairs(run_suggest(vault)) == [pair("Alice Archer", "Bruno Blanc"), pair("Carla Costa", "Dev Desai")], \
        "pairs that only share interests are left out unless asked for"
    items = run_suggest(vault, weak=True)
    got = pairs(items)
    assert got[0] == pair("Alice Archer", "Bruno Blanc")
    assert got[1] == pair("Carla Costa", "Dev Desai")
    interests_only = {pair("Eve Evans", "Fred Fox"), pair("Alice Archer", "Eve Evans"),
                      pair("Bruno Blanc", "Eve Evans")}
    assert set(got[2:]) == interests_only
    assert items[0]["score"] > items[1]["score"] > max(i["score"] for i in items[2:])
    assert "two-way match: each can help the other" in items[0]["reasons"]
    assert "Carla needs a designer, which Dev offers (same words)" in items[1]["reasons"]
    assert any("both interested in jazz" in r for i in items for r in i["reasons"])
    assert all(any("a weak reason to meet" in r for r in i["reasons"]) for i in items[2:])


def test_the_user_is_never_part_of_a_suggestion(make_vault) -> None:
    items = run_suggest(vault_of(make_vault, *SCENARIO))
    assert items and all("Sam Rivera" not in (i["a"], i["b"]) for i in items)


def test_the_interface_of_a_suggestion(make_vault) -> None:
    items = run_suggest(vault_of(make_vault, *SCENARIO))
    for item in items:
        assert KEYS <= set(item) <= KEYS | OPTIONAL
        assert isinstance(item["score"], float) and round(item["score"], 2) == item["score"]
        assert item["a_path"] == f"people/{item['a']}.md" and item["b_path"] == f"people/{item['b']}.md"
        assert all(isinstance(r, str) and r for r in item["reasons"])


def test_the_one_who_gains_is_asked_first(make_vault) -> None:
    items = run_suggest(vault_of(make_vault, *SCENARIO))
    one_way = items[1]
    assert (one_way["a"], one_way["b"]) == ("Carla Costa", "Dev Desai")
    assert one_way["draft"].startswith("Hi Carla,")
    assert "Dev could help you find a designer." in one_way["draft"]


def test_limit_and_involving_one_contact(make_vault) -> None:
    vault = vault_of(make_vault, *SCENARIO)
    assert len(run_suggest(vault, limit=2)) == 2
    assert run_suggest(vault, limit=0) == []
    assert run_suggest(vault, name_path="people/Eve Evans.md") == [], "Eve only shares interests"
    around = run_suggest(vault, name_path="people/Eve Evans.md", weak=True)
    assert set(pairs(around)) == {pair("Eve Evans", "Fred Fox"), pair("Alice Archer", "Eve Evans"),
                                  pair("Bruno Blanc", "Eve Evans")}


def test_ties_are_broken_by_names_and_output_is_stable(make_vault) -> None:
    vault = vault_of(
        make_vault,
        contact("Zoe Zed", needs=["printing"]), contact("Yann Yole", offers=["printing"]),
        contact("Abel Ant", needs=["printing"]), contact("Bea Bee", offers=["printing"]),
    )
    first = run_suggest(vault)
    assert len({i["score"] for i in first}) == 1
    names = [tuple(sorted((i["a"], i["b"]))) for i in first]
    assert names == sorted(names)
    assert run_suggest(vault) == first


def test_a_recent_relationship_makes_an_introduction_more_credible(make_vault) -> None:
    vault = vault_of(
        make_vault,
        contact("Ada Lovelace", needs=["printing"], body="## 2026-11-23 Coffee\nTalked.\n"),
        contact("Bob Smith", offers=["printing"], body="## 2023-05-01 Lunch\nLong ago.\n"),
        contact("Cy Young", needs=["printing"]),
        contact("Di Ross", offers=["printing"]),
    )
    items = run_suggest(vault)
    by_pair = {frozenset((i["a"], i["b"])): i for i in items}
    ada_bob = by_pair[pair("Ada Lovelace", "Bob Smith")]
    assert "you last talked with Ada 3 days ago" in ada_bob["reasons"]
    assert "you haven't talked with Bob since 2023-05-01" in ada_bob["reasons"]
    assert ada_bob["score"] > by_pair[pair("Cy Young", "Di Ross")]["score"]
    assert "you have no recorded interaction with Cy yet" in by_pair[pair("Cy Young", "Di Ross")]["reasons"]


def test_same_company_lowers_the_score_and_says_so(make_vault) -> None:
    vault = vault_of(
        make_vault,
        contact("Ada Lovelace", needs=["printing"], company="Acme"),
        contact("Bob Smith", offers=["printing"], company="[[Acme]]"),
        contact("Cy Young", needs=["printing"], company="Freelance"),
        contact("Di Ross", offers=["printing"], company="Freelance"),
    )
    items = {frozenset((i["a"], i["b"])): i for i in run_suggest(vault)}
    same = items[pair("Ada Lovelace", "Bob Smith")]
    assert "both at Acme: they may already know each other (score lowered)" in same["reasons"]
    other = items[pair("Cy Young", "Di Ross")]
    assert same["score"] < other["score"]
    assert not any("both at" in r for r in other["reasons"]), "freelancers do not share a company"


# -- exclusions -------------------------------------------------------------------------


BASE = [
    contact("Ada Lovelace", needs=["printing"]),
    contact("Bob Smith", offers=["printing"]),
    contact("Xena One"), contact("Xavier Two"), contact("Xiu Three"), contact("Xan Four"),
    contact("Xia Five"), contact("Xim Six"),
]
EXCLUSIONS = {
    "knows as a link": [contact("Ada Lovelace", needs=["printing"], knows=["[[Bob Smith]]"])],
    "knows as plain text": [contact("Bob Smith", offers=["printing"], knows=["ada lovelace"])],
    "a link in the body": [contact("Bob Smith", offers=["printing"], body="Met [[Ada Lovelace]] once.")],
    "a link in another field": [contact("Ada Lovelace", needs=["printing"], introduced_by='"[[Bob Smith]]"')],
    "a small event together": [event("Dinner", "2025-01-10", ["Sam Rivera", "Ada Lovelace", "Bob Smith",
                                                             "Xena One", "Xavier Two", "Xiu Three",
                                                             "Xan Four"])],
    "an introduction, declined": [event("Intro", "2026-10-01", ["Ada Lovelace", "Bob Smith"],
                                        kind="introduction", status="declined")],
    "an introduction, any size": [event("Intro", "2026-10-01", ["Ada Lovelace", "Bob Smith", "Xena One",
                                                                "Xavier Two", "Xiu Three", "Xan Four",
                                                                "Xia Five", "Xim Six"], kind="introduction")],
}


def test_without_any_exclusion_the_pair_is_suggested(make_vault) -> None:
    assert pairs(run_suggest(vault_of(make_vault, *BASE))) == [pair("Ada Lovelace", "Bob Smith")]


@pytest.mark.parametrize("rule", sorted(EXCLUSIONS))
def test_people_who_know_each_other_are_never_suggested(make_vault, rule: str) -> None:
    vault = vault_of(make_vault, *BASE, *EXCLUSIONS[rule])
    assert pair("Ada Lovelace", "Bob Smith") not in pairs(run_suggest(vault))
    assert run_suggest(vault, name_path="people/Ada Lovelace.md") == []


def test_a_large_event_together_does_not_exclude(make_vault) -> None:
    # more than `small_event` (12) people besides the user: a meetup where many names were noted
    crowd = ["Ada Lovelace", "Bob Smith"] + [f"Guest {n}" for n in range(11)]
    vault = vault_of(make_vault, *BASE, event("Meetup", "2025-01-10", crowd))
    assert pairs(run_suggest(vault)) == [pair("Ada Lovelace", "Bob Smith")]


def test_a_conference_together_does_not_exclude_however_few_are_listed(make_vault) -> None:
    vault = vault_of(make_vault, *BASE, event("DataConf", "2025-01-10", ["Ada Lovelace", "Bob Smith"],
                                              kind="conference"))
    assert pairs(run_suggest(vault)) == [pair("Ada Lovelace", "Bob Smith")]


def test_the_small_event_limit_is_the_one_reach_uses(make_vault) -> None:
    attendees = ["Ada Lovelace", "Bob Smith", "Xena One", "Xavier Two", "Xiu Three", "Xan Four", "Xia Five"]
    vault = vault_of(make_vault, *BASE, event("Workshop", "2025-01-10", attendees),
                     config="me: Sam Rivera\nsmall_event: 6\n")
    assert pairs(run_suggest(vault)) == [pair("Ada Lovelace", "Bob Smith")]
    vault = vault_of(make_vault, *BASE, event("Workshop", "2025-01-10", attendees), name="seven")
    assert pair("Ada Lovelace", "Bob Smith") not in pairs(run_suggest(vault))


@pytest.mark.parametrize("dinner", [
    event("Dinner", "2026-12-10", ["Ada Lovelace", "Bob Smith"]),  # after TODAY: not met yet
    event("Dinner", "2026-11-20", ["Ada Lovelace", "Bob Smith"], status="cancelled"),
    event("Dinner", "2026-11-20", ["Ada Lovelace", "Bob Smith"], status="canceled"),
])
def test_a_dinner_still_to_come_or_called_off_is_no_meeting(make_vault, dinner) -> None:
    """`reach` and `graph`'s rule: only a small event that took place says they met."""
    assert pairs(run_suggest(vault_of(make_vault, *BASE, dinner))) == [pair("Ada Lovelace", "Bob Smith")]
    held = event("Dinner", "2026-11-20", ["Ada Lovelace", "Bob Smith"])
    assert run_suggest(vault_of(make_vault, *BASE, held, name="held")) == []


def test_the_user_listed_at_an_event_does_not_count_as_an_attendee(make_vault) -> None:
    six_and_me = ["Sam Rivera", "Ada Lovelace", "Bob Smith", "Xena One", "Xavier Two", "Xiu Three", "Xan Four"]
    vault = vault_of(make_vault, *BASE, event("Dinner", "2025-01-10", six_and_me))
    assert run_suggest(vault) == []


# -- terms --------------------------------------------------------------------------------


def test_plurals_accents_case_and_synonyms_match(make_vault) -> None:
    vault = vault_of(
        make_vault,
        contact("Ada Lovelace", needs=["investor"]), contact("Bob Smith", offers=["Investors"]),
        contact("Chloé Carré", needs=["levée de fonds"], lang="fr"), contact("Dan Dupont", offers=["Levee de Fonds"]),
        contact("Eli Eng", needs=["raising money"]), contact("Fay Fu", offers=["seed funding"]),
        contact("Gil Go", needs=["cooking"]), contact("Hal Hu", offers=["baking"]),
        config="me: Sam Rivera\nsynonyms:\n  fundraising: [seed funding, raising money]\n",
    )
    items = run_suggest(vault)
    got = pairs(items)
    assert pair("Ada Lovelace", "Bob Smith") in got
    assert pair("Chloé Carré", "Dan Dupont") in got
    assert pair("Eli Eng", "Fay Fu") in got
    assert pair("Gil Go", "Hal Hu") not in got
    reasons = [r for i in items for r in i["reasons"]]
    assert "Eli needs raising money; Fay offers seed funding (both count as fundraising)" in reasons
    assert "Ada needs investor, which Bob offers (same words)" in reasons


def test_a_close_match_counts_less_than_an_exact_one(make_vault) -> None:
    vault = vault_of(
        make_vault,
        contact("Ada Lovelace", needs=["sourdough baking"]), contact("Bob Smith", offers=["sourdough"]),
        contact("Cy Young", needs=["printing"]), contact("Di Ross", offers=["Printing"]),
    )
    items = run_suggest(vault)
    assert pairs(items) == [pair("Cy Young", "Di Ross"), pair("Ada Lovelace", "Bob Smith")]
    assert items[0]["score"] > items[1]["score"]
    assert "Ada needs sourdough baking; Bob offers sourdough (close match)" in items[1]["reasons"]


# -- drafts ---------------------------------------------------------------------------------


def _assert_clean(draft: str) -> None:
    assert not re.search(r"[{}]|\[\[|\bNone\b|\$\w", draft), draft
    assert not any("  " in line or line != line.strip() for line in draft.split("\n")), draft


def test_drafts_are_double_opt_in_in_the_language_of_the_person_asked(make_vault) -> None:
    vault = vault_of(
        make_vault,
        contact("Ada Lovelace", needs=["printing"], offers=["maths"], role="Engineer", company="Acme"),
        contact("Bob Smith", offers=["printing"], needs=["maths"], role="Printer", company="Globex"),
        contact("Chloé Carré", needs=["typographie"], lang="fr", interests=["jazz"]),
        contact("Dan Dupont", offers=["typographie"], interests=["jazz"]),
    )
    items = {i["a"]: i for i in run_suggest(vault)}
    en, fr = items["Ada Lovelace"], items["Chloé Carré"]
    assert en["draft"].startswith("Hi Ada,\n\nI think you should meet Bob Smith (Printer, Globex).")
    assert "Bob could help you with printing." in en["draft"]
    assert "In return, you could help Bob with maths." in en["draft"]
    assert "Would you like an introduction?" in en["draft"] and en["draft"].endswith("Best,\nSam")
    assert fr["draft"].startswith("Bonjour Chloé,")
    assert "Voulez-vous que je vous présente ?" in fr["draft"]
    assert "Dan pourrait vous aider côté typographie." in fr["draft"]
    assert "Vous vous intéressez tous les deux à « jazz »." in fr["draft"]
    for item in items.values():
        _assert_clean(item["draft"])


def test_people_with_the_same_first_name_are_named_in_full(make_vault) -> None:
    vault = vault_of(make_vault, contact("Ada Lovelace", needs=["printing"]), contact("Ada Byron", offers=["printing"]))
    [item] = run_suggest(vault)
    assert "Ada Lovelace needs printing, which Ada Byron offers (same words)" in item["reasons"]
    assert item["draft"].startswith("Hi Ada,") and "Ada Byron could help you with printing" in item["draft"]


def test_the_vault_language_is_the_default(make_vault) -> None:
    vault = vault_of(make_vault, *SCENARIO, config="me: Sam Rivera\nlanguage: fr\n")
    for item in run_suggest(vault):
        assert item["draft"].startswith("Bonjour ")
        _assert_clean(item["draft"])


def test_without_me_the_draft_is_unsigned(make_vault) -> None:
    items = run_suggest(vault_of(make_vault, *SCENARIO[1:], config=None))
    assert items and all(i["draft"].endswith("Best") for i in items)


# -- speed: candidates come from shared terms, never from all pairs ---------------------------


def test_only_pairs_that_share_a_term_are_scored(make_vault, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = []
    for n in range(60):
        notes.append(contact(f"Needer {n}", needs=[f"skill{n}"], interests=[f"hobby{n}"]))
        notes.append(contact(f"Giver {n}", offers=[f"skill{n}"]))
    vault = vault_of(make_vault, *notes)
    calls = []
    original = Network.score

    def counting(self, i, j, check=True):
        calls.append((i, j))
        return original(self, i, j, check)

    monkeypatch.setattr(Network, "score", counting)
    items = run_suggest(vault, limit=200)
    assert len(items) == 60
    assert len(calls) == 60, "120 contacts are 7,140 pairs: only the 60 sharing a term may be scored"


def test_pairs_that_cannot_reach_the_top_are_not_scored(make_vault, monkeypatch: pytest.MonkeyPatch) -> None:
    notes = [contact("Top A", needs=["x1"], offers=["y1"]), contact("Top B", needs=["y1"], offers=["x1"])]
    notes += [contact(f"Fan {n}", interests=["music"]) for n in range(30)]
    vault = vault_of(make_vault, *notes)
    calls = []
    original = Network.score
    monkeypatch.setattr(Network, "score",
                        lambda self, i, j, check=True: calls.append(1) or original(self, i, j, check))
    assert pairs(run_suggest(vault, limit=1)) == [pair("Top A", "Top B")]
    assert len(calls) == 1, "435 interest-only pairs cannot beat a two-way match"


def test_who_knows_whom_is_only_read_for_pairs_that_could_make_the_top(make_vault, monkeypatch) -> None:
    notes = [contact("A needer", needs=["printing"], body="## 2026-11-20 Coffee\nRecent.\n"),
             contact("A giver", offers=["printing"], body="## 2026-11-21 Call\nRecent.\n")]
    for n in range(20):
        notes += [contact(f"Needer {n:02d}", needs=["printing"]), contact(f"Giver {n:02d}", offers=["printing"])]
    vault = vault_of(make_vault, *notes)
    scored, looked_up = [], []
    score, acquainted = Network.score, Network.acquainted
    monkeypatch.setattr(Network, "score", lambda self, i, j, check=True: scored.append(1) or score(self, i, j, check))
    monkeypatch.setattr(Network, "acquainted", lambda self, i, j: looked_up.append(1) or acquainted(self, i, j))
    assert pairs(run_suggest(vault, limit=1)) == [pair("A needer", "A giver")]
    assert len(scored) > 20 and len(looked_up) == 1, "the pairs that score less than the best need no look-up"


# -- the CLI ---------------------------------------------------------------------------------------


def test_intros_json_is_the_engine_output(make_vault, run) -> None:
    vault = vault_of(make_vault, *SCENARIO)
    data = as_json(run("intros", "--format", "json", "--date", TODAY, vault=vault))
    assert data == run_suggest(vault)
    text = run("intros", "--format", "json", "--date", TODAY, vault=vault).stdout
    for item in json.loads(text, object_pairs_hook=list):
        keys = [k for k, _ in item]
        assert keys == sorted(keys), "keys are sorted"
        assert set(keys) >= KEYS


def test_intros_for_one_name_and_limit(make_vault, run) -> None:
    vault = vault_of(make_vault, *SCENARIO)
    assert as_json(run("intros", "eve", "--format", "json", "--date", TODAY, vault=vault)) == []
    data = as_json(run("intros", "eve", "--all", "--limit", "2", "--format", "json", "--date", TODAY, vault=vault))
    assert len(data) == 2 and all("Eve Evans" in (i["a"], i["b"]) for i in data)
    missing = run("intros", "nobody", vault=vault)
    assert missing.exit_code == 2 and "no contact named 'nobody'" in missing.output
    me = run("intros", "sam", vault=vault)
    assert me.exit_code == 2 and "your own note" in me.output


def test_intros_text_and_markdown(make_vault, run) -> None:
    vault = vault_of(make_vault, *SCENARIO)
    text = run("intros", "--date", TODAY, vault=vault)
    assert text.exit_code == 0 and "1. Alice Archer ↔ Bruno Blanc" in text.output
    assert "Message to Alice Archer:" in text.output and "two-way match" in text.output
    md = run("intros", "--format", "markdown", "--date", TODAY, vault=vault)
    assert md.exit_code == 0
    assert "## 1. [[Alice Archer]] ↔ [[Bruno Blanc]]" in md.output
    assert "> Hi Alice," in md.output and "- two-way match: each can help the other" in md.output
    empty = run("intros", "--date", TODAY, vault=vault_of(make_vault, contact("Solo"), name="empty"))
    assert empty.exit_code == 0 and "No introduction to suggest." in empty.output


# -- recording with `intro` -------------------------------------------------------------------------


def _front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_intro_writes_an_event_note_that_the_next_run_respects(make_vault, run) -> None:
    vault = vault_of(make_vault, *SCENARIO)
    assert pairs(run_suggest(vault))[0] == pair("Alice Archer", "Bruno Blanc")
    result = run("intro", "alice", "bruno", "--date", TODAY, vault=vault)
    assert result.exit_code == 0, result.output
    note = vault / "events" / f"{TODAY} Introduction Alice Archer - Bruno Blanc.md"
    assert f"wrote events/{note.name} (status: proposed)" in result.output
    front = _front(note)
    assert front == {
        "type": "event", "kind": "introduction", "title": "Introduction Alice Archer - Bruno Blanc",
        "date": __import__("datetime").date(2026, 11, 26), "status": "proposed",
        "attendees": ["[[Alice Archer]]", "[[Bruno Blanc]]"],
    }
    body = note.read_text(encoding="utf-8")
    assert "- two-way match: each can help the other" in body
    assert "- Alice needs pilot customers, which Bruno offers" in body
    assert "> Hi Alice," in body
    after = pairs(run_suggest(vault))
    assert pair("Alice Archer", "Bruno Blanc") not in after
    assert pair("Carla Costa", "Dev Desai") == after[0]
    shown = as_json(run("show", "Alice Archer", "--format", "json", vault=vault))
    assert shown["last_contact"] != TODAY, "a proposed introduction is nothing sent yet"
    note.write_text(note.read_text(encoding="utf-8").replace("status: proposed", "status: made"), encoding="utf-8")
    shown = as_json(run("show", "Alice Archer", "--format", "json", vault=vault))
    assert shown["last_contact"] == TODAY, "a made introduction counts as a contact with both"


def test_intro_status_update_changes_exactly_one_line(make_vault, run) -> None:
    vault = vault_of(make_vault, *SCENARIO)
    assert run("intro", "Alice Archer", "Bruno Blanc", "--date", TODAY, vault=vault).exit_code == 0
    note = vault / "events" / f"{TODAY} Introduction Alice Archer - Bruno Blanc.md"
    before = note.read_text(encoding="utf-8").split("\n")
    result = run("intro", "bruno", "alice", "--status", "made", "--format", "json", vault=vault)
    data = as_json(result)
    assert data["action"] == "updated" and data["status"] == "made" and data["previous"] == "proposed"
    after = note.read_text(encoding="utf-8").split("\n")
    # the status line changes, and the day of the change is added (the agenda counts from it)
    dated = [line for line in after if line.startswith("status_date: ")]
    assert len(dated) == 1 and after.index(dated[0]) < after.index("---", 1)
    kept = [line for line in after if not line.startswith("status_date: ")]
    changed = [(x, y) for x, y in zip(before, kept, strict=True) if x != y]
    assert changed == [("status: proposed", "status: made")]
    assert sorted(p.name for p in (vault / "events").iterdir()) == [note.name], "no second note"
    again = as_json(run("intro", "alice", "bruno", "--status", "made", "--format", "json", vault=vault))
    assert again["action"] == "unchanged" and note.read_text(encoding="utf-8").split("\n") == after


def test_intro_updates_a_hand_written_introduction_note(make_vault, run) -> None:
    hand = ("events/Intro A and B.md",
            "---\ntype: introduction\nkind: introduction\nstatus: proposed  # asked Alice\n"
            "people: ['[[Alice Archer]]', '[[Bruno Blanc]]']\n---\nBy email.\n")
    vault = vault_of(make_vault, *SCENARIO, hand)
    result = run("intro", "alice", "bruno", "--status", "accepted", vault=vault)
    assert result.exit_code == 0, result.output
    assert "updated events/Intro A and B.md: status proposed → accepted" in result.output
    text = _undated((vault / "events" / "Intro A and B.md").read_text(encoding="utf-8"))
    assert text == hand[1].replace("status: proposed  # asked Alice", "status: accepted")


def test_intro_status_is_set_again_on_a_note_changed_under_it(make_vault, run,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    vault = vault_of(make_vault, *SCENARIO)
    assert run("intro", "alice", "bruno", "--date", TODAY, vault=vault).exit_code == 0
    note = vault / "events" / f"{TODAY} Introduction Alice Archer - Bruno Blanc.md"
    edited = note.read_text(encoding="utf-8") + "\nA line typed in the editor meanwhile.\n"
    original = writer.check_parses

    def edit_meanwhile(path: Path, text: str) -> None:
        original(path, text)
        path.write_text(edited, encoding="utf-8")  # another program saves the note

    monkeypatch.setattr(writer, "check_parses", edit_meanwhile)
    result = run("intro", "alice", "bruno", "--status", "made", vault=vault)
    assert result.exit_code == 0, result.output
    assert _undated(note.read_text(encoding="utf-8")) == edited.replace("status: proposed", "status: made")


def _undated(text: str) -> str:
    """A note without the one ``status_date`` line a status change adds (checked there)."""
    lines = text.split("\n")
    dated = [line for line in lines if line.startswith("status_date: ")]
    assert len(dated) == 1, text
    return "\n".join(line for line in lines if line not in dated)


def test_intro_writes_into_the_first_event_folder_and_checks_names(make_vault, run) -> None:
    vault = vault_of(make_vault, *SCENARIO, config="me: Sam Rivera\nevent_folders: [meetings, events]\n")
    result = run("intro", "dev", "carla", "--status", "accepted", "--date", "2026-12-01", vault=vault)
    assert result.exit_code == 0, result.output
    note = vault / "meetings" / "2026-12-01 Introduction Dev Desai - Carla Costa.md"
    assert _front(note)["status"] == "accepted"
    assert "## Message to Dev Desai\n> Hi Dev," in note.read_text(encoding="utf-8"), "A is the one asked first"
    assert "## Message to Carla Costa, after Dev Desai's yes\n> Hi Carla," in note.read_text(encoding="utf-8")
    assert run("intro", "carla", "carla", vault=vault).exit_code == 2
    assert "your own note" in run("intro", "carla", "sam", vault=vault).output
    unknown = run("intro", "carla", "zed", vault=vault)
    assert unknown.exit_code == 2 and "no contact named 'zed'" in unknown.output


# -- share --------------------------------------------------------------------------------------------


SHARE_VAULT = [
    contact("Sam Rivera", interests=["food waste"]),
    contact("Ada Lovelace", interests=["Cold-chain logistics"],
            body="## 2026-11-20 Coffee\nWe talked about food waste.\n"),
    contact("Bob Smith", needs=["food waste data"], lang="fr"),
    contact("Cy Young", tags=["food"]),
    contact("Di Ross", interests=["sailing"], body="## 2025-01-02 Old\nfood waste, long ago.\n"),
    contact("Eve Evans", interests=["sailing"]),
]


def run_share(vault: Path, topic: str, tags: list[str] | None = None, limit: int = 10) -> list[dict]:
    config = load_config(vault)
    with Index(config) as ix:
        ix.refresh()
        return share(ix, config, TODAY, topic, tags or [], limit=limit)


def test_share_ranks_contacts_who_care_about_the_topic(make_vault) -> None:
    rows = run_share(vault_of(make_vault, *SHARE_VAULT), "Cold chain logistics and food waste")
    names = [r["name"] for r in rows]
    assert names[0] == "Ada Lovelace"
    assert set(names) == {"Ada Lovelace", "Bob Smith", "Cy Young"}, "Di's note is too old, Sam is the user"
    ada = rows[0]
    assert "Ada is interested in Cold-chain logistics" in ada["reasons"]
    assert "you talked about it on 2026-11-20 (Coffee)" in ada["reasons"]
    assert ada["draft"].startswith("Hi Ada,\n\nI came across a piece on Cold chain logistics and food waste")
    bob = next(r for r in rows if r["name"] == "Bob Smith")
    assert bob["draft"].startswith("Bonjour Bob,")
    for row in rows:
        assert set(row) == {"name", "path", "score", "reasons", "draft", "last_contact"}
        _assert_clean(row["draft"])


def test_share_a_url_uses_the_words_of_its_path_and_the_tags(make_vault) -> None:
    vault = vault_of(make_vault, *SHARE_VAULT)
    url = "https://example.com/blog/2026/11/why-sailing-is-back.html"
    rows = run_share(vault, url)
    assert [r["name"] for r in rows] == ["Di Ross", "Eve Evans"]
    assert rows[0]["draft"].endswith(
        f"thought of you, given your interest in sailing:\n{url}\n\nHope you're well,\nSam")
    tagged = run_share(vault, url, tags=["cold chain logistics"])
    assert "Ada Lovelace" in [r["name"] for r in tagged]


def test_share_cli(make_vault, run) -> None:
    vault = vault_of(make_vault, *SHARE_VAULT)
    data = as_json(run("share", "food waste", "--format", "json", "--date", TODAY, "--limit", "2", vault=vault))
    assert len(data) == 2 and data == run_share(vault, "food waste", limit=2)
    md = run("share", "food waste", "--format", "markdown", "--date", TODAY, vault=vault)
    assert md.exit_code == 0 and "## [[Bob Smith]]" in md.output and "> Bonjour Bob," in md.output
    text = run("share", "sailing", "--tags", "jazz, food", "--date", TODAY, vault=vault)
    assert text.exit_code == 0 and "Eve Evans" in text.output and "Cy Young" in text.output
    nothing = run("share", "https://example.com/", vault=vault)
    assert nothing.exit_code == 2 and "no words to match" in nothing.output


# -- the example vault ---------------------------------------------------------------------------------


def test_the_example_vault_suggests_the_intended_pairs(run) -> None:
    data = as_json(run("intros", "--format", "json", "--date", TODAY, vault=EXAMPLE_VAULT))
    got = pairs(data)
    assert got[0] == pair("Ada Okafor", "Hugo Lefèvre"), "two-way: pilot customers and cold-chain solutions"
    for expected in [("Ada Okafor", "Élodie Marchand"), ("Tom Becker", "Priya Nair"),
                     ("Julien Petit", "Nadia Benali"), ("Omar Siddiqui", "Sofia Lindqvist"),
                     ("Bastien Laurent", "Daniel Weiss")]:
        assert pair(*expected) in got[:16], expected
    for known in [("Bastien Laurent", "Élodie Marchand"), ("Inês Duarte", "Karim Zerrouki"),
                  ("Yuki Tanaka", "Karim Zerrouki")]:
        assert pair(*known) not in got, known
    assert all("Sam Rivera" not in p for p in got)


def random_network(seed: int, people: int = 45) -> list[tuple[str, str]]:
    """Contacts with needs, offers, interests and tags drawn from a few topics (close matches,
    synonyms, needs that make offers: `recrutement` offers a job), some recently talked with,
    some knowing others (in the body, or by a `knows` field: a link or a plain name)."""
    import random

    rng = random.Random(seed)
    topics = ["design", "dashboard design", "seed funding", "investors", "hiring", "hiring engineers",
              "jazz", "food waste", "legal advice", "printing", "recrutement d'un développeur", "a job",
              "levée de fonds", "conseil juridique"]
    notes = [contact("Sam Rivera", needs=["printing"], offers=["design"])]
    for n in range(people):
        body = f"## 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d} Coffee\n" if rng.random() < 0.6 else ""
        if rng.random() < 0.15:
            body += f"Knows [[Person {rng.randrange(people)}]].\n"
        fields: dict[str, object] = {}
        if rng.random() < 0.15:
            other = rng.randrange(people)
            fields["knows"] = [rng.choice([f"[[Person {other}]]", f"Person {other}"])]
        notes.append(contact(
            f"Person {n}", needs=rng.sample(topics, rng.randint(0, 4)), offers=rng.sample(topics, rng.randint(0, 3)),
            interests=rng.sample(topics, rng.randint(0, 2)), tags=rng.sample(["a", "b", "c"], rng.randint(0, 2)),
            company=rng.choice(["Acme", "Globex", "Freelance", "Initech"]), body=body, **fields,
        ))
    return notes


def test_strengths_are_those_of_meets_for_every_pair(make_vault) -> None:
    from vaultkit.engines.intros import _direction, _strength
    from vaultkit.engines.strengths import Strengths

    vault = vault_of(make_vault, *random_network(7, 40))
    config = load_config(vault)
    with Index(config) as ix:
        ix.refresh()
        net = Network(ix, config, TODAY)
        people = [p for p in net.people if not p.is_me]
        strengths = Strengths(people)
        levels = {0}
        for a in people:
            for b in people:
                h = round(2 * _strength(_direction(a, b)))
                levels.add(h)
                if a.needs and b.offers:
                    assert (b.id in strengths.givers(a.needs.sig, h)) == bool(h), (a.name, b.name)
                    assert (a.id in strengths.takers(b.offers.sig, h)) == bool(h), (a.name, b.name)
                    assert (a.id in strengths.anyone(b.offers.sig)) == bool(h), (a.name, b.name)
        assert {1, 2, 3, 4} <= levels, "close and exact matches, one need and several"
        assert all(h1 >= h2 for h1, h2 in strengths.levels()) and len(set(strengths.levels())) > 10


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_the_pruned_search_finds_the_same_best_pairs_as_scoring_every_pair(make_vault, seed: int,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultkit.engines import intros
    from vaultkit.engines.intros import _best

    notes = random_network(seed)
    notes.append(event("Dinner", "2026-03-03", [f"Person {n}" for n in range(5)]))
    vault = vault_of(make_vault, *notes, config="me: Sam Rivera\nsynonyms:\n  fundraising: [seed funding, investors]\n")
    config = load_config(vault)
    with Index(config) as ix:
        ix.refresh()
        net = Network(ix, config, TODAY)
        every = [m for i in range(net.n) for j in range(i + 1, net.n) if (m := net.evaluate(i, j))]
        assert len(every) > 60
        matched = [m for m in every if m.matched]
        assert 0 < len(matched) < len(every)
        for limit in (1, 5, 20, 1000):
            expected = [net.describe(net.oriented(m)) for m in _best(list(matched), limit)]
            assert suggest(ix, config, TODAY, limit=limit) == expected
            expected = [net.describe(net.oriented(m)) for m in _best(list(every), limit)]
            assert suggest(ix, config, TODAY, limit=limit, weak=True) == expected
        monkeypatch.setattr(intros, "PENDING_MAX", 3)  # pairs scored a few at a time: the same answer
        for limit in (1, 20):
            expected = [net.describe(net.oriented(m)) for m in _best(list(matched), limit)]
            assert suggest(ix, config, TODAY, limit=limit) == expected
