"""Benchmark: precision and recall of the need/offer matcher on the labelled pairs.

    .venv/bin/python benchmarks/bench_matching.py [--pairs tests/data/matching_pairs.csv] [--misses]

Each row of the set is a need, an offer, whether they should meet (1) or not (0), the
language (en, fr, mixed) and the split (``dev``, the rows looked at while writing the
vocabulary; ``heldout``, never used to tune it). A pair is found when ``terms.meets`` is
above 0 (an exact or a close match), with no config. Prints precision and recall by split
and language and over all rows; exits 1 when either is under the goal (0.9) over all rows.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

GOAL = 0.9
PAIRS = Path(__file__).resolve().parents[1] / "tests" / "data" / "matching_pairs.csv"


def load(path: Path = PAIRS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def found(rows: list[dict[str, str]]) -> list[bool]:
    """Whether the matcher pairs each row's need and offer."""
    from vaultkit.engines.terms import Phrase, Vocabulary, meets

    vocab = Vocabulary()

    def phrase(text: str) -> Phrase:
        return Phrase(text, vocab.full(text), vocab.parts(text))

    return [meets(phrase(r["need"]), phrase(r["offer"])) > 0 for r in rows]


def scores(rows: list[dict[str, str]], hits: list[bool]) -> tuple[float, float, int]:
    """(precision, recall, rows) of the matcher's answers ``hits`` on ``rows``."""
    tp = sum(1 for r, h in zip(rows, hits, strict=True) if h and r["match"] == "1")
    fp = sum(1 for r, h in zip(rows, hits, strict=True) if h and r["match"] != "1")
    fn = sum(1 for r, h in zip(rows, hits, strict=True) if not h and r["match"] == "1")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, len(rows)


def by(rows: list[dict[str, str]], hits: list[bool], key: str) -> dict[str, tuple[float, float, int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for n, r in enumerate(rows):
        groups[r[key]].append(n)
    return {g: scores([rows[n] for n in ns], [hits[n] for n in ns]) for g, ns in sorted(groups.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="the labelled CSV")
    parser.add_argument("--misses", action="store_true", help="also print every pair the matcher gets wrong")
    args = parser.parse_args()
    rows = load(args.pairs)
    hits = found(rows)
    print(f"{len(rows)} labelled pairs, {sum(r['match'] == '1' for r in rows)} true matches")
    print(f"{'':14} {'precision':>9} {'recall':>7} {'pairs':>6}")
    for key in ("split", "lang"):
        for group, (p, r, n) in by(rows, hits, key).items():
            print(f"{key + ' ' + group:14} {p:9.3f} {r:7.3f} {n:6}")
    p, r, n = scores(rows, hits)
    print(f"{'all':14} {p:9.3f} {r:7.3f} {n:6}")
    if args.misses:
        for row, hit in zip(rows, hits, strict=True):
            if hit != (row["match"] == "1"):
                kind = "false match" if hit else "missed"
                print(f"  {kind:11} [{row['split']}] {row['need']!r} / {row['offer']!r}")
    ok = p >= GOAL and r >= GOAL
    print(f"goal: precision and recall >= {GOAL}: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
