"""Read one note: front matter, type, canonical fields, links, interactions, tasks.

The reader never raises on bad input: problems are collected on the note as
``path:line: message`` and whatever could be read is kept.
"""

from __future__ import annotations

import contextlib
import re
from functools import lru_cache
from typing import Any

from vaultkit.config import Config
from vaultkit.notes import plainyaml, regions
from vaultkit.notes.captured import read_mark
from vaultkit.notes.front_matter import GENERATED_BY, GENERATED_KEY, Unclosed, locate
from vaultkit.notes.interactions import CONTACT as CONTACT_LINE
from vaultkit.notes.interactions import MENTION, NEITHER, contact_pattern, role_by
from vaultkit.notes.marks import marks
from vaultkit.notes.model import CONTACT, EVENT, NOTE, AttendeeNote, Link, Mark, Note, Problem, Section, Task
from vaultkit.notes.names import file_name, title_field
from vaultkit.notes.recurrence import parse_repeat, series
from vaultkit.notes.regions import is_marker
from vaultkit.notes.values import (
    DUE_RE,
    LINK_RE,
    as_list,
    as_text,
    display,
    iso_day,
    link_targets,
    norm_key,
    parse_birthday,
    parse_date,
    parse_duration,
    parse_lead_time,
    plain,
    unnest_link,
)

CONTACT_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "fn", "full_name"),
    "aliases": ("aliases", "alias", "nickname", "nicknames"),
    "email": ("email", "emails", "e_mail", "mail"),
    "phone": ("phone", "phones", "mobile", "tel"),
    "company": ("company", "org", "organization", "organisation"),
    "role": ("role", "position", "job_title"),
    "linkedin": ("linkedin", "linkedin_url"),
    "tags": ("tags", "tag", "categories"),
    "interests": ("interests", "topics"),
    "offers": ("offers", "can_help_with", "skills", "expertise"),
    "needs": ("needs", "looking_for", "asks", "wants"),
    "cadence": ("cadence", "keep_in_touch", "frequency", "prm_cadence"),
    "tier": ("tier", "prm_tier"),  # a named cadence: obsidian-personal-crm's, else the config's
    "paused": ("paused", "prm_paused"),  # `true`: no keep-in-touch reminder
    "birthday": ("birthday", "bday", "birth_date", "birthdate", "prm_birthday"),
    "anniversary": ("anniversary",),
    "dates": ("dates", "important_dates"),
    "remind_before": ("remind_before",),
    "address": ("address", "addresses"),
    "messaging": ("messaging", "impp"),
    "met": ("met", "met_at", "met_context", "met_on", "first_met"),
    "introduced_by": ("introduced_by",),
    "knows": ("knows",),
    "last_contact": ("last_contact", "lastcontact", "last_contacted", "prm_last_contacted"),
    "follow_up": ("follow_up", "next_contact", "nextaction"),
    "snooze": ("snooze", "snooze_until", "prm_snooze_until"),
    "lang": ("lang", "language"),
}
EVENT_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name"),
    "date": ("date", "start", "when"),
    "end": ("end",),
    "location": ("location", "loc", "place"),
    "attendees": ("attendees", "people", "participants", "with"),
    "goals": ("goals", "objectives"),
    "to_meet": ("to_meet",),
    "kind": ("kind",),
    "status": ("status",),
    "tags": ("tags", "tag", "categories"),
    "repeat": ("repeat", "repeats", "rrule", "recurrence"),
    "exdate": ("exdate", "exdates", "except", "skip", "sauf"),
    "rdate": ("rdate", "rdates", "also_on"),
    "follow_up": ("follow_up",),
}
CONTACT_TYPES = {"contact", "person", "people"}
EVENT_TYPES = {"event", "meeting", "introduction"}
SPLIT_FIELDS = {"tags", "interests", "offers", "needs", "aliases", "email", "knows"}
LIST_FIELDS = SPLIT_FIELDS | {"phone", "company", "attendees", "to_meet", "introduced_by", "address", "messaging"}
DATE_FIELDS = {"last_contact", "follow_up", "snooze"}
TEXT_FIELDS = {"name", "title", "role", "linkedin", "location", "kind", "status", "lang", "met", "cadence", "tier"}
# how each canonical field's value is read, by kind of note (others: as plain data)
_HOW = {**dict.fromkeys(TEXT_FIELDS, "text"), **dict.fromkeys(LIST_FIELDS, "list"),
        **dict.fromkeys(DATE_FIELDS, "date")}
_HOW_CONTACT = {**_HOW, "birthday": "birthday", "anniversary": "birthday", "paused": "flag",
                "dates": "dates", "remind_before": "lead"}
_HOW_EVENT = {**_HOW, "date": "date", "end": "date", "follow_up": "flag", "repeat": "repeat",
              "exdate": "days", "rdate": "days"}
_FLAGS = {"true": True, "yes": True, "oui": True, "false": False, "no": False, "non": False}

_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_DATE_HEADING_RE = re.compile(r"^\[{0,2}(\d{4}-\d{2}-\d{2})\]{0,2}\s*[-–—:,]?\s*(.*)$")
_TASK_RE = re.compile(r"^[ \t\u200b>]*(?:[-*+]|\d+[.)])[ \t]+\[([ xX/\-])\][ \t]+(.*)$")
_ATTENDEE_RE = re.compile(r"^[ \t]*[-*+][ \t]+\[\[([^\]|#]+)(?:[|#][^\]]*)?\]\][ \t]*[:—–-][ \t]*(.+)$")
_FENCE_RE = re.compile(r"^[ \t]*(```|~~~)")
_FILE_DATE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\b|_|$)")
_PLACEHOLDER_RE = re.compile(r"\{\{[^{}\n]*\}\}")


def alias_table(aliases: dict[str, tuple[str, ...]], extra: dict[str, list[str]]) -> dict[str, str]:
    """Lower-case spelling → canonical field name, including the config's extras."""
    table = {spelling: canon for canon, spellings in aliases.items() for spelling in spellings}
    for canon, spellings in extra.items():
        if canon in aliases:
            for spelling in spellings:
                table[_field_key(spelling)] = canon
    return table


@lru_cache(maxsize=4096)
def _field_key(key: Any) -> str:
    """``E-Mail[HOME]`` → ``e_mail``: case, dashes, spaces and vCard-style suffixes ignored."""
    text = str(key).strip().lower()
    if text.isalpha():
        return text
    text = re.sub(r"\[[^\]]*\]", "", text).split(".")[0]
    return re.sub(r"[\s\-]+", "_", text)


field_key = _field_key  # how a front-matter key is compared with the field names


def heading(line: str) -> tuple[int, str] | None:
    """``(level, text)`` when ``line`` is a markdown heading (``## Coffee ##`` → ``(2, "Coffee")``),
    as ``_HEADING_RE`` reads it; found with string methods (the regex's lazy text is slow)."""
    if "\n" in line:  # not one line: the regex's own reading
        found = _HEADING_RE.match(line)
        return (len(found.group(1)), found.group(2)) if found else None
    text = line.lstrip("#")
    level = len(line) - len(text)
    if not 0 < level <= 6 or text[:1] not in (" ", "\t"):
        return None
    return level, text.lstrip(" \t").rstrip(" \t#")


def heading_date(line: str) -> tuple[int, str] | None:
    """``(level, YYYY-MM-DD)`` when ``line`` is a dated heading (``## 2026-11-20 Coffee``)."""
    found = heading(line)
    dated = _DATE_HEADING_RE.match(found[1]) if found else None
    if not dated:
        return None
    try:
        day = iso_day(dated.group(1))
    except ValueError:
        return None
    return (found[0], day) if day else None


def decode(raw: bytes) -> str:
    """UTF-8 with or without BOM, CRLF or CR line ends → LF text (UnicodeDecodeError if not UTF-8)."""
    # UTF-8 without BOM, the usual case, read by the codec's own quick path
    text = raw.decode("utf-8-sig") if raw[:3] == b"\xef\xbb\xbf" else raw.decode()
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


class Reader:
    """Parses notes with one vault's config; holds nothing but the config's tables."""

    def __init__(self, config: Config):
        self.config = config
        self._cadences: dict[str, int | None] = {}  # cadence text → days, as read so far
        self.tables: dict[str, dict[str, str]] = {  # spelling → canonical field, by kind of note
            CONTACT: alias_table(CONTACT_ALIASES, config.aliases),
            EVENT: alias_table(EVENT_ALIASES, config.aliases),
            NOTE: {},
        }
        # folder settings match whatever the case (`people` is also `People/`)
        self.people = tuple(f.strip("/").lower() + "/" for f in config.people_folders if f)
        self.events = tuple(f.strip("/").lower() + "/" for f in config.event_folders if f)
        self.templates = tuple(f.strip("/").lower() + "/" for f in config.template_folders if f)
        self._contact_pattern = contact_pattern(tuple(config.contact_words))
        # the field of a body line's links by what the line says (see ``_line_role``)
        self._role_fields = {CONTACT_LINE: "", MENTION: "" if config.mentions_count else "mention",
                             NEITHER: "quote"}

    def read_file(self, path: str, raw: bytes) -> Note:
        """Parse the bytes of the file at vault-relative ``path``."""
        try:
            text = decode(raw)
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return Note(path=path, name=file_name(path), kind=self._kind(path, []), problems=[
                Problem(path, line, "not UTF-8 text: save the file as UTF-8")
            ])
        if "\x00" in text:  # a NUL byte: binary data pasted in, or a broken sync
            line = text.count("\n", 0, text.index("\x00")) + 1
            note = self.read_text(path, text.replace("\x00", ""))
            note.problems.insert(0, Problem(path, line, "a NUL byte (binary data?) in the text; it was left out"))
            return note
        return self.read_text(path, text)

    def read_text(self, path: str, text: str) -> Note:
        note = Note(path=path, name=file_name(path))
        try:
            self._read(note, text)
        except Exception as exc:  # never let one odd note stop the others
            note.problems.append(Problem(path, 1, f"could not read this note: {exc!r}"))
        return note

    # -- the steps ---------------------------------------------------------------

    def _read(self, note: Note, text: str) -> None:
        meta, body, body_line, fm_text = self._front_matter(note, text)
        if meta.get(GENERATED_KEY) == GENERATED_BY:  # ``is_generated`` of the mapping
            note.generated = True
            return
        is_template = note.path.lower().startswith(self.templates) or bool(
            "{{" in fm_text and _PLACEHOLDER_RE.search(fm_text)
        )
        keyed = [(key, _field_key(key), value) for key, value in meta.items()]
        note.kind = kind = NOTE if is_template else self._kind(note.path, keyed)
        table = self.tables[kind]
        raw_fields: dict[str, Any] = {}
        for _, fkey, value in keyed:
            canon = table.get(fkey, fkey)
            if fkey == "title" and kind == CONTACT:
                canon = title_field((k for _, k, _ in keyed), table)
            if canon not in raw_fields:
                raw_fields[canon] = value
            elif canon in LIST_FIELDS:
                raw_fields[canon] = as_list(raw_fields[canon]) + as_list(value)
            elif raw_fields[canon] in (None, "", []):
                raw_fields[canon] = value
        report = (lambda key, msg: None) if is_template else self._reporter(note, fm_text)
        self._fields(note, raw_fields, report)
        self._front_links(note, keyed, fm_text)
        self._body(note, body, body_line)
        note.body = body

    def _front_matter(self, note: Note, text: str) -> tuple[dict, str, int, str]:
        """``(mapping, body, first body line number, front matter text)``."""
        try:
            found = locate(text)
        except Unclosed as exc:
            note.problems.append(Problem(note.path, 1, str(exc)))
            return {}, text, 1, ""
        if found is None:
            return {}, text, 1, ""
        fm_text = text[found[0] : found[1]]
        body, body_line = text[found[2] :], fm_text.count("\n") + 3
        data = plainyaml.load(fm_text)
        if data is not plainyaml.NOT_PLAIN:
            return self._mapping(note, data, body, body_line, fm_text)
        import yaml  # only for front matter the quick reader leaves

        try:
            data = plainyaml.full_load(fm_text)
        except yaml.YAMLError as exc:
            data = self._template_retry(fm_text)
            if data is not None and not note.path.lower().startswith(self.templates):
                spot = _PLACEHOLDER_RE.search(fm_text)
                line = fm_text.count("\n", 0, spot.start()) + 2 if spot else 2
                note.problems.append(Problem(
                    note.path, line,
                    f"front matter is not valid YAML until the template placeholder "
                    f"{spot.group(0) if spot else ''} is filled; read as a template",
                    "warning",
                ))
            if data is None:
                from vaultkit.notes.yamlerr import describe

                line0, problem = describe(exc)
                line = line0 + 2
                note.problems.append(Problem(note.path, line, f"invalid YAML in front matter: {problem}"))
                return {}, body, body_line, fm_text
        return self._mapping(note, data, body, body_line, fm_text)

    @staticmethod
    def _mapping(note: Note, data: Any, body: str, body_line: int, fm_text: str) -> tuple[dict, str, int, str]:
        if data is None:
            return {}, body, body_line, fm_text
        if not isinstance(data, dict):
            note.problems.append(Problem(
                note.path, 2, "front matter is not a list of `key: value` lines; it was ignored"
            ))
            return {}, body, body_line, fm_text
        return data, body, body_line, fm_text

    @staticmethod
    def _template_retry(fm_text: str) -> dict | None:
        """Templates hold ``{{date}}`` placeholders that are not YAML: quote them and retry."""
        if "{{" not in fm_text:
            return None
        import yaml

        quoted = _PLACEHOLDER_RE.sub(lambda m: "'" + m.group(0) + "'", fm_text)
        try:
            data = plainyaml.full_load(quoted)
        except yaml.YAMLError:
            return None
        return data if isinstance(data, dict) else None

    def _kind(self, path: str, keyed: list[tuple[Any, str, Any]]) -> str:
        """From ``(key, field key, value)`` of the front matter and the folder."""
        types: set[str] = set()
        for _, fkey, value in keyed:
            if fkey not in _KIND_KEYS:
                continue
            if fkey == "type":
                if value.__class__ is str and "[[" not in value:  # the usual `type: contact`
                    if value := value.strip():
                        types.add(norm_key(value))
                else:
                    types.update(norm_key(display(v)) for v in as_list(value))
            else:  # (``display`` of an item of ``as_list`` without a link is the item)
                for v in as_list(value, split=True):
                    types.add(norm_key((v if "[" not in v else display(v)).lstrip("#")))
        if types & CONTACT_TYPES:
            return CONTACT
        if types & EVENT_TYPES or "meetings" in types or "events" in types:
            return EVENT
        folded = path.lower()
        if folded.startswith(self.people):
            return CONTACT
        if folded.startswith(self.events):
            return EVENT
        return NOTE

    def _reporter(self, note: Note, fm_text: str):
        def report(key: str, message: str, entry: str | None = None) -> None:
            line = _key_line(fm_text, key)
            if entry is not None:  # an entry of a mapping: its own line, below the key's
                line = _entry_line(fm_text, line, entry)
            note.problems.append(Problem(note.path, line, message))

        return report

    def _fields(self, note: Note, raw: dict[str, Any], report) -> None:
        out: dict[str, Any] = {}
        how = _HOW_EVENT if note.kind == EVENT else _HOW_CONTACT if note.kind == CONTACT else _HOW
        order = self.config.date_order_for(raw["lang"] if isinstance(raw.get("lang"), str) else None)
        for key, value in raw.items():
            reading = how.get(key)
            if reading is None:
                out[key] = value if value.__class__ is str else plain(unnest_link(value))
            elif reading == "text":
                out[key] = (value.strip() or None) if value.__class__ is str else as_text(value)
            elif reading == "list":
                out[key] = as_list(value, split=key in SPLIT_FIELDS)
            elif reading == "date":
                when = _date(key, value, order, report)
                if when:
                    out[key] = when
            elif reading == "flag":  # an event's `follow_up: false`
                flag = value if isinstance(value, bool) else _FLAGS.get(str(value).strip().lower())
                if flag is None:
                    report(key, f"bad value in `{key}`: {value!r} (use true or false)")
                else:
                    out[key] = flag
            elif reading == "repeat":
                try:
                    out["rrule"] = parse_repeat(value)
                except ValueError as exc:
                    report(key, f"bad `{key}`: {exc}")
                out[key] = as_text(value)
            elif reading == "days":  # a repeating event's exceptions: days, or days and times
                out[key] = _days(key, value, order, report)
            elif reading in ("dates", "lead") and (value is None or value in ("", [], {})):
                continue  # left empty, as a template leaves it
            elif reading == "dates":
                out[key] = _dates(value, order, report)
            elif reading == "lead":
                try:
                    out["remind_before_days"] = parse_lead_time(value)
                except ValueError as exc:
                    report(key, f"bad `{key}`: {exc}")
                out[key] = as_text(value)
            else:  # a contact's birthday or anniversary
                try:
                    out[key] = parse_birthday(value, order)
                except ValueError as exc:
                    report(key, f"bad date in `{key}`: {exc}")
        if note.kind == CONTACT:
            self._contact(note, out, report)
        elif note.kind == EVENT:
            self._event(note, out)
        elif "date" in out:
            try:
                note.date = parse_date(out["date"], order)[0]
            except ValueError:
                note.date = None
        if note.date is None and note.kind != CONTACT:
            match = _FILE_DATE_RE.match(file_name(note.path))
            if match:
                with contextlib.suppress(ValueError):
                    note.date = parse_date(match.group(1))[0]
        note.fields = {k: v for k, v in out.items() if v or v not in (None, [], "")}

    def _contact(self, note: Note, out: dict, report) -> None:
        note.name = display(out.get("name") or "") or note.name
        out["name"] = note.name
        out["tags"] = [t for t in ((x if "[" not in x else display(x)).lstrip("#") for x in out.get("tags", ()))
                       if norm_key(t) not in CONTACT_TYPES]
        out["email"] = [e.removeprefix("mailto:").strip() for e in out.get("email", ())]
        for key in ("company", "interests", "offers", "needs"):
            # ``display`` of the items that may hold a link (the others are as_list left them)
            out[key] = [x if "[" not in x else display(x) for x in out[key]] if key in out else []
        if out.get("lang"):
            out["lang"] = out["lang"].strip().lower()[:2]
        cadence = out.get("cadence")
        if cadence:
            days = self._cadences.get(cadence)
            if days is None:
                try:
                    days = self._cadences[cadence] = parse_duration(cadence, self.config.cadence_tiers)
                except ValueError as exc:
                    report("cadence", f"bad cadence: {exc}")
            if days is not None:
                out["cadence_days"] = days
        elif out.get("tier"):  # a cadence, when it is given, wins over a tier
            days = self._tier_days(out["tier"], report)
            if days is not None:
                out["cadence_days"] = days
        if "cadence_days" not in out and self.config.cadence_by_tag and out["tags"]:
            self._tag_cadence(out)  # then a tag's
        if out.get("dates") or out.get("anniversary") or out.get("birthday"):
            self._lead_times(out)
        else:
            out.pop("remind_before_days", None)

    def _lead_times(self, out: dict) -> None:
        """``dates`` as ``{name: day}`` (``anniversary`` is a date too), and the lead time of
        the birthday and of each date in days (``remind_before_days``): the date's own, else
        the note's ``remind_before``, else the longest of its tags' (``remind_before_by_tag``),
        else 0."""
        lead = out.pop("remind_before_days", None)
        if lead is None:
            tagged = [self.config.remind_before_by_tag[t.lower()] for t in out["tags"]
                      if t.lower() in self.config.remind_before_by_tag]
            lead = max((parse_lead_time(v) for v in tagged), default=0)  # checked by the config
        dates = {name: (day, lead if own is None else own) for name, day, own in out.get("dates") or ()}
        if out.get("anniversary") and not any(name.lower() == "anniversary" for name in dates):
            dates["anniversary"] = (out["anniversary"], lead)
        out["dates"] = {name: day for name, (day, _) in dates.items()} or None
        days = {"birthday": lead} if out.get("birthday") else {}
        out["remind_before_days"] = days | {name: own for name, (_, own) in dates.items()}

    def _tier_days(self, tier: str, report) -> int | None:
        """The days of a tier: obsidian-personal-crm's (``prm_tiers``), else ``cadence_tiers``."""
        name = tier.strip().lower()
        text = self.config.prm_tiers.get(name) or self.config.cadence_tiers.get(name)
        if text is None:
            known = ", ".join(sorted({*self.config.prm_tiers, *self.config.cadence_tiers}))
            report("tier", f"unknown tier {tier!r} (known: {known}; name it in prm_tiers)")
            return None
        try:
            return parse_duration(text)
        except ValueError as exc:
            report("tier", f"bad tier {tier!r}: {exc}")
            return None

    def _tag_cadence(self, out: dict) -> None:
        """A contact without a cadence of its own gets the most frequent of its tags' cadences
        (``cadence_by_tag`` in the config), and says which tag it comes from."""
        best: tuple[int, str, str] | None = None
        for tag in out["tags"]:
            value = self.config.cadence_by_tag.get(tag.lower())
            if value is None:
                continue
            days = self._cadences.get(value)
            if days is None:
                days = self._cadences[value] = parse_duration(value, self.config.cadence_tiers)  # checked
            if best is None or days < best[0]:
                best = (days, tag, value)
        if best is not None:
            out["cadence_days"] = best[0]
            out["cadence_from"] = f"tag {best[1]} ({best[2]})"

    def _event(self, note: Note, out: dict) -> None:
        note.name = display(out.get("title") or "") or note.name
        out["title"] = note.name
        note.date = out["date"][:10] if out.get("date") else None
        if out.get("kind"):
            out["kind"] = out["kind"].strip().lower()
        elif isinstance(out.get("type"), str) and norm_key(out["type"]) == "introduction":
            out["kind"] = "introduction"  # `type: introduction` is an introduction's kind too
        if out.get("status"):
            out["status"] = out["status"].strip().lower()
        out["attendees"] = [display(a) for a in out.get("attendees", [])]
        out["to_meet"] = [display(a) for a in out.get("to_meet", [])]
        if out.get("exdate") or out.get("rdate"):  # the calendar's exceptions ride with the rule
            out["rrule"] = series(out.get("rrule"), out.get("exdate") or (), out.get("rdate") or ())

    def _front_links(self, note: Note, keyed: list[tuple[Any, str, Any]], fm_text: str) -> None:
        if note.kind != EVENT and "[[" not in fm_text:
            return
        is_event = note.kind == EVENT
        table = self.tables[note.kind]
        for key, fkey, value in keyed:
            linked = "[[" in value if value.__class__ is str else _may_link(value)
            if not linked and not is_event:
                continue
            canon = table.get(fkey, fkey)
            people = is_event and canon in ("attendees", "to_meet")
            if not people and not linked:
                continue
            line = None
            for item in as_list(value):
                found = LINK_RE.findall(item) if "[[" in item else ()
                for embed, target, _, _ in found:
                    if embed or ("." in target and not _is_note_target(target)):
                        continue
                    line = line or _key_line(fm_text, str(key))
                    note.links.append(Link(target.strip(), line, canon))
                if not found and people:
                    line = line or _key_line(fm_text, str(key))
                    note.links.append(Link(item.strip(), line, canon + ":plain"))

    def _body(self, note: Note, body: str, first_line: int) -> None:
        section: Section | None = None
        section_level = 0
        section_lines: list[str] = []
        in_fence = False
        is_event = note.kind == EVENT
        add_link = note.links.append
        fences = "```" in body or "~~~" in body
        marked = "%% vaultkit:" in body  # an agenda region: vaultkit's text, no interaction
        in_region = False
        titles: dict[str, str] = {}  # heading text → section title: a long log repeats its headings
        contact, role_fields = self._contact_pattern, self._role_fields  # see ``_line_role``
        for lineno, line in enumerate(body.split("\n"), first_line):
            if not line:  # nothing to find on it: only the text of a section it is in
                if section is not None and not in_region and not in_fence:
                    section_lines.append(line)
                continue
            if marked:
                if line.startswith("%% vaultkit:"):
                    if is_marker(line):
                        in_region = line.startswith(regions.START)
                        continue
                    hashes = read_mark(line)
                    if hashes is not None and not in_region:
                        note.captured.extend(hashes)  # what a capture recorded: no text of the section
                        continue
                if in_region:
                    continue
            if fences:
                if ("`" in line or "~" in line) and _FENCE_RE.match(line):
                    in_fence = not in_fence
                    continue
                if in_fence:
                    continue
            if line[0] == "#":
                # ``heading(line)``, inline (the line holds no line end)
                text = line.lstrip("#")
                level = len(line) - len(text)
                if level <= 6 and text[:1] in (" ", "\t"):
                    dated = _DATE_HEADING_RE.match(text.lstrip(" \t").rstrip(" \t#"))
                    if section is not None and level <= section_level:
                        section.text = "\n".join(section_lines).strip()
                        section = None
                    if dated:
                        try:
                            day = iso_day(dated.group(1))
                        except ValueError:
                            day = None
                            note.problems.append(Problem(
                                note.path, lineno, f"{dated.group(1)} is not a real date: this heading "
                                "is not counted as an interaction", "warning"))
                        if day:
                            title = titles.get(raw_title := dated.group(2))
                            if title is None:
                                title = titles[raw_title] = display(raw_title)
                            section = Section(day, title, "", lineno)
                            section_level, section_lines = level, []
                            note.sections.append(section)
                            if "[[" in line or "](" in line:
                                for target in link_targets(line):
                                    if "." not in target or _is_note_target(target):
                                        add_link(Link(target, lineno, ""))
                            continue
            elif section is not None:
                section_lines.append(line)
            if "::" in line:
                note.marks.extend(Mark(key, text, lineno, section.date if section else None)
                                  for key, text in marks(line))
            if "[" in line:
                # a task is a list item: its line starts with a bullet, a number, or what may come first
                first = line[:1]
                task = (_TASK_RE.match(line) if ("] " in line or "]\t" in line)
                        and (first in _ITEM_FIRST or first.isdigit()) else None)
                if "[[" in line or "](" in line:
                    # a done task is a contact with whom it links; an open one is not
                    role = (("" if task.group(1) in "xX" else "task") if task
                            else role_fields[role_by(contact, line)])
                    for target in link_targets(line):
                        if "." not in target or _is_note_target(target):
                            add_link(Link(target, lineno, role))
                if task:
                    text = task.group(2).strip()
                    due = DUE_RE.search(text)
                    due_day = None
                    if due:
                        try:
                            due_day = iso_day(due.group(1))
                        except ValueError:
                            note.problems.append(Problem(note.path, lineno, f"bad due date in task: {due.group(1)}"))
                    targets = link_targets(text) if "[" in text else []
                    note.tasks.append(Task(text, lineno, task.group(1) in "xX-", due_day, targets))
                elif is_event:
                    att = _ATTENDEE_RE.match(line)
                    if att:
                        note.attendee_notes.append(AttendeeNote(att.group(1).strip(), att.group(2).strip(), lineno))
        if section is not None:
            section.text = "\n".join(section_lines).strip()

    def _line_role(self, line: str) -> str:
        """The field of a body line's links: "" for a line that reads as an exchange (a
        contact), ``mention`` for one that only names people, ``quote`` for a quote."""
        return self._role_fields[role_by(self._contact_pattern, line)]


_KIND_KEYS = frozenset(("type", "categories", "tags", "tag"))  # the fields that say a note's kind
# what a list item's line (``_TASK_RE``) may start with, digits aside
_ITEM_FIRST = frozenset("-*+ \t\u200b>")


def _may_link(value: Any) -> bool:
    """Whether a front-matter value may hold a ``[[link]]`` (unquoted, one is a nested list)."""
    if isinstance(value, str):
        return "[[" in value
    if isinstance(value, list):
        try:
            return "[[" in "\n".join(value)
        except TypeError:  # not only strings: a nested list, a number...
            return True
    return False


def _is_note_target(target: str) -> bool:
    """Links to images, PDFs or bases are not links to notes."""
    name = target.rsplit("/", 1)[-1]
    if "." not in name:
        return True
    ext = name.rsplit(".", 1)[1].lower()
    return ext == "md" or not ext.isalnum() or len(ext) > 5 or ext.isdigit()


@lru_cache(maxsize=1024)
def _key_pattern(key: str) -> re.Pattern:
    return re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*:", re.IGNORECASE | re.MULTILINE)


def _days(key: str, value: Any, order: str | None, report) -> list[str]:
    """``exdate:`` / ``rdate:`` as ISO days or days and times (``2026-11-16``,
    ``2026-11-18T10:00``); each bad entry reported, the others kept."""
    return [when for item in as_list(value, split=True) if (when := _date(key, item, order, report))]


def _date(key: str, value: Any, order: str | None, report) -> str | None:
    """A date value as an ISO day or day and time, or None (nothing, or a bad date: reported)."""
    try:
        day, time = parse_date(value, order)
    except ValueError as exc:
        report(key, f"bad date in `{key}`: {exc}")
        return None
    return (f"{day}T{time}" if time else day) or None


def _dates(value: Any, order: str | None, report) -> list[list[Any]]:
    """``dates:`` as ``[name, YYYY-MM-DD or --MM-DD, remind_before days or None]``; each bad
    entry reported, the others kept."""
    if not isinstance(value, dict):
        report("dates", f"bad date in dates: {as_text(value)!r} names no date (write each one on a line "
                        "of its own below `dates:`, as `anniversary: 2015-06-20`)")
        return []
    out = []
    for name, given in value.items():
        name = as_text(name) or ""
        when, lead = (given.get("date"), given.get("remind_before")) if isinstance(given, dict) else (given, None)
        try:
            day = parse_birthday(when, order)
            if day is None:
                raise ValueError("no date (use YYYY-MM-DD, or --MM-DD without a year)")
            days = None if lead is None else parse_lead_time(lead)
        except ValueError as exc:
            report("dates", f"bad date in dates: {name}: {exc}", name)
            continue
        out.append([name, day, days])
    return out


def _entry_line(fm_text: str, key_line: int, entry: str) -> int:
    """The line of ``entry:`` below the line ``key_line`` (``key_line`` when not found)."""
    lines = fm_text.split("\n")
    for n in range(key_line - 1, len(lines)):
        stripped = lines[n].strip().strip("-").strip()
        if stripped.lstrip("\"'").startswith(entry) and ":" in stripped:
            return n + 2
    return key_line


def _key_line(fm_text: str, key: str) -> int:
    """Line number in the file of ``key:`` in the front matter (opening ``---`` is line 1)."""
    if fm_text.startswith(key + ":"):  # the key as written, unquoted: the usual case
        return 2
    if (found := fm_text.find(f"\n{key}:")) >= 0:
        return fm_text.count("\n", 0, found) + 3
    match = _key_pattern(key).search(fm_text)
    if not match:
        for spelling in re.finditer(r"^[\"']?([^:\n]+?)[\"']?\s*:", fm_text, re.MULTILINE):
            if _field_key(spelling.group(1)) == _field_key(key):
                return fm_text.count("\n", 0, spelling.start()) + 2
        return 2
    return fm_text.count("\n", 0, match.start()) + 2
