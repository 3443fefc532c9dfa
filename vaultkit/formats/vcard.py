"""Read vCard files (2.1, 3.0 and 4.0) into contact records.

The file is split into cards here (vobject stops at the first broken card), each
card is unfolded while still bytes (a fold may split a multi-byte character), each
line decoded on its own (UTF-8, else the CHARSET it or its card declares, else
cp1252, reported unless the whole card is undeclared 8-bit text), then the card is
parsed by vobject.  On the unfolded lines, vobject pitfalls are worked around first:

- photos are taken out and decoded here: vobject rejects slightly wrong base64 and
  base64-decodes ``data:`` URIs;
- other binary properties, and PROFILE (read as a component header), are dropped;
- quoted-printable is decoded here, leniently: vobject fails on one bad byte;
- bare commas in single-valued text are escaped: vobject keeps only the text before
  the first one, and vCard 2.1 never escapes them;
- a line that is not ``NAME;PARAMS:value`` is skipped (with a warning) before vobject
  sees it, as vobject's pattern can backtrack for minutes on such lines; a line vobject
  still rejects is skipped too and the card read again.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from urllib.parse import unquote_to_bytes

import vobject
from vobject.base import getBehavior, textLineToContentLine

from vaultkit.formats.records import ContactRecord, ImportProblem, not_this_kind, read_input

_LINE_BREAK = re.compile(rb"\r*\n|\r")  # "\r\r\n" (a doubly converted CRLF) is one break
_BEGIN = re.compile(rb"^BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE)  # indented: a folded line
_END = re.compile(rb"^END\s*:\s*VCARD\s*$", re.IGNORECASE)
_CHARSET_PARAM = re.compile(rb"CHARSET=\"?([A-Za-z0-9_.-]+)", re.IGNORECASE)
_PROPERTY_NAME = re.compile(r"^(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)\s*(?=[;:])")
_BARE_COMMA = re.compile(r"(?<!\\),")
_CHARSET_IN_HEAD = re.compile(r";CHARSET=\"?([^;:\"]*)\"?", re.IGNORECASE)
_QP_PARAM = re.compile(r";(?:ENCODING=)?QUOTED-PRINTABLE(?=;|$)", re.IGNORECASE)
_QP_RUN = re.compile(r"(?:=[0-9A-Fa-f]{2})+")
_EMPTY_PARAM = re.compile(r";(?=;|$)")
# The part of a content line before the value, as vobject accepts it.  Checked here
# first because vobject's own pattern backtracks exponentially on some broken lines.
_NAME = r"[A-Za-z0-9_-]+"
_PARAM_VALUE = r'(?:"[^"]*"|[^";:,]*)'
_VALID_HEAD = re.compile(rf"(?:{_NAME}\.)?{_NAME}(?:;{_NAME}(?:={_PARAM_VALUE}(?:,{_PARAM_VALUE})*)?)*")

# Single-valued text properties whose bare commas are literal (vobject would cut there).
_PLAIN_TEXT = {"FN", "NOTE", "TITLE", "ROLE", "EMAIL", "TEL", "URL", "BDAY", "SOCIALPROFILE",
               "X-SOCIALPROFILE"}
# Binary properties, and PROFILE (vobject takes it for a component header): dropped.
_DROPPED = {"LOGO", "SOUND", "KEY", "PROFILE"}
# Text properties whose bare commas separate values: made line breaks, which survive vobject.
_COMMA_LISTS = {"NICKNAME"}
# Messaging handles written as properties of their own (vCard 3.0 and before), and the URI
# scheme each one is given (IMPP values are URIs already: xmpp:ada@example.com).
_IM_PROPERTIES = {"x-jabber": "xmpp", "x-gtalk": "gtalk", "x-google-talk": "gtalk", "x-skype": "skype",
                  "x-skype-username": "skype", "x-aim": "aim", "x-icq": "icq", "x-msn": "msnim",
                  "x-yahoo": "ymsgr", "x-gadugadu": "gg", "x-groupwise": "groupwise", "x-qq": "qq",
                  "x-ms-imaddress": "im"}
_ANNIVERSARIES = ("anniversary", "x-anniversary", "x-evolution-anniversary", "x-ms-anniversary")
# Properties whose every line goes into a field, and those describing the card itself:
# any other property is counted as not imported (photos are a choice of --photos).
_MAPPED = {"fn", "n", "nickname", "email", "tel", "org", "title", "role", "url", "bday", "categories", "note",
           "adr", "label", "impp", "photo", *_IM_PROPERTIES, *_ANNIVERSARIES}
_ABOUT_THE_CARD = {"version", "prodid", "uid", "rev", "name", "source", "kind", "sort-string", "clientpidmap",
                   "x-ablabel", "x-abadr", "x-abuid", "x-abshowas"}
_NO_YEAR = {1604}  # year written by Apple and CardBook when the year is unknown

_FULL_DATE = re.compile(
    r"^(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)
_NO_YEAR_DATE = re.compile(r"^--(\d{2})-?(\d{2})$")

_IMAGE_MAGIC = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG", "png"), (b"GIF8", "gif"), (b"BM", "bmp"))
_IMAGE_TYPES = {"jpeg": "jpg", "jpg": "jpg", "png": "png", "gif": "gif", "bmp": "bmp",
                "webp": "webp", "heic": "heic", "tiff": "tif"}


_Warn = Callable[[int, str], None]  # (line in the file, message): a problem that skips no card


@dataclass
class _Block:
    """The raw lines of one card and where it starts in the file."""

    line: int
    lines: list[bytes] = field(default_factory=list)
    complete: bool = False


def parse_vcards(
    path: str | Path, tz: tzinfo | None = None
) -> tuple[list[ContactRecord], list[ImportProblem]]:
    """Read every card of a vCard file; unreadable or nameless cards become problems.

    ``tz`` (default: the system's local zone) turns a birthday stored as a UTC
    date-time back into the calendar date it was meant as.
    """
    where = str(path)
    data, unreadable = read_input(path)
    if unreadable:
        return [], [unreadable]
    blocks = _split_cards(_normalize_bytes(data))
    if not blocks:
        return [], [not_this_kind(where, "a vCard file", data, "vcard", "no BEGIN:VCARD line")]
    records: list[ContactRecord] = []
    problems: list[ImportProblem] = []
    for number, block in enumerate(blocks, start=1):
        result, warnings = _parse_block(block, number, where, tz)
        if isinstance(result, ContactRecord):
            records.append(result)
        else:
            problems.append(ImportProblem(where, block.line, f"card {number}: {result}; skipped"))
        problems.extend(warnings)
    return records, problems


# ---------------------------------------------------------------- splitting


def _normalize_bytes(data: bytes) -> bytes:
    """Drop a UTF-8 byte-order mark and turn UTF-16 files into UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace").encode("utf-8")
    return data.removeprefix(b"\xef\xbb\xbf")


def _split_cards(data: bytes) -> list[_Block]:
    """Cut the file into BEGIN:VCARD..END:VCARD blocks; a card missing its END stops
    at the next BEGIN:VCARD (or at the end of the file) and is marked incomplete."""
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, line in enumerate(_LINE_BREAK.split(data), start=1):
        if _BEGIN.match(line):
            if current is not None:
                blocks.append(current)
            current = _Block(number, [line])
        elif current is not None:
            current.lines.append(line)
            if _END.match(line):
                current.complete = True
                blocks.append(current)
                current = None
    if current is not None:
        blocks.append(current)
    return blocks


def _unfold(lines: list[bytes], first_line: int) -> list[tuple[bytes, int]]:
    """A card's logical lines, unfolded while still bytes (a fold may split a multi-byte
    character), each with the line of the file where it starts.

    The rules are vobject's: a line starting with a space or tab continues the previous
    one (without that character); after a quoted-printable line ending in ``=`` (a soft
    line break), the next line continues it as it is; a blank line ends a line.
    """
    logical: list[tuple[bytes, int]] = []
    current: bytearray | None = None
    start = first_line
    soft_break = False
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            if current:
                logical.append((bytes(current), start))
            current, soft_break = None, False
            continue
        if soft_break and current is not None:
            del current[-1:]  # the "=" of the soft line break
            current += line
        elif line[:1] in (b" ", b"\t") and current is not None:
            current += line[1:]
        else:
            if current:
                logical.append((bytes(current), start))
            current, start = bytearray(line), number
        soft_break = current.endswith(b"=") and b"quoted-printable" in current.lower()
    if current:
        logical.append((bytes(current), start))
    return logical


def _decode_lines(logical: list[tuple[bytes, int]], warn: _Warn) -> list[tuple[str, int]]:
    """Decode each line: UTF-8, else the CHARSET it (or the card) declares, else cp1252.

    A line read as cp1252 is reported when the card says otherwise (it declares a
    charset, or its other lines are UTF-8); undecodable bytes are always reported.
    """
    declared = list(dict.fromkeys(
        m.decode("ascii").lower() for raw, _ in logical for m in _CHARSET_PARAM.findall(_head(raw))))
    utf8_elsewhere = any(not raw.isascii() and _is_utf8(raw) for raw, _ in logical)
    decoded = []
    for raw, number in logical:
        if raw.isascii() or _is_utf8(raw):
            decoded.append((raw.decode("utf-8"), number))
            continue
        own = [m.decode("ascii").lower() for m in _CHARSET_PARAM.findall(_head(raw))]
        charsets = [name for name in dict.fromkeys(own + declared) if _known_codec(name)]
        text = next((t for t in (_decode_or_none(raw, name) for name in charsets) if t is not None), None)
        if text is None:
            text, problem = _lenient(raw, bool(charsets) or utf8_elsewhere)
            if problem:
                warn(number, problem)
        decoded.append((text, number))
    return decoded


def _decode_or_none(raw: bytes, charset: str) -> str | None:
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Error handler: bytes that are not UTF-8 are read as cp1252 (U+FFFD when not even that)."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("vaultkit-cp1252", _cp1252_bytes)


def _lenient(raw: bytes, expected_utf8: bool) -> tuple[str, str | None]:
    """Bytes that are not (all) UTF-8: UTF-8 where they are, cp1252 elsewhere; and what to
    report. Text that is wholly 8-bit, where nothing said it would be UTF-8, is the usual
    legacy export and is read quietly."""
    text = raw.decode("utf-8", errors="vaultkit-cp1252")
    if text.count("\ufffd") > raw.count("\ufffd".encode()):
        return text, "bytes that are neither UTF-8 nor Windows-1252 were replaced with \"\ufffd\""
    if expected_utf8 or text != raw.decode("cp1252", errors="replace"):
        return text, "text that is not valid UTF-8 was read as Windows-1252 (check its accents)"
    return text, None


def _head(raw: bytes) -> bytes:
    """The name and parameters of a raw line (what comes before its value)."""
    return raw.split(b":", 1)[0]


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- one card


def _parse_block(
    block: _Block, number: int, where: str, tz: tzinfo | None
) -> tuple[ContactRecord | str, list[ImportProblem]]:
    """A record, or the reason the card cannot be imported; and the card's warnings."""
    warnings: list[ImportProblem] = []

    def warn(line: int, message: str) -> None:
        warnings.append(ImportProblem(where, line, f"card {number}: {message}", warning=True))

    if not block.complete:
        return "no END:VCARD (truncated card)", warnings
    # the lines between BEGIN:VCARD and END:VCARD
    lines = _decode_lines(_unfold(block.lines[1:-1], block.line + 1), warn)
    kept, photo_lines, dropped = _prepare_lines(lines, warn)
    card = _read_card(kept, warn)
    if isinstance(card, str):
        return card, warnings
    record = _to_record(card, photo_lines, f"{where}: card {number}", tz)
    if record is not None:
        for name in dropped:
            if name != "PROFILE":
                record.not_imported[name] = record.not_imported.get(name, 0) + 1
    return record or "no name (no FN, N, NICKNAME, ORG or EMAIL)", warnings


_MAX_SKIPPED = 50  # values vobject cannot convert that are skipped before the card is given up


def _read_card(kept: list[tuple[str, int]], warn: _Warn) -> vobject.base.Component | str:
    """The card as vobject reads it, built here line by line (with the lines' numbers in
    the file) as ``vobject.readComponents`` builds it: a line vobject rejects, or a
    value it cannot convert, is skipped with a warning instead of failing the card."""
    lines = []
    version = None
    for text, number in kept:
        try:
            line = textLineToContentLine(text, number)
        except Exception as exc:  # vobject raises many kinds of errors on bad input
            warn(number, f"line skipped, it cannot be read ({_reason(exc)}): {text[:60]!r}")
            continue
        if line.name in ("BEGIN", "END"):
            warn(number, f"line skipped, a component cannot start or end inside a card: {text[:60]!r}")
            continue
        if line.name == "VERSION":
            version = line
        lines.append(line)
    card = vobject.base.Component("VCARD")
    if version is not None:
        card.setBehavior(getBehavior("VCARD", version.value), cascade=False)
    for line in lines:
        try:
            card.add(line)  # decodes the value (base64...) for the card's version
        except Exception as exc:
            warn(line.lineNumber, f"line skipped, its value cannot be read ({_reason(exc)})")
    for _attempt in range(_MAX_SKIPPED):
        try:
            card.transformChildrenToNative()
        except Exception as exc:
            number = getattr(exc, "lineNumber", None)
            bad = next((c for c in card.getChildren() if getattr(c, "lineNumber", None) == number), None)
            if number is None or bad is None:
                return f"cannot be read ({_reason(exc)})"
            card.remove(bad)
            warn(number, f"line skipped, its value cannot be read ({_reason(exc)})")
            continue
        return card
    return "cannot be read (too many broken lines)"


def _reason(exc: Exception) -> str:
    return " ".join(str(getattr(exc, "msg", None) or exc).split())[:200]


def _prepare_lines(
    lines: list[tuple[str, int]], warn: _Warn
) -> tuple[list[tuple[str, int]], list[str], list[str]]:
    """Lines for vobject (with their line in the file), the PHOTO lines set aside for
    `_photo`, and the names of the binary properties dropped. A line vobject cannot read
    is skipped with a warning."""
    kept: list[tuple[str, int]] = []
    photos: list[str] = []
    dropped: list[str] = []
    for line, number in lines:
        match = _PROPERTY_NAME.match(line)
        name = match.group(1).upper() if match else ""
        cleaned = _clean_line(line, name, lambda message, number=number: warn(number, message))
        head, sep, _value = _split_value(cleaned)
        if not sep or not _VALID_HEAD.fullmatch(head):
            warn(number, f"line skipped, not a property line: {line[:60]!r}")
        elif name == "PHOTO":
            photos.append(cleaned)
        elif name in _DROPPED:
            dropped.append(name)
        else:
            kept.append((cleaned, number))
    return kept, photos, dropped


def _clean_line(line: str, name: str, warn: Callable[[str], None]) -> str:
    """Make one line safe for vobject.

    Quoted-printable is decoded here, leniently (vobject fails the whole card on one
    undecodable byte); CHARSET parameters go with it; empty parameters (``NOTE;:x``)
    are removed; literal commas in single-valued text are escaped.
    """
    head, sep, value = _split_value(line)
    if not sep:
        return line
    if _QP_PARAM.search(head):
        value = _unquote(value, _charset(head), warn)
        head = _CHARSET_IN_HEAD.sub("", _QP_PARAM.sub("", head))
    head = _CHARSET_IN_HEAD.sub(lambda m: m.group(0) if _known_codec(m.group(1)) else "", head)
    head = _EMPTY_PARAM.sub("", head)
    if name in _PLAIN_TEXT:
        value = _BARE_COMMA.sub(r"\\,", value)
    elif name in _COMMA_LISTS:
        value = _BARE_COMMA.sub(r"\\n", value)
    return head + sep + value


def _charset(head: str) -> str | None:
    """The CHARSET a line declares, when Python knows it."""
    match = _CHARSET_IN_HEAD.search(head)
    if match and _known_codec(match.group(1)):
        return match.group(1)
    return None


def _unquote(value: str, charset: str | None, warn: Callable[[str], None]) -> str:
    """Decode quoted-printable text; line breaks become vCard ``\\n`` escapes.

    The bytes are read in the declared charset (else UTF-8), else as in `_lenient`.
    """
    problems: set[str] = set()

    def decode(raw: bytes) -> str:
        text = _decode_or_none(raw, charset or "utf-8")
        if text is None:
            text, problem = _lenient(raw, charset is not None)
            if problem:
                problems.add(f"quoted-printable {problem}")
        return text

    text = _QP_RUN.sub(lambda m: decode(bytes.fromhex(m.group(0).replace("=", ""))), value.rstrip("="))
    for problem in sorted(problems):
        warn(problem)
    return re.sub(r"\r\n|\r|\n", r"\\n", text)


def _split_value(line: str) -> tuple[str, str, str]:
    """Split a content line at the first colon outside double quotes."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return line[:index], ":", line[index + 1 :]
    return line, "", ""


def _known_codec(name: str) -> bool:
    """Whether Python has a text encoding of that name (a NUL in the name is a ValueError)."""
    try:
        return codecs.lookup(name)._is_text_encoding
    except (LookupError, ValueError):
        return False


def _to_record(
    card: vobject.base.Component, photo_lines: list[str], source: str, tz: tzinfo | None
) -> ContactRecord | None:
    """Map a parsed card to a record; None when the card has no usable name."""
    emails = _emails(card)
    company = _company(card)
    nicknames = _nicknames(card)
    name = (
        _first(_texts(card, "fn"))
        or _structured_name(card)
        or _first(nicknames)
        or company
        or _first(emails)
    )
    if not name:
        return None
    linkedin, urls = _urls(card)
    return ContactRecord(
        name=" ".join(name.split()),
        emails=emails,
        phones=_phones(card),
        company=company,
        role=_first(_texts(card, "title")) or _first(_texts(card, "role")),
        linkedin=linkedin,
        urls=urls,
        birthday=_first(_birthday(line, tz) for line in _lines(card, "bday")),
        tags=_tags(card),
        notes="\n\n".join(_texts(card, "note")),
        photo=_photo(photo_lines),
        aliases=nicknames,
        addresses=_addresses(card),
        anniversary=_first(_birthday(line, tz) for line in _anniversary_lines(card)),
        messaging=_messaging(card),
        not_imported=_not_imported(card),
        source=source,
    )


# ---------------------------------------------------------------- properties


def _lines(card: vobject.base.Component, key: str) -> list[vobject.base.ContentLine]:
    return list(card.contents.get(key, []))


def _texts(card: vobject.base.Component, key: str) -> list[str]:
    """Non-empty text values of a property, in file order, newlines normalised."""
    values = []
    for line in _lines(card, key):
        value = line.value
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
            if value:
                values.append(value)
    return values


def _first(values: Iterable[str | None]) -> str | None:
    """The first non-empty value."""
    return next((value for value in values if value), None)


def _unique(values: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for value in values:
        if value.lower() not in seen:
            seen.add(value.lower())
            result.append(value)
    return result


def _is_preferred(line: vobject.base.ContentLine) -> bool:
    types = [t.upper() for t in line.params.get("TYPE", [])]
    singles = [s.upper() for s in line.singletonparams]
    return "PREF" in types or "PREF" in singles or "PREF" in line.params


def _emails(card: vobject.base.Component) -> list[str]:
    """Email addresses, preferred ones first; values without an @ are dropped."""
    lines = sorted(_lines(card, "email"), key=lambda line: not _is_preferred(line))
    found = []
    for line in lines:
        value = str(line.value or "").strip()
        if value.lower().startswith("mailto:"):
            value = value[len("mailto:") :]
        if "@" in value and not any(c.isspace() for c in value):
            found.append(value)
    return _unique(found)


def _phones(card: vobject.base.Component) -> list[str]:
    phones = []
    for value in _texts(card, "tel"):
        if value.lower().startswith("tel:"):
            value = value[len("tel:") :]
        phones.append(value.replace(";ext=", " ext. "))
    return _unique(phones)


def _structured_name(card: vobject.base.Component) -> str | None:
    """"Given Additional Family" from N (honorific prefixes and suffixes left out)."""
    for line in _lines(card, "n"):
        parts = []
        for attr in ("given", "additional", "family"):
            value = getattr(line.value, attr, "")
            parts.append(" ".join(value) if isinstance(value, list) else str(value or ""))
        name = " ".join(" ".join(parts).split())
        if name:
            return name
    return None


def _company(card: vobject.base.Component) -> str | None:
    """The first non-empty component of the first ORG."""
    for line in _lines(card, "org"):
        parts = line.value if isinstance(line.value, list) else [line.value]
        for part in parts:
            # vobject splits a component at bare commas (literal in vCard 2.1): rejoin
            text = ",".join(part) if isinstance(part, list) else str(part or "")
            if text.strip():
                return text.strip()
    return None


def _urls(card: vobject.base.Component) -> tuple[str | None, list[str]]:
    """(LinkedIn profile, other URLs); SOCIALPROFILE only counts when it is LinkedIn."""
    linkedin = None
    urls = []
    profiles = _texts(card, "socialprofile") + _texts(card, "x-socialprofile")
    for key, value in [("url", v) for v in _texts(card, "url")] + [("sp", v) for v in profiles]:
        value = value.replace("\\:", ":")
        if "linkedin.com" in value.lower():
            linkedin = linkedin or value
        elif key == "url":
            urls.append(value)
    return linkedin, _unique(urls)


def _tags(card: vobject.base.Component) -> list[str]:
    """CATEGORIES values, split on every comma (escaped or not)."""
    tags = []
    for line in _lines(card, "categories"):
        values = line.value if isinstance(line.value, list) else [line.value]
        for value in values:
            tags.extend(part.strip() for part in str(value or "").split(","))
    return _unique([tag for tag in tags if tag])


def _nicknames(card: vobject.base.Component) -> list[str]:
    """Every NICKNAME value (a card may list several, separated by commas)."""
    return _unique([part.strip() for text in _texts(card, "nickname") for part in text.split("\n") if part.strip()])


def _addresses(card: vobject.base.Component) -> list[str]:
    """Each ADR as one line (its LABEL parameter when it has one), else the LABELs."""
    found = [_address(line) for line in _lines(card, "adr")]
    if not any(found):
        found = [", ".join(_lines_of(text)) for text in _texts(card, "label")]
    return _unique([text for text in found if text])


def _address(line: vobject.base.ContentLine) -> str:
    label = next(iter(line.params.get("LABEL", [])), "")
    if label.strip():  # RFC 6868 escapes: ^n a line break, ^' a double quote, ^^ a caret
        text = re.sub(r"\^([n'^])", lambda m: {"n": "\n", "'": '"', "^": "^"}[m.group(1)], label)
        return ", ".join(_lines_of(text))
    value = line.value
    if isinstance(value, str):
        value = vobject.vcard.Address(**dict(zip(vobject.vcard.ADDRESS_ORDER, vobject.vcard.splitFields(value),
                                                 strict=False)))

    def part(name: str) -> str:
        item = getattr(value, name, "")
        text = ", ".join(item) if isinstance(item, list) else str(item or "")
        return ", ".join(line.strip(" ,") for line in _lines_of(text))

    region = " ".join(p for p in (part("region"), part("code")) if p)
    return ", ".join(p for p in (part("street"), part("extended"), part("box"), part("city"), region,
                                 part("country")) if p)


def _lines_of(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _anniversary_lines(card: vobject.base.Component) -> list[vobject.base.ContentLine]:
    """ANNIVERSARY and its older spellings, and Apple's dates labelled as the anniversary."""
    lines = [line for key in _ANNIVERSARIES for line in _lines(card, key)]
    return lines + [line for line in _lines(card, "x-abdate") if _labelled_anniversary(card, line)]


def _labelled_anniversary(card: vobject.base.Component, line: vobject.base.ContentLine) -> bool:
    return bool(line.group) and any(
        label.group == line.group and "anniversary" in str(label.value).lower()
        for label in _lines(card, "x-ablabel"))


def _messaging(card: vobject.base.Component) -> list[str]:
    """Messaging handles as URIs (``xmpp:ada@example.com``, ``skype:ada.l``)."""
    handles = []
    for line in _lines(card, "impp"):
        value = " ".join(str(line.value or "").split())
        service = next(iter(line.params.get("X-SERVICE-TYPE", [])), "").strip().lower()
        if value and ":" not in value and service:
            value = f"{service}:{value}"
        if value:
            handles.append(value)
    for key, scheme in _IM_PROPERTIES.items():
        for value in _texts(card, key):
            value = " ".join(value.split())
            handles.append(value if value.lower().startswith(f"{scheme}:") else f"{scheme}:{value}")
    return _unique(handles)


def _not_imported(card: vobject.base.Component) -> dict[str, int]:
    """How many lines of each property no field took (by upper-case name)."""
    counts: dict[str, int] = {}
    for key, lines in card.contents.items():
        if key in _MAPPED or key in _ABOUT_THE_CARD:
            continue
        if key in ("socialprofile", "x-socialprofile"):  # only LinkedIn is imported
            lines = [line for line in lines if "linkedin.com" not in str(line.value).lower()]
        elif key == "x-abdate":
            lines = [line for line in lines if not _labelled_anniversary(card, line)]
        if lines:
            counts[key.upper()] = len(lines)
    return counts


# ---------------------------------------------------------------- birthday


def _birthday(line: vobject.base.ContentLine, tz: tzinfo | None) -> str | None:
    """"YYYY-MM-DD", "--MM-DD" when the year is unknown, None when not a date."""
    value = str(line.value or "").strip()
    no_year = _NO_YEAR_DATE.match(value)
    if no_year:
        return _month_day(int(no_year.group(1)), int(no_year.group(2)))
    match = _FULL_DATE.match(value)
    if not match:
        return None
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    omit = line.params.get("X-APPLE-OMIT-YEAR", [])
    if year in _NO_YEAR or year == 0 or str(year) in omit:
        return _month_day(month, day)
    try:
        when = date(year, month, day)
    except ValueError:
        return None
    if match.group(4) and match.group(7):
        when = _local_date(when, match, tz)
    return when.isoformat()


def _month_day(month: int, day: int) -> str | None:
    try:
        date(2000, month, day)  # a leap year, so --02-29 is accepted
    except ValueError:
        return None
    return f"--{month:02d}-{day:02d}"


def _local_date(day: date, match: re.Match[str], tz: tzinfo | None) -> date:
    """The local date of a birthday written as an instant (e.g. 22:00Z the day before).

    Midnight UTC is kept as written: it is the usual way of storing a plain date.
    """
    hour, minute = int(match.group(4)), int(match.group(5))
    offset = _utc_offset(match.group(7))
    if offset is None or (hour, minute) == (0, 0) and offset == timedelta(0):
        return day
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone(offset))
    try:
        return (moment.astimezone(tz) if tz else moment.astimezone()).date()
    except (OverflowError, ValueError, OSError):
        return day


def _utc_offset(text: str) -> timedelta | None:
    if text == "Z":
        return timedelta(0)
    digits = text[1:].replace(":", "")
    if not digits.isdigit() or len(digits) not in (2, 4):
        return None
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:] or 0))
    return -delta if text.startswith("-") else delta


# ---------------------------------------------------------------- photo


def _photo(lines: list[str]) -> tuple[bytes, str] | None:
    """The first inline photo (base64 or data: URI) as (bytes, extension)."""
    for line in lines:
        try:
            content = textLineToContentLine(line)
        except Exception:  # a malformed PHOTO line only loses the photo
            continue
        photo = _decode_photo(content.params, content.singletonparams, str(content.value))
        if photo:
            return photo
    return None


def _decode_photo(
    params: dict[str, list[str]], singletons: list[str], value: str
) -> tuple[bytes, str] | None:
    value = value.strip()
    type_hint = next(iter(params.get("TYPE", [])), "")
    if value[:5].lower() == "data:":
        return _data_uri(value.replace("\\,", ",").replace("\\;", ";").replace("\\:", ":"))
    encodings = {e.upper() for e in params.get("ENCODING", [])} | {s.upper() for s in singletons}
    if encodings & {"B", "BASE64"}:
        data = _base64(value)
        if data:
            hint = type_hint or next((s for s in singletons if s.lower() in _IMAGE_TYPES), "")
            return data, _extension(data, hint)
    return None  # a URL, or nothing usable


def _data_uri(uri: str) -> tuple[bytes, str] | None:
    header, sep, payload = uri[5:].partition(",")
    if not sep:
        return None
    data = _base64(payload) if ";base64" in header.lower() else unquote_to_bytes(payload)
    if not data:
        return None
    return data, _extension(data, header.split(";")[0].rpartition("/")[2])


def _base64(text: str) -> bytes | None:
    """Lenient base64: ignores whitespace and stray characters, fixes the padding."""
    cleaned = re.sub(r"[^A-Za-z0-9+/]", "", text.replace("-", "+").replace("_", "/"))
    if len(cleaned) % 4 == 1:  # one dangling character carries no whole byte
        cleaned = cleaned[:-1]
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return binascii.a2b_base64(cleaned) or None
    except binascii.Error:
        return None


def _extension(data: bytes, hint: str) -> str:
    for magic, extension in _IMAGE_MAGIC:
        if data.startswith(magic):
            return extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return _IMAGE_TYPES.get(hint.lower().strip(), "bin")
