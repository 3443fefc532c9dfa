"""The optional ``draft_command``: a program of the user's (a local model, a script) that
rewrites a drafted message. It reads JSON on standard input and writes the new message on
standard output; vaultkit keeps its own draft, with a notice, when the command fails."""

from __future__ import annotations

import json
import shlex
import subprocess
from typing import Any


def rewrite(command: str, payload: dict[str, Any], timeout: float) -> tuple[str | None, str | None]:
    """``(new text, None)``, or ``(None, notice)`` when the command cannot be run, fails,
    takes longer than ``timeout`` seconds or answers nothing."""
    try:
        argv = shlex.split(command)
    except ValueError as exc:
        return None, f"draft_command cannot be read ({exc}): the built-in draft is kept"
    if not argv:
        return None, None
    try:
        done = subprocess.run(argv, input=json.dumps(payload, ensure_ascii=False), capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"draft_command took more than {timeout:g} s: the built-in draft is kept"
    except OSError as exc:
        return None, f"draft_command could not run ({exc.strerror or exc}): the built-in draft is kept"
    if done.returncode != 0:
        err = " ".join(done.stderr.split())[:200]
        return None, (f"draft_command failed (exit status {done.returncode}{': ' + err if err else ''}): "
                      "the built-in draft is kept")
    text = done.stdout.replace("\r\n", "\n").strip()
    if not text:
        return None, "draft_command answered nothing: the built-in draft is kept"
    return text, None
