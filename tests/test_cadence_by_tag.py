"""`cadence_by_tag`: a keep-in-touch cadence for contacts by tag, when their note gives none."""

from __future__ import annotations

import json

CONFIG = """\
me: Sam Rivera
cadence_by_tag:
  investor: 3m
  family: 2w
"""


def contact(tags: str, cadence: str = "", last: str = "2026-08-01") -> str:
    extra = f"cadence: {cadence}\n" if cadence else ""
    return f"---\ntype: contact\ntags: {tags}\n{extra}last_contact: {last}\n---\n"


def _vault(make_vault):
    return make_vault({
        "people/Ines Investor.md": contact("[investor]"),
        "people/Fabien Family.md": contact("[Investor, '#family']", last="2026-11-25"),
        "people/Olga Own.md": contact("[family]", cadence="1y"),
        "people/Nora None.md": contact("[friend]"),
        "people/Recent Investor.md": contact("[investor]", last="2026-11-20"),
    }, config=CONFIG)


def test_a_tags_cadence_applies_the_most_frequent_wins_and_the_notes_own_wins(make_vault, run) -> None:
    vault = _vault(make_vault)

    def card(name: str) -> dict:
        shown = run("show", name, "--format", "json", vault=vault)
        assert shown.exit_code == 0, shown.output
        return json.loads(shown.stdout)["fields"]

    assert card("Ines Investor")["cadence_days"] == 90
    assert card("Ines Investor")["cadence_from"] == "tag investor (3m)"
    assert card("Fabien Family")["cadence_days"] == 14  # family (2w) is more frequent than investor
    assert card("Fabien Family")["cadence_from"] == "tag family (2w)"
    assert card("Olga Own")["cadence_days"] == 365 and "cadence_from" not in card("Olga Own")
    assert "cadence_days" not in card("Nora None")
    agenda = run("agenda", "--date", "2026-12-03", "--format", "json", vault=vault)
    due = {item["path"] for item in json.loads(agenda.stdout)["reconnect"]}
    # Ines: 124 days since, cadence 90 → due; Fabien: 8 days, 14 → not yet; Olga: 1y → not yet
    assert due == {"people/Ines Investor.md"}


def test_a_bad_duration_in_cadence_by_tag_is_one_line_with_its_place(make_vault, run) -> None:
    vault = make_vault({"people/A.md": contact("[investor]")},
                       config="me: Sam Rivera\ncadence_by_tag:\n  investor: sometimes\n")
    done = run("agenda", vault=vault)
    assert done.exit_code == 2
    assert "config.yaml:2: `cadence_by_tag` tag `investor`:" in done.output
