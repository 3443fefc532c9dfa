"""`vaultkit hooks install`: the pre-commit check of the notes being committed, and the
merge driver that lets notes edited on two machines merge by themselves."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from vaultkit.notes.writer import replace_if_unchanged
from vaultkit.sync.driver import ATTRIBUTE_LINE, ATTRIBUTES, DRIVER, DRIVER_NAME, add_attribute, driver_command
from vaultkit.sync.git import Git, GitError

HOOK_MARKER = "# vaultkit pre-commit hook"


@dataclass
class HookInstall:
    path: Path
    command: list[str]
    changed: bool  # False when the same hook was already there
    backup: Path | None = None  # where a replaced foreign hook was kept


@dataclass
class DriverInstall:
    attributes: Path  # the vault's .gitattributes
    attribute_added: bool
    config_changed: bool  # the clone's merge.vaultkit.* settings were written
    other: str | None = None  # the user's own `*.md merge=...` line, left in charge


def vaultkit_command() -> list[str]:
    """How to run this vaultkit from a hook: its own executable, else ``python -m vaultkit``."""
    argv0 = sys.argv[0] if sys.argv else ""
    if Path(argv0).name.lower() in ("vaultkit", "vaultkit.exe"):
        found = argv0 if os.sep in argv0 else shutil.which(argv0)
        if found and os.access(found, os.X_OK):
            return [str(Path(found).resolve())]
    return [os.path.abspath(sys.executable), "-m", "vaultkit"]


def hook_script(vault: Path, command: list[str]) -> str:
    run = " ".join(shlex.quote(part) for part in command)
    return f"""#!/bin/sh
{HOOK_MARKER}: refuses a commit while a note being committed has errors.
# Written by `vaultkit hooks install`; delete this file to turn the check off,
# or skip it once with `git commit --no-verify`.
if [ ! -x {shlex.quote(command[0])} ]; then
  echo "vaultkit pre-commit hook: cannot run" {shlex.quote(command[0])} "- run: vaultkit hooks install" >&2
  exit 1
fi
{run} check --staged --vault {shlex.quote(str(vault))} || {{
  echo "vaultkit: commit stopped: fix the errors above, then commit again (skip once: git commit --no-verify)" >&2
  exit 1
}}
"""


def install_hook(vault: Path, force: bool = False) -> HookInstall:
    """Write the repository's pre-commit hook running `vaultkit check --staged` on the vault."""
    git = Git.open(vault)
    path = git.git_paths("hooks/pre-commit")[0]
    command = vaultkit_command()
    data = hook_script(vault, command).encode()
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    backup = None
    if current is not None and HOOK_MARKER.encode() not in current:
        if not force:
            raise GitError(f"{path} exists and is not vaultkit's: add `vaultkit check --staged --vault {vault}` "
                           "to it yourself, or replace it with `vaultkit hooks install --force` (the old hook is "
                           "kept next to it).")
        backup = path.with_name("pre-commit.before-vaultkit")
        n = 1
        while backup.exists():
            n += 1
            backup = path.with_name(f"pre-commit.before-vaultkit.{n}")
        replace_if_unchanged(backup, None, current)
    changed = current != data
    if changed:
        replace_if_unchanged(path, current, data)
    os.chmod(path, 0o755)
    return HookInstall(path, command, changed, backup)


def install_driver(vault: Path) -> DriverInstall:
    """Register the merge driver: ``*.md merge=vaultkit`` in the vault's ``.gitattributes``
    (committed by the next sync, so every clone asks for it) and its command in this clone's
    ``.git/config``. A ``*.md`` merge setting of the user's own is left in charge."""
    git = Git.open(vault)
    added = add_attribute(vault)
    settings = {f"merge.{DRIVER}.name": DRIVER_NAME,
                f"merge.{DRIVER}.driver": driver_command(vaultkit_command())}
    changed = False
    for key, value in settings.items():
        proc = git.run("config", "--local", "--get", key)
        if proc.returncode == 0 and os.fsdecode(proc.stdout).rstrip("\n") == value:
            continue
        git.out("config", "--local", key, value)
        changed = True
    other = added if isinstance(added, str) else None
    return DriverInstall(vault / ATTRIBUTES, added is True, changed, other)


__all__ = ["ATTRIBUTE_LINE", "DriverInstall", "HookInstall", "hook_script", "install_driver", "install_hook",
           "vaultkit_command"]
