"""`vaultkit watch` keeps capturing: a real watcher process sees mail arrive in a Maildir, an
mbox, a WhatsApp chat and a LinkedIn export dropped into the drop folder, and a new event in a
calendar folder, and records them once."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from vaultkit.capture.sources import dropped_kind
from vaultkit.config import load_config
from vaultkit.watch.capturing import Capturing

from .conftest import write_vault
from .test_capture_chat import ANDROID_US, linkedin_zip
from .test_capture_mail import ME, inbox, make_maildir, make_mbox
from .test_daemon import Watched, wait_until

ADA = """\
---
type: contact
email: ada@analytical.example
---
## 2026-09-01 Coffee at Station F
"""
ELODIE = """\
---
type: contact
emails: [e.marchand@travail.example]
lang: fr
---
Rencontrée au petit-déjeuner French Tech.
"""

OKAFOR = """\
---
type: contact
email: ada@okafor.example
company: Coldline
---
Met at the Lyon meetup.
"""
EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//calendar folder//EN
BEGIN:VEVENT
UID:pitch-review@test
DTSTAMP:20261201T080000Z
SUMMARY:Pitch review with Ada
DTSTART:20261208T090000Z
DTEND:20261208T100000Z
ATTENDEE;CN=Ada Okafor:mailto:ada@okafor.example
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture
def watched(tmp_path: Path):
    mail = make_maildir(tmp_path / "Mail" / "INBOX", [])
    drop = tmp_path / "Downloads"
    drop.mkdir()
    config = (f"me: Sam Rivera\ncapture:\n  my_emails: [{ME}]\n  mail: [{mail}]\n  drop: {drop}\n"
              f"  calendar: [{tmp_path / 'calendar'}]\n")
    (tmp_path / "calendar").mkdir()
    vault = write_vault(tmp_path / "vault", {"people/Ada Lovelace.md": ADA,
                                             "people/Élodie Marchand.md": ELODIE,
                                             "people/Ada Okafor.md": OKAFOR}, config)
    w = Watched(vault, tmp_path).start()
    w.calendar = tmp_path / "calendar"
    yield w, mail, drop
    w.cleanup()


def test_the_watcher_records_mail_as_it_arrives(watched) -> None:
    w, mail, drop = watched
    ada = w.vault / "people" / "Ada Lovelace.md"
    box = mailbox.Maildir(str(mail), create=False)
    box.add(inbox()[0])  # written in tmp/, then moved into new/, as a mail delivery agent does
    wait_until(lambda: "## 2026-11-20 Email: Proposal for Q1" in ada.read_text(encoding="utf-8"),
               what="the captured mail in Ada's note")
    wait_until(lambda: "capture (mail): " in w.log(), what="the capture in the log")
    assert "capture: people/Ada Lovelace.md: ## 2026-11-20 Email: Proposal for Q1 (1 item, new heading)" in w.log()
    # the same message again (a copy in another folder of the store): nothing more
    box.add(inbox()[0])
    box.add(inbox()[1])  # the same day: joins the heading
    wait_until(lambda: ada.read_text(encoding="utf-8").count("%% vaultkit:captured") == 1
               and len(ada.read_text(encoding="utf-8").split("%% vaultkit:captured")[1].split()) == 3,
               what="the second mail under the same heading")
    w.settle()
    assert ada.read_text(encoding="utf-8").count("## 2026-11-20") == 1
    # an mbox export dropped into the drop folder
    make_mbox(drop / "export.mbox", inbox()[2:3])
    elodie = w.vault / "people" / "Élodie Marchand.md"
    wait_until(lambda: "## 2026-11-23 Email: Suite de notre café" in elodie.read_text(encoding="utf-8"),
               what="the dropped mbox recorded")
    # a WhatsApp chat and a LinkedIn export dropped: recorded, logged
    chat = drop / "WhatsApp Chat with Ada Okafor.txt"
    chat.write_text(ANDROID_US, encoding="utf-8")
    okafor = w.vault / "people" / "Ada Okafor.md"
    wait_until(lambda: "## 2026-11-24 WhatsApp" in okafor.read_text(encoding="utf-8"),
               what="the dropped chat in Ada Okafor's note")
    wait_until(lambda: "capture: people/Ada Okafor.md: ## 2026-11-20 WhatsApp (1 item, new heading)" in w.log(),
               what="the chat capture in the log")
    assert f"capture: {chat}:6: bad date or time" in w.log()
    linkedin_zip(drop)
    wait_until(lambda: "## 2026-11-03 LinkedIn: Lyon figures" in okafor.read_text(encoding="utf-8"),
               what="the dropped LinkedIn export's messages")
    wait_until(lambda: "capture (linkedin): " in w.log(), what="the LinkedIn capture in the log (after the note)")
    assert not (w.vault / "people" / "Karim Zerrouki.md").exists()  # the watcher makes no contact notes
    # a new event in the calendar folder: an event note, as `vaultkit import ics` makes it
    (w.calendar / "pitch-review.ics").write_text(EVENT, encoding="utf-8")
    event = w.vault / "events"
    wait_until(lambda: any("Pitch review with Ada" in p.name for p in event.glob("*.md")),
               what="the event note from the calendar folder")
    made = next(p for p in event.glob("*.md") if "Pitch review" in p.name)
    assert "ical_uid: pitch-review@test" in made.read_text(encoding="utf-8")
    assert "[[Ada Okafor]]" in made.read_text(encoding="utf-8")
    wait_until(lambda: "capture (calendar): 1 created" in w.log(), what="the calendar capture in the log")
    assert "no reader for" not in w.log()
    w.settle()
    assert w.terminate() == 0
    # started again: what is there is known, nothing is written twice
    before = ada.read_bytes(), elodie.read_bytes(), okafor.read_bytes(), made.read_bytes()
    w.start()
    w.settle()
    assert (ada.read_bytes(), elodie.read_bytes(), okafor.read_bytes(), made.read_bytes()) == before
    assert len(list(event.glob("*.md"))) == 1


def test_what_a_source_change_reads(tmp_path: Path) -> None:
    mail = make_maildir(tmp_path / "Mail" / "INBOX", [])
    box = make_mbox(tmp_path / "Sent.mbox", inbox()[:1])
    drop = tmp_path / "drop"
    drop.mkdir()
    vault = write_vault(tmp_path / "vault", {}, f"capture:\n  mail: [{mail}, {box}]\n  drop: {drop}\n")
    capturing = Capturing(load_config(vault))
    assert capturing.match(str(mail / "new" / "123.host")) == ("mail", str(mail / "new" / "123.host"))
    assert capturing.match(str(mail / "tmp" / "123.host")) is None
    assert capturing.match(str(box)) == ("mail", str(box))
    assert capturing.match(str(tmp_path / "elsewhere.mbox")) is None
    (drop / "notes.txt").write_text("not mail\n", encoding="utf-8")
    make_mbox(drop / "export.mbox", inbox()[:1])
    assert dropped_kind(drop / "notes.txt") is None
    assert capturing.match(str(drop / "export.mbox")) == ("drop", str(drop / "export.mbox"))  # kind told when read
    assert capturing.match(str(drop / ".export.mbox.part")) is None
    assert capturing.everything() == {"mail": {str(mail), str(box), str(drop / "export.mbox")}}
    (tmp_path / "Sent.mbox").unlink()
    assert capturing.match(str(box)) == ("mail", str(box))  # written again: read again


def test_what_a_calendar_or_dropped_export_change_reads(tmp_path: Path) -> None:
    calendar = tmp_path / "calendars" / "work"
    calendar.mkdir(parents=True)
    drop = tmp_path / "drop"
    drop.mkdir()
    vault = write_vault(tmp_path / "vault", {}, f"capture:\n  calendar: [{calendar}]\n  drop: {drop}\n")
    capturing = Capturing(load_config(vault))
    event = calendar / "sub" / "abc.ics"
    assert capturing.match(str(event)) == ("calendar", str(event))
    assert capturing.match(str(calendar / ".abc.ics.tmp")) is None
    assert capturing.match(str(calendar / ".hidden" / "abc.ics")) is None
    assert capturing.match(str(calendar / "color")) is None  # vdirsyncer's metadata
    # an export unzipped into the drop folder: read as a whole when a file inside it changes
    export = drop / "Basic_LinkedInDataExport"
    export.mkdir()
    (export / "Invitations.csv").write_text("From,To,Sent At,Message,Direction,inviterProfileUrl,"
                                            "inviteeProfileUrl\n", encoding="utf-8")
    assert capturing.match(str(export / "Invitations.csv")) == ("drop", str(export))
    assert dropped_kind(export) == "linkedin"
    chat = drop / "WhatsApp Chat with Ada Okafor.txt"
    chat.write_text(ANDROID_US, encoding="utf-8")
    assert capturing.everything() == {"calendar": {str(calendar)}, "linkedin": {str(export)},
                                      "whatsapp": {str(chat)}}
