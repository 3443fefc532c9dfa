"""`vaultkit reach` as text for a terminal and as markdown (an Obsidian note); its JSON is
the result's own ``to_json()``."""

from __future__ import annotations

from vaultkit.engines.reach import KNOWN_WELL, Reach, WarmPath
from vaultkit.notes.links import note_link

_BUCKET = {"active": "active", "new": "new", "cooling": "cooling", "at_risk": "at risk", "dormant": "dormant"}


def _head(r: Reach) -> str:
    what = {"contact": "Reach", "company": "Reach someone at", "need": "Reach someone who offers"}[r.kind]
    return f"{what} {r.name}" + (f"  ({r.path})" if r.path and r.kind == "company" else "")


def reach_text(r: Reach, drafts: bool = True) -> str:
    """The targets, then each path with its reasons and (with ``drafts``) its message."""
    lines = [_head(r), ""]
    if r.kind != "contact":
        well = [t for t in r.targets if t.bucket in KNOWN_WELL]
        lines.append(f"People ({len(r.targets)})")
        for t in r.targets:
            you = f"you: {_BUCKET.get(t.bucket or '', 'unknown')}" + (" — ask them yourself" if t in well else "")
            lines.append(f"  {t.name} — {t.why} · {you}")
        lines += ["  nobody"] if not r.targets else []
        lines.append("")
    else:
        t = r.targets[0]
        lines += [f"you and {t.name}: {_BUCKET.get(t.bucket or '', 'unknown')} — {'; '.join(t.warmth_why)}", ""]
    lines.append(f"Warm paths ({len(r.paths)}{f' of {len(r.paths) + r.more}' if r.more else ''})")
    if not r.paths:
        lines.append("  none found: nobody you know is tied to them (knows, introduced_by, an introduction,"
                     " a small event, a company)")
    for n, p in enumerate(r.paths, 1):
        lines += ["", f"{n}. {p.connector} → {p.to}   score {p.score:.2f}"]
        lines.append(f"   you and {p.connector}: {_BUCKET[p.bucket]} — {'; '.join(p.warmth_why)}")
        lines += [f"   - {reason}" for reason in p.reasons]
        if drafts and p.draft is not None:
            lines += ["   draft:"] + [f"     {line}" if line else "" for line in p.draft.text.split("\n")]
    return "\n".join(lines)


def reach_markdown(r: Reach, drafts: bool = True) -> str:
    """The paths as a markdown section, each draft (with ``drafts``) in a quote."""
    lines = [f"## {_head(r)}", ""]
    if r.kind != "contact":
        lines.append("### People")
        lines += [f"- {note_link(t.path, t.name)} — {t.why} (you: {_BUCKET.get(t.bucket or '', 'unknown')})"
                  for t in r.targets] or ["- nobody"]
        lines.append("")
    else:
        t = r.targets[0]
        lines += [f"You and {note_link(t.path, t.name)}: {_BUCKET.get(t.bucket or '', 'unknown')} — "
                  f"{'; '.join(t.warmth_why)}", ""]
    lines.append("### Warm paths")
    lines += ["- none found"] if not r.paths else []
    for p in r.paths:
        lines += _path_md(p, drafts)
    return "\n".join(lines)


def _path_md(p: WarmPath, drafts: bool) -> list[str]:
    out = ["", f"#### {p.connector} → {p.to} ({p.score:.2f})",
           f"- {note_link(p.connector_path, p.connector)} → {note_link(p.to_path, p.to)}",
           f"- you and {p.connector}: {_BUCKET[p.bucket]} — {'; '.join(p.warmth_why)}"]
    out += [f"- {reason}" for reason in p.reasons]
    if drafts and p.draft is not None:
        out += [""] + [f"> {line}" if line else ">" for line in p.draft.text.split("\n")]
    return out
