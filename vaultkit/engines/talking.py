"""What a drafted message may say about a contact, as facts for the templates.

Only three things the user wrote reach a message: text marked for messages
(``topic:: ...``, see notes/marks.py), promises (open tasks that say the user will send
something) and structured fields (needs, company), put into sentences. A helper found by
the introductions' matcher is named too. Everything else stays private: it is given beside
the draft as context. A marked text written in another language than the draft's is left
out, with a notice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from vaultkit.engines.drafts import Draft, Drafter, Voice, at_event, event_name, first_email, join_list, when
from vaultkit.engines.phrasing import de, elapsed, has_article_fr, in_language, promise, to_find, with_article
from vaultkit.engines.terms import is_company
from vaultkit.notes.marks import marked_text

if TYPE_CHECKING:
    from vaultkit.notes.model import Note
    from vaultkit.store.records import Contact

_is_company = lru_cache(maxsize=4096)(is_company)  # companies repeat across contacts


def topics(note: Note, contact: str, resolve: Callable[[str], str | None], event: Note | None = None,
           day: str | None = None) -> list[str]:
    """The texts marked for messages about the contact: on their lines of ``event``'s body,
    then in their own note under the heading of ``day`` (when given), then outside any
    dated heading."""
    out: list[str] = []
    if event is not None:
        for att in event.attendee_notes:
            if resolve(att.target) == contact:
                out += marked_text(att.text)
    out += [m.text for m in note.marks if day and m.date == day]
    out += [m.text for m in note.marks if m.date is None]
    return list(dict.fromkeys(out))


def facts(voice: Voice, name: str, topics: Iterable[str] = (), tasks: Iterable[str] = (),
          needs: Iterable[str] = (), helper: tuple[str, str, str] | None = None,
          companies: Iterable[str] = ()) -> tuple[dict[str, Any], list[str]]:
    """The facts a message may use about a contact, and notices for the user."""
    lang = voice.lang
    notices: list[str] = []
    out: dict[str, Any] = {"name": name, "first_name": name.split()[0] if name.split() else name}

    said = in_language(lang, topics, "the marked topic", notices)
    out["topic"] = join_list(said, lang)
    names = (name, out["first_name"])
    promised = []
    for task in tasks:
        found = promise(task, names)
        if found:
            promised += in_language(lang, [found[1]], "the promise", notices)
    out["promise"] = join_list(list(dict.fromkeys(promised)), lang)
    wanted = in_language(lang, needs, "the need", notices)
    if lang == "en":
        out["needs"] = join_list([with_article(n) for n in wanted], lang)
    else:
        out["needs"] = join_list(wanted, lang)
        out["de_needs"] = join_list([de(n) for n in wanted if has_article_fr(n)], lang)
        out["needs_bare"] = join_list([n for n in wanted if not has_article_fr(n)], lang)
    out["company"] = next((c for c in companies if _is_company(c)), None)
    if helper:
        need, who, company = helper
        out.update(helper=who, helper_first=who.split()[0] if who.split() else who,
                   helper_company=company if company and _is_company(company) else None)
        if need in wanted:
            out["help_need"] = _help_with(need, lang)
    return out, notices


def _help_with(need: str, lang: str) -> str:
    """What a helper could help with: ``you find a data engineer``, ``with seed funding``;
    ``à trouver un data engineer``, ``côté recrutement``."""
    if lang == "fr":
        return f"à trouver {need}" if has_article_fr(need) else f"côté {need}"
    return f"you find {with_article(need)}" if to_find(need) else f"with {need}"


def neutral(voice: Voice, call: bool) -> str:
    """The line of a follow-up that has nothing marked, promised or helpful to say."""
    if voice.lang == "fr":
        if call:
            return "Merci encore pour ton temps." if voice.tu else "Merci encore pour votre temps."
        return "J'espère que la suite de l'événement t'a plu." if voice.tu else \
            "J'espère que la suite de l'événement vous a plu."
    return "Thanks again for your time." if call else "I hope you enjoyed the rest of the event."


def last_when(day: str | None, today: str, lang: str) -> str | None:
    """When the last exchange was, as a check-in says it (``on Tuesday``, ``de mardi``,
    ``du 3 mai``); None on the day itself: a check-in right after a contact says no date."""
    if not day or day[:10] >= today:
        return None
    text = when(day, today, lang)
    return de(text) if text and lang == "fr" else text


def how_long(day: str | None, today: str, lang: str) -> str:
    """How long since ``day`` in words (``3 months``, ``over a year``), or ``a while``."""
    import datetime as dt

    try:
        days = (dt.date.fromisoformat(today) - dt.date.fromisoformat((day or "")[:10])).days
    except ValueError:
        days = -1
    if days < 0:
        return "un moment" if lang == "fr" else "a while"
    return elapsed(days, lang)


def draft(drafter: Drafter, kind: str, row: Contact, note: Note, today: str, *,
          resolve: Callable[[str], str | None], needs: list[str], helper: tuple[str, str, str] | None,
          promises: Iterable[str], event: dict[str, str] | None = None, event_note: Note | None = None,
          day: str | None = None, seen: str | None = None, context: list[str] | None = None) -> Draft:
    """The draft of ``kind`` (``followup`` after ``event``, ``checkin`` or ``reconnect``) to the
    contact ``row`` (their ``note``): the facts above, the moment (``day`` of the event or of
    their latest notes, ``seen``: the last contact), the notes as ``context``."""
    voice = drafter.voice(row.lang, note.fields)
    lang = voice.lang
    said = topics(note, row.path, resolve, event_note, day)
    found, notices = facts(voice, row.name, said, promises, needs, helper, row.companies)
    found["role"] = row.role
    if event:
        found.update(event=event_name(event["title"]), at_event=at_event(event["title"], event["kind"], lang),
                     when=when(event["date"], today, lang))
        if not any(found.get(k) for k in ("topic", "promise", "helper")):
            found["neutral"] = neutral(voice, found["at_event"] in ("on our call", "lors de notre appel"))
    else:
        found.update(last_when=last_when(seen, today, lang), elapsed=how_long(seen, today, lang))
    return drafter.compose(kind, voice, found, first_email(note.fields), found.get("event"), context, notices)
