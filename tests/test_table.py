"""The plain text table of `list`: natural widths when they fit, the widest columns cut to
fit a narrow terminal, long cells folded at spaces, wide characters counted as two cells."""

from __future__ import annotations

from rich.cells import cell_len

from vaultkit.render.table import table_lines

HEADERS = ("name", "company", "tags")
ROWS = [("Ada Okafor", "Coldline", "founder, climate, supply-chain"),
        ("Chloé Martin", "Freelance", "design")]


def test_columns_two_spaces_apart_when_they_fit() -> None:
    assert table_lines(HEADERS, ROWS, 80) == [
        "name          company    tags",
        "Ada Okafor    Coldline   founder, climate, supply-chain",
        "Chloé Martin  Freelance  design",
    ]


def test_a_narrow_width_cuts_the_widest_column_and_folds_its_cells() -> None:
    lines = table_lines(HEADERS, ROWS, 40)
    assert all(cell_len(line) <= 40 for line in lines)
    assert lines[1:] == ["Ada Okafor    Coldline   founder,",  # tags cut to 15 cells: 12 + 2 + 9 + 2 + 15
                         "                         climate,",
                         "                         supply-chain",
                         "Chloé Martin  Freelance  design"]


def test_a_word_longer_than_its_column_is_cut_on_lines_of_its_own() -> None:
    lines = table_lines(("name", "tags"), [("Ada", "a supercalifragilistic word")], 16)
    assert lines[1:] == ["Ada   a", "      supercalif", "      ragilistic", "      word"]


def test_wide_characters_take_two_cells() -> None:
    lines = table_lines(("name", "city"), [("山田太郎", "Tokyo"), ("Ada", "Lyon")], 80)
    assert lines == ["name      city", "山田太郎  Tokyo", "Ada       Lyon"]


def test_no_rows_is_the_header_alone() -> None:
    assert table_lines(HEADERS, [], 80) == ["name  company  tags"]


def test_list_prints_the_table_of_the_docs(run, monkeypatch) -> None:
    """docs/commands.md's example, on example-vault/ at 80 columns."""
    from pathlib import Path

    monkeypatch.setenv("COLUMNS", "80")
    vault = Path(__file__).resolve().parents[1] / "example-vault"
    out = run("list", "contacts", "--tag", "investor", vault=vault).output
    assert out.splitlines() == [
        "name             company                   last contact  tags",
        "Daniel Weiss     Angel investor            2026-08-20    investor, angel, berlin",
        "                 (ex-Delivery Hero)",
        "Élodie Marchand  Canopée Ventures          2026-10-08    investor, climate",
        "2 contacts",
    ]


def test_a_row_that_fits_is_the_line_folding_would_make() -> None:
    """Rows that fit their columns are written in one go; the same lines as folding each."""
    from vaultkit.render.table import _row_lines, cell_width

    rows = [("Ada Okafor", "Coldline", "founder, climate"), ("山田太郎", "東京 Labs", "seed"),
            ("Zoë\u0301 Ng", "Tab\there", "x"), ("Bob", "", ""), ("Chloé Martin", "Freelance", "design, supply-chain")]
    for width in (80, 40, 30, 24):
        lines = table_lines(HEADERS, rows, width)
        widths = [max(cell_width(x) for x in column) for column in zip(*[HEADERS, *rows], strict=True)]
        assert all(cell_width(x) == cell_len(x) for row in rows for x in row)
        if width == 80:  # every row fits: one line each, as folding it makes it
            assert lines == [line for row in [HEADERS, *rows] for line in _row_lines(row, widths, {})]
        assert sum(line.startswith(("Ada", "山田", "Zoë", "Bob", "Chloé")) for line in lines) == len(rows)
