"""`vaultkit debrief`: its text, markdown and JSON (docs/debrief.md)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from vaultkit.engines.debrief import debrief_text
from vaultkit.engines.debriefing import HEADING
from vaultkit.notes.links import note_link

if TYPE_CHECKING:
    from vaultkit.engines.results import Debrief


def debrief_json(d: Debrief, indent: int | None = None) -> list[bytes]:
    """The documented JSON, keys sorted."""
    return [(json.dumps(d.to_json(), sort_keys=True, indent=indent, ensure_ascii=False) + "\n").encode("utf-8")]


def debrief_markdown(d: Debrief, today: str) -> str:
    """The section ``--write`` appends to the event note, with its heading."""
    return f"## {HEADING}: {note_link(d.path, d.event)}\n" + debrief_text(d, today, note_link) + "\n"


def debrief_plain(d: Debrief) -> str:
    """The debrief as plain text for a terminal."""
    out = [f"Debrief of {d.event}" + (f" ({d.date})" if d.date else "")]
    if d.written:
        out.append("  (the note already has a ## Debrief section)")
    met = sum(g.met for g in d.goals)
    out += ["", f"Goals: {met} of {len(d.goals)} with something written about them"]
    for g in d.goals:
        out.append(f"  {'✓' if g.met else '✗'} {g.goal}")
        out += [f"      {e}" for e in g.evidence[:3]]
        if len(g.evidence) > 3:
            out.append(f"      … and {len(g.evidence) - 3} more")
    if d.to_meet:
        out += ["", f"People to meet: {sum(p.met for p in d.to_meet)} of {len(d.to_meet)} met"]
        out += [f"  {'✓' if p.met else '✗'} {p.name}" + (f"  ({p.how})" if p.met else "") for p in d.to_meet]
    out += ["", f"New contacts ({len(d.new_contacts)})"]
    out += [f"  {n}" for n in d.new_contacts] or ["  none"]
    if d.follow_ups:
        pending = [f for f in d.follow_ups if f.state == "pending"]
        out += ["", f"Follow-ups: {len(d.follow_ups) - len(pending)} sent, {len(pending)} pending"]
        out += [f"  {'sent   ' if f.state == 'sent' else 'pending'} {f.contact}" + (f"  {f.on}" if f.on else "")
                for f in d.follow_ups]
    return "\n".join(out) + "\n"
