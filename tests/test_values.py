"""Values as people write them: cadences and numeric dates in English and French."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from vaultkit.notes.values import norm_key, parse_birthday, parse_date, parse_duration


@pytest.mark.parametrize(("text", "days"), [
    ("10d", 10), ("2w", 14), ("3 months", 90), ("1y", 365), ("every 2 weeks", 14), ("every month", 30),
    ("10j", 10), ("2 semaines", 14), ("3 mois", 90), ("1 an", 365), ("2 années", 730),
    ("tous les mois", 30), ("toutes les 2 semaines", 14), ("tous les 3 mois", 90),
    ("hebdomadaire", 7), ("mensuel", 30), ("trimestriel", 91), ("semestrielle", 182), ("annuel", 365),
    ("45", 45), (" 45 ", 45), (45, 45),  # a plain number of days, even written between quotes
])
def test_cadences_in_english_and_french(text: str, days: int) -> None:
    assert parse_duration(text) == days


@pytest.mark.parametrize("text", ["mois", "3 foo", "0m", "tous les", "every", "0", "-5"])
def test_what_is_not_a_cadence(text: str) -> None:
    with pytest.raises(ValueError, match="not a cadence"):
        parse_duration(text)


@pytest.mark.parametrize(("text", "order", "day"), [
    ("06/12/1985", "dmy", "1985-12-06"), ("06/12/1985", "mdy", "1985-06-12"),
    ("6.12.1985", "dmy", "1985-12-06"), ("25/12/1985", None, "1985-12-25"), ("12/25/1985", None, "1985-12-25"),
])
def test_numeric_dates_by_order(text: str, order: str | None, day: str) -> None:
    assert parse_date(text, order) == (day, None)
    assert parse_birthday(text, order) == day


def test_an_ambiguous_numeric_date_is_refused_without_an_order() -> None:
    with pytest.raises(ValueError, match="ambiguous date.*date_order"):
        parse_date("06/12/1985")
    with pytest.raises(ValueError, match="not a real date"):
        parse_date("31/02/1985", "dmy")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["[[", "]]", "!", "[", "]", "|", "#", "^", "Bo", " Ada ", "x.md", "é", "(", ")"]),
                max_size=12))
def test_link_targets_of_wikilinks_as_the_link_pattern_reads_them(pieces: list[str]) -> None:
    """Without markdown links, the targets are LINK_RE's, embeds and empty targets left out."""
    from vaultkit.notes.values import LINK_RE, link_targets

    text = "".join(pieces)
    assume("](" not in text)
    assert link_targets(text) == [m.group(2).strip() for m in LINK_RE.finditer(text)
                                  if not m.group(1) and m.group(2).strip()]


@pytest.mark.parametrize(("text", "day"), [
    ("2026-11-20", "2026-11-20"), ("2024-02-29", "2024-02-29"), ("0999-01-05", "0999-01-05"),
    ("٢٠٢٦-١١-٢٠", "2026-11-20"),  # other digits: read as numbers, written back in ISO form
    ("+026-01-01", "0026-01-01"),
])
def test_iso_day_of_real_days(text: str, day: str) -> None:
    from vaultkit.notes.values import iso_day

    assert iso_day(text) == day


@pytest.mark.parametrize("text", ["2026-02-29", "2026-13-01", "0000-01-01", "2026-W01-1", "2026-1-5", "2026-11-31"])
def test_iso_day_refuses_what_is_no_day(text: str) -> None:
    from vaultkit.notes.values import iso_day

    with pytest.raises(ValueError, match="not a real date"):
        iso_day(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789-+ W٣", min_size=10, max_size=10))
def test_iso_day_reads_as_its_numbers_do(text: str) -> None:
    """The quick check of the usual spelling gives what reading its numbers gives."""
    import datetime as dt

    from vaultkit.notes.values import iso_day

    try:
        expected = dt.date(int(text[:4]), int(text[5:7]), int(text[8:])).isoformat()
    except ValueError:
        with pytest.raises(ValueError):
            iso_day(text)
        return
    assert iso_day(text) == expected


@given(st.text(alphabet=st.sampled_from("aZé É_ \tñ\u0301\u0308ﬁ²Å東İſ-")))
def test_norm_key_folds_case_accents_and_spacing(text: str) -> None:
    """As it reads: case folded, compatibility forms decomposed and combining marks dropped,
    underscores as spaces, runs of white space as one."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    assert norm_key(text) == " ".join(stripped.replace("_", " ").split())


def test_norm_key_of_names() -> None:
    assert norm_key("  Noémie_Zoë  Ñúñez ") == norm_key("noemie zoe nunez") == "noemie zoe nunez"
