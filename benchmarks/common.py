"""Helpers shared by the benchmark scripts: build a genvault vault, time whole processes."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GENVAULT = REPO.parent / "shared" / "tools" / "genvault.py"
_SCRIPT = Path(sys.executable).parent / "vaultkit"
VAULTKIT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from vaultkit.cli.main import main; main()"]


def build_vault(contacts: int, events: int, today: str = "2026-11-26") -> Path:
    """A genvault vault in a temp folder (same seed, same vault), reused when present."""
    out = Path(tempfile.gettempdir()) / f"vaultkit-bench-{contacts}-{events}"
    marker = out / ".complete"
    if not marker.exists():
        subprocess.run([sys.executable, str(GENVAULT), str(out), "--contacts", str(contacts),
                        "--events", str(events), "--today", today], check=True, capture_output=True)
        marker.write_text("ok")
    return out


def env_with_cache(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache)
    env.pop("VAULTKIT_VAULT", None)
    return env


def run_timed(cmd: list[str], env: dict[str, str] | None = None, text: bool = True) -> tuple[float, Any]:
    """Wall time of one whole process, and its standard output (bytes unless ``text``: decoding
    megabytes of output would add to what is timed)."""
    start = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True)
    elapsed = time.perf_counter() - start
    if out.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{out.stderr.decode(errors='replace')}")
    return elapsed, out.stdout.decode() if text else out.stdout


def best_of(n: int, cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Median and minimum wall time over ``n`` runs."""
    times = [run_timed(cmd, env)[0] for _ in range(n)]
    return statistics.median(times), min(times)


def children_peak_rss_mb() -> float:
    """Largest resident set of any finished child process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
