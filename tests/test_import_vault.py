"""`vaultkit import`: real files (tests/data, and the wider corpus when it is there) into fresh
vaults, merging, idempotence, hostile input."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vaultkit.config import load_config
from vaultkit.formats.ics import parse_events
from vaultkit.formats.linkedin import parse_connections
from vaultkit.formats.merge import import_contacts, linkedin_key
from vaultkit.formats.records import ContactRecord
from vaultkit.formats.vcard import parse_vcards
from vaultkit.notes import writer
from vaultkit.store.index import Index

from .conftest import as_json, needs_corpus, sample, sample_params, save_during_write

KINDS = {"vcard": ("vcard", parse_vcards, "people"), "ical": ("ics", parse_events, "events"),
         "linkedin": ("linkedin", parse_connections, "people")}
# Records of a file that name the same contact or event as an earlier record of the file:
# merged into one note instead of written twice.
MERGED = {
    "obsvcf_contacts.vcf": 1,  # card 17 (the "Snip & Sip AB" shop) has Rajiv Patel's two emails
    "khal_event_dt_multi_uid.ics": 1,  # two VEVENTs with UID "def" (no RECURRENCE-ID)
}


@pytest.fixture(autouse=True)
def paris_time(monkeypatch: pytest.MonkeyPatch):
    """Imported times are local times: pin the zone."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def tree(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root`` (the index lives outside the vault): bytes and mtime."""
    out = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            out[path.relative_to(root).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


def notes_in(vault: Path, folder: str) -> list[Path]:
    return sorted((vault / folder).glob("*.md")) if (vault / folder).is_dir() else []


def show(run, vault: Path, name: str) -> dict:
    return as_json(run("show", name, "--format", "json", vault=vault))


def fields_of(vault: Path, path: str) -> dict:
    with Index(load_config(vault)) as ix:
        ix.refresh()
        note = ix.note(path)
    assert note is not None
    return note.fields


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


# ---------------------------------------------------------------- every real file


@pytest.mark.parametrize("path", sample_params(*KINDS))
def test_every_real_file_imports_into_a_fresh_vault(path: Path, make_vault, run) -> None:
    kind, parse, folder = KINDS[path.parent.name]
    records, problems = parse(path)
    vault = make_vault({})
    result = run("import", kind, str(path), "--format", "json", vault=vault)
    assert result.exit_code == (1 if any(not p.warning for p in problems) and not records else 0), result.output
    data = json.loads(result.stdout)
    merged = MERGED.get(path.name, 0)
    created = notes_in(vault, folder)
    assert len(created) == len(records) - merged
    assert len(data["created"]) == len(created) and data["merged"] == merged
    assert sorted(c["path"] for c in data["created"]) == sorted(
        p.relative_to(vault).as_posix() for p in created)
    assert data["problems"] == [str(p) for p in problems if not p.warning]
    assert data["warnings"] == [str(p) for p in problems if p.warning]
    assert data["updated"] == [] and data["unchanged"] == []
    for problem in problems:  # one line each on stderr, file and line (or card) first
        assert str(problem) in result.stderr
        assert str(problem).startswith(f"{path}:")
    kinds = {n["path"]: n for n in as_json(run("list", "events" if kind == "ics" else "contacts",
                                               "--format", "json", vault=vault))}
    assert set(kinds) == {c["path"] for c in data["created"]}


def test_sample_contacts(make_vault, run) -> None:
    vault = make_vault({})
    files = [str(sample(f"vcard/{n}")) for n in ("obsvcf_contacts.vcf", "ezvcard_outlook-2003.vcf",
                                                 "obsvcf_encoding-win1251.vcf")]
    result = run("import", "vcard", *files, vault=vault)
    assert result.exit_code == 0
    li = show(run, vault, "李伟")
    assert li["path"] == "people/李伟.md"
    assert li["fields"]["email"] == ["liwei@zhuyukeji.cn", "li.wei@bamboo-tech.cn"]
    assert (li["fields"]["company"], li["fields"]["role"], li["fields"]["birthday"]) == (
        ["竹语科技有限公司"], "首席算法工程师", "1992-10-10")
    assert li["fields"]["tags"] == ["自然", "编程", "茶"]
    outlook = show(run, vault, "John Doe")
    assert outlook["fields"]["company"] == ["Company, The"]
    assert outlook["fields"]["email"] == ["jdoe@hotmail.com"]
    assert "This is the note field!!\nSecond line" in (vault / outlook["path"]).read_text(encoding="utf-8")
    ivan = show(run, vault, "Иванов Иван Иванович")
    assert ivan["fields"]["email"] == ["example@email.domain"]
    # the shop card shares Rajiv's emails: merged into his note, the other name reported
    rajiv = show(run, vault, "Rajiv Patel")
    assert rajiv["fields"]["email"] == ["rajiv.colors@rangmail.in", "rajiv@masala.in"]
    assert 'people/Rajiv Patel.md: name is "Rajiv Patel" in the note, "Snip & Sip AB" in the import; ' \
           "kept the note's" in result.stdout
    assert not (vault / "people" / "Snip & Sip AB.md").exists()


@needs_corpus
def test_corpus_contact_whose_birthday_has_no_year(make_vault, run) -> None:
    vault = make_vault({})
    path = sample("vcard/radicale_contact4-with-bday-no-year.vcf")  # CardBook's year 1604
    assert run("import", "vcard", str(path), vault=vault).exit_code == 0
    assert show(run, vault, "Test bday without year")["fields"]["birthday"] == "--01-01"


def test_sample_linkedin(make_vault, run) -> None:
    vault = make_vault({})
    path = sample("linkedin/kawsay_Connections.csv")
    assert run("import", "linkedin", str(path), vault=vault).exit_code == 0
    jose = show(run, vault, "José García")
    assert jose["fields"]["company"] == ["Acme, Inc."]
    assert jose["fields"]["role"] == "Senior Engineer"
    assert jose["fields"]["linkedin"] == "https://www.linkedin.com/in/josegarcia"
    assert "email" not in jose["fields"]
    # the connection date is a dated heading: an interaction on that day
    assert [(i["date"], i["title"]) for i in jose["interactions"]] == [("2024-01-15", "Connected on LinkedIn")]
    assert jose["last_contact"] == "2024-01-15"
    assert show(run, vault, "Æsop Fontaine")["fields"]["email"] == ["aesop@example.com"]


@pytest.mark.parametrize("packed", ["zip", "folder"])
def test_linkedin_takes_the_whole_export(make_vault, run, tmp_path: Path, packed: str) -> None:
    import zipfile

    connections = sample("linkedin/kawsay_Connections.csv").read_bytes()
    files = {"Basic_LinkedInDataExport/Connections.csv": connections,
             "Basic_LinkedInDataExport/messages.csv": b"CONVERSATION ID,FROM\n",
             "__MACOSX/Basic_LinkedInDataExport/._Connections.csv": b"\x00\x05\x16\x07"}
    if packed == "zip":
        export = tmp_path / "Basic_LinkedInDataExport_12-01-2026.zip"
        with zipfile.ZipFile(export, "w") as archive:
            for name, data in files.items():
                archive.writestr(name, data)
    else:
        export = tmp_path / "export"
        for name, data in files.items():
            (export / name).parent.mkdir(parents=True, exist_ok=True)
            (export / name).write_bytes(data)
    vault = make_vault({})
    assert run("import", "linkedin", str(export), vault=vault).exit_code == 0
    assert show(run, vault, "José García")["fields"]["role"] == "Senior Engineer"
    # an export without the file says so
    empty = tmp_path / "other.zip"
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("messages.csv", "CONVERSATION ID\n")
    result = run("import", "linkedin", str(empty), vault=vault)
    assert result.exit_code == 1 and f"{empty}: no Connections.csv in this LinkedIn export" in result.stderr


def test_sample_events(make_vault, run) -> None:
    vault = make_vault({"people/Jane Doe.md": "---\nemail: jdoe@example.com\n---\n"})
    files = [str(sample(f"ical/{n}")) for n in ("khal_event_dt_partstat.ics", "khal_event_rrule_recuid.ics")]
    assert run("import", "ics", *files, vault=vault).exit_code == 0
    event = show(run, vault, "An Event")
    assert event["path"] == "events/2014-04-09 An Event.md"
    # Berlin time, read in Paris time (the same offset)
    assert (event["fields"]["date"], event["fields"]["end"]) == ("2014-04-09T09:30", "2014-04-09T10:30")
    assert event["fields"]["ical_uid"] == "V042MJ8B3SJNFXQOJL6P53OFMHJE8Z3VZWOU"
    assert event["attendees"][:4] == [{"name": "Henry Cabot", "path": None},
                                      {"name": "The Big Cheese", "path": None},
                                      {"name": "Jane Doe", "path": "people/Jane Doe.md"},  # by email
                                      {"name": "jqpublic", "path": None}]
    text = (vault / event["path"]).read_text(encoding="utf-8")
    assert "date: 2014-04-09 09:30\n" in text and "- '[[Jane Doe]]'\n" in text
    assert len(notes_in(vault, "events")) == 2  # the recurring event once, not its overridden occurrence
    series = show(run, vault, "2014-06-30")["fields"]
    assert series["repeat"] == "FREQ=WEEKLY;UNTIL=20140806T060000Z" and "recurring" not in series
    other = make_vault({}, name="all-day")
    assert run("import", "ics", str(sample("ical/khal_event_d_long.ics")), vault=other).exit_code == 0
    long = show(run, other, "Another Event")
    assert (long["fields"]["date"], long["fields"]["end"]) == ("2014-04-09", "2014-04-11")


@needs_corpus
def test_corpus_sample_events(make_vault, run) -> None:
    vault = make_vault({"people/Jane Doe.md": "---\nemail: janedoe@example.com\n---\n"})
    files = [str(sample(f"ical/{n}")) for n in ("radicale_event1.ics", "khal_event_d_long.ics",
                                                "khal_event_rrule_recuid.ics")]
    assert run("import", "ics", *files, vault=vault).exit_code == 0
    event = show(run, vault, "Event")
    assert event["path"] == "events/2013-09-01 Event.md"
    assert (event["fields"]["date"], event["fields"]["end"]) == ("2013-09-01T18:00", "2013-09-01T19:00")
    assert event["fields"]["ical_uid"] == "event1"
    assert event["attendees"] == [{"name": "unclesam", "path": None},
                                  {"name": "Jane Doe", "path": "people/Jane Doe.md"},
                                  {"name": "John Doe", "path": None}]
    text = (vault / event["path"]).read_text(encoding="utf-8")
    assert "date: 2013-09-01 18:00\n" in text and "- '[[Jane Doe]]'\n" in text
    long = show(run, vault, "Another Event")
    assert (long["fields"]["date"], long["fields"]["end"]) == ("2014-04-09", "2014-04-11")
    series = notes_in(vault, "events")
    assert len(series) == 3  # the recurring event once, not its overridden occurrence
    series = show(run, vault, "2014-06-30")["fields"]
    assert series["repeat"] == "FREQ=WEEKLY;UNTIL=20140806T060000Z" and "recurring" not in series


# ---------------------------------------------------------------- round trip


ROUND_TRIP = {
    "people/Ada Lovelace.md": """
        ---
        type: contact
        email: [ada@engines.example, countess@lovelace.example]
        phone: ["+44 20 7946 0000", "+44 7700 900001"]
        org: "[[Analytical Engines]]"
        title: Programmer
        name: Ada Lovelace
        birthday: 1815-12-10
        linkedin: https://www.linkedin.com/in/ada-lovelace/
        tags: [math, poetry]
        ---
        Wrote the first program.
        """,
    "people/Grace Hopper.md": """
        ---
        email: grace@navy.example
        company: US Navy, Reserve
        role: Rear Admiral
        bday: --12-09
        ---
        """,
    "people/Alan Turing.md": "---\ntags: [math]\n---\n",
    "people/Sam Rivera.md": "---\nemail: sam@example.com\n---\n",
}
COMPARED = ("email", "phone", "company", "role", "birthday", "linkedin", "tags")


def contact_fields(vault: Path) -> dict[str, dict]:
    with Index(load_config(vault)) as ix:
        ix.refresh()
        notes = ix.notes(ix.paths("contact"))
    return {n.name: {k: n.fields.get(k) for k in COMPARED} for n in notes.values()}


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_round_trip_export_then_import(make_vault, run, version: str) -> None:
    source = make_vault(ROUND_TRIP)
    exported = run("export", "vcard", "--version", version, vault=source)
    assert exported.exit_code == 0
    vcf = source.parent / "contacts.vcf"
    vcf.write_text(exported.stdout, encoding="utf-8")
    target = make_vault({}, name="empty")
    assert run("import", "vcard", str(vcf), vault=target).exit_code == 0
    expected = contact_fields(source)
    del expected["Sam Rivera"]  # the user is never exported
    assert contact_fields(target) == expected
    assert expected["Ada Lovelace"]["company"] == ["Analytical Engines"]
    assert expected["Grace Hopper"]["birthday"] == "--12-09"


# ---------------------------------------------------------------- idempotence


@pytest.mark.parametrize(("kind", "files", "extra"), [
    pytest.param("vcard", ["vcard/obsvcf_contacts.vcf", "vcard/ezvcard_outlook-2007.vcf",
                           "vcard/sabrevobject_issue153.vcf"], ["--photos"], id="vcard"),
    pytest.param("linkedin", ["linkedin/lni_Connections.csv"], [], id="linkedin"),
    pytest.param("ics", ["ical/khal_event_dt_partstat.ics", "ical/khal_without_uid.ics",
                         "ical/khal_event_dt_multi_uid.ics"], [], id="ics"),
    pytest.param("vcard", ["vcard/obsvcf_contacts.vcf", "vcard/ezvcard_John_Doe_ANDROID.vcf",
                           "vcard/khard_photov3.vcf"], ["--photos"], id="corpus-vcard", marks=needs_corpus),
    pytest.param("ics", ["ical/radicale_event1.ics", "ical/khal_event_dt_partstat.ics", "ical/khal_without_uid.ics",
                         "ical/khal_event_dt_multi_uid.ics"], [], id="corpus-ics", marks=needs_corpus),
])
def test_importing_twice_changes_nothing(make_vault, run, kind: str, files: list[str], extra: list[str]) -> None:
    vault = make_vault({
        # hand-written notes the first run completes: the second must leave them alone too
        "people/Alice Johnson.md": "---\norg: TechCorp\n---\nMet at a meetup.\n",
        "people/John Doe.md": "---\nemail: johndoe@example.com\n---\n",
    })
    paths = [str(sample(f)) for f in files]
    first = as_json(run("import", kind, *paths, *extra, "--format", "json", vault=vault))
    assert first["created"]
    before = tree(vault)
    second = as_json(run("import", kind, *paths, *extra, "--format", "json", vault=vault))
    assert tree(vault) == before
    assert second["created"] == [] and second["updated"] == []
    assert len(second["unchanged"]) == len(first["created"]) + len(first["updated"]) + len(first["unchanged"])


def test_linkedin_then_vcard_of_the_same_people(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({})
    csv = write(tmp_path / "Connections.csv",
                "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                "Ada,Lovelace,https://www.linkedin.com/in/ada/,,Engines,CTO,12 Mar 2022\n")
    vcf = write(tmp_path / "phone.vcf",
                "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@engines.example\n"
                "URL:http://linkedin.com/in/ada?trk=x\nTEL:+44 1\nEND:VCARD\n")
    assert run("import", "linkedin", str(csv), vault=vault).exit_code == 0
    result = as_json(run("import", "vcard", str(vcf), "--format", "json", vault=vault))
    assert result["created"] == []
    assert result["updated"] == [{"action": "update", "fields": ["email", "phone"], "kind": "contact",
                                  "name": "Ada Lovelace", "path": "people/Ada Lovelace.md",
                                  "sources": [f"{vcf}: card 1"]}]
    text = (vault / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    assert text.endswith("email: ada@engines.example\nphone: +44 1\n---\n\n## 2022-03-12 Connected on LinkedIn\n")


# ---------------------------------------------------------------- merging


HAND_WRITTEN = """---
type: contact
org: Analytical Engines
email: Ada@Engines.example
tags: [math]
---
Met her at the **Royal Society**.

## 2026-11-20 Coffee
- wants an intro to Babbage
"""


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_merge_adds_missing_fields_and_reports_conflicts(make_vault, run, tmp_path: Path, newline: str) -> None:
    vault = make_vault({})
    (vault / "people").mkdir()
    note = write(vault / "people" / "Ada Lovelace.md", HAND_WRITTEN, newline)
    vcf = write(tmp_path / "ada.vcf",
                "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada King\r\nEMAIL:ada@engines.example\r\n"
                "EMAIL:countess@lovelace.example\r\nORG:Globex\r\nTITLE:Programmer\r\nTEL:+44 1\r\n"
                "BDAY:1815-12-10\r\nCATEGORIES:math\r\nNOTE:never copied into an existing note\r\nEND:VCARD\r\n")
    result = run("import", "vcard", str(vcf), vault=vault)
    assert result.exit_code == 0
    added = "phone: +44 1\nrole: Programmer\nbirthday: 1815-12-10\n".replace("\n", newline)
    front, body = HAND_WRITTEN.replace("\n", newline).split("---" + newline, 2)[1:]
    # a second email joins the note's list, on the line of the first; the other lines stay
    front = front.replace("email: Ada@Engines.example", "email: [Ada@Engines.example, countess@lovelace.example]")
    assert note.read_bytes().decode() == "---" + newline + front + added + "---" + newline + body
    out = result.stdout.splitlines()
    assert 'people/Ada Lovelace.md: name is "Ada Lovelace" in the note, "Ada King" in the import; ' \
           "kept the note's" in out
    assert 'people/Ada Lovelace.md: company is "Analytical Engines" in the note, "Globex" in the import; ' \
           "kept the note's" in out
    assert not [line for line in out if "email is" in line]
    assert out[-1] == "0 created, 1 updated, 2 conflicts"
    assert len(notes_in(vault, "people")) == 1


def test_empty_fields_and_other_spellings_are_respected(make_vault, run, tmp_path: Path) -> None:
    notes = {
        # `company:` written but empty; `title` is the role when `name` is set
        "people/Ada.md": "---\nname: Ada Lovelace\ntitle: CEO\ncompany:\nE-Mail: ada@a.example\n---\n",
        # `title` is the name when there is no `name`: a role can still be added
        "people/Grace.md": "---\ntitle: Grace Hopper\nMail: grace@navy.example\n---\n",
    }
    vault = make_vault(notes)
    vcf = write(tmp_path / "c.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@a.example\nORG:Acme\n"
                                     "TITLE:CTO\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\n"
                                     "EMAIL:grace@navy.example\nTITLE:Admiral\nEND:VCARD\n")
    data = as_json(run("import", "vcard", str(vcf), "--format", "json", vault=vault))
    # `company:` written but left empty (as a template leaves it) is filled, on its own line
    assert [c["message"] for c in data["conflicts"]] == [
        'people/Ada.md: role is "CEO" in the note, "CTO" in the import; kept the note\'s',
    ]
    assert sorted((u["path"], u["fields"]) for u in data["updated"]) == [
        ("people/Ada.md", ["company"]), ("people/Grace.md", ["role"])]
    assert (vault / "people" / "Ada.md").read_text() == notes["people/Ada.md"].replace(
        "company:\n", "company: Acme\n")
    assert (vault / "people" / "Grace.md").read_text() == (
        "---\ntitle: Grace Hopper\nMail: grace@navy.example\nrole: Admiral\n---\n")
    again = as_json(run("import", "vcard", str(vcf), "--format", "json", vault=vault))
    assert again["updated"] == [] and len(again["conflicts"]) == 1  # once filled, nothing more to say
    assert show(run, vault, "Grace Hopper")["fields"]["role"] == "Admiral"


def test_matching_rules(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({
        "people/Alan Turing.md": "---\nlinkedin: https://www.linkedin.com/in/alan-turing/\n---\n",
        "people/Grace Hopper.md": "---\nemail: grace@navy.example\n---\n",
        "people/Katherine Johnson.md": "---\ncompany: NASA\n---\n",
        "people/Sam Rivera.md": "---\nemail: sam@example.com\n---\n",
    })
    vcf = write(tmp_path / "cards.vcf", "".join(
        f"BEGIN:VCARD\nVERSION:3.0\n{body}\nEND:VCARD\n" for body in (
            "FN:A. M. Turing\nEMAIL:alan@bletchley.example\nURL:http://linkedin.com/in/Alan-Turing?trk=people",
            "FN:Grace Hopper\nEMAIL:grace@cobol.example",  # same name, other email: someone else
            "FN:katherine  JOHNSON\nEMAIL:kj@nasa.example",  # same name, the note has no email
            "FN:Sam R.\nEMAIL:SAM@example.com",  # the user's own note is matched too, never duplicated
        )))
    data = as_json(run("import", "vcard", str(vcf), "--format", "json", vault=vault))
    assert [c["path"] for c in data["created"]] == ["people/Grace Hopper 2.md"]
    assert sorted(u["path"] for u in data["updated"]) == ["people/Alan Turing.md", "people/Katherine Johnson.md"]
    assert data["unchanged"] == ["people/Sam Rivera.md"]
    assert (vault / "people" / "Grace Hopper.md").read_text() == "---\nemail: grace@navy.example\n---\n"
    assert linkedin_key("HTTPS://www.LinkedIn.com/in/ada/?x=1#top") == "linkedin.com/in/ada"


def test_duplicates_within_one_file_make_one_note(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({})
    vcf = write(tmp_path / "phone.vcf", "".join(
        f"BEGIN:VCARD\nVERSION:3.0\n{body}\nEND:VCARD\n" for body in (
            "FN:Ada Lovelace\nEMAIL:ada@a.example\nTEL:1",
            "FN:Ada Lovelace\nEMAIL:ada@b.example\nTEL:2",  # same name, other email: another Ada
            "FN:Ada L.\nEMAIL:ADA@a.example\nEMAIL:ada@c.example\nTEL:3\nORG:Engines",  # same email as the first
            "FN:ada lovelace\nORG:Other",  # same name, no email: the first Ada
        )))
    data = as_json(run("import", "vcard", str(vcf), "--format", "json", vault=vault))
    assert data["merged"] == 2 and data["records"] == 4
    assert [c["path"] for c in data["created"]] == ["people/Ada Lovelace.md", "people/Ada Lovelace 2.md"]
    ada = fields_of(vault, "people/Ada Lovelace.md")
    assert ada["email"] == ["ada@a.example", "ada@c.example"]
    assert ada["phone"] == ["1", "3"]
    assert ada["company"] == ["Engines"]
    assert [c["message"] for c in data["conflicts"]] == [
        'people/Ada Lovelace.md: name is "Ada Lovelace" in the note, "Ada L." in the import; kept the note\'s',
        'people/Ada Lovelace.md: company is "Engines" in the note, "Other" in the import; kept the note\'s',
    ]


def test_events_match_by_uid_then_title_and_day(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({
        "people/Ada Lovelace.md": "---\nemail: ada@engines.example\n---\n",
        "people/Grace Hopper.md": "---\naliases: [Amazing Grace]\n---\n",
        "events/Coffee.md": "---\ntitle: Coffee\ndate: 2026-12-03\n---\nMy own notes.\n",
    })
    ics = write(tmp_path / "cal.ics",
                "BEGIN:VCALENDAR\nVERSION:2.0\n"
                "BEGIN:VEVENT\nUID:lunch-1\nSUMMARY:Lunch\nDTSTART:20261201T113000Z\nLOCATION:Canteen\n"
                "ATTENDEE;CN=Countess:mailto:ADA@engines.example\nATTENDEE;CN=grace hopper:mailto:g@x.example\n"
                "ATTENDEE;CN=Someone New:mailto:new@x.example\nDESCRIPTION:Bring the slides\nEND:VEVENT\n"
                "BEGIN:VEVENT\nUID:coffee-9\nSUMMARY:coffee\nDTSTART;VALUE=DATE:20261203\nLOCATION:Café\n"
                "END:VEVENT\nEND:VCALENDAR\n")
    data = as_json(run("import", "ics", str(ics), "--format", "json", vault=vault))
    assert [c["path"] for c in data["created"]] == ["events/2026-12-01 Lunch.md"]
    assert data["updated"][0]["path"] == "events/Coffee.md"
    assert data["updated"][0]["fields"] == ["location", "ical_uid"]
    assert (vault / "events" / "Coffee.md").read_text(encoding="utf-8") == (
        "---\ntitle: Coffee\ndate: 2026-12-03\nlocation: Café\nical_uid: coffee-9\n---\nMy own notes.\n")
    lunch = show(run, vault, "Lunch")
    assert lunch["fields"]["date"] == "2026-12-01T12:30"  # Paris time
    assert lunch["attendees"] == [{"name": "Ada Lovelace", "path": "people/Ada Lovelace.md"},
                                  {"name": "Grace Hopper", "path": "people/Grace Hopper.md"},
                                  {"name": "Someone New", "path": None}]
    assert (vault / lunch["path"]).read_text(encoding="utf-8").endswith("---\n\nBring the slides\n")
    # the user renames the event; the calendar still has the old title: found by UID, kept
    path = vault / lunch["path"]
    path.write_text(path.read_text(encoding="utf-8").replace("title: Lunch", "title: Team lunch"), encoding="utf-8")
    before = tree(vault)
    again = as_json(run("import", "ics", str(ics), "--format", "json", vault=vault))
    assert tree(vault) == before
    assert [c["message"] for c in again["conflicts"]] == [
        'events/2026-12-01 Lunch.md: title is "Team lunch" in the note, "Lunch" in the import; kept the note\'s']


def ics_file(path: Path, *events: str) -> Path:
    """A calendar of VEVENTs, each given as its ``KEY:value`` lines."""
    body = "".join(f"BEGIN:VEVENT\n{event}\nEND:VEVENT\n" for event in events)
    return write(path, f"BEGIN:VCALENDAR\nVERSION:2.0\n{body}END:VCALENDAR\n", "\r\n")


def test_the_latest_version_of_an_event_wins_whatever_the_order(make_vault, run, tmp_path: Path) -> None:
    old = "UID:m-1\nSEQUENCE:0\nDTSTAMP:20261101T090000Z\nSUMMARY:Kickoff\nDTSTART:20261201T090000Z\n" \
          "ATTENDEE;CN=Ada:mailto:ada@x.example"
    new = "UID:m-1\nSEQUENCE:1\nDTSTAMP:20261101T080000Z\nSUMMARY:Kickoff\nDTSTART:20261203T130000Z\n" \
          "ATTENDEE;CN=Ada Lovelace:mailto:ADA@x.example"
    for n, files in enumerate(([ics_file(tmp_path / "a.ics", new, old)],
                               [ics_file(tmp_path / "b.ics", old), ics_file(tmp_path / "c.ics", new)],
                               [ics_file(tmp_path / "d.ics", new), ics_file(tmp_path / "e.ics", old)])):
        vault = make_vault({}, name=f"vault{n}")
        data = as_json(run("import", "ics", *map(str, files), "--format", "json", vault=vault))
        assert [c["path"] for c in data["created"]] == ["events/2026-12-03 Kickoff.md"]
        assert (data["records"], data["merged"], data["conflicts"]) == (2, 1, [])
        event = show(run, vault, "Kickoff")
        assert event["fields"]["date"] == "2026-12-03T14:00"  # Paris time
        assert event["fields"]["attendees"] == ["Ada Lovelace"]


def test_the_same_person_in_two_calendars_is_one_attendee(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({})
    event = "UID:s-1\nSUMMARY:Sync\nDTSTART:20261201T090000Z\nORGANIZER;CN={}:mailto:{}"
    work = ics_file(tmp_path / "work.ics", event.format("Ada", "ada@x.example") + "\nATTENDEE;CN=Room;CUTYPE=ROOM:"
                    "mailto:room@x.example")
    home = ics_file(tmp_path / "home.ics", event.format("Ada Lovelace", "ADA@X.example"))
    data = as_json(run("import", "ics", str(work), str(home), "--format", "json", vault=vault))
    assert data["merged"] == 1 and data["conflicts"] == []
    assert show(run, vault, "Sync")["fields"]["attendees"] == ["Ada"]


RESCHEDULE = ("UID:r-1\nSEQUENCE:{seq}\nDTSTAMP:20261101T090000Z\nSUMMARY:Review\nDTSTART:{start}\n"
              "DTEND:{end}\nLOCATION:{location}")


def test_a_rescheduled_meeting_moves_its_note(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({})
    first = ics_file(tmp_path / "v0.ics", RESCHEDULE.format(seq=0, start="20261201T090000Z", end="20261201T100000Z",
                                                            location="Room 1"))
    moved = ics_file(tmp_path / "v1.ics", RESCHEDULE.format(seq=1, start="20261203T130000Z", end="20261203T140000Z",
                                                            location="Room 2"))
    assert run("import", "ics", str(first), vault=vault).exit_code == 0
    note = vault / "events" / "2026-12-01 Review.md"
    before = note.read_text(encoding="utf-8")
    assert "date: 2026-12-01 10:00\nend: 2026-12-01 11:00\n" in before
    assert "\nical_version: 0 20261101T090000Z " in before
    note.write_text(before + "\nMy notes.\n", encoding="utf-8")
    # the calendar's later version: the time the import wrote follows it, nothing else changes
    result = run("import", "ics", str(moved), vault=vault)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        'events/2026-12-01 Review.md: date changed from "2026-12-01 10:00" to "2026-12-03 14:00" '
        "(a newer version of the event)",
        'events/2026-12-01 Review.md: end changed from "2026-12-01 11:00" to "2026-12-03 15:00" '
        "(a newer version of the event)",
        'events/2026-12-01 Review.md: location is "Room 1" in the note, "Room 2" in the import; kept the note\'s',
        "0 created, 1 updated, 1 conflict",
    ]
    after = note.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=False) if a != b]
    assert [a.split(":")[0] for a, _ in changed] == ["date", "end", "ical_version"]
    assert after.endswith("\nMy notes.\n") and len(after.splitlines()) == len(before.splitlines()) + 2
    assert show(run, vault, "Review")["fields"]["date"] == "2026-12-03T14:00"
    # again, and the older calendar after it: nothing moves back
    state = tree(vault)
    for path in (moved, first):
        data = as_json(run("import", "ics", str(path), "--format", "json", vault=vault))
        assert data["updated"] == [] and data["changed"] == []
    assert tree(vault) == state


def test_a_time_the_user_changed_is_kept(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({})
    first = ics_file(tmp_path / "v0.ics", RESCHEDULE.format(seq=0, start="20261201T090000Z", end="20261201T100000Z",
                                                            location="Room 1"))
    moved = ics_file(tmp_path / "v1.ics", RESCHEDULE.format(seq=1, start="20261203T130000Z", end="20261203T140000Z",
                                                            location="Room 1"))
    assert run("import", "ics", str(first), vault=vault).exit_code == 0
    note = vault / "events" / "2026-12-01 Review.md"
    note.write_text(note.read_text(encoding="utf-8").replace("date: 2026-12-01 10:00", "date: 2026-12-01 10:30"),
                    encoding="utf-8")
    state = tree(vault)
    data = as_json(run("import", "ics", str(moved), "--dry-run", "--format", "json", vault=vault))
    assert data["changed"] == [] and data["updated"] == []
    assert [c["field"] for c in data["conflicts"]] == ["date", "end"]
    assert tree(vault) == state
    # a note the import did not write (no ical_version) keeps its time too
    vault2 = make_vault({"events/Review.md": "---\ntitle: Review\ndate: 2026-12-01 10:00\nical_uid: r-1\n---\n"},
                        name="other")
    data = as_json(run("import", "ics", str(moved), "--format", "json", vault=vault2))
    assert data["changed"] == [] and [c["field"] for c in data["conflicts"]] == ["date"]


# ---------------------------------------------------------------- safety


HOSTILE = ["../../etc/passwd", "CON", "AC/DC", "nul\x00byte", "x" * 60_000, "..", "[[Ada]]", "con.txt",
           "/absolute/path", "C:\\Windows\\evil", "a\nb", "{{date}}"]


def test_hostile_names_stay_in_the_vault(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({"people/Ada.md": "---\nemail: ada@a.example\n---\nmine\n"})
    escaped = [n.replace("\n", "\\n") for n in HOSTILE]
    cards = "".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:{n}\nEMAIL:{i}@h.example\nEND:VCARD\n"
                    for i, n in enumerate(escaped))
    vcf = write(tmp_path / "hostile.vcf", cards)
    csv = write(tmp_path / "Connections.csv",
                'First Name,Last Name,URL\n"../..","etc/passwd",\n"AUX",,\n')
    outside = {p for p in tmp_path.rglob("*")}
    assert run("import", "vcard", str(vcf), vault=vault).exit_code == 0
    assert run("import", "linkedin", str(csv), vault=vault).exit_code == 0
    new = {p for p in tmp_path.rglob("*")} - outside
    assert new and all(p.resolve().is_relative_to(vault / "people") for p in new)
    names = sorted(p.name for p in new)
    assert len(names) == len(HOSTILE) + 2
    assert all(len(n.encode()) <= writer.MAX_NAME_BYTES + 8 for n in names)
    assert {"etc passwd.md", "_CON.md", "AC DC.md", "nul byte.md", "untitled.md", "Ada 2.md", "_con.txt.md",
            "absolute path.md", "C Windows evil.md", "etc passwd 2.md", "_AUX.md", "{ {date}}.md"} <= set(names)
    assert (vault / "people" / "Ada.md").read_text() == "---\nemail: ada@a.example\n---\nmine\n"
    with Index(load_config(vault)) as ix:  # every note reads back, with its full name
        ix.refresh()
        assert not ix.problems()
        stored = {n for (n,) in ix.db.execute("SELECT name FROM contacts")}
    assert "x" * 60_000 in stored and "nul byte" in stored and "../../etc/passwd" in stored
    assert "{ {date}}" in stored  # a contact, not taken for a template
    before = tree(vault)
    assert run("import", "vcard", str(vcf), vault=vault).exit_code == 0
    assert tree(vault) == before


@pytest.mark.parametrize(("rel", "magic"), [
    pytest.param("vcard/sabrevobject_issue153.vcf", b"\xff\xd8", id="jpeg"),
    pytest.param("vcard/khard_photov3.vcf", b"\x89PNG", id="corpus-png", marks=needs_corpus),
])
def test_photos_beside_the_note_never_over_a_file(make_vault, run, rel: str, magic: bytes) -> None:
    vault = make_vault({"people/readme.txt": "x"})
    path = sample(rel)
    card = parse_vcards(path)[0][0]
    assert card.photo is not None
    name, ext = card.name, card.photo[1]
    (vault / "people" / f"{name}.{ext}").write_bytes(b"not yours")
    data = as_json(run("import", "vcard", str(path), "--format", "json", vault=vault))
    assert data["created"][0]["path"] == f"people/{name}.md"  # no --photos: no file, no link
    assert {p.name for p in (vault / "people").iterdir()} == {f"{name}.md", f"{name}.{ext}", "readme.txt"}
    assert "![[" not in (vault / "people" / f"{name}.md").read_text(encoding="utf-8")
    other = make_vault({}, name="photos")
    (other / "people").mkdir()
    (other / "people" / f"{name}.{ext}").write_bytes(b"not yours")
    data = as_json(run("import", "vcard", str(path), "--photos", "--format", "json", vault=other))
    assert data["created"][0]["path"] == f"people/{name} 2.md"
    assert (other / "people" / f"{name}.{ext}").read_bytes() == b"not yours"
    assert (other / "people" / f"{name} 2.{ext}").read_bytes().startswith(magic)
    assert f"![[{name} 2.{ext}]]" in (other / "people" / f"{name} 2.md").read_text(encoding="utf-8")


def test_a_note_changed_during_the_update_is_updated_on_its_new_text(make_vault, run, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    vault = make_vault({"people/Ada.md": "---\nemail: ada@a.example\n---\n"})
    note = vault / "people" / "Ada.md"
    vcf = write(tmp_path / "ada.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEMAIL:ada@a.example\nTEL:1\nEND:VCARD\n")
    save_during_write(monkeypatch, note, lambda raw: b"---\nemail: ada@a.example\n---\ntyping\n")
    result = run("import", "vcard", str(vcf), vault=vault)
    assert result.exit_code == 0, result.output
    assert note.read_text() == "---\nemail: ada@a.example\nphone: '1'\n---\ntyping\n"
    assert "0 created, 1 updated, 0 conflicts" in result.stdout
    assert sorted(p.name for p in (vault / "people").iterdir()) == ["Ada.md"]


def test_malformed_input_is_reported_and_the_rest_imports(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({})
    vcf = write(tmp_path / "c.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n"
                                     "BEGIN:VCARD\nVERSION:3.0\nFN:Half\n"
                                     "BEGIN:VCARD\nVERSION:3.0\nFN:Grace\nEND:VCARD\n")
    csv = write(tmp_path / "Connections.csv", "First Name,Last Name,Company\nAlan,Turing,Bletchley\n,,Nobody\n")
    ics = write(tmp_path / "cal.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nSUMMARY:No start\nEND:VEVENT\n"
                                      "BEGIN:VEVENT\nUID:2\nSUMMARY:Ok\nDTSTART:20261201\nEND:VEVENT\nEND:VCALENDAR\n")
    for kind, path, line, names in (("vcard", vcf, f"{vcf}:5: card 2: no END:VCARD", ["Ada", "Grace"]),
                                    ("linkedin", csv, f"{csv}:3: row has no first or last name", ["Alan Turing"]),
                                    ("ics", ics, f"{ics}:2: event 'No start': no DTSTART", ["2026-12-01 Ok"])):
        result = run("import", kind, str(path), vault=vault)
        assert result.exit_code == 0
        assert result.stderr.startswith(line)
        assert result.stdout.endswith("1 skipped (errors above)\n")
        folder = "events" if kind == "ics" else "people"
        assert {p.stem for p in notes_in(vault, folder)} >= set(names)
    assert len(notes_in(vault, "people")) == 3


@pytest.mark.parametrize(("kind", "rel", "error"), [
    pytest.param("ics", "ical/icalendar_pr_480_summary_with_colon.ics", "no DTSTART", id="ics"),
    pytest.param("vcard", "vcard/khard_unparsable.vcf", "no END:VCARD", id="corpus-vcard", marks=needs_corpus),
])
def test_a_file_with_nothing_importable_fails(make_vault, run, kind: str, rel: str, error: str) -> None:
    vault = make_vault({})
    broken = run("import", kind, str(sample(rel)), vault=vault)
    assert broken.exit_code == 1 and error in broken.stderr
    assert not notes_in(vault, "people") and not notes_in(vault, "events")


def test_a_card_folded_inside_a_character_and_a_broken_line(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({})
    name = "FN:Γιώργος Παπαδόπουλος".encode()
    vcf = tmp_path / "nextcloud.vcf"
    vcf.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\n" + name[:4] + b"\r\n " + name[4:] + b"\r\n"
                    b"EMAIL:giorgos@example.gr\r\nEND:VCARD\r\n"
                    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN\r\nN:Doe;John;;;\r\nORG:Acme\r\nEND:VCARD\r\n")
    result = run("import", "vcard", str(vcf), vault=vault)
    assert result.exit_code == 0
    assert sorted(p.name for p in notes_in(vault, "people")) == ["John Doe.md", "Γιώργος Παπαδόπουλος.md"]
    assert "name: Γιώργος Παπαδόπουλος\n" in (vault / "people" / "Γιώργος Παπαδόπουλος.md").read_text("utf-8")
    assert result.stderr == f"{vcf}:9: card 2: line skipped, not a property line: 'FN'\n"
    assert result.stdout.splitlines()[-1] == "2 created, 0 updated, 0 conflicts, 1 warning (above)"
    data = as_json(run("import", "vcard", str(vcf), "--dry-run", "--format", "json", vault=vault))
    assert data["problems"] == [] and data["warnings"] == [f"{vcf}:9: card 2: line skipped, not a property line: 'FN'"]


def test_addresses_nicknames_anniversaries_and_messaging_are_imported(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({"people/Grace Hopper.md": "---\nemail: grace@navy.example\nAddresses: [Arlington]\n---\n"})
    vcf = write(tmp_path / "c.vcf",
                "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nNICKNAME:Countess,ada lovelace\n"
                "ADR;TYPE=home:;;12 St James's Square;London;;SW1Y 4JH;UK\nANNIVERSARY:1835-07-08\n"
                "IMPP:xmpp:ada@jabber.example\nX-SKYPE:ada.l\nGEO:51.5;-0.1\nX-FOO:1\nX-FOO:2\nEND:VCARD\n"
                "BEGIN:VCARD\nVERSION:3.0\nFN:Grace Hopper\nEMAIL:grace@navy.example\nNICKNAME:Amazing Grace\n"
                "LABEL:1 Navy Yard\\nWashington\nX-FOO:3\nEND:VCARD\n")
    result = run("import", "vcard", str(vcf), vault=vault)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-2:] == [
        "vCard properties not imported: X-FOO (3), GEO (1)", "1 created, 1 updated, 0 conflicts"]
    text = (vault / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    assert ("aliases: Countess\n" in text and "anniversary: 1835-07-08\n" in text
            and "address: 12 St James's Square, London, SW1Y 4JH, UK\n" in text)
    ada = show(run, vault, "Ada Lovelace")["fields"]
    assert (ada["aliases"], ada["address"], ada["anniversary"], ada["messaging"]) == (
        ["Countess"], ["12 St James's Square, London, SW1Y 4JH, UK"], "1835-07-08",
        ["xmpp:ada@jabber.example", "skype:ada.l"])
    assert show(run, vault, "Countess")["path"] == "people/Ada Lovelace.md"  # a nickname names her too
    # an address the note already has (as `Addresses`) is kept and a second one joins it; a
    # nickname is added
    grace = vault / "people" / "Grace Hopper.md"
    assert grace.read_text(encoding="utf-8") == (
        "---\nemail: grace@navy.example\nAddresses: [Arlington, '1 Navy Yard, Washington']\n"
        "aliases: Amazing Grace\n---\n")
    data = as_json(run("import", "vcard", str(vcf), "--format", "json", vault=vault))
    assert data["created"] == [] and data["updated"] == []
    assert data["not_imported"] == {"GEO": 1, "X-FOO": 3}
    assert data["conflicts"] == []


@pytest.mark.parametrize(("kind", "content", "hint"), [
    ("ics", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n", "not an iCalendar file (it looks like a vCard: use "
                                                               "import vcard)"),
    ("vcard", "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\nDTSTART:20261201\nEND:VEVENT\nEND:VCALENDAR\n",
     "not a vCard file (it looks like an iCalendar file: use import ics)"),
    ("linkedin", "name;email\nAda;ada@x.example\n",
     'not a LinkedIn connections file (no header row with "First Name" and "Last Name")'),
])
def test_a_file_of_another_kind_fails_the_import(make_vault, run, tmp_path: Path, kind: str, content: str,
                                                 hint: str) -> None:
    vault = make_vault({})
    path = write(tmp_path / "file.txt", content)
    before = tree(vault)
    result = run("import", kind, str(path), vault=vault)
    assert result.exit_code == 1
    assert result.stderr == f"{path}:1: {hint}\n"
    assert result.stdout.endswith("0 created, 0 updated, 0 conflicts, 1 skipped (errors above)\n")
    assert tree(vault) == before


def test_dry_run_writes_nothing_and_shows_a_table(make_vault, run, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    vault = make_vault({"people/Ada.md": "---\nemail: ada@a.example\norg: Engines\n---\n"})
    vcf = write(tmp_path / "c.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEMAIL:ada@a.example\nTEL:1\nORG:Globex\n"
                                     "END:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Grace\nEMAIL:g@x.example\nEND:VCARD\n"
                                     "BEGIN:VCARD\nVERSION:3.0\nFN:Half\n")
    before = tree(vault)
    result = run("import", "vcard", str(vcf), "--dry-run", vault=vault)
    assert result.exit_code == 0
    assert tree(vault) == before
    rows = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert "create people/Grace.md email" in rows
    assert "update people/Ada.md add phone" in rows
    assert any(r.startswith('conflict people/Ada.md company: "Engines" kept, "Globex"') for r in rows)
    assert any(r.startswith("skip") and "card 3" in r for r in rows)
    assert rows[-1] == "dry run, nothing written: 1 created, 1 updated, 1 conflict, 1 skipped (errors above)"
    data = as_json(run("import", "vcard", str(vcf), "--dry-run", "--format", "json", vault=vault))
    assert data["dry_run"] and [c["path"] for c in data["created"]] == ["people/Grace.md"]
    # the JSON schema
    assert set(data) == {"conflicts", "created", "dry_run", "merged", "problems", "records", "summary",
                         "not_imported", "unchanged", "updated", "warnings", "changed", "job_changes",
                         "job_changes_not_recorded"}
    assert data["created"] == [{"action": "create", "fields": ["type", "name", "email"], "kind": "contact",
                                "name": "Grace", "path": "people/Grace.md", "sources": [f"{vcf}: card 2"]}]
    assert data["updated"] == [{"action": "update", "fields": ["phone"], "kind": "contact", "name": "Ada",
                                "path": "people/Ada.md", "sources": [f"{vcf}: card 1"]}]
    assert data["conflicts"] == [{"field": "company", "import": "Globex", "note": "Engines", "path": "people/Ada.md",
                                  "message": 'people/Ada.md: company is "Engines" in the note, "Globex" in the '
                                             "import; kept the note's"}]
    assert (data["records"], data["merged"], data["unchanged"]) == (2, 0, [])
    assert data["problems"] == [f"{vcf}:13: card 3: no END:VCARD (truncated card); skipped"]
    assert tree(vault) == before


# ---------------------------------------------------------------- properties


names_st = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=60),
    st.sampled_from(["{{date}}", "[[Ada]]", "[[Ada|Countess]]", "..", "CON", "a/b", "´", "#tag", "- x", "yes",
                     "2026-01-01", "null", "Ada: the first", "'quoted'", "a\x00b", "\u200b"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(names_st, min_size=1, max_size=6))
def test_any_names_stay_in_their_folder_and_reimport_changes_nothing(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        vault = root / "vault"
        (vault / ".vaultkit").mkdir(parents=True)
        config = load_config(vault)
        records = [ContactRecord(name=n, source=f"test: card {i}") for i, n in enumerate(names)]
        with Index(config, db_path=root / "index.sqlite") as ix:
            ix.refresh()
            first = import_contacts(ix, config, records)
            files = sorted(p for p in root.rglob("*") if p.is_file() and p.name != "index.sqlite"
                           and not p.name.startswith("index.sqlite"))
            assert all(p.parent == vault / "people" or p.parent == vault / ".vaultkit" for p in files)
            created = first.by_action("create")
            assert len(created) + first.merged + len(first.problems) == len(records)
            before = tree(vault)
            ix.refresh()
            second = import_contacts(ix, config, records)
            assert tree(vault) == before
            assert second.by_action("create") == [] and second.by_action("update") == []


text_st = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=30)
records_st = st.lists(st.builds(
    ContactRecord,
    name=names_st,
    emails=st.lists(st.from_regex(r"[a-z]{1,5}@[a-z]{1,5}\.example", fullmatch=True), max_size=2),
    phones=st.lists(st.from_regex(r"\+?[0-9 ]{1,12}", fullmatch=True), max_size=2),
    company=st.one_of(st.none(), text_st),
    role=st.one_of(st.none(), text_st),
    linkedin=st.one_of(st.none(), st.from_regex(r"https://(www\.)?linkedin\.com/in/[a-z]{1,8}/?", fullmatch=True)),
    birthday=st.one_of(st.none(), st.sampled_from(["1987-04-09", "--02-29", "2000-12-31"])),
    tags=st.lists(text_st, max_size=3),
    notes=text_st,
    connected_on=st.one_of(st.none(), st.sampled_from(["2022-03-12", "2020-01-01"])),
), min_size=1, max_size=5)


@settings(max_examples=40, deadline=None)
@given(records=records_st)
@example(records=[  # same name: the phone-only record must find the note it went into
    ContactRecord(name="0"), ContactRecord(name="0", phones=["0"]),
    ContactRecord(name="0", emails=["a@a.example"]), ContactRecord(name="0", emails=["a@aa.example"]),
])
def test_any_records_reimport_without_a_change(records: list[ContactRecord]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        vault = root / "vault"
        (vault / ".vaultkit").mkdir(parents=True)
        config = load_config(vault)
        with Index(config, db_path=root / "index.sqlite") as ix:
            ix.refresh()
            import_contacts(ix, config, records)
            before = tree(vault)
            ix.refresh()
            assert not [p for p in ix.problems() if p.level == "error"]
            second = import_contacts(ix, config, records)
            assert tree(vault) == before
            assert second.by_action("create") == [] and second.by_action("update") == []


def test_a_folder_that_cannot_be_written_is_reported_not_a_crash(make_vault, run, tmp_path: Path) -> None:
    vault = make_vault({})
    (vault / "people").write_text("a file where the people folder should be")
    vcf = write(tmp_path / "c.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Grace\nEND:VCARD\n")
    result = run("import", "vcard", str(vcf), vault=vault)
    assert result.exit_code == 1
    assert result.stderr.startswith("people/Grace.md: cannot write: ")
    assert (vault / "people").read_text() == "a file where the people folder should be"


def test_a_tag_joins_beside_obsidian_categories_which_stay_as_written(make_vault, run, tmp_path: Path) -> None:
    """`categories: [[People]]` marks the note's kind: an import never rewrites that line; a tag it
    brings goes on a `tags:` line of its own, once."""
    note = "---\ncategories: [\"[[People]]\", investor]\nemail: ada@x.org\n---\nAda.\n"
    vault = make_vault({"people/Ada Lovelace.md": note})
    vcf = write(tmp_path / "c.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nEMAIL:ada@x.org\n"
                                     "CATEGORIES:founder\nEND:VCARD\n")
    assert run("import", "vcard", str(vcf), vault=vault).exit_code == 0
    written = (vault / "people" / "Ada Lovelace.md").read_text(encoding="utf-8")
    assert written == note.replace("email: ada@x.org\n", "email: ada@x.org\ntags: founder\n")
    assert run("import", "vcard", str(vcf), vault=vault).exit_code == 0
    assert (vault / "people" / "Ada Lovelace.md").read_text(encoding="utf-8") == written
    assert show(run, vault, "Ada Lovelace")["fields"]["tags"] == ["investor", "founder"]
