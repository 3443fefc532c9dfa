"""`vaultkit import mail`: a Maildir and an mbox made here, recorded into French and English notes."""

from __future__ import annotations

import json
import mailbox
import re
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.capture.exchanges import Exchange
from vaultkit.capture.mail import mbox_headers, read_mail
from vaultkit.capture.recorder import record_exchanges
from vaultkit.config import cache_dir, load_config
from vaultkit.notes.captured import uid_hash
from vaultkit.store.index import Index

from .conftest import as_json, save_during_write

ME = "me@sam.example"
CONFIG = f"me: Sam Rivera\ncapture:\n  my_emails: [{ME}]\n"

NOTES = {
    "people/Sam Rivera.md": """\
        ---
        type: contact
        email: sam@home.example
        ---
        This is me.
        """,
    "people/Ada Lovelace.md": """\
        ---
        type: contact
        email: Ada@Analytical.example
        company: Analytical
        cadence: 1m
        last_contact: 2026-09-01
        ---
        ## 2026-09-01 Coffee at Station F
        - wants an intro to a climate VC
        """,
    "people/Élodie Marchand.md": """\
        ---
        type: contact
        emails: [elodie@marchand.example, e.marchand@travail.example]
        lang: fr
        ---
        Rencontrée au petit-déjeuner French Tech.

        ## 2026-11-02 Café au Ninkasi
        - cherche un associé technique
        """,
    "people/Chloé Martin.md": """\
        ---
        type: contact
        aliases: [Chloé M.]
        lang: fr
        ---
        Amie designer, pas d'adresse connue.
        """,
}


def message(sender: str, to: str, subject: str, date: str, msgid: str | None = None,
            cc: str | None = None, **extra: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    if date:
        msg["Date"] = date
    if msgid:
        msg["Message-ID"] = msgid
    for key, value in extra.items():
        msg[key.replace("_", "-")] = value
    msg.set_content("The body is never read.\nFrom here on, a line that starts like a separator.\n")
    return msg


def inbox() -> list[EmailMessage]:
    """A realistic mix: contacts, strangers, lists, bulk, automatic, no-reply, a sent mail."""
    return [
        message("Ada Lovelace <ada@analytical.example>", ME, "Proposal for Q1",
                "Fri, 20 Nov 2026 09:12:00 +0100", "<p1@analytical.example>"),
        message("Ada Lovelace <ada@analytical.example>", ME, "Re: Proposal for Q1",
                "Fri, 20 Nov 2026 17:40:00 +0100", "<p2@analytical.example>"),
        message(f"Sam Rivera <{ME}>", "Élodie Marchand <e.marchand@travail.example>, Bob Stone <bob@stone.example>",
                "=?utf-8?q?Suite_de_notre_caf=C3=A9?=", "Mon, 23 Nov 2026 08:00:00 +0100", "<s1@sam.example>"),
        message("=?utf-8?q?Chlo=C3=A9_Martin?= <chloe@perso.example>", ME, "Maquettes",
                "Tue, 24 Nov 2026 10:00:00 +0100", "<c1@perso.example>"),
        message("Weekly Digest <digest@news.example>", ME, "This week", "Tue, 24 Nov 2026 10:00:00 +0100",
                "<l1@news.example>", List_Id="<weekly.news.example>"),
        message("Promo <deals@shop.example>", ME, "50% off", "Tue, 24 Nov 2026 11:00:00 +0100",
                "<b1@shop.example>", Precedence="bulk"),
        message("Calendar <calendar@work.example>", ME, "Accepted: sync", "Tue, 24 Nov 2026 12:00:00 +0100",
                "<a1@work.example>", Auto_Submitted="auto-generated"),
        message("GitHub <noreply@github.example>", ME, "[repo] new issue", "Wed, 25 Nov 2026 12:00:00 +0100",
                "<n1@github.example>"),
        message("Bob Stone <bob@stone.example>", ME, "Hello", "Wed, 25 Nov 2026 13:00:00 +0100",
                "<bob1@stone.example>"),
        message("Bob Stone <bob@stone.example>", ME, "Hello again", "Thu, 26 Nov 2026 13:00:00 +0100",
                "<bob2@stone.example>"),
        message("Zoe Quinn <zoe@quinn.example>", ME, "Intro", "Thu, 26 Nov 2026 14:00:00 +0100", "<z1@quinn.example>"),
        message("Broken Date <broken@date.example>", ME, "no date", "", "<d1@date.example>"),
    ]


def make_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.mbox(str(path))
    for msg in messages:
        box.add(msg)
    box.flush()
    box.close()
    return path


def make_maildir(path: Path, messages: list[EmailMessage]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    box = mailbox.Maildir(str(path), create=True)
    for msg in messages:
        box.add(msg)
    box.close()
    return path


@pytest.fixture
def vault(make_vault):
    return make_vault(NOTES, config=CONFIG)


def note(vault: Path, rel: str) -> str:
    return (vault / rel).read_text(encoding="utf-8")


def mark(*uids: str) -> str:
    return "%% vaultkit:captured " + " ".join(uid_hash(f"Email\0{u}") for u in uids) + " %%"


ADA_ADDED = (
    "\n## 2026-11-20 Email: Proposal for Q1\n"
    f"{mark('<p1@analytical.example>', '<p2@analytical.example>')}\n"
)


def test_an_mbox_is_recorded_in_the_contacts_notes(vault, run, tmp_path) -> None:
    box = make_mbox(tmp_path / "inbox.mbox", inbox())
    ada_before = note(vault, "people/Ada Lovelace.md")
    result = run("import", "mail", str(box), vault=vault)
    assert result.exit_code == 0, result.output
    # one heading for two mails of the same day, after the user's text, byte for byte
    assert note(vault, "people/Ada Lovelace.md") == ada_before + ADA_ADDED
    # a sent mail: its recipients are the correspondents; a French subject decoded
    elodie = note(vault, "people/Élodie Marchand.md")
    assert elodie.endswith("- cherche un associé technique\n\n## 2026-11-23 Email: Suite de notre café\n"
                           f"{mark('<s1@sam.example>')}\n")
    # no address in her note: found by her exact name
    assert note(vault, "people/Chloé Martin.md").endswith(
        "Amie designer, pas d'adresse connue.\n\n## 2026-11-24 Email: Maquettes\n"
        f"{mark('<c1@perso.example>')}\n")
    assert note(vault, "people/Sam Rivera.md") == "---\ntype: contact\nemail: sam@home.example\n---\nThis is me.\n"
    # strangers, most frequent first; lists, bulk, automatic and no-reply mail are nobody
    lines = result.stdout.splitlines()
    start = lines.index("Not in your contacts (2), the most frequent first:")
    assert lines[start + 1:start + 3] == ["  Bob Stone <bob@stone.example>: 3 exchanges, last 2026-11-26",
                                          "  Zoe Quinn <zoe@quinn.example>: 1 exchange, last 2026-11-26"]
    for nobody in ("digest@", "deals@", "calendar@", "noreply@"):
        assert nobody not in result.output
    summary = lines[-1]
    assert summary.startswith("12 read; recorded 4 in 3 notes; 0 already recorded")
    for part in ("1 skipped (mailing list)", "1 skipped (bulk)", "1 skipped (automatic)", "1 skipped (no-reply)",
                 "1 not readable"):
        assert part in summary
    # the malformed message: one line, path:line, and the rest went on
    assert re.fullmatch(rf"{re.escape(str(box))}:\d+: no readable Date header; skipped\n", result.stderr)


def test_the_malformed_message_line_is_where_it_starts(tmp_path) -> None:
    box = make_mbox(tmp_path / "inbox.mbox", inbox())
    got = read_mail([box], [ME])
    line = int(got.problems[0].split(":")[1])
    assert box.read_text(encoding="utf-8").splitlines()[line - 1].startswith("From ")
    following = box.read_text(encoding="utf-8").splitlines()[line:line + 12]
    assert "Subject: no date" in following


def test_an_mbox_with_large_bodies_is_read_headers_only_with_each_start_line(tmp_path) -> None:
    """Bodies of several megabytes (the mailbox is mapped and its lines counted a megabyte at
    a time): every message found, each labelled with the line of its `From ` separator."""
    big = inbox()[:4]
    for n, msg in enumerate(big):
        msg.set_content("".join(f"line {i} of a long attachment\n" for i in range(90_000 * (n % 2 + 1))))
    box = make_mbox(tmp_path / "big.mbox", big)
    assert box.stat().st_size > 7_000_000
    problems: list[str] = []
    found = list(mbox_headers(box, problems))
    assert problems == [] and len(found) == 4
    lines = box.read_bytes().split(b"\n")
    for where, head in found:
        number = int(where.rsplit(":", 1)[1])
        assert lines[number - 1].startswith(b"From ")
        assert head.startswith(lines[number]) and b"long attachment" not in head
    assert [h.split(b"Subject: ")[1].split(b"\n")[0] for _, h in found][:2] == [b"Proposal for Q1",
                                                                                b"Re: Proposal for Q1"]


def _whole_file_headers(data: bytes) -> list[tuple[int, bytes]]:
    """The reference: the mbox read whole, split at each `From ` line, headers up to the first
    blank line of each message (or its end)."""
    out, line, start = [], 1, 0
    while start < len(data):
        nxt = data.find(b"\nFrom ", start)
        end = len(data) if nxt < 0 else nxt + 1
        first = data.find(b"\n", start, end)
        head_start = end if first < 0 else first + 1
        stop = re.compile(rb"\r?\n\r?\n").search(data, head_start, end)
        out.append((line, data[head_start: stop.start() if stop else end]))
        line += data.count(b"\n", start, end)
        start = end
    return out


_MBOX_PARTS = st.sampled_from([b"From a@b Mon Nov 23 08:00:00 2026\n", b"Subject: x\n", b"To: y\n",
                               b"\n", b"\r\n", b"body line\n", b">From quoted\n", b"From", b" ", b"\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_MBOX_PARTS, max_size=40), st.integers(min_value=1, max_value=40))
def test_an_mbox_read_in_pieces_is_the_mbox_read_whole(parts: list[bytes], piece: int) -> None:
    import tempfile

    data = b"From a@b Mon Nov 23 08:00:00 2026\n" + b"".join(parts)
    with tempfile.TemporaryDirectory() as folder:
        box = Path(folder) / "box.mbox"
        box.write_bytes(data)
        problems: list[str] = []
        got = [(int(where.rsplit(":", 1)[1]), head) for where, head in mbox_headers(box, problems, piece)]
    assert problems == [] and got == _whole_file_headers(data)


def test_an_empty_or_foreign_file_is_no_mbox(tmp_path) -> None:
    for name, data in (("empty.mbox", b""), ("notes.mbox", b"Dear diary\n")):
        (tmp_path / name).write_bytes(data)
        problems: list[str] = []
        assert list(mbox_headers(tmp_path / name, problems)) == []
        assert problems == [f"{tmp_path / name}:1: not an mbox file (it does not start with a `From ` line); skipped"]


def test_a_second_run_records_nothing_even_after_a_rebuild(vault, run, tmp_path) -> None:
    box = make_mbox(tmp_path / "inbox.mbox", inbox())
    assert run("import", "mail", str(box), vault=vault).exit_code == 0
    notes = {p: p.read_bytes() for p in (vault / "people").iterdir()}
    again = run("import", "mail", str(box), vault=vault)
    assert again.exit_code == 0 and "recorded 0 in 0 notes; 4 already recorded" in again.stdout
    assert run("index", "--verify", vault=vault).exit_code == 0  # the marks as a cold read gives them
    assert run("index", "--rebuild", vault=vault).exit_code == 0
    assert "recorded 0 in 0 notes; 4 already recorded" in run("import", "mail", str(box), vault=vault).stdout
    shutil.rmtree(cache_dir(vault))  # the index thrown away: the notes still know
    assert "recorded 0 in 0 notes; 4 already recorded" in run("import", "mail", str(box), vault=vault).stdout
    assert {p: p.read_bytes() for p in (vault / "people").iterdir()} == notes


def test_a_later_mail_of_the_same_day_joins_its_heading(vault, run, tmp_path) -> None:
    first = make_mbox(tmp_path / "first.mbox", inbox()[:1])
    assert run("import", "mail", str(first), vault=vault).exit_code == 0
    later = make_mbox(tmp_path / "later.mbox", inbox()[1:2])
    result = run("import", "mail", str(later), vault=vault)
    assert ("people/Ada Lovelace.md: ## 2026-11-20 Email: Proposal for Q1 (1 item, added to its heading)"
            in result.stdout)
    text = note(vault, "people/Ada Lovelace.md")
    assert text.count("## 2026-11-20") == 1 and text.endswith(ADA_ADDED)


def test_a_heading_the_user_wrote_takes_the_mark(make_vault, run, tmp_path) -> None:
    notes = dict(NOTES)
    notes["people/Ada Lovelace.md"] += "\n## 2026-11-20 email about the proposal\nShe liked it.\n"
    vault = make_vault(notes, config=CONFIG)
    box = make_mbox(tmp_path / "inbox.mbox", inbox()[:1])
    assert run("import", "mail", str(box), vault=vault).exit_code == 0
    assert note(vault, "people/Ada Lovelace.md").endswith(
        f"## 2026-11-20 email about the proposal\n{mark('<p1@analytical.example>')}\nShe liked it.\n")


def test_a_maildir_with_a_new_message_and_no_subject(vault, run, tmp_path) -> None:
    box = make_maildir(tmp_path / "Mail" / "INBOX", inbox()[:2])
    result = run("import", "mail", str(tmp_path / "Mail"), "--no-subject", vault=vault)
    assert result.exit_code == 0, result.output
    assert note(vault, "people/Ada Lovelace.md").endswith(
        f"\n## 2026-11-20 Email\n{mark('<p1@analytical.example>', '<p2@analytical.example>')}\n")
    assert len(list((box / "new").iterdir())) == 2  # the mail store is only read


def test_a_broken_maildir_file_is_skipped_with_its_path(vault, run, tmp_path) -> None:
    box = make_maildir(tmp_path / "INBOX", inbox()[:1])
    (box / "cur" / "1700000000.broken:2,S").write_bytes(b"Subject: nothing else\n\nbody\n")
    result = run("import", "mail", str(box), vault=vault)
    assert result.exit_code == 0
    assert result.stderr == f"{box / 'cur' / '1700000000.broken:2,S'}: no sender address (From header); skipped\n"
    assert "## 2026-11-20 Email: Proposal for Q1" in note(vault, "people/Ada Lovelace.md")


def test_dry_run_writes_nothing_and_says_what_it_would(vault, run, tmp_path) -> None:
    box = make_mbox(tmp_path / "inbox.mbox", inbox())
    before = {p: p.read_bytes() for p in (vault / "people").iterdir()}
    result = run("import", "mail", str(box), "--dry-run", vault=vault)
    assert result.exit_code == 0
    assert ("would write people/Ada Lovelace.md: ## 2026-11-20 Email: Proposal for Q1 (2 items, new heading)"
            in result.stdout)
    assert "would record 4 in 3 notes" in result.stdout
    assert {p: p.read_bytes() for p in (vault / "people").iterdir()} == before


def test_new_makes_notes_for_the_correspondents_named(vault, run, tmp_path) -> None:
    box = make_mbox(tmp_path / "inbox.mbox", inbox())
    result = run("import", "mail", str(box), "--new", "bob@stone.example", "--new", "Zoe Quinn",
                 "--new", "nobody@nowhere.example", vault=vault)
    assert result.exit_code == 0, result.output
    assert "--new nobody@nowhere.example: no correspondent" in result.stderr
    bob = note(vault, "people/Bob Stone.md")
    assert "email: bob@stone.example" in bob
    assert bob.count("Email: Hello") == 2 and "## 2026-11-23 Email: Suite de notre café" in bob
    assert "## 2026-11-26 Email: Intro" in note(vault, "people/Zoe Quinn.md")
    assert "Not in your contacts" not in result.stdout


def test_json_output(vault, run, tmp_path) -> None:
    box = make_mbox(tmp_path / "inbox.mbox", inbox())
    data = as_json(run("import", "mail", str(box), "--format", "json", vault=vault))
    assert sorted(data) == ["already", "ambiguous", "created", "dry_run", "exchanges", "future", "problems",
                            "read", "recorded", "skipped", "summary", "unknown"]
    assert data["recorded"][0] == {"path": "people/Ada Lovelace.md", "name": "Ada Lovelace", "day": "2026-11-20",
                                   "channel": "Email", "heading": "2026-11-20 Email: Proposal for Q1", "items": 2,
                                   "new_heading": True}
    assert data["skipped"] == {"automatic": 1, "bulk": 1, "mailing list": 1, "no-reply": 1}
    assert data["unknown"][0] == {"who": "bob@stone.example", "name": "Bob Stone", "count": 3, "last": "2026-11-26"}


def test_a_note_changed_during_the_write_keeps_both(vault, run, tmp_path, monkeypatch) -> None:
    """Another program writes the note between vaultkit's read and its write."""
    target = vault / "people" / "Ada Lovelace.md"
    edits = save_during_write(monkeypatch, target, lambda raw: raw + b"- typed meanwhile\n")
    box = make_mbox(tmp_path / "inbox.mbox", inbox()[:2])
    result = run("import", "mail", str(box), vault=vault)
    assert result.exit_code == 0, result.output
    assert edits and note(vault, "people/Ada Lovelace.md").endswith("- typed meanwhile\n" + ADA_ADDED)


def test_a_note_that_does_not_parse_is_refused_and_the_rest_recorded(make_vault, run, tmp_path) -> None:
    notes = dict(NOTES)
    notes["people/Broken.md"] = "---\ntype: contact\nemail: zoe@quinn.example\nname: [unclosed\n---\n"
    vault = make_vault(notes, config=CONFIG)
    before = (vault / "people" / "Broken.md").read_bytes()
    box = make_mbox(tmp_path / "inbox.mbox", inbox())
    result = run("import", "mail", str(box), vault=vault)
    assert (vault / "people" / "Broken.md").read_bytes() == before
    assert "## 2026-11-20 Email" in note(vault, "people/Ada Lovelace.md")
    assert result.exit_code == 0


def test_a_captured_mail_is_a_contact_for_the_agenda(vault, run, tmp_path) -> None:
    def reconnect() -> list[str]:
        data = as_json(run("agenda", "--date", "2026-11-25", "--format", "json", vault=vault))
        return [item["contact"] for item in data["reconnect"]]

    assert "Ada Lovelace" in reconnect()  # a month's cadence, last seen on 2026-09-01
    box = make_mbox(tmp_path / "inbox.mbox", inbox()[:1])
    assert run("import", "mail", str(box), vault=vault).exit_code == 0
    assert "Ada Lovelace" not in reconnect()


def test_the_recorder_takes_any_channel_and_matches_phones_and_names(vault, tmp_path) -> None:
    import datetime as dt

    (vault / "people" / "Élodie Marchand.md").write_text(
        "---\ntype: contact\nphone: +33 6 12 34 56 78\n---\nAmie.\n", encoding="utf-8")
    (vault / "people" / "Grace Kim.md").write_text(
        "---\ntype: contact\nlinkedin: https://www.linkedin.com/in/gracekim/\n---\n", encoding="utf-8")
    config = load_config(vault)
    with Index(config) as index:
        index.refresh()
        chats = [Exchange(dt.date(2026, 11, 28), "WhatsApp", "chat-1", phones=("+33612345678",), names=("Élodie",)),
                 Exchange(dt.date(2026, 11, 28), "WhatsApp", "chat-2", names=("Chloé M.",)),
                 Exchange(dt.date(2026, 11, 29), "WhatsApp", "chat-3", names=("Chloé",)),  # no exact name: nobody
                 Exchange(dt.date(2099, 1, 1), "WhatsApp", "chat-4", names=("Chloé M.",)),
                 Exchange(dt.date(2026, 11, 27), "LinkedIn", "li-1", profiles=("linkedin.com/in/GraceKim",),
                          names=("Grace K.",), subject="Thanks for the intro")]
        report = record_exchanges(index, chats, today="2026-12-01")
        assert [(r.path, r.heading) for r in report.recorded] == [
            ("people/Chloé Martin.md", "2026-11-28 WhatsApp"), ("people/Grace Kim.md",
                                                               "2026-11-27 LinkedIn: Thanks for the intro"),
            ("people/Élodie Marchand.md", "2026-11-28 WhatsApp")]
        assert report.future == 1 and [u.who for u in report.unknown] == ["Chloé"]
        again = record_exchanges(index, chats, today="2026-12-01")
        assert again.recorded == [] and again.already == 3
        assert json.loads(json.dumps(again.to_json()))["already"] == 3


@pytest.mark.parametrize("capture, problem", [
    ("capture: [a]\n", "`capture` must be a mapping"),
    ("capture:\n  mail: 3\n", "`mail` must be a list of paths"),
    ("capture:\n  pigeons: [x]\n", "`pigeons` is not a capture setting"),
    ("capture:\n  my_emails: [1]\n", "`my_emails` must be a list of addresses"),
])
def test_a_wrong_capture_section_is_one_line(make_vault, run, capture: str, problem: str) -> None:
    vault = make_vault(NOTES, config=capture)
    result = run("list", "contacts", vault=vault)
    assert result.exit_code != 0 and problem in result.output
    assert f"{vault / '.vaultkit' / 'config.yaml'}:1:" in result.output


def test_the_capture_section_is_read(make_vault, tmp_path) -> None:
    vault = make_vault(NOTES, config="capture:\n  my_emails: [Me@Sam.Example]\n  mail: [Mail/INBOX, /abs/box]\n"
                                     "  drop: ~/Downloads\n")
    settings = load_config(vault).capture
    assert settings.my_emails == ["me@sam.example"]
    assert settings.sources["mail"] == [vault / "Mail/INBOX", Path("/abs/box")]
    assert settings.drop == Path("~/Downloads").expanduser()


NO_NETWORK = """
import sys
def guard(event, args):
    if event.startswith("socket.") and event not in ("socket.__new__",):
        raise SystemExit(f"network access: {event} {args!r}")
sys.addaudithook(guard)
from vaultkit.cli.main import cli
cli(sys.argv[1:])
"""


def test_an_import_makes_no_network_access(vault, tmp_path) -> None:
    import subprocess
    import sys

    box = make_mbox(tmp_path / "inbox.mbox", inbox())
    env = {**__import__("os").environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", NO_NETWORK, "import", "mail", str(box), "--vault", str(vault)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "network access" not in done.stderr and "recorded 4 in 3 notes" in done.stdout



from vaultkit.capture.recorder import _Group, with_captures  # noqa: E402

_LINES = st.lists(st.sampled_from([
    "## 2026-11-20 Email: earlier", "## 2026-11-20 Coffee", "# 2026-11-21 email", "## 2026-11-21", "text",
    "", "- [ ] task", "%% vaultkit:captured 0123456789ab %%", "## Notes", "---", "Café avec Élodie",
    "## 2026-13-40 Email", "   ", "\r"]), max_size=12)


@settings(max_examples=200, deadline=None)
@given(lines=_LINES, nl=st.sampled_from(["\n", "\r\n"]), end=st.booleans(),
       days=st.lists(st.sampled_from(["2026-11-20", "2026-11-21", "2026-11-22"]), min_size=1, max_size=3))
def test_a_capture_only_adds_lines_and_twice_is_once(lines: list[str], nl: str, end: bool, days: list[str]) -> None:
    text = nl.join(lines) + (nl if end and lines else "")
    groups = [_Group(day, "Email", "Subject", [uid_hash(f"{day}-{i}") for i in range(2)])
              for day in sorted(set(days))]
    out, done = with_captures(text, nl, groups, no_subject=False)
    # the user's lines are all there, in order; every added line is a heading or a mark
    def lines_of(text: str) -> list[str]:  # vaultkit's mark lines may grow: compared as one token
        return ["%% mark" if line.startswith("%% vaultkit:captured") else line.rstrip("\r")
                for line in text.split("\n")]

    before, after = lines_of(text), lines_of(out)
    rest = iter(after)
    assert all(any(line == got for got in rest) for line in before)  # in order, each whole
    assert len(after) >= len(before)
    for line in set(after) - set(before):
        assert line.startswith("## 2026-11-2") or line in ("%% mark", "")
    assert set(re.findall(r"[0-9a-f]{12}", text)) <= set(re.findall(r"[0-9a-f]{12}", out))
    assert sum(n for _, _, n, _ in done) == 2 * len(groups)
    again, done_again = with_captures(out, nl, groups, no_subject=False)
    assert again == out and done_again == []


def test_a_file_that_is_no_mail_store_is_one_line_and_exit_1(vault, run, tmp_path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just some text\n", encoding="utf-8")
    result = run("import", "mail", str(text), vault=vault)
    assert result.exit_code == 1
    assert result.stderr == f"{text}:1: not an mbox file (it does not start with a `From ` line); skipped\n"


@settings(max_examples=300, deadline=None)
@given(head=st.binary(max_size=400), name=st.sampled_from(["From", "Date", "To", "Subject", "Message-ID"]),
       value=st.text(max_size=80))
def test_any_header_bytes_give_an_exchange_a_skip_or_a_problem(tmp_path_factory, head: bytes, name: str,
                                                              value: str) -> None:
    folder = tmp_path_factory.mktemp("maildir")
    (folder / "cur").mkdir()
    (folder / "new").mkdir()
    message = (b"From: Ada <ada@analytical.example>\nDate: Fri, 20 Nov 2026 09:12:00 +0100\n" + head + b"\n"
               + f"{name}: {value}".encode("utf-8", "surrogatepass") + b"\n\nbody\n")
    (folder / "cur" / "1.host:2,S").write_bytes(message)
    got = read_mail([folder], [ME])
    assert got.read == 1
    assert len(got.exchanges) + sum(got.skipped.values()) + len(got.problems) >= 1
    for problem in got.problems:
        assert problem.startswith(f"{folder / 'cur' / '1.host:2,S'}: ") and "\n" not in problem


def test_an_address_two_notes_share_is_recorded_in_neither(make_vault, run, tmp_path) -> None:
    notes = dict(NOTES)
    notes["people/Ada L.md"] = "---\ntype: contact\nemail: ada@analytical.example\n---\n"
    vault = make_vault(notes, config=CONFIG)
    bare = message("ada@analytical.example", ME, "Proposal", "Fri, 20 Nov 2026 09:12:00 +0100", "<bare@a.example>")
    result = run("import", "mail", str(make_mbox(tmp_path / "bare.mbox", [bare])), "--dry-run", vault=vault)
    assert "In several contacts' notes, so not recorded (merge the notes): ada@analytical.example" in result.stdout
    assert "would record 0 in 0 notes" in result.stdout
    # the name the mail shows is one of them: that one
    named = run("import", "mail", str(make_mbox(tmp_path / "named.mbox", inbox()[:1])), "--dry-run", vault=vault)
    assert "would write people/Ada Lovelace.md: ## 2026-11-20 Email: Proposal for Q1" in named.stdout
    assert "In several contacts' notes" not in named.stdout


def test_the_documented_example_is_what_the_command_prints(run) -> None:
    from .conftest import EXAMPLE_VAULT, REPO

    doc = (REPO / "docs" / "capture.md").read_text(encoding="utf-8")
    command = "vaultkit import mail docs/examples/mail/inbox.mbox --vault example-vault --dry-run"
    block = doc.split(f"    $ {command}\n", 1)[1].split("\n\n", 1)[0]
    expected = [line.removeprefix("    ") for line in block.splitlines()]
    result = run("import", "mail", str(REPO / "docs" / "examples" / "mail" / "inbox.mbox"), "--dry-run",
                 vault=EXAMPLE_VAULT)
    assert result.stdout.splitlines() == expected


def test_a_maildir_is_read_in_delivery_order_whatever_the_microseconds(vault, run, tmp_path) -> None:
    """Maildir names do not pad their microseconds (``M999`` was delivered before ``M1000``):
    the marks follow delivery, not the letters of the names."""
    box = make_maildir(tmp_path / "INBOX", inbox()[:2])
    first, second = sorted((box / "new").iterdir())
    first.rename(box / "new" / "1700000000.M1000P7Q2.host")  # delivered second
    second.rename(box / "new" / "1700000000.M999P7Q1.host")  # delivered first
    assert run("import", "mail", str(box), "--no-subject", vault=vault).exit_code == 0
    text = note(vault, "people/Ada Lovelace.md")
    expected = sorted(((box / "new" / "1700000000.M999P7Q1.host"), (box / "new" / "1700000000.M1000P7Q2.host")),
                      key=lambda p: int(p.name.split(".M")[1].split("P")[0]))
    ids = [re.search(rb"^Message-ID: (\S+)", p.read_bytes(), re.M | re.I).group(1).decode() for p in expected]
    assert text.endswith(f"\n## 2026-11-20 Email\n{mark(*ids)}\n")
