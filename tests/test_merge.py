"""`vaultkit merge A B`: one note about one person, nothing of either note lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLE_VAULT
from vaultkit.engines.merging import merge_notes, plan_merge
from vaultkit.errors import WriteRefused
from vaultkit.notes import writer

ADA = "people/Ada Okafor.md"
SECOND = """---
type: contact
name: Ada O
email: ada@gmail.com
role: Founder
phone: "+33612345678"
tags: [investor, founder]
last_contact: 2026-11-27
aliases: [Ada from the market]
---
# Ada O

Her personal address; prefers WhatsApp.

## 2026-10-02 Market stall
Bought dates from her cousin's stand; she mentioned the Lagos trip.

## 2026-11-27 WhatsApp
Sent her the cold-chain reading list.
"""


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(EXAMPLE_VAULT, root)
    (root / "people" / "Ada O.md").write_text(SECOND, encoding="utf-8")
    daily = root / "daily" / "2026-11-28.md"
    daily.write_text("---\ndate: 2026-11-28\n---\nSaw [[Ada O]] and [[Ada O|her]] at the market; also [[Ada]].\n",
                     encoding="utf-8")
    return root


def test_merge_joins_values_names_sections_and_text_and_removes_the_other_note(vault: Path, run) -> None:
    before = (vault / ADA).read_text(encoding="utf-8")
    done = run("merge", "Ada Okafor", "Ada O", vault=vault)
    assert done.exit_code == 0, done.output
    assert "kept role: Co-founder & CEO (the other note says Founder)" in done.output
    assert not (vault / "people" / "Ada O.md").exists()
    after = (vault / ADA).read_text(encoding="utf-8")
    # every line of Ada's note is still there, in its order, but the lines that got values
    changed = {"aliases: [Ada]", "email: ada@coldline.example", "phone: \"+44 7700 900123\"",
               "tags: [founder, climate, supply-chain]", "last_contact: 2026-11-27"}
    kept = [line for line in before.splitlines() if line not in changed]
    it = iter(after.splitlines())
    assert all(line in it for line in kept)
    assert "aliases: [Ada, Ada O, Ada from the market]" in after
    assert "email: [ada@coldline.example, ada@gmail.com]" in after
    assert "phone: [+44 7700 900123, '+33612345678']" in after
    assert "tags: [founder, climate, supply-chain, investor]" in after
    # the other note's dated sections, in date order among Ada's; its other text at the end
    headings = [line for line in after.splitlines() if line.startswith("## ")]
    dated = [h[3:13] for h in headings if h[3:7].isdigit()]
    assert dated == sorted(dated) and "## 2026-10-02 Market stall" in headings
    assert after.rstrip().endswith("Her personal address; prefers WhatsApp.")
    assert "## From the note Ada O, merged on" in after and "# Ada O\n" not in after
    # every [[Ada O]] still resolves, to Ada
    shown = run("show", "Ada O", "--format", "json", vault=vault)
    assert json.loads(shown.stdout)["path"] == ADA
    assert run("index", "--verify", vault=vault).exit_code == 0


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(vault: Path, run) -> None:
    files = {p: p.read_bytes() for p in vault.rglob("*.md")}
    done = run("merge", "Ada Okafor", "Ada O", "--dry-run", "--relink", "--format", "json", vault=vault)
    assert done.exit_code == 0, done.output
    plan = json.loads(done.stdout)
    assert plan["dry_run"] is True and plan["keep"] == ADA and plan["removed"] == "people/Ada O.md"
    assert plan["aliases"] == ["Ada O", "Ada from the market"]
    assert plan["conflicts"] == [{"field": "role", "kept": "Co-founder & CEO", "other": "Founder"}]
    assert plan["sections"] == 2 and plan["sections_already_there"] == 0 and plan["other_text"] is True
    assert plan["relinked"] == ["daily/2026-11-28.md"]
    assert {p: p.read_bytes() for p in vault.rglob("*.md")} == files


def test_relink_names_the_kept_note_and_keeps_the_text_shown(vault: Path, run) -> None:
    done = run("merge", "Ada Okafor", "Ada O", "--relink", vault=vault)
    assert done.exit_code == 0, done.output
    daily = (vault / "daily" / "2026-11-28.md").read_text(encoding="utf-8")
    assert daily == ("---\ndate: 2026-11-28\n---\nSaw [[Ada Okafor|Ada O]] and [[Ada Okafor|her]] at the market; "
                     "also [[Ada]].\n")


def test_merging_a_note_into_itself_is_refused(vault: Path, run) -> None:
    done = run("merge", "Ada Okafor", "Ada", vault=vault)
    assert done.exit_code == 2 and "same note" in done.output


def test_the_other_note_changed_since_it_was_read_is_kept_and_nothing_is_written(vault: Path) -> None:
    gone = vault / "people" / "Ada O.md"
    snap = writer.Snapshot.take(gone)
    gone.write_text(SECOND + "\n## 2026-12-01 Call\nA line typed meanwhile.\n", encoding="utf-8")
    before = (vault / ADA).read_bytes()
    with pytest.raises(WriteRefused), writer.taken_away(gone, snap.raw):
        pytest.fail("the block must not run")
    assert gone.read_text(encoding="utf-8").endswith("A line typed meanwhile.\n")
    assert (vault / ADA).read_bytes() == before
    assert [p.name for p in gone.parent.iterdir() if p.name.startswith(".")] == []


def test_when_the_kept_note_cannot_be_written_the_other_goes_back(vault: Path) -> None:
    keep = vault / ADA
    keep.write_text("---\ntype: contact\nname: [unclosed\n---\nAda\n", encoding="utf-8")
    gone = vault / "people" / "Ada O.md"
    before = gone.read_bytes()
    with pytest.raises(WriteRefused):
        merge_notes(vault, ADA, "people/Ada O.md", [])
    assert gone.read_bytes() == before and [p.name for p in gone.parent.iterdir() if p.name.startswith(".")] == []


def test_a_merge_made_twice_copies_nothing_twice() -> None:
    keep = "---\ntype: contact\n---\n# Ada\n\n## 2026-11-01 Call\nPilot.\n"
    first = plan_merge("people/Ada.md", keep, "people/Ada O.md", SECOND, "\n", today="2026-12-03")
    again = plan_merge("people/Ada.md", first.text, "people/Ada O.md", SECOND, "\n", today="2026-12-03")
    assert again.text == first.text and again.already == 2 and not again.fields and not again.aliases


def test_crlf_notes_stay_crlf() -> None:
    keep = "---\r\ntype: contact\r\nemail: a@x.org\r\n---\r\n# Ada\r\n\r\n## 2026-12-01 Call\r\nPilot.\r\n"
    plan = plan_merge("people/Ada.md", keep, "people/Ada O.md", SECOND, "\r\n", today="2026-12-03")
    assert "\n" not in plan.text.replace("\r\n", "")
    assert plan.text.index("## 2026-11-27 WhatsApp") < plan.text.index("## 2026-12-01 Call")


def test_check_names_the_merge_command_for_a_duplicate(vault: Path, run) -> None:
    (vault / "people" / "Ada O.md").write_text(SECOND.replace("ada@gmail.com", "ada@coldline.example"),
                                               encoding="utf-8")
    checked = run("check", "--format", "json", vault=vault)
    messages = [i["message"] for i in json.loads(checked.stdout) if i["path"] == ADA]
    assert any('vaultkit merge "people/Ada Okafor.md" "people/Ada O.md"' in m for m in messages)


_line = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).map(
    lambda s: s.replace("#", "").replace("-", "").strip() or "x")


@settings(max_examples=60, deadline=None)
@given(keep_lines=st.lists(_line, max_size=5), gone_lines=st.lists(_line, max_size=5),
       days=st.lists(st.integers(1, 28), max_size=4))
def test_no_line_of_either_body_is_lost(keep_lines: list[str], gone_lines: list[str], days: list[int]) -> None:
    keep = "---\ntype: contact\n---\n" + "".join(f"{line}\n" for line in keep_lines) + "## 2026-11-15 Call\nA.\n"
    sections = "".join(f"## 2026-11-{d:02d} Met\n{line}\n" for d, line in zip(days, gone_lines, strict=False))
    gone = "---\ntype: contact\n---\n" + "".join(f"{line}\n" for line in gone_lines) + sections
    text = plan_merge("people/A.md", keep, "people/B.md", gone, "\n", today="2026-12-03").text
    body_lines = text.splitlines()
    for line in [*keep.splitlines()[3:], *gone.splitlines()[3:]]:
        assert line in body_lines


def test_text_found_only_inside_a_longer_line_is_not_already_there() -> None:
    keep = "---\ntype: contact\n---\n## 2026-11-15 Call\nA.\n"
    gone = "---\ntype: contact\n---\n0\n"
    plan = plan_merge("people/A.md", keep, "people/B.md", gone, "\n", today="2026-12-03")
    assert plan.other_text and "\n0\n" in plan.text


def test_two_mappings_of_dates_are_joined_name_by_name() -> None:
    keep = "---\ntype: contact\ndates:\n  anniversary: 2015-06-20\n  kid: --03-02\n---\n"
    gone = "---\ntype: contact\ndates:\n  anniversary: 2015-06-21\n  renewal: 2027-01-15\n---\n"
    plan = plan_merge("people/A.md", keep, "people/B.md", gone, "\n", today="2026-12-03")
    assert "dates: {anniversary: '2015-06-20', kid: --03-02, renewal: '2027-01-15'}" in plan.text
    assert [c.to_dict() for c in plan.conflicts] == [
        {"field": "dates.anniversary", "kept": "2015-06-20", "other": "2015-06-21"}]
