"""Contact or mention: the rule for the lines of dated notes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.notes.interactions import (
    CONTACT,
    CONTACT_WORDS,
    MENTION,
    NEITHER,
    completion_date,
    contact_pattern,
    line_role,
)


@pytest.mark.parametrize(("line", "role"), [
    ("- 9h : Appel avec [[Marie Lefebvre]] : elle cherche un data analyst", CONTACT),
    ("- Café avec [[Thomas Girard]] au Ninkasi", CONTACT),
    ("Met [[Ada]] at the fair", CONTACT),
    ("Lunch with [[Bo]] and [[Cy]]", CONTACT),
    ("Déjeuné avec [[Léa]]", CONTACT),
    ("Emailed [[Jane Doe]] the proposal", CONTACT),
    ("1:1 with [[Bo]]", CONTACT),
    ("Idée pour le Demo Day → [[Hélène Côté]] évidemment", MENTION),
    ("- Lu un super article sur les agents IA, penser à [[Emma Wilson]]", MENTION),
    ("want to meet [[Bob]] some day", MENTION),
    ("Avancé sur le tableau de bord de [[Olivier Petit]]", MENTION),
    ("Dinner plans at [[Café Lumière]]", CONTACT),
    ("Réservé au [[Café Lumière]]", MENTION),  # a word inside a link is no exchange
    ("> « Le meilleur moment pour réseauter » — [[Chen Wei]]", NEITHER),
])
def test_line_role(line: str, role: str) -> None:
    assert line_role(line) == role


def test_extra_words() -> None:
    assert line_role("penser à [[Emma]]") == MENTION
    assert line_role("penser à [[Emma]]", ("penser à",)) == CONTACT
    assert line_role("Signal à [[Emma]]", ("signal*",)) == CONTACT


def test_completion_date() -> None:
    assert completion_date("Facturer ✅ 2026-11-25") == "2026-11-25"
    assert completion_date("x [completion:: 2026-11-02]") == "2026-11-02"
    assert completion_date("Call [[Bo]] (done: 2026-10-01)") == "2026-10-01"
    assert completion_date("nothing said") is None


def _word_by_word(extra: tuple[str, ...]) -> re.Pattern:
    """The rule as written: any of the words, whole, whatever the case (one alternative a word)."""
    words = sorted({w.strip().lower() for w in (*CONTACT_WORDS, *extra)} - {""}, key=len, reverse=True)
    parts = [re.escape(w.rstrip("*")).replace(r"\ ", r"\s+") + (r"\w*" if w.endswith("*") else "") for w in words]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


_PIECES = ["Call", "appelée", "ÉCHANGÉ", "bumped   into", "1:1", "e-mail", "-call", "call-", "_call", "[[Bo]]",
           "[[Café Lumière]]", "visio", "Pinged", "coffee chat", "(x", " ", "-", "é", "a", ">", "recall", "vu"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=7),
       st.sampled_from([(), ("pinged*", "coffee chat", "(x"), ("*",)]))
def test_contact_pattern_finds_what_each_word_finds(pieces: list[str], extra: tuple[str, ...]) -> None:
    """The words grouped by first letter find the same first word as one alternative a word."""
    line = " ".join(pieces)
    mine, reference = contact_pattern(extra).search(line), _word_by_word(extra).search(line)
    assert (mine and mine.start()) == (reference and reference.start())
