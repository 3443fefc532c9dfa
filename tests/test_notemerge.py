"""The three-way merge of one note (git's merge driver): front matter by key, dated sections kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultkit.notes import plainyaml
from vaultkit.notes.front_matter import split
from vaultkit.sync.notemerge import merge_lines, merge_note

BASE = """\
---
type: contact
name: Ada Lovelace
company: Analytical Engines
tags: [climate, founder]
---
Met at the climate meetup.

## 2026-11-20 Coffee
- wants an intro to a climate VC
"""


def front(text: str) -> dict:
    return plainyaml.full_load(split(text)[0])


def test_dated_sections_added_on_both_sides_are_kept_in_date_order() -> None:
    ours = BASE + "\n## 2026-12-03 Call\nShe closed the pilot.\n"
    theirs = BASE + "\n## 2026-12-01 Lunch\nTalked about sailing.\n"
    merged = merge_note(BASE, ours, theirs)
    assert merged.clean
    assert merged.text == BASE + ("\n## 2026-12-01 Lunch\nTalked about sailing.\n"
                                  "\n## 2026-12-03 Call\nShe closed the pilot.\n")


def test_sections_logged_the_same_day_with_different_texts_are_both_kept() -> None:
    ours = BASE + "\n## 2026-12-03 Call\nfrom the laptop\n"
    theirs = BASE + "\n## 2026-12-03 Call\nfrom the phone\n"
    merged = merge_note(BASE, ours, theirs)
    assert merged.clean
    assert merged.text.count("## 2026-12-03 Call") == 2
    assert "from the laptop" in merged.text and "from the phone" in merged.text


def test_front_matter_keys_changed_on_different_sides_both_apply() -> None:
    ours = BASE.replace("company: Analytical Engines", "company: Difference Engines")
    theirs = BASE.replace("name: Ada Lovelace\n", "name: Ada Lovelace\nrole: CTO\n") \
        + "\n## 2026-12-01 Lunch\nsailing\n"
    merged = merge_note(BASE, ours, theirs)
    assert merged.clean
    data = front(merged.text)
    assert (data["company"], data["role"]) == ("Difference Engines", "CTO")
    assert merged.text.endswith("## 2026-12-01 Lunch\nsailing\n")


def test_a_list_changed_on_both_sides_gets_both_additions_and_removals() -> None:
    ours = BASE.replace("tags: [climate, founder]", "tags: [climate, founder, investor]")
    theirs = BASE.replace("tags: [climate, founder]", "tags: [founder, sailing]")
    merged = merge_note(BASE, ours, theirs)
    assert merged.clean
    assert front(merged.text)["tags"] == ["founder", "investor", "sailing"]


def test_a_value_set_differently_on_both_sides_is_a_conflict_with_markers() -> None:
    ours = BASE.replace("Analytical Engines", "Difference Engines") + "\n## 2026-12-03 Call\nx\n"
    theirs = BASE.replace("Analytical Engines", "Babbage & Co") + "\n## 2026-12-01 Lunch\ny\n"
    merged = merge_note(BASE, ours, theirs)
    assert not merged.clean and merged.conflicts == ["front matter: company"]
    assert "<<<<<<< ours\ncompany: Difference Engines\n=======\ncompany: Babbage & Co\n>>>>>>> theirs\n" \
        in merged.text
    assert "## 2026-12-01 Lunch" in merged.text and "## 2026-12-03 Call" in merged.text  # the body merged


def test_the_same_value_set_the_same_way_on_both_sides_is_fine() -> None:
    ours = BASE.replace("Analytical Engines", "Difference Engines") + "\n## 2026-12-03 Call\nx\n"
    theirs = BASE.replace("Analytical Engines", "Difference Engines")
    merged = merge_note(BASE, ours, theirs)
    assert merged.clean and merged.text == ours


def test_the_same_lines_edited_on_both_sides_keep_both_between_markers() -> None:
    ours = BASE.replace("Met at the climate meetup.", "Met at the meetup in Lyon.")
    theirs = BASE.replace("Met at the climate meetup.", "Met at the meetup in Paris.")
    merged = merge_note(BASE, ours, theirs)
    assert not merged.clean
    assert "<<<<<<< ours\nMet at the meetup in Lyon.\n=======\nMet at the meetup in Paris.\n>>>>>>> theirs\n" \
        in merged.text


def test_an_edit_of_an_old_section_and_a_new_section_on_the_other_side_merge() -> None:
    ours = BASE.replace("- wants an intro to a climate VC", "- wants an intro to a climate VC (done)")
    theirs = BASE + "\n## 2026-12-01 Lunch\nsailing\n"
    merged = merge_note(BASE, ours, theirs)
    assert merged.clean
    assert merged.text == ours + "\n## 2026-12-01 Lunch\nsailing\n"


def test_crlf_notes_stay_crlf_and_a_bom_stays() -> None:
    def crlf(text: str) -> str:
        return "\ufeff" + text.replace("\n", "\r\n")

    ours = BASE + "\n## 2026-12-03 Call\nx\n"
    theirs = BASE.replace("company: Analytical Engines", "company: Difference Engines") \
        + "\n## 2026-12-01 Lunch\ny\n"
    merged = merge_note(crlf(BASE), crlf(ours), crlf(theirs))
    assert merged.clean
    assert merged.text.startswith("\ufeff---\r\n")
    assert merged.text.count("\n") == merged.text.count("\r\n")
    assert "company: Difference Engines\r\n" in merged.text and merged.text.endswith("x\r\n")


def test_mixed_line_ends_are_merged_line_by_line_without_losing_a_byte() -> None:
    base = "a\r\nb\nc\n"
    merged = merge_note(base, "a\r\nb\nc\nd\n", "z\r\nb\nc\n")
    assert merged.clean and merged.text == "z\r\nb\nc\nd\n"


def test_a_note_without_front_matter_gets_theirs_added() -> None:
    base = "Met at the meetup.\n"
    ours = base + "\n## 2026-12-03 Call\nx\n"
    theirs = "---\ntype: contact\n---\n" + base
    merged = merge_note(base, ours, theirs)
    assert merged.clean and merged.text == "---\ntype: contact\n---\n" + ours


def test_the_line_merge_is_a_plain_three_way_merge() -> None:
    assert merge_lines("a\nb\nc\n", "A\nb\nc\n", "a\nb\nC\n").text == "A\nb\nC\n"
    assert merge_lines("a\n", "a\nb\n", "a\nb\n").text == "a\nb\n"


# -- properties -------------------------------------------------------------------------------

_words = st.text(alphabet="abcdefghij klmnop,.", min_size=1, max_size=20).map(str.strip).filter(bool)
_days = st.dates(min_value=__import__("datetime").date(2020, 1, 1),
                 max_value=__import__("datetime").date(2027, 12, 31)).map(lambda d: d.isoformat())


@st.composite
def _section(draw, tag: str) -> str:
    n = draw(st.integers(min_value=0, max_value=3))
    lines = [f"- {draw(_words)}" for _ in range(n)]
    return "\n".join([f"## {draw(_days)} {tag}", *lines]) + "\n"


@st.composite
def _case(draw):
    keys = [f"k{i}" for i in range(draw(st.integers(min_value=0, max_value=5)))]
    values = {k: "v " + draw(_words) for k in keys}
    preamble = draw(st.sampled_from(["", "Met at the meetup.\n", "Met at the meetup.\n\n", "# Ada\n"]))
    old = [draw(_section(f"old{i}")) for i in range(draw(st.integers(min_value=0, max_value=3)))]
    crlf = draw(st.booleans())
    ours_new = [draw(_section(f"ours{i}")) for i in range(draw(st.integers(min_value=0, max_value=3)))]
    theirs_new = [draw(_section(f"theirs{i}")) for i in range(draw(st.integers(min_value=0, max_value=3)))]
    split_at = draw(st.integers(min_value=0, max_value=len(keys)))
    ours_keys = {k: "v " + draw(_words) + "o" for k in keys[:split_at] if draw(st.booleans())}
    theirs_keys = {k: "v " + draw(_words) + "t" for k in keys[split_at:] if draw(st.booleans())}
    if draw(st.booleans()):
        theirs_keys["added_by_theirs"] = "new"
    return values, preamble, old, ours_new, theirs_new, ours_keys, theirs_keys, crlf


def _note(values: dict, preamble: str, sections: list[str], crlf: bool) -> str:
    head = "---\ntype: contact\n" + "".join(f"{k}: {v}\n" for k, v in values.items()) + "---\n"
    body = preamble
    for section in sections:
        if body and not body.endswith("\n\n"):
            body += "\n"
        body += section
    text = head + body
    return text.replace("\n", "\r\n") if crlf else text


@settings(max_examples=150, deadline=None)
@given(_case())
def test_sections_appended_and_distinct_keys_changed_on_both_sides_all_survive(case) -> None:
    values, preamble, old, ours_new, theirs_new, ours_keys, theirs_keys, crlf = case
    base = _note(values, preamble, old, crlf)
    ours = _note(values | ours_keys, preamble, old + ours_new, crlf)
    theirs = _note(values | theirs_keys, preamble, old + theirs_new, crlf)
    merged = merge_note(base, ours, theirs)
    assert merged.clean, merged.text
    text = merged.text.replace("\r\n", "\n")
    if crlf:
        assert merged.text.count("\n") == merged.text.count("\r\n")
    for section in old + ours_new + theirs_new:
        assert text.count(section.split("\n", 1)[0] + "\n") == 1
        assert section.rstrip("\n") in text
    assert front(text) == {"type": "contact", **values, **ours_keys, **theirs_keys}
    days = [line[3:13] for line in text.split("\n") if line.startswith("## ")]
    new = [line[3:13] for line in text.split("\n") if line.startswith("## ") and "old" not in line]
    assert new == sorted(new) or not (ours_new and theirs_new)
    assert len(days) == len(old) + len(ours_new) + len(theirs_new)


# -- the writer's helpers the driver uses -----------------------------------------------------


def test_add_line_creates_appends_once_and_keeps_line_ends(tmp_path) -> None:
    from vaultkit.notes.writer import add_line

    path = tmp_path / ".gitattributes"
    assert add_line(path, "*.md merge=vaultkit") and path.read_bytes() == b"*.md merge=vaultkit\n"
    assert not add_line(path, "*.md merge=vaultkit")
    path.write_bytes(b"*.png binary\r\n*.pdf -diff")
    assert add_line(path, "*.md merge=vaultkit")
    assert path.read_bytes() == b"*.png binary\r\n*.pdf -diff\r\n*.md merge=vaultkit\r\n"


def test_without_fields_takes_out_a_key_and_its_value_lines_only() -> None:
    from vaultkit.notes.writer import without_fields

    text = "---\nname: Ada\ntags:\n  - a\n  - b\nrole: CTO\n---\ntags: body text\n"
    assert without_fields(text, ["tags"]) == "---\nname: Ada\nrole: CTO\n---\ntags: body text\n"
    assert without_fields(text, ["missing"]) == text


_pool = st.sampled_from(["## 2026-12-01 Call", "## 2026-11-20 Coffee", "### 2026-12-02 detail", "text",
                         "- item", "", "## Notes", "other text"])


@st.composite
def _edited(draw, base: list[str], tag: str) -> list[str]:
    lines = [line for line in base if draw(st.booleans()) or draw(st.booleans())]  # some removed
    for i in range(draw(st.integers(min_value=0, max_value=4))):
        at = draw(st.integers(min_value=0, max_value=len(lines)))
        added = draw(st.sampled_from([f"{tag} line {i}", f"## 2026-12-{i + 10:02d} {tag} {i}"]))
        lines.insert(at, added)
    return lines


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_no_line_either_side_added_is_ever_lost(data) -> None:
    base = data.draw(st.lists(_pool, max_size=8))
    ours, theirs = data.draw(_edited(base, "ours")), data.draw(_edited(base, "theirs"))
    texts = ["".join(line + "\n" for line in lines) for lines in (base, ours, theirs)]
    merged = merge_note(*texts)
    result = merged.text.split("\n")
    for line in ours + theirs:
        if " line " in line or line.startswith("## 2026-12-1"):
            assert result.count(line) == 1, (texts, merged.text)
    if merged.clean:
        assert "<<<<<<<" not in merged.text


def test_a_byte_order_mark_on_one_side_only_is_merged_byte_for_byte() -> None:
    merged = merge_note("a\nb\n", "a\nb\nc\n", "\ufeffa\nb\n")
    assert merged.clean and merged.text == "\ufeffa\nb\nc\n"
