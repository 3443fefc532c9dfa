"""Vault discovery and the vault's ``.vaultkit/config.yaml``."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vaultkit.errors import ConfigError, VaultNotFound

CONFIG_DIR = ".vaultkit"
CONFIG_FILE = "config.yaml"

PRM_TIERS = {"inner": "14d", "close": "30d", "casual": "90d", "warm": "180d", "dormant": "365d"}

DEFAULT_CONFIG_TEXT = """\
# vaultkit configuration. Every key is optional; these are the defaults.

# Your own name (or the name of your own note): you are never your own contact.
me: null

# Language of drafted messages when a contact has no `lang`: en or fr.
language: en
# French drafts say `vous` or `tu` to a contact without a `register` field.
register: vous

# A command that rewrites each drafted message (a local model, a script): it gets the
# draft and its context as JSON on standard input, answers the message on standard output.
# Given up after draft_timeout seconds (the built-in draft is kept).
draft_command: null
draft_timeout: 30

# Notes in these folders are contacts / events even without a `type`.
people_folders: [people]
event_folders: [events]
# Notes in these folders are templates: never contacts or events.
template_folders: [templates, Templates]

# Extra field spellings used in your notes: canonical field -> other names.
# Example: {company: [employer], cadence: [ping_every]}
aliases: {}

# Named cadences usable as `cadence: close` in a contact.
cadence_tiers:
  close: 2w
  regular: 1m
  casual: 3m
  yearly: 1y

# A cadence for contacts by tag, when their note gives none (the note's own `cadence`
# wins; with several tags, the most frequent cadence).
# Example: {family: 2w, investor: 3m}
cadence_by_tag: {}
# How long before a birthday or an important date (`dates:`) the agenda shows it, by tag,
# when the note gives no `remind_before` (the longest among several tags).
# Example: {family: 2w}
remind_before_by_tag: {}
# The tiers of the obsidian-personal-crm plugin (`prm-tier: close`) and their cadences:
# the plugin's own defaults; change them as you changed them in the plugin.
prm_tiers: {inner: 14d, close: 30d, casual: 90d, warm: 180d, dormant: 365d}

# Follow up this many days after an event, for events at most this many days old.
follow_up_days: 2
follow_up_window: 14

# An introduction still `proposed` this many days after it was asked: ask again or close
# it; a `made` one: ask both, this many days after, whether they met.
intro_answer_days: 7
intro_checkin_days: 30

# `reach` and `graph`: people who attended an event of at most this many people (you
# left out) met there; a bigger one (a conference) says nothing about who knows whom.
small_event: 12

# Terms that mean the same when matching needs and offers for introductions.
# Example: {fundraising: [seed funding, raising money]}
synonyms: {}

# Words that make a line of a daily or meeting note a contact with the people it links,
# besides the built-in ones (call, coffee, lunch, met, email, appel, café, déjeuner...).
contact_words: []
# true: any link in a dated note counts as a contact, even a passing mention.
mentions_count: false

# How numeric dates such as 06/12/1985 are read: dmy (day first) or mdy (month first).
# Default: dmy when `language` is fr; otherwise only unambiguous ones (25/12/1985).
date_order: null

# Where `vaultkit agenda --write` puts the agenda, relative to the vault.
agenda_note: Agenda.md
# Or write it into the day's daily note instead, e.g. "daily/{date}.md".
daily_note: null

# When `vaultkit watch --notify` shows the day's notification (local time, HH:MM).
notify_at: "08:00"

# Exchanges captured from files on this machine (docs/capture.md): `vaultkit watch` imports
# from these sources as they change. my_emails: your own addresses (besides the `email` of
# your own note), so that the other party of a mail is the correspondent; mail: Maildirs
# and mbox files; calendar: calendar folders or .ics files; drop: a folder where you drop
# chat exports (WhatsApp, Telegram), LinkedIn export ZIPs and mbox files.
# Example: {my_emails: [me@example.org], mail: [~/Mail/INBOX, ~/Mail/Sent], drop: ~/Downloads/vaultkit}
capture: {}
"""


CAPTURE_KINDS = ("mail", "calendar")  # source kinds listed by path in `capture:`


@dataclass
class CaptureSettings:
    """The config's `capture:` section: your own addresses, and the sources `watch` imports."""

    my_emails: list[str] = field(default_factory=list)
    sources: dict[str, list[Path]] = field(default_factory=dict)  # kind: paths (absolute)
    drop: Path | None = None  # a folder where exports are dropped


@dataclass
class Config:
    """Settings of one vault, with defaults for everything."""

    vault: Path
    me: str | None = None
    language: str = "en"
    people_folders: list[str] = field(default_factory=lambda: ["people"])
    event_folders: list[str] = field(default_factory=lambda: ["events"])
    template_folders: list[str] = field(default_factory=lambda: ["templates", "Templates"])
    aliases: dict[str, list[str]] = field(default_factory=dict)
    cadence_tiers: dict[str, str] = field(
        default_factory=lambda: {"close": "2w", "regular": "1m", "casual": "3m", "yearly": "1y"}
    )
    cadence_by_tag: dict[str, str] = field(default_factory=dict)
    remind_before_by_tag: dict[str, str] = field(default_factory=dict)
    # obsidian-personal-crm's tiers (`prm-tier`), as the plugin sets them by default
    prm_tiers: dict[str, str] = field(default_factory=lambda: dict(PRM_TIERS))
    follow_up_days: int = 2
    follow_up_window: int = 14
    intro_answer_days: int = 7
    intro_checkin_days: int = 30
    small_event: int = 12  # `reach` and `graph`: attendees of an event this small met there
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    agenda_note: str = "Agenda.md"
    daily_note: str | None = None
    date_order: str | None = None
    contact_words: list[str] = field(default_factory=list)
    mentions_count: bool = False
    register: str = "vous"
    draft_command: str | None = None
    draft_timeout: int = 30
    notify_at: str = "08:00"  # when `watch --notify` shows the day's notification
    capture: CaptureSettings = field(default_factory=lambda: CaptureSettings())

    def date_order_for(self, lang: str | None = None) -> str | None:
        """How to read numeric dates in a note: the config's ``date_order``, else day first
        for French (the note's ``lang``, else the vault's ``language``)."""
        if self.date_order:
            return self.date_order
        return "dmy" if (lang or self.language or "")[:2].lower() == "fr" else None

    @property
    def config_path(self) -> Path:
        return self.vault / CONFIG_DIR / CONFIG_FILE

    @property
    def templates_dir(self) -> Path:
        return self.vault / CONFIG_DIR / "templates"

    def fingerprint(self) -> str:
        """What the reader depends on: a change here means re-reading every note."""
        parts = [
            self.me or "",
            ",".join(self.people_folders),
            ",".join(self.event_folders),
            ",".join(self.template_folders),
            repr(sorted((k, sorted(v)) for k, v in self.aliases.items())),
            repr(sorted(self.cadence_tiers.items())),
            repr(sorted(self.cadence_by_tag.items())),
            repr(sorted(self.remind_before_by_tag.items())),
            repr(sorted(self.prm_tiers.items())),
            self.language or "",
            self.date_order or "",
            ",".join(self.contact_words),
            str(self.mentions_count),
        ]
        return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


_LIST_KEYS = ("people_folders", "event_folders", "template_folders", "contact_words")
_BOOL_KEYS = ("mentions_count",)
_STR_KEYS = ("me", "language", "agenda_note", "daily_note", "date_order", "register", "draft_command",
             "notify_at")
_INT_KEYS = ("follow_up_days", "follow_up_window", "draft_timeout", "intro_answer_days", "intro_checkin_days",
             "small_event")


def _key_line(text: str, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def load_config(vault: Path) -> Config:
    """Read the vault's config; a missing file means all defaults."""
    config = Config(vault=vault)
    path = config.config_path
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return config
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}:1: cannot read the config: {exc}") from exc
    import yaml

    try:
        from vaultkit.notes.plainyaml import full_load

        data = full_load(text, getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        from vaultkit.notes.yamlerr import describe

        line0, problem = describe(exc)
        raise ConfigError(f"{path}:{line0 + 1}: invalid YAML: {problem}") from exc
    if data is None:
        return config
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: the config must be a mapping of `key: value` lines")

    def fail(key: str, what: str) -> ConfigError:
        return ConfigError(f"{path}:{_key_line(text, key)}: `{key}` {what}")

    known = set(_LIST_KEYS + _STR_KEYS + _INT_KEYS + _BOOL_KEYS
                + ("capture", "aliases", "cadence_tiers", "prm_tiers", "cadence_by_tag", "remind_before_by_tag",
                   "synonyms"))
    for key, value in data.items():
        key = str(key)
        if key not in known:
            raise fail(key, f"is not a known setting (known: {', '.join(sorted(known))})")
        if value is None and key in _STR_KEYS:
            setattr(config, key, None if key in ("me", "daily_note", "date_order", "draft_command")
                    else getattr(config, key))
        elif key == "capture":
            config.capture = _capture(value, vault, fail)
        elif key in _BOOL_KEYS:
            if not isinstance(value, bool):
                raise fail(key, "must be true or false")
            setattr(config, key, value)
        elif key in _LIST_KEYS:
            items = [value] if isinstance(value, str) else value
            if value is None:
                items = []
            if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
                what = "words" if key == "contact_words" else "folder names"
                raise fail(key, f"must be a list of {what}")
            setattr(config, key, [x.strip("/") for x in items])
        elif key == "notify_at" and not isinstance(value, str):  # YAML reads 8:30 as a number (510)
            config.notify_at = _written_value(text, key) if isinstance(value, int) else str(value)
        elif key in _STR_KEYS:
            if not isinstance(value, str):
                raise fail(key, "must be text")
            setattr(config, key, value)
        elif key in _INT_KEYS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                unit = {"draft_timeout": "seconds", "small_event": "people"}.get(key, "days")
                raise fail(key, f"must be a whole number of {unit}")
            setattr(config, key, value)
        else:
            if value is None:
                continue
            if not isinstance(value, dict):
                raise fail(key, "must be a mapping")
            setattr(config, key, _mapping(value, key, fail))
    if config.language not in ("en", "fr"):
        raise fail("language", "must be `en` or `fr`")
    if config.register not in ("tu", "vous"):
        raise fail("register", "must be `tu` or `vous`")
    for key in ("agenda_note", "daily_note"):
        value = getattr(config, key)
        if value and (Path(value).expanduser().is_absolute() or ".." in Path(value).parts):
            raise fail(key, f"must be a path inside the vault, like Agenda.md or daily/{{date}}.md (not {value!r})")
    from vaultkit.notes.values import parse_duration, parse_lead_time

    for tag, value in config.cadence_by_tag.items():
        try:
            parse_duration(value, config.cadence_tiers)
        except ValueError as exc:
            raise fail("cadence_by_tag", f"tag `{tag}`: {exc}") from None
    for tag, value in config.remind_before_by_tag.items():
        try:
            parse_lead_time(value)
        except ValueError as exc:
            raise fail("remind_before_by_tag", f"tag `{tag}`: {exc}") from None
    try:
        config.notify_at = parse_clock(config.notify_at).strftime("%H:%M")
    except ValueError:
        raise fail("notify_at", f"must be a time of day like 08:00 or 18:30 (not {config.notify_at!r})") from None
    if config.date_order is not None and config.date_order not in ("dmy", "mdy"):
        raise fail("date_order", "must be `dmy` (06/12/1985 is 6 December) or `mdy` (June 12)")
    return config


def _capture(value: Any, vault: Path, fail) -> CaptureSettings:
    """The `capture:` section: `my_emails`, a list of paths per source kind, `drop`."""
    out = CaptureSettings()
    if value is None:
        return out
    if not isinstance(value, dict):
        raise fail("capture", "must be a mapping such as {mail: [~/Mail/INBOX], my_emails: [me@example.org]}")

    def path(text: Any, what: str) -> Path:
        if not isinstance(text, str) or not text.strip():
            raise fail("capture", f"{what} must be a path")
        found = Path(text.strip()).expanduser()
        return found if found.is_absolute() else vault / found

    for key, item in value.items():
        items = [item] if isinstance(item, str) else ([] if item is None else item)
        if key == "my_emails":
            if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
                raise fail("capture", "`my_emails` must be a list of addresses")
            out.my_emails = [x.strip().lower() for x in items if x.strip()]
        elif key in CAPTURE_KINDS:
            if not isinstance(items, list):
                raise fail("capture", f"`{key}` must be a list of paths")
            out.sources[str(key)] = [path(x, f"each of `{key}`") for x in items]
        elif key == "drop":
            out.drop = path(item, "`drop`") if item else None
        else:
            raise fail("capture", f"`{key}` is not a capture setting (known: drop, "
                                  f"{', '.join(CAPTURE_KINDS)}, my_emails)")
    return out


def parse_clock(text: str) -> dt.time:
    """A time of day written ``H:MM`` or ``HH:MM`` (24-hour clock). Raises ValueError."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(text))
    if not match:
        raise ValueError(f"not a time of day: {text!r}")
    return dt.time(int(match[1]), int(match[2]))


def _written_value(text: str, key: str) -> str:
    """The value of ``key`` as written in the config's text (a top-level ``key: value`` line)."""
    match = re.search(rf"^{re.escape(key)}\s*:\s*([^\s#]*)", text, re.MULTILINE)
    return match[1].strip("'\"") if match else ""


def _mapping(value: dict, key: str, fail) -> dict:
    out: dict = {}
    for k, v in value.items():
        if key in ("cadence_tiers", "prm_tiers", "cadence_by_tag", "remind_before_by_tag"):
            what = "tier" if key.endswith("tiers") else "tag"
            if not isinstance(v, (str, int)) or isinstance(v, bool):
                raise fail(key, f"{what} `{k}` must be a duration like 2w or 3m")
            out[str(k).lower().lstrip("#")] = str(v)
        else:
            items = [v] if isinstance(v, str) else v
            if not isinstance(items, list):
                raise fail(key, f"`{k}` must be a list")
            out[str(k).lower()] = [str(x) for x in items if x is not None]
    return out


def find_vault(explicit: str | os.PathLike | None, cwd: Path | None = None) -> Path:
    """The vault: ``--vault``, else ``$VAULTKIT_VAULT``, else upward search for ``.vaultkit/``."""
    given = explicit or os.environ.get("VAULTKIT_VAULT")
    if given:
        path = Path(given).expanduser()
        if not path.is_dir():
            raise VaultNotFound(f"{path}: not a folder. Give the folder that holds your notes.")
        return path.resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_DIR).is_dir():
            return folder
    raise VaultNotFound(
        "no vault here: run `vaultkit init` in your notes folder, "
        "or pass --vault PATH (or set VAULTKIT_VAULT)."
    )


def cache_dir(vault: Path) -> Path:
    """Private per-vault cache folder under the XDG cache dir. It and the ``vaultkit`` folder
    above it are the owner's only (0700) whatever the umask, older ones made so: their names
    show the vaults' folder names."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"))
    key = hashlib.sha1(str(vault).encode()).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", vault.name)[:40] or "vault"
    base.mkdir(parents=True, exist_ok=True, mode=0o700)  # as XDG asks, when there is none yet
    path = base / "vaultkit" / f"{name}-{key}"
    for folder in (path.parent, path):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
        if stat.S_IMODE(folder.stat().st_mode) != 0o700:
            with contextlib.suppress(OSError):  # another user's folder is left as it is
                folder.chmod(0o700)
    return path


PEOPLE_FOLDER_NAMES = ("people", "contacts", "personnes", "persons", "gens", "network", "réseau")
EVENT_FOLDER_NAMES = ("meetings", "events", "réunions", "reunions", "rendez-vous", "événements",
                      "évènements", "evenements", "rencontres")


def existing_folder(vault: Path, names: list[str] | tuple[str, ...]) -> str | None:
    """The first of ``names`` that is a folder of the vault, as it is spelled on disk (the
    names match whatever their case)."""
    try:
        on_disk = {e.name.lower(): e.name for e in os.scandir(vault) if e.is_dir() and not e.name.startswith(".")}
    except OSError:
        return None
    for name in names:
        head, _, rest = name.strip("/").partition("/")
        found = on_disk.get(head.lower())
        if found:
            return f"{found}/{rest}" if rest else found
    return None


def note_folder(config: Config, contact: bool) -> str:
    """Where new contact (or event) notes go: the first configured folder, spelled as it is
    on disk when it exists in another case (`people` is the vault's `People/`)."""
    folders = config.people_folders if contact else config.event_folders
    if not folders:
        return ""
    return existing_folder(config.vault, folders[:1]) or folders[0].strip("/")


def private_file(path: str | os.PathLike, flags: int) -> int:
    """``os.open`` for a file of the cache: readable and writable by the owner only (0600),
    whatever the umask, also when the file was there before."""
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):  # another user's file is left as it is
            os.fchmod(fd, 0o600)
    return fd


def raw_settings(config: Config) -> dict[str, Any]:
    """The settings as plain data, for `vaultkit path --format json`."""
    out = {k: v for k, v in config.__dict__.items() if k not in ("vault", "capture")}
    out["capture"] = {"my_emails": config.capture.my_emails,
                      **{k: [str(p) for p in v] for k, v in config.capture.sources.items()},
                      "drop": str(config.capture.drop) if config.capture.drop else None}
    return out
