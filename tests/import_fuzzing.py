"""Fuzzing the import parsers with Hypothesis: input strategies and the properties checked.

Every input, however broken, must be read without an exception: what cannot be imported is an
``ImportProblem`` with the file and a line (``path:line: problem``), and every record has the
types and forms the merge relies on. Three kinds of input for each parser: arbitrary bytes,
real-looking files (written here) mutated byte by byte, and files put together from the
properties, parameters and values the parser knows, to reach its field mapping.

``tests/test_import_fuzz.py`` runs a few examples of each in the normal suite;
``benchmarks/fuzz_imports.py --examples N`` runs many.
"""

from __future__ import annotations

import re
from datetime import timezone
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from vaultkit.formats.ics import parse_events
from vaultkit.formats.linkedin import parse_connections
from vaultkit.formats.records import ContactRecord, EventRecord, ImportProblem
from vaultkit.formats.vcard import parse_vcards

KINDS = ("vcard", "ics", "linkedin")
SUFFIX = {"vcard": ".vcf", "ics": ".ics", "linkedin": ".csv"}

# ---------------------------------------------------------------- the properties

_DAY = re.compile(r"(\d{4}|-)-\d\d-\d\d")
_WHEN = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)?")
_STAMP = re.compile(r"\d{8}T\d{6}Z")


def parse(kind: str, data: bytes, folder: Path) -> tuple[list[Any], list[ImportProblem]]:
    """Write ``data`` to a file in ``folder`` and read it with the parser of ``kind``."""
    path = folder / f"input{SUFFIX[kind]}"
    path.write_bytes(data)
    if kind == "vcard":
        return parse_vcards(path, tz=timezone.utc)
    if kind == "ics":
        return parse_events(path, tz=timezone.utc)
    return parse_connections(path)


def check(kind: str, data: bytes, folder: Path) -> None:
    """The parser reads ``data`` without raising; problems and records are well formed."""
    path = folder / f"input{SUFFIX[kind]}"
    records, problems = parse(kind, data, folder)
    lines = len(re.split(rb"\r\n|\r|\n", data))
    for problem in problems:
        assert isinstance(problem, ImportProblem), problem
        assert isinstance(problem.line, int) and 1 <= problem.line <= lines, problem
        assert str(problem).startswith(f"{path}:{problem.line}: "), problem
        assert problem.message.strip() and "\n" not in problem.message and "\r" not in problem.message, problem
    for record in records:
        if kind == "ics":
            check_event(record, str(path))
        else:
            check_contact(record, str(path))


def _texts(values: Any) -> bool:
    return isinstance(values, list) and all(isinstance(v, str) and v for v in values)


def check_contact(record: ContactRecord, path: str) -> None:
    assert isinstance(record, ContactRecord), record
    assert isinstance(record.name, str) and record.name and record.name == record.name.strip(), record
    assert _texts(record.emails) and all("@" in e for e in record.emails), record
    assert _texts(record.phones) and _texts(record.urls) and _texts(record.tags), record
    assert _texts(record.aliases) and _texts(record.addresses) and _texts(record.messaging), record
    for value in (record.company, record.role, record.linkedin):
        assert value is None or (isinstance(value, str) and value), record
    for day in (record.birthday, record.anniversary, record.connected_on):
        assert day is None or (isinstance(day, str) and _DAY.fullmatch(day)), record
    assert isinstance(record.notes, str), record
    assert isinstance(record.not_imported, dict) and all(
        isinstance(k, str) and k and isinstance(n, int) and n > 0 for k, n in record.not_imported.items()), record
    assert record.photo is None or (isinstance(record.photo[0], bytes) and record.photo[0]
                                    and isinstance(record.photo[1], str)), record
    assert record.source.startswith(path), record


def check_event(record: EventRecord, path: str) -> None:
    assert isinstance(record, EventRecord), record
    assert isinstance(record.title, str) and record.title, record
    assert isinstance(record.date, str) and _WHEN.fullmatch(record.date), record
    assert record.end is None or (isinstance(record.end, str) and _WHEN.fullmatch(record.end)), record
    assert record.location is None or isinstance(record.location, str), record
    assert isinstance(record.attendees, list), record
    for attendee in record.attendees:
        name, email = attendee
        assert isinstance(name, str) and name and (email is None or (isinstance(email, str) and "@" in email)), record
    emails = [email.casefold() for _, email in record.attendees if email]
    assert len(emails) == len(set(emails)), record  # one email, one attendee
    assert isinstance(record.description, str) and isinstance(record.recurring, bool), record
    assert record.uid is None or (isinstance(record.uid, str) and record.uid), record
    assert isinstance(record.sequence, int) and record.sequence >= 0, record
    assert record.stamp is None or _STAMP.fullmatch(record.stamp), record
    assert record.recurrence_id is None or _STAMP.fullmatch(record.recurrence_id), record
    assert re.fullmatch(rf"{re.escape(path)}:\d+", record.source), record


# ---------------------------------------------------------------- real-looking files

VCARDS = [
    b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nN:Lovelace;Ada;;;\r\nNICKNAME:Countess,Ada\r\n"
    b"ORG:Analytical Engines\\, Ltd;Research\r\nTITLE:Programmer\r\nEMAIL;TYPE=INTERNET,PREF:ada@engines.example\r\n"
    b"TEL;TYPE=CELL:+44 7700 900001\r\nADR;TYPE=HOME:;Apt 2;12 St James's Square;London;;SW1Y 4JH;UK\r\n"
    b"URL:https://www.linkedin.com/in/ada\r\nBDAY:1815-12-10\r\nANNIVERSARY:18350708\r\n"
    b"IMPP;X-SERVICE-TYPE=Skype:skype:ada.l\r\nCATEGORIES:math,poetry\r\nNOTE:Met at the Royal Society.\\n"
    b"Wants an intro.\r\nGEO:51.5;-0.1\r\nEND:VCARD\r\n",
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Γιώργος Παπαδόπουλος\r\nNOTE:Заметка о встрече, очень длинная заметка"
    " которую сервер сложил посреди символа\r\nADR;LABEL=\"1 Navy Yard^nWashington\":;;1 Navy Yard;Washington;;;\r\n"
    "item1.X-ABDATE:1930-06-10\r\nitem1.X-ABLabel:_$!<Anniversary>!$_\r\nPHOTO:data:image/png;base64,iVBORw0KGgo=\r\n"
    "END:VCARD\r\n".encode(),
    b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91;Ren=C3=A9e;;;\r\n"
    b"FN;ENCODING=QUOTED-PRINTABLE:Ren=E9e=\r\n Dupr=E9\r\nTEL;WORK;VOICE:555-0100\r\n"
    b"LABEL;HOME;ENCODING=QUOTED-PRINTABLE:Bletchley Park=0D=0AMilton Keynes\r\nX-MS-ANNIVERSARY:--0623\r\n"
    b"PHOTO;TYPE=JPEG;ENCODING=BASE64:\r\n /9j/4AAQSkZJRgABAQEAYABgAAD\r\n\r\nEND:VCARD\r\n"
    b"BEGIN:VCARD\nVERSION:3.0\nFN\nN:Doe;John;;;\nEMAIL:john@acme.example\nX-JABBER:john@jabber.example\nEND:VCARD\n",
]
CALENDARS = [
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"
    b"BEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\n"
    b"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:lunch-1\r\n"
    b"SEQUENCE:2\r\nDTSTAMP:20261101T090000Z\r\nLAST-MODIFIED:20261101T080000Z\r\nSUMMARY:Lunch\r\n"
    b"DTSTART;TZID=Europe/Paris:20261201T123000\r\nDTEND;TZID=Europe/Paris:20261201T140000\r\nLOCATION:Canteen\r\n"
    b"ORGANIZER;CN=Ada:mailto:ada@x.example\r\nATTENDEE;CN=\"Lovelace, Ada\";PARTSTAT=ACCEPTED:MAILTO:ADA@x.exam\r\n"
    b" ple\r\nATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@x.example\r\nDESCRIPTION:Bring the slides\\nand cake\r\n"
    b"BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:s-1\r\n"
    b"DTSTART;VALUE=DATE:20261203\r\nDTEND;VALUE=DATE:20261205\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Retreat\r\n"
    b"END:VEVENT\r\nBEGIN:VEVENT\r\nUID:s-1\r\nRECURRENCE-ID;VALUE=DATE:20261210\r\nDTSTART;VALUE=DATE:20261211\r\n"
    b"SUMMARY:Retreat (moved)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:2\nSUMMARY:Réunion d'équipe\nDTSTART:20261201T090000\n"
    "DURATION:PT1H30M\nSTATUS:CONFIRMED\nATTENDEE;CN=Zoë;EMAIL=zoe@x.example:urn:uuid:1\nEND:VEVENT\n"
    "BEGIN:VEVENT\nUID:3\nSUMMARY:Off\nSTATUS:CANCELLED\nDTSTART:20261202\nEND:VEVENT\nEND:VCALENDAR\n".encode(),
]
CSVS = [
    "\ufeffNotes:\n\"When exporting your connection data, you may notice that some of the email addresses are "
    "missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ada,Lovelace,https://www.linkedin.com/in/ada,ada@engines.example,\"Engines, Ltd\",Founder,12 Mar 2022\n"
    "José,García,https://www.linkedin.com/in/jose,,Acme,\"Rear\nAdmiral\",2024-01-15\n,,,,,,\n".encode(),
    b"Last Name;First Name;Company;Position;Connected On\r\nHopper;Grace;Navy;Admiral;03/12/2022\r\n"
    b"Turing;;;;31-Feb-22\r\n",
]
SEEDS = {"vcard": VCARDS, "ics": CALENDARS, "linkedin": CSVS}

# ---------------------------------------------------------------- mutations

SNIPPETS = [b"\r\n", b"\n", b"\r", b"\r\n ", b"\r\n\t", b":", b";", b",", b"=", b"\\", b'"', b"^", b"\x00",
            b"\xc3", b"\xff", b"\xe9", b"\xef\xbb\xbf", b"=\r\n", b"=C3=", b"=ZZ", b"BEGIN:VCARD\r\n",
            b"END:VCARD\r\n", b"BEGIN:VCALENDAR\r\n", b"END:VCALENDAR\r\n", b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n",
            b"BEGIN:VTIMEZONE\r\n", b";ENCODING=QUOTED-PRINTABLE", b";CHARSET=UTF-8", b";CHARSET=x-bogus",
            b";ENCODING=b", b";TZID=Mars/Base", b";VALUE=DATE", b"First Name,Last Name\n", b'""', b"\t"]
_OPS = ("delete", "insert", "overwrite", "snippet", "fold", "drop_line", "repeat_line", "swap_lines", "truncate",
        "line_ends")
mutation = st.tuples(st.sampled_from(_OPS), st.integers(min_value=0, max_value=1 << 20),
                     st.integers(min_value=0, max_value=64),
                     st.one_of(st.binary(min_size=1, max_size=12), st.sampled_from(SNIPPETS)))


def mutate(data: bytes, mutations: list[tuple[str, int, int, bytes]]) -> bytes:
    """``data`` after each mutation in turn: (operation, position, length, bytes)."""
    for op, position, length, chunk in mutations:
        at = position % (len(data) + 1)
        lines = data.splitlines(keepends=True)
        line = position % len(lines) if lines else 0
        if op == "delete":
            data = data[:at] + data[at + length :]
        elif op == "insert":
            data = data[:at] + chunk + data[at:]
        elif op == "overwrite":
            data = data[:at] + chunk + data[at + len(chunk) :]
        elif op == "snippet":
            data = data[:at] + SNIPPETS[length % len(SNIPPETS)] + data[at:]
        elif op == "fold":  # a line break and a space anywhere, even inside a character
            data = data[:at] + b"\r\n " + data[at:]
        elif op == "drop_line" and lines:
            data = b"".join(lines[:line] + lines[line + 1 :])
        elif op == "repeat_line" and lines:
            data = b"".join(lines[: line + 1] + lines[line : line + 1 + length % 3] + lines[line + 1 :])
        elif op == "swap_lines" and len(lines) > 1:
            other = (line + 1 + length) % len(lines)
            lines[line], lines[other] = lines[other], lines[line]
            data = b"".join(lines)
        elif op == "truncate":
            data = data[:at]
        elif op == "line_ends":
            data = re.sub(rb"\r\n|\r|\n", [b"\n", b"\r", b"\r\n", b"\r\r\n"][length % 4], data)
    return data


def mutated(kind: str) -> st.SearchStrategy[bytes]:
    return st.builds(mutate, st.sampled_from(SEEDS[kind]), st.lists(mutation, max_size=8))


# ---------------------------------------------------------------- files put together

_text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)

VCARD_NAMES = ["FN", "N", "NICKNAME", "EMAIL", "TEL", "ORG", "TITLE", "ROLE", "URL", "BDAY", "ANNIVERSARY",
               "X-ANNIVERSARY", "X-MS-ANNIVERSARY", "CATEGORIES", "NOTE", "ADR", "LABEL", "IMPP", "X-JABBER", "X-SKYPE",
               "X-MS-IMADDRESS", "X-SOCIALPROFILE", "SOCIALPROFILE", "PHOTO", "LOGO", "KEY", "GEO", "TZ", "VERSION",
               "PROFILE", "item1.X-ABDATE", "item1.X-ABLabel", "item2.EMAIL", "X-FOO", "BEGIN", "END", "AGENT"]
VCARD_PARAMS = ["", ";TYPE=home", ";type=pref", ";PREF", ";WORK;VOICE", ";ENCODING=QUOTED-PRINTABLE",
                ";QUOTED-PRINTABLE", ";CHARSET=UTF-8", ";CHARSET=windows-1251", ";CHARSET=ISO-8859-7",
                ";CHARSET=bogus", ";ENCODING=b", ";ENCODING=BASE64", ";VALUE=text", ";VALUE=date", ";VALUE=uri",
                ';LABEL="1 Main^nTown^\'"', ";LABEL=a:b", ";X-SERVICE-TYPE=Skype", ";X-APPLE-OMIT-YEAR=1604",
                ";TYPE=\"a,b\"", ";", ";;"]
VCARD_VALUES = ["19850412", "--0412", "1604-04-12", "2000-02-30", "19850411T220000Z", "1985-04-12T23:00:00+0530",
                "circa 1800", "data:image/png;base64,iVBORw0KGgo=", "data:,x", "=C3=A9=", "=E9t=E9", "a,b\\,c;d",
                "mailto:ada@x.example", "ada@x.example", "tel:+1-555-0100;ext=1", "xmpp:ada@x.example",
                ";;Street\\nSecond;City;;12345;Country", "Lovelace;Ada;;;", "iVBORw0KGgo=", "_$!<Anniversary>!$_",
                "https://www.linkedin.com/in/ada", "VCARD", "VCALENDAR", "51.5;-0.1", ""]
ICS_NAMES = ["UID", "SUMMARY", "DTSTART", "DTEND", "DURATION", "LOCATION", "DESCRIPTION", "ORGANIZER", "ATTENDEE",
             "SEQUENCE", "DTSTAMP", "LAST-MODIFIED", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "STATUS", "X-FOO",
             "BEGIN", "END"]
ICS_PARAMS = ["", ";TZID=Europe/Paris", ";TZID=Mars/Olympus_Mons", ";TZID=W. Europe Standard Time",
              ";TZID=\"Eastern Standard Time\"", ";VALUE=DATE", ";VALUE=DATE-TIME", ";VALUE=PERIOD", ";CN=Ada",
              ";CN=\"Lovelace, Ada\"", ";CN=", ";CUTYPE=ROOM", ";CUTYPE=RESOURCE", ";ROLE=NON-PARTICIPANT",
              ";EMAIL=ada@x.example", ";RANGE=THISANDFUTURE", ";X-Y=\"a:b\""]
ICS_VALUES = ["20261201T100000Z", "20261201", "20261201T100000", "2026-12-01", "20261301T250000", "PT1H", "-P1D",
              "P1W", "P", "FREQ=WEEKLY;COUNT=3", "FREQ=NOPE", "mailto:ada@x.example", "MAILTO:ADA@X.EXAMPLE",
              "ada@x.example", "urn:uuid:1", "CANCELLED", "1", "-1", "x", "99999999999999999999", "VEVENT",
              "VCALENDAR", "VALARM", "VTIMEZONE", "20261201T100000Z/PT1H", ""]
LINKEDIN_COLUMNS = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On",
                    "Profile URL", "Title", "E-mail Address", "Notes"]
LINKEDIN_CELLS = ["Ada", "Lovelace", "https://www.linkedin.com/in/ada", "ada@x.example, b@x.example", "Acme, Inc.",
                  "12 Mar 2022", "03/12/2022", "25/12/2022", "Mar 12, 2022", "31 Feb 2022", "2022-13-45", "\"",
                  "a\nb", ""]


def _content_lines(names: list[str], params: list[str], values: list[str]) -> st.SearchStrategy[list[str]]:
    line = st.builds(lambda n, p, v: f"{n}{p}:{v}", st.sampled_from(names),
                     st.lists(st.sampled_from(params), max_size=3).map("".join),
                     st.one_of(st.sampled_from(values), _text))
    return st.lists(st.one_of(line, _text), max_size=12)


def _encode(text: str, encoding: str, newline: str) -> bytes:
    return text.replace("\n", newline).encode(encoding, errors="replace")


_encodings = st.sampled_from(["utf-8", "utf-8", "cp1252", "utf-16"])
_newlines = st.sampled_from(["\r\n", "\n", "\r"])


@st.composite
def assembled(draw: st.DrawFn, kind: str) -> bytes:
    """A file of ``kind`` put together from the properties, parameters and values it may hold."""
    encoding, newline = draw(_encodings), draw(_newlines)
    if kind == "vcard":
        cards = draw(st.lists(_content_lines(VCARD_NAMES, VCARD_PARAMS, VCARD_VALUES), min_size=1, max_size=3))
        text = "".join("BEGIN:VCARD\nVERSION:{}\n{}\nEND:VCARD\n".format(
            draw(st.sampled_from(["2.1", "3.0", "4.0"])), "\n".join(lines)) for lines in cards)
    elif kind == "ics":
        events = draw(st.lists(_content_lines(ICS_NAMES, ICS_PARAMS, ICS_VALUES), min_size=1, max_size=3))
        zone = draw(st.sampled_from(["", "BEGIN:VTIMEZONE\nTZID:Europe/Paris\nBEGIN:STANDARD\nDTSTART:19701025T030000\n"
                                         "TZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\n"]))
        body = "".join(f"BEGIN:VEVENT\nDTSTART:20261201T100000Z\n{chr(10).join(lines)}\nEND:VEVENT\n"
                       for lines in events)
        text = f"BEGIN:VCALENDAR\nVERSION:2.0\n{zone}{body}END:VCALENDAR\n"
    else:
        delimiter = draw(st.sampled_from([",", ";", "\t"]))
        header = draw(st.lists(st.sampled_from(LINKEDIN_COLUMNS), min_size=1, max_size=8))
        if draw(st.integers(0, 4)):  # mostly with the names, so that rows are read
            header = draw(st.permutations(["First Name", "Last Name", *header]))
        cells = st.one_of(st.sampled_from(LINKEDIN_CELLS), _text)
        rows = draw(st.lists(st.lists(cells, max_size=9), max_size=6))

        def quote(cell: str) -> str:
            return '"' + cell.replace('"', '""') + '"' if any(c in cell for c in f'"\n\r{delimiter}') else cell

        text = draw(st.sampled_from(["", "Notes:\n\"Some, quoted\npreamble\"\n\n"])) + "\n".join(
            delimiter.join(quote(c) for c in row) for row in [header, *rows]) + "\n"
    return _encode(text, encoding, newline)


def inputs(kind: str, how: str) -> st.SearchStrategy[bytes]:
    """The inputs of one fuzzing run: ``bytes``, ``mutated`` or ``assembled``."""
    if how == "bytes":
        return st.one_of(st.binary(max_size=2000), _text.map(lambda t: t.encode("utf-8")))
    if how == "mutated":
        return mutated(kind)
    return assembled(kind)


HOWS = ("bytes", "mutated", "assembled")
