"""Fuzzing the three import parsers with Hypothesis: a few examples of each kind of input here
(longer runs: ``python benchmarks/fuzz_imports.py --examples N``). See tests/import_fuzzing.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from .import_fuzzing import HOWS, KINDS, check, inputs

EXAMPLES = {"bytes": 50, "mutated": 100, "assembled": 100}


def run(kind: str, how: str, folder: Path) -> None:
    @settings(max_examples=EXAMPLES[how], deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(data=inputs(kind, how))
    def property_(data: bytes) -> None:
        check(kind, data, folder)

    property_()


@pytest.mark.parametrize("how", HOWS)
@pytest.mark.parametrize("kind", KINDS)
def test_parsers_never_raise_and_report_every_problem_with_its_line(kind: str, how: str, tmp_path: Path) -> None:
    run(kind, how, tmp_path)


# Inputs the fuzzing found, kept as they are.
FOUND = {
    # icalendar raises on reading a DURATION it could not parse
    "broken duration": ("ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20261201T100000Z\r\n"
                               b"DURATION:2026-12-01\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    # icalendar's message quotes the calendar, on several lines
    "component named like a rule": ("ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
                                           b"DTSTART:20261201T100000Z\r\nBEGIN:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n"
                                           b"END:VCALENDAR\r\n"),
    # icalendar's message holds the value, and the value an escaped line break
    "line break in a date": ("ics", b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:2\nDTSTART:\\n20261201T090000\nEND:VEVENT\n"
                                    b"END:VCALENDAR\n"),
    # a NUL in a charset's name: codecs.lookup raises ValueError, not LookupError
    "NUL in a charset": ("vcard", b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=\x00UTF-8;ENCODING=QUOTED-PRINTABLE:"
                                  b"=C3=91;Ren=C3=A9e;;;\r\nFN;CHARSET=\x00x:Ren\xe9e\r\nEND:VCARD\r\n"),
}


@pytest.mark.parametrize("name", FOUND)
def test_inputs_found_by_fuzzing(name: str, tmp_path: Path) -> None:
    kind, data = FOUND[name]
    check(kind, data, tmp_path)
