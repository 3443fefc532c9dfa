"""The matcher's precision and recall on the hand-labelled need/offer pairs (tests/data/matching_pairs.csv)
stay at the goal: at least 0.9 over all pairs, and no fall on the held-out parts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_matching.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_matching", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_labelled_set_is_large_balanced_and_has_held_out_parts() -> None:
    rows = _bench().load()
    assert len(rows) >= 150
    true = sum(r["match"] == "1" for r in rows)
    assert 0.4 <= true / len(rows) <= 0.6
    assert {r["lang"] for r in rows} == {"en", "fr", "mixed"}
    assert {r["split"] for r in rows} == {"dev", "heldout", "heldout2"}


def test_precision_and_recall_stay_at_the_goal() -> None:
    bench = _bench()
    rows = bench.load()
    hits = bench.found(rows)
    precision, recall, _ = bench.scores(rows, hits)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    split = bench.by(rows, hits, "split")
    assert split["heldout"][0] >= 0.9 and split["heldout"][1] >= 0.95, split["heldout"]
    assert split["heldout2"][0] >= 0.8 and split["heldout2"][1] >= 0.75, split["heldout2"]
