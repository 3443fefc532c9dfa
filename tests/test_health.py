"""`vaultkit health` on the hand-written vaults: each person's bucket and why, the filters, the
JSON contract, and the Network note with its Mermaid charts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import as_json

ROOT = Path(__file__).resolve().parents[1]
LYON = Path(__file__).resolve().parent / "vaults" / "lyon-freelance"
LYON_TODAY = "2026-12-03"
EXAMPLE_TODAY = "2026-11-26"
CONTACT_KEYS = {"contact", "path", "bucket", "last_contact", "days_since", "cadence_days",
                "cadence_from", "ratio", "trend", "why"}


@pytest.fixture
def lyon(tmp_path: Path) -> Path:
    vault = tmp_path / "lyon-freelance"
    shutil.copytree(LYON, vault)
    return vault


@pytest.fixture
def example(tmp_path: Path) -> Path:
    vault = tmp_path / "example-vault"
    shutil.copytree(ROOT / "example-vault", vault)
    return vault


def health(run, vault: Path, day: str, *args: str) -> dict:
    return as_json(run("health", "--date", day, "--format", "json", *args, vault=vault))


def by_name(data: dict) -> dict[str, dict]:
    return {c["contact"]: c for c in data["contacts"]}


# -- buckets and reasons, person by person -------------------------------------------------------

def test_two_times_past_a_monthly_cadence_is_at_risk_with_that_reason(run, lyon) -> None:
    """Lucas Bernard: `cadence: 1m`, last seen 2026-09-30 at the Ninkasi, 64 days before (his
    lunch of 2026-12-05 called off: removed)."""
    (lyon / "Meetings" / "2026-12-05 Déjeuner avec Lucas.md").unlink()
    lucas = by_name(health(run, lyon, LYON_TODAY))["Lucas Bernard"]
    assert (lucas["bucket"], lucas["last_contact"], lucas["cadence_days"], lucas["cadence_from"]) == \
        ("at_risk", "2026-09-30", 30, "cadence")
    assert lucas["ratio"] == 2.13
    assert lucas["why"] == ["2.1× past their monthly cadence (64 days without contact)"]


def test_a_meeting_booked_is_no_risk_the_agenda_rule(run, lyon) -> None:
    """Lucas Bernard is 2.1× past his cadence, but lunch with him is booked for 2026-12-05:
    cooling, with the meeting as the reason, as the agenda leaves him out of Reconnect."""
    lucas = by_name(health(run, lyon, LYON_TODAY))["Lucas Bernard"]
    assert lucas["bucket"] == "cooling"
    assert lucas["why"] == ["meeting booked on 2026-12-05 (2026-12-05 Déjeuner avec Lucas)",
                            "2.1× past their monthly cadence (64 days without contact)"]
    reconnect = as_json(run("agenda", "--date", LYON_TODAY, "--format", "json", vault=lyon))["reconnect"]
    assert "Lucas Bernard" not in {i["contact"] for i in reconnect}
    # a week later than the horizon: the lunch is too far to count, he is at risk again
    far = lyon / "Meetings" / "2026-12-05 Déjeuner avec Lucas.md"
    far.write_text(far.read_text(encoding="utf-8").replace("2026-12-05T12:30", "2026-12-20T12:30"),
                   encoding="utf-8")
    assert by_name(health(run, lyon, LYON_TODAY))["Lucas Bernard"]["bucket"] == "at_risk"


def test_a_meeting_booked_on_the_example_vault(run, example) -> None:
    """Nikhil Rao: past his fortnightly cadence with a promise overdue, and at the hiring
    meetup of 2026-12-02: not at risk."""
    nikhil = by_name(health(run, example, EXAMPLE_TODAY))["Nikhil Rao"]
    assert nikhil["bucket"] == "cooling"
    assert nikhil["why"][0] == "meeting booked on 2026-12-02 (Hiring in Climate Tech #6: your first engineer)"
    assert any("architecture doc" in w for w in nikhil["why"])


def test_people_met_in_the_last_weeks_are_new(run, lyon) -> None:
    """Jane Doe: first a call on 2026-12-01; Emma Wilson: the salon of 2026-11-27."""
    people = by_name(health(run, lyon, LYON_TODAY))
    assert (people["Jane Doe"]["bucket"], people["Jane Doe"]["why"]) == ("new", ["first met 2 days ago"])
    assert (people["Emma Wilson"]["bucket"], people["Emma Wilson"]["why"]) == ("new", ["first met 6 days ago"])
    assert people["Emma Wilson"]["last_contact"] == "2026-11-27"


def test_a_past_cadence_is_cooling_and_a_tier_is_named(run, lyon) -> None:
    """Léo Garnier: `prm-tier: warm` (180 days), last contact 2026-05-20, 197 days before."""
    leo = by_name(health(run, lyon, LYON_TODAY))["Léo Garnier"]
    assert (leo["bucket"], leo["cadence_days"], leo["cadence_from"]) == ("cooling", 180, "tier warm")
    assert leo["why"] == ["1.1× past their half-yearly cadence (197 days without contact)"]


def test_no_contact_at_all_or_for_three_cadences_is_dormant(run, lyon) -> None:
    people = by_name(health(run, lyon, LYON_TODAY))
    assert (people["Pauline Roche"]["bucket"], people["Pauline Roche"]["why"]) == \
        ("dormant", ["no contact on record"])
    fanny = people["Fanny Roussel"]  # paused: no cadence of hers counts, the default does
    assert (fanny["bucket"], fanny["cadence_from"], fanny["cadence_days"]) == ("dormant", "default", 90)
    assert fanny["why"] == ["no contact for 9 months (3.1× the default quarterly cadence)"]


def test_within_their_cadence_is_active_and_a_weekly_meeting_counts_each_time(run, lyon) -> None:
    """Olivier Petit: a weekly call since 2026-11-02 (each Monday is a contact)."""
    olivier = by_name(health(run, lyon, LYON_TODAY))["Olivier Petit"]
    assert olivier["bucket"] == "active"
    assert olivier["last_contact"] == "2026-11-30"
    # five Mondays; the daily note of 25 November only mentions him
    assert olivier["trend"] == {"last_90": 5, "previous_90": 0}


def test_the_user_is_never_listed(run, lyon) -> None:
    assert "Claire Dubois" not in by_name(health(run, lyon, LYON_TODAY))


def test_an_overdue_promise_is_a_reason_and_puts_them_at_risk(run, example) -> None:
    """Sofia Lindqvist, seen 8 days ago (within the default cadence), is owed the interview
    guide since 2026-11-20; Nikhil Rao the architecture doc since 2026-11-10."""
    people = by_name(health(run, example, EXAMPLE_TODAY))
    sofia = people["Sofia Lindqvist"]
    assert sofia["bucket"] == "at_risk"
    assert sofia["why"] == ["within the default quarterly cadence (last contact 8 days ago)",
                            "you promised “the interview guide”, due 6 days ago"]
    assert people["Nikhil Rao"]["why"][-1] == "you promised “the architecture doc”, due 2 weeks ago"
    assert not any("promised" in w for w in people["Tom Becker"]["why"])  # due 2026-12-01: not yet


def test_a_job_change_not_followed_up_is_a_reason(run, lyon) -> None:
    note = lyon / "People" / "Mathieu Roux.md"
    note.write_text(note.read_text(encoding="utf-8")
                    + "\n## 2026-11-30 Changed jobs: Keolis → SNCF Connect (Lead data)\n", encoding="utf-8")
    mathieu = by_name(health(run, lyon, LYON_TODAY))["Mathieu Roux"]
    assert mathieu["bucket"] == "at_risk"
    assert mathieu["why"][-1] == "changed jobs 3 days ago: Keolis → SNCF Connect (Lead data)"


def test_fewer_contacts_lately_past_their_cadence_is_at_risk(run, lyon) -> None:
    (lyon / "People" / "Gilles Faure.md").write_text(
        "---\ntype: person\ncadence: 1m\n---\n## 2026-06-15 Café\n## 2026-07-10 Déjeuner\n"
        "## 2026-08-01 Appel\n## 2026-08-25 Visio\n## 2026-10-20 Appel\n", encoding="utf-8")
    gilles = by_name(health(run, lyon, LYON_TODAY))["Gilles Faure"]
    assert gilles["trend"] == {"last_90": 1, "previous_90": 4}
    assert gilles["ratio"] == 1.47  # 44 days, a month: under 1.5, at risk only by the trend
    assert (gilles["bucket"], gilles["why"]) == ("at_risk", [
        "past their monthly cadence (44 days without contact)",
        "fewer contacts lately: 1 in the last 90 days, 4 in the 90 before"])


def test_a_cadence_by_tag_is_named(run, lyon) -> None:
    config = lyon / ".vaultkit" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "cadence_by_tag: {recrutement: 2w}\n", encoding="utf-8")
    sophie = by_name(health(run, lyon, LYON_TODAY))["Sophie Laurent"]
    assert (sophie["cadence_days"], sophie["cadence_from"]) == (14, "tag recrutement (2w)")


# -- filters and formats -------------------------------------------------------------------------

def test_the_json_contract(run, lyon) -> None:
    data = health(run, lyon, LYON_TODAY)
    assert set(data) == {"date", "buckets", "contacts"}
    assert data["date"] == LYON_TODAY
    assert data["buckets"] == {"active": 5, "at_risk": 4, "cooling": 3, "dormant": 3, "new": 7}
    assert len(data["contacts"]) == sum(data["buckets"].values())
    for item in data["contacts"]:
        assert set(item) == CONTACT_KEYS
        assert set(item["trend"]) == {"last_90", "previous_90"}
        assert item["why"]
    order = [c["bucket"] for c in data["contacts"]]
    assert order == sorted(order, key=["at_risk", "cooling", "new", "active", "dormant"].index)


def test_filters_by_bucket_tag_and_company(run, lyon, example) -> None:
    data = health(run, lyon, LYON_TODAY, "--bucket", "at_risk")
    assert sorted(by_name(data)) == ["Chen Wei", "David Martin", "Karim Benali", "Nadia Mansour"]
    assert data["buckets"]["new"] == 7  # the counts stay those of everyone
    assert sorted(by_name(health(run, example, EXAMPLE_TODAY, "--tag", "investor"))) == \
        ["Daniel Weiss", "Élodie Marchand"]
    assert sorted(by_name(health(run, lyon, LYON_TODAY, "--company", "transports"))) == ["Olivier Petit"]
    data = health(run, lyon, LYON_TODAY, "--company", "nobody at all")
    assert (data["contacts"], sum(data["buckets"].values())) == ([], 0)


def test_the_answer_kept_for_scripts_follows_every_change(run, lyon, private_dirs) -> None:
    """`health --format json` on a pipe is written again from the output cache while nothing
    changed (its own file: the agenda's stays), and computed afresh after any change."""
    first = run("health", "--date", LYON_TODAY, "--format", "json", vault=lyon).stdout
    run("agenda", "--date", LYON_TODAY, "--format", "json", vault=lyon)
    assert run("health", "--date", LYON_TODAY, "--format", "json", vault=lyon).stdout == first
    kept = {p.name for p in (private_dirs / "cache").rglob("*-output.txt")}
    assert kept == {"health-output.txt", "agenda-output.txt"}
    assert by_name(json.loads(first))["Lucas Bernard"]["bucket"] == "cooling"
    at_risk = health(run, lyon, LYON_TODAY, "--bucket", "at_risk")
    assert "Lucas Bernard" not in by_name(at_risk) and by_name(at_risk) != by_name(json.loads(first))
    (lyon / "Meetings" / "2026-12-05 Déjeuner avec Lucas.md").unlink()  # the lunch called off
    assert by_name(health(run, lyon, LYON_TODAY))["Lucas Bernard"]["bucket"] == "at_risk"
    assert "Lucas Bernard" in by_name(health(run, lyon, LYON_TODAY, "--bucket", "at_risk"))


def test_text_lists_each_bucket_with_its_reasons(run, lyon) -> None:
    out = run("health", "--date", LYON_TODAY, vault=lyon).output
    assert "At risk (4)" in out and "Dormant (3)" in out
    assert "2.1× past their monthly cadence (64 days without contact)" in out
    assert out.index("At risk") < out.index("Cooling") < out.index("New (7)")


def test_help_has_an_example(run) -> None:
    out = run("health", "--help").output
    assert "vaultkit health --bucket at_risk" in out and "--write" in out


# -- the Network note ----------------------------------------------------------------------------

def test_write_makes_the_network_note_with_mermaid_charts(run, example) -> None:
    result = run("health", "--date", EXAMPLE_TODAY, "--write", vault=example)
    assert result.exit_code == 0, result.output
    text = (example / "Network.md").read_text(encoding="utf-8")
    assert text.startswith("---\ngenerated_by: vaultkit\n")
    assert text.count("```mermaid") == 3
    assert "pie showData title Contacts per bucket\n" in text and '    "At risk" : 4\n' in text
    months = '["2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", ' \
             '"2026-08", "2026-09", "2026-10", "2026-11"]'
    assert f"xychart-beta\n    title \"Contacts per month\"\n    x-axis {months}\n" in text
    assert "xychart-beta horizontal" in text and '"Inês Duarte"' in text
    assert "- [[Sofia Lindqvist]]: within the default quarterly cadence (last contact 8 days ago); " \
           "you promised “the interview guide”, due 6 days ago" in text
    assert "- [[Nikhil Rao]]: meeting booked on 2026-12-02 (Hiring in Climate Tech #6: your first engineer); " \
           "1.6× past their fortnightly cadence (23 days without contact); " \
           "you promised “the architecture doc”, due 2 weeks ago" in text
    again = run("health", "--date", EXAMPLE_TODAY, "--write", vault=example)
    assert "Network.md is up to date" in again.output
    assert "Network" not in run("list", "contacts", vault=example).output  # never read back as a note


def test_write_refuses_to_replace_an_edited_network_note(run, example) -> None:
    run("health", "--date", EXAMPLE_TODAY, "--write", vault=example)
    note = example / "Network.md"
    edited = note.read_text(encoding="utf-8") + "\nMy own thoughts on the network.\n"
    note.write_text(edited, encoding="utf-8")
    result = run("health", "--date", EXAMPLE_TODAY, "--write", vault=example)
    assert result.exit_code == 2
    assert "edited since vaultkit wrote it" in result.output and "the note was not written" in result.output
    assert note.read_text(encoding="utf-8") == edited


def test_write_to_another_path_and_never_outside_the_vault(run, example, tmp_path) -> None:
    result = run("health", "--date", EXAMPLE_TODAY, "--write", "Reviews/Health.md", vault=example)
    assert result.exit_code == 0, result.output
    assert (example / "Reviews" / "Health.md").read_text(encoding="utf-8").count("```mermaid") == 3
    outside = run("health", "--date", EXAMPLE_TODAY, "--write", str(tmp_path / "x.md"), vault=example)
    assert outside.exit_code != 0 and "outside the vault" in outside.output
    assert not (tmp_path / "x.md").exists()


# -- the store's reads -------------------------------------------------------------------------

def test_contact_days_and_first_met_of_some_contacts(lyon) -> None:
    from vaultkit.config import load_config
    from vaultkit.store.index import Index

    with Index(load_config(lyon)) as ix:
        ix.refresh()
        days = ix.contact_days("2026-11-01", LYON_TODAY)
        # the weekly call's Mondays (a repeating event), never the Monday after today
        assert days["People/Olivier Petit.md"] == ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23",
                                                   "2026-11-30"]
        # the monthly lunch of the 10th, the breakfast, the café
        assert days["People/Thomas Girard.md"] == ["2026-11-10", "2026-12-01", "2026-12-02"]
        assert "People/Emma Wilson.md" in days and "People/Claire Dubois.md" not in days
        every = ix.first_met(LYON_TODAY)
        some = ["People/Jane Doe.md", "People/Olivier Petit.md", "People/Pauline Roche.md"]
        assert ix.first_met(LYON_TODAY, some) == {p: every[p] for p in some if p in every}
        assert every["People/Olivier Petit.md"] == "2026-10-06"  # his `met` day wins
        assert ix.cadence_sources()["People/Léo Garnier.md"] == "tier warm"
        assert ix.cadence_sources(["People/Léo Garnier.md", "People/Jane Doe.md"]) == \
            {p: v for p, v in ix.cadence_sources().items() if p in ("People/Léo Garnier.md", "People/Jane Doe.md")}


@pytest.mark.parametrize("shown", [1, 2, 3])
@pytest.mark.parametrize("day", [LYON_TODAY, "2026-10-20", "2027-01-15"])
def test_the_first_of_each_bucket_alone_are_those_of_the_whole_answer(lyon, shown: int, day: str) -> None:
    """Text shows the first contacts of each bucket: made alone (their trend read only when
    it decides a bucket, and for them), they are the first of the whole answer, word for word."""
    from vaultkit.config import load_config
    from vaultkit.engines.health import build_health
    from vaultkit.store.index import Index

    # Gilles at risk only by his trend (the test above); Gaëlle as late, with no trend: cooling
    (lyon / "People" / "Gilles Faure.md").write_text(
        "---\ntype: person\ncadence: 1m\n---\n## 2026-06-15 Café\n## 2026-07-10 Déjeuner\n"
        "## 2026-08-01 Appel\n## 2026-08-25 Visio\n## 2026-10-20 Appel\n", encoding="utf-8")
    (lyon / "People" / "Gaëlle Faure.md").write_text(
        "---\ntype: person\ncadence: 1m\n---\n## 2026-10-20 Appel\n", encoding="utf-8")
    with Index(load_config(lyon)) as ix:
        ix.refresh()
        whole = build_health(ix, ix.config, day)
        few = build_health(ix, ix.config, day, shown=shown, charts=False)
    assert few.buckets == whole.buckets and (few.per_month, few.most_seen) == ([], [])
    firsts: dict[str, list] = {}
    for c in whole.contacts:
        if len(firsts.setdefault(c.bucket, [])) < shown:
            firsts[c.bucket].append(c.to_json())
    assert [c.to_json() for c in few.contacts] == [c for items in firsts.values() for c in items]
    assert any(c["trend"]["last_90"] for c in few.to_json()["contacts"])  # trends were read for them


def test_the_watcher_keeps_the_network_note_fresh(run, example) -> None:
    import datetime as dt
    import threading
    import time

    from vaultkit.config import load_config
    from vaultkit.watch.watcher import Watcher

    assert run("health", "--date", EXAMPLE_TODAY, "--write", vault=example).exit_code == 0
    note = example / "Network.md"
    assert "- [[Margaux Dubois]]: 2.9× past their monthly cadence" in note.read_text(encoding="utf-8")
    watcher = Watcher(load_config(example), today=lambda: dt.date(2026, 11, 26))
    thread = threading.Thread(target=lambda: (watcher.start(), watcher.run(), watcher.close()))
    thread.start()
    try:
        time.sleep(0.5)
        margaux = example / "people" / "Margaux Dubois.md"
        margaux.write_text(margaux.read_text(encoding="utf-8") + "\n## 2026-11-25 Coffee at Ten Belles\n",
                           encoding="utf-8")
        deadline = time.monotonic() + 10
        while "Margaux Dubois]]: within" not in note.read_text(encoding="utf-8") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "- [[Margaux Dubois]]: within their monthly cadence (last contact yesterday)" in \
            note.read_text(encoding="utf-8")
    finally:
        watcher.stop()
        thread.join(10)
    assert not thread.is_alive()
