"""Drafted messages: follow-ups, check-ins, reconnections and birthday wishes, in English and French.

A template is plain text, one sentence (or greeting, or sign-off) per line:

- ``{name}`` is a fact (``first_name``, ``event``, ``when``, ``point``...);
- ``[...]`` is an optional part, left out when a fact inside it is missing;
- a line whose fact outside ``[...]`` is missing is left out whole;
- blank lines separate paragraphs; runs of them collapse into one.

So no placeholder is ever left unfilled: a sentence whose fact is missing is
simply not written. The built-in templates can be overridden per vault by files
``.vaultkit/templates/<kind>.<lang>.md`` (or ``<kind>.md`` for every language),
for the kinds ``followup``, ``checkin``, ``reconnect`` and ``birthday``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from vaultkit.notes.front_matter import Unclosed, split

KINDS = ("followup", "checkin", "reconnect", "birthday")
LANGUAGES = ("en", "fr")

BUILTIN: dict[tuple[str, str], str] = {
    ("followup", "en"): """\
Hi {first_name},

Great talking with you {at_event}[ {when}].
[You mentioned: {point}]
[I thought of someone who could help with {help_need}: {helper}[ ({helper_company})].]
[Happy to introduce you to {helper_first}.]
Let's keep in touch!

Best,
{me}
""",
    ("followup", "fr"): """\
Bonjour {first_name},

Merci pour notre échange {at_event}[ {when}].
[J'ai noté : {point}]
[J'ai pensé à quelqu'un qui pourrait aider pour {help_need} : {helper}[ ({helper_company})].]
[Je peux faire les présentations avec {helper_first}.]
Au plaisir d'en reparler !

À bientôt,
{me}
""",
    ("checkin", "en"): """\
Hi {first_name},

Coming back to you[ after our last exchange {last_when}].
[Last time: {point}]
[I thought of someone who could help with {help_need}: {helper}[ ({helper_company})].]
[Happy to introduce you to {helper_first}.]
Let me know what works for you.

Best,
{me}
""",
    ("checkin", "fr"): """\
Bonjour {first_name},

Petit retour[ après notre dernier échange {last_when}].
[La dernière fois : {point}]
[J'ai pensé à quelqu'un qui pourrait aider pour {help_need} : {helper}[ ({helper_company})].]
[Je peux faire les présentations avec {helper_first}.]
Quelles seraient les disponibilités pour en parler ?

À bientôt,
{me}
""",
    ("reconnect", "en"): """\
Hi {first_name},

It's been a while[ since {last_topic}][ {last_when}]: how are things going?
[Are you still looking for {needs}?]
Would you be up for a coffee or a call soon?

Best,
{me}
""",
    ("reconnect", "fr"): """\
Bonjour {first_name},

Ça fait un moment depuis notre dernier échange[ ({last_topic})][ {last_when}] : comment ça va ?
[Toujours à la recherche de {needs} ?]
Un café ou un appel bientôt ?

À bientôt,
{me}
""",
    ("birthday", "en"): """\
Happy birthday {first_name}!
Have a wonderful day.

{me}
""",
    ("birthday", "fr"): """\
Joyeux anniversaire {first_name} !
Très belle journée !

{me}
""",
}

_WEEKDAYS = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
}
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
}
_FIELD_RE = re.compile(r"\{([a-z_]+)\}")
_LEADING_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2})?\s*[-–—:,]?\s*")


def language(lang: str | None, default: str) -> str:
    """The draft language: the contact's ``lang`` when built in, else the vault's default."""
    lang = (lang or "").strip().lower()[:2]
    if lang in LANGUAGES:
        return lang
    return default if default in LANGUAGES else "en"


def when(day: str | None, today: str, lang: str) -> str | None:
    """``on Tuesday`` (within the last week), ``on 18 November``, ``on 3 May 2025``; French alike."""
    if not day:
        return None
    try:
        date, ref = dt.date.fromisoformat(day[:10]), dt.date.fromisoformat(today)
    except ValueError:
        return None
    lang = lang if lang in LANGUAGES else "en"
    ago = (ref - date).days
    if ago == 0:
        return "today" if lang == "en" else "aujourd'hui"
    if ago == 1:
        return "yesterday" if lang == "en" else "hier"
    if 1 < ago < 7:
        name = _WEEKDAYS[lang][date.weekday()]
        return f"on {name}" if lang == "en" else name
    month = _MONTHS[lang][date.month - 1]
    year = f" {date.year}" if date.year != ref.year else ""
    if lang == "en":
        return f"on {date.day} {month}{year}"
    return f"le {'1er' if date.day == 1 else date.day} {month}{year}"


def event_name(title: str) -> str:
    """An event's title as said in a message: without a leading date (file-name titles)."""
    return _LEADING_DATE_RE.sub("", title).strip() or title


def at_event(title: str | None, kind: str | None, lang: str) -> str | None:
    """``at Station F Demo Day`` / ``lors de « Station F Demo Day »``; a call is ``on our call``."""
    if not title:
        return None
    if (kind or "").lower() in ("call", "phone", "video call", "visio"):
        return "on our call" if lang == "en" else "lors de notre appel"
    name = event_name(title)
    return f"at {name}" if lang == "en" else f"lors de « {name} »"


def join_list(items: list[str], lang: str) -> str | None:
    """``a, b and c`` / ``a, b et c``."""
    items = [i for i in items if i]
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    word = " and " if lang == "en" else " et "
    return ", ".join(items[:-1]) + word + items[-1]


def sentence(text: str | None) -> str | None:
    """A talking point as a sentence: one line, ending with a full stop."""
    if not text:
        return None
    text = " ".join(text.replace("**", "").split()).strip()
    if not text:
        return None
    return text if text[-1] in ".!?…" else text + "."


def _parse(line: str, start: int = 0, nested: bool = False) -> tuple[list[Any], int]:
    """Split a template line into text, ``("fact", name)`` and ``("optional", parts)`` nodes."""
    nodes: list[Any] = []
    text: list[str] = []
    i = start
    while i < len(line):
        ch = line[i]
        if ch == "]" and nested:
            break
        if ch == "[" and _closes(line, i):
            if text:
                nodes.append("".join(text))
                text = []
            inner, i = _parse(line, i + 1, nested=True)
            nodes.append(("optional", inner))
            i += 1  # past the closing bracket
            continue
        field = _FIELD_RE.match(line, i)
        if field:
            if text:
                nodes.append("".join(text))
                text = []
            nodes.append(("fact", field.group(1)))
            i = field.end()
            continue
        text.append(ch)
        i += 1
    if text:
        nodes.append("".join(text))
    return nodes, i


def _closes(line: str, i: int) -> bool:
    """True when the ``[`` at ``i`` has its matching ``]`` on the line."""
    depth = 0
    for ch in line[i:]:
        depth += ch == "["
        depth -= ch == "]"
        if depth == 0:
            return True
    return False




@lru_cache(maxsize=256)
def parse(template: str) -> tuple[Any, ...]:
    """A template parsed once: per line, None (blank) or its nodes."""
    out: list[Any] = []
    for line in template.replace("\r\n", "\n").split("\n"):
        out.append(_parse(line)[0] if line.strip() else None)
    return tuple(out)


def render(template: str, facts: dict[str, Any]) -> str:
    """Fill a template; parts and lines whose facts are missing are left out (see module doc)."""
    values: dict[str, str] = {}
    for name, raw in facts.items():
        if raw is not None:
            text = " ".join(str(raw).split())
            if text:
                values[name] = text

    def fill(nodes: list[Any]) -> str | None:
        out = []
        for node in nodes:
            if node.__class__ is str:
                out.append(node)
            elif node[0] == "fact":
                text = values.get(node[1])
                if text is None:
                    return None
                out.append(text)
            else:
                out.append(fill(node[1]) or "")
        return "".join(out)

    lines: list[str] = []
    for nodes in parse(template):
        if nodes is None:
            if lines and lines[-1] != "":
                lines.append("")
            continue
        text = fill(nodes)
        if text is not None and text.strip():
            lines.append(text.rstrip())
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


class Drafter:
    """Writes drafts for one vault: its templates folder overrides the built-in templates."""

    def __init__(self, templates_dir: Path | None, default_lang: str = "en", me: str | None = None):
        self.templates_dir = templates_dir
        self.default_lang = default_lang if default_lang in LANGUAGES else "en"
        self.me = me.split()[0] if me and me.strip() else None
        self._cache: dict[tuple[str, str], str] = {}

    def template(self, kind: str, lang: str) -> str:
        key = (kind, lang)
        if key not in self._cache:
            self._cache[key] = self._load(kind, lang)
        return self._cache[key]

    def _load(self, kind: str, lang: str) -> str:
        if self.templates_dir is not None:
            for name in (f"{kind}.{lang}.md", f"{kind}.md"):
                path = self.templates_dir / name
                try:
                    return _strip_front_matter(path.read_text(encoding="utf-8-sig"))
                except (FileNotFoundError, NotADirectoryError):
                    continue
                except (OSError, UnicodeDecodeError):
                    continue  # an unreadable override falls back to the built-in text
        return BUILTIN.get((kind, lang)) or BUILTIN[(kind, "en")]

    def draft(self, kind: str, lang: str | None, facts: dict[str, Any]) -> str:
        """The message of ``kind`` in the contact's language, from ``facts``."""
        lang = language(lang, self.default_lang)
        full = {"me": self.me, **facts}
        return render(self.template(kind, lang), full)


def _strip_front_matter(text: str) -> str:
    """A template file's text without its front matter (kept whole when it never closes)."""
    try:
        return split(text)[1].lstrip("\r\n")
    except Unclosed:
        return text


def first_name(name: str) -> str:
    """The name to greet someone by: the first word of their display name."""
    words = name.split()
    return words[0] if words else name
