"""`vaultkit sync` against plain git on a large vault (10,000 contacts, 3,000 events by default).

    .venv/bin/python benchmarks/bench_sync.py [--contacts N] [--events M] [--edits K]

Two copies of the same synthetic vault (tools/genvault.py), each a git
repository with its own bare remote. Baseline, in the same run: the plain git commands a person would type
(`git add -A && git commit -m ... && git pull --rebase && git push`); vaultkit:
one `vaultkit sync` process doing the same plus reading every changed note for
the commit message. Three steps: the first sync of the whole vault, a sync
after K edits (plus 2 deletions and 3 new notes), and a sync with nothing to
do. Prints seconds and the ratio vaultkit / baseline for each.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from common import VAULTKIT, build_vault, run_timed

BASELINE = "git add -A && git commit -q -m sync; {remote}"


def git_env(home: Path) -> dict[str, str]:
    env = dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1", XDG_CACHE_HOME=str(home / "cache"))
    for who in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{who}_NAME"] = "Bench"
        env[f"GIT_{who}_EMAIL"] = "bench@example.com"
    env.pop("VAULTKIT_VAULT", None)
    return env


def prepare(source: Path, folder: Path, env: dict[str, str]) -> Path:
    vault = folder / "vault"
    shutil.copytree(source, vault, ignore=shutil.ignore_patterns(".complete"))
    remote = folder / "remote.git"
    for cmd in (["git", "init", "-q", "--bare", "-b", "main", str(remote)],
                ["git", "-C", str(vault), "init", "-q", "-b", "main"],
                ["git", "-C", str(vault), "remote", "add", "origin", str(remote)]):
        subprocess.run(cmd, check=True, env=env)
    return vault


def edit(vault: Path, edits: int, round_: int) -> None:
    """The same edits in both copies: appended interactions, 2 deletions, 3 new contacts."""
    people = sorted((vault / "people").glob("*.md"))
    for path in people[:edits]:
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"\n## 2026-11-2{round_} Coffee\n- talked about the benchmark\n")
    for path in people[-2 - 2 * round_:len(people) - 2 * round_]:
        path.unlink()
    for i in range(3):
        (vault / "people" / f"Bench Person {round_}-{i}.md").write_text("---\ntype: contact\n---\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--edits", type=int, default=20)
    args = parser.parse_args()
    source = build_vault(args.contacts, args.events)
    files = sum(1 for _ in source.rglob("*.md"))
    with tempfile.TemporaryDirectory(prefix="vaultkit-bench-sync-") as tmp:
        root = Path(tmp)
        env = git_env(root)
        plain = prepare(source, root / "plain", env)
        kit = prepare(source, root / "kit", env)
        print(f"vault: {files} notes, {args.edits} edits per round")
        print(f"{'step':<24}{'git (s)':>10}{'vaultkit (s)':>14}{'ratio':>8}")
        steps = [("first sync (all notes)", "git push -q -u origin main", None),
                 ("after edits", "git pull -q --rebase && git push -q", 1),
                 ("nothing to do", "git pull -q --rebase && git push -q", None)]
        for label, remote, round_ in steps:
            if round_:
                edit(plain, args.edits, round_)
                edit(kit, args.edits, round_)
            base, _ = run_timed(["sh", "-c", f"cd {plain} && " + BASELINE.format(remote=remote)], env)
            mine, out = run_timed([*VAULTKIT, "sync", "--vault", str(kit)], env)
            print(f"{label:<24}{base:>10.2f}{mine:>14.2f}{mine / base:>8.2f}")
        log = subprocess.run(["git", "-C", str(kit), "log", "--format=%s"], capture_output=True, text=True,
                             env=env).stdout.splitlines()
        print("vaultkit commits:", *log, sep="\n  ")


if __name__ == "__main__":
    main()
