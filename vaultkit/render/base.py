"""One interface for every output format: the agenda, `prep` and `followup`, as bytes.

Each renderer (``TextRenderer``, ``MarkdownRenderer``, ``JsonRenderer``) turns the
engine's typed results (``vaultkit.engines.results``) into the UTF-8 pieces a command
writes one after the other; a command chooses one with ``render.formats.renderer_for``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vaultkit.engines.results import Agenda, FollowUps, JobChange, Prep

TITLES = {
    "follow_up": "Follow up",
    "reconnect": "Reconnect",
    "prepare": "Prepare",
    "tasks": "Tasks",
    "birthdays": "Birthdays",
    "job_changes": "Job changes",
    "introductions": "Introductions",
    "debrief": "Debrief",
    "introductions_due": "Introductions to follow through",
}
STEP_TEXT = {"ask_again": "no answer since {since}: ask again, or close it",
             "make": "both said yes on {since}: connect them",
             "check_in": "introduced on {since}: did they meet?"}
LIMIT = 25  # items per section in text and markdown (the JSON lists them all)


def job_change_text(item: JobChange) -> str:
    """``Coldline → Marché Vert (Head of Supply)``; ``new role: CTO → CEO``."""
    text = f"{item.old or '?'} → {item.new or '?'}"
    if item.role and item.role != item.new:
        return f"{text} ({item.role})"
    return text if item.role != item.new else f"new role: {text}"


def years(n: int) -> str:
    """``1 year``, ``11 years``."""
    return f"{n} year" if n == 1 else f"{n} years"


class Renderer(ABC):
    """The agenda, the events to prepare and the follow-ups in one output format."""

    @abstractmethod
    def agenda(self, agenda: Agenda) -> list[bytes]:
        """The whole agenda."""

    @abstractmethod
    def prep(self, prep: Prep) -> list[bytes]:
        """The events to prepare (`vaultkit prep`)."""

    @abstractmethod
    def followup(self, followups: FollowUps) -> list[bytes]:
        """The follow-ups to send (`vaultkit followup`)."""


def undated(date: str | None, title: str) -> str:
    """TITLE without its leading DATE: a title that is a file name is not dated twice."""
    if date and title.startswith(date):
        return title[len(date):].strip(" -–—") or title
    return title


def event_label(date: str | None, title: str) -> str:
    """``DATE at TITLE`` for a line about someone in an event note."""
    return f"{date or '????-??-??'} at {undated(date, title)}"


def unread_line(count: int) -> str:
    """What the agenda says (on standard error) when notes could not be read."""
    notes = "note" if count == 1 else "notes"
    return f"{count} {notes} could not be read; run `vaultkit check`"
