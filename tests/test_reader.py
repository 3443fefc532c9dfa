"""The reader: real notes (tests/data, and the wider corpus when it is there), every alias
spelling, arbitrary text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.config import Config
from vaultkit.errors import WriteRefused
from vaultkit.notes import writer
from vaultkit.notes.model import CONTACT, EVENT, NOTE
from vaultkit.notes.reader import Reader
from vaultkit.store.rows import note_rows

from .conftest import CORPUS, as_json, needs_corpus, sample, sample_params


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(Config(vault=Path("/nonexistent"), me="Sam Rivera"))


def _front_matter_is_valid_yaml(raw: bytes) -> bool | None:
    """None when the file has no front matter; else whether plain PyYAML loads it."""
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    if end < 0:
        return None
    try:
        yaml.safe_load(text[4:end])
    except yaml.YAMLError:
        return False
    return True


@needs_corpus
def test_corpus_is_there() -> None:
    assert len(list((CORPUS / "obsidian").glob("*.md"))) >= 90


@pytest.mark.parametrize("path", sample_params("obsidian"))
def test_every_real_note_reads(reader: Reader, path: Path) -> None:
    raw = path.read_bytes()
    note = reader.read_file(path.name, raw)
    assert note.path == path.name
    valid = _front_matter_is_valid_yaml(raw)
    if valid is False:
        # invalid YAML is reported with the line where it goes wrong, never raised
        assert note.problems, "invalid front matter must be reported"
        for problem in note.problems:
            assert 1 < problem.line <= raw.count(b"\n") + 1
            assert str(problem).startswith(f"{path.name}:{problem.line}: ")
    else:
        assert not [p for p in note.problems if "YAML" in p.message]
    if valid:
        data = yaml.safe_load(raw.decode("utf-8-sig").replace("\r\n", "\n")[4:].split("\n---", 1)[0])
        if isinstance(data, dict) and data:
            # the fields the YAML holds come out (with canonical names for contacts/events)
            assert note.fields or all(v in (None, "", []) for v in data.values())


def test_corpus_contacts_and_meetings(reader: Reader) -> None:
    steph = reader.read_file("Steph Ango.md", sample("obsidian/kepano_Steph Ango.md").read_bytes())
    assert steph.kind == CONTACT
    assert steph.fields["company"] == ["Obsidian"]  # `org: ["[[Obsidian]]"]`
    assert any(link.target == "Obsidian" and link.field == "company" for link in steph.links)
    meeting = reader.read_file(
        "2023-09-12 Meeting with Steph.md",
        sample("obsidian/kepano_2023-09-12 Meeting with Steph.md").read_bytes())
    assert meeting.kind == EVENT
    assert meeting.date == "2023-09-12"
    assert meeting.fields["attendees"] == ["Steph Ango"]  # `people:` is an attendee alias
    assert meeting.fields["location"] == "Remote"  # `loc:` alias, list of one


def test_template_placeholders_do_not_break_the_note(reader: Reader) -> None:
    raw = sample("obsidian/kepano_Meeting Template.md").read_bytes()
    outside = reader.read_file("Meeting Template.md", raw)
    assert [p.level for p in outside.problems] == ["warning"]
    assert outside.problems[0].line == 5  # the `date: {{date}}` line
    inside = reader.read_file("templates/Meeting Template.md", raw)
    assert inside.problems == [] and inside.kind == NOTE


ALIAS_SPELLINGS = [
    ("name", "Ada Lovelace"), ("company", "Analytical"), ("org", "Analytical"),
    ("organization", "Analytical"), ("organisation", "Analytical"), ("Company", "Analytical"),
]


@pytest.mark.parametrize("key", ["company", "org", "organization", "organisation", "Company", "ORG"])
def test_company_aliases(reader: Reader, key: str) -> None:
    note = reader.read_text("people/Ada.md", f"---\n{key}: Analytical\n---\n")
    assert note.kind == CONTACT and note.fields["company"] == ["Analytical"]


def test_every_alias_spelling_resolves_to_the_same_contact(reader: Reader) -> None:
    canonical = reader.read_text("people/a.md", """---
type: contact
name: Ada Lovelace
aliases: [Ada]
email: ada@example.org
phone: "+33 6 00 00 00 00"
company: Analytical Engines
role: founder
linkedin: https://www.linkedin.com/in/ada
tags: [math, founder]
interests: [poetry]
offers: [algorithms]
needs: [funding]
cadence: 2w
birthday: 1815-12-10
met: "[[Royal Society]]"
introduced_by: "[[Charles Babbage]]"
knows: ["[[Mary Somerville]]"]
last_contact: 2026-11-01
follow_up: 2026-12-01
snooze: 2026-11-20
lang: en
---
""")
    wild = reader.read_text("notes/whatever.md", """---
categories: ["[[People]]"]
FN: Ada Lovelace
nickname: Ada
E-Mail: ada@example.org
mobile: "+33 6 00 00 00 00"
organisation: "[[Analytical Engines]]"
job_title: founder
linkedin_url: https://www.linkedin.com/in/ada
tags: math, founder
topics: poetry
can_help_with: algorithms
looking_for: [funding]
prm-cadence: 14d
bday: 1815-12-10
met_at: "[[Royal Society]]"
introduced_by: "[[Charles Babbage]]"
knows: "[[Mary Somerville]]"
lastContact: 2026-11-01
next-contact: 2026-12-01
snooze_until: 2026-11-20
language: EN
---
""")
    assert wild.kind == CONTACT == canonical.kind
    assert wild.name == canonical.name == "Ada Lovelace"
    for key in ("aliases", "email", "phone", "company", "role", "linkedin", "tags", "interests",
                "offers", "needs", "cadence_days", "birthday", "met", "knows", "last_contact",
                "follow_up", "snooze", "lang"):
        assert wild.fields.get(key) == canonical.fields.get(key), key
    assert canonical.fields["cadence_days"] == 14
    assert not wild.problems and not canonical.problems


def test_title_is_role_when_name_is_set(reader: Reader) -> None:
    note = reader.read_text("people/x.md", "---\nname: Ada\ntitle: CTO\n---\n")
    assert note.name == "Ada" and note.fields["role"] == "CTO"
    note = reader.read_text("people/x.md", "---\ntitle: Ada\n---\n")
    assert note.name == "Ada" and "role" not in note.fields


def test_unquoted_wikilink_value_is_a_link(reader: Reader) -> None:
    note = reader.read_text("people/Bob.md", "---\ncompany: [[Acme]]\n---\n")
    assert note.fields["company"] == ["Acme"]
    assert [(link.target, link.field, link.line) for link in note.links] == [("Acme", "company", 2)]


def test_type_detection(reader: Reader) -> None:
    assert reader.read_text("x.md", "---\ntype: person\n---\n").kind == CONTACT
    assert reader.read_text("x.md", "---\ntags: [people]\n---\n").kind == CONTACT
    assert reader.read_text("x.md", "---\ncategories: ['[[Meetings]]']\n---\n").kind == EVENT
    assert reader.read_text("x.md", "---\ntype: introduction\n---\n").kind == EVENT
    assert reader.read_text("events/x.md", "no front matter").kind == EVENT
    assert reader.read_text("x.md", "---\ntags: [recipe]\n---\n").kind == NOTE


def test_body_conventions(reader: Reader) -> None:
    note = reader.read_text("events/2026-11-19 Meetup.md", """---
type: event
date: 2026-11-19
attendees: ["[[Ada Lovelace]]", Bob Plain]
---
# Meetup
- [[Ada Lovelace]]: wants an intro to a climate VC
- [[people/Chloé|Chloé D.]] — building a podcast
- [ ] send Ada the deck 📅 2026-11-21
- [x] book the room (due: 2026-11-10)
- [ ] call [[Chloé]] @due(2026-11-30)
- [ ] someday
```
- [ ] not a task in a code block [[Nobody]]
```
""")
    assert note.date == "2026-11-19"
    assert [(a.target, a.text) for a in note.attendee_notes] == [
        ("Ada Lovelace", "wants an intro to a climate VC"), ("people/Chloé", "building a podcast")]
    assert [(t.done, t.due) for t in note.tasks] == [
        (False, "2026-11-21"), (True, "2026-11-10"), (False, "2026-11-30"), (False, None)]
    assert note.tasks[2].links == ["Chloé"]
    targets = [(link.target, link.field) for link in note.links]
    assert ("Ada Lovelace", "attendees") in targets and ("Bob Plain", "attendees:plain") in targets
    assert all(link.target != "Nobody" for link in note.links)


def test_dated_sections(reader: Reader) -> None:
    note = reader.read_text("people/Ada.md", """---
type: contact
---
# Ada
## 2026-11-20 Coffee at Station F
Talked about her [[Supply Chain]] project.
### details
more
## Projects
not part of it
## [[2026-11-22]] - Call
short
""")
    assert [(s.date, s.title) for s in note.sections] == [
        ("2026-11-20", "Coffee at Station F"), ("2026-11-22", "Call")]
    assert "Supply Chain" in note.sections[0].text and "more" in note.sections[0].text
    assert "not part of it" not in note.sections[0].text
    assert [(link.target, link.line) for link in note.links] == [("Supply Chain", 6), ("2026-11-22", 11)]


def test_link_forms(reader: Reader) -> None:
    note = reader.read_text("n.md", "[[Ada]] [[people/Bob]] [[Chloé|C]] [[Dan.md]] [[Eve#Work]] "
                                     "![[image.png]] [[report.pdf]] [[Fay#^block|x]]")
    assert [link.target for link in note.links] == ["Ada", "people/Bob", "Chloé", "Dan.md", "Eve", "Fay"]


@pytest.mark.parametrize("raw", [
    b"\xef\xbb\xbf---\r\ntype: contact\r\nname: Ada\r\n---\r\n## 2026-01-02 Call\r\nhi\r\n",
    b"---\ntype: contact\nname: Ada\n---\n## 2026-01-02 Call\nhi\n",
])
def test_bom_and_crlf(reader: Reader, raw: bytes) -> None:
    note = reader.read_file("people/x.md", raw)
    assert note.name == "Ada" and note.sections[0].text == "hi" and not note.problems


@pytest.mark.parametrize(("text", "line", "words"), [
    ("---\nname: Ada\nemail: [oops\n---\n", 3, "never closed"),
    ("---\nname: Ada\n  bad: indent\n---\n", 3, "YAML"),
    ("---\n- a list\n---\n", 2, "not a list of `key: value`"),
    ("---\nname: Ada\n", 1, "never closed"),
    ("---\ntype: contact\nbirthday: 2026-13-45\n---\n", 3, "bad date"),
    ("---\ntype: contact\ncadence: sometimes\n---\n", 3, "bad cadence"),
    ("---\ntype: contact\nfollow_up: next week\n---\n", 3, "bad date"),
])
def test_problems_have_lines(reader: Reader, text: str, line: int, words: str) -> None:
    note = reader.read_text("people/x.md", text)
    assert note.problems, text
    assert note.problems[0].line == line
    assert words in note.problems[0].message


def test_not_utf8(reader: Reader) -> None:
    note = reader.read_file("x.md", "---\nname: Zoë\n---\n".encode("latin-1"))
    assert note.problems and "UTF-8" in note.problems[0].message


def test_values_in_all_shapes(reader: Reader) -> None:
    note = reader.read_text("people/x.md", """---
email: [a@x.org, null, "mailto:b@y.org"]
tags: "#founder, investor"
interests:
phone: 0612345678
birthday: "--02-29"
cadence: regular
---
""")
    f = note.fields
    assert f["email"] == ["a@x.org", "b@y.org"]
    assert f["tags"] == ["founder", "investor"]
    assert "interests" not in f
    assert f["phone"] == ["612345678"] or f["phone"] == ["0612345678"]
    assert f["birthday"] == "--02-29"
    assert f["cadence_days"] == 30
    assert not note.problems


def test_generated_notes_are_skipped(reader: Reader) -> None:
    note = reader.read_text("Agenda.md", "---\ngenerated_by: vaultkit\n---\n- [[Ada]]\n- [ ] x 📅 2026-01-01\n")
    assert note.generated and not note.links and not note.tasks


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    reader = Reader(Config(vault=Path("/nonexistent")))
    for candidate in (text, "---\n" + text, "---\n" + text + "\n---\n" + text):
        note = reader.read_text("people/x.md", candidate)
        assert all("could not read" not in p.message for p in note.problems), note.problems
        note_rows(note, (0, 0, 0), "")  # and its index rows can be made


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    reader = Reader(Config(vault=Path("/nonexistent")))
    note = reader.read_file("events/x.md", raw)
    assert note.path == "events/x.md"


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["name", "email", "tags", "company", "birthday", "cadence", "date", "attendees",
                     "knows", "met", "type", "categories", "follow_up", "aliases"]),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(),
                 lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=2),
                 max_leaves=6)))
def test_arbitrary_front_matter_values_never_raise(data: dict) -> None:
    reader = Reader(Config(vault=Path("/nonexistent")))
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\nbody\n"
    for path in ("people/x.md", "events/x.md", "x.md"):
        note = reader.read_text(path, text)
        assert all("could not read" not in p.message for p in note.problems), (data, note.problems)


@pytest.mark.parametrize("text, name, body", [
    ("---\nname: Ada\n---\nbody\n", "Ada", "body\n"),
    ("---\nname: Ada\n...\nbody\n", "Ada", "body\n"),  # YAML's document end closes it too
    ("---\nname: Ada\n--- \nbody", "Ada", "body"),
    ("---\n---\nbody\n", "x", "body\n"),  # empty front matter
    ("---\nname: Ada\n---", "Ada", ""),
    ("---\nname: Ada\n----\n---x\n...more\n---\nbody\n", None, "body\n"),  # only a whole line closes
])
def test_the_line_that_closes_front_matter(reader: Reader, text: str, name: str | None, body: str) -> None:
    note = reader.read_text("people/x.md", text)
    assert note.body == body
    if name:
        assert note.name == name and not note.problems


@given(st.text(alphabet="[]|#^/ .mdAé!", max_size=30))
def test_display_shows_each_link_as_its_label_or_file_name(text: str) -> None:
    """A link's label, else its file name without folder or `.md`; the rest as written
    (the quick path for a text that is one plain link gives the same)."""
    from vaultkit.notes.values import LINK_RE, display

    def shown(m) -> str:
        if m.group(4):
            return m.group(4).strip()
        return m.group(2).strip().rsplit("/", 1)[-1].removesuffix(".md")

    assert display(text) == (LINK_RE.sub(shown, text).strip() if "[[" in text else text.strip())
    assert display(f"[[{text}]]") == (LINK_RE.sub(shown, f"[[{text}]]").strip())


# -- hostile and surprising YAML --------------------------------------------------------------

def _laughs(levels: int) -> str:
    """Nested anchors: each level is nine aliases of the one before (9**levels values)."""
    names = "abcdefghij"
    lines = [f"{names[0]}: &{names[0]} [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels + 1):
        lines.append(f"{names[i]}: &{names[i]} [{', '.join(['*' + names[i - 1]] * 9)}]")
    return "\n".join(lines) + "\n"


def test_yaml_aliases_that_expand_too_far_are_refused(run, make_vault) -> None:
    vault = make_vault({"people/Laughs.md": "---\ntype: contact\n" + _laughs(8) + "---\nbody\n",
                        "people/Ada.md": "---\ntype: contact\n---\n"})
    result = run("check", vault=vault)
    assert "people/Laughs.md:4: error: invalid YAML in front matter: too many YAML aliases" in result.output
    listed = as_json(run("list", "contacts", "--format", "json", vault=vault))
    assert {c["name"] for c in listed} == {"Ada", "Laughs"}  # the rest still works
    with pytest.raises(WriteRefused, match="Laughs.md:4: front matter is not valid YAML"):
        writer.set_fields(vault / "people" / "Laughs.md", {"cadence": "1m"})


def test_a_few_aliases_are_fine(reader: Reader) -> None:
    note = reader.read_text("people/a.md", "---\ntype: contact\ntags: &t [a, b]\ninterests: *t\n---\n")
    assert not note.problems and note.fields["interests"] == ["a", "b"]


def test_times_stay_text(reader: Reader) -> None:
    """YAML 1.1 reads 13:05 as the base-60 number 785; Obsidian and people read a time."""
    note = reader.read_text("x.md", "---\ntime: 13:05\nduration: 1:30:00\nn: 12\nratio: 1.5\n---\n")
    assert note.fields["time"] == "13:05" and note.fields["duration"] == "1:30:00"
    assert note.fields["n"] == 12 and note.fields["ratio"] == 1.5


def test_a_nul_byte_is_reported_at_its_line(reader: Reader) -> None:
    note = reader.read_file("people/n.md", b"---\ntype: contact\n---\nfine\nbroken \x00 here\n## 2026-01-02 Call\n")
    assert [str(p) for p in note.problems] == ["people/n.md:5: a NUL byte (binary data?) in the text; it was left out"]
    assert [s.date for s in note.sections] == ["2026-01-02"]  # the rest is read


def test_a_heading_with_an_impossible_date_is_reported(reader: Reader) -> None:
    note = reader.read_text("people/f.md", "---\ntype: contact\n---\n## 2026-02-30 Coffee\nx\n")
    assert not note.sections
    assert [(p.line, p.level) for p in note.problems] == [(4, "warning")]
    assert "2026-02-30 is not a real date" in note.problems[0].message


_HEADING_PIECES = ["#", "##", "#######", " ", "\t", "Café", "2026-11-20", "[[Bo]]", "\n", "\u00a0", "\r", "-"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_HEADING_PIECES), max_size=8))
def test_heading_reads_as_the_heading_pattern(pieces: list[str]) -> None:
    """Headings found with string methods are those of the heading pattern, with its text."""
    from vaultkit.notes.reader import _HEADING_RE, heading

    line = "".join(pieces)
    found = _HEADING_RE.match(line)
    assert heading(line) == ((len(found.group(1)), found.group(2)) if found else None)


@pytest.mark.parametrize("line", ["## Coffee ##", "###\tCall\t# #", "####### seven", "#tag", "## ", "##  [[Bo]]  "])
def test_heading_examples(line: str) -> None:
    from vaultkit.notes.reader import _HEADING_RE, heading

    found = _HEADING_RE.match(line)
    assert heading(line) == ((len(found.group(1)), found.group(2)) if found else None)
