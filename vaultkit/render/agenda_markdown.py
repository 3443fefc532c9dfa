"""The markdown renderer: the agenda as an Obsidian note, wikilinks to the notes, ``- [ ]`` checkboxes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vaultkit.engines.agenda import _day, bullets
from vaultkit.engines.results import SECTIONS
from vaultkit.engines.ticks import item_id
from vaultkit.notes.front_matter import GENERATED_LINE
from vaultkit.notes.links import note_link
from vaultkit.render.base import LIMIT, STEP_TEXT, TITLES, Renderer, event_label, job_change_text, years

if TYPE_CHECKING:
    from vaultkit.engines import results as r

MARKDOWN_LIMIT = LIMIT
HOW_TO_TICK = ("Written by vaultkit from your notes. Tick a box to do it: [x] done, [-] dismissed, "
               "⏳ YYYY-MM-DD after it to snooze; vaultkit records it in your notes. Keep your own "
               "text {where}: this {what} is rewritten.")


class MarkdownRenderer(Renderer):
    def __init__(self, limit: int = MARKDOWN_LIMIT) -> None:
        self.limit = limit

    def agenda(self, agenda: r.Agenda) -> list[bytes]:
        return [render_markdown(agenda, self.limit).encode("utf-8")]

    def prep(self, prep: r.Prep) -> list[bytes]:
        return [_sections(prep.date, {"prepare": prep.items}, self.limit).encode("utf-8")]

    def followup(self, followups: r.FollowUps) -> list[bytes]:
        return [_sections(followups.date, {"follow_up": followups.items}, self.limit).encode("utf-8")]


def _long_date(iso: str) -> str:
    d = _day(iso)
    return f"{d.strftime('%A')} {d.day} {d.strftime('%B')} {d.year}"


def _quote(text: str, indent: str = "    ") -> list[str]:
    return [f"{indent}> {line}".rstrip() for line in text.split("\n")]


def render_markdown(agenda: r.Agenda, limit: int = MARKDOWN_LIMIT) -> str:
    """The agenda as an Obsidian note: wikilinks to the notes, ``- [ ]`` checkboxes. The front
    matter marks it as generated, so vaultkit never reads it back as a user note."""
    head = ["---", GENERATED_LINE, f"agenda_date: {agenda.date}", f"days: {agenda.days}",
            "---", f"# Agenda for {_long_date(agenda.date)}", "",
            f"_{HOW_TO_TICK.format(where='in other notes', what='note')}_", ""]
    return "\n".join(head) + "\n" + _sections(agenda.date, {n: agenda.section(n) for n in SECTIONS}, limit,
                                              agenda.totals)


def render_region(agenda: r.Agenda, limit: int = MARKDOWN_LIMIT) -> str:
    """The agenda as a region of a note of the user's (the daily note): no front matter, its
    headings one level down (``## Agenda …``, ``### Follow up``)."""
    head = [f"## Agenda for {_long_date(agenda.date)}", "",
            f"_{HOW_TO_TICK.format(where='outside the markers', what='part')}_", ""]
    sections = _sections(agenda.date, {n: agenda.section(n) for n in SECTIONS}, limit, agenda.totals)
    return "\n".join(head) + "\n" + "\n".join("#" + line if line.startswith("#") else line
                                             for line in sections.split("\n"))


def _sections(today: str, sections: dict[str, list[Any]], limit: int, totals: dict[str, int] | None = None) -> str:
    """The sections, the first ``limit`` items of each; ``totals``: a section's number of
    items in all when the engine made only its first ones (``agenda --limit``)."""
    out: list[str] = []
    for name, items in sections.items():
        out.append(f"## {TITLES[name]}")
        total = max(len(items), (totals or {}).get(name, 0))
        if not total:
            out.extend(["_Nothing._", ""])
            continue
        shown = items[:limit]
        for item in shown:
            out.extend(_MARKDOWN[name](item, today))
        if total > len(shown):
            out.append(f"- … and {total - len(shown)} more (`vaultkit agenda --format json` lists them all)")
        out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def _draft(draft: str | None, mailto: str | None, context: list[str], notices: list[str]) -> list[str]:
    """A drafted message as a quote, then its send link, the user's notes beside it (never
    inside it) and its notices."""
    out = _quote(draft) if draft else []
    if mailto:
        out.append(f"    - [✉ Send]({_url(mailto)})")  # an item: a line right after a quote would join it
    if context:
        out.append("    - Your notes:")
        out += [f"        > {line}".rstrip() for line in context]
    out += [f"    - ⚠ {n}" for n in notices]
    return out


def _url(url: str) -> str:
    """A URL as a markdown link target: a space, ``<``, ``>`` or a parenthesis would end it."""
    return (url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            .replace("<", "%3C").replace(">", "%3E"))


def _md_follow_up(i: r.FollowUp, today: str) -> list[str]:
    after = f" after {note_link(i.event_path, i.event)}" if i.event_path else ""
    late = " (overdue)" if i.due < today else ""
    out = [f"- [ ] Follow up with {note_link(i.path, i.contact)}{after}, due {i.due}{late} "
           f"{item_id('fu', i.path, i.event_path)}"]
    out += [f"    - {p}" for p in i.talking_points]
    notes = [line for line in i.context if line not in i.talking_points]  # not twice
    return out + _draft(i.draft, i.mailto, notes, i.notices)


def _md_reconnect(i: r.Reconnect, today: str) -> list[str]:
    seen = f"last contact {i.last_contact}" if i.last_contact else "never contacted"
    out = [f"- [ ] Reconnect with {note_link(i.path, i.contact)}: {seen}, every {i.cadence_days} days "
           f"{item_id('rc', i.path)}"]
    note = i.last_note
    if note:
        first = next(iter(bullets(note.text)), "")
        out.append(f"    - {note.date} {note.title}" + (f": {first}" if first else ""))
    return out + (_draft(i.draft, i.mailto, i.context, i.notices) if i.draft else [])


def _md_card(card: r.Card, to_meet: bool) -> list[str]:
    seen = f"last contact {card.last_contact}" if card.last_contact else "never contacted"
    who = ", ".join(x for x in (card.role, card.company) if x)
    label = " (to meet)" if to_meet else ""
    out = [f"- {note_link(card.path, card.contact)}{label}" + (f", {who}" if who else "") + f": {seen}"]
    out += [f"    - here: {line}" for line in card.notes_here]
    if card.needs:
        out.append(f"    - needs: {', '.join(card.needs)}")
    if card.offers:
        out.append(f"    - offers: {', '.join(card.offers)}")
    for n in card.notes:
        out.append(f"    - {n.date} {n.title}:")
        out += [f"        - {p}" for p in n.points[:3]]
    for e in card.notes_elsewhere:
        date, label = event_label(e.date, e.event).split(" at ", 1)
        out.append(f"    - {date} at {note_link(e.path, label)}: {e.text}")
    for t in card.open_tasks:
        out.append(f"    - [ ] {t.text}" + (f" (due {t.due})" if t.due else "")
                   + f" in {note_link(t.path)} {item_id('tk', t.path, t.text)}")
    return out


def _md_prepare(e: r.Prepare, today: str) -> list[str]:
    at = f" {e.time}" if e.time else ""
    where = f", {e.location}" if e.location else ""
    out = [f"### {e.date}{at} {note_link(e.path, e.event)}{where}"]
    out += [f"- Goal: {goal}" for goal in e.goals]
    for card in e.attendees:
        out += _md_card(card, False)
    for card in e.to_meet:
        out += _md_card(card, True)
    if e.unknown_attendees:
        out.append("- Not in your contacts yet: " + "; ".join(e.unknown_attendees))
    for w in e.worth_meeting:
        out.append(f"- Worth meeting there: {note_link(w.path, w.contact)} ({'; '.join(w.reasons)})")
    return out


def _md_task(t: r.Task, today: str) -> list[str]:
    people = ", ".join(note_link(p, n) for n, p in zip(t.contacts, t.contact_paths, strict=False))
    late = ", overdue" if t.overdue else ""
    where = note_link(t.path)
    return [f"- [ ] {t.text} (due {t.due}{late})" + (f" with {people}" if people else "")
            + f" in {where} {item_id('tk', t.path, t.text)}"]


def _md_birthday(b: r.Birthday, today: str) -> list[str]:
    if b.occasion != "birthday":  # an important date: no box (no wishes to record)
        since = f" ({years(b.age)})" if b.age else ""
        return [f"- {b.date}: {note_link(b.path, b.contact)}, {b.occasion}{since}"]
    age = f", turns {b.age}" if b.age is not None else ""
    return ([f"- [ ] {b.date}: {note_link(b.path, b.contact)}{age} {item_id('bd', b.path)}"]
            + _draft(b.draft, b.mailto, b.context, b.notices))


def _md_job_change(j: r.JobChange, today: str) -> list[str]:
    return ([f"- [ ] {j.date}: {note_link(j.path, j.contact)}, {job_change_text(j)} {item_id('jc', j.path)}"]
            + _draft(j.draft, j.mailto, j.context, j.notices))


def _md_intro(s: r.Introduction, today: str) -> list[str]:
    a = note_link(s.a_path, str(s.a)) if s.a_path else str(s.a)
    b = note_link(s.b_path, str(s.b)) if s.b_path else str(s.b)
    reasons = "; ".join(str(x) for x in s.reasons)
    box = "- [ ]" if s.a_path and s.b_path else "-"  # a box only for what a tick can record
    out = [f"{box} Introduce {a} and {b}" + (f": {reasons}" if reasons else "")
           + (f" {item_id('in', s.a_path, s.b_path)}" if s.a_path and s.b_path else "")]
    out += _draft(str(s.draft) if s.draft else None, s.mailto, s.context, s.notices)
    if s.draft_b:
        out.append(f"    - After a yes, to {b}:")
        out += _draft(s.draft_b, s.mailto_b, [], [])
    return out


def _md_debrief(d: r.DebriefDue, today: str) -> list[str]:
    what = ", ".join(x for x in (f"{d.goals} goal{'s' * (d.goals != 1)}" if d.goals else "",
                                 f"{d.to_meet} to meet" if d.to_meet else "") if x)
    return [f"- [ ] Debrief {note_link(d.path, d.event)} of {d.date} ({what}): "
            f"tick to write its `## Debrief` {item_id('db', d.path)}"]


def _md_intro_due(i: r.IntroductionDue, today: str) -> list[str]:
    a, b = note_link(i.a_path, i.a), note_link(i.b_path, i.b)
    out = [f"- [ ] {a} and {b}: {STEP_TEXT[i.step].format(since=i.since)} in {note_link(i.path)} "
           f"{item_id('if', i.a_path, i.b_path, i.path, i.step)}"]
    out += _draft(i.draft, i.mailto, [], [])
    if i.draft_b:
        out.append(f"    - To {b}:")
        out += _draft(i.draft_b, i.mailto_b, [], [])
    return out


_MARKDOWN: dict[str, Callable[[Any, str], list[str]]] = {
    "follow_up": _md_follow_up, "reconnect": _md_reconnect, "prepare": _md_prepare, "tasks": _md_task,
    "birthdays": _md_birthday, "job_changes": _md_job_change, "introductions": _md_intro,
    "debrief": _md_debrief, "introductions_due": _md_intro_due}
