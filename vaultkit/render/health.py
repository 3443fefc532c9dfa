"""`vaultkit health` as text, markdown (the Network note, with Mermaid charts) and JSON, and
the note written by ``health --write``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from vaultkit.notes.front_matter import GENERATED_LINE
from vaultkit.notes.links import note_link
from vaultkit.render.base import LIMIT

if TYPE_CHECKING:
    from rich.console import Console

    from vaultkit.config import Config
    from vaultkit.engines.health import ContactHealth, Health

TITLES = {"at_risk": "At risk", "cooling": "Cooling", "new": "New", "active": "Active", "dormant": "Dormant"}
NETWORK_NOTE = "Network.md"


def health_json(health: Health, indent: int | None = None) -> list[bytes]:
    """The documented JSON (docs/health.md), keys sorted."""
    text = json.dumps(health.to_json(), sort_keys=True, indent=indent, ensure_ascii=False)
    return [(text + "\n").encode("utf-8")]


def health_text(health: Health, console: Console, limit: int | None = LIMIT) -> list[bytes]:
    """A block per bucket that has contacts, each line with its reasons; ``limit`` lines a
    bucket (None: all). A bucket's number is its count: ``health`` may hold only the
    contacts shown (``build_health(shown=...)``)."""
    from rich.markup import escape

    counts = ", ".join(f"{n} {TITLES[b].lower()}" for b, n in health.buckets.items())
    lines = [f"[bold]Network health on {health.date}[/bold]: {counts}"]
    for bucket, items in _by_bucket(health).items():
        total = health.buckets[bucket]
        lines.append(f"\n[bold]{TITLES[bucket]}[/bold] ({total})")
        for item in items[:limit]:
            seen = f"last contact {item.last_contact}" if item.last_contact else "never contacted"
            lines.append(f"  {escape(item.contact)}  [dim]{seen}[/dim]")
            lines += [f"      {escape(why)}" for why in item.why]
        if limit is not None and total > limit:
            lines.append(f"  [dim]… and {total - limit} more (--bucket {bucket} shows them all)[/dim]")
    with console.capture() as captured:  # one print: each line is wrapped alone all the same
        console.print("\n".join(lines))
    return [captured.get().encode("utf-8")]


def health_markdown(health: Health, limit: int | None = LIMIT, *, note: bool = False) -> str:
    """The Network note: Mermaid charts (contacts per bucket, contacts per month over the last
    year, the most seen people), then each bucket with links and reasons. ``note``: with the
    front matter that marks it as generated. A bucket's number is its count, as in text."""
    lines = (["---", GENERATED_LINE, f"health_date: {health.date}", "---"] if note else [])
    lines += [f"# Network health on {health.date}", "",
              "_Written by vaultkit from your notes (`vaultkit health --write`); it is rewritten: "
              "keep your own text in other notes._", ""]
    lines += _pie(health) + _months(health) + _most_seen(health)
    for bucket, items in _by_bucket(health).items():
        total = health.buckets[bucket]
        lines += [f"## {TITLES[bucket]} ({total})", ""]
        for item in items[:limit]:
            lines.append(f"- {note_link(item.path, item.contact)}: {'; '.join(item.why)}")
        if limit is not None and total > limit:
            lines.append(f"- … and {total - limit} more (`vaultkit health --bucket {bucket}`)")
        lines.append("")
    return "\n".join(lines)


def network_path(config: Config, path: str | None = None) -> Path:
    """Where ``--write`` puts the note: PATH (relative to the vault), else Network.md at its
    root; never outside the vault."""
    target = config.vault / NETWORK_NOTE
    if path:
        p = Path(path).expanduser()
        target = p if p.is_absolute() else config.vault / p
    root = config.vault.resolve()
    if root not in target.resolve().parents:
        from vaultkit.errors import UsageError

        raise UsageError(f"{target}: outside the vault; vaultkit writes only inside {root} (nothing was written)")
    return target


def write_network(health: Health, target: Path) -> bool:
    """Write the Network note (a generated note: refused when someone edited it). True when
    it changed."""
    from vaultkit.errors import WriteRefused
    from vaultkit.notes.writer import write_generated

    try:
        return write_generated(target, health_markdown(health, note=True))
    except WriteRefused as exc:  # the writer's words are the agenda's
        raise WriteRefused(str(exc).replace("the agenda was not written", "the note was not written")) from exc


def _by_bucket(health: Health) -> dict[str, list[ContactHealth]]:
    out: dict[str, list[ContactHealth]] = {}
    for item in health.contacts:
        out.setdefault(item.bucket, []).append(item)
    return out


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "'").replace("\n", " ") + '"'


def _pie(health: Health) -> list[str]:
    slices = [f"    {_quoted(TITLES[b])} : {n}" for b, n in health.buckets.items() if n]
    if not slices:
        return []
    return ["```mermaid", "pie showData title Contacts per bucket", *slices, "```", ""]


def _months(health: Health) -> list[str]:
    if not health.per_month:
        return []
    labels = ", ".join(_quoted(m) for m, _ in health.per_month)
    values = ", ".join(str(n) for _, n in health.per_month)
    return ["```mermaid", "xychart-beta", '    title "Contacts per month"', f"    x-axis [{labels}]",
            '    y-axis "Days with a contact"', f"    bar [{values}]", "```", ""]


def _most_seen(health: Health) -> list[str]:
    if not health.most_seen:
        return []
    labels = ", ".join(_quoted(name) for name, _, _ in health.most_seen)
    values = ", ".join(str(n) for _, _, n in health.most_seen)
    return ["```mermaid", "xychart-beta horizontal", '    title "Most seen in the last year"',
            f"    x-axis [{labels}]", '    y-axis "Days with a contact"', f"    bar [{values}]", "```", ""]
