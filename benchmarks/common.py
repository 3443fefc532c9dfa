"""Helpers shared by the benchmark scripts: write a synthetic vault (tools/genvault.py), time whole processes."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GENVAULT = REPO / "tools" / "genvault.py"
_SCRIPT = Path(sys.executable).parent / "vaultkit"
VAULTKIT = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from vaultkit.cli.main import main; main()"]


def write_vault(out: Path, contacts: int, events: int, today: str) -> None:
    """The project's synthetic vault (tools/genvault.py, default seed) written into ``out``."""
    sys.path.insert(0, str(GENVAULT.parent))
    try:
        from genvault import generate
    finally:
        sys.path.remove(str(GENVAULT.parent))
    generate(out, contacts, events, today=today)


def build_vault(contacts: int, events: int, today: str = "2026-11-26", folder: Path | None = None) -> Path:
    """A synthetic vault in a temp folder, or under ``folder`` (same generator, seed and day:
    same vault), reused when present."""
    version = hashlib.sha256(GENVAULT.read_bytes()).hexdigest()[:10]
    name = f"vaultkit-bench-{contacts}-{events}-{today}-{version}"
    out = (folder or Path(tempfile.gettempdir())) / name
    marker = out / ".complete"
    if not marker.exists():
        shutil.rmtree(out, ignore_errors=True)  # a build cut short
        write_vault(out, contacts, events, today)
        marker.write_text("ok")
    return out


def vault_copy(dest: Path, contacts: int, events: int, today: str, config: str) -> Path:
    """A writable copy of ``build_vault``'s vault at ``dest``, ``config`` added to its
    .vaultkit/config.yaml (for benchmarks that write into the vault)."""
    shutil.copytree(build_vault(contacts, events, today), dest)
    path = dest / ".vaultkit" / "config.yaml"
    path.parent.mkdir(exist_ok=True)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(config)
    return dest


def env_with_cache(cache: Path, bytecode: bool = False) -> dict[str, str]:
    """The environment of a timed command: its own cache folder; with ``bytecode``, code
    compiled once and kept (under the cache, out of the source tree), as an installed package has it."""
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(cache)
    env.pop("VAULTKIT_VAULT", None)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")
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


def import_twice(cmd: list[str], env: dict[str, str], vault: Path, baseline: float) -> None:
    """Time a capture command twice on a warm index, print both against ``baseline`` and the
    goals (the first under 30 s, the second under 5 s), and stop when the second wrote anything."""
    run_timed([*VAULTKIT, "index", "--vault", str(vault)], env)  # a warm index, as every day
    before: dict[Path, int] = {}
    for label, goal in (("first import (writes the notes)", 30), ("second import (a no-op)", 5)):
        if label.startswith("second"):
            before = {p: p.stat().st_mtime_ns for p in vault.rglob("*.md")}
        took, text = run_timed(cmd, env)
        print(f"{label:<48} {took:7.2f} s  ({took / baseline:.2f}x baseline; goal < {goal} s)")
        print(f"  {text.strip().splitlines()[-1]}")
    after = {p: p.stat().st_mtime_ns for p in vault.rglob("*.md")}
    touched = [str(p.relative_to(vault)) for p in after if before.get(p) != after[p]]
    print(f"notes written by the second run: {len(touched)}")
    if touched or "recorded 0 in 0 notes" not in text:
        raise SystemExit("the second run was not a no-op")


def best_of(n: int, cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Median and minimum wall time over ``n`` runs."""
    times = [run_timed(cmd, env)[0] for _ in range(n)]
    return statistics.median(times), min(times)


def children_peak_rss_mb() -> float:
    """Largest resident set of any finished child process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def timed_runs(cmd: list[str], env: dict[str, str], runs: int,
               setup: Callable[[], object] | None = None) -> tuple[float, float, float]:
    """(median wall, best wall, median CPU) seconds of ``runs`` runs of ``cmd``, ``setup()``
    called ahead of each (untimed). CPU time (user + system of the child) shows the cost when
    other processes share the machine."""
    walls, cpus = [], []
    for _ in range(runs):
        if setup is not None:
            setup()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), min(walls), statistics.median(cpus)
