"""One very large note: indexing it must grow with its size, not with its size squared.

Writes a contact note of about ``--mb`` megabytes made of dated sections that link two
people each, then times a cold `vaultkit index` and a warm `vaultkit agenda` on it, against
`frontmatter.load` of the same file (measured in the same run), for two sizes: the ratio of
the times should be close to the ratio of the sizes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import env_with_cache

VAULTKIT = [sys.executable, "-m", "vaultkit"]


def write_note(folder: Path, megabytes: float) -> Path:
    path = folder / "people" / "Big.md"
    path.parent.mkdir(parents=True)
    lines, size, day = ["---", "type: contact", "---"], 30, dt.date(1900, 1, 1)
    while size < megabytes * 1_000_000:
        for line in (f"## {day.isoformat()} Coffee with [[Bob]] about the pilot",
                     "Talked with [[Alice]] too: send the deck and the article, then an intro.", ""):
            lines.append(line)
            size += len(line) + 1
        day += dt.timedelta(days=1)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(megabytes: float) -> tuple[float, float, float]:
    import frontmatter

    with tempfile.TemporaryDirectory() as tmp:
        vault = Path(tmp) / "vault"
        note = write_note(vault, megabytes)
        env = env_with_cache(Path(tmp) / "cache")
        start = time.perf_counter()
        frontmatter.load(str(note))
        baseline = time.perf_counter() - start
        index = timed([*VAULTKIT, "index", "--vault", str(vault)], env)
        agenda = timed([*VAULTKIT, "agenda", "--date", "2026-12-03", "--format", "json", "--vault", str(vault)], env)
    return baseline, index, agenda


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=14.0, help="size of the large note (the small one is a tenth)")
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "vaultkit"], check=True)
    rows = [(args.mb / 10, *measure(args.mb / 10)), (args.mb, *measure(args.mb))]
    print(f"{'note size':>10} {'frontmatter.load':>17} {'vaultkit index':>15} {'vaultkit agenda':>16}")
    for mb, baseline, index, agenda in rows:
        print(f"{mb:8.1f} MB {baseline:15.3f} s {index:13.3f} s {agenda:14.3f} s")
    small, large = rows
    print(f"size x{large[0] / small[0]:.0f}: index time x{large[2] / small[2]:.1f}, "
          f"agenda time x{large[3] / small[3]:.1f} (linear: close to the size ratio, plus start-up)")
    print(f"target: a {args.mb:.0f} MB note indexes in under 2 s: {'met' if large[2] < 2 else 'missed'}")


if __name__ == "__main__":
    main()
