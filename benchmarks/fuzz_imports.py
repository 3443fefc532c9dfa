"""Fuzz the three import parsers with Hypothesis, for longer than the test suite does.

    python benchmarks/fuzz_imports.py [--examples N] [--kind vcard|ics|linkedin] [--input bytes|mutated|assembled]
                                      [--seed S]

For each parser and each kind of input (arbitrary bytes, real-looking files mutated, files
put together from the properties the parser knows; see tests/import_fuzzing.py), runs N
examples of the property the suite checks: the parser never raises, every problem is
``path:line: problem``, every record has sane types. Prints, for each, the examples run
(generated and shrunk), the distinct failures found and the time; then each failure with
the smallest input Hypothesis found. The exit status is 1 when anything failed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.import_fuzzing import HOWS, KINDS, check, inputs  # noqa: E402


def fuzz(kind: str, how: str, examples: int, folder: Path, random_seed: int | None) -> tuple[int, list[str], float]:
    """(examples run, failures as text, seconds) for one parser and one kind of input."""
    calls = 0

    @settings(max_examples=examples, deadline=None, database=None, report_multiple_bugs=True,
              suppress_health_check=list(HealthCheck))
    @given(data=inputs(kind, how))
    def property_(data: bytes) -> None:
        nonlocal calls
        calls += 1
        check(kind, data, folder)

    test = seed(random_seed)(property_) if random_seed is not None else property_
    failures: list[str] = []
    start = time.perf_counter()
    try:
        test()
    except Exception as exc:  # several distinct failures come as an exception group
        failures = ["".join(traceback.format_exception(type(e), e, e.__traceback__, limit=-8))
                    for e in getattr(exc, "exceptions", [exc])]
    return calls, failures, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=2000, help="examples for each parser and input (2000)")
    parser.add_argument("--kind", choices=KINDS, action="append", help="only this parser (repeatable)")
    parser.add_argument("--input", choices=HOWS, action="append", help="only this kind of input (repeatable)")
    parser.add_argument("--seed", type=int, help="Hypothesis's random seed, to repeat a run")
    args = parser.parse_args()
    total_calls, total_failures, total_time = 0, 0, 0.0
    reports: list[str] = []
    print(f"{'parser':<9} {'input':<10} {'examples':>9} {'failures':>9} {'seconds':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kind or KINDS:
            for how in args.input or HOWS:
                calls, failures, elapsed = fuzz(kind, how, args.examples, Path(tmp), args.seed)
                print(f"{kind:<9} {how:<10} {calls:>9} {len(failures):>9} {elapsed:>8.1f}", flush=True)
                total_calls, total_failures, total_time = (total_calls + calls, total_failures + len(failures),
                                                           total_time + elapsed)
                reports += [f"--- {kind}, {how}\n{text}" for text in failures]
    print(f"{'total':<20} {total_calls:>9} {total_failures:>9} {total_time:>8.1f}")
    for report in reports:
        print("\n" + report)
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
