"""`vaultkit watch` keeps capturing: a real watcher process sees mail arrive in a Maildir and an
mbox dropped into the drop folder, and records them once."""

from __future__ import annotations

import mailbox
from pathlib import Path

import pytest

from vaultkit.capture.sources import dropped_kind
from vaultkit.config import load_config
from vaultkit.watch.capturing import Capturing

from .conftest import write_vault
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


@pytest.fixture
def watched(tmp_path: Path):
    mail = make_maildir(tmp_path / "Mail" / "INBOX", [])
    drop = tmp_path / "Downloads"
    drop.mkdir()
    config = (f"me: Sam Rivera\ncapture:\n  my_emails: [{ME}]\n  mail: [{mail}]\n  drop: {drop}\n"
              f"  calendar: [{tmp_path / 'calendar'}]\n")
    vault = write_vault(tmp_path / "vault", {"people/Ada Lovelace.md": ADA,
                                             "people/Élodie Marchand.md": ELODIE}, config)
    w = Watched(vault, tmp_path).start()
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
    assert "no reader for `calendar` sources" in w.log()
    assert w.terminate() == 0
    # started again: what is there is known, nothing is written twice
    before = ada.read_bytes(), elodie.read_bytes()
    w.start()
    w.settle()
    assert (ada.read_bytes(), elodie.read_bytes()) == before


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
    assert capturing.match(str(drop / "export.mbox")) == ("mail", str(drop / "export.mbox"))
    assert capturing.everything() == {"mail": {str(mail), str(box), str(drop / "export.mbox")}}
    (tmp_path / "Sent.mbox").unlink()
    assert capturing.match(str(box)) == ("mail", str(box))  # written again: read again
