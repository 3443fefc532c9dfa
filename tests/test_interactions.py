"""Contact or mention: the rule for the lines of dated notes."""

from __future__ import annotations

import pytest

from vaultkit.notes.interactions import CONTACT, MENTION, NEITHER, completion_date, line_role


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
