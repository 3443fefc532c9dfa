"""The agenda as a markdown note for Obsidian: wikilinks to the notes, ``- [ ]`` checkboxes."""

from __future__ import annotations

from typing import Any

from vaultkit.engines.agenda import SECTIONS, _day, bullets
from vaultkit.notes.front_matter import GENERATED_LINE
from vaultkit.notes.links import note_link

MARKDOWN_LIMIT = 25


def _long_date(iso: str) -> str:
    d = _day(iso)
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B')} {d.year}"


def _quote(text: str, indent: str = "    ") -> list[str]:
    return [f"{indent}> {line}".rstrip() for line in text.split("\n")]


def render_markdown(agenda: dict[str, Any], limit: int = MARKDOWN_LIMIT,
                    sections: tuple[str, ...] = SECTIONS, front_matter: bool = True) -> str:
    """The agenda as an Obsidian note: wikilinks to the notes, ``- [ ]`` checkboxes. The front
    matter marks it as generated, so vaultkit never reads it back as a user note."""
    out: list[str] = []
    if front_matter:
        out += ["---", GENERATED_LINE, f"agenda_date: {agenda['date']}", f"days: {agenda['days']}",
                "---", f"# Agenda for {_long_date(agenda['date'])}", "",
                "_Written by vaultkit from your notes. It is rewritten only while nobody edited it: "
                "keep your own text in other notes._", ""]
    for name in sections:
        items = agenda.get(name, [])
        out.append(f"## {_TITLES[name]}")
        if not items:
            out.extend(["_Nothing._", ""])
            continue
        for item in items[:limit]:
            out.extend(_MARKDOWN[name](item, agenda["date"]))
        if len(items) > limit:
            out.append(f"- … and {len(items) - limit} more (`vaultkit agenda --format json` lists them all)")
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


_TITLES = {"follow_up": "Follow up", "reconnect": "Reconnect", "prepare": "Prepare", "tasks": "Tasks",
           "birthdays": "Birthdays", "introductions": "Introductions"}


def _md_follow_up(i: dict[str, Any], today: str) -> list[str]:
    after = f" after {note_link(i['event_path'], i['event'])}" if i.get("event_path") else ""
    late = " (overdue)" if i["due"] < today else ""
    out = [f"- [ ] Follow up with {note_link(i['path'], i['contact'])}{after}, due {i['due']}{late}"]
    out += [f"    - {p}" for p in i["talking_points"]]
    return out + _quote(i["draft"])


def _md_reconnect(i: dict[str, Any], today: str) -> list[str]:
    seen = f"last contact {i['last_contact']}" if i["last_contact"] else "never contacted"
    out = [f"- [ ] Reconnect with {note_link(i['path'], i['contact'])}: {seen}, every {i['cadence_days']} days"]
    note = i.get("last_note")
    if note:
        first = next(iter(bullets(note["text"])), "")
        out.append(f"    - {note['date']} {note['title']}" + (f": {first}" if first else ""))
    return out


def _md_prepare(e: dict[str, Any], today: str) -> list[str]:
    at = f" {e['time']}" if e.get("time") else ""
    where = f", {e['location']}" if e.get("location") else ""
    out = [f"### {e['date']}{at} {note_link(e['path'], e['event'])}{where}"]
    out += [f"- [ ] {goal}" for goal in e["goals"]]
    for card in e["attendees"] + e["to_meet"]:
        seen = f"last contact {card['last_contact']}" if card["last_contact"] else "never contacted"
        who = ", ".join(x for x in (card.get("role"), card.get("company")) if x)
        label = " (to meet)" if card in e["to_meet"] else ""
        out.append(f"- {note_link(card['path'], card['contact'])}{label}" + (f", {who}" if who else "") + f": {seen}")
        if card["needs"]:
            out.append(f"    - needs: {', '.join(card['needs'])}")
        if card["offers"]:
            out.append(f"    - offers: {', '.join(card['offers'])}")
        for n in card["notes"][:1]:
            out += [f"    - {n['date']}: {p}" for p in n["points"][:3]]
        for t in card["open_tasks"]:
            out.append(f"    - [ ] {t['text']}" + (f" (due {t['due']})" if t["due"] else ""))
    if e["unknown_attendees"]:
        out.append("- Not in your contacts yet: " + "; ".join(e["unknown_attendees"]))
    for w in e["worth_meeting"]:
        out.append(f"- Worth meeting there: {note_link(w['path'], w['contact'])} ({'; '.join(w['reasons'])})")
    return out


def _md_task(t: dict[str, Any], today: str) -> list[str]:
    people = ", ".join(note_link(p, n) for n, p in zip(t["contacts"], t["contact_paths"], strict=False))
    late = " (overdue)" if t["overdue"] else ""
    where = note_link(t["path"])
    return [f"- [ ] {t['text']} (due {t['due']}{late})" + (f" with {people}" if people else "") + f" in {where}"]


def _md_birthday(b: dict[str, Any], today: str) -> list[str]:
    age = f", turns {b['age']}" if b["age"] is not None else ""
    return [f"- [ ] {b['date']}: {note_link(b['path'], b['contact'])}{age}"]


def _md_intro(s: dict[str, Any], today: str) -> list[str]:
    a = note_link(s["a_path"], str(s["a"])) if s.get("a_path") else str(s["a"])
    b = note_link(s["b_path"], str(s["b"])) if s.get("b_path") else str(s["b"])
    reasons = "; ".join(str(r) for r in s.get("reasons", []))
    out = [f"- [ ] Introduce {a} and {b}" + (f": {reasons}" if reasons else "")]
    return out + (_quote(str(s["draft"])) if s.get("draft") else [])


_MARKDOWN = {"follow_up": _md_follow_up, "reconnect": _md_reconnect, "prepare": _md_prepare, "tasks": _md_task,
             "birthdays": _md_birthday, "introductions": _md_intro}
