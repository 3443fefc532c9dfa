"""Drafted messages: follow-ups, check-ins, reconnections and birthday wishes, in English
and French (with ``tu`` or ``vous``), each with a ``mailto:`` link and the notes beside it.

A template is plain text, one sentence (or greeting, or sign-off) per line:

- ``{name}`` is a fact (``first_name``, ``at_event``, ``topic``, ``promise``...: ``FACTS``);
- ``[...]`` is an optional part, left out when a fact inside it is missing;
- a line whose fact outside ``[...]`` is missing is left out whole;
- blank lines separate paragraphs; runs of them collapse into one.

So no placeholder is ever left unfilled: a sentence whose fact is missing is
simply not written. No fact holds a note as the user wrote it (see engines/talking.py).
The built-in templates can be overridden per vault by files
``.vaultkit/templates/<kind>.<variant>.md`` (variant ``en``, ``fr``, ``fr-tu``; ``fr-tu``
falls back to ``fr``) or ``<kind>.md`` for every language, for the kinds ``followup``,
``checkin``, ``reconnect``, ``birthday`` and ``congrats`` (a new job).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from vaultkit.engines.phrasing import at_event as at_event  # re-exported: how drafts name an event
from vaultkit.engines.phrasing import event_name as event_name
from vaultkit.notes.front_matter import Unclosed, split

KINDS = ("followup", "checkin", "reconnect", "birthday", "congrats")
LANGUAGES = ("en", "fr")
REGISTERS = ("tu", "vous")
# the templates of a kind: English, French with "vous", French with "tu"
VARIANTS = ("en", "fr", "fr-tu")

_HELPER_EN = "[I thought of {helper}[ ({helper_company})], who could help[ {help_need}]: happy to introduce you.]"
_HELPER_VOUS = ("[J'ai pensé à {helper}[ ({helper_company})], qui pourrait vous aider[ {help_need}] : "
                "je peux vous mettre en relation si vous le souhaitez.]")
_HELPER_TU = ("[J'ai pensé à {helper}[ ({helper_company})], qui pourrait t'aider[ {help_need}] : "
              "je peux vous mettre en relation si tu veux.]")

BUILTIN: dict[tuple[str, str], str] = {
    ("followup", "en"): f"""\
Hi {{first_name}},

Great talking with you {{at_event}}[ {{when}}].
[I really enjoyed our conversation about {{topic}}.]
[As promised, I'm sending you {{promise}}.]
{_HELPER_EN}
{{neutral}}
Let's keep in touch!

Best,
{{me}}
""",
    ("followup", "fr"): f"""\
Bonjour {{first_name}},

Merci pour notre échange {{at_event}}[ {{when}}].
[J'ai beaucoup apprécié notre discussion sur {{topic}}.]
[Comme promis, je vous envoie {{promise}}.]
{_HELPER_VOUS}
{{neutral}}
Au plaisir de vous recroiser !

Bien à vous,
{{me}}
""",
    ("followup", "fr-tu"): f"""\
Salut {{first_name}},

Merci pour notre échange {{at_event}}[ {{when}}].
[J'ai beaucoup apprécié notre discussion sur {{topic}}.]
[Comme promis, je t'envoie {{promise}}.]
{_HELPER_TU}
{{neutral}}
Au plaisir de te recroiser !

À bientôt,
{{me}}
""",
    ("checkin", "en"): f"""\
Hi {{first_name}},

I wanted to check in[ after our conversation {{last_when}}].
[How are things going with {{topic}}?]
[As promised, I'm sending you {{promise}}.]
[Are you still looking for {{needs}}?]
{_HELPER_EN}
Would you have time for a quick call in the coming days?

Best,
{{me}}
""",
    ("checkin", "fr"): f"""\
Bonjour {{first_name}},

Je reviens vers vous[ après notre échange {{last_when}}].
[Où en êtes-vous sur {{topic}} ?]
[Comme promis, je vous envoie {{promise}}.]
[Toujours à la recherche {{de_needs}} ?]
[Du nouveau côté {{needs_bare}} ?]
{_HELPER_VOUS}
Seriez-vous disponible pour en parler dans les prochains jours ?

Bien à vous,
{{me}}
""",
    ("checkin", "fr-tu"): f"""\
Salut {{first_name}},

Je reviens vers toi[ après notre échange {{last_when}}].
[Où en es-tu sur {{topic}} ?]
[Comme promis, je t'envoie {{promise}}.]
[Toujours à la recherche {{de_needs}} ?]
[Du nouveau côté {{needs_bare}} ?]
{_HELPER_TU}
Tu serais disponible pour en parler dans les prochains jours ?

À bientôt,
{{me}}
""",
    ("reconnect", "en"): """\
Hi {first_name},

It's been {elapsed} since we last talked: how are you?
[How are things at {company}?]
[Where are things with {topic}?]
[As promised, I'm sending you {promise}.]
[Are you still looking for {needs}?]
Would you be up for a coffee or a call soon?

Best,
{me}
""",
    ("reconnect", "fr"): """\
Bonjour {first_name},

Cela fait {elapsed} que nous ne nous sommes pas parlé : comment allez-vous ?
[Comment ça se passe chez {company} ?]
[Où en êtes-vous sur {topic} ?]
[Comme promis, je vous envoie {promise}.]
[Toujours à la recherche {de_needs} ?]
[Du nouveau côté {needs_bare} ?]
Auriez-vous un moment pour un café ou un appel prochainement ?

Bien à vous,
{me}
""",
    ("reconnect", "fr-tu"): """\
Salut {first_name},

Ça fait {elapsed} qu'on ne s'est pas parlé : comment vas-tu ?
[Comment ça se passe chez {company} ?]
[Où en es-tu sur {topic} ?]
[Comme promis, je t'envoie {promise}.]
[Toujours à la recherche {de_needs} ?]
[Du nouveau côté {needs_bare} ?]
Tu aurais un moment pour un café ou un appel prochainement ?

À bientôt,
{me}
""",
    ("birthday", "en"): """\
Happy[ {age_ordinal}] birthday[, {first_name}]!
I hope you have a wonderful day.

{me}
""",
    ("birthday", "fr"): """\
Joyeux anniversaire[, {first_name}] !
Je vous souhaite une très belle journée[ pour vos {age} ans].

{me}
""",
    ("birthday", "fr-tu"): """\
Joyeux anniversaire[, {first_name}] !
Je te souhaite une très belle journée[ pour tes {age} ans].

{me}
""",
    ("congrats", "en"): """\
Hi {first_name},

Congratulations on your new role[ as {role}][ at {company}]!
I'd love to hear how the first weeks go.

Best,
{me}
""",
    ("congrats", "fr"): """\
Bonjour {first_name},

Félicitations pour votre nouveau poste[ de {role}][ chez {company}] !
Je vous souhaite plein de réussite dans cette nouvelle aventure.

Bien à vous,
{me}
""",
    ("congrats", "fr-tu"): """\
Salut {first_name},

Félicitations pour ton nouveau poste[ de {role}][ chez {company}] !
Je te souhaite plein de réussite dans cette nouvelle aventure.

À bientôt,
{me}
""",
}

# the facts each kind's templates may use (``vaultkit check`` reports any other placeholder)
COMMON_FACTS = frozenset({"first_name", "name", "me", "company", "role", "topic", "promise", "needs", "de_needs",
                          "needs_bare", "help_need", "helper", "helper_first", "helper_company"})
FACTS: dict[str, frozenset[str]] = {
    "followup": COMMON_FACTS | {"event", "at_event", "when", "neutral"},
    "checkin": COMMON_FACTS | {"last_when"},
    "reconnect": COMMON_FACTS | {"last_when", "elapsed"},
    "birthday": frozenset({"first_name", "name", "me", "age", "age_ordinal"}),
    "congrats": frozenset({"first_name", "name", "me", "company", "role", "old_company"}),
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
_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


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
        fact = _FIELD_RE.match(line, i)
        if fact:
            if text:
                nodes.append("".join(text))
                text = []
            nodes.append(("fact", fact.group(1)))
            i = fact.end()
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


# -- voice ------------------------------------------------------------------------------------

_TRUE = ("true", "yes", "oui", "1", "tu")
_FALSE = ("false", "no", "non", "0", "vous")


def register(fields: dict[str, Any], default: str = "vous") -> str:
    """``tu`` or ``vous`` for a contact: their ``register`` (``tu``/``vous``), else
    ``tutoiement: true``/``false``, else ``vouvoiement``, else the vault's default."""
    def text(value: Any) -> str:
        value = value[0] if isinstance(value, list) and value else value
        return str(value).strip().lower() if value is not None else ""

    value = text(fields.get("register"))
    if value in REGISTERS:
        return value
    if value in ("informal", "familier"):
        return "tu"
    if value in ("formal", "formel", "soutenu"):
        return "vous"
    for key, yes in (("tutoiement", "tu"), ("tutoyer", "tu"), ("vouvoiement", "vous")):
        value = text(fields.get(key))
        if value in _TRUE:
            return yes
        if value in _FALSE:
            return "vous" if yes == "tu" else "tu"
    return default if default in REGISTERS else "vous"


@dataclass(frozen=True)
class Voice:
    """How to write to someone: the language, and for French ``tu`` or ``vous``."""

    lang: str = "en"
    register: str = "vous"

    @property
    def variant(self) -> str:
        """``en``, ``fr`` (vous) or ``fr-tu``: the templates to use."""
        return "fr-tu" if self.lang == "fr" and self.register == "tu" else self.lang

    @property
    def tu(self) -> bool:
        return self.lang == "fr" and self.register == "tu"


# -- the result -------------------------------------------------------------------------------


@dataclass
class Draft:
    """A drafted message, a ``mailto:`` link to send it, the user's own notes shown beside it
    (never inside it) and what the user should know about it."""

    text: str
    mailto: str | None = None
    context: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, Any]:
        """The fields of a typed result that carries a draft (``engines/results.py``)."""
        return {"draft": self.text, "mailto": self.mailto, "context": self.context, "notices": self.notices}

    def into(self, item: dict[str, Any], suffix: str = "") -> dict[str, Any]:
        """``item`` with ``draft`` (and ``mailto``, ``context``, ``notices`` when not empty)."""
        item["draft" + suffix] = self.text
        for key in ("mailto", "context", "notices"):
            value = getattr(self, key)
            if value:
                item[key + suffix] = value
        return item


def mailto(email: str | None, subject: str | None, body: str) -> str | None:
    """An RFC 6068 ``mailto:`` URL: the address, then the subject and the body percent-encoded
    (UTF-8; line breaks as ``%0D%0A``). None without an address."""
    if not email or "@" not in email:
        return None
    body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    query = [f"subject={quote(subject, safe='')}"] if subject else []
    query.append(f"body={quote(body, safe='')}")
    return f"mailto:{quote(email.strip(), safe='@')}?" + "&".join(query)


def first_email(fields: dict[str, Any]) -> str | None:
    """A contact's first e-mail address, from their note's fields."""
    for value in fields.get("email") or ():
        value = str(value).strip()
        if "@" in value:
            return value
    return None


_SUBJECTS = {
    "followup": {"en": "Great to meet you", "fr": "Suite à notre échange"},
    "call": {"en": "Following up on our call", "fr": "Suite à notre appel"},
    "checkin": {"en": "Checking in", "fr": "Des nouvelles"},
    "reconnect": {"en": "It's been a while", "fr": "Des nouvelles"},
    "birthday": {"en": "Happy birthday!", "fr": "Joyeux anniversaire !"},
    "congrats": {"en": "Congratulations on the new role!", "fr": "Félicitations pour ce nouveau poste !"},
    "intro": {"en": "An introduction", "fr": "Une mise en relation"},
    "reach": {"en": "Would you introduce me?", "fr": "Une mise en relation ?"},
    "share": {"en": "Something you might like", "fr": "Un article pour vous"},
}


def subject(kind: str, voice: Voice, about: str | None = None) -> str:
    """The subject line of a message: ``Following up on our call``, ``Suite à notre échange``;
    ``about`` (an event, a person) is added after a colon."""
    lang = voice.lang if voice.lang in LANGUAGES else "en"
    text = _SUBJECTS.get(kind, _SUBJECTS["checkin"])[lang]
    if kind == "share" and voice.tu:
        text = "Un article pour toi"
    if about:
        text = f"{text} – {about}" if kind in ("followup", "intro", "reach", "share") else text
    return text


# -- templates --------------------------------------------------------------------------------


class Drafter:
    """Writes drafts for one vault: its templates folder overrides the built-in templates,
    its ``draft_command`` (when set) rewrites them."""

    def __init__(self, templates_dir: Path | None, default_lang: str = "en", me: str | None = None,
                 register: str = "vous", command: str | None = None, timeout: float = 30.0):
        self.templates_dir = templates_dir
        self.default_lang = default_lang if default_lang in LANGUAGES else "en"
        self.default_register = register if register in REGISTERS else "vous"
        self.me = me.split()[0] if me and me.strip() else None
        self.command = command
        self.timeout = timeout
        self._broken: str | None = None  # why draft_command failed: not run again in this command
        self._cache: dict[tuple[str, str], str] = {}

    @classmethod
    def for_config(cls, config: Any) -> Drafter:
        """The drafter of a vault's config."""
        return cls(config.templates_dir, config.language, config.me, config.register,
                   config.draft_command, config.draft_timeout)

    def voice(self, lang: str | None, fields: dict[str, Any] | None = None) -> Voice:
        """A contact's voice: their ``lang`` and register, else the vault's defaults."""
        return Voice(language(lang, self.default_lang), register(fields or {}, self.default_register))

    def template(self, kind: str, variant: str) -> str:
        key = (kind, variant)
        if key not in self._cache:
            self._cache[key] = self._load(kind, variant)
        return self._cache[key]

    def _load(self, kind: str, variant: str) -> str:
        lang = variant[:2]
        if self.templates_dir is not None:
            for name in dict.fromkeys((f"{kind}.{variant}.md", f"{kind}.{lang}.md", f"{kind}.md")):
                path = self.templates_dir / name
                try:
                    return _strip_front_matter(path.read_text(encoding="utf-8-sig"))
                except (FileNotFoundError, NotADirectoryError):
                    continue
                except (OSError, UnicodeDecodeError):
                    continue  # an unreadable override falls back to the built-in text
        return BUILTIN.get((kind, variant)) or BUILTIN.get((kind, lang)) or BUILTIN[(kind, "en")]

    def draft(self, kind: str, lang: str | None, facts: dict[str, Any], register: str | None = None) -> str:
        """The message of ``kind`` in the contact's language (and register), from ``facts``."""
        voice = Voice(language(lang, self.default_lang), register or self.default_register)
        return render(self.template(kind, voice.variant), {"me": self.me, **facts})

    def compose(self, kind: str, voice: Voice, facts: dict[str, Any], email: str | None = None,
                about: str | None = None, context: list[str] | None = None,
                notices: list[str] | None = None) -> Draft:
        """The draft of ``kind`` for ``voice`` with its link and context (see ``finish``)."""
        text = render(self.template(kind, voice.variant), {"me": self.me, **facts})
        return self.finish(text, kind, voice, email, about, context, notices)

    def finish(self, text: str, kind: str, voice: Voice, email: str | None = None, about: str | None = None,
               context: list[str] | None = None, notices: list[str] | None = None) -> Draft:
        """A written message made a ``Draft``: rewritten by ``draft_command`` when set, then
        given its ``mailto:`` link."""
        notices = list(notices or [])
        context = [c for c in (context or []) if c]
        if self.command and self._broken:
            notices.append(self._broken)
        elif self.command:
            from vaultkit.engines.rewrite import rewrite

            payload = {"kind": kind, "lang": voice.lang, "register": voice.register if voice.lang == "fr" else None,
                       "draft": text, "context": context, "notices": notices}
            new, notice = rewrite(self.command, payload, self.timeout)
            if new:
                text = new
            if notice:
                notices.append(notice)
                if not notice.startswith("draft_command answered nothing"):
                    self._broken = notice  # a command that fails or hangs once is not run for every draft
        link = mailto(email, subject(kind, voice, about), text)
        return Draft(text, link, context, notices)


def _strip_front_matter(text: str) -> str:
    """A template file's text without its front matter (kept whole when it never closes)."""
    try:
        return split(text)[1].lstrip("\r\n")
    except Unclosed:
        return text


def template_problems(templates_dir: Path) -> list[tuple[str, int, str]]:
    """``(file name, line, message)`` for each unknown placeholder of the message templates
    in ``templates_dir`` (``followup.en.md``...; other templates are not looked at)."""
    out: list[tuple[str, int, str]] = []
    try:
        names = sorted(p.name for p in templates_dir.iterdir() if p.suffix == ".md")
    except OSError:
        return out
    for name in names:
        kind = name.split(".")[0]
        if kind not in FACTS:
            continue
        try:
            text = (templates_dir / name).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        except (OSError, UnicodeDecodeError):
            continue
        body = _strip_front_matter(text)
        offset = text[: len(text) - len(body)].count("\n")
        for n, line in enumerate(body.split("\n"), start=offset + 1):
            for fact in _PLACEHOLDER_RE.findall(line):
                if fact not in FACTS[kind]:
                    out.append((name, n, f"unknown placeholder {{{fact}}} (the facts of {kind}: "
                                         f"{', '.join(sorted(FACTS[kind]))})"))
    return out


def first_name(name: str) -> str:
    """The name to greet someone by: the first word of their display name."""
    words = name.split()
    return words[0] if words else name
