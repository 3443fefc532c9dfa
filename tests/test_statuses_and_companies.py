"""Event statuses and the values that name no company: one definition each, the same in every
command."""

from __future__ import annotations

import pytest

from vaultkit.engines.intros import check_status
from vaultkit.engines.terms import is_company
from vaultkit.errors import UsageError
from vaultkit.notes.model import CALLED_OFF, INTRO_STATUSES

from .conftest import as_json

TODAY = "2026-11-26"


def test_introduction_statuses_in_order() -> None:
    assert INTRO_STATUSES == ("proposed", "accepted", "declined", "made")
    for status in INTRO_STATUSES:
        assert check_status(f" {status.upper()} ") == status
    with pytest.raises(UsageError, match="use one of proposed, accepted, declined, made"):
        check_status("done")


def test_the_intro_command_takes_exactly_the_introduction_statuses(make_vault, run) -> None:
    vault = make_vault({"people/Ada.md": "---\ntype: contact\n---\n", "people/Bob.md": "---\ntype: contact\n---\n"})
    assert "[proposed|accepted|declined|made]" in run("intro", "--help").output
    wrong = run("intro", "Ada", "Bob", "--status", "done", vault=vault)
    assert wrong.exit_code == 2
    assert run("intro", "Ada", "Bob", "--date", TODAY, vault=vault).exit_code == 0
    note = next((vault / "events").glob("*.md")).read_text(encoding="utf-8")
    assert f"status: {INTRO_STATUSES[0]}\n" in note


@pytest.mark.parametrize("status", CALLED_OFF)
def test_an_event_called_off_is_neither_followed_up_nor_exported(make_vault, run, status: str) -> None:
    vault = make_vault({
        "people/Ada.md": "---\ntype: contact\n---\n",
        "events/Past.md": f"---\ntype: event\nstatus: {status.title()}\ndate: 2026-11-24\n"
                          "attendees: ['[[Ada]]']\n---\n",
        "events/Next.md": f"---\ntype: event\nstatus: {status}\ndate: 2026-11-28\nattendees: ['[[Ada]]']\n---\n",
        "events/Held.md": "---\ntype: event\ndate: 2026-11-29\nattendees: ['[[Ada]]']\n---\n",
    })
    agenda = as_json(run("agenda", "--date", TODAY, "--format", "json", vault=vault))
    assert agenda["follow_up"] == []
    ics = run("export", "ics", "--date", TODAY, vault=vault).stdout
    assert "SUMMARY:Held" in ics and "SUMMARY:Next" not in ics


@pytest.mark.parametrize("value", ["Freelance", "freelancer", "Self-employed", "self employed", "Indépendante",
                                   "RETRAITÉ", "n/a", "None", "Student", "sans emploi", "", "  "])
def test_values_that_name_no_company(value: str) -> None:
    assert not is_company(value)


@pytest.mark.parametrize("value", ["Acme", "Freelance Collective", "Student Loans Company", "Retired Engineers Club"])
def test_companies(value: str) -> None:
    assert is_company(value)


def test_introductions_and_event_prep_agree_on_what_is_a_company(make_vault, run) -> None:
    """Two self-employed people do not work together: introductions do not lower their score for it,
    and preparing an event does not suggest one because the other is there."""
    vault = make_vault({
        "people/Ada.md": "---\ntype: contact\ncompany: Self-employed\nneeds: [a designer]\n---\n",
        "people/Bob.md": "---\ntype: contact\ncompany: [Self-employed, Acme]\noffers: [designers]\n"
                         "tags: [x]\n---\n",
        "people/Cy.md": "---\ntype: contact\ncompany: Acme\n---\n",
        "events/Party.md": "---\ntype: event\ndate: 2026-11-28\nto_meet: ['[[Ada]]', '[[Cy]]']\n---\n",
    })
    intros = as_json(run("intros", "--date", TODAY, "--format", "json", vault=vault))
    assert [(i["a"], i["b"]) for i in intros] == [("Ada", "Bob")]
    assert not any("both at" in r for r in intros[0]["reasons"])
    agenda = as_json(run("agenda", "--date", TODAY, "--format", "json", vault=vault))
    worth = agenda["prepare"][0]["worth_meeting"]
    assert [(w["contact"], w["reasons"]) for w in worth] == [("Bob", ["works at Acme like Cy"])]
