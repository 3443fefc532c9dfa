"""Desktop notifications: notify-send on Linux, osascript on macOS, nothing elsewhere.

The title and body are always passed as arguments of the notifier, never put into a
shell line or a script's text (AppleScript gets them as ``argv`` of its run handler).
"""

from __future__ import annotations

import subprocess
import sys

TIMEOUT_SECONDS = 10.0
# the text of the AppleScript: the title and body arrive as its arguments
APPLESCRIPT = ("on run argv", "display notification (item 2 of argv) with title (item 1 of argv)", "end run")


class NotifyFailed(Exception):
    """The notifier is missing, failed or hung: the message says which, and how."""


def command(title: str, body: str, platform: str | None = None) -> list[str] | None:
    """The command that shows a notification on ``platform`` (default: this one), or None
    when vaultkit has no notifier there."""
    platform = sys.platform if platform is None else platform
    if platform.startswith("linux"):
        return ["notify-send", title, body]
    if platform == "darwin":
        script = [arg for line in APPLESCRIPT for arg in ("-e", line)]
        return ["osascript", *script, title, body]
    return None


def send(title: str, body: str, platform: str | None = None) -> bool:
    """Show a notification; False when this platform has no notifier. Raises NotifyFailed."""
    argv = command(title, body, platform)
    if argv is None:
        return False
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        hint = " (install libnotify, e.g. the libnotify-bin package)" if argv[0] == "notify-send" else ""
        raise NotifyFailed(f"{argv[0]} not found{hint}") from None
    except subprocess.TimeoutExpired:
        raise NotifyFailed(f"{argv[0]} did not answer within {TIMEOUT_SECONDS:.0f}s") from None
    except OSError as exc:
        raise NotifyFailed(f"{argv[0]} could not run: {exc.strerror or exc}") from None
    if done.returncode != 0:
        said = " ".join(done.stderr.decode("utf-8", "replace").split())[:200]
        raise NotifyFailed(f"{argv[0]} failed (exit status {done.returncode})" + (f": {said}" if said else ""))
    return True
