"""`vaultkit company`, `list companies` and the spelling warning of `check`, on the example
vault (Marché Vert: Hugo there now, Bastien and Omar before) and on small vaults written the
way people write notes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vaultkit.cli.main import App
from vaultkit.engines.terms import company_key

from .conftest import EXAMPLE_VAULT, as_json

TODAY = "2026-11-26"
MV = "companies/Marché Vert.md"
HUGO, BASTIEN, OMAR = "people/Hugo Lefèvre.md", "people/Bastien Laurent.md", "people/Omar Siddiqui.md"


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE_VAULT, tmp_path / "example"))


@pytest.fixture
def on_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """`list` and `check` answer as of the example vault's day."""
    monkeypatch.setattr(App, "today", lambda self: TODAY)


def test_one_key_for_the_spellings_of_one_company() -> None:
    assert company_key("Acme, Inc.") == company_key("ACME Inc") == company_key("[[Acme]]") == "acme"
    assert company_key("[[Acme Retail]]") == company_key("acme retail") == "acme retail"
    assert company_key("Marché Vert") == company_key("MARCHE-VERT") == "marche vert"
    assert company_key("Acme Retail") != company_key("Acme")
    assert company_key("Freelance") == company_key("Retraitée") == ""  # no company (is_company)


def test_who_you_know_at_a_company_now_and_before(run, example: Path) -> None:
    out = as_json(run("company", "marche vert", "--date", TODAY, "--format", "json", vault=example))
    assert (out["name"], out["note"], out["key"]) == ("Marché Vert", MV, "marche vert")
    # now: Hugo, by his `company: Marché Vert`, with his role and last contact (the call of 11-23)
    assert [(m["path"], m["source"], m["why"], m["role"], m["last_contact"]) for m in out["now"]] == [
        (HUGO, "company", "company: Marché Vert", "Directeur des opérations", "2026-11-23")]
    # before: Bastien by his `past_companies` (a link), Omar by his `Changed jobs:` heading
    before = {m["path"]: m for m in out["before"]}
    assert list(before) == [BASTIEN, OMAR]
    assert (before[BASTIEN]["source"], before[BASTIEN]["why"]) == ("past_companies", "past_companies: [[Marché Vert]]")
    assert before[BASTIEN]["companies"] == ["Vrac & Co"]
    assert before[BASTIEN]["last_contact"] == "2026-11-12"
    assert (before[OMAR]["source"], before[OMAR]["date"]) == ("job_change", "2025-04-01")
    assert before[OMAR]["why"] == "2025-04-01 Changed jobs: Marché Vert → Reloop (Senior product manager)"
    assert before[OMAR]["companies"] == ["Reloop"]
    assert out["last_contact"] == "2026-11-23"  # the latest of the three
    # open tasks: Hugo's (in his note), the only one about the company or its people now
    assert [(t["path"], t["line"], t["contacts"]) for t in out["open_tasks"]] == [(HUGO, 19, [HUGO])]
    assert out["spellings"] == ["Marché Vert"]  # the link and the text are one spelling


def test_company_text_and_markdown(run, example: Path) -> None:
    text = run("company", "Marché", "--date", TODAY, vault=example)
    assert text.exit_code == 0, text.output
    assert "Now (1)\n  Hugo Lefèvre — Directeur des opérations · last contact 2026-11-23" in text.output
    assert "Before (2)\n  Bastien Laurent — now Vrac & Co, Fondateur" in text.output
    markdown = run("company", "marché vert", "--date", TODAY, "--format", "markdown", vault=example).output
    assert markdown.startswith("## Marché Vert\n\nNote: [[Marché Vert]]\n")
    assert "- [[Omar Siddiqui]] — now Reloop, Senior product manager" in markdown
    assert "vaultkit company" in run("company", "--help").output


def test_a_company_name_is_matched_like_show_matches_names(run, example: Path) -> None:
    assert as_json(run("company", "STATION-F", "--format", "json", vault=example))["note"] == "companies/Station F.md"
    assert as_json(run("company", "cold", "--format", "json", vault=example))["name"] == "Coldline"
    several = run("company", "st", vault=example)
    assert several.exit_code != 0 and "Station F, Studio Brume, Studio Houle" in several.output
    none = run("company", "Coldlyne", vault=example)
    assert none.exit_code != 0 and "Did you mean: Coldline?" in none.output
    assert run("company", "Freelance", vault=example).exit_code != 0  # freelance is no company


def test_list_companies_counts(run, example: Path, on_today: None) -> None:
    rows = as_json(run("list", "companies", "--format", "json", vault=example))
    by_name = {r["name"]: r for r in rows}
    assert by_name["Marché Vert"] == {"name": "Marché Vert", "key": "marche vert", "note": MV, "now": 1,
                                      "before": 2, "last_contact": "2026-11-23"}
    assert (by_name["Station F"]["now"], by_name["Station F"]["before"]) == (2, 0)  # Aisha, Mehdi (a link)
    assert (by_name["Sova Energy"]["now"], by_name["Sova Energy"]["note"]) == (2, None)
    assert "Freelance" not in by_name and "Reloop" in by_name
    assert [r["name"] for r in rows] == sorted(by_name, key=lambda n: company_key(n))
    text = run("list", "companies", vault=example).output.splitlines()
    assert text[-1] == f"{len(rows)} companies"
    assert [line.split()[-3:] for line in text if line.startswith("Marché Vert ")] == [["1", "2", "2026-11-23"]]


def test_link_and_text_spellings_are_one_company(run, make_vault, on_today: None) -> None:
    vault = make_vault({
        "Companies/Acme Retail.md": "---\ntags: [company]\n---\nGroceries.\n",
        "people/Ana.md": '---\ntype: contact\ncompany: "[[Acme Retail]]"\nrole: Buyer\n---\n',
        "people/Ben.md": "---\ntype: contact\norg: acme retail\n---\n",
        "people/Cy.md": "---\ntype: contact\ncompany: Acme\npast_companies: Acme Retail\n---\n",
        "people/Di.md": "---\ntype: contact\ncompany: [Acme Retail, Side Gig]\npast_companies: [Acme Retail]\n---\n",
    })
    out = as_json(run("company", "ACME RETAIL", "--format", "json", vault=vault))
    assert out["note"] == "Companies/Acme Retail.md"  # a note in a Companies/ folder
    assert [m["path"] for m in out["now"]] == ["people/Ana.md", "people/Ben.md", "people/Di.md"]
    assert [m["path"] for m in out["before"]] == ["people/Cy.md"]  # Di is there now: listed once
    rows = {r["key"]: r for r in as_json(run("list", "companies", "--format", "json", vault=vault))}
    assert (rows["acme retail"]["now"], rows["acme retail"]["before"]) == (3, 1)
    assert (rows["acme"]["now"], rows["acme"]["before"], rows["acme"]["note"]) == (1, 0, None)


def test_tasks_linking_a_company_note(run, make_vault) -> None:
    vault = make_vault({
        "orgs/Acme.md": "---\ntype: company\n---\n- [ ] send Acme the deck 📅 2026-12-01\n- [x] done already\n",
        "daily/2026-11-20.md": "- [ ] ask [[Acme]] for the price list\n- [ ] unrelated task\n",
        "people/Ana.md": "---\ntype: contact\ncompany: Acme Inc.\n---\n",
    })
    out = as_json(run("company", "acme", "--format", "json", vault=vault))
    assert out["note"] == "orgs/Acme.md"  # `type: company`, in any folder
    assert [(t["path"], t["line"]) for t in out["open_tasks"]] == [("orgs/Acme.md", 4), ("daily/2026-11-20.md", 1)]


def test_check_warns_once_per_pair_of_spellings(run, make_vault, on_today: None) -> None:
    vault = make_vault({
        "people/Ana.md": "---\ntype: contact\nrole: Buyer\ncompany: Acme Inc.\n---\n",
        "people/Ben.md": "---\ntype: contact\ncompany: Acme Inc.\n---\n",
        "people/Cy.md": "---\ntype: contact\ntags: [x]\norg: ACME, Inc\n---\n",
        "people/Di.md": "---\ntype: contact\ncompany: ACME, Inc\n---\n",
        "people/Ed.md": "---\ntype: contact\ncompany: Acme Inc.\n---\n",
        "people/Fay.md": '---\ntype: contact\ncompany: "[[Acme Inc.]]"\n---\n',  # a link: the same spelling
        "people/Gus.md": "---\ntype: contact\ncompany: Globex\npast_companies: [globex]\n---\n",
    })
    result = run("check", vault=vault)
    assert result.exit_code == 0  # a warning, no error
    warnings = [line for line in result.stdout.splitlines() if "looks like" in line]
    assert warnings == [
        'people/Cy.md:4: warning: company "ACME, Inc" looks like "Acme Inc." in people/Ana.md',
        'people/Gus.md:4: warning: company "globex" looks like "Globex" in people/Gus.md',
    ]
    items = as_json(run("check", "--format", "json", vault=vault))
    assert sum("looks like" in i["message"] for i in items) == 2


def test_the_example_vault_has_one_spelling_per_company(run, example: Path, on_today: None) -> None:
    assert not [i for i in as_json(run("check", "--format", "json", vault=example)) if "looks like" in i["message"]]
    (example / "people" / "Hugo Lefèvre.md").write_text(
        (example / "people" / "Hugo Lefèvre.md").read_text(encoding="utf-8").replace(
            "company: Marché Vert", "company: MARCHE VERT"), encoding="utf-8")
    items = [i for i in as_json(run("check", "--format", "json", vault=example)) if "looks like" in i["message"]]
    assert [(i["path"], i["line"], i["message"]) for i in items] == [
        (HUGO, 3, f'company "MARCHE VERT" looks like "Marché Vert" in {BASTIEN}')]


@pytest.mark.parametrize(("vault", "day"), [(EXAMPLE_VAULT, TODAY),
                                            (Path(__file__).parent / "vaults" / "lyon-freelance", "2026-12-03")])
def test_the_last_contacts_of_a_few_are_those_of_everyone(tmp_path: Path, vault: Path, day: str) -> None:
    from vaultkit.config import load_config
    from vaultkit.store.index import Index

    copy = Path(shutil.copytree(vault, tmp_path / "v"))
    index = Index(load_config(copy))
    try:
        index.refresh()
        index.begin_read()
        paths = index.paths("contact")
        few = index.last_contacts_of(paths, day)  # read for them alone
        assert few and few == {p: d for p, d in index.last_contacts(day).items() if p in set(paths)}
        assert index.last_contacts_of(paths[:3], day) == {p: few[p] for p in paths[:3] if p in few}
    finally:
        index.close()


def test_the_json_contract_of_company(run, example: Path) -> None:
    out = as_json(run("company", "marché vert", "--date", TODAY, "--format", "json", vault=example))
    assert sorted(out) == ["before", "key", "last_contact", "name", "note", "now", "open_tasks", "spellings"]
    for member in out["now"] + out["before"]:
        assert sorted(member) == ["companies", "date", "last_contact", "name", "path", "role", "source", "why",
                                  "written"]
    assert sorted(out["open_tasks"][0]) == ["contacts", "due", "line", "path", "text"]
