"""Front matter YAML: a quick reader for the plain lines most notes are made of.

Most front matter is ``key: value`` lines, ``[a, b]`` lists and ``- item`` lists of
plain or simply quoted text. ``load`` reads exactly that subset, about three times
faster than PyYAML, and answers ``NOT_PLAIN`` for anything else (anchors, block
scalars, nested mappings, escapes, comments after a value, numbers other than plain
integers, ...), which the caller then gives to PyYAML with ``Loader``. Where it
answers, the result is the one ``yaml.load(text, Loader)`` gives (a property test
checks it).
"""

from __future__ import annotations

import re
from typing import Any


def __getattr__(name: str) -> Any:
    """``Loader``, made on first use: reading plain front matter needs no PyYAML."""
    if name != "Loader":
        raise AttributeError(name)
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        """The C safe loader, keeping dates as text: the reader validates them itself,
        so ``birthday: 2026-13-45`` is a bad-date problem, not a broken front matter."""

    def scalar_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
        return node.value

    def number(kind: str):
        """YAML 1.1 reads ``13:05`` as the base-60 number 785; Obsidian (YAML 1.2) and
        people read text."""
        construct = getattr(yaml.SafeLoader, f"construct_yaml_{kind}")

        def read(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
            return node.value if ":" in node.value else construct(loader, node)

        return read

    Loader.add_constructor("tag:yaml.org,2002:timestamp", scalar_text)
    Loader.add_constructor("tag:yaml.org,2002:str", scalar_text)
    Loader.add_constructor("tag:yaml.org,2002:int", number("int"))
    Loader.add_constructor("tag:yaml.org,2002:float", number("float"))
    globals()["Loader"] = Loader
    return Loader


# Front matter is small: aliases (``*name``) that expand to more values than this are refused
# (a few hundred bytes of nested anchors can stand for billions of values).
MAX_EXPANDED_VALUES = 10_000


def full_load(text: str, loader: Any = None) -> Any:
    """``yaml.load`` with ``Loader`` (or ``loader``), refusing aliases that expand too far:
    raises a ``yaml.YAMLError`` whose ``problem_mark`` is the line of the first alias."""
    import yaml

    data = yaml.load(text, Loader=loader if loader is not None else (globals().get("Loader") or __getattr__("Loader")))
    if "*" in text and isinstance(data, (dict, list)) and _expanded_size(data) > MAX_EXPANDED_VALUES:
        found = re.search(r"(?:^|[\s\[{,:])\*[^\s,\[\]{}]+", text, re.MULTILINE)
        error = yaml.YAMLError("too many YAML aliases")
        error.problem = (f"too many YAML aliases: they expand to more than {MAX_EXPANDED_VALUES:,} "
                         "values (write the values out)")
        error.problem_mark = yaml.Mark("", 0, text.count("\n", 0, found.start() + 1) if found else 0, 0, None, None)
        raise error
    return data


def _expanded_size(data: Any) -> int:
    """How many values ``data`` holds once every alias is written out, counted up to just
    past the limit (shared lists and mappings count each time they appear)."""
    count, stack = 0, [data]
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_EXPANDED_VALUES:
            return count
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


NOT_PLAIN = object()  # "ask PyYAML"

# not for the quick reader: comments after a value (`` #``), tabs and other control characters
# (line ends aside), and for non-ASCII text anything YAML does not print or reads as a line
# break (NEL, U+2028, U+2029, BOM): the characters outside ``[\n\x20-\x7e\xa0-\u2027
# \u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]``, written as a class of their
# own (a tenth of the time to compile)
_SUSPECT_WIDE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
# YAML 1.1 types a plain scalar that looks like a number (ints in any base, floats,
# sexagesimals, .inf, .nan), `~`, `<<`, `=` and the words below (booleans, null), in any case
# here (a superset: text that only looks typed is left to PyYAML too)
_MAYBE_NUMBER_RE = re.compile(r"[-+]?(?:0x[0-9a-f_]+|0b[01_]+|[0-9_.:]+(?:e[-+]?[0-9]+)?|\.(?:inf|nan))\Z",
                              re.IGNORECASE)
_TYPED_WORDS = frozenset(("yes", "no", "true", "false", "on", "off", "null"))
_TYPED_LONGEST = max(map(len, _TYPED_WORDS))
_TYPED_FIRST = frozenset("0123456789+-.~<=")  # what a scalar ``_resolve`` may type starts with
_DECIMAL_RE = re.compile(r"(?:0|[1-9][0-9]*)\Z")
# lines already read, with what they hold (lists as tuples): ``key: value`` → (key, value),
# ``- item`` → item. The first lines met are kept, the lines vaults repeat among them (`type:
# contact`, `tags: []`); a small table: a large one of mostly unique lines (names, emails) is
# slower to look up than those lines are to read again
_LINES: dict[str, tuple[str, Any]] = {}
_ITEMS: dict[str, Any] = {}
_REMEMBERED = 4096
_FLOW_ITEM_RE = re.compile(r""" *(?:"([^"\\]*)"|'([^']*)'|([^,\[\]{}"':]+?)) *(,|\Z)""")


def load(text: str) -> Any:
    """The front matter as PyYAML reads it with ``Loader``, or ``NOT_PLAIN``."""
    # every suspect character is one Python does not print (printable ASCII is \x20-\x7e)
    if " #" in text or (not text.replace("\n", "").isprintable()
                        and (text.isascii() or _SUSPECT_WIDE.search(text))):
        return NOT_PLAIN
    out: dict[str, Any] = {}
    key = None  # a key whose value is the ``- item`` lines below it
    items: list[Any] = []
    indent = -1
    for line in text.split("\n"):
        if not line:
            continue
        first = line[0]
        if first == "#":
            continue
        if first == " " or first == "-":
            rest = line.lstrip(" ")
            if not rest:
                continue
            if key is None or rest[:2] != "- ":
                return NOT_PLAIN
            if indent != len(line) - len(rest):
                if indent != -1:
                    return NOT_PLAIN
                indent = len(line) - len(rest)
            item = _ITEMS.get(rest)
            if item is None:
                value = rest[2:].strip(" ")
                item = _scalar(value) if value else NOT_PLAIN
                if item is NOT_PLAIN:
                    return NOT_PLAIN
                if len(_ITEMS) < _REMEMBERED:
                    _ITEMS[rest] = item
            items.append(item)
            continue
        if key is not None:
            out[key] = items or None
            key = None
        known = _LINES.get(line)  # vaults repeat lines (`type: contact`, `tags: []`, ...)
        if known is not None:
            out[known[0]] = list(known[1]) if known[1].__class__ is tuple else known[1]
            continue
        colon = line.find(":")
        if colon < 1 or first in _INDICATORS:
            return NOT_PLAIN
        name = line[:colon].rstrip(" ")
        value = line[colon + 1 :]
        if value:
            if value[0] != " ":
                return NOT_PLAIN
            value = value.strip(" ")
        if (name[0] in _TYPED_FIRST or (len(name) <= _TYPED_LONGEST and name.lower() in _TYPED_WORDS)) \
                and _resolve(name) is not name:
            return NOT_PLAIN  # a key like `yes`, `null` or `1` is not text
        if not value:
            key, items, indent = name, [], -1
            continue
        parsed = _flow(value) if value[0] == "[" else _scalar(value)
        if parsed is NOT_PLAIN:
            return NOT_PLAIN
        out[name] = parsed
        if len(_LINES) < _REMEMBERED:
            _LINES[line] = (name, tuple(parsed) if parsed.__class__ is list else parsed)
    if key is not None:
        out[key] = items or None
    return out or None


def _resolve(text: str) -> Any:
    """A plain scalar as YAML 1.1 types it with ``Loader``: text (dates stay text), a plain
    integer, or NOT_PLAIN for the rest (other numbers, booleans, null...)."""
    first = text[0]
    if first in "0123456789+-.":
        if _DECIMAL_RE.match(text):
            return int(text)
        return NOT_PLAIN if _MAYBE_NUMBER_RE.match(text) else text
    if first in "~<=" or (len(text) <= _TYPED_LONGEST and text.lower() in _TYPED_WORDS):
        return NOT_PLAIN
    return text


def _scalar(value: str) -> Any:
    first = value[0]
    if first in _INDICATORS:
        inner = value[1:-1]
        quoted = len(value) > 1 and value[-1] == first and first not in inner
        if quoted and (first == "'" or (first == '"' and "\\" not in inner)):
            return inner
        return NOT_PLAIN
    if ": " in value or value[-1] == ":":
        return NOT_PLAIN
    if first in _TYPED_FIRST or (len(value) <= _TYPED_LONGEST and value.lower() in _TYPED_WORDS):
        return _resolve(value)
    return value  # text, as ``_resolve`` reads it


def _flow(value: str) -> Any:
    """The items of a one-line ``[a, "b", 'c']`` list."""
    if value[-1] != "]":
        return NOT_PLAIN
    inner = value[1:-1]
    if not inner.strip(" "):
        return []
    if "'" not in inner and '"' not in inner:  # the usual case: plain items
        if "[" in inner or "]" in inner or "{" in inner or "}" in inner or ":" in inner:
            return NOT_PLAIN
        items = []
        for part in inner.split(","):
            part = part.strip(" ")
            item = _scalar(part) if part else NOT_PLAIN
            if item is NOT_PLAIN:
                return NOT_PLAIN
            items.append(item)
        return items
    out: list[Any] = []
    pos = 0
    while pos < len(inner):
        match = _FLOW_ITEM_RE.match(inner, pos)
        if not match or (match.group(4) == "," and match.end() == len(inner)):
            return NOT_PLAIN  # not an item, or a trailing comma
        double, single, plain = match.group(1, 2, 3)
        if plain is None:
            out.append(double if double is not None else single)
        else:
            item = _scalar(plain)
            if item is NOT_PLAIN:
                return NOT_PLAIN
            out.append(item)
        pos = match.end()
    return out
