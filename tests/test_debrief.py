"""`vaultkit debrief EVENT`, the agenda's debrief and introductions_due sections, and their
boxes in Agenda.md, on a small vault of hand-written notes in French and English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vaultkit.notes import writer

from .conftest import as_json

T = "2026-11-22"

SALON = """---
type: event
title: Salon Tech Lyon
date: 2026-11-12
kind: conference
attendees: ["[[Paul Martin]]", "[[Léa Roux]]"]
goals:
  - Rencontrer deux directeurs techniques de startups
  - Revoir Paul pour sa levée de fonds
to_meet:
  - "[[Claire Dubois]]"
  - Marc Petit (CTO, Datalyse)
  - quelqu'un de chez Brightloop
---
Deux cents personnes, stands au sous-sol.

## Objectifs
- Trouver un client pour la mission data

## Prep
- Préparer le pitch client de la mission data

## Notes
- [[Paul Martin]] : sa levée de fonds avance, il cherche un CTO.
"""

DINNER = """---
type: event
title: Climate Dinner
date: 2026-11-20
kind: dinner
attendees: ["[[Nina Park]]"]
goals: [Ask Nina about her hiring plans, Pitch the pilot to a retailer]
to_meet: [Olga Berg]
---
Eight people at Septime.
"""

FILES = {
    "events/2026-11-12 Salon Tech Lyon.md": SALON,
    "events/2026-11-20 Climate Dinner.md": DINNER,
    "people/Paul Martin.md": "---\nlang: fr\nemail: paul@martin.example\n---\n"
                             "## 2026-09-30 Appel\n- Sa startup lève en janvier.\n"
                             "## 2026-11-15 Café\n- On a parlé de sa levée, il m'envoie le deck.\n",
    "people/Léa Roux.md": "---\nlang: fr\ncompany: Brightloop\nmet: \"[[2026-11-12 Salon Tech Lyon]]\"\n---\n",
    "people/Claire Dubois.md": "---\nlang: fr\ncompany: Datalyse\nmet: \"[[2026-11-12 Salon Tech Lyon]]\"\n---\n"
                               "## 2026-11-12 Rencontrée au salon\n- CTO de Datalyse, cherche des freelances.\n",
    "people/Nina Park.md": "---\nemail: nina@park.example\n---\n"
                           "## 2026-06-03 Coffee at Station F\n- Building a team for grid software.\n"
                           "## 2026-11-20 Dinner\n- Hiring two engineers in January.\n",
    "daily/2026-11-13.md": "- Après le [[2026-11-12 Salon Tech Lyon|salon]] : deux directeurs techniques "
                           "rencontrés, Claire et Hugo.\n",
}


@pytest.fixture
def vault(make_vault) -> Path:
    return make_vault(dict(FILES))


def debrief(run, vault: Path, event: str, *args: str) -> dict:
    return as_json(run("debrief", event, "--date", T, "--format", "json", *args, vault=vault))


# -- the debrief ------------------------------------------------------------------------------

def test_goals_met_and_not_met_with_their_evidence(run, vault: Path) -> None:
    d = debrief(run, vault, "salon tech")
    goals = {g["goal"]: g for g in d["goals"]}
    assert list(goals) == ["Rencontrer deux directeurs techniques de startups",
                           "Revoir Paul pour sa levée de fonds",
                           "Trouver un client pour la mission data"], "the field, then the Objectifs section"
    techs = goals["Rencontrer deux directeurs techniques de startups"]
    assert techs["met"] and techs["evidence"] == [
        "2026-11-13 2026-11-13: Après le salon : deux directeurs techniques rencontrés, Claire et Hugo."]
    paul = goals["Revoir Paul pour sa levée de fonds"]
    assert paul["met"] and "2026-11-12 Salon Tech Lyon: Paul Martin : sa levée de fonds avance, il cherche un CTO." \
        in paul["evidence"]
    # only the Prep section speaks of it, written before the event: nothing happened
    assert goals["Trouver un client pour la mission data"] == {
        "goal": "Trouver un client pour la mission data", "evidence": [], "met": False}


def test_people_to_meet_met_by_their_met_field_or_a_colleague_and_not_met(run, vault: Path) -> None:
    d = debrief(run, vault, "salon tech")
    assert d["to_meet"] == [
        {"name": "Claire Dubois", "path": "people/Claire Dubois.md", "met": True, "how": "met field"},
        {"name": "Marc Petit (CTO, Datalyse)", "path": None, "met": False, "how": None},
        {"name": "quelqu'un de chez Brightloop", "path": "people/Léa Roux.md", "met": True,
         "how": "Léa Roux works at Brightloop"},
    ]
    assert d["new_contacts"] == [{"contact": "Claire Dubois", "path": "people/Claire Dubois.md"},
                                 {"contact": "Léa Roux", "path": "people/Léa Roux.md"}]


def test_follow_ups_sent_and_pending_by_the_agendas_rule(run, vault: Path) -> None:
    salon = debrief(run, vault, "salon tech")
    assert {f["contact"]: (f["state"], f["on"]) for f in salon["follow_ups"]} == {
        "Paul Martin": ("sent", "2026-11-15"), "Léa Roux": ("pending", None)}
    dinner = debrief(run, vault, "climate dinner")
    assert dinner["follow_ups"] == [{"contact": "Nina Park", "path": "people/Nina Park.md",
                                     "state": "pending", "on": None}]
    pending = as_json(run("followup", "climate dinner", "--date", T, "--format", "json", vault=vault))
    assert [i["path"] for i in pending] == ["people/Nina Park.md"]  # the same rule says the same


def test_a_goal_naming_someone_is_met_by_a_line_about_them(run, vault: Path) -> None:
    d = debrief(run, vault, "climate dinner")
    assert [(g["goal"], g["met"]) for g in d["goals"]] == [
        ("Ask Nina about her hiring plans", True), ("Pitch the pilot to a retailer", False)]
    assert d["goals"][0]["evidence"] == ["2026-11-20 Nina Park: Hiring two engineers in January."]
    assert d["to_meet"] == [{"name": "Olga Berg", "path": None, "met": False, "how": None}]
    assert d["new_contacts"] == [] and d["written"] is False


def test_text_and_markdown(run, vault: Path) -> None:
    text = run("debrief", "climate dinner", "--date", T, vault=vault).output
    assert "Goals: 1 of 2 with something written about them" in text
    assert "✗ Pitch the pilot to a retailer" in text and "pending Nina Park" in text
    md = run("debrief", "salon tech", "--date", T, "--format", "markdown", vault=vault).output
    assert md.startswith("## Debrief: [[2026-11-12 Salon Tech Lyon|Salon Tech Lyon]]\n")
    assert "- ✅ [[Claire Dubois]]: met (met field)\n" in md
    assert "- ❌ Trouver un client pour la mission data: nothing written about it yet\n" in md


# -- --write ----------------------------------------------------------------------------------

def test_write_appends_a_debrief_once(run, vault: Path) -> None:
    note = vault / "events/2026-11-20 Climate Dinner.md"
    result = run("debrief", "climate dinner", "--date", T, "--write", vault=vault)
    assert result.exit_code == 0 and "wrote ## Debrief" in result.output
    text = note.read_text(encoding="utf-8")
    assert text.startswith(DINNER + "\n## Debrief\n_Written by `vaultkit debrief` on 2026-11-22._\n")
    assert "- ✅ Ask Nina about her hiring plans\n    - 2026-11-20 Nina Park: Hiring two engineers" in text
    assert "- Pending: [[Nina Park]]\n" in text
    again = run("debrief", "climate dinner", "--date", T, "--write", vault=vault)
    assert "already has a ## Debrief section" in again.output
    assert note.read_text(encoding="utf-8") == text, "never twice"
    assert debrief(run, vault, "climate dinner")["written"] is True


def test_write_never_goes_over_a_debrief_of_your_own(run, vault: Path) -> None:
    note = vault / "events/2026-11-12 Salon Tech Lyon.md"
    mine = SALON + "\n### Debrief du salon\n- Bonne journée, trop de stands.\n"
    note.write_text(mine, encoding="utf-8")
    assert "already has" in run("debrief", "salon", "--date", T, "--write", vault=vault).output
    assert note.read_text(encoding="utf-8") == mine


def test_write_on_a_note_changed_under_it_keeps_the_change(run, vault: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    note = vault / "events/2026-11-20 Climate Dinner.md"
    typed = DINNER + "\nA line typed in the editor meanwhile.\n"
    original = writer.check_parses
    calls = []

    def edit_meanwhile(path: Path, text: str) -> None:
        original(path, text)
        if not calls:
            calls.append(path)
            path.write_text(typed, encoding="utf-8")  # another program saves the note

    monkeypatch.setattr(writer, "check_parses", edit_meanwhile)
    assert run("debrief", "climate dinner", "--date", T, "--write", vault=vault).exit_code == 0
    text = note.read_text(encoding="utf-8")
    assert text.startswith(typed + "\n## Debrief\n") and text.count("## Debrief") == 1


def test_write_while_a_debrief_is_typed_meanwhile_writes_nothing(run, vault: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    note = vault / "events/2026-11-20 Climate Dinner.md"
    typed = DINNER + "\n## Debrief\n- Mine, typed while vaultkit wrote.\n"
    original = writer.check_parses

    def edit_meanwhile(path: Path, text: str) -> None:
        original(path, text)
        if "Mine, typed" not in path.read_text(encoding="utf-8"):
            path.write_text(typed, encoding="utf-8")

    monkeypatch.setattr(writer, "check_parses", edit_meanwhile)
    run("debrief", "climate dinner", "--date", T, "--write", vault=vault)
    assert note.read_text(encoding="utf-8") == typed


# -- the agenda -------------------------------------------------------------------------------

def agenda(run, vault: Path, day: str = T) -> dict:
    return as_json(run("agenda", "--date", day, "--format", "json", vault=vault))


def test_the_agenda_asks_for_a_debrief_the_day_after(run, vault: Path) -> None:
    assert [d["event"] for d in agenda(run, vault, "2026-11-20")["debrief"]] == ["Salon Tech Lyon"]
    items = agenda(run, vault)["debrief"]
    assert items == [
        {"event": "Salon Tech Lyon", "path": "events/2026-11-12 Salon Tech Lyon.md", "date": "2026-11-12",
         "due": "2026-11-13", "goals": 3, "to_meet": 3},
        {"event": "Climate Dinner", "path": "events/2026-11-20 Climate Dinner.md", "date": "2026-11-20",
         "due": "2026-11-21", "goals": 2, "to_meet": 1},
    ]
    run("debrief", "climate dinner", "--date", T, "--write", vault=vault)
    assert [d["event"] for d in agenda(run, vault)["debrief"]] == ["Salon Tech Lyon"]
    assert agenda(run, vault, "2026-11-27")["debrief"] == [], "older than the follow-up window"


def tick(note: Path, starts: str, mark: str = "x") -> None:
    text = note.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if x.startswith(starts))
    note.write_text(text.replace(line, line.replace("[ ]", f"[{mark}]", 1), 1), encoding="utf-8")


def write_agenda(run, vault: Path) -> str:
    done = run("agenda", "--date", T, "--write", vault=vault)
    assert done.exit_code == 0, done.output
    return done.output


def test_a_ticked_debrief_writes_it_and_a_cancelled_one_says_it_was_skipped(run, vault: Path) -> None:
    write_agenda(run, vault)
    agenda_note = vault / "Agenda.md"
    assert re.search(r"- \[ \] Debrief \[\[2026-11-20 Climate Dinner\|Climate Dinner\]\] .* \^vk-db-[0-9a-f]{6}",
                     agenda_note.read_text(encoding="utf-8"))
    tick(agenda_note, "- [ ] Debrief [[2026-11-20 Climate Dinner")
    tick(agenda_note, "- [ ] Debrief [[2026-11-12 Salon Tech Lyon", "-")
    out = write_agenda(run, vault)
    assert "debrief: events/2026-11-20 Climate Dinner.md: ## Debrief" in out
    dinner = (vault / "events/2026-11-20 Climate Dinner.md").read_text(encoding="utf-8")
    assert "\n## Debrief\n_Written by `vaultkit debrief` on 2026-11-22._\n" in dinner
    salon = (vault / "events/2026-11-12 Salon Tech Lyon.md").read_text(encoding="utf-8")
    assert salon.endswith("\n## Debrief\n_Skipped on 2026-11-22: no debrief._\n")
    assert "Debrief [[" not in agenda_note.read_text(encoding="utf-8")
    write_agenda(run, vault)
    assert (vault / "events/2026-11-20 Climate Dinner.md").read_text(encoding="utf-8") == dinner, "once"


# -- introductions followed through -----------------------------------------------------------

def intro(a: str, b: str, status: str, day: str, extra: str = "") -> tuple[str, str]:
    return (f"events/{day} Introduction {a} - {b}.md",
            f"---\ntype: event\nkind: introduction\ntitle: Introduction {a} - {b}\ndate: {day}\n"
            f"status: {status}\n{extra}attendees: ['[[{a}]]', '[[{b}]]']\n---\n")


PEOPLE = {
    "people/Paul Martin.md": "---\nlang: fr\nemail: paul@martin.example\n---\n",
    "people/Claire Dubois.md": "---\nlang: fr\nregister: tu\n---\n",
    "people/Nina Park.md": "---\nemail: nina@park.example\n---\n",
    "people/Omar Diallo.md": "---\nlang: en\n---\n",
    "people/Zoé Martin.md": "---\nlang: fr\n---\n",
    "people/Hugo Blanc.md": "---\nlang: fr\n---\n",
}


@pytest.fixture
def intros(make_vault) -> Path:
    return make_vault({**PEOPLE,
                       **dict([intro("Paul Martin", "Nina Park", "proposed", "2026-11-10"),
                               intro("Omar Diallo", "Zoé Martin", "proposed", "2026-11-18"),
                               intro("Claire Dubois", "Omar Diallo", "accepted", "2026-11-01",
                                     "status_date: 2026-11-20\n"),
                               intro("Claire Dubois", "Nina Park", "made", "2026-09-01",
                                     "status_date: 2026-10-20\n"),
                               intro("Zoé Martin", "Hugo Blanc", "made", "2026-11-01")])})


def test_introductions_to_follow_through(run, intros: Path) -> None:
    items = agenda(run, intros)["introductions_due"]
    assert [(i["a"], i["b"], i["step"], i["since"], i["due"]) for i in items] == [
        ("Paul Martin", "Nina Park", "ask_again", "2026-11-10", "2026-11-17"),   # 12 days without an answer
        ("Claire Dubois", "Nina Park", "check_in", "2026-10-20", "2026-11-19"),  # made 33 days ago
        ("Claire Dubois", "Omar Diallo", "make", "2026-11-20", "2026-11-20"),    # both said yes
    ]  # Omar's is 4 days old, Zoé and Hugo's made 21 days ago: not yet
    ask, check, make = items
    assert ask["draft"].startswith("Bonjour Paul,\n\nJe reviens vers vous au sujet de ma proposition de vous "
                                   "présenter Nina Park.")
    assert ask["mailto"].startswith("mailto:paul@martin.example?") and "draft_b" not in ask
    assert make["draft"].startswith("Hi Claire and Omar,\n\nAs promised, I'm connecting you."), \
        "two languages: English"
    assert check["draft"].startswith("Salut Claire,\n\nÇa fait quelques semaines que je t'ai présenté Nina Park")
    assert check["draft_b"].startswith("Hi Nina,\n\nIt's been a few weeks since I introduced you to Claire "
                                       "Dubois: did you two get to meet?")
    assert check["mailto_b"].startswith("mailto:nina@park.example?")


def test_the_days_come_from_the_config(run, intros: Path) -> None:
    (intros / ".vaultkit" / "config.yaml").write_text(
        "me: Sam Rivera\nintro_answer_days: 3\nintro_checkin_days: 20\n", encoding="utf-8")
    steps = {(i["a"], i["b"]): i["step"] for i in agenda(run, intros)["introductions_due"]}
    assert steps[("Omar Diallo", "Zoé Martin")] == "ask_again" and steps[("Zoé Martin", "Hugo Blanc")] == "check_in"


def test_intro_status_records_the_day_it_changed(run, intros: Path) -> None:
    result = run("intro", "claire", "omar", "--status", "made", "--date", T, vault=intros)
    assert result.exit_code == 0, result.output
    text = (intros / "events/2026-11-01 Introduction Claire Dubois - Omar Diallo.md").read_text(encoding="utf-8")
    assert "status: made\n" in text and re.search(r"^status_date: '?2026-11-22'?$", text, re.MULTILINE)
    steps = {(i["a"], i["b"]): (i["step"], i["due"]) for i in agenda(run, intros, "2026-12-22")["introductions_due"]}
    assert steps[("Claire Dubois", "Omar Diallo")] == ("check_in", "2026-12-22"), "30 days after it was made"


def test_introduction_boxes_are_recorded_in_the_note(run, intros: Path) -> None:
    write_agenda(run, intros)
    agenda_note = intros / "Agenda.md"
    tick(agenda_note, "- [ ] [[Paul Martin]] and [[Nina Park]]")        # asked again today
    tick(agenda_note, "- [ ] [[Claire Dubois]] and [[Omar Diallo]]", "-")  # closed
    tick(agenda_note, "- [ ] [[Claire Dubois]] and [[Nina Park]]")       # checked in
    out = write_agenda(run, intros)
    assert out.count("applied: introduction to follow through:") == 3, out
    events = intros / "events"
    paul = (events / "2026-11-10 Introduction Paul Martin - Nina Park.md").read_text(encoding="utf-8")
    assert "status: proposed\n" in paul and re.search(r"^status_date: '?2026-11-22'?$", paul, re.MULTILINE)
    closed = (events / "2026-11-01 Introduction Claire Dubois - Omar Diallo.md").read_text(encoding="utf-8")
    assert "status: declined\n" in closed
    checked = (events / "2026-09-01 Introduction Claire Dubois - Nina Park.md").read_text(encoding="utf-8")
    assert re.search(r"^checked_in: '?2026-11-22'?$", checked, re.MULTILINE)
    assert agenda(run, intros)["introductions_due"] == []
    write_agenda(run, intros)  # nothing left to apply: the notes stay as they are
    assert (events / "2026-09-01 Introduction Claire Dubois - Nina Park.md").read_text(encoding="utf-8") == checked


def test_a_snoozed_first_person_hides_the_step(run, intros: Path) -> None:
    note = intros / "people/Paul Martin.md"
    note.write_text("---\nlang: fr\nemail: paul@martin.example\nsnooze: 2026-12-01\n---\n", encoding="utf-8")
    assert ("Paul Martin", "Nina Park") not in {(i["a"], i["b"]) for i in agenda(run, intros)["introductions_due"]}


def test_a_snooze_on_an_introduction_line_snoozes_its_first_person(run, intros: Path) -> None:
    write_agenda(run, intros)
    agenda_note = intros / "Agenda.md"
    text = agenda_note.read_text(encoding="utf-8")
    line = next(x for x in text.split("\n") if x.startswith("- [ ] [[Paul Martin]] and [[Nina Park]]"))
    agenda_note.write_text(text.replace(line, re.sub(r" (\^vk-)", r" ⏳ 2026-12-01 \1", line)), encoding="utf-8")
    out = write_agenda(run, intros)
    assert "people/Paul Martin.md: snoozed until 2026-12-01" in out
    assert re.search(r"^snooze: '?2026-12-01'?$", (intros / "people/Paul Martin.md").read_text(encoding="utf-8"),
                     re.MULTILINE)
    assert "[[Paul Martin]] and [[Nina Park]]" not in agenda_note.read_text(encoding="utf-8")
    assert "Paul Martin" in {i["a"] for i in agenda(run, intros, "2026-12-02")["introductions_due"]}


def test_intro_checked_in_records_the_check_in(run, intros: Path) -> None:
    result = run("intro", "claire", "nina", "--checked-in", "--date", T, "--format", "json", vault=intros)
    assert as_json(result) == {"action": "checked_in", "checked_in": T, "status": "made",
                               "path": "events/2026-09-01 Introduction Claire Dubois - Nina Park.md"}
    assert ("Claire Dubois", "Nina Park") not in {(i["a"], i["b"]) for i in agenda(run, intros)["introductions_due"]}
    again = run("intro", "claire", "nina", "--checked-in", "--date", T, vault=intros)
    assert "already checked in on 2026-11-22" in again.output
    not_made = run("intro", "paul", "nina", "--checked-in", vault=intros)
    assert not_made.exit_code == 2 and "status proposed, not made" in not_made.output


def test_a_step_recorded_on_a_note_changed_under_it_keeps_the_change(run, intros: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write_agenda(run, intros)
    tick(intros / "Agenda.md", "- [ ] [[Claire Dubois]] and [[Nina Park]]")
    note = intros / "events/2026-09-01 Introduction Claire Dubois - Nina Park.md"
    typed = note.read_text(encoding="utf-8") + "Nina a répondu : elles se voient jeudi.\n"
    original = writer.check_parses

    def edit_meanwhile(path: Path, text: str) -> None:
        original(path, text)
        if path == note and "jeudi" not in path.read_text(encoding="utf-8"):
            path.write_text(typed, encoding="utf-8")  # another program saves the note

    monkeypatch.setattr(writer, "check_parses", edit_meanwhile)
    write_agenda(run, intros)
    text = note.read_text(encoding="utf-8")
    assert text.endswith("Nina a répondu : elles se voient jeudi.\n")
    assert re.search(r"^checked_in: '?2026-11-22'?$", text, re.MULTILINE)
