"""Drafted messages: English and French, overridable templates, never an unfilled placeholder."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vaultkit.engines.drafts import BUILTIN, KINDS, Drafter, at_event, event_name, language, render, when

from .conftest import as_json

FACTS = {
    "first_name": "Ada",
    "name": "Ada Lovelace",
    "event": "Station F Demo Day",
    "at_event": "at Station F Demo Day",
    "when": "on Tuesday",
    "point": "Building a supply-chain startup.",
    "help_need": "seed funding",
    "helper": "Élodie Marchand",
    "helper_first": "Élodie",
    "helper_company": "Canopée Ventures",
    "needs": "seed funding and pilot customers",
    "last_when": "on 3 May",
    "last_topic": "Coffee at Station F",
}
PLACEHOLDER = re.compile(r"[{}]|\[|\]")
EMPTY_FACT = re.compile(r"\b(about|with|at|on|for|de|pour|lors de)\s*[.,:;!?)]|\(\s*\)|:\s*$", re.MULTILINE)


def test_builtin_templates_exist_for_every_kind_in_both_languages() -> None:
    for kind in KINDS:
        for lang in ("en", "fr"):
            assert (kind, lang) in BUILTIN


def test_english_follow_up_names_the_event_and_the_point() -> None:
    text = Drafter(None, "en", "Sam Rivera").draft("followup", "en", FACTS)
    assert text.startswith("Hi Ada,\n\nGreat talking with you at Station F Demo Day on Tuesday.")
    assert "Building a supply-chain startup." in text
    assert "seed funding: Élodie Marchand (Canopée Ventures)." in text
    assert text.endswith("Best,\nSam")


def test_french_follow_up_names_the_event_and_the_point() -> None:
    facts = dict(FACTS, at_event=at_event("Station F Demo Day", "meetup", "fr"),
                 when=when("2027-02-23", "2027-02-25", "fr"))
    text = Drafter(None, "en", "Sam Rivera").draft("followup", "fr", facts)
    assert text.startswith("Bonjour Ada,\n\nMerci pour notre échange lors de « Station F Demo Day » mardi.")
    assert "Building a supply-chain startup." in text
    assert "À bientôt,\nSam" in text


def test_a_sentence_whose_fact_is_missing_is_left_out() -> None:
    facts = {"first_name": "Ada", "at_event": "at Demo Day"}
    for lang in ("en", "fr"):
        text = Drafter(None, "en").draft("followup", lang, facts)
        assert not PLACEHOLDER.search(text), text
        assert not EMPTY_FACT.search(text), text
        assert "Demo Day" in text
        assert "Élodie" not in text and "Sam" not in text


def test_no_greeting_without_a_name_and_never_a_placeholder() -> None:
    text = Drafter(None, "en").draft("reconnect", "en", {})
    assert "Hi" not in text and not PLACEHOLDER.search(text)
    assert text.startswith("It's been a while: how are things going?")


@given(st.sets(st.sampled_from(sorted(FACTS))), st.sampled_from(KINDS), st.sampled_from(["en", "fr"]),
       st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_any_subset_of_facts_leaves_no_placeholder(keys, kind, lang, noise) -> None:
    facts = {k: FACTS[k] for k in keys}
    facts["first_name"] = facts.get("first_name") and facts["first_name"] + noise.replace("{", "").replace("}", "")
    text = Drafter(None, "en", "Sam").draft(kind, lang, facts)
    without_values = text
    for value in sorted((str(v) for v in facts.values() if v), key=len, reverse=True):
        without_values = without_values.replace(" ".join(value.split()), "")
    assert not re.search(r"[{}]", without_values), text
    assert "\n\n\n" not in text and not text.startswith("\n") and not text.endswith("\n")


def test_render_rules() -> None:
    template = "Hi {a},\n\n\n\nTalked[ about {topic}] at {event}[ {when}].\n[Help: {h}[ ({c})].]\nBye"
    assert render(template, {"a": "Ada", "event": "E"}) == "Hi Ada,\n\nTalked at E.\nBye"
    assert render(template, {"a": "Ada", "event": "E", "topic": "X", "h": "Bo", "c": "Co"}) == (
        "Hi Ada,\n\nTalked about X at E.\nHelp: Bo (Co).\nBye")
    assert render(template, {"event": "E", "h": "Bo"}) == "Talked at E.\nHelp: Bo.\nBye"
    # a fact holding braces is written as is, never expanded again
    assert render("See {x}.", {"x": "{y}"}) == "See {y}."
    assert render("[only {gone}]\nkept", {}) == "kept"
    assert render("x {a}", {"a": "   "}) == ""


def test_templates_can_be_overridden_per_language(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "followup.fr.md").write_text("Salut {first_name} ! Vu à {event}.\n[Note : {point}]\n", encoding="utf-8")
    (folder / "reconnect.md").write_text("---\nnote: front matter is skipped\n---\nYo {first_name}\n",
                                         encoding="utf-8")
    drafter = Drafter(folder, "en")
    assert drafter.draft("followup", "fr", {"first_name": "Léa", "event": "Demo"}) == "Salut Léa ! Vu à Demo."
    assert drafter.draft("followup", "en", {"first_name": "Léa", "at_event": "at Demo"}).startswith("Hi Léa,")
    assert drafter.draft("reconnect", "fr", {"first_name": "Léa"}) == "Yo Léa"


def test_language_when_and_event_names() -> None:
    assert language("fr", "en") == "fr" and language("FR-ca", "en") == "fr"
    assert language("de", "fr") == "fr" and language(None, "en") == "en"
    assert when("2027-02-23", "2027-02-25", "en") == "on Tuesday"
    assert when("2027-02-24", "2027-02-25", "en") == "yesterday"
    assert when("2027-02-25", "2027-02-25", "fr") == "aujourd'hui"
    assert when("2027-02-01", "2027-02-25", "fr") == "le 1er février"
    assert when("2026-12-18", "2027-02-25", "en") == "on 18 December 2026"
    assert when(None, "2027-02-25", "en") is None
    assert event_name("2026-11-23 Call with Hugo") == "Call with Hugo"
    assert at_event("2026-11-23 Call with Hugo", "call", "en") == "on our call"
    assert at_event("Demo Day", None, "fr") == "lors de « Demo Day »"


def test_vault_templates_change_the_agenda_drafts(make_vault, run) -> None:
    vault = make_vault({
        "people/Ada.md": "---\ntype: contact\nlang: fr\n---\n",
        "people/Bob.md": "---\ntype: contact\n---\n",
        "events/Demo.md": "---\ntype: event\ndate: 2027-02-20\nattendees: ['[[Ada]]', '[[Bob]]']\n---\n"
                          "- [[Ada]]: cherche un associé technique\n- [[Bob]]: needs a designer\n",
    })
    folder = vault / ".vaultkit" / "templates"
    folder.mkdir(parents=True)
    (folder / "followup.en.md").write_text("Hey {first_name}, good to see you {at_event}. {point}\n", encoding="utf-8")
    data = as_json(run("agenda", "--date", "2027-02-23", "--format", "json", vault=vault))
    drafts = {i["contact"]: i["draft"] for i in data["follow_up"]}
    assert drafts["Bob"] == "Hey Bob, good to see you at Demo. needs a designer."
    assert drafts["Ada"].startswith("Bonjour Ada,") and "cherche un associé technique" in drafts["Ada"]
    assert "« Demo »" in drafts["Ada"]
