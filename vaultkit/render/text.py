"""The text renderer: the agenda for a terminal, one block per section, readable at 80
columns, colours only when the output is a terminal (rich)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from vaultkit.engines.agenda import bullets
from vaultkit.engines.results import SECTIONS
from vaultkit.notes.values import display
from vaultkit.render.base import LIMIT, STEP_TEXT, TITLES, Renderer, event_label, job_change_text, undated, years

if TYPE_CHECKING:
    from vaultkit.engines import results as r

TEXT_LIMIT = LIMIT


class TextRenderer(Renderer):
    """Lays the text out for ``console`` (its width; colours when it is a terminal)."""

    def __init__(self, console: Console | None = None, limit: int = TEXT_LIMIT) -> None:
        self.out = console or Console(highlight=False, soft_wrap=False)
        self.limit = limit

    def agenda(self, agenda: r.Agenda) -> list[bytes]:
        return self._capture(lambda: self._write(agenda.date, {n: agenda.section(n) for n in SECTIONS},
                                                 agenda.days, agenda.totals))

    def prep(self, prep: r.Prep) -> list[bytes]:
        return self._capture(lambda: self._write(prep.date, {"prepare": prep.items}))

    def followup(self, followups: r.FollowUps) -> list[bytes]:
        return self._capture(lambda: self._write(followups.date, {"follow_up": followups.items}))

    def _capture(self, write) -> list[bytes]:
        with self.out.capture() as captured:
            write()
        return [captured.get().encode("utf-8")]

    # -- lines -----------------------------------------------------------------------------

    def _show(self, text: Text, indent: int, hang: int) -> None:
        out = self.out
        width = max(24, min(out.width, 100) - indent - hang)
        for n, line in enumerate(text.wrap(out, width, justify="default", overflow="fold")):
            line.rstrip()
            out.print(Text(" " * (indent + (hang if n else 0))) + line if line.plain else Text(""), soft_wrap=True)

    def _say(self, markup: str, indent: int = 0, hang: int = 2) -> None:
        self._show(Text.from_markup(markup), indent, hang)

    def _draft(self, draft: str | None, mailto: str | None = None, context: Sequence[str] = (),
               notices: Sequence[str] = (), shown: Sequence[str] = ()) -> None:
        """A drafted message in italics, then its send link (the address, a link a terminal
        opens in the mail app), the user's notes beside it (never inside it; those already
        ``shown`` above it left out) and its notices."""
        for line in draft.split("\n") if draft else ():
            self._show(Text(line, style="italic"), 6, 0)
        if mailto:
            address = unquote(mailto.removeprefix("mailto:").split("?", 1)[0])
            self._say(f"[dim]send:[/dim] [link={escape(mailto)}]✉ {escape(address)}[/link]", 6)
        notes = [line for line in context if line not in shown]
        if notes:
            self._say("[dim]your notes:[/dim]", 6)
            for line in notes:
                self._say(f"> {escape(line)}", 8)
        for notice in notices:
            self._say(f"[yellow]⚠ {escape(notice)}[/yellow]", 6)

    # -- sections --------------------------------------------------------------------------

    def _write(self, today: str, sections: dict[str, list[Any]], days: int | None = None,
               totals: dict[str, int] | None = None) -> None:
        """The sections, the first ``limit`` items of each; ``totals``: a section's number of
        items in all when the engine made only its first ones (``agenda --limit``)."""
        full = days is not None
        if full:
            self._say(f"[bold]Agenda for {today}[/bold] [dim](next {days} days)[/dim]")
        for name, items in sections.items():
            if full or len(sections) > 1:
                self.out.print()
            total = max(len(items), (totals or {}).get(name, 0))
            self._say(f"[bold cyan]{TITLES[name]}[/bold cyan] [dim]({total})[/dim]")
            if not total:
                self._say("[dim]nothing[/dim]", 2)
            shown = items[: self.limit]
            for item in shown:
                getattr(self, f"_{name}")(item, today)
            if total > len(shown):
                self._say(f"[dim]… and {total - len(shown)} more (--format json lists them all)[/dim]", 2)

    def _follow_up(self, item: r.FollowUp, today: str) -> None:
        late = "[red]overdue[/red] " if item.due < today else ""
        after = f" after {escape(item.event)}" if item.event else ""
        self._say(f"• [bold]{escape(item.contact)}[/bold]{after} {late}[dim]due {item.due}[/dim]", 2)
        for point in item.talking_points:
            self._say(f"- {escape(point)}", 4)
        self._draft(item.draft, item.mailto, item.context, item.notices, shown=item.talking_points)

    def _reconnect(self, item: r.Reconnect, today: str) -> None:
        seen = f"last contact {item.last_contact}" if item.last_contact else "never contacted"
        self._say(f"• [bold]{escape(item.contact)}[/bold] [dim]{seen}, every {item.cadence_days} days[/dim]", 2)
        note = item.last_note
        if note:
            first = next(iter(bullets(note.text)), "")
            self._say(f"{note.date} {escape(note.title)}" + (f": {escape(first)}" if first else ""), 4)
        if item.draft:
            self._draft(item.draft, item.mailto, item.context, item.notices)

    def _prepare(self, item: r.Prepare, today: str) -> None:
        when = (item.date or "") + (f" {item.time}" if item.time else "")
        self._say(f"• [bold]{escape(item.event)}[/bold] [dim]{when}"
                  + (f", {escape(str(item.location))}" if item.location else "") + "[/dim]", 2)
        for goal in item.goals:
            self._say(f"goal: {escape(goal)}", 4)
        for card in item.attendees:
            self._card(card, False)
        for card in item.to_meet:
            self._card(card, True)
        if item.unknown_attendees:
            self._say("[yellow]not in your contacts yet:[/yellow] " + escape("; ".join(item.unknown_attendees)), 4)
        for who in item.worth_meeting:
            self._say(f"worth meeting there: {escape(who.contact)} [dim]({escape('; '.join(who.reasons))})[/dim]", 4)

    def _card(self, card: r.Card, to_meet: bool) -> None:
        seen = f"last contact {card.last_contact}" if card.last_contact else "never contacted"
        tag = " (to meet)" if to_meet else ""
        who = ", ".join(x for x in (card.role, card.company) if x)
        self._say(f"[bold]{escape(card.contact)}[/bold]{tag}" + (f", {escape(who)}" if who else "")
                  + f" [dim]{seen}[/dim]", 4)
        for line in card.notes_here:
            self._say(f"here: {escape(line)}", 6)
        if card.needs:
            self._say(f"needs: {escape(', '.join(card.needs))}", 6)
        if card.offers:
            self._say(f"offers: {escape(', '.join(card.offers))}", 6)
        for note in card.notes:
            self._say(f"{note.date} {escape(note.title)}:", 6)
            for point in note.points[:3]:
                self._say(f"- {escape(point)}", 8)
        for e in card.notes_elsewhere:
            self._say(f"{event_label(e.date, e.event)}: {escape(e.text)}", 6)
        for task in card.open_tasks:
            self._say(f"[ ] {escape(display(task.text))}" + (f" [dim](due {task.due})[/dim]" if task.due else ""), 6, 4)

    def _tasks(self, item: r.Task, today: str) -> None:
        late = "[red]overdue[/red] " if item.overdue else ""
        people = f" [dim]({escape(', '.join(item.contacts))})[/dim]" if item.contacts else ""
        self._say(f"[ ] {escape(display(item.text))}{people} {late}[dim]due {item.due}[/dim]", 2, 4)

    def _birthdays(self, item: r.Birthday, today: str) -> None:
        if item.occasion == "birthday":
            age = f", turns {item.age}" if item.age is not None else ""
        else:  # an important date: its name, and the years since
            age = f", {escape(item.occasion)}" + (f" ({years(item.age)})" if item.age else "")
        self._say(f"• {item.date} [bold]{escape(item.contact)}[/bold]{age}", 2)
        self._draft(item.draft, item.mailto, item.context, item.notices)

    def _job_changes(self, item: r.JobChange, today: str) -> None:
        self._say(f"• {item.date} [bold]{escape(item.contact)}[/bold]: {escape(job_change_text(item))}", 2)
        self._draft(item.draft, item.mailto, item.context, item.notices)

    def _debrief(self, item: r.DebriefDue, today: str) -> None:
        what = ", ".join(x for x in (f"{item.goals} goal{'s' * (item.goals != 1)}" if item.goals else "",
                                     f"{item.to_meet} to meet" if item.to_meet else "") if x)
        event = escape(undated(item.date, item.event))
        self._say(f"• {item.date} [bold]{event}[/bold]: {what} [dim](vaultkit debrief)[/dim]", 2)

    def _introductions_due(self, item: r.IntroductionDue, today: str) -> None:
        self._say(f"• [bold]{escape(item.a)}[/bold] ↔ [bold]{escape(item.b)}[/bold]: "
                  f"{escape(STEP_TEXT[item.step].format(since=item.since))}", 2)
        self._draft(item.draft, item.mailto, [], [])
        if item.draft_b:
            self._say(f"To {escape(item.b)}:", 4)
            self._draft(item.draft_b, item.mailto_b, [], [])

    def _introductions(self, item: r.Introduction, today: str) -> None:
        self._say(f"• [bold]{escape(str(item.a))}[/bold] ↔ [bold]{escape(str(item.b))}[/bold]", 2)
        for reason in item.reasons:
            self._say(f"- {escape(str(reason))}", 4)
        self._draft(item.draft, item.mailto, item.context, item.notices)
