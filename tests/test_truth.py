"""The agenda on a hand-written vault: who appears in each section, and why, person by person.

`tests/vaults/lyon-freelance/` is a freelance consultant's Obsidian vault, written the ways
people write notes (several front-matter styles, French and English, daily notes, tasks
in three date syntaxes, mentions, quotes, embeds, a broken note). Every test works on a
copy of it.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from .conftest import as_json

SOURCE = Path(__file__).resolve().parent / "vaults" / "lyon-freelance"
TODAY = "2026-12-03"


@pytest.fixture
def lyon(tmp_path: Path) -> Path:
    vault = tmp_path / "lyon-freelance"
    shutil.copytree(SOURCE, vault)
    return vault


@pytest.fixture
def agenda(run, lyon) -> dict:
    return as_json(run("agenda", "--date", TODAY, "--format", "json", vault=lyon))


def names(items: list[dict]) -> list[str]:
    return sorted(i["contact"] for i in items)


def contact(run, vault: Path, name: str) -> dict:
    return as_json(run("show", name, "--format", "json", vault=vault))


# -- spellings people write ----------------------------------------------------------------------

def test_french_cadences_are_read(run, lyon) -> None:
    david = contact(run, lyon, "David Martin")  # cadence: 3 mois
    assert david["fields"]["cadence_days"] == 90
    problems = run("check", vault=lyon).output
    assert "David Martin" not in problems


def test_a_day_first_birthday_in_a_french_vault(agenda) -> None:
    """`birthday: 06/12/1985` in a vault whose language is French is 6 December."""
    pauline = [b for b in agenda["birthdays"] if b["contact"] == "Pauline Roche"]
    assert [(b["date"], b["age"]) for b in pauline] == [("2026-12-06", 41)]


def test_an_ambiguous_numeric_date_asks_for_date_order(run, lyon) -> None:
    config = lyon / ".vaultkit" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("language: fr", "language: en"), encoding="utf-8")
    out = run("check", vault=lyon).output
    assert "People/Pauline Roche.md:4: error: bad date in `birthday`: ambiguous date: '06/12/1985'" in out
    assert "date_order" in out
    config.write_text(config.read_text(encoding="utf-8") + "date_order: mdy\n", encoding="utf-8")
    assert contact(run, lyon, "Pauline Roche")["fields"]["birthday"] == "1985-06-12"


def test_obsidian_personal_crm_keys(run, agenda) -> None:
    """`prm-last-contacted`, `prm-birthday` and `prm-cadence` are read as vaultkit's own fields."""
    karim = [r for r in agenda["reconnect"] if r["contact"] == "Karim Benali"]
    assert [(r["last_contact"], r["cadence_days"]) for r in karim] == [("2026-06-10", 60)]
    assert "Karim Benali" in names(agenda["birthdays"])


def test_obsidian_personal_crm_tiers_pauses_and_snoozes(run, lyon) -> None:
    """`prm-tier` is one of the plugin's tiers (its own cadences), `prm-paused` and a plain
    `paused` keep someone out of Reconnect, `prm-snooze-until` snoozes, `prm-cadence` wins."""
    leo = contact(run, lyon, "Léo Garnier")
    assert (leo["fields"]["tier"], leo["fields"]["cadence_days"], leo["last_contact"]) == ("warm", 180, "2026-05-20")
    fanny = contact(run, lyon, "Fanny Roussel")
    assert fanny["fields"]["paused"] is True and fanny["fields"]["cadence_days"] == 30  # close, paused
    assert "Fanny" not in run("check", vault=lyon).output
    karim = lyon / "People" / "Karim Benali.md"
    karim.write_text(karim.read_text(encoding="utf-8").replace(
        "prm-cadence: 2m\n", "prm-tier: dormant\nprm-cadence: 2m\nprm-snooze-until: 2026-12-20\n"), encoding="utf-8")
    chen = lyon / "People" / "Chen Wei.md"
    chen.write_text(chen.read_text(encoding="utf-8").replace("cadence: 2m\n", "cadence: 2m\npaused: true\n"),
                    encoding="utf-8")
    assert contact(run, lyon, "Karim Benali")["fields"]["cadence_days"] == 60  # prm-cadence over prm-tier
    reconnect = names(as_json(run("agenda", "--date", TODAY, "--format", "json", vault=lyon))["reconnect"])
    assert reconnect == ["David Martin", "Hélène Côté", "Léo Garnier", "Nadia Mansour"]  # Karim snoozed, Chen paused
    config = lyon / ".vaultkit" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "prm_tiers: {warm: 1y}\n", encoding="utf-8")
    assert contact(run, lyon, "Léo Garnier")["fields"]["cadence_days"] == 365  # the plugin's tiers as set there


def test_log_reads_a_french_colon_as_the_end_of_the_heading(run, lyon) -> None:
    result = run("log", "Nadia Mansour", "Appel : elle relit le contrat type d'ici vendredi.",
                 "--date", TODAY, vault=lyon)
    assert result.exit_code == 0, result.output
    text = (lyon / "People" / "Nadia Mansour.md").read_text(encoding="utf-8")
    assert text.endswith(f"## {TODAY} Appel\nAppel : elle relit le contrat type d'ici vendredi.\n")


# -- the vault as it is ------------------------------------------------------------------------

def test_folder_settings_match_whatever_their_case(run, lyon) -> None:
    config = lyon / ".vaultkit" / "config.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[People]", "[people]").replace("[Meetings]", "[meetings]"), encoding="utf-8")
    listed = as_json(run("list", "contacts", "--format", "json", vault=lyon))
    assert "Yann Le Gall" in [c["name"] for c in listed]  # People/Réseau/, untagged
    events = as_json(run("list", "events", "--format", "json", vault=lyon))
    assert "Déjeuner avec Lucas" in " ".join(e["title"] for e in events)


def test_init_in_an_existing_vault_finds_its_folders(run, lyon) -> None:
    shutil.rmtree(lyon / ".vaultkit")
    result = run("init", str(lyon), "--me", "Claire Dubois")
    assert result.exit_code == 0, result.output
    assert "contacts: notes in People/ (found; set in the config)" in result.output
    assert "events: notes in Meetings/ (found; set in the config)" in result.output
    assert not (lyon / "people").exists() and not (lyon / "events").exists()
    config = (lyon / ".vaultkit" / "config.yaml").read_text(encoding="utf-8")
    assert 'people_folders: ["People"]' in config and 'event_folders: ["Meetings"]' in config
    assert run("new", "contact", "Léa Fontaine", vault=lyon).exit_code == 0
    assert (lyon / "People" / "Léa Fontaine.md").exists()


# -- who is in each section, and why ---------------------------------------------------------

def test_follow_ups_after_each_event(agenda) -> None:
    by_event = {}
    for item in agenda["follow_up"]:
        by_event.setdefault(item["event"], []).append(item["contact"])
    assert {k: sorted(v) for k, v in by_event.items()} == {
        # a task that names Sophie the next day is no conversation with her
        "2026-12-01 Petit-déjeuner French Tech": ["Julien Morel", "Sophie Laurent"],
        # Thomas is not there: "Café avec [[Thomas Girard]]" the next day was one
        "Salon Data & IA Lyon 2026": ["Emma Wilson", "Inès Haddad", "Marie Lefebvre"],
        "2026-12-01 Call Jane Doe": ["Jane Doe"],
        "2026-11-20 Data Lyon Meetup #12": ["Anna Schmidt", "Yann Le Gall"],
        # not Camille: the round table of 11-30 says `follow_up: false`; nor Olivier: the Monday
        # call repeats
    }


def test_reconnect_counts_contacts_not_mentions(agenda) -> None:
    seen = {r["contact"]: r["last_contact"] for r in agenda["reconnect"]}
    assert seen == {
        "Nadia Mansour": "2026-07-01",  # a task naming her on 11-28 is not a contact
        "Hélène Côté": "2026-08-20",    # "→ [[Hélène Côté]] évidemment" is a passing thought
        "Chen Wei": "2026-08-01",       # a quote of his, and a proposed introduction: no contact
        "David Martin": "2026-05-12",   # cadence: 3 mois
        "Karim Benali": "2026-06-10",   # prm-last-contacted
        "Léo Garnier": "2026-05-20",    # prm-tier: warm, the plugin's 180 days
        # not Fanny: prm-paused: true (her prm-tier: close would make her due since April)
    }
    # Lucas is overdue (monthly, last seen 2026-09-30) but lunch is booked for 12-05
    assert "Lucas Bernard" not in seen


def test_prepare_lists_meetings_not_introductions(agenda) -> None:
    # and the Monday call with Olivier (`repeat: weekly` since 2 November) on its next Monday,
    # and the freelancers' lunch (`repeat: tous les mois` since 10 September) on 10 December
    assert [(p["event"], p["date"], p["time"]) for p in agenda["prepare"]] == [
        ("2026-12-05 Déjeuner avec Lucas", "2026-12-05", "12:30"),
        ("Point hebdo Transports Petit", "2026-12-07", "09:30"),
        ("2026-12-08 Meetup Women in Data", "2026-12-08", "18:30"),
        ("Déj mensuel freelances data", "2026-12-10", "12:15")]


# -- repeating events ------------------------------------------------------------------------

CALENDAR = SOURCE.parent / "calendars" / "point-hebdo-transports-petit.ics"


@pytest.fixture
def paris(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_weekly_call_imported_from_the_calendar(run, lyon, paris) -> None:
    """The Monday call with Olivier, exported from Google Calendar (RRULE:FREQ=WEEKLY;BYDAY=MO)
    instead of written by hand: no follow-up after any call, each Monday in Prepare."""
    (lyon / "Meetings" / "Point hebdo Olivier.md").unlink()
    assert run("import", "ics", str(CALENDAR), vault=lyon).exit_code == 0
    note = (lyon / "Meetings" / "2026-11-02 Point hebdo Transports Petit.md").read_text(encoding="utf-8")
    assert "repeat: FREQ=WEEKLY;BYDAY=MO\n" in note and "- '[[Olivier Petit]]'\n" in note
    first_week = as_json(run("agenda", "--date", "2026-11-03", "--format", "json", vault=lyon))
    assert "Olivier Petit" not in names(first_week["follow_up"])  # the day after the first call
    found = as_json(run("agenda", "--date", TODAY, "--days", "14", "--format", "json", vault=lyon))
    assert "Olivier Petit" not in names(found["follow_up"])
    calls = [(p["date"], p["time"]) for p in found["prepare"] if p["event"] == "Point hebdo Transports Petit"]
    assert calls == [("2026-12-07", "09:30"), ("2026-12-14", "09:30")]
    assert "nothing to follow up" in run("followup", "Point hebdo", vault=lyon).output


def test_a_task_belongs_to_whom_its_line_names(agenda) -> None:
    owners = {t["text"]: t["contacts"] for t in agenda["tasks"]}
    assert owners == {
        "Préparer le salon": [],           # the daily note's call with Marie does not make it hers
        "Mettre à jour mon site": [],      # Claire's own task, beside a task naming Nadia
        "Envoyer le devis à [[Julien Morel]]": ["Julien Morel"],
        "Ask [[Sophie Laurent]] for the 3 CVs": ["Sophie Laurent"],
        "Envoyer la proposition à [[Jane Doe]]": ["Jane Doe"],
    }


def test_birthdays_in_every_spelling(agenda) -> None:
    assert [(b["contact"], b["date"]) for b in agenda["birthdays"]] == [
        ("Pauline Roche", "2026-12-06"), ("Karim Benali", "2026-12-07"), ("Marie Lefebvre", "2026-12-09")]


def test_any_mention_counts_when_the_config_says_so(run, lyon) -> None:
    config = lyon / ".vaultkit" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "mentions_count: true\n", encoding="utf-8")
    agenda = as_json(run("agenda", "--date", TODAY, "--format", "json", vault=lyon))
    assert "Hélène Côté" not in names(agenda["reconnect"])  # the 11-28 mention counts now
    assert "Emma Wilson" not in names(agenda["follow_up"])  # and "penser à [[Emma Wilson]]" on 12-02


def test_contact_words_from_the_config(run, lyon) -> None:
    config = lyon / ".vaultkit" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "contact_words: [penser à]\n", encoding="utf-8")
    agenda = as_json(run("agenda", "--date", TODAY, "--format", "json", vault=lyon))
    assert "Emma Wilson" not in names(agenda["follow_up"])
    assert "Hélène Côté" in names(agenda["reconnect"])


# -- snooze ------------------------------------------------------------------------------------

@pytest.fixture
def on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vaultkit.cli.main.App.today", lambda self: TODAY)


def follow_ups_on(run, vault: Path, day: str) -> list[tuple[str, str, str]]:
    found = as_json(run("agenda", "--date", day, "--format", "json", vault=vault))["follow_up"]
    return [(f["contact"], f["event"], f["due"]) for f in found]


def test_snooze_defers_a_pending_follow_up(run, lyon, on_today) -> None:
    """Julien owes a reply after the breakfast of 12-01; snoozed until 12-20, he leaves Follow
    up, and comes back on 12-20 (19 days after the breakfast: past the 14-day window, still due)."""
    assert ("Julien Morel", "2026-12-01 Petit-déjeuner French Tech", "2026-12-03") in follow_ups_on(run, lyon, TODAY)
    result = run("snooze", "julien", "--until", "2026-12-20", vault=lyon)
    assert result.exit_code == 0, result.output
    assert "snooze: 2026-12-20\n---\n" in (lyon / "People" / "Julien Morel.md").read_text(encoding="utf-8")
    for day in (TODAY, "2026-12-19"):
        assert "Julien Morel" not in [c for c, _, _ in follow_ups_on(run, lyon, day)]
    assert ("Julien Morel", "2026-12-01 Petit-déjeuner French Tech", "2026-12-20") in follow_ups_on(
        run, lyon, "2026-12-20")
    # Sophie, at the same breakfast and not snoozed, has gone by then like any follow-up
    assert "Sophie Laurent" not in [c for c, _, _ in follow_ups_on(run, lyon, "2026-12-20")]


def test_snooze_refuses_a_day_in_the_past(run, lyon, on_today) -> None:
    before = (lyon / "People" / "Julien Morel.md").read_bytes()
    result = run("snooze", "julien", "--until", "2026-12-02", vault=lyon)
    assert result.exit_code == 2
    assert result.output == "Error: --until 2026-12-02 is in the past: give today or a later day (YYYY-MM-DD)\n"
    assert (lyon / "People" / "Julien Morel.md").read_bytes() == before
    assert run("snooze", "julien", "--until", TODAY, vault=lyon).exit_code == 0  # today is fine


# -- first met ---------------------------------------------------------------------------------

def test_met_since_lists_only_people_first_met_then(run, lyon, on_today) -> None:
    listed = as_json(run("list", "contacts", "--met-since", "2026-11-01", "--format", "json", vault=lyon))
    assert [c["name"] for c in listed] == [
        "Anna Schmidt", "Camille Faure", "Emma Wilson", "Inès Haddad", "Jane Doe", "Julien Morel", "Yann Le Gall"]
    # not Mathieu: a lunch on 11-25, but `last_contact: 2024-03-02` says he is known for years;
    # not Olivier: `met: 2026-10-06`, before his first Monday call (11-02);
    # not Karim (`prm-last-contacted: 2026-06-10`), nor Pauline, of whom nothing is dated;
    # not Marie: a line of Sophie's note of 09-15 links her
    later = as_json(run("list", "contacts", "--met-since", "2026-12-01", "--format", "json", vault=lyon))
    assert [c["name"] for c in later] == ["Jane Doe", "Julien Morel"]


# -- show: the last contact, and the last mention apart ------------------------------------

def test_show_gives_the_last_mention_apart_from_the_last_contact(run, lyon, on_today) -> None:
    helene = contact(run, lyon, "Hélène Côté")
    assert helene["last_contact"] == "2026-08-20"  # the visio; "→ [[Hélène Côté]] évidemment" is a mention
    assert helene["last_mention"] == {"date": "2026-11-28", "title": "2026-11-28", "path": "Daily/2026-11-28.md",
                                      "line": 10}
    assert all(i["date"] != "2026-11-28" for i in helene["interactions"])
    emma = contact(run, lyon, "Emma Wilson")
    assert (emma["last_contact"], emma["last_mention"]["date"]) == ("2026-11-27", "2026-12-02")  # "penser à"
    # the café with Thomas is a contact: dated_note, never "mention"
    thomas = contact(run, lyon, "Thomas Girard")
    assert [(i["date"], i["source"]) for i in thomas["interactions"]][:2] == [
        ("2026-12-02", "dated_note"), ("2026-12-01", "event")]
    assert contact(run, lyon, "Anna Schmidt")["last_mention"] is None  # nobody names her in passing
    text = run("show", "Hélène Côté", vault=lyon).output
    assert "last contact: 2026-08-20" in text
    assert "last mention: 2026-11-28 in Daily/2026-11-28.md (line 10)" in text


def test_category_links_do_not_warn_but_other_unresolved_links_do(run, lyon) -> None:
    """`categories: [[People]]` (as docs/format.md suggests) marks the note's kind: no warning;
    a company written as a link to no note still gets one."""
    checked = run("check", "--format", "json", vault=lyon)
    warned = {(i["path"], i["message"]) for i in as_json_lines(checked) if i["level"] == "warning"}
    assert not [w for w in warned if "[[People]]" in w[1] or "[[Meetings]]" in w[1]]
    assert ("People/Inès Haddad.md", "link [[GreenCart]] resolves to no note") in warned


def as_json_lines(result) -> list[dict]:
    import json

    return json.loads(result.stdout)


# -- reconnect drafts ----------------------------------------------------------------------------

def test_each_reconnect_shown_carries_a_draft_in_the_contacts_voice(agenda) -> None:
    items = {i["contact"]: i for i in agenda["reconnect"]}
    helene = items["Hélène Côté"]  # French, vous; last contact 2026-08-20
    assert helene["draft"].startswith("Bonjour Hélène,")
    assert "Cela fait 3 mois" in helene["draft"] and "vous" in helene["draft"]
    # what the user wrote for themself stays beside the draft, never inside it
    assert "crypto" not in helene["draft"]
    assert any("Ne pas lui parler de crypto" in line for line in helene["context"])
    chen = items["Chen Wei"]  # English: the first name, months in words
    assert chen["draft"].startswith("Hi Chen,") and "4 months" in chen["draft"]
    assert all(i["draft"] for i in agenda["reconnect"])


def test_only_the_most_overdue_reconnects_are_drafted_without_a_limit(run, make_vault) -> None:
    from vaultkit.engines.agenda import RECONNECT_DRAFTED

    people = {f"people/Person {n:02d}.md": "---\ntype: contact\ncadence: monthly\nlast_contact: "
              f"2026-{1 + n % 9:02d}-01\n---\n" for n in range(RECONNECT_DRAFTED + 5)}
    vault = make_vault(people, config="me: Sam Rivera\n")
    items = as_json(run("agenda", "--date", TODAY, "--format", "json", vault=vault))["reconnect"]
    assert len(items) == RECONNECT_DRAFTED + 5
    assert [bool(i.get("draft")) for i in items] == [True] * RECONNECT_DRAFTED + [False] * 5
    limited = as_json(run("agenda", "--date", TODAY, "--format", "json", "--limit", "28", vault=vault))
    assert len(limited["reconnect"]) == 28 and all(i.get("draft") for i in limited["reconnect"])
    text = run("agenda", "--date", TODAY, vault=vault).output
    assert text.count("It's been") == RECONNECT_DRAFTED  # the 25 text shows, each with its draft
