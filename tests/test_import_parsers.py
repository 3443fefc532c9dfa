"""Import parsers against real third-party files (tests/data, and the wider corpus when it is
there), and broken inputs."""

from __future__ import annotations

import re
from datetime import timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultkit.formats.ics import parse_events
from vaultkit.formats.linkedin import parse_connected_on, parse_connections
from vaultkit.formats.records import ContactRecord, EventRecord, ImportProblem
from vaultkit.formats.vcard import parse_vcards

from .conftest import CORPUS, needs_corpus, sample, sample_params

PARIS = ZoneInfo("Europe/Paris")


def by_name(records: list[ContactRecord]) -> dict[str, ContactRecord]:
    return {record.name: record for record in records}


# ---------------------------------------------------------------- independent counts


def count_vcards(data: bytes) -> int:
    """Every BEGIN:VCARD line is one card (read or reported)."""
    return len(re.findall(rb"(?im)^BEGIN:VCARD[ \t\r]*$", data))


def count_importable_events(data: bytes) -> int:
    """BEGIN:VEVENT lines, minus the events the importer leaves out on purpose.

    Adjustment: a VEVENT with STATUS:CANCELLED, or with a RECURRENCE-ID and the UID
    of a series (a VEVENT without RECURRENCE-ID) in the same file, is not counted.
    Each chunk runs from BEGIN:VEVENT to its END:VEVENT (or to the next BEGIN:VEVENT
    when END is missing); the first UID in it is the event's.
    """
    text = data.decode("utf-8", errors="replace")
    chunks = [re.split(r"(?im)^END:VEVENT", chunk)[0]
              for chunk in re.split(r"(?im)^BEGIN:VEVENT[ \t\r]*$", text)[1:]]
    events = []
    for chunk in chunks:
        uid = re.search(r"(?im)^UID[^:\n]*:(.*?)\r?$", chunk)
        events.append((
            uid.group(1).strip() if uid else None,
            re.search(r"(?im)^RECURRENCE-ID[;:]", chunk) is not None,
            re.search(r"(?im)^STATUS:\s*CANCELLED", chunk) is not None,
        ))
    series = {uid for uid, override, _ in events if uid and not override}
    return sum(1 for uid, override, cancelled in events
               if not cancelled and not (override and uid in series))


def count_csv_rows(data: bytes) -> int:
    """Non-blank lines after the header line (the corpus has no multi-line fields)."""
    lines = data.decode("utf-8-sig").splitlines()
    header = next(i for i, line in enumerate(lines) if "First Name" in line)
    return sum(1 for line in lines[header + 1 :] if line.strip())


# ---------------------------------------------------------------- every real file


@needs_corpus
def test_corpus_is_there() -> None:
    assert len(list((CORPUS / "vcard").iterdir())) >= 60
    assert len(list((CORPUS / "ical").iterdir())) >= 45
    assert len(list((CORPUS / "linkedin").iterdir())) >= 3


@pytest.mark.parametrize("path", sample_params("vcard"))
def test_every_vcard_file_is_accounted_for(path: Path) -> None:
    records, problems = parse_vcards(path, tz=PARIS)
    skipped = [problem for problem in problems if not problem.warning]
    assert len(records) + len(skipped) == count_vcards(path.read_bytes())
    for record in records:
        assert isinstance(record, ContactRecord)
        assert record.name and record.name == record.name.strip()
        assert record.source.startswith(f"{path}: card ")
        assert all("@" in email for email in record.emails)
        assert record.birthday is None or re.fullmatch(r"(\d{4}|-)-\d\d-\d\d", record.birthday)
    for problem in problems:
        assert problem.line is not None and str(problem).startswith(f"{path}:{problem.line}: card ")


@pytest.mark.parametrize("path", sample_params("ical"))
def test_every_ics_file_is_accounted_for(path: Path) -> None:
    records, problems = parse_events(path, tz=PARIS)
    assert len(records) + len(problems) == count_importable_events(path.read_bytes())
    for record in records:
        assert isinstance(record, EventRecord)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)?", record.date)
        assert record.end is None or record.end >= record.date
        assert re.fullmatch(rf"{re.escape(str(path))}:\d+", record.source)
    for problem in problems:
        assert problem.line is not None


@pytest.mark.parametrize("path", sample_params("linkedin"))
def test_every_linkedin_file_is_accounted_for(path: Path) -> None:
    records, problems = parse_connections(path)
    assert len(records) + len(problems) == count_csv_rows(path.read_bytes())
    for record in records:
        assert record.linkedin and "linkedin.com/in/" in record.linkedin
        assert record.company and record.role


# ---------------------------------------------------------------- vCard records


def vcard(name: str) -> tuple[list[ContactRecord], list[ImportProblem]]:
    return parse_vcards(sample(f"vcard/{name}"), tz=PARIS)


def test_birthdays_with_and_without_year() -> None:
    assert vcard("ezvcard_rfc6350-example.vcf")[0][0].birthday == "--02-03"
    assert vcard("ezvcard_outlook-2003.vcf")[0][0].birthday == "1980-03-21"  # basic format
    assert vcard("ezvcard_outlook-2007.vcf")[0][0].birthday == "1922-03-10"
    assert vcard("ezvcard_gmail-single.vcf")[0][0].birthday == "1960-09-10"


@needs_corpus
def test_birthdays_of_cardbook_and_khard_cards() -> None:
    assert vcard("radicale_contact2-with-bday.vcf")[0][0].birthday == "1970-01-01"
    assert vcard("radicale_contact2-with-bday.vcf")[0][0].name == "Test-FN"
    # CardBook writes the unknown year as 1604
    no_year = vcard("radicale_contact4-with-bday-no-year.vcf")[0][0]
    assert (no_year.name, no_year.birthday) == (
        "Test bday without year Thunderbird CardBook", "--01-01")
    assert vcard("khard_contact1.vcf")[0][0].birthday == "2018-01-20"  # basic format
    text_bday = vcard("khard_text-bday.vcf")[0][0]  # BDAY;VALUE=text:circa 1800
    assert (text_bday.name, text_bday.birthday) == ("text birthday", None)


def test_windows_1251_card_is_decoded() -> None:
    records, problems = vcard("obsvcf_encoding-win1251.vcf")
    assert problems == []
    card = records[0]
    assert card.name == "Иванов Иван Иванович"
    assert (card.company, card.role) == ("Организация", "Работник")
    assert card.emails == ["example@email.domain"]
    # the same card saved as UTF-8 (still claiming windows-1251) reads the same
    utf8 = vcard("obsvcf_encoding-utf8.vcf")[0][0]
    assert (utf8.name, utf8.company, utf8.role) == (card.name, card.company, card.role)


def test_quoted_printable_and_vcard_21() -> None:
    outlook = vcard("ezvcard_outlook-2003.vcf")[0][0]
    assert outlook.notes.startswith("This is the note field!!\nSecond line\n\nThird line")
    assert outlook.company == "Company, The"  # 2.1 commas are literal
    assert outlook.role == "The Job Title"
    assert outlook.emails == ["jdoe@hotmail.com"]
    records, problems = vcard("ezvcard_outlook-2007.vcf")  # QP with CHARSET, a TAB, soft line breaks
    assert problems == [] and len(records) == 1
    outlook = records[0]
    assert outlook.notes.startswith("This is the NOTE field\t\nI assume it encodes this text inside a NOTE")
    assert (outlook.name, outlook.company) == ("Mr. Michael Angstadt Jr.", "TheCompany")  # ORG;department
    assert outlook.phones[:2] == ["(111) 555-1111", "(111) 555-2222"]  # bare types: TEL;WORK;VOICE
    assert outlook.emails == ["mike.angstadt@gmail.com"]  # after a folded base64 KEY and a blank line


@needs_corpus
def test_quoted_printable_utf8_of_an_android_export() -> None:
    records, problems = vcard("ezvcard_John_Doe_ANDROID.vcf")
    assert len(records) == 6
    # card 6's third ORG holds a stray =80 after its UTF-8 text: read, and said
    assert [(p.line, p.message, p.warning) for p in problems] == [
        (82, "card 6: quoted-printable text that is not valid UTF-8 was read as Windows-1252 (check its accents)",
         True)]
    assert records[2].name == "Ñ Ñ Ñ Ñ Ñ"  # QP UTF-8 with =20 spaces
    assert records[0].name == "john.doe@company.com"  # no FN, N, ORG: the email


def test_groups_folding_escapes_and_photos() -> None:
    gmail = vcard("ezvcard_gmail-single.vcf")[0][0]  # item1.TEL, item3.URL with an escaped colon
    assert gmail.phones == ["555 555 1111", "555 555 2222"]
    assert gmail.urls == ["http://TheProfile.com"]
    assert gmail.notes.endswith("NOTE type.\nACustomField: CustomField")  # folded mid-word
    assert vcard("obsvcf_sync-fake.vcf")[0][0].photo is None  # a URL: not fetched
    issue153 = vcard("sabrevobject_issue153.vcf")[0][0]  # mixed line ends, indented base64
    assert issue153.photo is not None and issue153.photo[0].endswith(b"\xff\xd9")
    outlook = vcard("ezvcard_outlook-2007.vcf")[0][0].photo  # 2.1 base64 folded, ended by a blank line
    assert outlook is not None and outlook[0].startswith(b"\xff\xd8") and outlook[1] == "jpg"
    folded = vcard("obsvcf_hasFoldeLines.vcf")[0][0]
    assert folded.notes.startswith("This is a long note that")


@needs_corpus
def test_groups_and_photos_of_phone_and_khard_cards() -> None:
    iphone = vcard("ezvcard_John_Doe_IPHONE.vcf")[0][0]  # CR CR LF line ends, item1.EMAIL
    assert iphone.emails == ["john.doe@ibm.com"]
    assert iphone.company == "IBM" and iphone.role == "Money Counter"
    assert iphone.urls == ["http://www.ibm.com"]
    assert iphone.photo is not None and iphone.photo[1] == "jpg"
    assert iphone.photo[0].startswith(b"\xff\xd8")
    gmail = vcard("ezvcard_John_Doe_GMAIL.vcf")[0][0]
    assert gmail.name == "Mr. John Richter, James Doe Sr."  # unescaped comma kept
    assert gmail.notes.endswith("SUCH DAMAGE.\nFavotire Color: Blue")
    for name in ("khard_photov3.vcf", "khard_photov4.vcf", "radicale_contact_photo_with_data_uri.vcf"):
        photo = vcard(name)[0][0].photo
        assert photo is not None and photo[0].startswith(b"\x89PNG") and photo[1] == "png"


def test_names_fall_back_to_n_nickname_org_email() -> None:
    assert vcard("obsvcf_organizationNoFN.vcf")[0][0].name == "Tech Solutions Inc"
    records, problems = vcard("obsvcf_hasMultipleCards.vcf")  # first card has no name at all
    assert [r.name for r in records] == ["Zinkie Namiton", "Lansdorf van Mindie"]
    assert [(p.line, p.message) for p in problems] == [
        (1, "card 1: no name (no FN, N, NICKNAME, ORG or EMAIL); skipped")]


@needs_corpus
def test_names_fall_back_to_nickname_and_email() -> None:
    assert vcard("khard_nickname.vcf")[0][0].name == "Michael Smith"
    assert vcard("radicale_broken-vcard.vcf")[0][0].name == "test-misses-N-or-FN@example.com"


def test_fields_of_a_rich_card() -> None:
    records, problems = vcard("obsvcf_contacts.vcf")
    assert len(records) == 17
    # card 15 (Anya Volkova) has no END:VCARD before the next BEGIN
    assert [(p.line, p.message) for p in problems] == [
        (255, "card 15: no END:VCARD (truncated card); skipped")]
    li = by_name(records)["李伟"]
    assert li.emails == ["liwei@zhuyukeji.cn", "li.wei@bamboo-tech.cn"]
    assert li.phones[0] == "+8613800000000"
    assert (li.company, li.role, li.birthday) == ("竹语科技有限公司", "首席算法工程师", "1992-10-10")
    assert li.tags == ["自然", "编程", "茶"]
    assert li.urls == ["https://liwei.cn", "https://zhuyukeji.cn/liwei"]
    rfc = vcard("ezvcard_rfc6350-example.vcf")[0][0]
    assert rfc.phones == ["+1-418-656-9254 ext. 102", "+1-418-262-6501"]  # tel: URIs
    thunderbird = vcard("ezvcard_thunderbird-MoreFunctionsForAddressBook-extension.vcf")[0][0]
    assert thunderbird.tags == ["category1", "category2", "category3"]
    assert thunderbird.emails[0] == "doe.john@hotmail.com"  # TYPE=PREF first


@needs_corpus
def test_truncated_card_at_end_of_file() -> None:
    records, problems = vcard("khard_unparsable.vcf")
    assert records == []
    assert [str(p) for p in problems] == [
        f"{sample('vcard/khard_unparsable.vcf')}:1: card 1: no END:VCARD (truncated card); skipped"]


# ---------------------------------------------------------------- vCard: broken inputs


def test_truncated_card_between_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half A Card\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Grace Hopper\r\nEMAIL:grace@example.com\r\nEND:VCARD\r\n",
        newline="",
    )
    records, problems = parse_vcards(path)
    assert [r.name for r in records] == ["Ada Lovelace", "Grace Hopper"]
    assert [r.source for r in records] == [f"{path}: card 1", f"{path}: card 3"]
    assert len(problems) == 1
    assert (problems[0].line, problems[0].message) == (
        5, "card 2: no END:VCARD (truncated card); skipped")


def test_unreadable_line_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCARD\n\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Bad\nTHIS LINE HAS NO COLON\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:Hopper;Grace;;;\nEND:VCARD\n"
    )
    records, problems = parse_vcards(path)
    assert [r.name for r in records] == ["Ada", "Bad", "Grace Hopper"]
    assert [(str(p), p.warning) for p in problems] == [
        (f"{path}:9: card 2: line skipped, not a property line: 'THIS LINE HAS NO COLON'", True)]


def fold_bytes(line: bytes, at: int, indent: bytes = b" ") -> bytes:
    """A content line folded after byte ``at`` (possibly inside a character)."""
    return line[:at] + b"\r\n" + indent + line[at:]


def test_a_fold_inside_a_character_is_unfolded_before_decoding(tmp_path: Path) -> None:
    # Nextcloud and ownCloud fold at 75 bytes, wherever that falls in a UTF-8 character
    name = "FN:Γιώργος Παπαδόπουλος".encode()
    note = "NOTE:Заметка о встрече".encode()
    assert name[4:5] == b"\x93" and note[6:7] == b"\x97"  # the second bytes of Γ and З
    path = tmp_path / "nextcloud.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\n" + fold_bytes(name, 4) + b"\r\n"
                     + fold_bytes(note, 6, b"\t") + "\r\nORG:Ελληνικά\r\nEND:VCARD\r\n".encode())
    records, problems = parse_vcards(path)
    assert problems == []
    assert (records[0].name, records[0].notes, records[0].company) == (
        "Γιώργος Παπαδόπουλος", "Заметка о встрече", "Ελληνικά")


def test_text_that_is_not_the_declared_charset_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "mixed.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\nVERSION:3.0\nFN:Zo\xc3\xab\nNOTE:caf\xe9\nEND:VCARD\n"  # one UTF-8 line, one cp1252 line
        b"BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8:Ren\xe9e\nEND:VCARD\n"  # declared UTF-8, is cp1252
        b"BEGIN:VCARD\nVERSION:2.1\nFN:Ren\xe9e\nTITLE:a\x81b\nEND:VCARD\n"  # 0x81 is not even cp1252
        b"BEGIN:VCARD\nVERSION:2.1\nFN:Ren\xe9e Dupr\xe9\nEND:VCARD\n"  # an undeclared 8-bit card: read quietly
    )
    records, problems = parse_vcards(path)
    assert [(r.name, r.notes, r.role) for r in records] == [
        ("Zoë", "café", None), ("Renée", "", None), ("Renée", "", "a\ufffdb"), ("Renée Dupré", "", None)]
    assert [(p.line, p.message, p.warning) for p in problems] == [
        (4, "card 1: text that is not valid UTF-8 was read as Windows-1252 (check its accents)", True),
        (8, "card 2: text that is not valid UTF-8 was read as Windows-1252 (check its accents)", True),
        (13, 'card 3: bytes that are neither UTF-8 nor Windows-1252 were replaced with "\ufffd"', True),
    ]


def test_a_line_without_a_colon_skips_only_that_line(tmp_path: Path) -> None:
    # an Evolution export with a bare FN: the rest of the card is imported
    path = tmp_path / "evolution.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN\r\nN:Doe;John;;;\r\nORG:Acme\\, Inc.;Research\r\n"
        b"EMAIL;TYPE=WORK:john@acme.example\r\nTEL;TYPE=CELL:+1 555 0100\r\nTEL;TYPE=HOME:+1 555 0199\r\n"
        b"URL:https://john.example\r\nNOTE:Met at the fair\r\nEND:VCARD\r\n")
    records, problems = parse_vcards(path)
    assert [str(p) for p in problems] == [f"{path}:3: card 1: line skipped, not a property line: 'FN'"]
    assert problems[0].warning
    john = records[0]
    assert (john.name, john.company, john.emails, john.phones, john.urls, john.notes) == (
        "John Doe", "Acme, Inc.", ["john@acme.example"], ["+1 555 0100", "+1 555 0199"],
        ["https://john.example"], "Met at the fair")


def test_a_line_vobject_rejects_skips_only_that_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEND:VCALENDAR\nEMAIL:ada@a.example\n"
                    "NOTE;ENCODING=b:a\nTITLE:Countess\nEND:VCARD\n")
    records, problems = parse_vcards(path)
    assert [(r.name, r.emails, r.role) for r in records] == [("Ada", ["ada@a.example"], "Countess")]
    assert [(p.line, p.warning) for p in problems] == [(4, True), (6, True)]
    assert problems[0].message == "card 1: line skipped, a component cannot start or end inside a card: 'END:VCALENDAR'"
    assert problems[1].message.startswith("card 1: line skipped, its value cannot be read (")


def test_addresses_nicknames_anniversary_and_messaging(tmp_path: Path) -> None:
    path = tmp_path / "rich.vcf"
    path.write_text(
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada Lovelace\nNICKNAME:Ada,Countess\\, of Lovelace\n"
        "ADR;TYPE=home:;Apt 2;12 St James's Square\\nBack door;London;;SW1Y 4JH;UK\n"
        "ADR;TYPE=work:;;1 Main St\\,;Springfield;IL;62701;USA\n"
        "LABEL;TYPE=home:12 St James's Square\\nLondon\n"  # the same address, formatted: not twice
        "ANNIVERSARY:18350708\nIMPP;X-SERVICE-TYPE=Skype:skype:ada.l\nIMPP:ada.jabber\n"
        "X-JABBER:ada@jabber.example\nX-SKYPE:skype:ada.l\nGEO:51.5;-0.1\nTZ:+00:00\nX-FOO:1\nX-FOO:2\n"
        "X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/ada\nX-SOCIALPROFILE:https://linkedin.com/in/ada\n"
        "KEY;ENCODING=b:QUJD\nEND:VCARD\n"
        # vCard 4.0: ADR with its LABEL parameter; only a LABEL; Apple's labelled date
        "BEGIN:VCARD\nVERSION:4.0\nFN:Grace\nADR;LABEL=\"1 Navy Yard^nWashington^nUSA\":;;1 Navy Yard;Washington;;;\n"
        "item1.X-ABDATE:1930-06-10\nitem1.X-ABLabel:_$!<Anniversary>!$_\nitem2.X-ABDATE:2000-01-01\n"
        "item2.X-ABLabel:_$!<Other>!$_\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:2.1\nFN:Alan\nLABEL;HOME;ENCODING=QUOTED-PRINTABLE:Bletchley Park=0D=0AMilton Keynes\n"
        "X-MS-ANNIVERSARY:--0623\nEND:VCARD\n", encoding="utf-8")
    records, problems = parse_vcards(path)
    assert problems == []
    ada, grace, alan = records
    assert ada.aliases == ["Ada", "Countess, of Lovelace"]
    assert ada.addresses == ["12 St James's Square, Back door, Apt 2, London, SW1Y 4JH, UK",
                             "1 Main St, Springfield, IL 62701, USA"]
    assert ada.anniversary == "1835-07-08"
    assert ada.messaging == ["skype:ada.l", "ada.jabber", "xmpp:ada@jabber.example"]
    assert ada.linkedin == "https://linkedin.com/in/ada"
    assert ada.not_imported == {"GEO": 1, "TZ": 1, "X-FOO": 2, "X-SOCIALPROFILE": 1, "KEY": 1}
    assert (grace.addresses, grace.anniversary, grace.not_imported) == (
        ["1 Navy Yard, Washington, USA"], "1930-06-10", {"X-ABDATE": 1})
    assert (alan.addresses, alan.anniversary, alan.not_imported) == (
        ["Bletchley Park, Milton Keynes"], "--06-23", {})


def test_legacy_bytes_without_charset_do_not_crash(tmp_path: Path) -> None:
    path = tmp_path / "legacy.vcf"
    path.write_bytes(b"BEGIN:VCARD\nVERSION:2.1\nFN:Ren\xe9e Dupr\xe9\nEND:VCARD\n")
    records, problems = parse_vcards(path)
    assert problems == [] and records[0].name == "Renée Dupré"


def test_quoted_printable_without_charset_falls_back_to_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "outlook.vcf"
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:Ren=E9e=\r\n"
                     b" Dupr=E9\r\nNOTE;QUOTED-PRINTABLE:a, b=0D=0Ac\r\nEND:VCARD\r\n")
    records, problems = parse_vcards(path)
    assert problems == []
    assert (records[0].name, records[0].notes) == ("Renée Dupré", "a, b\nc")


@pytest.mark.parametrize(("bday", "expected"), [
    ("19850412", "1985-04-12"), ("1985-04-12", "1985-04-12"), ("--0412", "--04-12"),
    ("--04-12", "--04-12"), (";VALUE=text:circa 1800", None), ("1604-04-12", "--04-12"),
    ("1985-04-12T00:00:00Z", "1985-04-12"), ("19850411T220000Z", "1985-04-12"),
    ("1985-02-30", None), ("--0230", None), ("", None),
])
def test_birthday_forms(tmp_path: Path, bday: str, expected: str | None) -> None:
    path = tmp_path / "bday.vcf"
    line = f"BDAY{bday}" if bday.startswith(";") else f"BDAY:{bday}"
    path.write_text(f"BEGIN:VCARD\nVERSION:4.0\nFN:Someone\n{line}\nEND:VCARD\n")
    records, problems = parse_vcards(path, tz=PARIS)  # 22:00Z is midnight in Paris
    assert problems == [] and records[0].birthday == expected


def test_no_card_and_missing_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.vcf"
    empty.write_text("nothing here\n")
    assert str(parse_vcards(empty)[1][0]) == f"{empty}:1: not a vCard file (no BEGIN:VCARD line)"
    records, problems = parse_vcards(tmp_path / "missing.vcf")
    assert records == [] and problems[0].line is None
    assert str(problems[0]).startswith(f"{tmp_path / 'missing.vcf'}: cannot read the file")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
                     max_size=8))
def test_any_card_content_is_read_or_reported(tmp_path: Path, body: list[str]) -> None:
    path = tmp_path / "fuzz.vcf"
    lines = [line for line in body if "vcard" not in line.lower()]
    text = "BEGIN:VCARD\nVERSION:3.0\n" + "\n".join(lines) + "\nEND:VCARD\nBEGIN:VCARD\nFN:Ok\nEND:VCARD\n"
    path.write_text(text, encoding="utf-8")
    records, problems = parse_vcards(path)
    skipped = [problem for problem in problems if not problem.warning]
    assert len(records) + len(skipped) == count_vcards(text.encode("utf-8"))
    assert records[-1].name == "Ok"


# ---------------------------------------------------------------- LinkedIn


def linkedin(name: str) -> dict[str, ContactRecord]:
    records, problems = parse_connections(sample(f"linkedin/{name}"))
    assert problems == []
    return by_name(records)


def test_linkedin_bom_preamble_and_quoted_commas() -> None:
    people = linkedin("kawsay_Connections.csv")
    jose = people["José García"]
    assert (jose.company, jose.role, jose.connected_on) == ("Acme, Inc.", "Senior Engineer",
                                                           "2024-01-15")
    assert jose.emails == [] and jose.linkedin == "https://www.linkedin.com/in/josegarcia"
    aesop = people["Æsop Fontaine"]
    assert (aesop.emails, aesop.role) == (["aesop@example.com"], "Director, Operations")
    assert aesop.source == f"{sample('linkedin/kawsay_Connections.csv')}:6"


def test_linkedin_reordered_columns_and_empty_date() -> None:
    alice = linkedin("lni_Connections.csv")["Alice Johnson"]
    assert alice.linkedin == "https://linkedin.com/in/alicejohnson"
    assert (alice.company, alice.role, alice.connected_on) == ("TechCorp", "CTO", "2023-01-15")
    assert alice.emails == ["alice.johnson@techcorp.com"]
    people = linkedin("lctoolkit_sample_connections.csv")
    assert people["Ada Lovelace"].connected_on == "2026-05-14"
    assert people["Tim Berners-Lee"].connected_on is None


@pytest.mark.parametrize(("text", "expected"), [
    ("12 Mar 2022", "2022-03-12"), ("12-Mar-22", "2022-03-12"), ("2022-03-12", "2022-03-12"),
    ("03/12/2022", "2022-03-12"), ("25/12/2022", "2022-12-25"), ("Mar 12, 2022", "2022-03-12"),
    ("1 September 2021", "2021-09-01"), ("", None), ("soon", None), ("31 Feb 2022", None),
])
def test_connected_on_formats(text: str, expected: str | None) -> None:
    assert parse_connected_on(text) == expected


def test_linkedin_row_without_name(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_bytes(
        "\ufeffNotes:\n\"Some, quoted\npreamble\"\n\n"
        "Last Name,First Name,Email Address,Connected On,Company,Position,URL\n"
        "Lovelace,Ada,ada@example.com,12-Mar-22,\"Engines, Ltd\",Founder,https://x/in/ada\n"
        ",,nobody@example.com,01 Jan 2020,Acme,CEO,\n"
        "\n"
        "Hopper,Grace,,2021-05-02,Navy,\"Rear\nAdmiral\",\n"
        "Turing,,,,,,\n".encode()
    )
    records, problems = parse_connections(path)
    assert [r.name for r in records] == ["Ada Lovelace", "Grace Hopper", "Turing"]
    ada = records[0]
    assert (ada.company, ada.connected_on, ada.source) == ("Engines, Ltd", "2022-03-12", f"{path}:6")
    assert records[1].role == "Rear\nAdmiral" and records[1].source == f"{path}:9"
    assert records[2].source == f"{path}:11"
    assert [(p.line, p.message) for p in problems] == [
        (7, "row has no first or last name; skipped")]


def test_linkedin_without_header(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n")
    assert str(parse_connections(path)[1][0]) == (
        f'{path}:1: not a LinkedIn connections file (no header row with "First Name" and "Last Name")')


# ---------------------------------------------------------------- iCalendar


def ics(name: str, tz: tzinfo = PARIS) -> tuple[list[EventRecord], list[ImportProblem]]:
    return parse_events(sample(f"ical/{name}"), tz=tz)


@needs_corpus
def test_event_with_attendees_in_local_time() -> None:
    records, problems = ics("radicale_event1.ics")
    assert problems == []
    event = records[0]
    assert (event.title, event.date, event.end) == ("Event", "2013-09-01T18:00", "2013-09-01T19:00")
    assert event.attendees == [("unclesam", "unclesam@example.com"),
                               ("Jane Doe", "janedoe@example.com"),
                               ("John Doe", "johndoe@example.com")]
    assert event.uid == "event1" and not event.recurring
    assert event.source == f"{sample('ical/radicale_event1.ics')}:22"
    new_york = ics("radicale_event1.ics", ZoneInfo("America/New_York"))[0][0]
    assert new_york.date == "2013-09-01T12:00"


def test_utc_floating_and_all_day_dates() -> None:
    umlauts = ics("icalendar_issue_101_icalendar_chokes_on_umlauts_in_organizer.ics",
                  timezone.utc)[0][0]
    assert (umlauts.date, umlauts.location) == ("2013-04-16T10:00", "im büro")
    assert umlauts.attendees == [("acme, ädmin", "adm-acme@mydomain.de")]
    floating = ics("khal_event_dt_floating.ics", ZoneInfo("Asia/Tokyo"))[0][0]
    assert (floating.date, floating.end, floating.description) == (
        "2014-04-09T09:30", "2014-04-09T10:30", "Search for me")
    day = ics("khal_event_d.ics")[0][0]
    assert (day.title, day.date, day.end) == ("An Event", "2014-04-09", None)
    assert ics("khal_event_d_long.ics")[0][0].end == "2014-04-11"  # last day, inclusive


@needs_corpus
def test_a_date_with_a_time_zone_is_still_a_date() -> None:
    # DTSTART;TZID=US/Eastern:20060102
    assert ics("radicale_event_full_day_rrule.ics")[0][0].date == "2006-01-02"


def test_folded_attendees_and_descriptions() -> None:
    event = ics("khal_event_dt_partstat.ics")[0][0]
    assert event.attendees[:3] == [("Henry Cabot", "hcabot@example.com"),
                                   ("The Big Cheese", "iamboss@example.com"),
                                   ("Jane Doe", "jdoe@example.com")]
    assert ("jqpublic", "jqpublic@example.com") in event.attendees  # no CN: local part
    meetup = ics("icalendar_issue_53_description_parsed_properly.ics", ZoneInfo("America/New_York"))
    assert meetup[0][0].date == "2012-07-12T18:30"
    assert meetup[0][0].description.startswith("DevOpsDC\nThursday, July 12 at 6:30 PM\n\n")


@pytest.mark.parametrize("name", [
    "khal_event_rrule_recuid.ics", "khal_event_rrule_recuid_cancelled.ics",
    pytest.param("radicale_event_issue1812.ics", marks=needs_corpus),
    pytest.param("radicale_event_daily_rrule_overridden.ics", marks=needs_corpus),
])
def test_recurring_series_once_overrides_and_cancelled_skipped(name: str) -> None:
    records, problems = ics(name)
    assert problems == [] and len(records) == 1
    assert records[0].recurring
    if name == "khal_event_rrule_recuid.ics":
        assert records[0].date == "2014-06-30T07:00"


def test_unresolvable_time_zones_do_not_crash() -> None:
    # TZID=FOO without VTIMEZONE: floating
    assert ics("khal_event_dt_local_missing_tz.ics")[0][0].date == "2014-04-09T09:30"
    # Outlook names, resolved through the file's VTIMEZONE
    assert ics("pyvobject_ms_tzid.ics", timezone.utc)[0][0].date == "2008-05-30T05:00"
    assert ics("khal_tz_windows_format.ics")[0][0].title == "Event with Windows TZ name"


@needs_corpus
def test_an_exchange_meeting_in_a_windows_zone() -> None:
    assert ics("radicale_event_issue2151.ics", timezone.utc)[0][0].date == "2026-01-23T10:00"


def test_events_that_cannot_be_imported_are_reported() -> None:
    records, problems = ics("icalendar_pr_480_summary_with_colon.ics")  # no END:VCALENDAR
    assert records == []
    assert [(p.line, p.message) for p in problems] == [
        (2, "event \"Example calendar with a ': ' in the summary\": no DTSTART; skipped"),
        (5, "event \"Another event with a ': ' in the summary\": no DTSTART; skipped")]


@needs_corpus
def test_an_event_without_its_end_is_reported() -> None:
    records, problems = ics("radicale_broken-vevent.ics")
    assert records == []
    assert [(p.line, p.message) for p in problems] == [
        (4, "event has no END:VEVENT (truncated); skipped")]


def test_several_calendars_in_one_file_and_empty_calendars() -> None:
    records, problems = ics("icalendar_issue_1050_multiple_calendars.ics")
    assert records == [] and [p.line for p in problems] == [4, 12]
    assert ics("icalendar_empty.ics") == ([], [])
    assert ics("icalendar_bom_calendar.ics") == ([], [])


def test_broken_event_between_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Coffee\r\nDTSTART:20261120T090000Z\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:Broken\r\nDTSTART:someday\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:3\r\nSUMMARY:Teams call\r\n"
        "DTSTART;TZID=W. Europe Standard Time:20261121T100000\r\n"
        "ATTENDEE;CN=\"Lovelace, Ada\":MAILTO:ada@example.com\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:4\r\nSUMMARY:Off\r\nSTATUS:CANCELLED\r\nDTSTART:20261122\r\n"
        "END:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:5\r\nSUMMARY:Standup\r\n"
        "DTSTART;TZID=Mars/Olympus_Mons:20261123T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        newline="",
    )
    records, problems = parse_events(path, tz=timezone.utc)
    assert [(r.title, r.date) for r in records] == [
        ("Coffee", "2026-11-20T09:00"),
        ("Teams call", "2026-11-21T09:00"),  # a Windows zone name icalendar knows: Berlin
        ("Standup", "2026-11-23T10:00"),  # an unknown zone: floating, as written
    ]
    assert records[1].attendees == [("Lovelace, Ada", "ada@example.com")]
    assert len(problems) == 1 and problems[0].line == 8
    assert problems[0].message.startswith("event 'Broken': DTSTART cannot be read")


def calendar(path: Path, *events: str) -> Path:
    """An iCalendar file holding VEVENTs written as ``KEY:value`` lines separated by newlines."""
    body = "".join(f"BEGIN:VEVENT\n{event.strip()}\nEND:VEVENT\n" for event in events)
    path.write_bytes(f"BEGIN:VCALENDAR\nVERSION:2.0\n{body}END:VCALENDAR\n".replace("\n", "\r\n").encode())
    return path


def test_rooms_and_resources_are_not_attendees(tmp_path: Path) -> None:
    path = calendar(tmp_path / "rooms.ics", """
        UID:1\nSUMMARY:Board\nDTSTART:20261201T100000Z\nLOCATION:Salle Turing; Floor 2
        ORGANIZER;CN=Ada:mailto:ada@x.example
        ATTENDEE;CUTYPE=ROOM;CN=Room 1:mailto:room1@x.example
        ATTENDEE;CUTYPE=RESOURCE;CN=Projector:mailto:projector@x.example
        ATTENDEE;CN=Big room:mailto:c_1888@resource.calendar.google.com
        ATTENDEE;CN=Salle Turing;ROLE=NON-PARTICIPANT;RSVP=TRUE:mailto:salle.turing@x.example
        ATTENDEE;CN=Grace;ROLE=NON-PARTICIPANT:mailto:grace@x.example
        ATTENDEE;CUTYPE=INDIVIDUAL;CN=Alan:mailto:alan@x.example""".replace("        ", ""))
    assert parse_events(path)[0][0].attendees == [
        ("Ada", "ada@x.example"), ("Grace", "grace@x.example"), ("Alan", "alan@x.example")]


def test_one_email_is_one_attendee(tmp_path: Path) -> None:
    path = calendar(tmp_path / "people.ics", """
        UID:1\nSUMMARY:Sync\nDTSTART:20261201T100000Z
        ORGANIZER:mailto:ada@x.example
        ATTENDEE;CN=Ada Lovelace:MAILTO:Ada@X.example
        ATTENDEE;CN=Countess Lovelace:ada@x.example
        ATTENDEE;CN=Grace:mailto:grace@x.example
        ATTENDEE;CN=Grace Hopper;EMAIL=GRACE@x.example:urn:uuid:4f2b8c2e-0000-4000-8000-000000000001
        ATTENDEE;CN=Alan:urn:uuid:4f2b8c2e-0000-4000-8000-000000000002""".replace("        ", ""))
    assert parse_events(path)[0][0].attendees == [
        ("Ada Lovelace", "ada@x.example"), ("Grace", "grace@x.example"), ("Alan", None)]


def test_versions_of_an_event(tmp_path: Path) -> None:
    from vaultkit.formats.records import latest_versions

    path = calendar(
        tmp_path / "versions.ics",
        "UID:a\nSEQUENCE:2\nDTSTAMP:20261101T090000Z\nSUMMARY:Moved again\nDTSTART:20261203T100000Z",
        "UID:a\nSEQUENCE:1\nDTSTAMP:20261102T090000Z\nSUMMARY:Moved\nDTSTART:20261202T100000Z",
        "UID:a\nSUMMARY:First\nDTSTART:20261201T100000Z",
        # same SEQUENCE: LAST-MODIFIED, else DTSTAMP, tells
        "UID:b\nSEQUENCE:4\nDTSTAMP:20261105T090000Z\nLAST-MODIFIED:20261101T080000Z\nSUMMARY:Old\n"
        "DTSTART;VALUE=DATE:20261210",
        "UID:b\nSEQUENCE:4\nDTSTAMP:20261102T090000Z\nLAST-MODIFIED:20261101T090000Z\nSUMMARY:New\n"
        "DTSTART;VALUE=DATE:20261211",
        "UID:c\nSEQUENCE:x\nSUMMARY:Twin\nDTSTART;VALUE=DATE:20261212",
        "UID:c\nSUMMARY:Twin\nDTSTART;VALUE=DATE:20261212",
        "UID:d\nLAST-MODIFIED:soon\nDTSTAMP:20261101T000000Z\nSUMMARY:Unreadable stamp\nDTSTART;VALUE=DATE:20261213",
    )
    records, problems = parse_events(path, tz=timezone.utc)
    assert problems == []
    assert [(r.title, r.sequence, r.stamp) for r in records] == [
        ("Moved again", 2, "20261101T090000Z"), ("Moved", 1, "20261102T090000Z"), ("First", 0, None),
        ("Old", 4, "20261101T080000Z"), ("New", 4, "20261101T090000Z"), ("Twin", 0, None), ("Twin", 0, None),
        ("Unreadable stamp", 0, "20261101T000000Z")]
    for order in (records, records[::-1]):
        kept, left_out = latest_versions(order)
        assert sorted(r.title for r in kept) == ["Moved again", "New", "Twin", "Twin", "Unreadable stamp"]
        assert left_out == 3


VCARD_TEXT = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada\r\nEND:VCARD\r\n"
ICS_TEXT = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261201\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
CSV_TEXT = "First Name,Last Name,URL,Company\r\nAda,Lovelace,https://www.linkedin.com/in/ada,Engines\r\n"


@pytest.mark.parametrize(("parse", "content", "message"), [
    (parse_events, VCARD_TEXT, "not an iCalendar file (it looks like a vCard: use import vcard)"),
    (parse_events, CSV_TEXT, "not an iCalendar file (it looks like a LinkedIn export: use import linkedin)"),
    (parse_vcards, ICS_TEXT, "not a vCard file (it looks like an iCalendar file: use import ics)"),
    (parse_vcards, "", "not a vCard file (the file is empty)"),
    (parse_connections, VCARD_TEXT, "not a LinkedIn connections file (it looks like a vCard: use import vcard)"),
    (parse_connections, ICS_TEXT,
     "not a LinkedIn connections file (it looks like an iCalendar file: use import ics)"),
    (parse_connections, "PK\x03\x04\x14\x00", "not a LinkedIn connections file (it looks like a zip archive: "
                                              "unzip it and import the file inside)"),
    (parse_connections, "\x00\x01\x02 binary", "not a LinkedIn connections file (it is not a text file)"),
])
def test_a_file_of_another_kind_says_which_import_suits_it(tmp_path: Path, parse, content: str,
                                                           message: str) -> None:
    path = tmp_path / "file"
    path.write_bytes(content.encode("latin-1"))
    records, problems = parse(path)
    assert records == [] and [str(p) for p in problems] == [f"{path}:1: {message}"]


def test_a_csv_without_linkedin_columns(tmp_path: Path) -> None:
    path = tmp_path / "contacts.csv"
    path.write_text("Exported by some app\nFirst Name,Middle Name,Last Name,Birthday\nAda,,Lovelace,1815-12-10\n")
    assert [str(p) for p in parse_connections(path)[1]] == [
        f"{path}:2: not a LinkedIn connections file (its header has none of URL, Email Address, Company, Position, "
        "Connected On)"]


def test_not_a_calendar(tmp_path: Path) -> None:
    path = tmp_path / "notes.ics"
    path.write_text("just some text\n")
    assert str(parse_events(path)[1][0]) == f"{path}:1: not an iCalendar file (no BEGIN:VCALENDAR line)"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.lists(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
                     max_size=8))
def test_any_event_content_is_read_or_reported(tmp_path: Path, body: list[str]) -> None:
    path = tmp_path / "fuzz.ics"
    lines = [line for line in body if not re.search(r"(?i)begin|end|status|recurrence", line)]
    text = ("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20260101T100000Z\n" + "\n".join(lines)
            + "\nEND:VEVENT\nEND:VCALENDAR\n")
    path.write_text(text, encoding="utf-8")
    records, problems = parse_events(path, tz=timezone.utc)
    assert len(records) + len(problems) == 1
