"""Rich rendering of `show` cards and `list` tables for a terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

SKIP_FIELDS = {"name", "title"}


def _value(value: Any) -> str:
    """A front-matter value as a person reads it: YAML's words, not Python's."""
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join("(empty)" if v is None else _value(v) if isinstance(v, (bool, dict, list)) else str(v)
                         for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)


def render_card(out: Console, card: dict[str, Any]) -> None:
    out.print(f"[bold]{escape(card['name'])}[/bold]  [dim]{escape(card['path'])}[/dim]")
    for key, value in sorted(card["fields"].items()):
        if key not in SKIP_FIELDS:
            out.print(f"  [cyan]{escape(key)}[/cyan]: {escape(_value(value))}")
    if card["kind"] == "contact":
        out.print(f"  [cyan]last contact[/cyan]: {card['last_contact'] or 'never'}")
        mention = card.get("last_mention")
        if mention:
            out.print(f"  [cyan]last mention[/cyan]: {mention['date']} in {escape(mention['path'])}"
                      f" (line {mention['line']})")
        if card["interactions"]:
            out.print("\n[bold]Interactions[/bold]")
            for item in card["interactions"][:15]:
                where = "" if item["source"] == "note" else f" [dim]({escape(item['path'])})[/dim]"
                out.print(f"  {item['date']}  {escape(item['title'])}{where}")
                for line in item["text"].splitlines()[:4]:
                    if line.strip():
                        out.print(f"      {escape(line.strip())}")
        if card["events"]:
            out.print("\n[bold]Events[/bold]")
            for event in card["events"]:
                out.print(f"  {event['date'] or '????-??-??'}  {escape(event['title'])}")
    else:
        out.print(f"  [cyan]date[/cyan]: {card['date'] or 'none'}")
        if card["attendees"]:
            out.print("\n[bold]Attendees[/bold]")
            for att in card["attendees"]:
                known = "" if att["path"] else " [yellow](not a contact yet)[/yellow]"
                out.print(f"  {escape(att['name'])}{known}")
                for point in card["notes_on_attendees"].get(att["name"], []):
                    out.print(f"      {escape(point)}")
    if card["open_tasks"]:
        out.print("\n[bold]Open tasks[/bold]")
        for task in card["open_tasks"]:
            due = f" [yellow](due {task['due']})[/yellow]" if task["due"] else ""
            out.print(f"  - [ ] {escape(task['text'])}{due}")
    if card["linked_from"]:
        out.print("\n[bold]Linked from[/bold]")
        for src in card["linked_from"][:20]:
            out.print(f"  {escape(src)}")
    for problem in card["problems"]:
        out.print(f"[red]{escape(problem)}[/red]")


def render_list(out: Console, what: str, rows: list[dict[str, Any]]) -> None:
    """The rows of `list` as a table fitted to the terminal, and how many there are."""
    from vaultkit.render.table import table_lines

    if what == "contacts":
        headers = ("name", "company", "last contact", "tags")
        cells = [(r["name"], r["company"] or "", r["last_contact"] or "", ", ".join(r["tags"])) for r in rows]
    else:
        headers = ("date", "title", "kind", "attendees")
        cells = [(r["date"] or "", r["title"], r["kind"] or "", str(len(r["attendees"]))) for r in rows]
    lines = table_lines(headers, cells, out.width)
    out.print(lines[0], style="bold", markup=False, highlight=False, soft_wrap=True)
    if len(lines) > 1:
        out.file.write("\n".join(lines[1:]) + "\n")
    out.print(f"[dim]{len(rows)} {what}[/dim]")
