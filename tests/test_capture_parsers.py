# ruff: noqa: E501  (the exports are written as the apps write them, one message a line)
"""Parsers of exchanges: LinkedIn's export (messages, invitations), WhatsApp chats (Android and
iOS, English and French), Telegram's JSON export, and the guess of a dropped source's kind."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.capture.exchanges import Exchange
from vaultkit.capture.kinds import PARSERS, guess_kind, parse_source
from vaultkit.capture.linkedin import parse_linkedin
from vaultkit.capture.telegram import parse_telegram
from vaultkit.capture.whatsapp import parse_whatsapp

PARIS = ZoneInfo("Europe/Paris")
P = "https://www.linkedin.com/in/"
MESSAGES = f"""CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER
c-ada,,Sam Rivera,{P}sam-rivera,Ada Okafor,{P}ada-okafor,2026-11-03 09:12:44 UTC,Lyon figures,"Bonjour Ada,
les chiffres de Lyon ?",INBOX
c-ada,,Ada Okafor,{P}ada-okafor,Sam Rivera,{P}sam-rivera,2026-11-03 10:00:00 UTC,,Les voici.,INBOX
c-ada,,Ada Okafor,{P}ada-okafor,Sam Rivera,{P}sam-rivera,2026-11-05 23:30:00 UTC,,Merci !,INBOX
c-bob,,Bob Martin,{P}bob-martin,Sam Rivera,{P}sam-rivera,2026-11-04 08:00:00 UTC,Hiring?,Hi Sam,INBOX
c-grp,Board,Bob Martin,{P}bob-martin,"Sam Rivera,Ada Okafor",{P}sam-rivera;{P}ada-okafor,2026-11-06 08:00:00 UTC,,Agenda,INBOX
c-grp,Board,Sam Rivera,{P}sam-rivera,"Bob Martin,Ada Okafor",{P}bob-martin;{P}ada-okafor,2026-11-07 08:00:00 UTC,,Thanks,INBOX
c-grp,Board,Ada Okafor,{P}ada-okafor,"Bob Martin,Sam Rivera",{P}bob-martin;{P}sam-rivera,2026-11-07 09:00:00 UTC,,Ok,INBOX
,,Ada Okafor,{P}ada-okafor,Sam Rivera,{P}sam-rivera,2026-11-08 09:00:00 UTC,,lost,INBOX
c-ada,,Ada Okafor,{P}ada-okafor,Sam Rivera,{P}sam-rivera,yesterday,,bad date,INBOX
"""
INVITATIONS = f"""From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl
Chloé Durand,Sam Rivera,"11/2/26, 6:41 PM","Ravie de vous avoir croisé au salon !",INCOMING,{P}chloe-durand,{P}sam-rivera
Sam Rivera,Dan Lee,"11/3/26, 9:00 AM",,OUTGOING,{P}sam-rivera,{P}dan-lee
Sam Rivera,Eve Stone,"11/4/26, 9:00 AM",Good to meet you,SIDEWAYS,{P}sam-rivera,{P}eve-stone
"""
CONNECTIONS = f"""First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ada,Okafor,{P}ada-okafor,,Coldline,CEO,12 Mar 2022
Bob,Martin,{P}bob-martin,,Globex,CTO,01 Feb 2023
"""


def export(tmp_path: Path, files: dict[str, str], packed: bool = True) -> Path:
    if packed:
        path = tmp_path / "Basic_LinkedInDataExport_11-30-2026.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for name, text in files.items():
                archive.writestr(name, text)
        return path
    path = tmp_path / "export"
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    return path


def short(exchanges: list[Exchange]) -> list[tuple[str, tuple[str, ...], str]]:
    return [(e.day.isoformat(), e.names or e.phones, e.subject) for e in exchanges]


# ---------------------------------------------------------------- LinkedIn


@pytest.mark.parametrize("packed", [True, False])
def test_linkedin_conversation_days_and_invitations(tmp_path: Path, packed: bool) -> None:
    path = export(tmp_path, {"messages.csv": MESSAGES, "Invitations.csv": INVITATIONS,
                             "Connections.csv": CONNECTIONS}, packed)
    exchanges, errors = parse_linkedin(path, tz=PARIS)
    where = f"{path}!messages.csv" if packed else str(path / "messages.csv")
    assert short([e for e in exchanges if e.subject != "Invitation to connect"]) == [
        ("2026-11-03", ("Ada Okafor",), "Lyon figures"),  # two messages, one day: one exchange
        ("2026-11-04", ("Bob Martin",), "Hiring?"),  # only he wrote: still a contact
        ("2026-11-06", ("Ada Okafor",), ""),  # 23:30 UTC is the next day in Paris
        ("2026-11-07", ("Ada Okafor",), "Board"),  # the group (its title): she and the user wrote; Bob not
    ]
    first = exchanges[0]
    assert first.channel == "LinkedIn" and first.profiles == (f"{P}ada-okafor",)
    assert first.source == f"{where}:2"
    assert len({e.uid for e in exchanges}) == len(exchanges)
    # the invitation with a message is an exchange; a bare one is not
    invitations = [e for e in exchanges if e.subject == "Invitation to connect"]
    assert [(e.day, e.names, e.profiles) for e in invitations] == [
        (date(2026, 11, 2), ("Chloé Durand",), (f"{P}chloe-durand",))]
    assert [e.split(": ", 1)[0] for e in errors] == [f"{where}:10", f"{where}:11",
                                                      where.replace("messages.csv", "Invitations.csv") + ":4"]
    assert "no CONVERSATION ID" in errors[0] and "bad DATE 'yesterday'" in errors[1]
    # the same export again: the same ids
    again, _ = parse_linkedin(path, tz=PARIS)
    assert [e.uid for e in again] == [e.uid for e in exchanges]


def test_linkedin_owner_from_the_config_or_told_to_set_it(tmp_path: Path) -> None:
    one = MESSAGES.splitlines()[0] + "\n" + "\n".join(MESSAGES.splitlines()[3:4]) + "\n"
    path = tmp_path / "messages.csv"
    path.write_text(one, encoding="utf-8")
    exchanges, errors = parse_linkedin(path, tz=PARIS)
    assert exchanges == [] and errors == [f"{path}: cannot tell which participant is you (set `me` in the config "
                                          "to your name as LinkedIn writes it); skipped"]
    exchanges, errors = parse_linkedin(path, me="sam rivera", tz=PARIS)
    assert short(exchanges) == [("2026-11-03", ("Ada Okafor",), "")] and errors == []


def test_linkedin_export_without_messages_and_another_csv(tmp_path: Path) -> None:
    path = export(tmp_path, {"Connections.csv": CONNECTIONS})
    assert parse_linkedin(path) == ([], [f"{path}: no messages.csv or Invitations.csv in this LinkedIn export"])
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    _, errors = parse_linkedin(other)
    assert errors and errors[0].startswith(f"{other}:1: not a LinkedIn messages.csv or Invitations.csv")


# ---------------------------------------------------------------- WhatsApp

ANDROID_US = """12/31/20, 9:41 PM - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.
12/31/20, 9:41 PM - Sam Rivera: Happy new year Ada!
12/31/20, 9:45 PM - Ada Okafor: Same to you!
See you in January
1/4/21, 10:02 AM - Ada Okafor: <Media omitted>
1/13/21, 8:00 AM - Sam Rivera: Coffee on Friday?
13/31/21, 8:00 AM - Sam Rivera: broken
"""
ANDROID_FR = """31/12/2020 à 21:41 - Les messages et les appels sont chiffrés de bout en bout.
31/12/2020 à 21:41 - Sam Rivera: Bonne année !
02/01/2021 à 09:15 - +33 6 12 34 56 78: Merci, à vous aussi
02/01/2021 à 09:20 - Sam Rivera: Qui est-ce ?
03/01/2021 21:00 Sam Rivera: une ligne abîmée
"""
IOS_FR = ("\u200e[31/12/2020, 21:41:05] Ada Okafor: \u200eLes messages et les appels sont chiffrés de bout en bout.\n"
          "[31/12/2020, 21:42:10] Sam Rivera: Bonne année Ada\n"
          "[01/01/2021, 10:00:00] Ada Okafor: \u200e<pièce jointe : 00000012-PHOTO-2021-01-01.jpg>\n"
          "[03/01/2021, 12:00:00] Ada Okafor: Merci !\nsur deux lignes\n")
IOS_US = ("[12/31/20, 9:41:05\u202fPM] Sam Rivera: Happy new year\n"
          "[1/2/21, 10:00:00\u202fAM] Ada Okafor: \u200eimage omitted\n"
          "[1/2/21, 10:05:00\u202fAM] \u200eAda Okafor changed the group description\n")
GROUP = """05/11/2026, 18:00 - Sam Rivera created group "Apéro Lyon"
05/11/2026, 18:01 - Bob Martin: Qui vient jeudi ?
06/11/2026, 09:00 - Ada Okafor: Moi !
06/11/2026, 09:05 - Sam Rivera: Moi aussi
06/11/2026, 09:06 - Bob Martin: Super
"""


def chat(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_whatsapp_android_us_with_the_owner_named_by_the_file(tmp_path: Path) -> None:
    path = chat(tmp_path, "WhatsApp Chat with Ada Okafor.txt", ANDROID_US)
    exchanges, errors = parse_whatsapp(path)
    assert short(exchanges) == [("2020-12-31", ("Ada Okafor",), ""), ("2021-01-04", ("Ada Okafor",), ""),
                                ("2021-01-13", ("Ada Okafor",), "")]
    assert exchanges[0].channel == "WhatsApp" and exchanges[0].source == f"{path}:3"
    assert errors == [f"{path}:7: bad date or time '13/31/21, 8:00 AM - Sam Rivera: broken'; skipped"]


def test_whatsapp_android_french_with_a_phone_number_and_a_broken_line(tmp_path: Path) -> None:
    path = chat(tmp_path, "Discussion WhatsApp avec +33 6 12 34 56 78.txt", ANDROID_FR)
    exchanges, errors = parse_whatsapp(path, me="Sam Rivera")
    assert [(e.day.isoformat(), e.phones, e.names) for e in exchanges] == [
        ("2020-12-31", ("+33 6 12 34 56 78",), ()), ("2021-01-02", ("+33 6 12 34 56 78",), ())]
    assert [e.split(": ", 1)[0] for e in errors] == [f"{path}:5"]
    assert "not a WhatsApp message line" in errors[0]


@pytest.mark.parametrize(("text", "days"), [
    (IOS_FR, ["2020-12-31", "2021-01-01", "2021-01-03"]),  # the encryption notice is no message
    (IOS_US, ["2020-12-31", "2021-01-02"]),  # month-first from the AM/PM; a notice is none
])
def test_whatsapp_ios_french_and_english(tmp_path: Path, text: str, days: list[str]) -> None:
    path = chat(tmp_path, "_chat.txt", text)
    exchanges, errors = parse_whatsapp(path, me=["Sam Rivera"])
    assert [e.day.isoformat() for e in exchanges] == days and errors == []
    assert {e.names for e in exchanges} == {("Ada Okafor",)}


def test_whatsapp_group_days_and_the_owner_in_every_chat(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    chat(folder, "WhatsApp Chat with Apéro Lyon.txt", GROUP)
    chat(folder, "_chat.txt", IOS_FR)  # the user is the one who wrote in both chats
    with zipfile.ZipFile(folder / "WhatsApp Chat - Chloé Durand.zip", "w") as archive:
        archive.writestr("_chat.txt", IOS_US.replace("Ada Okafor", "Chloé Durand"))
        archive.writestr("00000012-PHOTO-2021-01-01.jpg", b"\xff\xd8\xff")
    exchanges, errors = parse_whatsapp(folder)
    assert errors == []
    group = [(e.day.isoformat(), e.names) for e in exchanges if e.source.startswith(str(folder / "WhatsApp Chat w"))]
    # the 5th: only Bob wrote, no exchange; the 6th: the user wrote, one per other writer
    assert group == [("2026-11-06", ("Ada Okafor",)), ("2026-11-06", ("Bob Martin",))]
    zipped = [e for e in exchanges if "!_chat.txt" in e.source]
    assert [e.day.isoformat() for e in zipped] == ["2020-12-31", "2021-01-02"]
    # Ada on the same day in two chats: one id, recorded once
    with zipfile.ZipFile(folder / "Discussion WhatsApp - Ada.zip", "w") as archive:
        archive.writestr("_chat.txt", IOS_FR.replace("21:42:10", "21:50:00"))
    exchanges, errors = parse_whatsapp(folder)
    assert errors == [] and len({e.uid for e in exchanges}) == len(exchanges) - 3


def test_whatsapp_owner_unknown_and_not_a_chat(tmp_path: Path) -> None:
    path = chat(tmp_path, "notes.txt", "Shopping list\n31/12/2020, 21:41 - Ada: hi\n31/12/2020, 21:42 - Bo: yo\n")
    exchanges, errors = parse_whatsapp(path)
    assert exchanges == []
    assert errors == [f"{path}:1: not a WhatsApp message line (no date and time); skipped",
                      f"{path}: cannot tell which participant is you (set `me` in the config to your name as "
                      "WhatsApp writes it); skipped"]


# ---------------------------------------------------------------- Telegram


def telegram_chat(name: str, kind: str, messages: list[tuple[int, str, str, str]]) -> dict:
    return {"name": name, "type": kind, "id": 42, "messages": [
        {"id": i, "type": "message", "date": when, "from": who, "from_id": f"user{uid}", "text": "…"}
        if who != "service" else {"id": i, "type": "service", "date": when, "actor": "Ada", "action": "phone_call"}
        for i, when, who, uid in messages]}


def test_telegram_single_chat_and_full_export(tmp_path: Path) -> None:
    single = telegram_chat("Ada Okafor", "personal_chat", [
        (1, "2026-11-03T09:00:00", "Sam Rivera", "1"), (2, "2026-11-03T09:05:00", "Ada Okafor", "2"),
        (3, "2026-11-04T10:00:00", "service", ""), (4, "2026-11-05T10:00:00", "Ada Okafor", "2"),
        (5, "soon", "Ada Okafor", "2")])
    path = tmp_path / "result.json"
    path.write_text(json.dumps(single, indent=1, ensure_ascii=False), encoding="utf-8")
    exchanges, errors = parse_telegram(path)
    assert short(exchanges) == [("2026-11-03", ("Ada Okafor",), ""), ("2026-11-05", ("Ada Okafor",), "")]
    assert exchanges[0].channel == "Telegram"
    assert len(errors) == 1 and errors[0].endswith("message 5 has no readable date; skipped")
    assert path.read_text(encoding="utf-8").splitlines()[int(errors[0].split(":")[1]) - 1].strip() == '"id": 5,'
    group = telegram_chat("Apéro", "private_group", [
        (7, "2026-11-06T09:00:00", "Bob Martin", "3"), (8, "2026-11-07T09:00:00", "Bob Martin", "3"),
        (9, "2026-11-07T09:10:00", "Sam", "1")])
    full = {"personal_information": {"user_id": 1, "first_name": "Sam"},
            "contacts": {"list": [{"first_name": "Bob", "last_name": "Martin", "phone_number": "+33 6 11 22 33 44"}]},
            "chats": {"list": [single, group, telegram_chat("News", "public_channel", [])]}}
    folder = tmp_path / "Telegram Desktop" / "DataExport_2026-12-01"
    folder.mkdir(parents=True)
    (folder / "result.json").write_text(json.dumps(full, indent=1), encoding="utf-8")
    exchanges, errors = parse_telegram(folder.parent)
    assert short(exchanges) == [("2026-11-03", ("Ada Okafor",), ""), ("2026-11-05", ("Ada Okafor",), ""),
                                ("2026-11-07", ("Bob Martin",), "")]
    assert [e.phones for e in exchanges] == [(), (), ("+33 6 11 22 33 44",)]  # from the export's contacts
    broken = tmp_path / "broken.json"
    broken.write_text('{\n "messages": [\n  {"id": 1,,}\n ]\n}\n', encoding="utf-8")
    assert parse_telegram(broken)[1][0].startswith(f"{broken}:3: not a Telegram export (invalid JSON")


# ---------------------------------------------------------------- kinds


def test_the_kind_of_a_dropped_source(tmp_path: Path) -> None:
    linkedin = export(tmp_path, {"messages.csv": MESSAGES, "Connections.csv": CONNECTIONS})
    folder = export(tmp_path, {"Invitations.csv": INVITATIONS}, packed=False)
    whatsapp = chat(tmp_path, "WhatsApp Chat with Ada Okafor.txt", ANDROID_US)
    ios = chat(tmp_path, "_chat.txt", IOS_FR)
    with zipfile.ZipFile(tmp_path / "WhatsApp Chat - Ada.zip", "w") as archive:
        archive.writestr("_chat.txt", IOS_US)
    telegram = tmp_path / "tg"
    telegram.mkdir()
    (telegram / "result.json").write_text('{"messages": []}', encoding="utf-8")
    csv = chat(tmp_path, "messages.csv", MESSAGES)
    plain = chat(tmp_path, "notes.txt", "nothing here\n")
    assert [guess_kind(p) for p in (linkedin, folder, whatsapp, ios, tmp_path / "WhatsApp Chat - Ada.zip",
                                     telegram, telegram / "result.json", csv, plain)] == [
        "linkedin", "linkedin", "whatsapp", "whatsapp", "whatsapp", "telegram", "telegram", "linkedin", None]
    assert sorted(PARSERS) == ["linkedin", "telegram", "whatsapp"]
    assert parse_source(plain) == ([], [f"{plain}: not a LinkedIn export, a WhatsApp chat or a Telegram export"])
    exchanges, errors = parse_source(whatsapp)
    assert len(exchanges) == 3 and len(errors) == 1
    assert parse_source(ios, "whatsapp", me="Sam Rivera")[0][0].names == ("Ada Okafor",)


# ---------------------------------------------------------------- any input

_PIECES = st.sampled_from([
    "12/31/20, 9:41 PM - ", "[31/12/2020, 21:41:05] ", "31/12/2020 à 21:41 - ", "Ada Okafor: ", "\u200e", "\u202f",
    "\n", "\r\n", "99/99/99, 99:99 - ", ": ", "<attached: x>", "CONVERSATION ID,FROM,DATE\n", ",", '"', "UTC",
    "2026-11-03 09:12:44 UTC", "Direction,inviterProfileUrl,inviteeProfileUrl\n", "INCOMING", '{"messages": [',
    '{"chats": {"list": [', '{"type": "message", "date": "2026-01-01T00:00:00", "from": "A", "from_id": 1}',
    "]}", "}", "null", "[]", "x"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=30),
       suffix=st.sampled_from([".txt", ".csv", ".json"]))
def test_any_input_gives_exchanges_and_one_line_errors(tmp_path: Path, pieces: list[str], suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_text("".join(pieces), encoding="utf-8", errors="surrogatepass")
    for parser in PARSERS.values():
        exchanges, errors = parser(path, me="Sam Rivera")
        assert all(isinstance(e, Exchange) for e in exchanges)
        assert all("\n" not in error and error.startswith(str(path)) for error in errors)
    assert guess_kind(path) in (None, *PARSERS)
