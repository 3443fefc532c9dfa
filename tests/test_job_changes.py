"""A known contact's new company or role, from a LinkedIn or vCard import: recorded, not repeated."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

NOTE = """---
type: contact
company: Coldline
role: Co-founder & CEO
linkedin: https://www.linkedin.com/in/ada-okafor/
---
Met at the fair.

## 2026-10-20 Coffee at Station F
Pilot talk.
"""

CSV = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ada,Okafor,https://www.linkedin.com/in/ada-okafor,,Marché Vert,Head of Supply,12 Mar 2022
"""


def _setup(make_vault, tmp_path: Path) -> tuple[Path, Path]:
    vault = make_vault({"people/Ada Okafor.md": NOTE})
    csv = tmp_path / "Connections.csv"
    csv.write_text(CSV, encoding="utf-8")
    return vault, csv


def test_without_the_flag_the_change_is_a_conflict_with_a_hint(make_vault, run, tmp_path: Path) -> None:
    vault, csv = _setup(make_vault, tmp_path)
    done = run("import", "linkedin", str(csv), vault=vault)
    assert done.exit_code == 0, done.output
    assert 'company is "Coldline" in the note, "Marché Vert" in the import' in done.stdout
    assert "1 known contact(s) with a new company or role: run again with --accept-changes" in done.stdout
    assert (vault / "people" / "Ada Okafor.md").read_text(encoding="utf-8") == NOTE


def test_accepted_the_old_company_moves_to_past_companies_and_a_dated_line_says_so(
        make_vault, run, tmp_path: Path) -> None:
    vault, csv = _setup(make_vault, tmp_path)
    done = run("import", "linkedin", str(csv), "--accept-changes", "--format", "json", vault=vault)
    assert done.exit_code == 0, done.output
    data = json.loads(done.stdout)
    assert data["job_changes"] == [{"path": "people/Ada Okafor.md", "company": ["Coldline", "Marché Vert"],
                                    "role": ["Co-founder & CEO", "Head of Supply"]}]
    assert data["conflicts"] == []
    today = dt.date.today().isoformat()
    text = (vault / "people" / "Ada Okafor.md").read_text(encoding="utf-8")
    assert text == NOTE.replace("company: Coldline\nrole: Co-founder & CEO\n",
                                "company: Marché Vert\nrole: Head of Supply\n").replace(
        "---\nMet", "past_companies: Coldline\n---\nMet") + (
        f"\n## {today} Changed jobs: Coldline → Marché Vert (Head of Supply)\n")
    card = json.loads(run("show", "Ada Okafor", "--format", "json", vault=vault).stdout)
    assert card["fields"]["company"] == ["Marché Vert"]
    assert card["interactions"][0]["date"] == today  # the change is on her timeline
    again = json.loads(run("import", "linkedin", str(csv), "--accept-changes", "--format", "json",
                           vault=vault).stdout)
    assert again["job_changes"] == [] and again["updated"] == [] and again["conflicts"] == []
    assert (vault / "people" / "Ada Okafor.md").read_text(encoding="utf-8") == text
