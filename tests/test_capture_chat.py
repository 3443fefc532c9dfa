# ruff: noqa: E501  (the exports are written as the apps write them, one message a line)
"""`vaultkit import chat` and `vaultkit import linkedin` with messages: WhatsApp (Android in
English, iOS in French, a group), Telegram and a LinkedIn export ZIP made here, recorded into
French and English notes, once."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from vaultkit.capture.sources import READERS, Me, capture, dropped_kind, whoami
from vaultkit.config import load_config
from vaultkit.store.index import Index

from .conftest import as_json, save_during_write

CONFIG = "me: Sam Rivera\n"
P = "https://www.linkedin.com/in/"

NOTES = {
    "people/Sam Rivera.md": """\
        ---
        type: contact
        ---
        This is me.
        """,
    "people/Ada Okafor.md": """\
        ---
        type: contact
        company: Coldline
        cadence: 1m
        ---
        ## 2026-09-01 Coffee at Station F
        - wants an intro to a climate VC
        """,
    "people/Élodie Marchand.md": """\
        ---
        type: contact
        phone: +33 6 12 34 56 78
        lang: fr
        ---
        Rencontrée au petit-déjeuner French Tech.

        ## 2026-10-02 Café au Ninkasi
        - cherche un associé technique
        """,
    "people/Bob Martin.md": """\
        ---
        type: contact
        aliases: [Bobby]
        ---
        Met at the Lyon meetup.
        """,
}

# Android, English (US): month first, 12-hour clock; one broken line
ANDROID_US = """11/20/26, 9:41 PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
11/20/26, 9:41 PM - Sam Rivera: Are the Q1 numbers ready?
11/20/26, 9:45 PM - Ada Okafor: Almost!
Sending them tomorrow
11/21/26, 10:02 AM - Ada Okafor: <Media omitted>
13/31/26, 8:00 AM - Sam Rivera: broken
11/24/26, 8:00 AM - Sam Rivera: Thanks, coffee on Friday?
"""
# iOS, French: [day/month/year hour:minute:second], the invisible marks iOS writes
IOS_FR = ("\u200e[31/10/2026 21:41:05] Élodie Marchand: \u200eLes messages et les appels sont chiffrés de bout en bout.\n"
          "[31/10/2026 21:42:10] Sam Rivera: Bonsoir Élodie, toujours partante pour le pitch ?\n"
          "[02/11/2026 10:00:00] Élodie Marchand: \u200e<pièce jointe : 00000012-PHOTO-2026-11-02.jpg>\n"
          "[02/11/2026 10:01:00] Élodie Marchand: Oui !\nsur deux lignes\n")
GROUP = """05/11/2026, 18:00 - Sam Rivera created group "Apéro Lyon"
05/11/2026, 18:01 - Bob Martin: Qui vient jeudi ?
06/11/2026, 09:00 - Ada Okafor: Moi !
06/11/2026, 09:05 - Sam Rivera: Moi aussi
06/11/2026, 09:06 - Bob Martin: Super
06/11/2026, 09:07 - Zoé Perrin: Je passe aussi
"""


def telegram_export() -> dict:
    return {"name": "Bob Martin", "type": "personal_chat", "id": 42, "messages": [
        {"id": 1, "type": "message", "date": "2026-11-10T09:00:00", "from": "Sam Rivera", "from_id": "user1", "text": "Salut Bob"},
        {"id": 2, "type": "message", "date": "2026-11-10T09:05:00", "from": "Bob Martin", "from_id": "user2", "text": "Hello"},
        {"id": 3, "type": "service", "date": "2026-11-11T10:00:00", "actor": "Bob Martin", "action": "phone_call"},
        {"id": 4, "type": "message", "date": "2026-11-12T10:00:00", "from": "Bob Martin", "from_id": "user2", "text": "?"},
    ]}


MESSAGES = f"""CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER
c-ada,,Sam Rivera,{P}sam-rivera,Ada Okafor,{P}ada-okafor,2026-11-03 09:12:44 UTC,Lyon figures,"Bonjour Ada,
les chiffres de Lyon ?",INBOX
c-ada,,Ada Okafor,{P}ada-okafor,Sam Rivera,{P}sam-rivera,2026-11-03 10:00:00 UTC,,Les voici.,INBOX
c-new,,Inès Girard,{P}ines-girard,Sam Rivera,{P}sam-rivera,2026-11-04 08:00:00 UTC,Hello,Hi Sam,INBOX
c-ada,,Ada Okafor,{P}ada-okafor,Sam Rivera,{P}sam-rivera,yesterday,,bad date,INBOX
"""
INVITATIONS = f"""From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl
Karim Zerrouki,Sam Rivera,"11/2/26, 6:41 PM","Ravi de vous avoir croisé au salon !",INCOMING,{P}karim-zerrouki,{P}sam-rivera
Sam Rivera,Dan Lee,"11/3/26, 9:00 AM",,OUTGOING,{P}sam-rivera,{P}dan-lee
"""
CONNECTIONS = f"""Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ada,Okafor,{P}ada-okafor,,Coldline,CEO,12 Mar 2022
Inès,Girard,{P}ines-girard,,Marché Vert,COO,01 Nov 2026
Karim,Zerrouki,{P}karim-zerrouki,,Canopée Ventures,Partner,03 Nov 2026
"""


@pytest.fixture
def vault(make_vault):
    return make_vault(NOTES, config=CONFIG)


def note(vault: Path, rel: str) -> str:
    return (vault / rel).read_text(encoding="utf-8")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def linkedin_zip(tmp_path: Path) -> Path:
    path = tmp_path / "Basic_LinkedInDataExport_11-30-2026.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("Connections.csv", CONNECTIONS)
        archive.writestr("messages.csv", MESSAGES)
        archive.writestr("Invitations.csv", INVITATIONS)
    return path


def headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("## ")]


def test_whatsapp_english_android_and_french_ios(vault, run, tmp_path) -> None:
    english = write(tmp_path / "WhatsApp Chat with Ada Okafor.txt", ANDROID_US)
    french = write(tmp_path / "_chat.txt", IOS_FR)
    ada_before = note(vault, "people/Ada Okafor.md")
    result = run("import", "chat", str(english), str(french), vault=vault)
    assert result.exit_code == 0, result.output
    # a day of messages from either side is one heading; the user's text kept byte for byte
    ada = note(vault, "people/Ada Okafor.md")
    assert ada.startswith(ada_before)
    assert headings(ada) == ["## 2026-09-01 Coffee at Station F", "## 2026-11-20 WhatsApp", "## 2026-11-21 WhatsApp",
                             "## 2026-11-24 WhatsApp"]
    assert ada.count("%% vaultkit:captured ") == 3
    # French, day first with seconds, the encryption notice is no message; found by exact name
    elodie = note(vault, "people/Élodie Marchand.md")
    assert elodie.split("\n## 2026-10-31 WhatsApp\n%% vaultkit:captured ")[0] == \
        "---\ntype: contact\nphone: +33 6 12 34 56 78\nlang: fr\n---\nRencontrée au petit-déjeuner French Tech.\n\n" \
        "## 2026-10-02 Café au Ninkasi\n- cherche un associé technique\n"
    assert headings(elodie)[-2:] == ["## 2026-10-31 WhatsApp", "## 2026-11-02 WhatsApp"]
    assert note(vault, "people/Sam Rivera.md") == "---\ntype: contact\n---\nThis is me.\n"
    # the malformed line: one line on stderr, path:line, and the rest was read
    assert result.stderr == f"{english}:6: bad date or time '13/31/26, 8:00 AM - Sam Rivera: broken'; skipped\n"
    summary = result.stdout.splitlines()[-1]
    assert summary.startswith("7 read; recorded 5 in 2 notes; 0 already recorded") and "1 not readable" in summary
    assert "people/Ada Okafor.md: ## 2026-11-20 WhatsApp (1 item, new heading)" in result.stdout


def test_a_second_run_records_nothing_even_after_a_rebuild(vault, run, tmp_path) -> None:
    english = write(tmp_path / "WhatsApp Chat with Ada Okafor.txt", ANDROID_US)
    assert run("import", "chat", str(english), vault=vault).exit_code == 0
    notes = {p: p.read_bytes() for p in (vault / "people").iterdir()}
    again = run("import", "chat", str(english), vault=vault)
    assert again.exit_code == 0 and "recorded 0 in 0 notes; 3 already recorded" in again.stdout
    assert run("index", "--rebuild", vault=vault).exit_code == 0
    rebuilt = run("import", "chat", str(english), vault=vault)
    assert "recorded 0 in 0 notes; 3 already recorded" in rebuilt.stdout
    # a newer export of the same chat: only its new day
    write(english, ANDROID_US + "11/27/26, 6:00 PM - Ada Okafor: Here are the numbers\n")
    newer = run("import", "chat", str(english), vault=vault)
    assert "recorded 1 in 1 note; 3 already recorded" in newer.stdout
    assert {p: p.read_bytes() for p in (vault / "people").iterdir() if p.name != "Ada Okafor.md"} == \
        {p: b for p, b in notes.items() if p.name != "Ada Okafor.md"}
    assert headings(note(vault, "people/Ada Okafor.md"))[-1] == "## 2026-11-27 WhatsApp"


def test_a_group_chat_counts_the_days_you_wrote_with_who_wrote(vault, run, tmp_path) -> None:
    group = write(tmp_path / "WhatsApp Chat with Apéro Lyon.txt", GROUP)
    result = run("import", "chat", str(group), "--dry-run", vault=vault)
    assert result.exit_code == 0, result.output
    # the 5th only Bob wrote: no exchange; the 6th the user wrote: Ada, Bob, and a stranger
    assert result.stdout.splitlines() == [
        "would write people/Ada Okafor.md: ## 2026-11-06 WhatsApp (1 item, new heading)",
        "would write people/Bob Martin.md: ## 2026-11-06 WhatsApp (1 item, new heading)",
        "Not in your contacts (1), the most frequent first:",
        "  Zoé Perrin: 1 exchange, last 2026-11-06",
        "Add one with --new NAME (or --new PHONE).",
        "5 read; would record 2 in 2 notes; 0 already recorded; 1 correspondent not in your contacts"]
    assert "WhatsApp" not in note(vault, "people/Bob Martin.md")  # a dry run writes nothing
    made = run("import", "chat", str(group), "--new", "Zoé Perrin", vault=vault)
    assert made.exit_code == 0, made.output
    assert made.stdout.splitlines()[0] == "people/Zoé Perrin.md: made (--new)"
    assert headings(note(vault, "people/Zoé Perrin.md")) == ["## 2026-11-06 WhatsApp"]
    missing = run("import", "chat", str(group), "--new", "Nobody Here", vault=vault)
    assert "--new Nobody Here: no correspondent read here" in missing.stderr


def test_a_phone_number_finds_the_contact_and_new_takes_a_number(make_vault, run, tmp_path) -> None:
    notes = dict(NOTES)
    del notes["people/Élodie Marchand.md"]
    vault = make_vault(notes, config=CONFIG)
    text = ("31/10/2026 à 21:41 - Sam Rivera: Bonsoir\n"
            "31/10/2026 à 21:45 - +33 6 12 34 56 78: Bonsoir Sam, c'est Élodie\n")
    chat = write(tmp_path / "Discussion WhatsApp avec +33 6 12 34 56 78.txt", text)
    result = run("import", "chat", str(chat), "--new", "+33612345678", vault=vault)
    assert result.exit_code == 0, result.output
    made = result.stdout.splitlines()[0].split(":")[0]
    assert "+33 6 12 34 56 78" in note(vault, made) and "## 2026-10-31 WhatsApp" in note(vault, made)
    # the same number in a contact's note: found by it
    again = run("import", "chat", str(chat), vault=vault)
    assert "1 already recorded" in again.stdout


def test_telegram_export_and_json_output(vault, run, tmp_path) -> None:
    path = tmp_path / "result.json"
    path.write_text(json.dumps(telegram_export(), indent=1, ensure_ascii=False), encoding="utf-8")
    data = as_json(run("import", "chat", str(path), "--format", "json", vault=vault))
    assert [(r["path"], r["heading"], r["channel"]) for r in data["recorded"]] == [
        ("people/Bob Martin.md", "2026-11-10 Telegram", "Telegram"),
        ("people/Bob Martin.md", "2026-11-12 Telegram", "Telegram")]
    assert data["read"] == 3 and data["problems"] == [] and not data["dry_run"]
    assert set(data) == {"dry_run", "read", "exchanges", "recorded", "already", "future", "skipped", "unknown",
                         "ambiguous", "created", "problems", "summary"}


def test_what_is_no_chat_is_one_line_and_exit_1(vault, run, tmp_path) -> None:
    plain = write(tmp_path / "notes.txt", "Shopping list\n")
    result = run("import", "chat", str(plain), vault=vault)
    assert result.exit_code == 1
    assert result.stderr == f"{plain}: not a WhatsApp chat or a Telegram export (or give --kind); skipped\n"
    forced = run("import", "chat", str(plain), "--kind", "whatsapp", vault=vault)
    assert forced.exit_code == 1 and f"{plain}:1: not a WhatsApp message line" in forced.stderr
    assert "import" in run("import", "chat", "--help").stdout and "Example:" in run("import", "chat", "--help").stdout


def test_a_captured_chat_day_is_a_contact_for_the_agenda(vault, run, tmp_path) -> None:
    def reconnect() -> list[str]:
        data = as_json(run("agenda", "--date", "2026-11-25", "--format", "json", vault=vault))
        return [item["contact"] for item in data["reconnect"]]

    assert "Ada Okafor" in reconnect()  # a month's cadence, last seen on 2026-09-01
    assert run("import", "chat", str(write(tmp_path / "WhatsApp Chat with Ada Okafor.txt", ANDROID_US)),
               vault=vault).exit_code == 0
    assert "Ada Okafor" not in reconnect()


def test_linkedin_export_connections_then_messages_and_invitations(vault, run, tmp_path) -> None:
    export = linkedin_zip(tmp_path)
    dry = run("import", "linkedin", str(export), "--dry-run", vault=vault)
    assert dry.exit_code == 0, dry.output
    assert not (vault / "people" / "Inès Girard.md").exists()
    assert "LinkedIn messages and invitations: " in dry.stdout
    result = run("import", "linkedin", str(export), vault=vault)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("2 created, 1 updated")  # the connections first
    # then the messages: with a known contact, and with the connections just made
    assert "people/Ada Okafor.md: ## 2026-11-03 LinkedIn: Lyon figures (1 item, new heading)" in lines
    assert "people/Inès Girard.md: ## 2026-11-04 LinkedIn: Hello (1 item, new heading)" in lines
    assert "people/Karim Zerrouki.md: ## 2026-11-02 LinkedIn: Invitation to connect (1 item, new heading)" in lines
    assert lines[-1].startswith("LinkedIn messages and invitations: 6 read; recorded 3 in 3 notes")
    assert "bad DATE 'yesterday'; skipped" in result.stderr
    karim = note(vault, "people/Karim Zerrouki.md")
    assert headings(karim) == ["## 2026-11-03 Connected on LinkedIn", "## 2026-11-02 LinkedIn: Invitation to connect"]
    again = as_json(run("import", "linkedin", str(export), "--format", "json", vault=vault))
    assert again["messages"]["recorded"] == [] and again["messages"]["already"] == 3
    only = run("import", "linkedin", str(export), "--no-messages", vault=vault)
    assert "LinkedIn messages" not in only.stdout


def test_the_registry_reads_every_kind_with_the_users_names(vault, tmp_path) -> None:
    assert sorted(READERS) == ["linkedin", "mail", "telegram", "whatsapp"]
    config = load_config(vault)
    with Index(config) as index:
        index.refresh()
        assert whoami(index) == Me((), ("Sam Rivera",))
        chat = write(tmp_path / "_chat.txt", IOS_FR)  # no name in the file: `me` tells who the user is
        report = capture(index, "whatsapp", [chat], today="2026-12-01")
        assert [r.day for r in report.recorded] == ["2026-10-31", "2026-11-02"]
    drop = tmp_path / "drop"
    assert dropped_kind(write(drop / "WhatsApp Chat with Ada Okafor.txt", ANDROID_US)) == "whatsapp"
    assert dropped_kind(linkedin_zip(drop)) == "linkedin"
    (drop / "tg").mkdir()
    (drop / "tg" / "result.json").write_text(json.dumps(telegram_export()), encoding="utf-8")
    assert dropped_kind(drop / "tg") == "telegram"
    assert dropped_kind(write(drop / "todo.txt", "milk\n")) is None


def test_the_documented_example_is_what_the_command_prints(run) -> None:
    from .conftest import EXAMPLE_VAULT, REPO

    doc = (REPO / "docs" / "capture.md").read_text(encoding="utf-8")
    files = ["docs/examples/chat/ada.txt", "docs/examples/chat/elodie.txt", "docs/examples/chat/apero.txt"]
    command = f"vaultkit import chat {' '.join(files)} --vault example-vault --dry-run"
    block = doc.split(f"    $ {command}\n", 1)[1].split("\n\n", 1)[0]
    expected = [line.removeprefix("    ") for line in block.splitlines()]
    result = run("import", "chat", *(str(REPO / f) for f in files), "--dry-run", vault=EXAMPLE_VAULT)
    assert result.stdout.splitlines() == expected
    problem = result.stderr.strip().replace(str(REPO) + "/", "")
    assert f"`{problem}`" in " ".join(doc.split())


def test_linkedin_messages_csv_alone_is_recorded(vault, run, tmp_path) -> None:
    messages = write(tmp_path / "messages.csv", MESSAGES)
    result = run("import", "linkedin", str(messages), vault=vault)
    assert result.exit_code == 0, result.output
    assert "people/Ada Okafor.md: ## 2026-11-03 LinkedIn: Lyon figures (1 item, new heading)" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("4 read; recorded 1 in 1 note; 0 already recorded")
    assert not (vault / "people" / "Inès Girard.md").exists()  # no connections in it: no notes made


def test_linkedin_people_who_are_no_connection_are_listed_without_new(vault, run, tmp_path) -> None:
    path = tmp_path / "export"
    path.mkdir()
    (path / "messages.csv").write_text(MESSAGES, encoding="utf-8")
    (path / "Connections.csv").write_text(CONNECTIONS.split("Inès")[0], encoding="utf-8")  # Ada only
    result = run("import", "linkedin", str(path), "--dry-run", vault=vault)
    assert result.exit_code == 0, result.output
    assert f"  Inès Girard <{P}ines-girard>: 1 exchange, last 2026-11-04" in result.stdout.splitlines()
    assert "--new" not in result.stdout  # import linkedin has no --new


def test_a_note_changed_during_a_chat_capture_keeps_both(vault, run, tmp_path, monkeypatch) -> None:
    """Another program writes the note between vaultkit's read and its write: the edit is made
    again on the new text."""
    target = vault / "people" / "Ada Okafor.md"
    edits = save_during_write(monkeypatch, target, lambda raw: raw + b"- typed meanwhile\n")
    chat = write(tmp_path / "WhatsApp Chat with Ada Okafor.txt", ANDROID_US)
    assert run("import", "chat", str(chat), vault=vault).exit_code == 0
    text = note(vault, "people/Ada Okafor.md")
    assert edits and "- typed meanwhile\n\n## 2026-11-20 WhatsApp\n" in text
    assert headings(text).count("## 2026-11-20 WhatsApp") == 1
